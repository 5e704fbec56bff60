// Named planner scenarios in headless Chromium (issue 21): the planner opens a saved demo scenario
// (candidates, distances and source as stored, counts re-evaluated against today's targets and
// equal to evaluate_site), is told before sending that a scenario needs a name, saves one shared
// with colleagues (the row checked in SQL), and a regulator opens the colleague's link. Every
// figure is compared with the database, never with the page's own code.
// Screenshots: test-results/planner-saved-*.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import type { Browser, Page } from 'playwright-core'
import { OUT, newPage, signInAs, startBrowser } from '../helpers/e2e.ts'
import { signIn as apiSignIn, sql } from '../helpers/stack.ts'
import { demoUser } from '../../supabase/seed/demo-users.ts'

let browser: Browser
let appUrl: string
let api: SupabaseClient
const NAME = `测试：东移 2 km 方案 ${crypto.randomUUID().slice(0, 6)}`
const DEMO = '演示：江海区一级源搬迁比选（A 东 / B 北）'

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
  api = await apiSignIn(demoUser('planner').email, demoUser('planner').password)
}, 120_000)
afterAll(async () => {
  await sql().query('delete from public.planning_scenarios where name = $1', [NAME])
  await browser?.close()
})

interface Row {
  id: string
  source_id: string | null
  candidates: { label: string; geometry: { type: 'Point'; coordinates: [number, number] } }[]
  distances: Record<string, number>
  owner_id: string
  owner_role: string
  shared: boolean
}

async function settled(p: Page) {
  await p.waitForFunction(
    () => {
      const d = window.__planner
      const c = d?.ctl?.store.get()
      return !!d?.ready && !!c && c.pendingTiles === 0 && !c.pickLoading && c.candidates.length > 0 && c.candidates.every((x) => !x.serverLoading && !!x.server)
    },
    undefined,
    { timeout: 120_000 },
  )
}

async function openPlanner(p: Page, hash = '#/planner') {
  await p.goto(`${appUrl}/${hash}`)
  await p.getByTestId('planner-signin').waitFor({ timeout: 60_000 })
}

