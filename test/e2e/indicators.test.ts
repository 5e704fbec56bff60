// #/indicators (指标) in headless Chromium against the built app and the real stack: the regulator
// of 江海区 opens the page, picks the district and 2020 (the year of its 13th plan's caps), sees a
// card per indicator with the figures indicator_values returns, records an accident through the
// form (the grade previewed by src/domain/accidents.ts, then stored by the database) and finds it
// in the list; a refusal is shown as the database said it; the page in English. The planner reads
// the city's 2020, judged by three plans' targets: the card names the deciding one and lists the
// other two with their own status, as indicator_values does. The standalone report
// (#/indicators/report?area=…&year=…): title, cards, trends with 江海区's recorded scope change
// (business road deaths only from 2013) marked with its note, a print button and no forms.
// Screenshots: test-results/indicators-*.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OUT, startBrowser, newPage as openPage, signInAs } from '../helpers/e2e.ts'
import { signIn as apiSignIn, sql } from '../helpers/stack.ts'
import { DEMO_REGULATOR_AREA, demoUser } from '../../supabase/seed/demo-users.ts'

let browser: Browser
let appUrl: string

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
afterAll(async () => {
  await browser?.close()
})

const loaded = (page: Page) =>
  page.waitForFunction(() => document.querySelector('[data-testid="indicators-page"]')?.getAttribute('data-status') === 'ok', undefined, {
    timeout: 30_000,
  })

