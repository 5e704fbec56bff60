// Correcting a serious-dishonesty listing on #/notices (issue 18) in headless Chromium against the
// built app and the real stack: the area's regulator (1920 px) opens a listing's edit form, is
// refused an expiry on the day of listing or before the earliest credit-repair day and a missing
// reason for the change in Chinese before anything is sent (no history row), then corrects the deciding office and the expiry with a reason;
// the listing shows the change in its history (time, who, field, old → new, reason), and the
// database holds exactly that row. An admin on a phone (390 px) corrects the reason and sees both
// edits, then reads the history in English. Screenshots: test-results/blacklist-edit-*.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OUT, startBrowser, newPage, signInAs } from '../helpers/e2e.ts'
import { sql } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA, demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'
import { expiryFloor } from '../../src/domain/blacklistEdit.ts'
import { cityToday } from '../../src/domain/cityDay.ts'

let browser: Browser
const TAG = `名单修改测试-${Date.now().toString(36)}`
let appUrl: string
let listing = ''
let enterprise = { id: '', name: '' }
let listedOn = ''

interface Edit {
  action: string
  actor_id: string | null
  actor_role: string
  fields: string[]
  changes: Record<string, { old: unknown; new: unknown }>
  note: string | null
}
async function history(): Promise<Edit[]> {
  const { rows } = await sql().query<Edit>(
    `select action, actor_id, actor_role, fields, changes, note from public.credit_blacklist_edits where listing_id = $1 order by id`,
    [listing],
  )
  return rows
}

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
  const { rows } = await sql().query<{ id: string; name: string }>(
    `select e.id, e.name from public.enterprises e
     where e.area_code like $1 and e.id <> $2
       and not exists (select 1 from public.credit_blacklist b where b.enterprise_id = e.id and b.removed_on is null)
     order by e.name limit 1`,
    [`${DEMO_REGULATOR_AREA}%`, DEMO_ENTERPRISE_ID],
  )
  enterprise = rows[0]!
  const ins = await sql().query<{ id: string; listed_on: string }>(
    `insert into public.credit_blacklist (enterprise_id, reason, decision, decided_by, listed_on)
     values ($1, $2 || ' 瞒报较大生产安全事故', '江应急失信〔2026〕41号', '江门市应急管理局', app.today() - 30) returning id, listed_on::text`,
    [enterprise.id, TAG],
  )
  listing = ins.rows[0]!.id
  listedOn = ins.rows[0]!.listed_on
}, 120_000)

afterAll(async () => {
  await browser?.close()
  // listings are never deleted through the API; this file's one goes directly (its history stays)
  await sql().query(`delete from public.credit_blacklist where reason like $1`, [`${TAG}%`])
})

async function openListing(role: AppRole, width: number, height: number): Promise<{ page: Page; errors: string[]; item: ReturnType<Page['locator']> }> {
  const { page, errors } = await newPage(browser, { width, height })
  await page.goto(appUrl + '/#/notices')
  await signInAs(page, role)
  await page.waitForSelector('[data-testid="notices-page"][data-status="ok"]', { timeout: 60_000 })
  await page.getByTestId('notice-section-blacklist').click()
  await page.waitForSelector('[data-testid="bl-section"][data-status="ok"]', { timeout: 30_000 })
  await page.getByTestId('bl-find').fill(enterprise.name)
  await page.waitForSelector(`[data-testid="bl-section"][data-status="ok"][data-search="${enterprise.name}"]`, { timeout: 30_000 })
  const item = page.locator(`[data-testid="bl-item"][data-id="${listing}"]`)
  await item.waitFor({ timeout: 30_000 })
  return { page, errors, item }
}

function plusYears(day: string, years: number): string {
  return `${Number(day.slice(0, 4)) + years}${day.slice(4)}`.replace(/-02-29$/, '-02-28')
}

