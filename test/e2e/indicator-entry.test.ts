// #/indicators' entry forms (issue 16) in headless Chromium against the built app and the real
// stack: the regulator of 江海区 opens 2009 (before the demo's statistics, which start in 2010),
// sees the GDP card say 缺少分母, records the district's GDP through the form, finds the revision in
// the history (who, old → new, source) and the card's value equal to an independent SQL
// computation; a negative figure and a district outside the jurisdiction come back as the
// database's Chinese refusal; a quota target entered through the form turns the deaths card from
// 无目标 to a judged status. Screenshots: test-results/indicator-entry-*.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OUT, startBrowser, newPage as openPage, signInAs } from '../helpers/e2e.ts'
import { sql } from '../helpers/stack.ts'
import { DEMO_REGULATOR_AREA, demoUser } from '../../supabase/seed/demo-users.ts'

const Y = 2009
let browser: Browser
let appUrl: string

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
  // two accidents of 2009 in the district (maintenance insert: the triggers still derive area and grade)
  for (const [when, deaths] of [
    [`${Y}-03-09T10:00:00+08:00`, 2],
    [`${Y}-09-19T15:00:00+08:00`, 1],
  ] as const) {
    await sql().query(
      `insert into public.accidents (occurred_at, first_reported_at, location, sector_code, deaths, description)
       select $2::timestamptz, $2::timestamptz + interval '20 minutes', extensions.st_pointonsurface(a.geom), 'imt_manufacturing', $3, '端到端测试（2009）'
       from public.areas a where a.code = $1`,
      [DEMO_REGULATOR_AREA, when, deaths],
    )
  }
})
afterAll(async () => {
  await browser?.close()
})

const cardStatus = (page: Page, key: string) => page.locator(`[data-testid="indicator-card"][data-indicator="${key}"]`).getAttribute('data-status')
const waitCard = (page: Page, key: string, status: string) =>
  page.waitForFunction(
    ([k, s]) => document.querySelector(`[data-testid="indicator-card"][data-indicator="${k}"]`)?.getAttribute('data-status') === s,
    [key, status] as const,
    { timeout: 20_000 },
  )