describe('saved planner scenarios', () => {
  let savedId = ''

  it('the planner opens a saved scenario: candidates, distances and source as stored, counts equal to evaluate_site', async () => {
    const { page, errors } = await newPage(browser, { width: 1920, height: 1080 })
    await openPlanner(page)
    await signInAs(page, 'planner')
    await page.waitForFunction(() => window.__planner?.ready === true, undefined, { timeout: 90_000 })
    await page.getByTestId('tab-scenario').click()
    const item = page.locator('[data-testid="saved-item"]', { hasText: DEMO })
    await item.waitFor({ timeout: 30_000 })
    const {
      rows: [demo],
    } = await sql().query<Row>('select * from public.planning_scenarios where name = $1', [DEMO])
    expect(demo!.candidates.length).toBe(2)
    await item.getByTestId('saved-open').click()
    await settled(page)
    await expect.poll(() => page.getByTestId('saved-opened').getAttribute('data-id'), { timeout: 30_000 }).toBe(demo!.id)
    const state = await page.evaluate(() => {
      const s = window.__planner!.ctl!.store.get()
      return { picked: s.picked?.id ?? null, distances: s.distances, candidates: s.candidates.map((c) => ({ label: c.label, geometry: c.geometry })) }
    })
    expect(state.picked).toBe(demo!.source_id)
    expect(state.distances).toEqual(demo!.distances)
    expect(state.candidates).toEqual(demo!.candidates)
    for (const c of demo!.candidates) {
      const { data, error } = await api.rpc('evaluate_site', { site: c.geometry, distances: demo!.distances })
      expect(error).toBeNull()
      expect(Number(await page.getByTestId(`server-count-${c.label}`).textContent())).toBe((data as { summary: { violations: number } }).summary.violations)
    }
    // shortfalls beside the active candidate's targets read as words, one per target inside
    const active = await page.evaluate(() => {
      const s = window.__planner!.ctl!.store.get()
      const c = s.candidates.find((x) => x.label === s.active)!
      return c.server!.targets.map((t) => Math.round(t.shortfall_m))
    })
    expect(active.length).toBeGreaterThan(0)
    const labels = await page.$$eval('.pl-shortfall', (els) => els.map((e) => e.textContent ?? ''))
    expect(labels.length).toBe(active.length)
    for (const l of labels) expect(l).toMatch(/^差 [\d,]+ m$/)
    expect(labels.map((l) => Number(l.replace(/[^\d]/g, ''))).sort()).toEqual([...active].sort())
    await page.screenshot({ path: `${OUT}/planner-saved-open.png` })

    // the printed map carries the A/B markers (HTML on screen, painted into the snapshot)
    await page.getByTestId('export-print').click()
    await page.getByTestId('print-view').waitFor({ timeout: 30_000 })
    const marks = await page.evaluate(async () => {
      const ctl = window.__planner!.ctl!
      const map = window.__planner!.map!
      const img = document.querySelector('[data-testid="print-map"]') as HTMLImageElement
      await img.decode()
      const c = document.createElement('canvas')
      c.width = img.naturalWidth
      c.height = img.naturalHeight
      const g = c.getContext('2d')!
      g.drawImage(img, 0, 0)
      const k = img.naturalWidth / map.getCanvas().clientWidth
      return ctl.store.get().candidates.map((cand) => {
        const p = map.project(ctl.scenario.markerPoint(cand.geometry))
        // inside the disc, left of the letter
        return Array.from(g.getImageData(Math.round((p.x - 10) * k), Math.round(p.y * k), 1, 1).data.slice(0, 3))
      })
    })
    expect(marks.length).toBe(2)
    for (const rgb of marks) {
      expect(Math.abs(rgb[0]! - 0x15) + Math.abs(rgb[1]! - 0x65) + Math.abs(rgb[2]! - 0xc0), `marker colour ${rgb.join(',')}`).toBeLessThan(24)
    }
    await page.emulateMedia({ media: 'print' })
    await page.screenshot({ path: `${OUT}/planner-saved-print.png`, fullPage: true })
    await page.emulateMedia({ media: 'screen' })
    await page.getByTestId('print-close').click()

    // a name is asked for before anything is sent
    await page.getByTestId('saved-name').fill('')
    await page.getByTestId('saved-save').click()
    expect(await page.getByTestId('saved-error').textContent()).toContain('请填写方案名称')

    // move A 2 km east, name it, share it, save: the row is what the tab holds
    const [lon, lat] = demo!.candidates[0]!.geometry.coordinates
    await page.evaluate(([lo, la]) => window.__planner!.ctl!.scenario.setCandidateGeometry('A', { type: 'Point', coordinates: [lo, la] }), [lon + 0.0195, lat])
    await page.getByTestId('saved-name').fill(NAME)
    await page.getByTestId('saved-shared').check()
    await page.getByTestId('saved-save').click()
    await page.locator('[data-testid="saved-item"]', { hasText: NAME }).waitFor({ timeout: 30_000 })
    const {
      rows: [mine],
    } = await sql().query<Row>('select * from public.planning_scenarios where name = $1', [NAME])
    savedId = mine!.id
    expect(mine!.owner_id).toBe(demoUser('planner').id)
    expect(mine!.owner_role).toBe('planner')
    expect(mine!.shared).toBe(true)
    expect(mine!.source_id).toBe(demo!.source_id)
    expect(mine!.candidates[0]!.geometry.coordinates[0]).toBeCloseTo(lon + 0.0195, 6)
    expect(mine!.candidates[1]).toEqual(demo!.candidates[1])
    // the link to send is shown for a shared scenario
    await expect.poll(() => page.getByTestId('saved-link').inputValue(), { timeout: 30_000 }).toContain(`#/planner?scenario=${savedId}`)
    await page.screenshot({ path: `${OUT}/planner-saved-saved.png` })
    expect(errors).toEqual([])
    await page.close()
  })

  it('a regulator opens the colleague’s link: the same candidates; it is not theirs to delete', async () => {
    expect(savedId).not.toBe('')
    const { page, errors } = await newPage(browser, { width: 1600, height: 1000 })
    await openPlanner(page, `#/planner?scenario=${savedId}`)
    await signInAs(page, 'regulator')
    await settled(page)
    await expect.poll(() => page.getByTestId('saved-opened').getAttribute('data-id'), { timeout: 30_000 }).toBe(savedId)
    const {
      rows: [row],
    } = await sql().query<Row>('select * from public.planning_scenarios where id = $1', [savedId])
    const candidates = await page.evaluate(() => window.__planner!.ctl!.store.get().candidates.map((c) => ({ label: c.label, geometry: c.geometry })))
    expect(candidates).toEqual(row!.candidates)
    const item = page.locator(`[data-testid="saved-item"][data-id="${savedId}"]`)
    await item.waitFor()
    expect(await item.textContent()).toContain('规划部门')
    expect(await item.getByTestId('saved-delete').count()).toBe(0)
    await page.screenshot({ path: `${OUT}/planner-saved-link.png` })
    expect(errors).toEqual([])
    await page.close()
  })
})
