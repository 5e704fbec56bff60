// The relocation planner in headless Chromium (1920×1080) against the built app and the real
// stack, signed in as the demo planner. Every figure on screen is compared with an independent
// call of the database function as the same user (or SQL), never with the page's own code.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { readFile } from 'node:fs/promises'
import Papa from 'papaparse'
import type { SupabaseClient } from '@supabase/supabase-js'
import type { Browser, Page } from 'playwright-core'
import { OUT, startBrowser } from '../helpers/e2e.ts'
import { signIn as apiSignIn, sql } from '../helpers/stack.ts'
import { demoUser } from '../../supabase/seed/demo-users.ts'
import { destination } from '../helpers/geodesy.ts'
import { PIPE_MESSAGES } from '../../src/features/planner/pipelineMessages.ts'

let browser: Browser
let appUrl: string
let api: SupabaseClient
let page: Page
const errors: string[] = []

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
  const u = demoUser('planner')
  api = await apiSignIn(u.email, u.password)
  // three test lines by the source the worklist puts first (the one picked below): 3 m east (art. 30),
  // 120 m west (art. 35), 600 m north (outside both) of its point, each a 400 m north–south or
  // east–west line
  const first = (await rpc<Wl[]>('safety_distance_violations', { area_code: null }))[0]!
  const at = { lon: Number(first.lon), lat: Number(first.lat) }
  const ns = (c: { lon: number; lat: number }) => [destination(c, 180, 200), destination(c, 0, 200)]
  const ew = (c: { lon: number; lat: number }) => [destination(c, 270, 200), destination(c, 90, 200)]
  for (const [name, medium, pts] of [
    ['测试规划管道 3 m', 'natural_gas', ns(destination(at, 90, 3))],
    ['测试规划管道 120 m', 'refined_oil', ns(destination(at, 270, 120))],
    ['测试规划管道 600 m', 'lpg', ew(destination(at, 0, 600))],
  ] as const)
    await sql().query(`insert into public.pipelines (name, medium, pressure_mpa, geom) values ($1, $2, 1.6, extensions.st_geomfromtext($3, 4326))`, [
      name,
      medium,
      `LINESTRING(${pts.map((p) => `${p.lon} ${p.lat}`).join(',')})`,
    ])
}, 120_000)
afterAll(async () => {
  await sql().query(`delete from public.pipelines where name like '测试规划管道%'`)
  await browser?.close()
})

interface Wl {
  hazard_source_id: string
  population_inside: number
  worst_shortfall_m: number
  violating_targets: number
  lon: number
  lat: number
  area_code: string
}

async function rpc<T>(fn: string, args: Record<string, unknown>): Promise<T> {
  const { data, error } = await api.rpc(fn, args)
  if (error) throw new Error(`${fn}: ${error.message}`)
  return data as T
}

async function settled(p: Page) {
  await p.waitForFunction(
    () => {
      const d = window.__planner
      const c = d?.ctl?.store.get()
      return !!d?.ready && !!c && !c.worklistLoading && c.pendingTiles === 0 && !c.pickLoading && c.candidates.every((x) => !x.serverLoading)
    },
    undefined,
    { timeout: 90_000 },
  )
  await p.waitForTimeout(400)
}

async function rowIds(p: Page): Promise<string[]> {
  return p.$$eval('[data-testid="worklist-row"]', (els) => els.map((e) => e.getAttribute('data-id')!))
}

/** Screen position of a lon/lat on the planner map. */
async function screenOf(p: Page, lon: number, lat: number): Promise<{ x: number; y: number }> {
  return p.evaluate(
    ([lo, la]) => {
      const map = window.__planner!.map!
      const pt = map.project([lo, la])
      const r = map.getCanvas().getBoundingClientRect()
      return { x: r.left + pt.x, y: r.top + pt.y }
    },
    [lon, lat],
  )
}

