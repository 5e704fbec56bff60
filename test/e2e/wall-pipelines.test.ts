// Pipelines on the command centre's wall (issue 19) in headless Chromium at 3840×2160 against the
// built app and the real stack: the overview draws the pipelines layer (deck.gl lines built with
// > 0 paths, in the wall's dark theme), the legend names the five media, the hidden-danger preset
// keeps them and the resources preset hides them; zoomed in on a demo feeder with an encroachment,
// the encroachment dot and (where screened) high-consequence bands are drawn; every legend text
// keeps the wall's font floor (28 px at 2160). Screenshots: test-results/wall-pipelines-*.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OUT, startBrowser, signInWall, openWallLegend } from '../helpers/e2e.ts'
import { smallTexts } from '../helpers/wallAudit.ts'
import { sql } from '../helpers/stack.ts'

let browser: Browser
let appUrl: string

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
afterAll(async () => {
  await browser?.close()
})

/** The pipelines layer's deck.gl sub-layers as built now: how many items each holds (-1: absent). */
function drawn(page: Page) {
  return page.evaluate(() => {
    type L = { id: string; props: { data?: unknown; visible?: boolean } }
    const ctl = window.__wall!.controller as unknown as { handle: { overlay: { _deck?: { layerManager?: { getLayers(): L[] } } } } }
    const layers = ctl.handle.overlay._deck?.layerManager?.getLayers() ?? []
    const n = (id: string) => {
      const l = layers.find((x) => x.id === id)
      return l ? (Array.isArray(l.props.data) ? l.props.data.length : 0) : -1
    }
    return {
      visible: layers.find((x) => x.id === 'wall-pipelines')?.props.visible === true,
      lines: n('wall-pipelines-lines'),
      hca: n('wall-pipelines-hca'),
      encroachments: n('wall-pipelines-encroachments'),
    }
  })
}

const visibleLayers = (page: Page) => page.evaluate(() => (window.__wall!.controller as unknown as { visibleLayers: string[] }).visibleLayers)

describe('the wall: pipelines', () => {
  it('draws the pipelines by medium in the overview, names the media, and marks encroachments zoomed in', { timeout: 300_000 }, async () => {
    const { rows } = await sql().query<{ lon: number; lat: number }>(
      `select lon, lat from app.pipeline_encroachments_of(null) where pipeline_name like '老城区中压燃气管道%' and distance_m > 0 order by pipeline_name limit 1`,
    )
    expect(rows.length, 'a demo feeder with an encroachment').toBe(1)
    const page = await browser.newPage({ viewport: { width: 3840, height: 2160 } })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${appUrl}/#/wall`)
    await page.evaluate(() => localStorage.removeItem('wall.preset'))
    await signInWall(page)
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="risk-total"]')?.textContent ?? ''), undefined, { timeout: 90_000 })

    // the overview: the layer is drawn with lines
    expect(await visibleLayers(page)).toContain('pipelines')
    await expect.poll(async () => (await drawn(page)).lines, { timeout: 60_000, message: 'pipeline lines built' }).toBeGreaterThan(0)
    expect((await drawn(page)).visible).toBe(true)
    await openWallLegend(page)
    const legend = await page.getByTestId('wall-legend').innerText()
    for (const medium of ['天然气', '原油', '成品油', '液化石油气', '化工物料']) expect(legend).toContain(medium)
    expect(legend).toContain('违章占压')
    expect(legend).toContain('高后果区')
    await page.waitForTimeout(1500)
    await page.screenshot({ path: `${OUT}/wall-pipelines-overview.png` })
    expect(await smallTexts(page, 28)).toEqual([])

    // zoomed in on the feeder: the encroachment dot, and the high-consequence screening (zoom ≥ 9)
    const enc = rows[0]!
    await page.evaluate(
      ([lo, la]) => (window.__wall!.map as { jumpTo(o: object): void }).jumpTo({ center: [lo, la], zoom: 14 }),
      [Number(enc.lon), Number(enc.lat)],
    )
    await expect.poll(async () => (await drawn(page)).encroachments, { timeout: 60_000, message: 'encroachment dots built' }).toBeGreaterThan(0)
    expect((await drawn(page)).lines).toBeGreaterThan(0)
    await page.waitForTimeout(1500)
    await page.screenshot({ path: `${OUT}/wall-pipelines-street.png` })

    // a district view around a high-consequence segment the database finds: its band is drawn
    const hca = await sql().query<{ lon: number; lat: number }>(
      `select (geometry -> 'coordinates' -> 0 ->> 0)::float8 as lon, (geometry -> 'coordinates' -> 0 ->> 1)::float8 as lat
       from app.pipeline_hca_of(null) where geometry ->> 'type' = 'LineString' order by hca_class desc, pipeline_name limit 1`,
    )
    expect(hca.rows.length, 'a demo high-consequence segment').toBe(1)
    await page.evaluate(
      ([lo, la]) => (window.__wall!.map as { jumpTo(o: object): void }).jumpTo({ center: [lo, la], zoom: 11 }),
      [Number(hca.rows[0]!.lon), Number(hca.rows[0]!.lat)],
    )
    await expect.poll(async () => (await drawn(page)).hca, { timeout: 60_000, message: 'high-consequence bands built' }).toBeGreaterThan(0)
    await page.waitForTimeout(1500)
    await page.screenshot({ path: `${OUT}/wall-pipelines-district.png` })

    // the hidden-danger preset keeps them, the resources preset hides them
    await page.getByTestId('wall-preset-dangers').click()
    await expect.poll(() => visibleLayers(page), { timeout: 15_000 }).toContain('pipelines')
    await page.getByTestId('wall-preset-resources').click()
    await expect.poll(() => visibleLayers(page), { timeout: 15_000 }).not.toContain('pipelines')
    expect((await drawn(page)).visible).toBe(false)
    await page.getByTestId('wall-preset-overview').click()
    await expect.poll(() => visibleLayers(page), { timeout: 15_000 }).toContain('pipelines')
    expect(errors).toEqual([])
    await page.close()
  })
})
