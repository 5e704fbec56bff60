// The dangerous-goods vehicles layer (issue 19) in headless Chromium against the built app and the
// real stack: on the one map (1920×1080) and the wall (3840×2160) a vehicle moves between two
// refreshes without any pan (the layer's refreshMs), its card opens from a click. Fixes go in
// through ingest_vehicle_positions as the carrier's ingestion identity. Screenshots:
// test-results/onemap-vehicles*.png, wall-vehicles.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { SupabaseClient } from '@supabase/supabase-js'
import { OUT, newPage, startBrowser } from '../helpers/e2e.ts'
import { clientWithClaims, signIn as apiSignIn } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, demoUser } from '../../supabase/seed/demo-users.ts'

let browser: Browser
let appUrl: string
let ingest: SupabaseClient
let plate: string
// this file's spot (west of the demo city's centre, away from vehicles.test.ts's zone)
const A: [number, number] = [113.05, 22.58]
const east = (p: [number, number], m: number): [number, number] => [p[0] + m / (111_320 * Math.cos((p[1] * Math.PI) / 180)), p[1]]

async function send(at: [number, number], heading = 90): Promise<void> {
  const { data, error } = await ingest.rpc('ingest_vehicle_positions', {
    positions: [{ plate, t: new Date(Date.now() - 1000).toISOString(), lon: at[0], lat: at[1], speed_kmh: 45, heading }],
  })
  expect(error).toBeNull()
  expect(data).toMatchObject({ accepted: 1, rejected: [] })
}

/** The vehicle as the page's loader last loaded it (the one map or the wall). */
function loaded(page: Page, which: '__onemap' | '__wall'): Promise<{ lon: number; lat: number } | null> {
  return page.evaluate(
    ([w, p]) => {
      const c = (window as unknown as Record<string, { controller: { loader: { get(m: unknown): unknown } } } | undefined>)[w]?.controller
      const d = c?.loader.get({ key: 'vehicles', empty: null }) as { vehicles: { plate: string; lon: number; lat: number }[] } | null
      return d?.vehicles.find((v) => v.plate === p) ?? null
    },
    [which, plate] as const,
  )
}

async function waitAt(page: Page, which: '__onemap' | '__wall', at: [number, number], timeout: number): Promise<number> {
  const t0 = Date.now()
  for (;;) {
    const v = await loaded(page, which)
    if (v && Math.abs(v.lon - at[0]) < 1e-5 && Math.abs(v.lat - at[1]) < 1e-5) return Date.now() - t0
    if (Date.now() - t0 > timeout) throw new Error(`${which}: vehicle ${plate} not at ${at} after ${timeout} ms (loaded: ${JSON.stringify(v)})`)
    await page.waitForTimeout(250)
  }
}

async function jump(page: Page, which: '__onemap' | '__wall', at: [number, number], zoom: number): Promise<void> {
  await page.evaluate(
    ([w, c, z]) => {
      const m = (window as unknown as Record<string, { map: { jumpTo(o: unknown): void } }>)[w as string]!.map
      m.jumpTo({ center: c, zoom: z })
    },
    [which, at, zoom] as const,
  )
}

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
  const admin = await apiSignIn(demoUser('admin').email, demoUser('admin').password)
  plate = `粤J${Math.random().toString(36).slice(2, 7).toUpperCase().replace(/[IO]/g, 'X')}`
  const { error } = await admin
    .from('dg_vehicles')
    .insert({ plate, carrier_enterprise_id: DEMO_ENTERPRISE_ID, un_number: 'UN1203', hazard_class: '3', capacity_t: 32 })
  expect(error).toBeNull()
  ingest = await clientWithClaims({
    sub: '00000000-0000-4000-8000-00000000e119',
    role: 'authenticated',
    aud: 'authenticated',
    app_metadata: { app_role: 'ingest', enterprise_id: DEMO_ENTERPRISE_ID },
  })
  await send(A)
}, 120_000)

