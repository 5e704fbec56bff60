// Vehicles beyond 1,000 in view (issue 19) in headless Chromium against the built app and the real
// stack: 1,100 vehicles of this file's own in a 1.7 km square; the one map (1920×1080) and the wall
// (3840×2160) draw them as counted discs (bins) with nothing lost (the answer's total counts them
// all); a click on a disc zooms to its cell, and there the vehicles come one by one: exactly those
// SQL finds in that cell. Screenshots: test-results/onemap-vehicle-bins*.png, wall-vehicle-bins*.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { SupabaseClient } from '@supabase/supabase-js'
import { OUT, newPage, startBrowser, signInAs, signInWall } from '../helpers/e2e.ts'
import { signIn as apiSignIn, sql } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, demoUser } from '../../supabase/seed/demo-users.ts'
import { makeFleet, removeFleet } from '../helpers/vehicleFleet.ts'

const N = 1100
// this file's spot: north-east of the demo city's centre, away from the other vehicle tests
const P: [number, number] = [113.17, 22.66]
let browser: Browser
let appUrl: string
let admin: SupabaseClient
let made: string[] = []

type Which = '__onemap' | '__wall'
interface Loaded {
  total: number
  vehicles: { id: string; lon: number; lat: number }[]
  bins: { lon: number; lat: number; n: number }[]
  cell_deg: number | null
}

/** The vehicles answer the page's loader holds (the one map or the wall). */
function loaded(page: Page, which: Which): Promise<Loaded | null> {
  return page.evaluate((w) => {
    const c = (window as unknown as Record<string, { controller: { loader: { get(m: unknown): unknown } } } | undefined>)[w]?.controller
    return (c?.loader.get({ key: 'vehicles', empty: null }) as Loaded | null) ?? null
  }, which)
}

async function waitFor(page: Page, which: Which, ok: (d: Loaded) => boolean, what: string): Promise<Loaded> {
  const t0 = Date.now()
  for (;;) {
    const d = await loaded(page, which)
    if (d && ok(d)) return d
    if (Date.now() - t0 > 45_000) throw new Error(`${which}: ${what} not loaded after 45 s (last: total ${d?.total}, bins ${d?.bins?.length})`)
    await page.waitForTimeout(300)
  }
}

function view(page: Page, which: Which): Promise<{ zoom: number; west: number; south: number; east: number; north: number }> {
  return page.evaluate((w) => {
    const m = (
      window as unknown as Record<
        string,
        { map: { getZoom(): number; getBounds(): { getWest(): number; getSouth(): number; getEast(): number; getNorth(): number } } }
      >
    )[w]!.map
    const b = m.getBounds()
    return { zoom: m.getZoom(), west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth() }
  }, which)
}

async function jump(page: Page, which: Which, at: [number, number], zoom: number): Promise<void> {
  await page.evaluate(
    ([w, c, z]) => (window as unknown as Record<string, { map: { jumpTo(o: unknown): void } }>)[w as string]!.map.jumpTo({ center: c, zoom: z }),
    [which, at, zoom] as const,
  )
}

async function screenXY(page: Page, which: Which, ll: [number, number]): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ([w, p]) => {
      const map = (window as unknown as Record<string, { map: { project(ll: [number, number]): { x: number; y: number }; getCanvas(): HTMLCanvasElement } }>)[
        w as string
      ]!.map
      const q = map.project(p as [number, number])
      const r = map.getCanvas().getBoundingClientRect()
      return { x: r.left + q.x, y: r.top + q.y }
    },
    [which, ll] as const,
  )
}

/** Every vehicle SQL finds in a box (not under RLS: the command centre reads them all). */
async function inBox(w: number, s: number, e: number, n: number): Promise<string[]> {
  const { rows } = await sql().query<{ id: string }>(
    `select vehicle_id as id from public.vehicle_latest
     where extensions.st_x(geom) >= $1 and extensions.st_x(geom) < $3 and extensions.st_y(geom) >= $2 and extensions.st_y(geom) < $4`,
    [w, s, e, n],
  )
  return rows.map((r) => r.id).sort()
}

/**
 * The shared check: the view bins (total ≥ ours, every vehicle of the view counted once), a click
 * on the fullest disc zooms to its cell, and there the answer lists exactly the cell's vehicles.
 */
