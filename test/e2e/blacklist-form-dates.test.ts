// The new-listing form of #/notices (blacklist tab) keeps the database's date rules for a new
// listing (20270120000100_blacklist_listing_dates.sql) in headless Chromium against the built app
// and the real stack: a day of listing after today, and an expiry before the earliest credit-repair
// day (12 months after listing, not before today), are refused in words by the form, nothing sent;
// from that day it is saved with the dates typed (read back in SQL). The dates the test expects are
// the database's (app.today()), not the browser's. English at 390 px says the same.
// Screenshots: test-results/blacklist-form-dates-*.png. The listing is deleted at the end.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OUT, startBrowser, newPage, signInAs } from '../helpers/e2e.ts'
import { sql } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA } from '../../supabase/seed/demo-users.ts'

let browser: Browser
let appUrl: string
const TAG = `名单日期表单-${Date.now().toString(36)}`
let ent = { id: '', name: '' }

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
  const { rows } = await sql().query<{ id: string; name: string }>(
    `select e.id, e.name from public.enterprises e
     where e.area_code like $1 and e.id <> $2
       and not exists (select 1 from public.credit_blacklist b where b.enterprise_id = e.id)
       and (select count(*) from public.enterprises o where o.name = e.name) = 1
     order by e.id desc limit 1`,
    [`${DEMO_REGULATOR_AREA}%`, DEMO_ENTERPRISE_ID],
  )
  ent = rows[0]!
})
afterAll(async () => {
  await browser?.close()
  await sql().query(`delete from public.credit_blacklist where reason like $1`, [`${TAG}%`])
})

async function day(expr: string): Promise<string> {
  const { rows } = await sql().query<{ d: string }>(`select (${expr})::date::text as d`)
  return rows[0]!.d
}

async function openForm(width: number, height: number): Promise<{ page: Page; errors: string[]; writes: () => number }> {
  const { page, errors } = await newPage(browser, { width, height })
  let writes = 0
  page.on('request', (r) => {
    if (r.url().includes('/rest/v1/credit_blacklist') && r.method() !== 'GET') writes++
  })
  await page.goto(appUrl + '/#/notices')
  await signInAs(page, 'regulator')
  await page.waitForSelector('[data-testid="notices-page"][data-status="ok"]', { timeout: 60_000 })
  await page.getByTestId('notice-section-blacklist').click()
  await page.waitForSelector('[data-testid="bl-section"][data-status="ok"]', { timeout: 30_000 })
  await page.getByTestId('bl-add').click()
  await page.getByTestId('bl-search').fill(ent.name)
  await page.waitForSelector(`[data-testid="bl-enterprise"] option[value="${ent.id}"]`, { state: 'attached', timeout: 30_000 })
  await page.getByTestId('bl-enterprise').selectOption(ent.id)
  await page.getByTestId('bl-reason').fill(`${TAG} 瞒报生产安全事故`)
  return { page, errors, writes: () => writes }
}

describe('#/notices blacklist: a new listing’s dates', () => {
  it('a day of listing after today and an expiry before the credit-repair day are refused by the form; that day is saved', async () => {
    const { page, errors, writes } = await openForm(1920, 1080)
    const today = await day('app.today()')
    expect(await page.getByTestId('bl-listed-on').getAttribute('max')).toBe(today)
    await page.getByTestId('bl-listed-on').fill(await day('app.today() + 1'))
    await page.getByTestId('bl-save').click()
    expect(await page.getByTestId('bl-error-listed_on').innerText()).toBe(`列入日期：不得晚于今天（${today}）`)

    const listedOn = await day('app.today() - 30')
    const floor = await day(`app.today() - 30 + interval '12 months'`)
    await page.getByTestId('bl-listed-on').fill(listedOn)
    await page.getByTestId('bl-expires-on').fill(await day('app.today() + 10'))
    await page.getByTestId('bl-save').click()
    expect(await page.getByTestId('bl-error-listed_on').count()).toBe(0)
    expect(await page.getByTestId('bl-error-expires_on').innerText()).toBe(`移出日期：不得早于 ${floor}（列入满 12 个月且不早于今天）；提前移出须办理信用修复`)
    await page.getByTestId('bl-form').screenshot({ path: `${OUT}/blacklist-form-dates-1920.png` })
    expect(writes()).toBe(0)

    await page.getByTestId('bl-expires-on').fill(floor)
    await page.getByTestId('bl-save').click()
    await page.getByTestId('bl-flash').waitFor({ timeout: 30_000 })
    expect(writes()).toBe(1)
    const { rows } = await sql().query<{ listed_on: string; expires_on: string }>(
      `select listed_on::text, expires_on::text from public.credit_blacklist where enterprise_id = $1 and reason like $2`,
      [ent.id, `${TAG}%`],
    )
    expect(rows).toEqual([{ listed_on: listedOn, expires_on: floor }])
    expect(errors).toEqual([])
    await page.close()
    await sql().query(`delete from public.credit_blacklist where reason like $1`, [`${TAG}%`])
  })

  it('in English at 390 px', async () => {
    const { page, errors, writes } = await openForm(390, 844)
    await page.getByTestId('lang-toggle').click()
    const today = await day('app.today()')
    await page.getByTestId('bl-listed-on').fill(await day('app.today() + 3'))
    await page.getByTestId('bl-save').click()
    expect(await page.getByTestId('bl-error-listed_on').innerText()).toBe(`Listed on: not after today (${today})`)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await page.getByTestId('bl-error-listed_on').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${OUT}/blacklist-form-dates-390-en.png` })
    expect(writes()).toBe(0)
    expect(errors).toEqual([])
    await page.close()
  })
})
