// The 预案 form of #/registries (issue 18) in headless Chromium against the built app and the real stack:
// a regulator's empty or bad entry is stopped before sending with Chinese messages per field; a
// department plan added with its filing is then in the list and the 备案率 table, and an edit records a
// drill. An enterprise adds its own plan with the filing fields closed to it (the regulator records the
// filing), sees no edit button on plans it does not own, and the database refuses its filing date word
// for word. Screenshots: test-results/registries-plans-*.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OUT, startBrowser, newPage, signInAs } from '../helpers/e2e.ts'
import { signIn as apiSignIn, sql } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'
import { cityToday } from '../../src/domain/cityDay.ts'

let browser: Browser
let appUrl: string
const NAME = `演示危化品泄漏专项预案 ${Date.now().toString(36)}`
const today = cityToday()

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
afterAll(async () => {
  await sql().query(`delete from public.emergency_plans where name like $1`, [`${NAME}%`])
  await browser?.close()
})

async function signedIn(role: AppRole, path: string, width = 1920): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await newPage(browser, { width, height: 1080 })
  await page.goto(appUrl + '/')
  await page.waitForFunction(() => window.__onemap?.ready === true, undefined, { timeout: 90_000 })
  await signInAs(page, role)
  await page.goto(appUrl + '/#' + path)
  return { page, errors }
}

const listWith = (page: Page, total: number) =>
  page.waitForSelector(`[data-testid="reg-list-plans"][data-status="ok"][data-total="${total}"]`, { timeout: 60_000 })

