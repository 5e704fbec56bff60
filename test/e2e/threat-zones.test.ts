// What-if threat zones on the command wall (issue 20) in headless Chromium against the built app
// and the real stack: incident mode → a major hazard source (its inventory suggests the substance)
// → 威胁区推演; the toxic plume's zones as the models compute them, the dense-gas warning, the
// targets and people per zone equal to an independent PostGIS count, the wind direction dragged
// with a real mouse (each recomputation ≤ 50 ms), fire and explosion scenarios, English.
// Screenshots: test-results/threat-zones-*.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OUT, startBrowser, signInWall } from '../helpers/e2e.ts'
import { sql } from '../helpers/stack.ts'
import { computeThreatZones, SUBSTANCES } from '../../src/domain/threatZones.ts'
import { scenarioOf, DEFAULT_FORM } from '../../src/features/threatZones/threatZoneForm.ts'

let browser: Browser
let appUrl: string

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
afterAll(async () => {
  await browser?.close()
})

async function openWall(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(`${appUrl}/#/wall`)
  await signInWall(page)
  return { page, errors }
}

/** Independent: targets and people whose geometry intersects the polygon (PostGIS geography). */
async function countInside(geometry: unknown): Promise<[number, number]> {
  const {
    rows: [x],
  } = await sql().query<{ n: string; p: string }>(
    `select count(*) as n, coalesce(sum(population), 0) as p from public.protective_targets
     where extensions.st_intersects(geom::extensions.geography, extensions.st_setsrid(extensions.st_geomfromgeojson($1), 4326)::extensions.geography)`,
    [JSON.stringify(geometry)],
  )
  return [Number(x!.n), Number(x!.p)]
}

const zoneRows = (page: Page) =>
  page.getByTestId('tz-zone').evaluateAll((els) =>
    els.map((e) => ({
      level: e.getAttribute('data-level')!,
      reach: Number(e.getAttribute('data-reach')),
      count: e.getAttribute('data-count'),
      population: e.getAttribute('data-population'),
    })),
  )

