// A dangerous-goods vehicle's card on the command wall (issue 19) in headless Chromium (3840×2160)
// against the built app and the real stack: two vehicles report through ingest_vehicle_positions
// (the carrier's ingestion identity), one inside an all-day restricted zone, one outside; a click
// on each on the wall's map opens its card with plate, cargo (UN number and class), carrier, last
// fix, speed and whether it is in a restricted zone. The wall's 28 px floor holds with the card
// open. Anon reads neither the vehicles' latest fixes nor their zones (staff only).
// Screenshots: test-results/wall-vehicle-card-*.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { SupabaseClient } from '@supabase/supabase-js'
import { OUT, startBrowser, signInWall } from '../helpers/e2e.ts'
import { anonClient, clientWithClaims, signIn as apiSignIn, sql } from '../helpers/stack.ts'
import { smallTexts } from '../helpers/wallAudit.ts'
import { DEMO_ENTERPRISE_ID, demoUser } from '../../supabase/seed/demo-users.ts'

let browser: Browser
let appUrl: string
let ingest: SupabaseClient
// this file's spot (north-east of vehicles-layer.test.ts's, clear of vehicles.test.ts's zone)
const P: [number, number] = [113.115, 22.615]
const Q: [number, number] = [P[0] + 0.004, P[1]]
const plateOf = () => `粤J${Math.random().toString(36).slice(2, 7).toUpperCase().replace(/[IO]/g, 'X')}`
const inZone = plateOf()
const outside = plateOf()
const zoneName = `E2E 墙面禁行区 ${inZone}`
let carrierName = ''

async function send(plate: string, at: [number, number], speed: number): Promise<void> {
  const { data, error } = await ingest.rpc('ingest_vehicle_positions', {
    positions: [{ plate, t: new Date(Date.now() - 1000).toISOString(), lon: at[0], lat: at[1], speed_kmh: speed, heading: 90 }],
  })
  expect(error).toBeNull()
  expect(data).toMatchObject({ accepted: 1, rejected: [] })
}

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
  const admin = await apiSignIn(demoUser('admin').email, demoUser('admin').password)
  const { error } = await admin.from('dg_vehicles').insert([
    { plate: inZone, carrier_enterprise_id: DEMO_ENTERPRISE_ID, un_number: 'UN1005', hazard_class: '2.3', capacity_t: 18 },
    { plate: outside, carrier_enterprise_id: DEMO_ENTERPRISE_ID, un_number: 'UN1203', hazard_class: '3', capacity_t: 30 },
  ])
  expect(error, error?.message).toBeNull()
  const d = 0.0015
  const { error: ze } = await admin.from('vehicle_restricted_zones').insert({
    name: zoneName,
    geom: {
      type: 'Polygon',
      coordinates: [
        [
          [P[0] - d, P[1] - d],
          [P[0] + d, P[1] - d],
          [P[0] + d, P[1] + d],
          [P[0] - d, P[1] + d],
          [P[0] - d, P[1] - d],
        ],
      ],
    },
  })
  expect(ze, ze?.message).toBeNull()
  ingest = await clientWithClaims({
    sub: '00000000-0000-4000-8000-00000000e119',
    role: 'authenticated',
    aud: 'authenticated',
    app_metadata: { app_role: 'ingest', enterprise_id: DEMO_ENTERPRISE_ID },
  })
  await send(inZone, P, 0)
  await send(outside, Q, 42)
  const {
    rows: [e],
  } = await sql().query<{ name: string }>('select name from public.enterprises where id = $1', [DEMO_ENTERPRISE_ID])
  carrierName = e!.name
}, 120_000)
afterAll(async () => {
  await browser?.close()
})

/** The wall has loaded both vehicles at their fixes. */
async function waitLoaded(page: Page): Promise<void> {
  await page.waitForFunction(
    (plates) => {
      const c = window.__wall?.controller as unknown as { loader: { get(m: unknown): unknown } } | undefined
      const d = c?.loader.get({ key: 'vehicles', empty: null }) as { vehicles: { plate: string }[] } | null
      return plates.every((p) => d?.vehicles.some((v) => v.plate === p))
    },
    [inZone, outside],
    { timeout: 90_000 },
  )
}

