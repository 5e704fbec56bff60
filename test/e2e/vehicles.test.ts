// Dangerous-goods vehicles on the command-centre wall (issue 19) in headless Chromium against the
// built app and the real stack: a fix entering a restricted zone, sent through
// ingest_vehicle_positions by the carrier's ingestion identity, shows in the wall's vehicle alert
// panel within 10 s of sending it. Screenshot: test-results/vehicles-wall-alert.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser } from 'playwright-core'
import { OUT, startBrowser, signInWall } from '../helpers/e2e.ts'
import { clientWithClaims, signIn as apiSignIn, sql } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, demoUser } from '../../supabase/seed/demo-users.ts'

let browser: Browser
let appUrl: string

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
afterAll(async () => {
  await browser?.close()
})

describe('vehicle alerts on the wall', () => {
  it('show a restricted-zone entry within 10 s of the fix', async () => {
    const page = await browser.newPage({ viewport: { width: 3840, height: 2160 } })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    const consoleLines: string[] = []
    page.on('console', (msg) => consoleLines.push(msg.text()))
    await page.goto(`${appUrl}/#/wall`)
    await signInWall(page)
    // the wall's first load done (figures in), and the panel up with the demo's alerts: the
    // delay measured below is the way of one new alert
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="risk-total"]')?.textContent ?? ''), undefined, { timeout: 60_000 })
    await page.getByTestId('wall-vehicle-alerts').waitFor({ timeout: 60_000 })
    await page.waitForTimeout(1500)

    // a vehicle of the demo enterprise and a zone of its own, west of the demo city's centre
    const admin = await apiSignIn(demoUser('admin').email, demoUser('admin').password)
    const plate = `粤J${Math.random().toString(36).slice(2, 7).toUpperCase().replace(/[IO]/g, 'X')}`
    const { error: ve } = await admin
      .from('dg_vehicles')
      .insert({ plate, carrier_enterprise_id: DEMO_ENTERPRISE_ID, un_number: 'UN1017', hazard_class: '2.3', capacity_t: 20 })
    expect(ve).toBeNull()
    const [cx, cy] = [113.02, 22.6]
    const zoneName = `E2E 测试禁行区 ${plate}`
    const { error: ze } = await admin.from('vehicle_restricted_zones').insert({
      name: zoneName,
      geom: {
        type: 'Polygon',
        coordinates: [
          [
            [cx - 0.004, cy - 0.004],
            [cx + 0.004, cy - 0.004],
            [cx + 0.004, cy + 0.004],
            [cx - 0.004, cy + 0.004],
            [cx - 0.004, cy - 0.004],
          ],
        ],
      },
    })
    expect(ze).toBeNull()
    const ingest = await clientWithClaims({
      sub: '00000000-0000-4000-8000-00000000e019',
      role: 'authenticated',
      aud: 'authenticated',
      app_metadata: { app_role: 'ingest', enterprise_id: DEMO_ENTERPRISE_ID },
    })
    const now = Date.now()
    const outside = { plate, t: new Date(now - 20_000).toISOString(), lon: cx - 0.006, lat: cy, speed_kmh: 50, heading: 90 }
    const inside = { plate, t: new Date(now - 5_000).toISOString(), lon: cx, lat: cy, speed_kmh: 50, heading: 90 }
    const { data: r1 } = await ingest.rpc('ingest_vehicle_positions', { positions: [outside] })
    expect(r1).toMatchObject({ accepted: 1 })
    const sent = Date.now()
    const { data: r2 } = await ingest.rpc('ingest_vehicle_positions', { positions: [inside] })
    expect(r2).toMatchObject({ accepted: 1, rejected: [] })
    const item = page.locator('[data-testid="wall-vehicle-alert"]', { hasText: plate })
    await item.waitFor({ timeout: 10_000 }).catch(async (e: unknown) => {
      await page.screenshot({ path: `${OUT}/vehicles-wall-alert-failed.png` })
      throw new Error(`${String(e)}; console: ${consoleLines.filter((l) => /vehicle/i.test(l)).join(' | ')}`)
    })
    const delay = Date.now() - sent
    expect(delay).toBeLessThan(10_000)
    expect(await item.textContent()).toContain('驶入禁行区')
    expect(await item.textContent()).toContain(zoneName)
    expect(await item.getAttribute('data-kind')).toBe('restricted_zone')
    const { rows } = await sql().query<{ n: number }>(
      `select count(*)::int n from public.vehicle_alerts a join public.dg_vehicles v on v.id = a.vehicle_id where v.plate = $1 and a.kind = 'restricted_zone' and a.at = $2`,
      [plate, inside.t],
    )
    expect(rows[0]!.n).toBe(1)
    await page.screenshot({ path: `${OUT}/vehicles-wall-alert.png` })
    await page.getByTestId('wall-vehicle-alerts').screenshot({ path: `${OUT}/vehicles-wall-alert-panel.png` })
    expect(errors).toEqual([])
    await page.close()
  })
})