describe('#/registries: the emergency-plan form', () => {
  it('a regulator adds a department plan with its filing (checked first) and records a drill', async () => {
    const { page, errors } = await signedIn('regulator', '/registries', 1280)
    await page.waitForSelector('[data-testid="reg-list-plans"][data-status="ok"]', { timeout: 60_000 })
    let writes = 0
    page.on('request', (r) => {
      if (r.url().includes('/rest/v1/emergency_plans') && r.method() !== 'GET') writes++
    })
    await page.getByTestId('plan-add').click()
    await page.getByTestId('plan-save').click()
    for (const [f, text] of [
      ['name', '预案名称：必填'],
      ['level', '请选择预案级别'],
      ['owner_department', '编制部门：必填'],
      ['area_code', '请选择所在区域'],
    ] as const)
      await expect.poll(() => page.getByTestId(`plan-error-${f}`).innerText(), { timeout: 10_000 }).toBe(text)
    await page.getByTestId('plan-name').fill(NAME)
    await page.getByTestId('plan-level').selectOption('special')
    await page.getByTestId('plan-department').fill('江海区应急管理局')
    // the regulator's own district only
    const areas = await page.getByTestId('plan-area').evaluate((s: HTMLSelectElement) => [...s.options].map((o) => o.value).filter(Boolean))
    expect(areas).toEqual(['440704'])
    await page.getByTestId('plan-area').selectOption('440704')
    await page.getByTestId('plan-filing-no').fill('JH-YA-2026-07')
    await page.getByTestId('plan-evaluation').fill('2040-01-01')
    await page.getByTestId('plan-save').click()
    await expect.poll(() => page.getByTestId('plan-error-filed_on').innerText(), { timeout: 10_000 }).toBe('备案日期：填写备案编号时必填')
    await expect.poll(() => page.getByTestId('plan-error-next_evaluation_on').innerText(), { timeout: 10_000 }).toBe('下次评估日期：须在今后 10 年之内')
    await page.screenshot({ path: `${OUT}/registries-plans-errors.png` })
    expect(writes).toBe(0)

    await page.getByTestId('plan-filed').fill(today)
    await page.getByTestId('plan-evaluation').fill('2029-06-30')
    await page.getByTestId('plan-save').click()
    await page.getByTestId('plan-saved').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('plan-saved').innerText()).toBe(`已保存预案：${NAME}`)
    expect(writes).toBe(1)
    const { rows } = await sql().query<{ area_code: string; filed_on: string; filing_no: string; level: string }>(
      `select area_code, filed_on::text, filing_no, level from public.emergency_plans where name = $1`,
      [NAME],
    )
    expect(rows).toEqual([{ area_code: '440704', filed_on: today, filing_no: 'JH-YA-2026-07', level: 'special' }])

    // in the list (no drill on record: flagged), then a drill recorded through the edit form
    await page.getByTestId('reg-search').fill(NAME)
    await listWith(page, 1)
    expect(await page.getByTestId('reg-plan').getAttribute('data-flagged')).toBe('1')
    await page.getByTestId('plan-edit').click()
    expect(await page.getByTestId('plan-name').inputValue()).toBe(NAME)
    await page.getByTestId('plan-drill').fill(today)
    await page.getByTestId('plan-save').click()
    await page.getByTestId('plan-saved').waitFor({ timeout: 30_000 })
    await page.waitForSelector('[data-testid="reg-plan"][data-flagged=""]', { timeout: 30_000 })
    const { rows: after } = await sql().query<{ d: string }>(`select last_drill_on::text d from public.emergency_plans where name = $1`, [NAME])
    expect(after).toEqual([{ d: today }])
    await page.screenshot({ path: `${OUT}/registries-plans-saved.png` })
    expect(errors).toEqual([])
    await page.close()
  })

  it('an enterprise adds its own plan without the filing, edits only its own, and the database refuses its 备案 date', async () => {
    const { page, errors } = await signedIn('enterprise', '/registries')
    await page.waitForSelector('[data-testid="reg-list-plans"][data-status="ok"]', { timeout: 60_000 })
    await page.getByTestId('plan-add').click()
    // its own enterprise, fixed; the filing is the regulator's
    await expect.poll(() => page.getByTestId('plan-enterprise').inputValue(), { timeout: 30_000 }).toBe(DEMO_ENTERPRISE_ID)
    expect(await page.getByTestId('plan-enterprise').isDisabled()).toBe(true)
    expect(await page.getByTestId('plan-filed').isDisabled()).toBe(true)
    expect(await page.getByTestId('plan-filing-no').isDisabled()).toBe(true)
    expect(await page.getByTestId('plan-owner-kind').count()).toBe(0)
    await page.getByTestId('plan-name').fill(`${NAME} 企业现场处置方案`)
    await page.getByTestId('plan-level').selectOption('on_site')
    await page.getByTestId('plan-drill').fill(today)
    await page.screenshot({ path: `${OUT}/registries-plans-enterprise.png` })
    await page.getByTestId('plan-save').click()
    await page.getByTestId('plan-saved').waitFor({ timeout: 30_000 })
    const { rows } = await sql().query<{ owner: string; filed_on: string | null }>(
      `select owner_enterprise_id::text owner, filed_on::text from public.emergency_plans where name = $1`,
      [`${NAME} 企业现场处置方案`],
    )
    expect(rows).toEqual([{ owner: DEMO_ENTERPRISE_ID, filed_on: null }])
    // the rows it sees are its own, and each has an edit button
    await page.getByTestId('reg-search').fill(NAME)
    await listWith(page, 1)
    expect(await page.getByTestId('plan-edit').count()).toBe(1)
    // the database refuses its own 备案 date, with the message the form would show
    const ent = await apiSignIn(demoUser('enterprise').email, demoUser('enterprise').password)
    const r = await ent.from('emergency_plans').update({ filed_on: today }).eq('name', `${NAME} 企业现场处置方案`)
    expect(r.error?.message).toBe(
      'emergency_plans.filed_on（备案日期）由监管部门登记，企业不能填写或修改。 / emergency_plans.filed_on is recorded by the regulator; an enterprise may not set or change it.',
    )
    expect(errors).toEqual([])
    await page.close()
  })
})
