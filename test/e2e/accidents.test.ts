// Accidents on the screens (issue 16) in headless Chromium against the built app and the real
// stack: the accident layer on the one map (its own time filter, a click opens the record's card
// as the database has it), the wall's year-to-date indicators panel showing what
// indicator_values returns for the city (fetched here through supabase-js), and #/indicators'
// trends, choropleth classes, print layout and a 续报 through the UI that shows in the history.
// Screenshots: test-results/accidents-*.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OUT, startBrowser, newPage, signInAs, signInWall } from '../helpers/e2e.ts'
import { signIn as apiSignIn, sql } from '../helpers/stack.ts'
import { DEMO_REGULATOR_AREA, demoUser } from '../../supabase/seed/demo-users.ts'
import { classBreaks, classOf } from '../../src/domain/accidentsMap.ts'

let browser: Browser
let appUrl: string

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
afterAll(async () => {
  await browser?.close()
})

const settle = async (page: Page) => {
  await page.waitForFunction(() => !document.querySelector('[data-testid="status-loading"]') && !document.querySelector('.layer-row .spinner'), undefined, {
    timeout: 90_000,
  })
  await page.waitForTimeout(500)
}

describe('the accident layer on the one map', () => {
  it('the command centre turns it on, picks a year and opens the card of an accident', async () => {
    // the most severe accident of 2020 with no other accident within ~300 m
    const { rows } = await sql().query<{ id: string; lon: number; lat: number; deaths: number; day: string; sector: string }>(
      `select a.id, extensions.st_x(a.location) lon, extensions.st_y(a.location) lat, a.deaths,
              to_char(a.occurred_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day, s.name_zh sector
         from public.accidents a join public.accident_sectors s on s.code = a.sector_code
        where a.occurred_at >= '2020-01-01T00:00:00+08:00' and a.occurred_at < '2021-01-01T00:00:00+08:00'
          and not exists (select 1 from public.accidents b where b.id <> a.id
                            and extensions.st_dwithin(b.location::extensions.geography, a.location::extensions.geography, 300))
        order by a.grade, a.deaths desc, a.id limit 1`,
    )
    expect(rows.length).toBe(1)
    const acc = rows[0]!
    const { page, errors } = await newPage(browser)
    await page.goto(appUrl + '/')
    await page.waitForFunction(() => window.__onemap?.ready === true, undefined, { timeout: 90_000 })
    await signInAs(page, 'command')
    await page.getByTestId('layer-accidents').waitFor({ timeout: 30_000 })
    await settle(page)
    // off when the map opens
    expect(await page.getByTestId('toggle-accidents').isChecked()).toBe(false)
    await page.evaluate(([lo, la]) => (window.__onemap!.map as any).jumpTo({ center: [lo, la], zoom: 15 }), [Number(acc.lon), Number(acc.lat)])
    await page.getByTestId('toggle-accidents').check()
    await settle(page)
    await page.getByTestId('accident-time-mode').selectOption('years')
    await page.getByTestId('accident-time-from').selectOption('2020')
    await page.getByTestId('accident-time-to').selectOption('2020')
    await settle(page)
    await expect.poll(async () => Number(await page.getByTestId('count-accidents').textContent()), { timeout: 30_000 }).toBeGreaterThan(0)
    await expect.poll(() => page.getByTestId('legend-accident-range').textContent(), { timeout: 30_000 }).toContain('2020-01-01')

    const xy = await page.evaluate(
      ([lo, la]) => {
        const map = window.__onemap!.map as { project(ll: [number, number]): { x: number; y: number }; getCanvas(): HTMLCanvasElement }
        const p = map.project([lo, la])
        const r = map.getCanvas().getBoundingClientRect()
        return { x: r.left + p.x, y: r.top + p.y }
      },
      [Number(acc.lon), Number(acc.lat)],
    )
    await page.mouse.click(xy.x, xy.y)
    await page.waitForFunction(() => document.querySelector('[data-testid="detail-card"]')?.getAttribute('data-status') === 'ok', undefined, {
      timeout: 30_000,
    })
    expect(await page.getByTestId('detail-title').textContent()).toBe(`${acc.day} ${acc.sector}事故`)
    expect(await page.getByTestId('accident-card-casualties').textContent()).toContain(`死亡 ${acc.deaths} 人`)
    await page.screenshot({ path: `${OUT}/accidents-onemap-card.png` })
    expect(errors).toEqual([])
    await page.close()
  })
})

