// The public's accident summary (issue 16) on a phone (390×844), anonymous, in headless Chromium
// against the built app and the real stack: the overview's block shows this year's published
// accidents and deaths, per district and sector, equal to SQL over the published rows; the plans'
// count targets where they exist (the demo's borrowed ones labelled); last year on a tap; nothing
// wider than the phone. Screenshots: test-results/public-accidents-*.png.
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

async function published(year: number) {
  const { rows } = await sql().query<{ code: string; n: number; d: number }>(
    `select left(area_code, 6) as code, count(*)::int as n, coalesce(sum(deaths), 0)::int as d from public.accidents
     where published and occurred_at >= $1::timestamptz and occurred_at < $2::timestamptz group by 1`,
    [`${year}-01-01T00:00:00+08:00`, `${year + 1}-01-01T00:00:00+08:00`],
  )
  return rows
}

describe('the public accident summary on a phone', () => {
  it('shows this year’s published accidents by district and sector with the targets, equal to SQL', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'zh-CN' })
    const page = await ctx.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${appUrl}/#/public`)
    await page.waitForFunction(() => window.__onemap?.ready === true && !!window.__public, undefined, { timeout: 90_000 })
    await page.getByTestId('sheet-toggle').click()
    const block = page.getByTestId('accident-summary')
    await page.waitForFunction(() => document.querySelector('[data-testid="accident-summary"]')?.getAttribute('data-status') === 'ok', undefined, {
      timeout: 30_000,
    })
    const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear()
    expect(await block.getAttribute('data-year')).toBe(String(year))

    const rows = await published(year)
    const totals = page.getByTestId('accident-totals')
    expect(Number(await totals.getAttribute('data-accidents'))).toBe(rows.reduce((a, r) => a + r.n, 0))
    expect(Number(await totals.getAttribute('data-deaths'))).toBe(rows.reduce((a, r) => a + r.d, 0))
    expect(
      rows.reduce((a, r) => a + r.n, 0),
      'the demo has published accidents this year',
    ).toBeGreaterThan(0)
    for (const r of rows) {
      const line = page.getByTestId(`accident-district-${r.code}`)
      expect(Number(await line.getAttribute('data-accidents')), r.code).toBe(r.n)
      expect(Number(await line.getAttribute('data-deaths')), r.code).toBe(r.d)
    }
    await expect(block.innerText()).resolves.toMatch(/已核实发布/)

    // the plans' count targets of this year, where the demo has them, with their borrowed label
    const { rows: t } = await sql().query<{ n: number; borrowed: number }>(
      `select count(*)::int as n, count(*) filter (where borrowed_from is not null)::int as borrowed from public.plan_targets p
       join public.areas a on a.code = p.area_code and a.level in ('city', 'district')
       where p.year = $1 and p.indicator in ('accidents', 'deaths', 'larger_accidents')`,
      [year],
    )
    expect(await page.getByTestId('accident-target').count()).toBe(t[0]!.n)
    if (t[0]!.borrowed > 0) await expect(block.innerText()).resolves.toMatch(/目标来源（演示借用）/)

    // nothing names an enterprise or a place finer than a district
    const { rows: ent } = await sql().query<{ name: string }>(
      `select distinct e.name from public.accidents a join public.enterprises e on e.id = a.enterprise_id
       where a.published and a.occurred_at >= $1::timestamptz limit 50`,
      [`${year}-01-01T00:00:00+08:00`],
    )
    const text = await block.innerText()
    for (const e of ent) expect(text).not.toContain(e.name)

    // no horizontal overflow on the phone
    const wide = await page.evaluate(() => {
      const w = document.documentElement.clientWidth
      return [...document.querySelectorAll('[data-testid="accident-summary"] *')]
        .filter((el) => el.getBoundingClientRect().right > w + 0.5)
        .map((el) => `${el.tagName}.${(el as HTMLElement).className}`)
    })
    expect(wide).toEqual([])
    await block.evaluate((el) => el.scrollIntoView({ block: 'start' }))
    await page.screenshot({ path: `${OUT}/public-accidents-phone.png` })
    await block.screenshot({ path: `${OUT}/public-accidents-block.png` })

    // last year, on a tap
    await page.getByTestId(`accident-year-${year - 1}`).click()
    await page.waitForFunction(
      (y) => {
        const el = document.querySelector('[data-testid="accident-summary"]')
        return el?.getAttribute('data-year') === String(y) && el.getAttribute('data-status') === 'ok'
      },
      year - 1,
      { timeout: 30_000 },
    )
    const last = await published(year - 1)
    expect(Number(await page.getByTestId('accident-totals').getAttribute('data-deaths'))).toBe(last.reduce((a, r) => a + r.d, 0))
    await page.getByTestId('lang-toggle').click()
    await expect(block.innerText()).resolves.toMatch(/Production-safety accidents/)
    await block.screenshot({ path: `${OUT}/public-accidents-block-en.png` })
    expect(errors).toEqual([])
    await ctx.close()
  }, 180_000)
})
