// The wall's incident origin at 3840×2160 against the built app and the real stack (issues 18, 19,
// 21): the searchable source picker used by keyboard, a click near a hazard source asking which is
// meant, a click on a pipeline starting from the point on the line (checked in SQL), and the
// materials and experts following the origin's substances. Screenshots: test-results/wall-incident-*.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OUT, startBrowser, signInWall, clickWallAt } from '../helpers/e2e.ts'
import { sql } from '../helpers/stack.ts'
import { suggestFor, suggestForMedium } from '../../src/domain/incidentSuggestions.ts'

let browser: Browser
let appUrl: string

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
afterAll(async () => {
  await browser?.close()
})

async function openWall(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 3840, height: 2160 } })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(`${appUrl}/#/wall`)
  await signInWall(page)
  await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="risk-total"]')?.textContent ?? ''), undefined, { timeout: 60_000 })
  // (a loaded 2-core machine renders the wall's map in software: give the page time)
  await page.waitForTimeout(1500)
  await page.getByTestId('wall-incident-toggle').click({ timeout: 120_000 })
  return { page, errors }
}

const reportOk = (page: Page) =>
  page.waitForFunction(() => document.querySelector('[data-testid="incident-panel"]')?.getAttribute('data-status') === 'ok', undefined, { timeout: 60_000 })

/** Visible texts under `min` px inside `selector` (the wall's floor: 28 px at 3840×2160). */
function smallTexts(page: Page, selector: string, min: number): Promise<string[]> {
  return page.evaluate(
    ([sel, min]) => {
      const out: string[] = []
      for (const root of document.querySelectorAll(sel as string)) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const el = n.parentElement
          if (!el || !(n.textContent ?? '').trim() || !el.getClientRects().length) continue
          const px = parseFloat(getComputedStyle(el).fontSize)
          if (px < (min as number) - 0.01) out.push(`${px}px “${(n.textContent ?? '').trim().slice(0, 30)}”`)
        }
      }
      return out
    },
    [selector, min] as const,
  )
}

/** The depots' materials and the experts' specialties listed by incident mode's left column. */
async function rescueLists(page: Page) {
  await page.getByTestId('incident-registries').waitFor({ timeout: 30_000 })
  const materials = [...new Set(await page.getByTestId('incident-depot').evaluateAll((els) => els.map((e) => e.getAttribute('data-material')!)))]
  return { materials }
}