async function clickAt(page: Page, ll: [number, number]): Promise<void> {
  const xy = await page.evaluate((p) => {
    const map = window.__wall!.map as { project(ll: [number, number]): { x: number; y: number }; getCanvas(): HTMLCanvasElement }
    const q = map.project(p)
    const r = map.getCanvas().getBoundingClientRect()
    return { x: r.left + q.x, y: r.top + q.y }
  }, ll)
  await page.mouse.click(xy.x, xy.y)
}

async function readyCard(page: Page) {
  await page.waitForFunction(() => document.querySelector('[data-testid="wall-vehicle-card"]')?.getAttribute('data-status') === 'ready', undefined, {
    timeout: 60_000,
  })
  const text = (id: string) => page.getByTestId(id).textContent()
  return {
    plate: await text('wall-vehicle-plate'),
    cargo: await text('wall-vehicle-cargo'),
    carrier: await text('wall-vehicle-carrier'),
    fix: await text('wall-vehicle-fix'),
    speed: await text('wall-vehicle-speed'),
    zone: await text('wall-vehicle-zone'),
    inZone: await page.getByTestId('wall-vehicle-zone').getAttribute('data-in'),
  }
}

describe('a vehicle’s card on the wall', () => {
  it('opens from a click on the vehicle: plate, cargo, carrier, last fix, speed, restricted zone', async () => {
    const page = await browser.newPage({ viewport: { width: 3840, height: 2160 } })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${appUrl}/#/wall`)
    await signInWall(page)
    // (a loaded 2-core machine renders the wall's map in software: let the first load settle)
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="risk-total"]')?.textContent ?? ''), undefined, { timeout: 90_000 })
    await page.evaluate((c) => (window.__wall!.map as { jumpTo(o: object): void }).jumpTo({ center: c, zoom: 15 }), [P[0] + 0.002, P[1]] as [number, number])
    await waitLoaded(page)
    await page.waitForTimeout(1500)

    await clickAt(page, P)
    const a = await readyCard(page)
    expect(a.plate).toBe(inZone)
    expect(a.cargo).toContain('UN1005 氨（无水） · 2.3')
    expect(a.carrier).toBe(carrierName)
    expect(a.fix).toMatch(/^\d{2}:\d{2}:\d{2}（[01] 分钟前）$/)
    expect(a.speed).toBe('0 km/h')
    expect(a.inZone).toBe('1')
    expect(a.zone).toContain(`在禁行区内：${zoneName}`)
    expect(a.zone).toContain('全天禁行')
    expect(await smallTexts(page, 28)).toEqual([])
    await page.screenshot({ path: `${OUT}/wall-vehicle-card-in-zone.png` })

    // the other vehicle: outside any zone
    await page.getByTestId('wall-vehicle-close').click()
    await page.getByTestId('wall-vehicle-card').waitFor({ state: 'detached' })
    await clickAt(page, Q)
    const b = await readyCard(page)
    expect(b.plate).toBe(outside)
    expect(b.cargo).toContain('UN1203 汽油 · 3')
    expect(b.speed).toBe('42 km/h')
    expect(b.inZone).toBe('0')
    expect(b.zone).toBe('不在禁行区内')
    expect(await smallTexts(page, 28)).toEqual([])
    await page.screenshot({ path: `${OUT}/wall-vehicle-card-outside.png` })

    // a click on empty map opens nothing new; Escape closes the card
    await page.keyboard.press('Escape')
    await page.getByTestId('wall-vehicle-card').waitFor({ state: 'detached' })
    await clickAt(page, [P[0] + 0.002, P[1] + 0.003])
    await page.waitForTimeout(500)
    expect(await page.getByTestId('wall-vehicle-card').count()).toBe(0)
    expect(errors).toEqual([])
    await page.close()
  }, 420_000)

  it('staff only: anon reads no latest fix and no zone', async () => {
    const anon = anonClient()
    const l = await anon.from('vehicle_latest').select('zone_ids').limit(1)
    expect(l.data ?? []).toEqual([])
    const z = await anon.from('vehicle_restricted_zones').select('id').eq('name', zoneName)
    expect(z.data ?? []).toEqual([])
  })
})
