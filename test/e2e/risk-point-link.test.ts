// The finding's risk point in #/dangers (issue 15), in headless Chromium against the built app and
// the real stack: the regulator links an inspection finding of the demo enterprise to one of the
// enterprise's risk points from the detail panel; the database holds the link (read back through
// supabase-js); the enterprise, viewing the same finding, is offered no change (the link of an
// inspection finding is the regulator's). Screenshot: test-results/risk-point-link.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OUT, startBrowser, signInAs } from '../helpers/e2e.ts'
import { signIn as apiSignIn, sql } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA, demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'

let browser: Browser
let appUrl: string
const TAG = `关联测试-${Date.now().toString(36)}`
let dangerId = ''

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
  const u = demoUser('regulator')
  const reg = await apiSignIn(u.email, u.password)
  const { rows } = await sql().query<{ wkt: string }>(
    `select extensions.st_asewkt(location) as wkt from public.risk_points where enterprise_id = $1 and area_code like $2 limit 1`,
    [DEMO_ENTERPRISE_ID, `${DEMO_REGULATOR_AREA}%`],
  )
  const { data, error } = await reg
    .from('hidden_dangers')
    .insert({ title: `${TAG} 静电接地线断开`, enterprise_id: DEMO_ENTERPRISE_ID, source: 'inspection', location: rows[0]!.wkt })
    .select('id')
    .single()
  expect(error).toBeNull()
  dangerId = (data as { id: string }).id
})
afterAll(async () => {
  await browser?.close()
})

async function signedIn(role: AppRole): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(appUrl + '/')
  await page.waitForFunction(() => window.__onemap?.ready === true, undefined, { timeout: 90_000 })
  await signInAs(page, role)
  await page.goto(`${appUrl}/#/dangers?id=${dangerId}`)
  await page.waitForSelector(`[data-testid="danger-detail"][data-id="${dangerId}"]`, { timeout: 60_000 })
  return { page, errors }
}

describe('a finding and its risk point', () => {
  it('the regulator links it from the detail panel; the enterprise may not change an inspection finding\u2019s link', async () => {
    const { page, errors } = await signedIn('regulator')
    await page.getByTestId('risk-point-none').waitFor()
    await page.getByTestId('risk-point-edit').click()
    const select = page.getByTestId('risk-point-select')
    await select.waitFor()
    const options = await select.locator('option').count()
    expect(options).toBeGreaterThan(1)
    const value = await select.locator('option').nth(1).getAttribute('value')
    await select.selectOption(value!)
    await page.getByTestId('risk-point-save').click()
    await page.getByTestId('risk-point-linked').waitFor({ timeout: 30_000 })
    const { rows } = await sql().query<{ risk_point_id: string }>(`select risk_point_id from public.hidden_dangers where id = $1`, [dangerId])
    expect(rows[0]!.risk_point_id).toBe(value)
    // the link is part of the finding: its change is in the timeline, with the point's name
    const {
      rows: [point],
    } = await sql().query<{ name: string }>(`select name from public.risk_points where id = $1`, [value])
    await page
      .getByTestId('timeline-details')
      .filter({ hasText: `关联风险点` })
      .filter({ hasText: `— → ${point!.name}` })
      .waitFor({ timeout: 30_000 })
    await page.locator('[data-testid="danger-detail"]').screenshot({ path: `${OUT}/risk-point-link.png` })
    expect(errors).toEqual([])
    await page.close()

    const ent = await signedIn('enterprise')
    await ent.page.getByTestId('risk-point-linked').waitFor()
    expect(await ent.page.getByTestId('risk-point-edit').count()).toBe(0)
    await ent.page.close()
  })
})