describe('incident origin on the wall', () => {
  it('a searchable source picker, used by keyboard; the materials follow the source inventory', { timeout: 600_000 }, async () => {
    const { page, errors } = await openWall()
    // a major source holding a substance of the suggestion table; its inventory, largest first
    const {
      rows: [src],
    } = await sql().query<{ id: string; name: string; enterprise: string; inv: { substance: string; quantity_t: number }[] }>(
      `select h.id, h.name, e.name as enterprise,
         jsonb_agg(jsonb_build_object('substance', s.name_zh, 'quantity_t', i.max_quantity_t)) as inv
       from public.hazard_sources h join public.enterprises e on e.id = h.enterprise_id
       join public.hazard_source_inventory i on i.hazard_source_id = h.id join public.substances s on s.id = i.substance_id
       where h.is_major group by h.id, e.name order by h.id limit 1`,
    )
    expect(src).toBeTruthy()
    const expected = suggestFor(src!.inv.map((x) => ({ substance: x.substance, quantity_t: Number(x.quantity_t) })))!
    expect(expected).not.toBeNull()

    const box = page.getByTestId('incident-hazard')
    await box.click({ timeout: 120_000 })
    await box.pressSequentially(src!.enterprise.slice(0, 4))
    await page.getByTestId('incident-source-list').waitFor()
    const opts = await page.getByTestId('incident-source-option').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))
    expect(opts.length).toBeGreaterThan(0)
    // every option matches the query; the source itself appears once the name is typed too
    await box.pressSequentially(` ${src!.name}`)
    const optionIds = () => page.getByTestId('incident-source-option').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))
    // the list follows the typing a render later: wait for the source to be listed
    await expect.poll(optionIds, { timeout: 30_000 }).toContain(src!.id)
    const ids = await optionIds()
    expect(ids).toContain(src!.id)
    await page.screenshot({ path: `${OUT}/wall-incident-search.png` })
    expect(await smallTexts(page, '.wall-source-picker', 28)).toEqual([])
    // keyboard: down to the source, Enter
    for (let i = 0; i < ids.indexOf(src!.id); i++) await box.press('ArrowDown')
    await box.press('Enter')
    await reportOk(page)
    await expect.poll(() => page.getByTestId('incident-origin').textContent(), { timeout: 30_000 }).toContain(src!.name)
    await page.getByTestId('incident-suggest-basis').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('incident-suggest-basis').getAttribute('data-basis')).toBe(expected.basis.join(','))
    // (the lists load after the origin changes; until then the previous origin's lists may show)
    await expect.poll(async () => (await rescueLists(page)).materials, { timeout: 30_000 }).toEqual(expected.materials)
    await page.waitForTimeout(800)
    await page.screenshot({ path: `${OUT}/wall-incident-source.png` })
    expect(errors).toEqual([])
    await page.close()
  })

  it('a click near a hazard source asks which is meant: the source or the picked point', { timeout: 600_000 }, async () => {
    const { page, errors } = await openWall()
    const {
      rows: [h],
    } = await sql().query<{ id: string; name: string; lon: number; lat: number }>(
      `select h.id, h.name, extensions.st_x(extensions.st_pointonsurface(h.geom)) lon, extensions.st_y(extensions.st_pointonsurface(h.geom)) lat
       from public.hazard_sources h where h.is_major order by h.id limit 1`,
    )
    await page.waitForFunction((id) => (window.__wall!.controller as any).hazards.some((x: { id: string }) => x.id === id), h!.id, { timeout: 60_000 })
    await clickWallAt(page, Number(h!.lon), Number(h!.lat), 13, 4, 4)
    const ask = page.getByTestId('incident-ask')
    await ask.waitFor({ timeout: 60_000 })
    expect(await ask.getAttribute('data-id')).toBe(h!.id)
    expect(await ask.textContent()).toContain(`以危险源`)
    expect(await ask.textContent()).toContain(h!.name)
    // nothing chosen silently: no report until answered
    expect(await page.getByTestId('incident-origin').count()).toBe(0)
    await page.screenshot({ path: `${OUT}/wall-incident-ask.png` })
    expect(await smallTexts(page, '[data-testid="incident-ask"]', 28)).toEqual([])
    await page.getByTestId('incident-ask-point').click({ timeout: 120_000 })
    await reportOk(page)
    await expect.poll(() => page.getByTestId('incident-origin').textContent(), { timeout: 30_000 }).toContain('地图点选')
    // again, and this time the source
    await clickWallAt(page, Number(h!.lon), Number(h!.lat), 13, 4, 4)
    await ask.waitFor({ timeout: 60_000 })
    await page.getByTestId('incident-ask-source').click({ timeout: 120_000 })
    await page.waitForFunction(
      (name) =>
        document.querySelector('[data-testid="incident-panel"]')?.getAttribute('data-status') === 'ok' &&
        (document.querySelector('[data-testid="incident-origin"]')?.textContent ?? '').includes(name),
      h!.name,
      { timeout: 60_000 },
    )
    expect(await page.getByTestId('incident-ask').count()).toBe(0)
    expect(errors).toEqual([])
    await page.close()
  })

  it('a click on a pipeline starts from the point on the line: name, medium, pressure class; gas materials', { timeout: 600_000 }, async () => {
    const { page, errors } = await openWall()
    // a gas line's midpoint far from hazard sources (a click there means the line, not a source)
    const {
      rows: [p],
    } = await sql().query<{ id: string; name: string; medium: string; pressure_mpa: number | null; lon: number; lat: number }>(
      `select x.id, x.name, x.medium::text, x.pressure_mpa, extensions.st_x(m) lon, extensions.st_y(m) lat
       from public.pipelines x cross join lateral (select extensions.st_lineinterpolatepoint(extensions.st_geometryn(x.geom, 1), 0.5) m) q
       where x.medium in ('natural_gas', 'lpg') and not exists (select 1 from public.hazard_sources h
         where extensions.st_dwithin(h.geom::extensions.geography, m::extensions.geography, 1500))
       order by x.id limit 1`,
    )
    expect(p, 'a gas line in the demo city away from hazard sources').toBeTruthy()
    await page.waitForFunction(() => (window.__wall?.incidentPipelines ?? 0) > 0, undefined, { timeout: 60_000 })
    await clickWallAt(page, Number(p!.lon), Number(p!.lat), 14, 3, 3)
    await reportOk(page)
    const pipe = page.getByTestId('incident-pipeline')
    await pipe.waitFor({ timeout: 60_000 })
    expect(await pipe.getAttribute('data-id')).toBe(p!.id)
    const text = (await page.getByTestId('incident-origin').textContent()) ?? ''
    expect(text).toContain(`管道：${p!.name}`)
    expect(text).toContain(p!.medium === 'lpg' ? '液化石油气' : '天然气')
    if (p!.pressure_mpa !== null) expect(text).toMatch(/MPa (低压|中压[AB]|次高压[AB]|高压[AB]|长输)/)
    expect(text).toMatch(/距起点 [\d.,]+ (m|km)/)
    // the report's centre lies on the line (independent: PostGIS distance from the line)
    const origin = page.getByTestId('incident-origin')
    const lon = Number(await origin.getAttribute('data-lon'))
    const lat = Number(await origin.getAttribute('data-lat'))
    const {
      rows: [d],
    } = await sql().query<{ d: number }>(
      `select extensions.st_distance(geom::extensions.geography, extensions.st_setsrid(extensions.st_makepoint($2, $3), 4326)::extensions.geography) d
       from public.pipelines where id = $1`,
      [p!.id, lon, lat],
    )
    expect(Number(d!.d)).toBeLessThan(0.5)
    const expected = suggestForMedium(p!.medium)!
    await page.getByTestId('incident-suggest-basis').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('incident-suggest-basis').getAttribute('data-basis')).toBe(expected.basis.join(','))
    // (the lists load after the origin changes; until then the previous origin's lists may show)
    await expect.poll(async () => (await rescueLists(page)).materials, { timeout: 30_000 }).toEqual(expected.materials)
    await page.waitForTimeout(1000)
    await page.screenshot({ path: `${OUT}/wall-incident-pipeline.png` })
    expect(await smallTexts(page, '[data-testid="incident-origin"]', 28)).toEqual([])
    expect(errors).toEqual([])
    await page.close()
  })
})
