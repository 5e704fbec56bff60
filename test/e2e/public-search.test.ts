// The public's search (issue 21) on a 390 px phone against the built app and the real stack: a
// school found by its public name (public_place_search), shown with its type and district, and a tap
// centres "around me" on it. Screenshots: test-results/public-search-*.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser } from 'playwright-core'
import { OUT, startBrowser } from '../helpers/e2e.ts'
import { sql } from '../helpers/stack.ts'

let browser: Browser
let appUrl: string

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
afterAll(async () => {
  await browser?.close()
})

describe('the public search', () => {
  it('finds a school by name on a phone, says what and where it is, and a tap centres the map on it', async () => {
    const {
      rows: [s],
    } = await sql().query<{ name: string; lon: number; lat: number; district: string }>(
      `select t.name, extensions.st_x(t.location) as lon, extensions.st_y(t.location) as lat, d.name as district
         from public.protective_targets t join public.areas d on d.level = 'district' and t.area_code like d.code || '%'
        where t.type_code = 'school' order by t.name limit 1`,
    )
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'zh-CN' })
    const page = await ctx.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${appUrl}/#/public`)
    await page.waitForFunction(() => window.__onemap?.ready === true && !!window.__public, undefined, { timeout: 90_000 })
    await page.getByTestId('public-search').fill(s!.name)
    const hit = page.getByTestId('public-search-hit').filter({ hasText: s!.name }).first()
    await hit.waitFor({ timeout: 30_000 })
    expect(await hit.getAttribute('data-kind')).toBe('target')
    expect(await hit.locator('.pub-search-kind').textContent()).toBe(`学校 · ${s!.district}`)
    await page.screenshot({ path: `${OUT}/public-search-school.png` })
    await hit.click()
    await expect.poll(() => page.getByTestId('tab-around').getAttribute('aria-selected'), { timeout: 15_000 }).toBe('true')
    const centre = await page.evaluate(() => (window.__public as unknown as { state: { around: { centre: [number, number]; label: string } } }).state.around)
    expect(centre.label).toBe(s!.name)
    expect(Math.abs(centre.centre[0] - s!.lon)).toBeLessThan(1e-4)
    expect(Math.abs(centre.centre[1] - s!.lat)).toBeLessThan(1e-4)
    await page.waitForTimeout(800)
    await page.screenshot({ path: `${OUT}/public-search-school-around.png` })
    expect(errors).toEqual([])
    await ctx.close()
  })
})