async function binsThenZoom(page: Page, which: Which, shot: string): Promise<void> {
  // the answer for this view, not one still held from the city view before the jump: the server's
  // cell is a power of two ≥ 1/48 of the fetched box (the view padded), so at most this
  const v0 = await view(page, which)
  const cellMax = 2 ** Math.ceil(Math.log2((2 * Math.max(v0.east - v0.west, v0.north - v0.south)) / 48))
  const binned = await waitFor(page, which, (d) => (d.bins?.length ?? 0) > 0 && d.cell_deg != null && d.cell_deg <= cellMax, 'bins of this view')
  const counted = binned.vehicles.length + binned.bins.reduce((a, b) => a + b.n, 0)
  expect(counted).toBe(binned.total)
  expect(binned.total).toBeGreaterThanOrEqual(N)
  await page.waitForTimeout(1000)
  await page.screenshot({ path: `${OUT}/${shot}.png` })

  const before = await view(page, which)
  const cell = binned.cell_deg!
  const fullest = [...binned.bins].sort((a, b) => b.n - a.n)[0]!
  const x0 = Math.floor(fullest.lon / cell) * cell
  const y0 = Math.floor(fullest.lat / cell) * cell
  const truth = await inBox(x0, y0, x0 + cell, y0 + cell)
  expect(truth.length).toBe(fullest.n)

  const xy = await screenXY(page, which, [fullest.lon, fullest.lat])
  await page.mouse.click(xy.x, xy.y)
  // the fitBounds animation ends with the cell in view, and zoomed in
  await page.waitForFunction(
    ([w, z]) => {
      const m = (window as unknown as Record<string, { map: { getZoom(): number; isMoving(): boolean } }>)[w as string]!.map
      return !m.isMoving() && m.getZoom() > (z as number) + 1
    },
    [which, before.zoom] as const,
    { timeout: 15_000 },
  )
  const after = await view(page, which)
  expect(after.west).toBeLessThanOrEqual(x0 + 1e-9)
  expect(after.east).toBeGreaterThanOrEqual(x0 + cell - 1e-9)
  expect(after.south).toBeLessThanOrEqual(y0 + 1e-9)
  expect(after.north).toBeGreaterThanOrEqual(y0 + cell - 1e-9)

  // zoomed in: one by one, and the cell's vehicles are exactly those SQL finds there
  const listed = await waitFor(page, which, (d) => (d.bins?.length ?? 0) === 0 && d.vehicles.length >= fullest.n, 'the cell’s vehicles one by one')
  const inCell = listed.vehicles
    .filter((v) => v.lon >= x0 && v.lon < x0 + cell && v.lat >= y0 && v.lat < y0 + cell)
    .map((v) => v.id)
    .sort()
  expect(inCell).toEqual(truth)
  await page.waitForTimeout(1000)
  await page.screenshot({ path: `${OUT}/${shot}-cell.png` })
}

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
  admin = await apiSignIn(demoUser('admin').email, demoUser('admin').password)
  // a fix each, on a 34 × 33 grid of 50 m around P; fresh (no lost signal), moving (no stop alert)
  made = await makeFleet(admin, {
    n: N,
    at: P,
    platePrefix: '粤VB', // 粤V + B: a prefix only this file uses
    carrier: () => DEMO_ENTERPRISE_ID,
    cargo: (i) => (i % 3 === 0 ? { un_number: 'UN1075', hazard_class: '2.1' } : { un_number: 'UN1203', hazard_class: '3' }),
    fixAgeMs: 20_000,
  })
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await removeFleet(admin, made)
}, 120_000)

describe('vehicle bins', () => {
  it('on the one map: counted discs, nothing lost; a click on one zooms to its cell, which lists its vehicles', async () => {
    const { page, errors } = await newPage(browser)
    await page.goto(`${appUrl}/`)
    await page.waitForFunction(() => window.__onemap?.ready === true, undefined, { timeout: 150_000 })
    await signInAs(page, 'command')
    await page.getByTestId('toggle-vehicles').check()
    await jump(page, '__onemap', P, 14)
    await binsThenZoom(page, '__onemap', 'onemap-vehicle-bins')
    // a disc is not a feature: no card opened
    expect(await page.getByTestId('detail-card').count()).toBe(0)
    expect(errors).toEqual([])
    await page.close()
  }, 240_000)

  it('on the wall at 4K: the same, with the wall’s larger discs', async () => {
    const { page, errors } = await newPage(browser, { width: 3840, height: 2160 })
    await page.goto(`${appUrl}/#/wall`)
    await signInWall(page)
    await page.waitForFunction(() => window.__wall?.ready === true, undefined, { timeout: 150_000 })
    await jump(page, '__wall', P, 14)
    await binsThenZoom(page, '__wall', 'wall-vehicle-bins')
    expect(errors).toEqual([])
    await page.close()
  }, 240_000)
})
