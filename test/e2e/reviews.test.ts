// #/reviews (复核) in headless Chromium against the built app and the real stack: the demo
// enterprise proposes lowering two of its red risk points (through supabase-js, as the app
// would); the regulator opens the queue, is refused by the database when refusing without a note
// (shown word for word), confirms one through the form, and the one-map card of the other still
// shows its pending proposal. Screenshots: test-results/reviews-*.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OUT, startBrowser, newPage as openPage, signInAs } from '../helpers/e2e.ts'
import { signIn as apiSignIn, sql } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA, demoUser } from '../../supabase/seed/demo-users.ts'
import { oneMapLink } from '../../src/features/onemap/links.ts'

let browser: Browser
let appUrl: string
const TAG = `复核测试-${Date.now().toString(36)}`

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
afterAll(async () => {
  await browser?.close()
  // the stack is shared with other test files that check every stored grade against its inputs
  await sql().query(`delete from public.risk_points where name like $1`, [`${TAG}%`])
  await sql().query(`delete from public.hazard_sources where name like $1`, [`${TAG}%`])
})

/** A red risk point of the demo enterprise and the enterprise's proposal to lower it. */
async function proposeLowering(label: string, inputs: Record<string, unknown>, reason: string) {
  const {
    rows: [r],
  } = await sql().query<{ id: string }>(
    `insert into public.risk_points (enterprise_id, name, category_code, location, area_code, method, lec_l, lec_e, lec_c)
     select enterprise_id, $2, category_code, location, area_code, 'lec', 10, 10, 40
     from public.risk_points where enterprise_id = $1 and area_code like $3 order by id limit 1 returning id`,
    [DEMO_ENTERPRISE_ID, `${TAG} ${label}`, `${DEMO_REGULATOR_AREA}%`],
  )
  const u = demoUser('enterprise')
  const ent = await apiSignIn(u.email, u.password)
  const { data, error } = await ent.rpc('propose_risk_assessment', { risk_point_id: r!.id, inputs, reason })
  expect(error).toBeNull()
  expect(data.status).toBe('pending')
  return { pointId: r!.id, proposalId: data.proposal_id as string, name: `${TAG} ${label}` }
}

/** A major hazard source of the demo enterprise (70 t chlorine, α 2: 一级) whose stock the
 * enterprise cuts to 20 t (三级): the lower grade waits for review. */
async function proposeHazardCut() {
  const name = `${TAG} 液氯储罐`
  const {
    rows: [h],
  } = await sql().query<{ id: string }>(
    `insert into public.hazard_sources (enterprise_id, name, unit_type, geom, alpha_override, alpha_override_reason)
     select enterprise_id, $2, 'storage', location, 2, '周边新建小区（测试）' from public.risk_points
     where enterprise_id = $1 and area_code like $3 order by id limit 1 returning id`,
    [DEMO_ENTERPRISE_ID, name, `${DEMO_REGULATOR_AREA}%`],
  )
  await sql().query(
    `insert into public.hazard_source_inventory (hazard_source_id, substance_id, max_quantity_t)
    select $1, id, 70 from public.substances where name_zh = '氯'`,
    [h!.id],
  )
  const u = demoUser('enterprise')
  const ent = await apiSignIn(u.email, u.password)
  const { error } = await ent.from('hazard_source_inventory').update({ max_quantity_t: 20 }).eq('hazard_source_id', h!.id)
  expect(error).toBeNull()
  const {
    rows: [p],
  } = await sql().query<{ id: string }>(`select id from public.grading_proposals where subject_id = $1 and status = 'pending'`, [h!.id])
  return { sourceId: h!.id, proposalId: p!.id, name }
}

const item = (page: Page, proposalId: string) => page.locator(`[data-testid="review-item"][data-id="${proposalId}"]`)

