// The enterprise card on the one map shows an active serious-dishonesty listing (issue 18):
// the admin finds a listed enterprise by search, its card shows the reason and the terms the
// database holds (read through supabase-js as the same admin); an enterprise whose listing was
// removed after credit repair shows none. Screenshot: test-results/blacklist-card.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OUT, startBrowser, signInAs } from '../helpers/e2e.ts'
import { signIn as apiSignIn } from '../helpers/stack.ts'
import { demoUser } from '../../supabase/seed/demo-users.ts'

let browser: Browser
let appUrl: string

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
afterAll(async () => {
  await browser?.close()
})

interface Listing {
  enterprise_id: string
  reason: string
  listed_on: string
  expires_on: string | null
  removed_on: string | null
  enterprises: { name: string }
}

async function openCard(page: Page, name: string): Promise<void> {
  await page.getByTestId('search-input').fill(name)
  await page.getByTestId('search-hit').filter({ hasText: name }).first().click()
  await page.waitForFunction((n) => document.querySelector('[data-testid="detail-title"]')?.textContent === n, name, { timeout: 60_000 })
}

describe('the blacklist on the enterprise card', () => {
  it('shows an active listing with its reason and terms, and none for a removed one', async () => {
    const u = demoUser('admin')
    const api = await apiSignIn(u.email, u.password)
    const { data, error } = await api.from('credit_blacklist').select('enterprise_id, reason, listed_on, expires_on, removed_on, enterprises(name)')
    expect(error).toBeNull()
    const rows = data as unknown as Listing[]
    const active = rows.find((r) => r.removed_on === null)!
    const removed = rows.find((r) => r.removed_on !== null)!
    expect(active).toBeDefined()
    expect(removed).toBeDefined()

    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(appUrl + '/')
    await page.waitForFunction(() => window.__onemap?.ready === true, undefined, { timeout: 90_000 })
    await signInAs(page, u)

    await openCard(page, active.enterprises.name)
    const card = page.getByTestId('card-blacklist')
    await card.waitFor({ timeout: 30_000 })
    const text = await card.innerText()
    expect(text).toContain(active.reason)
    expect(text).toContain(active.listed_on)
    expect(text).toContain(active.expires_on!)
    await page.screenshot({ path: `${OUT}/blacklist-card.png` })

    await openCard(page, removed.enterprises.name)
    await page.getByTestId('card-blacklist-none').waitFor({ state: 'attached', timeout: 30_000 })
    expect(await page.getByTestId('card-blacklist').count()).toBe(0)
    expect(errors).toEqual([])
    await page.close()
  })
})
