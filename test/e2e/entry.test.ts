// Landing and the header's offer, in headless Chromium against the built app: shared path URLs
// lead to their screens, a phone opening the root gets the public view, the public is offered no
// staff pages (and a first-visit line saying what this is), each role its own pages, and a
// signed-in user without a role is offered what the public is. Screenshots: test-results/entry-*.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OUT, newPage, startBrowser } from '../helpers/e2e.ts'
import { serviceClient } from '../helpers/stack.ts'
import { DEMO_USERS } from '../../supabase/seed/demo-users.ts'

let browser: Browser
let appUrl: string

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
afterAll(async () => {
  await browser?.close()
})

/** The pages offered: the header's tabs, then its "more" menu. */
const navItems = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll('[data-testid="app-nav"] a, [data-testid="nav-more"] a')].map((a) => a.getAttribute('href')))

async function signIn(page: Page, email: string, password: string) {
  await page.getByTestId('signin-open').click()
  await page.getByTestId('signin-email').fill(email)
  await page.getByTestId('signin-password').fill(password)
  await page.getByTestId('signin-submit').click()
  await page.getByTestId('session-email').waitFor({ timeout: 30_000 })
}

describe('landing', () => {
  it('a phone opening the root lands on the public view, not the desk one map', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' })
    const page = await ctx.newPage()
    await page.goto(appUrl + '/')
    await page.waitForFunction(() => location.hash === '#/public' && !!window.__public, undefined, { timeout: 60_000 })
    expect(await page.evaluate(() => location.pathname)).toBe('/')
    expect(await page.locator('[data-testid="app-header"]').count()).toBe(0)
    await ctx.close()
  })

  it('shared path URLs open their screens, and an explicit #/ on a phone is respected', async () => {
    const { page } = await newPage(browser, { width: 1440, height: 900 })
    await page.goto(appUrl + '/public')
    await page.waitForFunction(() => location.hash === '#/public' && !!window.__public, undefined, { timeout: 60_000 })
    await page.goto(appUrl + '/dangers/')
    await page.waitForFunction(() => location.hash === '#/dangers' && location.pathname === '/', undefined, { timeout: 30_000 })
    await page.close()

    const { page: phone } = await newPage(browser, { width: 390, height: 844 })
    await phone.goto(appUrl + '/#/')
    await phone.getByTestId('app-header').waitFor({ timeout: 60_000 })
    expect(await phone.evaluate(() => location.hash)).toBe('#/')
    await phone.close()
  })
})