describe("the wall's year-to-date indicators", () => {
  it('shows the figures indicator_values returns for the city this year, coloured by status (3840×2160)', async () => {
    const { page, errors } = await newPage(browser, { width: 3840, height: 2160 })
    await page.goto(`${appUrl}/#/wall`)
    await signInWall(page)
    await page.waitForFunction(() => document.querySelector('[data-testid="panel-indicators"]')?.getAttribute('data-status') === 'ok', undefined, {
      timeout: 60_000,
    })

    const { rows: city } = await sql().query<{ code: string }>(`select code from public.areas where level = 'city' order by code limit 1`)
    const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear()
    const u = demoUser('command')
    const api = await apiSignIn(u.email, u.password)
    const { data, error } = await api.rpc('indicator_values', { area_code: city[0]!.code, year })
    expect(error).toBeNull()
    const by = Object.fromEntries((data as { indicator: string; status: string; numerator: number; value: number | null }[]).map((r) => [r.indicator, r]))
    const num = (s: string | null) => Number((s ?? '').replace(/[^0-9.]/g, ''))

    expect(num(await page.getByTestId('wall-ind-deaths-value').textContent())).toBe(Number(by.deaths!.numerator))
    expect(await page.getByTestId('wall-ind-deaths').getAttribute('data-status')).toBe(by.deaths!.status)
    for (const k of ['accidents', 'larger_accidents']) {
      expect(num(await page.getByTestId(`wall-ind-${k}-value`).textContent()), k).toBe(Number(by[k]!.numerator))
    }
    for (const k of ['deaths_per_100m_gdp', 'deaths_per_100k_imt_workers', 'deaths_per_10k_vehicles']) {
      const v = by[k]!
      expect(await page.getByTestId(`wall-ind-${k}`).getAttribute('data-status'), k).toBe(v.status)
      const shown = await page.getByTestId(`wall-ind-${k}-value`).textContent()
      if (v.value === null) expect(shown, k).toBe('—')
      else expect(Math.abs(num(shown) - Number(v.value)), k).toBeLessThanOrEqual(0.0005 + 1e-9)
    }
    // the status is coloured: a met / on-track figure green, a missed one red
    const colour = await page.getByTestId('wall-ind-deaths-value').evaluate((el) => getComputedStyle(el).color)
    expect(colour).toBe(
      ['met', 'on_track'].includes(by.deaths!.status)
        ? 'rgb(67, 160, 71)'
        : ['not_met', 'off_track'].includes(by.deaths!.status)
          ? 'rgb(255, 82, 82)'
          : 'rgb(125, 143, 168)',
    )
    // nothing scrolls, and the panel is whole on the wall
    const box = await page.getByTestId('panel-indicators').boundingBox()
    expect(box!.y + box!.height).toBeLessThanOrEqual(2160)
    await page.screenshot({ path: `${OUT}/accidents-wall-3840.png` })
    expect(errors).toEqual([])
    await page.close()
  })
})

