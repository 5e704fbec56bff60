// Areas in English wherever the area risk summaries name them (issue 21; 20270121000100): with the
// English toggle, the wall's district table, the public view's district list and the one map's
// area card (a street far from the view, whose boundary the map has not loaded) show each area's
// stored English name from the summary itself (the wall's table without the kind its column
// heading already says, the full name in the tooltip, every column inside the panel), read here
// from the database independently; back in Chinese they show the Chinese names.
// Screenshots: test-results/area-names-en-*.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser } from 'playwright-core'
import { OUT, newPage, signInAs, signInWall, startBrowser } from '../helpers/e2e.ts'
import { sql } from '../helpers/stack.ts'

let browser: Browser
let appUrl: string

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
afterAll(async () => {
  await browser?.close()
})

async function areas(level: 'district' | 'street'): Promise<{ code: string; name: string; name_en: string }[]> {
  const { rows } = await sql().query<{ code: string; name: string; name_en: string }>(
    `select code, name, name_en from public.areas where level = $1::public.area_level and name_en is not null order by code`,
    [level],
  )
  return rows
}

describe('area names follow the English toggle', () => {
  it("the wall's district table", async () => {
    const districts = await areas('district')
    expect(districts.length).toBeGreaterThan(3)
    const { page, errors } = await newPage(browser, { width: 1920, height: 1080 })
    await page.goto(appUrl + '/#/wall')
    await signInWall(page)
    const names = () =>
      page.evaluate(() =>
        Object.fromEntries(
          [...document.querySelectorAll('[data-testid^="district-name-"]')].map((el) => [
            el.getAttribute('data-testid')!.slice('district-name-'.length),
            { text: el.textContent, title: el.getAttribute('title') },
          ]),
        ),
      )
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="district-name-"]').length > 0, undefined, { timeout: 30_000 })
    const zh = await names()
    for (const d of districts) expect(zh[d.code], d.code).toEqual({ text: d.name, title: d.name })
    await page.locator('.wall-tools button', { hasText: /^English$/ }).click()
    await expect.poll(async () => (await names())[districts[0]!.code]?.title, { timeout: 10_000 }).toBe(districts[0]!.name_en)
    const en = await names()
    // under the column heading "District" the kind is not repeated: "Pengjiang", not "Pengjiang District"
    for (const d of districts) expect(en[d.code], d.code).toEqual({ text: d.name_en.replace(/ District$/, ''), title: d.name_en })
    expect(districts.some((d) => d.name_en.endsWith(' District'))).toBe(true)
    // every column of the table inside its panel (the English names once pushed "Overdue" out)
    const over = await page.evaluate(() => {
      const panel = document.querySelector('[data-testid="panel-districts"]')!.getBoundingClientRect()
      return [...document.querySelectorAll('[data-testid="panel-districts"] th')].map((th) => th.getBoundingClientRect().right - panel.right)
    })
    expect(over.length).toBe(5)
    for (const o of over) expect(o).toBeLessThanOrEqual(0.5)
    await page.getByTestId('panel-districts').screenshot({ path: `${OUT}/area-names-en-wall.png` })
    expect(errors).toEqual([])
    await page.close()
  })

  it("the public view's district list", async () => {
    const districts = await areas('district')
    const { page, errors } = await newPage(browser, { width: 1440, height: 900 })
    await page.goto(appUrl + '/#/public')
    await page.getByTestId('districts').waitFor({ timeout: 60_000 })
    const names = () =>
      page.evaluate(() =>
        Object.fromEntries(
          [...document.querySelectorAll('[data-testid="districts"] li[data-testid^="district-"]')].map((li) => [
            li.getAttribute('data-testid')!.slice('district-'.length),
            li.querySelector('.pub-district-head button')?.textContent,
          ]),
        ),
      )
    const zh = await names()
    for (const d of districts) expect(zh[d.code], d.code).toBe(d.name)
    await page.getByTestId('lang-toggle').click()
    await expect.poll(async () => (await names())[districts[0]!.code], { timeout: 10_000 }).toBe(districts[0]!.name_en)
    const en = await names()
    for (const d of districts) expect(en[d.code], d.code).toBe(d.name_en)
    await page.getByTestId('districts').screenshot({ path: `${OUT}/area-names-en-public.png` })
    expect(errors).toEqual([])
    await page.close()
  })

  it("the one map's area card for a street whose boundary is not loaded", async () => {
    const streets = await areas('street')
    // the last street by code: far from the view the map opens on (Jiangmen's east)
    const s = streets[streets.length - 1]!
    expect(s.name_en).not.toBe(s.name)
    const { page, errors } = await newPage(browser, { width: 1440, height: 900 })
    await page.goto(appUrl + '/#/')
    await signInAs(page, 'planner')
    await page.waitForFunction(() => window.__onemap?.ready === true, undefined, { timeout: 90_000 })
    await page.evaluate(() => {
      const c = window.__onemap!.controller
      c.setVisible('area_risk', true)
      c.setAreaRiskLevel('street')
    })
    await page.waitForFunction((code) => !!window.__onemap!.controller.store.get().areaRisk?.some((a) => a.code === code), s.code, { timeout: 60_000 })
    await page.evaluate((code) => window.__onemap!.controller.store.update({ areaSelected: code }), s.code)
    await page.getByTestId('area-card').waitFor({ timeout: 10_000 })
    expect(await page.getByTestId('area-card-name').textContent()).toBe(s.name)
    await page.getByTestId('lang-toggle').click()
    await expect.poll(() => page.getByTestId('area-card-name').textContent(), { timeout: 10_000 }).toBe(s.name_en)
    await page.getByTestId('area-card').screenshot({ path: `${OUT}/area-names-en-card.png` })
    expect(errors).toEqual([])
    await page.close()
  })
})