describe('#/indicators', () => {
  it('the regulator reads the indicators of 江海区 against its targets and records an accident', async () => {
    const { page, errors } = await openPage(browser)
    await page.goto(appUrl + '/#/indicators')
    await page.getByTestId('indicators-signin').waitFor({ timeout: 30_000 })
    await page.getByTestId('signin-open').waitFor()
    await signInAs(page, 'regulator')
    await loaded(page)
    await page.getByTestId('indicators-area').selectOption(DEMO_REGULATOR_AREA)
    await page.getByTestId('indicators-year').selectOption('2020')
    await loaded(page)
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="indicator-card"]').length === 7, undefined, { timeout: 15_000 })

    // the cards say what the database says
    const u = demoUser('regulator')
    const api = await apiSignIn(u.email, u.password)
    const { data } = await api.rpc('indicator_values', { area_code: DEMO_REGULATOR_AREA, year: 2020 })
    const byKey = Object.fromEntries((data as { indicator: string; status: string; value: number | null }[]).map((r) => [r.indicator, r]))
    for (const key of ['deaths_per_100m_gdp', 'deaths_per_100k_imt_workers', 'deaths']) {
      const card = page.locator(`[data-testid="indicator-card"][data-indicator="${key}"]`)
      expect(await card.getAttribute('data-status'), key).toBe(byKey[key]!.status)
    }
    const gdpText = await page.locator('[data-indicator="deaths_per_100m_gdp"] [data-testid="indicator-value"]').innerText()
    expect(Number(gdpText)).toBeCloseTo(byKey.deaths_per_100m_gdp!.value!, 4)
    await expect(page.locator('[data-indicator="deaths_per_100m_gdp"]').innerText()).resolves.toMatch(/≤ 0\.13/)
    await expect(page.locator('[data-indicator="deaths"]').innerText()).resolves.toMatch(/\d+ \/ 18，\d+ %|\d+ \/ 18，\d+%/)
    await page.screenshot({ path: `${OUT}/indicators-jianghai-2020.png`, fullPage: true })
    // the standalone report of the area and year the page shows
    expect(await page.getByTestId('indicators-report-link').getAttribute('href')).toBe(`#/indicators/report?area=${DEMO_REGULATOR_AREA}&year=2020`)

    // this year: record an accident with 3 deaths (较大事故) in the district
    const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear()
    await page.getByTestId('indicators-year').selectOption(String(year))
    await loaded(page)
    // the page may still say 'ok' for the year before while the new year loads: wait until every
    // listed accident is of this year (Beijing time, as the list shows it)
    await page.waitForFunction(
      (y) => [...document.querySelectorAll('[data-testid="accident-row"] td:first-child')].every((td) => (td.textContent ?? '').startsWith(String(y))),
      year,
      { timeout: 30_000 },
    )
    const before = Number(await page.getByTestId('accident-list').getAttribute('data-count'))
    const { rows } = await sql().query<{ lon: number; lat: number }>(
      `select extensions.st_x(p) lon, extensions.st_y(p) lat from (select extensions.st_pointonsurface(geom) p from public.areas where code = $1) t`,
      [DEMO_REGULATOR_AREA],
    )
    const at = new Date(Date.now() - 20 * 60_000 + 8 * 3_600_000).toISOString().slice(0, 16)
    await page.getByTestId('af-occurred').fill(at)
    await page.getByTestId('af-lon').fill(String(rows[0]!.lon))
    await page.getByTestId('af-lat').fill(String(rows[0]!.lat))
    await page.getByTestId('af-sector').selectOption('imt_construction')
    await page.getByTestId('af-category').selectOption('collapse')
    await page.getByTestId('af-deaths').fill('3')
    await page.getByTestId('af-description').fill('基坑坍塌（端到端测试）')
    await expect(page.getByTestId('af-grade').innerText()).resolves.toMatch(/较大事故/)
    await page.getByTestId('af-submit').click()
    await page.getByTestId('af-result').waitFor({ timeout: 15_000 })
    await expect(page.getByTestId('af-result').innerText()).resolves.toMatch(/已记录：较大事故/)
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="accident-list"]')?.getAttribute('data-count')) === n + 1, before, {
      timeout: 15_000,
    })
    await page.screenshot({ path: `${OUT}/indicators-recorded.png`, fullPage: true })

    // outside the district: the database refuses, word for word
    await page.getByTestId('af-lon').fill('113.073')
    await page.getByTestId('af-lat').fill('22.598')
    await page.getByTestId('af-submit').click()
    await page.waitForFunction(() => /outside your jurisdiction/.test(document.querySelector('[data-testid="af-result"]')?.textContent ?? ''), undefined, {
      timeout: 15_000,
    })

    // English
    await page.getByTestId('lang-toggle').click()
    await expect(page.locator('[data-indicator="deaths"] h4').innerText()).resolves.toBe('Deaths')
    await page.screenshot({ path: `${OUT}/indicators-en.png`, fullPage: true })
    expect(errors).toEqual([])
    await page.close()
  }, 180_000)

  it('the city’s 2020: the card names the deciding plan and lists the other plans’ targets with their status', async () => {
    const { page, errors } = await openPage(browser)
    await page.goto(appUrl + '/#/indicators')
    await page.getByTestId('signin-open').waitFor({ timeout: 30_000 })
    await signInAs(page, 'planner')
    await loaded(page)
    await page.getByTestId('indicators-area').selectOption('440700')
    await page.getByTestId('indicators-year').selectOption('2020')
    const u = demoUser('planner')
    const api = await apiSignIn(u.email, u.password)
    const { data } = await api.rpc('indicator_values', { area_code: '440700', year: 2020 })
    const gdp = (data as Array<{ indicator: string; plan_name: string; other_targets: Array<{ plan_code: string; status: string }> }>).find(
      (r) => r.indicator === 'deaths_per_100m_gdp',
    )!
    expect(gdp.other_targets).toHaveLength(2)
    const card = page.locator('[data-testid="indicator-card"][data-indicator="deaths_per_100m_gdp"]')
    await expect
      .poll(
        () =>
          card.locator('[data-testid="other-targets"] li').evaluateAll((els) => els.map((e) => [e.getAttribute('data-plan'), e.getAttribute('data-status')])),
        {
          timeout: 30_000,
        },
      )
      .toEqual(gdp.other_targets.map((t) => [t.plan_code, t.status]))
    const text = await card.innerText()
    expect(text).toContain(`依据：${gdp.plan_name}`)
    expect(text).toContain('同年另有 2 个规划目标（以最难达到者为准）')
    await card.scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${OUT}/indicators-city-2020.png`, fullPage: true })
    expect(errors).toEqual([])
    await page.close()
  }, 120_000)

  it('the report route: 江海区 2020 on a page of its own, the road-death trend marked where its scope changed (2013)', async () => {
    const { page, errors } = await openPage(browser)
    await page.goto(appUrl + `/#/indicators/report?area=${DEMO_REGULATOR_AREA}&year=2020`)
    await page.getByTestId('signin-open').waitFor({ timeout: 30_000 })
    await signInAs(page, 'regulator')
    await page.waitForFunction(() => document.querySelector('[data-testid="report-page"]')?.getAttribute('data-status') === 'ok', undefined, {
      timeout: 30_000,
    })
    await expect(page.getByTestId('report-title').innerText()).resolves.toBe('江海区 2020 年安全生产指标报告')
    expect(await page.getByTestId('indicator-card').count()).toBe(7)
    expect(await page.getByTestId('trend').count()).toBe(7)
    // the recorded change, with its note, on the road-death rate only; the trend starts in 2010
    const scope = page.locator('[data-trend="deaths_per_10k_vehicles"] [data-testid="trend-scope"]')
    expect(await scope.evaluateAll((els) => els.map((e) => [e.getAttribute('data-year'), e.getAttribute('data-recorded')]))).toEqual([['2013', 'true']])
    await expect(scope.locator('title').textContent()).resolves.toMatch(/2013 年起只计经营性道路交通事故死亡人数/)
    await expect(page.locator('[data-trend="deaths_per_10k_vehicles"] [data-testid="trend-notes"]').innerText()).resolves.toMatch(/^2013 年口径变化：/)
    expect(await page.locator('[data-testid="trend-scope"][data-recorded="true"]').count()).toBe(1)
    await expect(page.locator('[data-trend="deaths"] circle').first().getAttribute('data-year')).resolves.toBe('2010')
    // a print button, no forms
    expect(await page.getByTestId('report-print').isVisible()).toBe(true)
    expect(await page.locator('form').count()).toBe(0)
    await page.screenshot({ path: `${OUT}/indicators-report-jianghai-2020.png`, fullPage: true })
    expect(errors).toEqual([])
    await page.close()
  }, 60_000)
})