describe('#/indicators: trends, choropleth, print, 续报', () => {
  it('the regulator reads the trends and the choropleth, prints the report and files a follow-up', async () => {
    const u = demoUser('regulator')
    const api = await apiSignIn(u.email, u.password)
    // an accident of two days ago in the regulator's district: inside its 30-day 续报 window
    const { rows: pt } = await sql().query<{ lon: number; lat: number }>(
      `select extensions.st_x(p) lon, extensions.st_y(p) lat from (select extensions.st_pointonsurface(geom) p from public.areas where code = $1) t`,
      [DEMO_REGULATOR_AREA],
    )
    const { data: rec, error: recErr } = await api.rpc('record_accident', {
      accident: {
        occurred_at: new Date(Date.now() - 2 * 86_400_000).toISOString(),
        lon: Number(pt[0]!.lon),
        lat: Number(pt[0]!.lat),
        sector: 'imt_manufacturing',
        deaths: 1,
        serious_injuries: 0,
        minor_injuries: 0,
        direct_loss_10k_yuan: 50,
        description: 'e2e 续报测试（演示）',
      },
    })
    expect(recErr).toBeNull()
    const id = (rec as { id: string }).id

    const { page, errors } = await newPage(browser, { width: 1440, height: 1000 })
    await page.goto(appUrl + '/#/indicators')
    await signInAs(page, u)
    await page.waitForFunction(() => document.querySelector('[data-testid="indicators-page"]')?.getAttribute('data-status') === 'ok', undefined, {
      timeout: 30_000,
    })
    const year = 2020
    await page.getByTestId('indicators-year').selectOption(String(year))

    // trends: one per indicator; the city's reduction target names its base year (2015)
    await page.waitForFunction(() => document.querySelector('[data-testid="trends"]')?.getAttribute('data-status') === 'ok', undefined, { timeout: 60_000 })
    expect(await page.getByTestId('trend').count()).toBe(7)
    const { data: trend } = await api.rpc('indicator_trend', { area_code: '440700', from_year: 2015, to_year: 2020 })
    const base = (trend as { base_year: number | null }[]).find((r) => r.base_year !== null)?.base_year ?? null
    if (base !== null) expect(await page.locator('[data-testid="trend-base"]').first().getAttribute('data-year')).toBe(String(base))
    const deaths2020 = (trend as { year: number; indicator: string; value: number | null }[]).find((r) => r.year === 2020 && r.indicator === 'deaths')!
    expect(await page.locator('[data-trend="deaths"] circle[data-year="2020"]').getAttribute('data-value')).toBe(String(Number(deaths2020.value)))

    // choropleth: each district in the class its value falls in (quantiles over the values present)
    await page.getByTestId('choro-indicator').selectOption('deaths_per_100m_gdp')
    await page.waitForFunction(() => document.querySelector('[data-testid="choropleth"]')?.getAttribute('data-status') === 'ok', undefined, { timeout: 60_000 })
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="choro-district"]').length === n, 7, { timeout: 30_000 })
    const { data: byDistrict } = await api.rpc('indicator_by_district', { area_code: '440700', year, indicator: 'deaths_per_100m_gdp' })
    const dv = byDistrict as { code: string; value: number | null }[]
    const breaks = classBreaks(
      dv.map((r) => (r.value === null ? null : Number(r.value))),
      4,
    )
    for (const r of dv) {
      const c = classOf(r.value === null ? null : Number(r.value), breaks)
      // (the previous indicator's map reads "ok" too until the new answer is drawn: wait for the class)
      await expect
        .poll(() => page.locator(`[data-testid="choro-district"][data-code="${r.code}"]`).getAttribute('data-class'), { timeout: 30_000, message: r.code })
        .toBe(c === null ? 'none' : String(c))
    }
    await expect.poll(() => page.getByTestId('choro-class').count(), { timeout: 30_000 }).toBe(breaks.length + 1)
    await page.waitForTimeout(1200)
    await page.screenshot({ path: `${OUT}/accidents-indicators-2020.png`, fullPage: true })

    // the printable report
    await page.emulateMedia({ media: 'print' })
    await page.waitForTimeout(500)
    expect(await page.getByTestId('report-head').isVisible()).toBe(true)
    expect(await page.getByTestId('indicators-print').isVisible()).toBe(false)
    await page.screenshot({ path: `${OUT}/accidents-indicators-print.png`, fullPage: true })
    await page.emulateMedia({ media: 'screen' })

    // 续报 through the UI: this year, the district, the accident recorded above
    const now = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear()
    await page.getByTestId('indicators-area').selectOption(DEMO_REGULATOR_AREA)
    await page.getByTestId('indicators-year').selectOption(String(now))
    const row = page.locator(`[data-testid="accident-row"][data-id="${id}"]`)
    await row.waitFor({ timeout: 30_000 })
    await page.getByTestId('filter-district').selectOption(DEMO_REGULATOR_AREA)
    await row.getByTestId('accident-open').click()
    await page.getByTestId('history-item').first().waitFor({ timeout: 15_000 })
    expect(await page.locator('[data-testid="history-item"]').count()).toBe(1)
    await page.getByTestId('fu-deaths').fill('3')
    await page.getByTestId('fu-serious').fill('2')
    await page.getByTestId('fu-submit').click()
    await page.getByTestId('fu-result').waitFor({ timeout: 15_000 })
    expect(await page.getByTestId('fu-result').textContent()).toMatch(/已续报：较大事故/)
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="history-item"]').length === 2, undefined, { timeout: 15_000 })
    expect(await page.locator('[data-testid="history-item"]').nth(1).getAttribute('data-kind')).toBe('followup')
    const { data: hist } = await api.from('accident_reports').select('kind, deaths, serious_injuries').eq('accident_id', id).order('id')
    expect(hist).toEqual([
      { kind: 'first', deaths: 1, serious_injuries: 0 },
      { kind: 'followup', deaths: 3, serious_injuries: 2 },
    ])
    await page.screenshot({ path: `${OUT}/accidents-followup.png`, fullPage: true })
    expect(errors).toEqual([])
    await page.close()
  })
})
