// Pipelines on the one map (issue 19) in headless Chromium against the built app and the real
// stack: the command centre switches the layer on, the lines are drawn coloured by medium with
// the encroachment dots, and a click on a demo feeder routed past a protective target opens the
// pipeline's card with its data and findings (the encroachment named, as pipeline_encroachments
// lists it). Screenshots: test-results/e2e-pipelines-*.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OUT, newPage, startBrowser, signInAs } from '../helpers/e2e.ts'
import { sql } from '../helpers/stack.ts'
import { mediumRgb } from '../../src/domain/pipelines.ts'

let browser: Browser
let appUrl: string

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
afterAll(async () => {
  await browser?.close()
})

async function settle(page: Page) {
  await page.waitForFunction(() => !document.querySelector('[data-testid="status-loading"]') && !document.querySelector('.layer-row .spinner'), undefined, {
    timeout: 90_000,
  })
  await page.waitForTimeout(800)
}

async function screenXY(page: Page, lon: number, lat: number) {
  return page.evaluate(
    ([lo, la]) => {
      const map = window.__onemap!.map as { project(ll: [number, number]): { x: number; y: number }; getCanvas(): HTMLCanvasElement }
      const p = map.project([lo, la])
      const r = map.getCanvas().getBoundingClientRect()
      return { x: r.left + p.x, y: r.top + p.y }
    },
    [lon, lat] as [number, number],
  )
}

/** Pixels of the map close to an RGB colour. */
async function pixelsOf(page: Page, rgb: readonly number[]): Promise<number> {
  const png = await page.locator('[data-testid="map"]').screenshot()
  return page.evaluate(
    async ({ b64, c }) => {
      const bmp = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob())
      const canvas = new OffscreenCanvas(bmp.width, bmp.height)
      const ctx = canvas.getContext('2d')!
      ctx.drawImage(bmp, 0, 0)
      const { data } = ctx.getImageData(0, 0, bmp.width, bmp.height)
      let n = 0
      for (let i = 0; i < data.length; i += 4)
        if (Math.abs(data[i]! - c[0]!) < 16 && Math.abs(data[i + 1]! - c[1]!) < 16 && Math.abs(data[i + 2]! - c[2]!) < 16) n++
      return n
    },
    { b64: png.toString('base64'), c: [...rgb] },
  )
}

describe('pipelines on the one map', () => {
  it('the command centre sees the lines and opens the card of a feeder with its encroachment', async () => {
    // a demo feeder routed a few metres past a protective target, as the database finds it
    const { rows } = await sql().query<{ pipeline_name: string; target_name: string; lon: number; lat: number; distance_m: number }>(
      `select pipeline_name, target_name, lon, lat, distance_m from app.pipeline_encroachments_of(null)
       where pipeline_name like '老城区中压燃气管道%' and distance_m > 0 order by pipeline_name limit 1`,
    )
    expect(rows.length, 'a demo feeder with an encroachment').toBe(1)
    const enc = rows[0]!
    const { page, errors } = await newPage(browser)
    await page.goto(appUrl + '/')
    await page.waitForFunction(() => window.__onemap?.ready === true, undefined, { timeout: 90_000 })
    await signInAs(page, 'command')
    await page.waitForFunction(() => window.__onemap?.ready === true, undefined, { timeout: 90_000 })

    // off by default; the panel offers it to staff
    const toggle = page.getByTestId('toggle-pipelines')
    expect(await toggle.isChecked()).toBe(false)
    await toggle.check()
    await page.evaluate(() => (window.__onemap!.map as any).jumpTo({ center: [113.0, 22.5], zoom: 9.2 }))
    await settle(page)
    expect(Number((await page.getByTestId('count-pipelines').textContent())!.replace(/[^0-9]/g, ''))).toBeGreaterThan(10)
    await expect.poll(() => pixelsOf(page, mediumRgb('natural_gas')), { timeout: 30_000, message: 'gas lines drawn' }).toBeGreaterThan(200)
    expect(await page.getByTestId('legend-encroachment').count()).toBe(1)
    await page.screenshot({ path: `${OUT}/e2e-pipelines-city.png` })

    // 25 m north of the encroachment's foot: on the feeder (straight there), away from the target
    const lon = Number(enc.lon)
    const lat = Number(enc.lat) + 25 / 110_574
    await page.evaluate(([lo, la]) => (window.__onemap!.map as any).jumpTo({ center: [lo, la], zoom: 17 }), [lon, lat])
    await settle(page)
    const xy = await screenXY(page, lon, lat)
    await page.mouse.click(xy.x, xy.y)
    await page.waitForFunction(() => document.querySelector('[data-testid="detail-card"]')?.getAttribute('data-status') === 'ok', undefined, {
      timeout: 60_000,
    })
    expect(await page.getByTestId('detail-card').getAttribute('data-kind')).toBe('pipelines')
    expect(await page.getByTestId('detail-title').textContent()).toBe(enc.pipeline_name)
    expect(await page.getByTestId('pipeline-medium').textContent()).toContain('天然气')
    const list = page.getByTestId('pipeline-encroachments')
    expect(Number(await list.getAttribute('data-count'))).toBeGreaterThanOrEqual(1)
    expect(await list.textContent()).toContain(enc.target_name)
    expect(await page.getByTestId('pipeline-hca').count()).toBe(1)
    // the encroachment dot is on the map
    await expect.poll(() => pixelsOf(page, [255, 0, 170]), { timeout: 30_000, message: 'encroachment dot' }).toBeGreaterThan(20)
    await page.screenshot({ path: `${OUT}/e2e-pipelines-card.png` })

    // English
    await page.getByTestId('lang-toggle').click()
    await expect.poll(() => list.textContent(), { timeout: 15_000 }).toContain('Encroachments')
    await page.screenshot({ path: `${OUT}/e2e-pipelines-card-en.png` })
    expect(errors, 'uncaught page errors').toEqual([])
    await page.close()
  })
})
