// #/notices (issue 18), what the first pass left out, in headless Chromium against the built app and
// the real stack: every draft is reached past the newest 100 (上一页/下一页, the range and total the
// database counts); the removed listings are paged the same way and searched by enterprise name or credit
// code in the database (a "%" typed matches itself, not everything); a draft that already holds a
// mobile number and a resident ID (written through the API, as an import would) is marked in the
// drafts list with both fields named, before anyone tries to publish it; an admin drafts a notice
// for the whole city (全市), which a district regulator is not offered. Every row made here is
// deleted at the end (other files count notices and listings). Screenshots:
// test-results/notices-more-*.png at 1920 and 390 px.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OUT, startBrowser, newPage, signInAs } from '../helpers/e2e.ts'
import { signIn as apiSignIn, sql } from '../helpers/stack.ts'
import { DEMO_REGULATOR_AREA, demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'
import { CITY_CODE, CITY_NAME } from '../../supabase/seed/areas.ts'
import { findPersonalData, personalDataMessage, residentIdCheckChar } from '../../src/domain/notices.ts'

let browser: Browser
let appUrl: string
const TAG = `公告翻页测试-${Date.now().toString(36)}`
const ID17 = '44070419850315123'
const RESIDENT_ID = ID17 + residentIdCheckChar(ID17)
const BULK = 105

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
afterAll(async () => {
  await browser?.close()
  // notices' history is append-only for everyone but this cleanup: the rows this file made (and
  // their history) go with the triggers off, so no other file counts them
  await sql().query(
    `do $$ begin
       perform set_config('session_replication_role', 'replica', true);
       delete from public.public_notice_events where notice_id in (select id from public.public_notices where title like '${TAG}%');
       delete from public.public_notices where title like '${TAG}%';
     end $$`,
  )
  await sql().query(`delete from public.credit_blacklist where reason like $1`, [`${TAG}%`])
})

async function signedIn(role: AppRole, width = 1920, height = 1080): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await newPage(browser, { width, height })
  await page.goto(appUrl + '/#/notices')
  await signInAs(page, role)
  await page.waitForSelector('[data-testid="notices-page"][data-status="ok"]', { timeout: 60_000 })
  return { page, errors }
}

const ready = (page: Page, attrs: string) => page.waitForSelector(`[data-testid="notices-page"][data-status="ok"]${attrs}`, { timeout: 30_000 })
const listed = (page: Page, id: string) => page.locator(`[data-testid="notices-list"] [data-testid="notice-item"][data-id="${id}"]`)