describe('the planner', () => {
  it('asks the public to sign in', async () => {
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${appUrl}#/planner`)
    await page.getByTestId('planner-signin').waitFor({ timeout: 60_000 })
    expect(await page.getByTestId('planner-signin').textContent()).toContain('登录')
  })

  it('shows the worklist of safety_distance_violations for the planner, filterable and sortable', async () => {
    const u = demoUser('planner')
    await page.getByTestId('signin-open').click()
    await page.getByTestId('signin-email').fill(u.email)
    await page.getByTestId('signin-password').fill(u.password)
    await page.getByTestId('signin-submit').click()
    await page.getByTestId('worklist').waitFor({ timeout: 60_000 })
    await settled(page)
    const want = await rpc<Wl[]>('safety_distance_violations', { area_code: null })
    expect(want.length).toBeGreaterThan(0)
    // default order: worst shortfall first, as the function orders
    expect(await rowIds(page)).toEqual(want.map((r) => r.hazard_source_id))
    const pops = await page.$$eval('[data-testid="row-population"]', (els) => els.map((e) => Number(e.textContent!.replace(/[^0-9]/g, ''))))
    expect(pops).toEqual(want.map((r) => Number(r.population_inside)))
    await page.screenshot({ path: `${OUT}/planner-worklist.png` })

    // sort by people affected, descending
    await page.getByTestId('sort-population').click()
    const byPop = [...want].sort((a, b) => Number(b.population_inside) - Number(a.population_inside) || (a.hazard_source_id < b.hazard_source_id ? -1 : 1))
    expect(await rowIds(page)).toEqual(byPop.map((r) => r.hazard_source_id))
    // population filter
    const cut = Number(byPop[Math.floor(byPop.length / 2)].population_inside)
    await page.getByTestId('filter-population').fill(String(cut))
    await expect
      .poll(async () => new Set(await rowIds(page)), { timeout: 30_000 })
      .toEqual(new Set(want.filter((r) => Number(r.population_inside) >= cut).map((r) => r.hazard_source_id)))
    await page.getByTestId('filter-population').fill('')
    // area filter: the function's own answer for that district
    const area = want[0].area_code.slice(0, 6)
    await page.getByTestId('filter-area').selectOption(area)
    await settled(page)
    const inArea = await rpc<Wl[]>('safety_distance_violations', { area_code: area })
    expect(new Set(await rowIds(page))).toEqual(new Set(inArea.map((r) => r.hazard_source_id)))
    await page.getByTestId('filter-area').selectOption('')
    await page.getByTestId('sort-shortfall').click()
    await settled(page)
    expect(await rowIds(page)).toEqual(want.map((r) => r.hazard_source_id))
  })

  let picked: Wl
  it('picks a source: rings per class, and the same targets as safety_distance_check', async () => {
    const want = await rpc<Wl[]>('safety_distance_violations', { area_code: null })
    picked = want[0]
    await page.locator(`[data-testid="worklist-row"][data-id="${picked.hazard_source_id}"]`).click()
    await page.getByTestId('check-list').waitFor({ timeout: 60_000 })
    await settled(page)
    const check = await rpc<{ id: string }[]>('safety_distance_check', { hazard_source_id: picked.hazard_source_id })
    const shown = await page.$$eval('[data-testid="check-list"] [data-testid="target-row"]', (els) => els.map((e) => e.getAttribute('data-id')))
    expect(shown).toEqual(check.map((r) => r.id))
    const { rows } = await sql().query<{ n: number }>(
      `select count(distinct required_m)::int n from public.hazard_source_distances where hazard_source_id = $1 and required_m > 0`,
      [picked.hazard_source_id],
    )
    await expect.poll(() => page.evaluate(() => window.__planner!.rings), { timeout: 30_000 }).toBe(Number(rows[0].n))
    await page.screenshot({ path: `${OUT}/planner-source.png` })
  })

  it("lists the picked source's pipelines within 1 km as pipelines_near_site gives them, with the art. 30 / art. 35 flags", async () => {
    await page.waitForSelector('[data-testid="source-pipelines"][data-status="ok"]', { timeout: 30_000 })
    const site = await page.evaluate(() => window.__planner!.ctl!.store.get().picked!.geometry)
    const want = await rpc<{ id: string; name: string; distance_m: number; rule: string }[]>('pipelines_near_site', { site, radius_m: 1000, n: 5 })
    const shown = await page.$$eval('[data-testid="source-pipelines"] [data-testid="pipeline-row"]', (els) =>
      els.map((e) => ({
        id: e.getAttribute('data-id'),
        rule: e.getAttribute('data-rule'),
        distance: Number(e.getAttribute('data-distance')),
        text: (e as HTMLElement).innerText,
      })),
    )
    expect(shown.map((r) => [r.id, r.rule, r.distance])).toEqual(want.map((r) => [r.id, r.rule, r.distance_m]))
    for (const [i, r] of shown.entries()) {
      expect(r.text).toContain(want[i]!.name)
      expect(r.text).toContain(PIPE_MESSAGES[`pipe.${r.rule as 'forbidden' | 'permit' | 'clear'}`].zh)
    }
    // the test lines, 3 m and 120 m from the source's point (its site may be a footprint around that
    // point, so nearer still): art. 30 and art. 35
    const byName = new Map(want.map((r) => [r.name, r]))
    expect(byName.get('测试规划管道 3 m')?.rule).toBe('forbidden')
    expect(byName.get('测试规划管道 3 m')!.distance_m).toBeLessThanOrEqual(3.01)
    expect(byName.get('测试规划管道 120 m')?.rule).toBe('permit')
    expect(byName.get('测试规划管道 120 m')!.distance_m).toBeGreaterThan(5)
    expect(byName.get('测试规划管道 120 m')!.distance_m).toBeLessThanOrEqual(120.01)
    expect(shown.map((r) => r.rule)).toEqual(expect.arrayContaining(['forbidden', 'permit']))
    await page.getByTestId('source-pipelines').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${OUT}/planner-source-pipelines.png` })
    // each requirement is a line across the whole table (as a third column it wrapped a few characters a line)
    const flagShare = await page.$$eval('[data-testid="source-pipelines"] .pl-pipe-flag td', (els) =>
      els.map((e) => e.getBoundingClientRect().width / e.closest('table')!.getBoundingClientRect().width),
    )
    expect(flagShare.length).toBe(shown.length)
    expect(Math.min(...flagShare)).toBeGreaterThan(0.95)
    // and the table fits the detail panel (nothing cut at its right)
    const [tableRight, panelRight] = await page.$eval('[data-testid="source-pipelines"] table', (t) => [
      t.getBoundingClientRect().right,
      t.closest('[data-testid="source-pipelines"]')!.getBoundingClientRect().right,
    ])
    expect(tableRight).toBeLessThanOrEqual(panelRight + 1)
  })

  it('drags a candidate: the in-browser count updates while dragging and equals evaluate_site after the drop', async () => {
    await page.getByTestId('start-scenario').click()
    await page.getByTestId('add-point').waitFor()
    // put candidate A on the picked source, where the targets are
    await page.evaluate(
      ([lo, la]) => window.__planner!.ctl!.addCandidate('A', { type: 'Point', coordinates: [lo, la] }),
      [Number(picked.lon), Number(picked.lat)],
    )
    await settled(page)
    await page.waitForFunction(() => window.__planner!.serverDone >= 1, undefined, { timeout: 60_000 })
    const startLive = Number(await page.getByTestId('live-count-A').textContent())
    expect(startLive).toBeGreaterThan(0)

    // drag with the mouse, 1.5 km east in 12 steps, reading the live count on the way
    const from = await screenOf(page, Number(picked.lon), Number(picked.lat))
    const dest = destination({ lon: Number(picked.lon), lat: Number(picked.lat) }, 90, 1500)
    const to = await screenOf(page, dest.lon, dest.lat)
    const movesBefore = await page.evaluate(() => window.__planner!.moveMs.length)
    const serverBefore = await page.evaluate(() => window.__planner!.serverDone)
    await page.mouse.move(from.x, from.y)
    await page.mouse.down()
    const seen: number[] = []
    for (let i = 1; i <= 12; i++) {
      await page.mouse.move(from.x + ((to.x - from.x) * i) / 12, from.y + ((to.y - from.y) * i) / 12, { steps: 2 })
      await page.waitForTimeout(60)
      seen.push(Number(await page.getByTestId('live-count-A').textContent()))
    }
    // while dragging, nothing has been confirmed by the database
    expect(await page.getByTestId('server-count-A').textContent()).not.toMatch(/^\d+$/)
    await page.mouse.up()
    const moves = (await page.evaluate(() => window.__planner!.moveMs.length)) - movesBefore
    expect(moves).toBeGreaterThanOrEqual(12)
    expect(new Set([startLive, ...seen]).size, `live counts while dragging: ${[startLive, ...seen].join(',')}`).toBeGreaterThan(1)
    await page.waitForFunction((n) => window.__planner!.serverDone > n, serverBefore, { timeout: 60_000 })
    await settled(page)
    const geom = await page.evaluate(() => window.__planner!.ctl!.candidate('A')!.geometry)
    const [lon] = geom.coordinates as number[]
    expect(lon).toBeGreaterThan(Number(picked.lon) + 0.005) // it moved east
    const distances = await page.evaluate(() => window.__planner!.ctl!.store.get().distances)
    const srv = await rpc<{ targets: { id: string }[]; summary: { violations: number } }>('evaluate_site', { site: geom, distances })
    expect(Number(await page.getByTestId('server-count-A').textContent())).toBe(srv.summary.violations)
    const live = await page.evaluate(() => window.__planner!.ctl!.candidate('A')!.live!.targets.map((t) => t.id))
    const agreement = await page.getByTestId('agreement-A').getAttribute('data-agree')
    expect(agreement).toBe('true')
    expect(new Set(live)).toEqual(new Set(srv.targets.map((t) => t.id)))
  })

  it('compares three candidates (two points and a drawn plot) side by side', async () => {
    // B: 3 km north of the source; C: a plot drawn by clicking four corners 2.5 km south
    const b = destination({ lon: Number(picked.lon), lat: Number(picked.lat) }, 0, 3000)
    await page.evaluate(([lo, la]) => window.__planner!.ctl!.addCandidate('B', { type: 'Point', coordinates: [lo, la] }), [b.lon, b.lat])
    await page.evaluate(() => window.__planner!.map!.setZoom(window.__planner!.map!.getZoom() - 1))
    await page.waitForTimeout(300)
    await page.getByTestId('add-polygon').click()
    const c = destination({ lon: Number(picked.lon), lat: Number(picked.lat) }, 180, 2500)
    for (const bearing of [45, 135, 225, 315]) {
      const p = destination(c, bearing, 400)
      const xy = await screenOf(page, p.lon, p.lat)
      await page.mouse.click(xy.x, xy.y)
    }
    await page.getByTestId('draw-finish').click()
    await settled(page)
    await page.waitForFunction(() => window.__planner!.ctl!.store.get().candidates.every((x) => x.server), undefined, { timeout: 60_000 })
    await settled(page)
    const state = await page.evaluate(() => window.__planner!.ctl!.store.get())
    expect(state.candidates.map((x) => x.label)).toEqual(['A', 'B', 'C'])
    expect(state.candidates[2].geometry.type).toBe('Polygon')
    for (const cand of state.candidates) {
      const srv = await rpc<{ summary: { violations: number; population: number; by_class: Record<string, { count: number }>; compliant: boolean } }>(
        'evaluate_site',
        { site: cand.geometry, distances: state.distances },
      )
      expect(Number(await page.getByTestId(`cmp-${cand.label}-total`).textContent())).toBe(srv.summary.violations)
      expect(Number((await page.getByTestId(`cmp-${cand.label}-population`).textContent())!.replace(/[^0-9]/g, ''))).toBe(Number(srv.summary.population))
      for (const [cls, v] of Object.entries(srv.summary.by_class)) {
        expect(Number(await page.getByTestId(`cmp-${cand.label}-${cls}`).textContent()), `${cand.label} ${cls}`).toBe(v.count)
      }
      expect(await page.getByTestId(`cmp-${cand.label}-result`).textContent()).toContain(srv.summary.compliant ? '达标' : '不达标')
    }
    // drag the plot by its marker: every corner moves, and the answer after the drop is evaluate_site's
    const before = state.candidates[2].geometry as { coordinates: number[][][] }
    const box = (await page.getByTestId('candidate-marker-C').boundingBox())!
    const served = await page.evaluate(() => window.__planner!.serverDone)
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await page.mouse.down()
    for (let i = 1; i <= 6; i++) await page.mouse.move(box.x + box.width / 2 - 25 * i, box.y + box.height / 2 + 10 * i, { steps: 2 })
    await page.mouse.up()
    await page.waitForFunction((n) => window.__planner!.serverDone > n, served, { timeout: 60_000 })
    await settled(page)
    const after = await page.evaluate(() => window.__planner!.ctl!.candidate('C')!)
    const moved = (after.geometry as { coordinates: number[][][] }).coordinates[0]
    const dx = moved[0][0] - before.coordinates[0][0][0],
      dy = moved[0][1] - before.coordinates[0][0][1]
    expect(dx).toBeLessThan(0)
    moved.forEach((p, i) => {
      expect(p[0] - before.coordinates[0][i][0]).toBeCloseTo(dx, 9)
      expect(p[1] - before.coordinates[0][i][1]).toBeCloseTo(dy, 9)
    })
    const srvC = await rpc<{ targets: { id: string }[] }>('evaluate_site', { site: after.geometry, distances: state.distances })
    expect(new Set(after.server!.targets.map((t) => t.id))).toEqual(new Set(srvC.targets.map((t) => t.id)))
    expect(await page.getByTestId('agreement-C').getAttribute('data-agree')).toBe('true')
    expect(Number(await page.getByTestId('cmp-C-total').textContent())).toBe(srvC.targets.length)

    await page.evaluate(() => window.__planner!.ctl!.fitCandidates())
    await page.waitForTimeout(500)
    await page.screenshot({ path: `${OUT}/planner-compare.png` })
  })

  it('downloads CSV (with BOM, Chinese headers) and GeoJSON that match evaluate_site', async () => {
    const state = await page.evaluate(() => window.__planner!.ctl!.store.get())
    const expected = new Map<string, Set<string>>()
    for (const cand of state.candidates) {
      const srv = await rpc<{ targets: { id: string }[] }>('evaluate_site', { site: cand.geometry, distances: state.distances })
      expected.set(cand.label, new Set(srv.targets.map((t) => t.id)))
    }
    const [csvDl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()])
    expect(csvDl.suggestedFilename()).toMatch(/\.csv$/)
    const buf = await readFile((await csvDl.path())!)
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const parsed = Papa.parse<Record<string, string>>(buf.toString('utf8').slice(1), { header: true, skipEmptyLines: true })
    expect(parsed.errors).toEqual([])
    expect(parsed.meta.fields).toContain('防护目标ID')
    for (const [label, ids] of expected) {
      const rows = parsed.data.filter((r) => r['候选方案'] === label)
      if (ids.size === 0) {
        expect(rows.length).toBe(1)
        expect(rows[0]['是否达标']).toBe('达标')
      } else expect(new Set(rows.map((r) => r['防护目标ID']))).toEqual(ids)
    }
    const [gjDl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-geojson').click()])
    const fc = JSON.parse(await readFile((await gjDl.path())!, 'utf8'))
    expect(fc.type).toBe('FeatureCollection')
    for (const [label, ids] of expected) {
      const cand = fc.features.find(
        (f: { properties: { role: string; candidate: string } }) => f.properties.role === 'candidate' && f.properties.candidate === label,
      )
      expect(cand.properties.violations).toBe(ids.size)
      const tids = fc.features
        .filter((f: { properties: { role: string; candidate: string } }) => f.properties.role === 'target' && f.properties.candidate === label)
        .map((f: { properties: { id: string } }) => f.properties.id)
      expect(new Set(tids)).toEqual(ids)
    }
  })

  it('shows the suitable area of a chemical park for the chosen distances', async () => {
    const state = await page.evaluate(() => window.__planner!.ctl!.store.get())
    const park = state.parks.find((p) => p.id === state.parkId)!
    expect(park).toBeTruthy()
    await page.getByTestId('suit-compute').click()
    await page.getByTestId('suit-result').waitFor({ timeout: 60_000 })
    const srv = await rpc<{ area_m2: number; blocking_targets: number }>('siting_suitability', { area: park.geometry, distances: state.distances })
    const text = (await page.getByTestId('suit-result').textContent())!
    const ha = (Number(srv.area_m2) / 10000).toLocaleString('zh-CN', { maximumFractionDigits: 1 })
    expect(text).toContain(`${ha} 公顷`)
    expect(text).toContain(`${srv.blocking_targets} 个防护目标`)
    // the constraining targets drawn on the map come from the browser's own evaluation: as many as the database counts
    await page.getByTestId('suit-blocking').waitFor({ timeout: 30_000 })
    expect(Number(await page.getByTestId('suit-blocking').getAttribute('data-n'))).toBe(Number(srv.blocking_targets))
    await page.waitForTimeout(600)
    await page.screenshot({ path: `${OUT}/planner-suitability.png` })
  })

  it('opens a printable report with map snapshot, inputs, results and date', async () => {
    await page.getByTestId('export-print').click()
    await page.getByTestId('print-view').waitFor({ timeout: 30_000 })
    const img = await page.getByTestId('print-map').getAttribute('src')
    expect(img).toMatch(/^data:image\/png;base64,/)
    expect(img!.length).toBeGreaterThan(10_000)
    expect(await page.getByTestId('print-date').textContent()).toContain(new Date().getFullYear().toString())
    await page.emulateMedia({ media: 'print' })
    await page.screenshot({ path: `${OUT}/planner-print.png`, fullPage: true })
    await page.emulateMedia({ media: 'screen' })
    await page.getByTestId('print-close').click()
  })

  it('speaks English too', async () => {
    await page.getByTestId('lang-toggle').click()
    await expect.poll(() => page.getByTestId('tab-worklist').textContent(), { timeout: 30_000 }).toBe('Relocation worklist')
    await expect.poll(() => page.getByTestId('comparison').textContent(), { timeout: 30_000 }).toContain('Not compliant')
    await page.screenshot({ path: `${OUT}/planner-english.png` })
    await page.getByTestId('lang-toggle').click()
    await expect.poll(() => page.getByTestId('tab-worklist').textContent(), { timeout: 30_000 }).toBe('搬迁清单')
    expect(errors, 'uncaught page errors').toEqual([])
  })
})