describe('threat zones on the wall', () => {
  it('toxic plume from a hazard source: zones, warning, people inside, a dragged wind, fire and explosion', async () => {
    const { page, errors } = await openWall()
    // a major hazard source storing a toxic gas of the table (chlorine or ammonia)
    const toxicNames = SUBSTANCES.filter((s) => s.toxic).map((s) => s.name_zh)
    const {
      rows: [src],
    } = await sql().query<{ id: string; name: string; inv: string[] }>(
      `select h.id, h.name, array_agg(s.name_zh order by s.name_zh) inv from public.hazard_sources h
       join public.hazard_source_inventory i on i.hazard_source_id = h.id join public.substances s on s.id = i.substance_id
       where h.is_major group by h.id having bool_or(s.name_zh = any($1)) order by h.id limit 1`,
      [toxicNames],
    )
    expect(src, 'a major hazard source with a toxic substance in the demo city').toBeTruthy()

    await page.getByTestId('wall-incident-toggle').click()
    // the source picker is a search box (issue 21): type the name, choose the source
    await page.getByTestId('incident-hazard').fill(src!.name)
    await page.locator(`[data-testid="incident-source-option"][data-id="${src!.id}"]`).click()
    await page.waitForFunction(() => document.querySelector('[data-testid="incident-panel"]')?.getAttribute('data-status') === 'ok', undefined, {
      timeout: 30_000,
    })
    // (a loaded 2-core machine renders the wall's map in software: give the page time)
    await page.waitForTimeout(1500)
    await page
      .getByTestId('wall-tz-toggle')
      .click({ timeout: 120_000 })
      .catch(async (e) => {
        await page.screenshot({ path: `${OUT}/threat-zones-failure.png` })
        throw e
      })
    await page.getByTestId('tz-panel').waitFor()
    // the inventory suggests the substance: one of the source's, of the table
    // (the card has arrived when the source's substances are starred in the list)
    await page.waitForFunction(
      () => [...document.querySelectorAll('[data-testid="tz-substance"] option')].some((o) => o.textContent!.endsWith('★')),
      undefined,
      { timeout: 20_000 },
    )
    expect(src!.inv).toContain(await page.getByTestId('tz-substance').inputValue())
    expect(await page.getByTestId('tz-estimate').textContent()).toBe('模型估算')

    // chlorine, 5 kg/s at ground level, class F, 2 m/s, urban
    await page.getByTestId('tz-kind').selectOption('toxic')
    await page.getByTestId('tz-substance').selectOption('氯')
    await page.getByTestId('tz-rate').fill('5')
    await page.getByTestId('tz-stability').selectOption('F')
    await page.getByTestId('tz-speed').fill('2')
    await page
      .waitForFunction(() => document.querySelector('[data-testid="tz-meta"]')?.textContent?.includes('F'), undefined, { timeout: 30_000 })
      .catch(async (e) => {
        await page.screenshot({ path: `${OUT}/threat-zones-failure.png` })
        throw new Error(`${(e as Error).message}; panel: ${await page.getByTestId('tz-panel').textContent()}`)
      })
    expect(await page.getByTestId('tz-dense').textContent()).toContain('重气扩散未建模，结果偏差可能较大')

    // the zones the models give for the same input at the panel's origin
    const panel = page.getByTestId('tz-panel')
    const origin = { lon: Number(await panel.getAttribute('data-lon')), lat: Number(await panel.getAttribute('data-lat')) }
    const form = { ...DEFAULT_FORM, kind: 'toxic' as const, substance: '氯', rate_kg_s: 5, stability: 'F' as const, u_m_s: 2, wind_from_deg: 45 }
    const want = computeThreatZones(scenarioOf(form, origin))
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="tz-zone"]')].every((e) => e.getAttribute('data-count') !== ''), undefined, {
      timeout: 30_000,
    })
    const rows = await zoneRows(page)
    expect(rows.map((r) => r.level)).toEqual(['red', 'orange', 'yellow'])
    for (const [i, z] of want.zones.entries()) {
      expect(Math.abs(rows[i]!.reach - z.reach_m), z.level).toBeLessThan(0.2)
      const [n, p] = await countInside(z.polygon!.geometry)
      expect([Number(rows[i]!.count), Number(rows[i]!.population)], `${z.level}: targets and people`).toEqual([n, p])
    }
    await page.waitForTimeout(1500)
    await page.screenshot({ path: `${OUT}/threat-zones-toxic.png` })

    // drag the wind direction with the mouse: every step recomputes (the times are printed against
    // the 50 ms target, not asserted: the machine is shared)
    const slider = page.getByTestId('tz-wind')
    const box = (await slider.boundingBox())!
    const yMid = box.y + box.height / 2
    const xAt = (deg: number) => box.x + 8 + ((box.width - 16) * deg) / 359
    await page.mouse.move(xAt(45), yMid)
    await page.mouse.down()
    const times: number[] = []
    for (let step = 1; step <= 20; step++) {
      await page.mouse.move(xAt(45 + step * 9), yMid)
      await page.waitForTimeout(40)
      times.push(Number(await page.getByTestId('tz-meta').getAttribute('data-ms')))
    }
    await page.mouse.up()
    const wind = Number(await panel.getAttribute('data-wind'))
    expect(wind).toBeGreaterThan(180)
    expect(
      times.every((t) => Number.isFinite(t) && t >= 0),
      `recomputation times ${times.join(', ')} ms`,
    ).toBe(true)
    console.log(`[threat-zones] wind dragged 45° → ${wind}°; recomputation ms: median ${times.sort((a, b) => a - b)[10]}, max ${times.at(-1)} (target ≤ 50)`)
    // the counts follow the new footprint
    const turned = computeThreatZones(scenarioOf({ ...form, wind_from_deg: wind }, origin))
    await page.waitForFunction(() => document.querySelector('[data-testid="tz-panel"] .wall-note')?.textContent !== '正在统计区内目标…', undefined, {
      timeout: 30_000,
    })
    // (the note may not yet say "counting" when checked: wait for the counts themselves)
    const [n3, p3] = await countInside(turned.zones[2]!.polygon!.geometry)
    await expect
      .poll(
        async () => {
          const after = await zoneRows(page)
          return [Number(after[2]!.count), Number(after[2]!.population)]
        },
        { timeout: 30_000 },
      )
      .toEqual([n3, p3])
    await page.waitForTimeout(1500)
    await page.screenshot({ path: `${OUT}/threat-zones-wind.png` })

    // a pool fire (Chinese thresholds: four zones) and a vapour-cloud explosion (three circles)
    await page.getByTestId('tz-kind').selectOption('pool_fire')
    await page.getByTestId('tz-diameter').fill('20')
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="tz-zone"]').length === 4, undefined, { timeout: 30_000 })
    expect((await zoneRows(page)).map((r) => r.level)).toEqual(['darkred', 'red', 'orange', 'yellow'])
    await page.getByTestId('tz-kind').selectOption('explosion')
    await page.getByTestId('tz-substance').selectOption('液化石油气')
    await page.getByTestId('tz-mass').fill('50')
    await page.waitForFunction(
      () =>
        document.querySelectorAll('[data-testid="tz-zone"]').length === 3 &&
        [...document.querySelectorAll('[data-testid="tz-zone"]')].every((e) => e.getAttribute('data-count') !== ''),
      undefined,
      { timeout: 30_000 },
    )
    const blast = computeThreatZones({ kind: 'explosion', mass_kg: 50_000, heat_of_combustion_kj_kg: 46_350, ...origin })
    const ex = await zoneRows(page)
    for (const [i, z] of blast.zones.entries()) {
      expect(Math.abs(ex[i]!.reach - z.reach_m)).toBeLessThan(0.2)
      const [n, p] = await countInside(z.polygon!.geometry)
      expect([Number(ex[i]!.count), Number(ex[i]!.population)], `explosion ${z.level}`).toEqual([n, p])
    }
    await page.waitForTimeout(1200)
    await page.screenshot({ path: `${OUT}/threat-zones-explosion.png` })
    // printable: the zones' table (not the form) with the map, on paper
    await page.emulateMedia({ media: 'print' })
    expect(await page.getByTestId('tz-zones').isVisible()).toBe(true)
    expect(await page.getByTestId('tz-kind').isVisible()).toBe(false)
    expect(await page.getByTestId('tz-summary').textContent()).toContain('蒸气云爆炸（TNT当量） · 液化石油气')
    expect(await page.locator('.wall-left').isVisible()).toBe(false)
    await page.pdf({ path: `${OUT}/threat-zones.pdf`, format: 'A4', landscape: true, printBackground: true })
    await page.screenshot({ path: `${OUT}/threat-zones-print.png` })
    await page.emulateMedia({ media: 'screen' })

    // English
    await page.getByRole('button', { name: 'English' }).click()
    await page.waitForFunction(() => document.querySelector('[data-testid="tz-estimate"]')?.textContent === 'Model estimate', undefined, { timeout: 30_000 })
    await page.getByTestId('tz-kind').selectOption('toxic')
    await page.getByTestId('tz-substance').selectOption('氨')
    await page.waitForFunction(
      () => document.querySelector('[data-testid="tz-dense"]')?.textContent?.includes('Dense-gas dispersion is not modelled'),
      undefined,
      { timeout: 30_000 },
    )
    await page.waitForTimeout(1200)
    await page.screenshot({ path: `${OUT}/threat-zones-en.png` })

    // back to the rings: the zones leave the map
    await page.getByTestId('wall-tz-toggle').click()
    await page.getByTestId('incident-panel').waitFor()
    expect(errors).toEqual([])
    await page.close()
  }, 360_000) // one long journey through three scenarios: slow when the machine is shared
})
