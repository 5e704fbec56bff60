// The 专家 form of #/registries (issue 18) in headless Chromium against the built app and the real
// stack: a regulator's empty or bad entry is stopped before sending with Chinese messages per field;
// the regulator adds an expert of its district with a phone (one call: the expert and its staff-only
// phone), edits it, and records "verified by phone today" from the list (the stale flag goes); the
// command centre reads the phone, the public cannot. A refusal is said in words: the regulator saves
// an expert that meanwhile belongs to another district. An enterprise gets no add button. The test's
// expert has the specialty "other" (incident mode lists none) and is deleted at the end.
// Screenshots: test-results/registries-experts-*.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OUT, startBrowser, newPage, signInAs } from '../helpers/e2e.ts'
import { anonClient, signIn as apiSignIn, sql } from '../helpers/stack.ts'
import { DEMO_REGULATOR_AREA, demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'

let browser: Browser
let appUrl: string
const NAME = `演示专家 ${Date.now().toString(36)}`
const OTHER_AREA = '440703'

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
afterAll(async () => {
  await sql().query(`delete from public.emergency_experts where name = $1`, [NAME])
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

const listReady = (page: Page, total?: number) =>
  page.waitForSelector(`[data-testid="reg-list-experts"][data-status="ok"]${total === undefined ? '' : `[data-total="${total}"]`}`, { timeout: 60_000 })

async function stored() {
  const { rows } = await sql().query<{ id: string; area_code: string; title: string | null; last_verified_on: string | null; phone: string | null }>(
    `select x.id, x.area_code, x.title, x.last_verified_on::text, c.phone from public.emergency_experts x
     left join public.emergency_expert_contacts c on c.expert_id = x.id where x.name = $1`,
    [NAME],
  )
  return rows
}

describe('#/registries: the expert form', () => {
  it('a regulator is stopped on bad input, adds an expert with a phone, edits it and marks it verified today; a refusal is said in words', async () => {
    const { page, errors } = await signedIn('regulator', '/registries')
    await page.getByTestId('reg-tab-experts').click()
    await listReady(page)
    await page.getByTestId('expert-add').click()
    await page.getByTestId('expert-area').selectOption('')
    await page.getByTestId('expert-save').click()
    for (const [f, text] of [
      ['name', '专家姓名：必填'],
      ['specialty', '请选择专业领域'],
      ['area_code', '请选择所在区域'],
    ] as const)
      await expect.poll(() => page.getByTestId(`expert-error-${f}`).innerText(), { timeout: 10_000 }).toBe(text)
    // the regulator is offered its own district only
    const areas = await page
      .getByTestId('expert-area')
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))
    expect(areas).toEqual(['', DEMO_REGULATOR_AREA])
    await page.getByTestId('expert-name').fill(NAME)
    await page.getByTestId('expert-specialty').selectOption('other')
    await page.getByTestId('expert-area').selectOption(DEMO_REGULATOR_AREA)
    await page.getByTestId('expert-phone').fill('请拨打总机')
    await page.getByTestId('expert-verified').fill('2099-01-01')
    await page.getByTestId('expert-save').click()
    await expect.poll(() => page.getByTestId('expert-error-phone').innerText(), { timeout: 10_000 }).toBe('联系电话：须为 3–20 位数字、空格、+ 或 -')
    expect(await page.getByTestId('expert-error-last_verified_on').innerText()).toBe('最近核实日期：不能晚于今天')
    await page.screenshot({ path: `${OUT}/registries-experts-errors.png` })

    // saved with its phone, never verified: flagged
    await page.getByTestId('expert-phone').fill('138 0000 1111')
    await page.getByTestId('expert-verified').fill('')
    await page.getByTestId('expert-organisation').fill('江门市应急管理研究院')
    await page.getByTestId('expert-title').fill('高级工程师')
    await page.getByTestId('expert-save').click()
    await page.getByTestId('expert-saved').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('expert-saved').innerText()).toBe(`已保存专家：${NAME}`)
    const [saved] = await stored()
    expect(saved).toMatchObject({ area_code: DEMO_REGULATOR_AREA, title: '高级工程师', last_verified_on: null, phone: '138 0000 1111' })
    await page.getByTestId('reg-search').fill(NAME)
    await listReady(page, 1)
    const row = page.getByTestId('reg-expert')
    expect(await row.getByTestId('reg-phone').innerText()).toBe('138 0000 1111')
    expect(await row.getAttribute('data-flagged')).toBe('1')
    expect(await row.innerText()).toContain('从未核实')
    await page.screenshot({ path: `${OUT}/registries-experts-saved.png` })

    // edit: the form is filled from the row; the phone and the title change in one save
    await page.getByTestId('expert-edit').click()
    expect(await page.getByTestId('expert-name').inputValue()).toBe(NAME)
    expect(await page.getByTestId('expert-phone').inputValue()).toBe('138 0000 1111')
    await page.getByTestId('expert-title').fill('教授级高级工程师')
    await page.getByTestId('expert-phone').fill('0750-3456789')
    // "今天已核实" fills in today's date (kept out of this save)
    await page.getByTestId('expert-verified-today').click()
    const today = (await sql().query<{ d: string }>(`select app.today()::text d`)).rows[0]!.d
    expect(await page.getByTestId('expert-verified').inputValue()).toBe(today)
    await page.getByTestId('expert-verified').fill('')
    await page.screenshot({ path: `${OUT}/registries-experts-edit.png` })
    await page.getByTestId('expert-save').click()
    await page.getByTestId('expert-saved').waitFor({ timeout: 30_000 })
    expect(await stored()).toMatchObject([{ title: '教授级高级工程师', last_verified_on: null, phone: '0750-3456789' }])

    // verified by phone today, from the list: recorded with the database's date, the flag goes
    await listReady(page, 1)
    await page.getByTestId('expert-verify').click()
    await expect.poll(() => page.getByTestId('expert-saved').innerText(), { timeout: 30_000 }).toBe(`已记录核实：${NAME}（${today}）`)
    await listReady(page, 1)
    await expect.poll(() => page.getByTestId('reg-expert').getAttribute('data-flagged'), { timeout: 30_000 }).toBe('')
    expect(await page.getByTestId('reg-expert').innerText()).toContain(today)
    expect((await stored())[0]!.last_verified_on).toBe(today)
    await page.screenshot({ path: `${OUT}/registries-experts-verified.png` })

    // the command centre reads the phone; the public reads neither the expert nor the phone
    const command = await apiSignIn(demoUser('command').email, demoUser('command').password)
    const cmd = await command.from('emergency_expert_list').select('phone').eq('id', saved!.id).single()
    expect(cmd.data?.phone).toBe('0750-3456789')
    expect((await anonClient().from('emergency_expert_contacts').select('phone')).error?.code).toBe('42501')
    expect((await anonClient().from('emergency_expert_list').select('id')).error?.code).toBe('42501')

    // a refusal in words: the expert now belongs to another district (an admin moved it) when the
    // regulator saves its edit; nothing is written
    await page.getByTestId('expert-edit').click()
    await page.getByTestId('expert-phone').fill('0750-1111111')
    const admin = await apiSignIn(demoUser('admin').email, demoUser('admin').password)
    expect((await admin.from('emergency_experts').update({ area_code: OTHER_AREA }).eq('id', saved!.id)).error).toBeNull()
    await page.getByTestId('expert-save').click()
    await page.getByTestId('expert-refusal').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('expert-refusal-words').innerText()).toBe(
      '无权修改该专家：只能登记、修改本辖区（江海区）的专家；该记录可能已移出本辖区或已被删除，请刷新后再试。',
    )
    expect(await page.getByTestId('expert-refusal-details').innerText()).toBe(
      '数据库原文：无权修改该专家（或记录已不存在） / not allowed to change this expert (or it no longer exists)',
    )
    expect(await stored()).toMatchObject([{ area_code: OTHER_AREA, phone: '0750-3456789' }])
    await page.screenshot({ path: `${OUT}/registries-experts-refused.png` })
    expect(errors).toEqual([])
    await page.close()
  })

  it('an enterprise gets no add, edit or verify button, and the database refuses its write', async () => {
    const { page, errors } = await signedIn('enterprise', '/registries')
    await page.getByTestId('reg-tab-experts').click()
    await listReady(page)
    expect(await page.getByTestId('expert-add').count()).toBe(0)
    expect(await page.getByTestId('expert-edit').count()).toBe(0)
    expect(await page.getByTestId('expert-verify').count()).toBe(0)
    const ent = await apiSignIn(demoUser('enterprise').email, demoUser('enterprise').password)
    const r = await ent.rpc('save_emergency_expert', { expert: { name: NAME, specialty: 'other', area_code: DEMO_REGULATOR_AREA } })
    expect(r.error?.code).toBe('42501')
    expect(r.error?.message).toBe('new row violates row-level security policy for table "emergency_experts"')
    expect(await stored()).toHaveLength(1)
    expect(errors).toEqual([])
    await page.close()
  })
})