describe('correcting a listing on #/notices', () => {
  it("the area's regulator at 1920 px: bad values refused in Chinese before sending; a correction recorded and shown in the history", async () => {
    const { page, errors, item } = await openListing('regulator', 1920, 1080)
    const before = await history()
    expect(before.map((e) => e.action)).toEqual(['listed'])

    await item.getByTestId('bl-edit').click()
    const form = item.getByTestId('bl-edit-form')
    await form.waitFor()
    // the form starts from the listing as it is
    expect(await form.getByTestId('bl-edit-reason').inputValue()).toBe(`${TAG} 瞒报较大生产安全事故`)
    expect(await form.getByTestId('bl-edit-decided-by').inputValue()).toBe('江门市应急管理局')
    // nothing changed: said, nothing sent
    await form.getByTestId('bl-edit-save').click()
    expect(await form.getByTestId('bl-edit-error-form').innerText()).toBe('没有修改任何内容')
    expect(await form.getByTestId('bl-edit-error-note').innerText()).toBe('修改理由：必填，2–500 个字符')
    // an expiry on the day of listing and no reason for the change: refused in Chinese, nothing sent
    await form.getByTestId('bl-edit-expires-on').fill(listedOn)
    await form.getByTestId('bl-edit-decided-by').fill('江海区应急管理局')
    await form.getByTestId('bl-edit-save').click()
    expect(await form.getByTestId('bl-edit-error-expires_on').innerText()).toBe(`移出日期：须晚于列入日期（${listedOn}）`)
    expect(await form.getByTestId('bl-edit-error-note').innerText()).toBe('修改理由：必填，2–500 个字符')
    expect(await form.getByTestId('bl-edit-error-form').count()).toBe(0)
    await page.screenshot({ path: `${OUT}/blacklist-edit-refused-1920.png` })
    // an expiry before the earliest credit-repair day would end the listing early: refused, with that day
    const floor = expiryFloor(listedOn, cityToday())
    const dayBefore = new Date(Date.parse(`${floor}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
    await form.getByTestId('bl-edit-expires-on').fill(dayBefore)
    await form.getByTestId('bl-edit-save').click()
    expect(await form.getByTestId('bl-edit-error-expires_on').innerText()).toBe(
      `移出日期：不得早于 ${floor}（列入满 12 个月且不早于今天）；提前移出须办理信用修复`,
    )
    expect(await history()).toEqual(before)

    // corrected: a real expiry and the reason for the change
    const expires = plusYears(listedOn, 2)
    await form.getByTestId('bl-edit-expires-on').fill(expires)
    await form.getByTestId('bl-edit-note').fill('决定机关更正为区应急管理局，期限按决定书调整')
    await form.getByTestId('bl-edit-save').click()
    expect(await page.getByTestId('bl-flash').innerText()).toContain('的名单信息已修改并留痕')
    await form.waitFor({ state: 'detached' })
    const h = item.getByTestId('bl-history')
    await item.locator('[data-testid="bl-history"][data-status="ok"][data-count="2"]').waitFor({ timeout: 30_000 })
    const newest = h.getByTestId('bl-history-entry').first()
    expect(await newest.getAttribute('data-action')).toBe('edited')
    expect(await newest.getAttribute('data-fields')).toBe('decided_by,expires_on')
    // who: the role and an opaque mark, and "本人" for the signed-in user's own change
    expect(await newest.getByTestId('bl-history-who').innerText()).toMatch(/^修改人：监管部门 #[0-9a-f]{6}（本人）$/)
    const office = newest.locator('[data-testid="bl-history-change"][data-field="decided_by"]')
    expect(await office.locator('th').innerText()).toBe('决定机关')
    expect(await office.getByTestId('bl-history-old').innerText()).toBe('江门市应急管理局')
    expect(await office.getByTestId('bl-history-new').innerText()).toBe('江海区应急管理局')
    const expiry = newest.locator('[data-testid="bl-history-change"][data-field="expires_on"]')
    expect(await expiry.getByTestId('bl-history-new').innerText()).toBe(expires)
    expect(await newest.getByTestId('bl-history-note').innerText()).toBe('理由：决定机关更正为区应急管理局，期限按决定书调整')
    // the listing itself shows the new values
    expect(await item.locator('.ntc-bl-head').innerText()).toContain('江海区应急管理局')

    const after = await history()
    expect(after).toHaveLength(2)
    expect(after[1]).toMatchObject({
      action: 'edited',
      actor_id: demoUser('regulator').id,
      actor_role: 'regulator',
      fields: ['decided_by', 'expires_on'],
      note: '决定机关更正为区应急管理局，期限按决定书调整',
      changes: { decided_by: { old: '江门市应急管理局', new: '江海区应急管理局' }, expires_on: { new: expires } },
    })
    await item.scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${OUT}/blacklist-edit-history-1920.png` })
    expect(errors).toEqual([])
    await page.close()
  })

  it('an admin on a phone (390 px) corrects the reason and reads both edits, in Chinese and in English', async () => {
    const { page, errors, item } = await openListing('admin', 390, 844)
    await item.getByTestId('bl-edit').click()
    const form = item.getByTestId('bl-edit-form')
    await form.getByTestId('bl-edit-reason').fill(`${TAG} 瞒报较大生产安全事故，拒不整改`)
    await form.getByTestId('bl-edit-note').fill('补充失信情形')
    // the form fits the phone: no sideways scrolling
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await form.screenshot({ path: `${OUT}/blacklist-edit-form-390.png` })
    await form.getByTestId('bl-edit-save').click()
    await item.locator('[data-testid="bl-history"][data-status="ok"][data-count="3"]').waitFor({ timeout: 30_000 })
    const entries = item.getByTestId('bl-history-entry')
    expect(await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))).toEqual(['edited', 'edited', 'listed'])
    const newest = entries.first()
    expect(await newest.getAttribute('data-fields')).toBe('reason')
    expect(await newest.getByTestId('bl-history-who').innerText()).toMatch(/^修改人：系统管理员 #[0-9a-f]{6}（本人）$/)
    // the regulator's change, seen by the admin: not "本人"
    expect(await entries.nth(1).getByTestId('bl-history-who').innerText()).toMatch(/^修改人：监管部门 #[0-9a-f]{6}$/)
    // the new listing's entry shows its content (reason, decision, office, days), not the enterprise's id or the demo flag
    const listed = entries.last()
    expect(await listed.locator('[data-testid="bl-history-change"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-field')))).toEqual([
      'reason',
      'decision',
      'decided_by',
      'listed_on',
      'expires_on',
    ])
    expect(await newest.getByTestId('bl-history-old').innerText()).toBe(`${TAG} 瞒报较大生产安全事故`)
    expect(await newest.getByTestId('bl-history-new').innerText()).toBe(`${TAG} 瞒报较大生产安全事故，拒不整改`)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await item.getByTestId('bl-history').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${OUT}/blacklist-edit-history-390.png`, fullPage: false })
    const last = await history()
    expect(last).toHaveLength(3)
    expect(last[2]).toMatchObject({ action: 'edited', actor_id: demoUser('admin').id, actor_role: 'admin', fields: ['reason'], note: '补充失信情形' })

    await page.getByTestId('lang-toggle').click()
    await item.getByTestId('bl-history').getByText('History', { exact: true }).waitFor()
    expect(await newest.locator('strong').innerText()).toBe('Edited')
    expect(await newest.locator('[data-testid="bl-history-change"] th').innerText()).toBe('Reason')
    expect(await newest.getByTestId('bl-history-who').innerText()).toMatch(/^By: Administrator #[0-9a-f]{6} \(you\)$/)
    await item.getByTestId('bl-history').screenshot({ path: `${OUT}/blacklist-edit-history-390-en.png` })
    expect(errors).toEqual([])
    await page.close()
  })
})