describe('#/reviews', () => {
  it('the regulator reviews pending lowerings: a refusal without a note is shown as the database said it, a confirmation applies', async () => {
    const toBlue = await proposeLowering('储罐区', { method: 'lec', lec_l: 1, lec_e: 1, lec_c: 7 }, '储罐已清空停用，暴露频率降为每年一次')
    const toOrange = await proposeLowering('装卸站台', { method: 'lec', lec_l: 6, lec_e: 6, lec_c: 7 }, '增设紧急切断阀后复评')
    const cut = await proposeHazardCut()

    const { page, errors } = await openPage(browser, { width: 1440, height: 1000 })
    await page.goto(appUrl + '/#/reviews')
    await page.getByTestId('reviews-signin').waitFor({ timeout: 30_000 })
    await signInAs(page, 'regulator')
    await page.waitForFunction(() => document.querySelector('[data-testid="reviews-page"]')?.getAttribute('data-status') === 'ok', undefined, {
      timeout: 30_000,
    })
    await item(page, toBlue.proposalId).waitFor({ timeout: 30_000 })

    // the item says what changes, in colour AND name, with inputs, who, when and why
    const blue = item(page, toBlue.proposalId)
    expect(await blue.getByTestId('review-name').textContent()).toBe(toBlue.name)
    expect(await blue.getByTestId('review-old-level').textContent()).toBe('重大风险')
    expect(await blue.getByTestId('review-new-level').textContent()).toBe('低风险')
    expect(await blue.getByTestId('review-old-level').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(230, 0, 18)')
    expect(await blue.getByTestId('review-new-level').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(0, 112, 192)')
    expect(await blue.getByTestId('review-inputs-before').textContent()).toBe('LEC：L 10 × E 10 × C 40 = D 4,000')
    expect(await blue.getByTestId('review-inputs-after').textContent()).toBe('LEC：L 1 × E 1 × C 7 = D 7')
    expect(await blue.getByTestId('review-proposer').textContent()).toBe(`企业用户 · ${demoUser('enterprise').email}`)
    expect(await blue.getByTestId('review-reason').textContent()).toBe('储罐已清空停用，暴露频率降为每年一次')
    const hz = item(page, cut.proposalId)
    expect(await hz.getByTestId('review-old-level').textContent()).toBe('一级')
    expect(await hz.getByTestId('review-new-level').textContent()).toBe('三级')
    expect(await hz.getByTestId('review-inputs-before').textContent()).toBe('S = 14，α = 2，R = 112 (氯 70 t)')
    expect(await hz.getByTestId('review-inputs-after').textContent()).toBe('S = 4，α = 2，R = 32 (氯 20 t)')
    await page.screenshot({ path: `${OUT}/reviews-queue.png`, fullPage: true })
    await hz.scrollIntoViewIfNeeded()
    await hz.screenshot({ path: `${OUT}/reviews-hazard-item.png` })

    // refusing with no note: the database refuses, and the page shows its words exactly
    const orange = item(page, toOrange.proposalId)
    await orange.getByTestId('review-refuse').click()
    await orange.getByTestId('review-error').waitFor({ timeout: 15_000 })
    expect(await orange.getByTestId('review-error-text').textContent()).toBe('note is required: say why in at least 4 characters')
    await orange.scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${OUT}/reviews-refusal-message.png`, fullPage: true })

    // confirm the blue one with a note
    await blue.getByTestId('review-note').fill('现场核查属实，同意降为低风险')
    await blue.getByTestId('review-confirm').click()
    await page.getByTestId('review-done').waitFor({ timeout: 15_000 })
    expect(await page.getByTestId('review-done').textContent()).toBe(`已确认：${toBlue.name} 现为 低风险`)
    await page.waitForFunction((id) => !document.querySelector(`[data-testid="review-item"][data-id="${id}"]`), toBlue.proposalId, { timeout: 15_000 })
    expect((await sql().query(`select level from public.risk_points where id = $1`, [toBlue.pointId])).rows[0]).toEqual({ level: 4 })
    expect((await sql().query(`select status, decided_email from public.grading_proposals where id = $1`, [toBlue.proposalId])).rows[0]).toEqual({
      status: 'confirmed',
      decided_email: demoUser('regulator').email,
    })
    await page.screenshot({ path: `${OUT}/reviews-confirmed.png`, fullPage: true })

    // English
    await page.getByRole('button', { name: 'English' }).click()
    await expect.poll(() => orange.getByTestId('review-new-level').textContent(), { timeout: 15_000 }).toBe('Significant risk')
    await expect.poll(() => page.getByTestId('review-done').textContent(), { timeout: 15_000 }).toBe(`Confirmed: ${toBlue.name} is now Low risk`)
    await page.screenshot({ path: `${OUT}/reviews-queue-en.png`, fullPage: true })
    await page.getByRole('button', { name: '中文' }).click()

    // the one map: the card of the still-pending point shows the proposal, its level stays red
    await page.goto(appUrl + '/' + oneMapLink({ layer: 'risk_points', id: toOrange.pointId }))
    await page.waitForFunction(
      () => {
        const el = document.querySelector('[data-testid="detail-card"]')
        return el?.getAttribute('data-status') === 'ok' && el.getAttribute('data-kind') === 'risk_points'
      },
      undefined,
      { timeout: 90_000 },
    )
    expect(await page.getByTestId('detail-title').textContent()).toBe(toOrange.name)
    expect(await page.getByTestId('detail-level').getAttribute('data-level')).toBe('1')
    const note = page.getByTestId('detail-pending-review')
    await note.waitFor({ timeout: 10_000 })
    expect(await note.getAttribute('data-proposal')).toBe(toOrange.proposalId)
    expect(await page.getByTestId('detail-pending-level').textContent()).toBe('较大风险')
    expect(await note.textContent()).toContain('增设紧急切断阀后复评')
    await page.waitForTimeout(1500)
    await page.screenshot({ path: `${OUT}/reviews-card-pending.png` })
    expect(errors, 'uncaught page errors').toEqual([])
    await page.close()
  })
})
