// #/registries (issue 18) in headless Chromium against the built app and the real stack: the
// regulator's plan list, 备案率 and flag filter agree with what supabase-js returns for the same
// regulator; experts show phones to the regulator and none to the planner; teams and depots link
// to the one map; the stock search finds a material. Screenshots (1920×1080):
// test-results/registries-*.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OUT, startBrowser, signInAs } from '../helpers/e2e.ts'
import { signIn as apiSignIn } from '../helpers/stack.ts'
import { demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'

let browser: Browser
let appUrl: string

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
afterAll(async () => {
  await browser?.close()
})

async function signedIn(role: AppRole, path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(appUrl + '/')
  await page.waitForFunction(() => window.__onemap?.ready === true, undefined, { timeout: 90_000 })
  await signInAs(page, role)
  await page.goto(appUrl + '/#' + path)
  return { page, errors }
}

const listReady = (page: Page, tab: string) => page.waitForSelector(`[data-testid="reg-list-${tab}"][data-status="ok"]`, { timeout: 60_000 })
const total = async (page: Page, tab: string) => Number(await page.getByTestId(`reg-list-${tab}`).getAttribute('data-total'))

describe('#/registries', () => {
  it('lists plans, 备案率 and overdue drills as the database counts them for the regulator', async () => {
    const u = demoUser('regulator')
    const api = await apiSignIn(u.email, u.password)
    const { count: plans, error } = await api.from('emergency_plan_list').select('id', { count: 'exact', head: true })
    expect(error).toBeNull()
    expect(plans).toBeGreaterThan(0)
    const { count: flagged } = await api
      .from('emergency_plan_list')
      .select('id', { count: 'exact', head: true })
      .or('drill_overdue.is.true,evaluation_overdue.is.true')
    const { data: rates } = await api.rpc('emergency_plan_filing_rate', { level: 'district' })

    const { page, errors } = await signedIn('regulator', '/registries')
    await listReady(page, 'plans')
    expect(await total(page, 'plans')).toBe(plans)
    expect(await page.getByTestId('reg-plan').count()).toBe(Math.min(100, plans!))
    const shownRates = await page.getByTestId('reg-rate').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-code')))
    expect(shownRates).toEqual((rates as { code: string; plans: number }[]).filter((r) => r.plans > 0).map((r) => r.code))
    await page.screenshot({ path: `${OUT}/registries-plans.png` })

    await page.getByTestId('reg-flagged').check()
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="reg-list-plans"][data-status="ok"]')?.getAttribute('data-total') === String(n),
      flagged,
      {
        timeout: 30_000,
      },
    )
    const flags = await page.getByTestId('reg-plan').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-flagged')))
    expect(flags.every((f) => f === '1')).toBe(true)

    // one district: its rows only (the 备案率 row selects it)
    await page.getByTestId('reg-flagged').uncheck()
    const code = shownRates[0]!
    const { count: inArea } = await api.from('emergency_plan_list').select('id', { count: 'exact', head: true }).like('area_code', `${code}%`)
    await page.locator(`[data-testid="reg-rate"][data-code="${code}"]`).click()
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="reg-list-plans"][data-status="ok"]')?.getAttribute('data-total') === String(n),
      inArea,
      {
        timeout: 30_000,
      },
    )

    // experts: the regulator dispatches and sees phones
    await page.getByTestId('reg-tab-experts').click()
    await listReady(page, 'experts')
    const { count: experts } = await api.from('emergency_expert_list').select('id', { count: 'exact', head: true }).like('area_code', `${code}%`)
    expect(await total(page, 'experts')).toBe(experts)
    await page.getByTestId('reg-area').selectOption('')
    await page.waitForFunction(
      () => document.querySelector('[data-testid="reg-list-experts"][data-status="ok"]') && document.querySelectorAll('[data-testid="reg-expert"]').length > 0,
      undefined,
      {
        timeout: 30_000,
      },
    )
    const phones = await page.getByTestId('reg-expert').first().getByTestId('reg-phone').innerText()
    expect(phones).toMatch(/^[0-9+\- ]{3,20}$/)
    await page.screenshot({ path: `${OUT}/registries-experts.png` })

    // teams link to their place on the one map
    await page.getByTestId('reg-tab-teams').click()
    await listReady(page, 'teams')
    const { count: teams } = await api.from('rescue_teams').select('id', { count: 'exact', head: true })
    expect(await total(page, 'teams')).toBe(teams)
    await page.screenshot({ path: `${OUT}/registries-teams.png` })

    // stock: search a material, flag the expiring
    await page.getByTestId('reg-tab-stock').click()
    await listReady(page, 'stock')
    const { count: foam } = await api.from('material_stockpile_list').select('id', { count: 'exact', head: true }).ilike('material', '%泡沫%')
    await page.getByTestId('reg-search').fill('泡沫')
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="reg-list-stock"][data-status="ok"]')?.getAttribute('data-total') === String(n),
      foam,
      {
        timeout: 30_000,
      },
    )
    const materials = await page.getByTestId('reg-stock').evaluateAll((rs) => rs.map((r) => r.children[1]!.textContent))
    expect(materials.length).toBeGreaterThan(0)
    expect(materials.every((x) => x!.includes('泡沫'))).toBe(true)
    await page.getByTestId('reg-search').fill('')
    const { count: expiring } = await api
      .from('material_stockpile_list')
      .select('id', { count: 'exact', head: true })
      .or('expiring_soon.is.true,expired.is.true')
    await page.getByTestId('reg-flagged').check()
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="reg-list-stock"][data-status="ok"]')?.getAttribute('data-total') === String(n),
      expiring,
      {
        timeout: 30_000,
      },
    )
    await page.screenshot({ path: `${OUT}/registries-stock.png` })
    await page.getByTestId('reg-flagged').uncheck()
    await listReady(page, 'stock')
    const link = page.getByTestId('reg-map-link').first()
    const href = await link.getAttribute('href')
    expect(href).toMatch(/^#\/\?focus=emergency_resources:[0-9a-f-]{36}$/)
    await link.click()
    await page.waitForSelector('[data-testid="detail-card"][data-status="ok"]', { timeout: 60_000 })
    expect(errors).toEqual([])
    await page.close()
  })

  it('shows the planner the expert pool without phones', async () => {
    const { page, errors } = await signedIn('planner', '/registries')
    await page.getByTestId('reg-tab-experts').click()
    await listReady(page, 'experts')
    expect(await page.getByTestId('reg-expert').count()).toBeGreaterThan(0)
    const phones = await page.getByTestId('reg-phone').evaluateAll((cs) => cs.map((c) => c.textContent))
    expect(phones.every((p) => !/[0-9]{3}/.test(p ?? ''))).toBe(true)
    expect(errors).toEqual([])
    await page.close()
  })
})