describe('#/notices: paging, the listings search, drafts holding personal data, the whole city', () => {
  const bulk: string[] = []
  let personalId = ''

  beforeAll(async () => {
    // 105 drafts in the regulator's district, the newest of all (a millisecond apart), made in one statement
    const { rows } = await sql().query<{ id: string }>(
      `insert into public.public_notices (kind, title, body, area_codes, area_code, author_role, updated_at)
       select 'general', format('%s 第%s号', $1::text, lpad(i::text, 3, '0')), '翻页测试公告正文。', array[$2::text], $2::text, 'regulator',
              now() - make_interval(secs => i / 1000.0)
       from generate_series(0, $3::int - 1) i
       returning id`,
      [TAG, DEMO_REGULATOR_AREA, BULK],
    )
    bulk.push(...rows.map((r) => r.id))
    // a draft written through the API (as an import would) that already holds a resident ID and a mobile number
    const admin = await apiSignIn(demoUser('admin').email, demoUser('admin').password)
    const { data, error } = await admin
      .from('public_notices')
      .insert({
        kind: 'general',
        title: `${TAG} 联系 13912345678`,
        body: `值班人员身份证 ${RESIDENT_ID}，请核实。`,
        area_codes: [DEMO_REGULATOR_AREA],
      })
      .select('id')
      .single()
    expect(error).toBeNull()
    personalId = (data as { id: string }).id
  }, 60_000)

  it('the drafts list pages by 100: the range and total, 下一页 to the rest, 上一页 back; a draft holding personal data is marked with both fields', async () => {
    const { page, errors } = await signedIn('regulator')
    // the regulator's drafts: those of its district (the database's count, as the regulator)
    const reg = await apiSignIn(demoUser('regulator').email, demoUser('regulator').password)
    const { count } = await reg.from('public_notices').select('id', { count: 'exact', head: true }).eq('status', 'draft')
    const total = count!
    expect(total).toBeGreaterThan(BULK)
    expect(total).toBeLessThanOrEqual(200)
    await ready(page, '[data-tab="draft"][data-page="0"]')
    expect(await page.getByTestId('notices-page').getAttribute('data-total')).toBe(String(total))
    expect(await page.getByTestId('notices-page').getAttribute('data-count')).toBe('100')
    expect(await page.getByTestId('notices-pager-range').innerText()).toBe(`第 1–100 条，共 ${total} 条`)
    expect(await page.getByTestId('notices-pager-prev').isDisabled()).toBe(true)

    // the newest draft holds personal data: marked in the list, both fields named, the numbers masked
    const flagged = listed(page, personalId)
    await flagged.waitFor()
    const mark = flagged.getByTestId('notice-personal')
    expect(await mark.getAttribute('data-fields')).toBe('title body')
    const t = findPersonalData(`${TAG} 联系 13912345678`)[0]!
    const b = findPersonalData(`值班人员身份证 ${RESIDENT_ID}，请核实。`)[0]!
    expect(await mark.locator('[data-field="title"]').innerText()).toBe(personalDataMessage('标题', t, 'zh'))
    expect(await mark.locator('[data-field="body"]').innerText()).toBe(personalDataMessage('正文', b, 'zh'))
    expect(await mark.innerText()).toContain('含个人信息，发布前须删改')
    expect(await mark.innerText()).not.toContain(RESIDENT_ID)
    expect(await mark.innerText()).not.toContain('13912345678')
    // an ordinary draft is not marked
    expect(await listed(page, bulk[0]!).getByTestId('notice-personal').count()).toBe(0)
    await flagged.scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${OUT}/notices-more-drafts-flag.png` })

    // the oldest of the 105 is not on the first page; 下一页 reaches it
    expect(await listed(page, bulk[BULK - 1]!).count()).toBe(0)
    await page.getByTestId('notices-pager-foot-next').click()
    await ready(page, '[data-tab="draft"][data-page="1"]')
    expect(await page.getByTestId('notices-page').getAttribute('data-count')).toBe(String(total - 100))
    expect(await page.getByTestId('notices-pager-range').innerText()).toBe(`第 101–${total} 条，共 ${total} 条`)
    await listed(page, bulk[BULK - 1]!).waitFor()
    expect(await page.getByTestId('notices-pager-next').isDisabled()).toBe(true)
    await page.screenshot({ path: `${OUT}/notices-more-drafts-page2.png` })
    // every draft the regulator may see was reached, each once
    const second = await page
      .locator('[data-testid="notices-list"] [data-testid="notice-item"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))
    await page.getByTestId('notices-pager-prev').click()
    await ready(page, '[data-tab="draft"][data-page="0"]')
    const first = await page.locator('[data-testid="notices-list"] [data-testid="notice-item"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))
    expect(new Set([...first, ...second]).size).toBe(total)
    // another tab starts on its first page
    await page.getByTestId('notice-tab-withdrawn').click()
    await ready(page, '[data-tab="withdrawn"][data-page="0"]')
    expect(errors).toEqual([])
    await page.close()
  })

  it('on a phone the pager and the marked draft still read (390 px)', async () => {
    const { page, errors } = await signedIn('regulator', 390, 844)
    await listed(page, personalId).getByTestId('notice-personal').waitFor({ timeout: 30_000 })
    await page.getByTestId('notices-pager').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${OUT}/notices-more-phone-drafts.png` })
    const overflow = await page.evaluate(() => document.querySelector('[data-testid="notices-page"]')!.scrollWidth - 390)
    expect(overflow).toBeLessThanOrEqual(0)
    const next = await page.getByTestId('notices-pager-next').boundingBox()
    expect(next!.x + next!.width).toBeLessThanOrEqual(390)
    expect(errors).toEqual([])
    await page.close()
  })

  it('the removed listings: paged by 100 and searched by name or credit code in the database, with the count; "%" matches itself only', async () => {
    // enough removed listings for a second page (an enterprise has one open listing at most, removed
    // ones many): removed after 13 months, as credit repair allows, spread over the enterprises
    const { rows: cur } = await sql().query<{ n: number }>(`select count(*)::int n from public.credit_blacklist where removed_on is not null`)
    const need = Math.max(0, 101 - cur[0]!.n) + 3
    const { rows: ents } = await sql().query<{ id: string; name: string; credit_code: string }>(
      `select id, name, credit_code from public.enterprises order by credit_code limit 60`,
    )
    expect(ents.length).toBeGreaterThan(2)
    await sql().query(
      `insert into public.credit_blacklist (enterprise_id, reason, decision, listed_on, removed_on, removal_reason)
       select ($1::uuid[])[1 + (n % cardinality($1::uuid[]))], format('%s 第%s条', $2::text, n), '江应急失信〔2024〕1号',
              app.today() - 800 - n::int, app.today() - 400 + (n % 300)::int, '已完成信用修复'
       from generate_series(1, $3::int) n`,
      [ents.map((e) => e.id), TAG, need],
    )
    const { rows: now } = await sql().query<{ n: number }>(`select count(*)::int n from public.credit_blacklist where removed_on is not null`)
    const total = now[0]!.n
    expect(total).toBeGreaterThan(100)

    const { page, errors } = await signedIn('admin')
    await page.getByTestId('notice-section-blacklist').click()
    await page.getByTestId('bl-tab-removed').click()
    const section = page.getByTestId('bl-section')
    await page.waitForSelector('[data-testid="bl-section"][data-status="ok"][data-removed="true"][data-page="0"]', { timeout: 30_000 })
    expect(await section.getAttribute('data-total')).toBe(String(total))
    expect(await page.getByTestId('bl-pager-range').innerText()).toBe(`第 1–100 条，共 ${total} 条`)
    await page.getByTestId('bl-pager-next').click()
    await page.waitForSelector('[data-testid="bl-section"][data-status="ok"][data-page="1"]', { timeout: 30_000 })
    expect(await section.getAttribute('data-count')).toBe(String(Math.min(100, total - 100)))
    expect(await page.getByTestId('bl-pager-range').innerText()).toBe(`第 101–${Math.min(200, total)} 条，共 ${total} 条`)

    // by credit code: that enterprise's removed listings only, back on the first page
    const one = ents[1]!
    const { rows: its } = await sql().query<{ n: number }>(
      `select count(*)::int n from public.credit_blacklist where removed_on is not null and enterprise_id = $1`,
      [one.id],
    )
    expect(its[0]!.n).toBeGreaterThan(0)
    await page.getByTestId('bl-find').fill(one.credit_code)
    await page.waitForSelector(`[data-testid="bl-section"][data-status="ok"][data-search="${one.credit_code}"]`, { timeout: 30_000 })
    expect(await section.getAttribute('data-page')).toBe('0')
    expect(await page.getByTestId('bl-matches').innerText()).toBe(`“${one.credit_code}”：${its[0]!.n} 条匹配`)
    const ids = await page.locator('[data-testid="bl-item"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-enterprise')))
    expect(new Set(ids)).toEqual(new Set([one.id]))
    expect(ids).toHaveLength(its[0]!.n)

    // by part of a name: the database's count of the same match (enterprise name or credit code)
    const part = Array.from(one.name).slice(0, 2).join('')
    const { rows: m } = await sql().query<{ n: number }>(
      `select count(*)::int n from public.credit_blacklist b join public.enterprises e on e.id = b.enterprise_id
       where b.removed_on is not null and (e.name ilike '%' || $1 || '%' or e.credit_code ilike '%' || $1 || '%')`,
      [part],
    )
    await page.getByTestId('bl-find').fill(part)
    await page.waitForSelector(`[data-testid="bl-section"][data-status="ok"][data-search="${part}"]`, { timeout: 30_000 })
    expect(await page.getByTestId('bl-matches').innerText()).toBe(`“${part}”：${m[0]!.n} 条匹配`)
    expect(await section.getAttribute('data-total')).toBe(String(m[0]!.n))
    await page.screenshot({ path: `${OUT}/notices-more-blacklist-search.png` })

    // LIKE's wildcard typed is matched as itself: no enterprise name holds "%"
    await page.getByTestId('bl-find').fill('%')
    await page.waitForSelector('[data-testid="bl-section"][data-status="ok"][data-search="%"]', { timeout: 30_000 })
    expect(await page.getByTestId('bl-matches').innerText()).toBe('“%”：0 条匹配')
    expect(await page.getByTestId('bl-empty').innerText()).toBe('没有企业名称或信用代码含“%”的记录')
    // a comma and brackets do not break the filter
    await page.getByTestId('bl-find').fill('a,b(c)')
    await page.waitForSelector('[data-testid="bl-section"][data-status="ok"][data-search="a,b(c)"]', { timeout: 30_000 })
    expect(await page.getByTestId('bl-matches').innerText()).toBe('“a,b(c)”：0 条匹配')
    // cleared: every current listing again
    await page.getByTestId('bl-find').fill('')
    await page.waitForSelector('[data-testid="bl-section"][data-status="ok"][data-search=""]', { timeout: 30_000 })
    expect(await section.getAttribute('data-total')).toBe(String(total))
    expect(errors).toEqual([])
    await page.close()

    const phone = await signedIn('admin', 390, 844)
    await phone.page.getByTestId('notice-section-blacklist').click()
    await phone.page.getByTestId('bl-tab-removed').click()
    await phone.page.waitForSelector('[data-testid="bl-section"][data-status="ok"][data-removed="true"]', { timeout: 30_000 })
    await phone.page.getByTestId('bl-find').fill(part)
    await phone.page.waitForSelector(`[data-testid="bl-section"][data-status="ok"][data-search="${part}"]`, { timeout: 30_000 })
    await phone.page.screenshot({ path: `${OUT}/notices-more-phone-blacklist.png` })
    expect(await phone.page.evaluate(() => document.querySelector('[data-testid="notices-page"]')!.scrollWidth - 390)).toBeLessThanOrEqual(0)
    expect(phone.errors).toEqual([])
    await phone.page.close()
  })

  it('an admin drafts a notice for the whole city; a district regulator is not offered the city', async () => {
    const { page, errors } = await signedIn('admin')
    await page.getByTestId('notice-new').click()
    await page.getByTestId('notice-form').waitFor()
    const city = page.getByTestId('notice-area-city')
    expect(await city.getAttribute('data-code')).toBe(CITY_CODE)
    expect(await page.locator('label', { has: city }).innerText()).toContain(`全市（${CITY_NAME}）`)
    await city.check()
    // the districts it covers show ticked and cannot be chosen apart
    expect(await page.getByTestId(`notice-area-${DEMO_REGULATOR_AREA}`).isChecked()).toBe(true)
    expect(await page.getByTestId(`notice-area-${DEMO_REGULATOR_AREA}`).isDisabled()).toBe(true)
    await page.getByTestId('notice-kind-select').selectOption('general')
    await page.getByTestId('notice-title').fill(`${TAG} 全市节日期间安全生产提示`)
    await page.getByTestId('notice-body').fill('节日期间全市各企业须落实值班值守，严禁违规动火作业。')
    await page.screenshot({ path: `${OUT}/notices-more-city-form.png` })
    await page.getByTestId('notice-save').click()
    await page.getByTestId('notice-flash').waitFor({ timeout: 30_000 })
    const { rows } = await sql().query<{ id: string; area_codes: string[]; area_code: string }>(
      `select id, area_codes, area_code from public.public_notices where title = $1`,
      [`${TAG} 全市节日期间安全生产提示`],
    )
    expect(rows[0]).toMatchObject({ area_codes: [CITY_CODE], area_code: CITY_CODE })
    const item = listed(page, rows[0]!.id)
    await item.waitFor({ timeout: 30_000 })
    expect(await item.getByTestId('notice-toggle').innerText()).toContain(`区域：${CITY_NAME}`)
    // the whole city unticked: no area, and the form says so
    await item.getByTestId('notice-edit').click()
    await page.getByTestId('notice-area-city').uncheck()
    await page.getByTestId('notice-save').click()
    expect(await page.getByTestId('notice-error-areas').innerText()).toBe('区域：请至少选择一个区域或划定范围')
    expect(errors).toEqual([])
    await page.close()

    const reg = await signedIn('regulator')
    await reg.page.getByTestId('notice-new').click()
    await reg.page.getByTestId('notice-form').waitFor()
    expect(await reg.page.getByTestId('notice-area-city').count()).toBe(0)
    expect(await reg.page.locator('[data-testid="notice-areas"] input').count()).toBe(1)
    await reg.page.close()
  })
})
