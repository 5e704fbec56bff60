// #/freshness and the cards (issue 15) in headless Chromium against the built app and the real
// stack: the regulator's counts by area equal freshness_summary's (asked through supabase-js as
// the regulator), a source due a re-assessment opens on the one map with its reasons, the
// regulator files a new assessment from the card and the card then says the assessment is
// current (the database's answer, read again). Screenshots: test-results/freshness-*.png.
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
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(appUrl + '/')
  await page.waitForFunction(() => window.__onemap?.ready === true, undefined, { timeout: 90_000 })
  await signInAs(page, role)
  await page.goto(appUrl + '/#' + path)
  return { page, errors }
}

describe('#/freshness', () => {
  it('counts what is due by area as the database does, lists it, and a filed assessment clears a source', async () => {
    const u = demoUser('regulator')
    const api = await apiSignIn(u.email, u.password)
    const { data: summary, error } = await api.rpc('freshness_summary', {})
    expect(error).toBeNull()
    expect(summary.hazard_sources_due).toBeGreaterThan(0)

    const { page, errors } = await signedIn('regulator', '/freshness')
    await page.waitForSelector('[data-testid="fresh-page"][data-status="ok"]', { timeout: 60_000 })
    await page.waitForSelector('[data-testid="fresh-sources"][data-status="ok"]', { timeout: 60_000 })
    const total = await page.getByTestId('fresh-total-sources').innerText()
    expect(total.replace(/\s|,/g, '')).toBe(`${summary.hazard_sources_due}/${summary.major_hazard_sources_total}`)
    const areas = await page.getByTestId('fresh-area').count()
    expect(areas).toBe(summary.areas.length)
    const listed = await page.getByTestId('fresh-source').count()
    expect(listed).toBe(Math.min(100, summary.hazard_sources_due))
    await page.screenshot({ path: `${OUT}/freshness-page.png` })

    // the first source due: open it on the map
    const first = page.getByTestId('fresh-source').first()
    const id = await first.getAttribute('data-id')
    const reasons = await first.locator('li').count()
    expect(reasons).toBeGreaterThan(0)
    await first.getByRole('link').click()
    await page.waitForSelector('[data-testid="detail-card"][data-status="ok"]', { timeout: 60_000 })
    await page.getByTestId('detail-reassess-due').waitFor()
    expect(await page.getByTestId('detail-reassess-due').locator('li').count()).toBe(reasons)
    await page.screenshot({ path: `${OUT}/freshness-card-due.png` })

    // file a report dated today from the card
    await page.getByTestId('fresh-open').click()
    await page.getByTestId('fresh-form').locator('input[type="text"]').first().fill('E2E-安评-001')
    await page.getByTestId('fresh-submit').click()
    await page.getByTestId('detail-reassess-ok').waitFor({ timeout: 30_000 })
    await page.screenshot({ path: `${OUT}/freshness-card-filed.png` })
    const { data: card } = await api.rpc('feature_card', { layer: 'hazard_sources', id })
    expect(card.freshness.due).toBe(false)
    expect(card.freshness.last_assessment.report_ref).toBe('E2E-安评-001')
    expect(errors).toEqual([])
    await page.close()
  })

  it('the wall counts what is due, as freshness_summary does for the command centre', async () => {
    const u = demoUser('command')
    const api = await apiSignIn(u.email, u.password)
    const { page, errors } = await signedIn('command', '/wall')
    const note = page.getByTestId('wall-stale')
    await note.waitFor({ timeout: 90_000 })
    const { data: summary, error } = await api.rpc('freshness_summary', {})
    expect(error).toBeNull()
    expect(Number(await note.getAttribute('data-sources'))).toBe(summary.hazard_sources_due)
    expect(Number(await note.getAttribute('data-points'))).toBe(summary.risk_points_due)
    expect(await note.innerText()).toContain(`待重评 ${summary.hazard_sources_due}`)
    await page.screenshot({ path: `${OUT}/freshness-wall.png` })
    expect(errors).toEqual([])
    await page.close()
  })

  it('the English toggle speaks English on the page', async () => {
    const { page } = await signedIn('command', '/freshness')
    await page.waitForSelector('[data-testid="fresh-page"][data-status="ok"]', { timeout: 60_000 })
    expect(await page.locator('.fresh-page h2').innerText()).toBe('评估时效')
    await page.getByTestId('lang-toggle').click()
    await page.waitForFunction(() => document.querySelector('.fresh-page h2')?.textContent === 'Assessment freshness')
    expect(await page.getByTestId('fresh-tab-sources').innerText()).toMatch(/^Major hazard sources due/)
    await page.screenshot({ path: `${OUT}/freshness-page-en.png` })
    await page.close()
  })
})