describe('#/indicators entry forms', () => {
  it('the regulator records a denominator and a target; the cards answer; refusals are the database’s', async () => {
    const { page, errors } = await openPage(browser)
    await page.goto(appUrl + '/#/indicators')
    await page.getByTestId('indicators-signin').waitFor({ timeout: 30_000 })
    await signInAs(page, 'regulator')
    await page.getByTestId('indicators-area').selectOption(DEMO_REGULATOR_AREA)
    await page.getByTestId('indicators-year').selectOption(String(Y))
    await waitCard(page, 'deaths_per_100m_gdp', 'no_denominator')
    expect(await page.locator('[data-indicator="deaths_per_100m_gdp"] [data-testid="indicator-value"]').innerText()).toBe('—')
    await expect(page.locator('[data-indicator="deaths_per_100m_gdp"]').innerText()).resolves.toMatch(/缺少分母/)
    // the form follows the page's area and year
    await expect.poll(() => page.getByTestId('den-area').inputValue(), { timeout: 20_000 }).toBe(DEMO_REGULATOR_AREA)
    await expect.poll(() => page.getByTestId('den-year').inputValue(), { timeout: 20_000 }).toBe(String(Y))
    await page.waitForFunction(() => document.querySelector('[data-testid="den-history"]')?.getAttribute('data-status') === 'ok')
    expect(await page.getByTestId('den-revision').count()).toBe(0)

    // a negative figure: refused by the database in Chinese
    await page.getByTestId('den-kind').selectOption('gdp_100m_yuan')
    await page.getByTestId('den-value').fill('-180')
    await page.getByTestId('den-source').fill('江门统计年鉴 2010')
    await page.getByTestId('den-submit').click()
    await page.getByTestId('den-result').waitFor({ timeout: 15_000 })
    await expect(page.getByTestId('den-result').innerText()).resolves.toMatch(/数据库拒绝：value：须为大于 0 的数（收到 -180）/)

    // the GDP of 2009, then a revision after the economic census
    await page.getByTestId('den-value').fill('175.5')
    await page.getByTestId('den-submit').click()
    await page.waitForFunction(() => /已录入/.test(document.querySelector('[data-testid="den-result"]')?.textContent ?? ''), undefined, { timeout: 15_000 })
    await page.getByTestId('den-value').fill('182.25')
    await page.getByTestId('den-source').fill('第三次全国经济普查修订')
    await page.getByTestId('den-submit').click()
    await page.waitForFunction(() => /原值 175\.5/.test(document.querySelector('[data-testid="den-result"]')?.textContent ?? ''), undefined, {
      timeout: 15_000,
    })
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="den-revision"]').length === 2, undefined, { timeout: 15_000 })
    const newest = await page.getByTestId('den-revision').first().innerText()
    expect(newest).toMatch(/地区生产总值（亿元）/)
    expect(newest).toMatch(/175\.5 → 182\.25/)
    expect(newest).toMatch(/第三次全国经济普查修订/)
    expect(newest).toContain(demoUser('regulator').displayName)
    await page.locator('[data-testid="denominators"]').screenshot({ path: `${OUT}/indicator-entry-history.png` })

    // the card now has a value, the one SQL computes independently from the tables
    await page.waitForFunction(
      () => document.querySelector('[data-testid="indicator-card"][data-indicator="deaths_per_100m_gdp"]')?.getAttribute('data-status') !== 'no_denominator',
      undefined,
      { timeout: 20_000 },
    )
    const { rows } = await sql().query<{ deaths: number; gdp: string }>(
      `select (select sum(a.deaths)::int from public.accidents a
                where a.area_code like $1 || '%' and a.occurred_at >= $2::timestamptz and a.occurred_at < $3::timestamptz) as deaths,
              (select d.value::text from public.indicator_denominators d
                where d.area_code = $1 and d.year = ${Y} and d.kind = 'gdp_100m_yuan' order by d.recorded_at desc, d.id desc limit 1) as gdp`,
      [DEMO_REGULATOR_AREA, `${Y}-01-01T00:00:00+08:00`, `${Y + 1}-01-01T00:00:00+08:00`],
    )
    expect(rows[0]!.deaths).toBe(3)
    expect(Number(rows[0]!.gdp)).toBe(182.25)
    const expected = Math.round((rows[0]!.deaths / Number(rows[0]!.gdp)) * 10_000) / 10_000
    await expect
      .poll(async () => Number(await page.locator('[data-indicator="deaths_per_100m_gdp"] [data-testid="indicator-value"]').innerText()), { timeout: 20_000 })
      .toBe(expected)
    await expect.poll(() => cardStatus(page, 'deaths_per_100m_gdp'), { timeout: 20_000 }).toBe('no_target')

    // outside the jurisdiction: the database says so
    await page.getByTestId('den-area').selectOption('440703')
    await page.getByTestId('den-value').fill('300')
    await page.getByTestId('den-submit').click()
    await page.waitForFunction(() => /不在你的辖区内/.test(document.querySelector('[data-testid="den-result"]')?.textContent ?? ''), undefined, {
      timeout: 15_000,
    })

    // a quota of 2 deaths handed down by the city: 3 deaths → not met
    expect(await cardStatus(page, 'deaths')).toBe('no_target')
    await page.getByTestId('tf-plan-code').fill('jh-quota')
    await page.getByTestId('tf-plan-name').fill('江门市下达江海区 2009 年安全生产控制指标')
    await page.getByTestId('tf-indicator').selectOption('deaths')
    await page.getByTestId('tf-kind').selectOption('quota')
    await page.getByTestId('tf-quota').fill('2.5')
    await page.getByTestId('tf-submit').click()
    await page.getByTestId('tf-result').waitFor({ timeout: 15_000 })
    await expect(page.getByTestId('tf-result').innerText()).resolves.toMatch(/数据库拒绝：quota（控制指标）：须为 0 到 1000000 的整数/)
    await page.getByTestId('tf-quota').fill('2')
    await page.getByTestId('tf-submit').click()
    await page.waitForFunction(() => /已保存/.test(document.querySelector('[data-testid="tf-result"]')?.textContent ?? ''), undefined, { timeout: 15_000 })
    await waitCard(page, 'deaths', 'not_met')
    await expect(page.locator(`[data-testid="indicator-card"][data-indicator="deaths"]`).innerText()).resolves.toMatch(/3 \/ 2，150\s?%/)
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="target-row"][data-target-indicator="deaths"]').length === 1, undefined, {
      timeout: 15_000,
    })
    await page.locator('[data-testid="denominators"]').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${OUT}/indicator-entry-forms.png`, fullPage: true })
    await page.locator('.entry-panels').screenshot({ path: `${OUT}/indicator-entry-panels.png` })
    expect(errors).toEqual([])
    await page.close()
  }, 240_000)
})