afterAll(async () => {
  await browser?.close()
})

describe('the vehicles layer', () => {
  it('on the one map: shows the vehicle, moves it at the next refresh without a pan, opens its card', async () => {
    const { page, errors } = await newPage(browser)
    await page.goto(`${appUrl}/`)
    await page.waitForFunction(() => window.__onemap?.ready === true, undefined, { timeout: 90_000 })
    const u = demoUser('command')
    await page.getByTestId('signin-open').click()
    await page.getByTestId('signin-email').fill(u.email)
    await page.getByTestId('signin-password').fill(u.password)
    await page.getByTestId('signin-submit').click()
    await page.getByTestId('session-email').waitFor({ timeout: 30_000 })
    await page.getByTestId('toggle-vehicles').check()
    await jump(page, '__onemap', A, 15)
    await waitAt(page, '__onemap', A, 30_000)
    await page.getByTestId('count-vehicles-states').waitFor({ timeout: 10_000 })
    await page.waitForTimeout(800)
    await page.screenshot({ path: `${OUT}/onemap-vehicles.png` })

    const B = east(A, 220)
    await send(B, 95)
    const moved = await waitAt(page, '__onemap', B, 25_000)
    console.log(`[vehicles e2e] one map: fix → moved on the map (no pan): ${moved} ms`)

    // a click on it opens its card
    const xy = await page.evaluate((ll) => {
      const map = window.__onemap!.map as { project(ll: [number, number]): { x: number; y: number }; getCanvas(): HTMLCanvasElement }
      const p = map.project(ll)
      const r = map.getCanvas().getBoundingClientRect()
      return { x: r.left + p.x, y: r.top + p.y }
    }, B)
    await page.mouse.click(xy.x, xy.y)
    await page.waitForFunction(
      () => {
        const el = document.querySelector('[data-testid="detail-card"]')
        return el?.getAttribute('data-status') === 'ok' && el.getAttribute('data-kind') === 'vehicles'
      },
      undefined,
      { timeout: 20_000 },
    )
    const card = page.getByTestId('detail-card')
    expect(await card.textContent()).toContain(plate)
    expect(await page.getByTestId('vehicle-card-cargo').textContent()).toContain('UN1203 · 3 易燃液体')
    expect(await page.getByTestId('vehicle-card-speed').textContent()).toContain('45 km/h')
    expect(await page.getByTestId('vehicle-card-carrier').textContent()).toContain('华海')
    await page.waitForTimeout(500)
    await page.screenshot({ path: `${OUT}/onemap-vehicles-card.png` })
    expect(errors).toEqual([])
    await page.close()
  }, 180_000)

  it('on the wall: the vehicle moves at the next refresh', async () => {
    const { page, errors } = await newPage(browser, { width: 3840, height: 2160 })
    await page.goto(`${appUrl}/#/wall`)
    await page.getByTestId('wall-signin').waitFor({ timeout: 60_000 })
    const u = demoUser('command')
    await page.getByTestId('wall-signin-email').fill(u.email)
    await page.getByTestId('wall-signin-password').fill(u.password)
    await page.getByTestId('wall-signin-submit').click()
    await page.waitForFunction(() => window.__wall?.ready === true, undefined, { timeout: 90_000 })
    const B = east(A, 220)
    await jump(page, '__wall', B, 14)
    await waitAt(page, '__wall', B, 30_000)
    const before = await page.evaluate(() => window.__wall!.refreshes ?? 0)
    const C = east(A, 440)
    await send(C, 90)
    const moved = await waitAt(page, '__wall', C, 25_000)
    console.log(`[vehicles e2e] wall: fix → moved on the map (no pan): ${moved} ms`)
    expect(await page.evaluate(() => window.__wall!.refreshes ?? 0)).toBeGreaterThan(before)
    await page.waitForTimeout(800)
    await page.screenshot({ path: `${OUT}/wall-vehicles.png` })
    expect(errors).toEqual([])
    await page.close()
  }, 180_000)
})