describe('what the header offers', () => {
  it('the public: the one map and the public view, and a first-visit line that opens sign-in for staff', async () => {
    const { page, errors } = await newPage(browser, { width: 1440, height: 900 })
    await page.goto(appUrl + '/')
    await page.getByTestId('welcome').waitFor({ timeout: 60_000 })
    expect(await navItems(page)).toEqual(['#/', '#/public'])
    expect(await page.getByTestId('welcome').innerText()).toContain('我是')
    await page.waitForFunction(() => window.__onemap?.ready === true && window.__onemap.controller.state.countsStatus === 'ok', undefined, { timeout: 60_000 })
    await page.screenshot({ path: `${OUT}/entry-first-visit.png` })

    await page.getByTestId('welcome-staff').click()
    await page.getByTestId('signin-form').waitFor({ timeout: 5_000 })
    expect(await page.getByTestId('welcome').count()).toBe(0)
    // remembered in this browser: a reload does not show it again
    await page.reload()
    await page.getByTestId('app-nav').waitFor({ timeout: 60_000 })
    await page.waitForTimeout(500)
    expect(await page.getByTestId('welcome').count()).toBe(0)
    expect(errors).toEqual([])
    await page.close()
  })

  it('"the public" on the first-visit line goes to the public view', async () => {
    const { page } = await newPage(browser, { width: 1440, height: 900 })
    await page.goto(appUrl + '/')
    await page.getByTestId('welcome-public').click()
    await page.waitForFunction(() => location.hash === '#/public' && !!window.__public, undefined, { timeout: 60_000 })
    await page.close()
  })

  it('each role is offered the pages of its part; the English header does not wrap at 1440 px', async () => {
    const expected: Record<string, string[]> = {
      planner: ['#/', '#/planner', '#/public', '#/indicators', '#/registries'],
      enterprise: ['#/', '#/dangers', '#/public', '#/indicators', '#/freshness', '#/vehicles'],
      command: ['#/', '#/dangers', '#/wall', '#/public', '#/indicators', '#/freshness', '#/registries', '#/vehicles'],
      admin: [
        '#/',
        '#/dangers',
        '#/reviews',
        '#/planner',
        '#/wall',
        '#/public',
        '#/indicators',
        '#/freshness',
        '#/import',
        '#/registries',
        '#/vehicles',
        '#/notices',
      ],
    }
    for (const [role, hrefs] of Object.entries(expected)) {
      const { page } = await newPage(browser, { width: 1440, height: 900 })
      await page.goto(appUrl + '/')
      const u = DEMO_USERS.find((x) => x.role === role)!
      await signIn(page, u.email, u.password)
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="app-nav"] a, [data-testid="nav-more"] a').length === n, hrefs.length, {
        timeout: 10_000,
      })
      expect(await navItems(page), role).toEqual(hrefs)
      expect(await page.getByTestId('welcome').count(), role).toBe(0)
      if (role === 'admin') {
        await page.getByTestId('lang-toggle').click()
        // (measured once the header is in English, not in the render before)
        await page.waitForFunction(() => document.querySelector('[data-testid="lang-toggle"]')?.textContent === '中文')
        // the city's name follows the toggle (dataset_info's city_name_en)
        expect(await page.locator('.brand-city').innerText()).toBe('Jiangmen')
        const header = await page.getByTestId('app-header').boundingBox()
        const layout = await page.evaluate(() => {
          const nav = document.querySelector('[data-testid="app-nav"]')!.getBoundingClientRect()
          const items = [
            ...document.querySelectorAll(
              '[data-testid="app-header"] a, [data-testid="app-header"] button, [data-testid="app-header"] summary, [data-testid="demo-badge"], [data-testid="session-role"]',
            ),
          ]
          return {
            nav: { left: nav.left, right: nav.right },
            items: items.map((el) => {
              const r = el.getBoundingClientRect()
              return { text: (el as HTMLElement).innerText, left: r.left, right: r.right, height: r.height, inNav: !!el.closest('[data-testid="app-nav"]') }
            }),
          }
        })
        await page.screenshot({ path: `${OUT}/entry-admin-en-1440.png` })
        expect(header!.height).toBeLessThanOrEqual(50)
        for (const it of layout.items) {
          // one line each: a wrapped label would be about twice as tall
          expect(it.height, it.text).toBeLessThan(34)
          expect(it.right, it.text).toBeLessThanOrEqual(1440)
          // no nav item hidden behind the nav's edge
          if (it.inNav) expect(it.right, it.text).toBeLessThanOrEqual(layout.nav.right + 0.5)
        }
        expect(layout.items.filter((i) => i.inNav).map((i) => i.text)).toEqual(['One map', 'Hidden dangers', 'Reviews', 'Planner', 'Map wall', 'Public view'])
        // occasional tasks sit under "More": it opens over the page, leads there and then names it
        expect(await page.locator('[data-testid="nav-more"] summary').innerText()).toBe('More')
        await page.locator('[data-testid="nav-more"] summary').click()
        await page.getByTestId('nav-import').click()
        await page.waitForFunction(() => location.hash === '#/import')
        await expect.poll(() => page.locator('[data-testid="nav-more"]').getAttribute('open'), { timeout: 15_000 }).toBeNull()
        await expect.poll(() => page.locator('[data-testid="nav-more"] summary').innerText(), { timeout: 15_000 }).toBe('Import')
        await page.locator('[data-testid="nav-more"] summary').click()
        await page.screenshot({ path: `${OUT}/entry-admin-en-more.png` })
      }
      await page.close()
    }
  })

  it('a signed-in user without a role is offered what the public is', async () => {
    const email = `norole-${Date.now()}@example.com`
    const password = 'No-role-2026!'
    const { error } = await serviceClient().auth.admin.createUser({ email, password, email_confirm: true })
    expect(error).toBeNull()
    const { page } = await newPage(browser, { width: 1440, height: 900 })
    await page.goto(appUrl + '/')
    await signIn(page, email, password)
    expect(await page.getByTestId('session-role').getAttribute('data-role')).toBe('')
    expect(await navItems(page)).toEqual(['#/', '#/public'])
    await page.close()
  })
})
