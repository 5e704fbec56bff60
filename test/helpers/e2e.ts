// What every browser test file starts with: one headless Chromium per file, the built app's
// URL from the global setup, the screenshot folder, and pages that record uncaught errors.
import { inject } from 'vitest'
import { mkdir } from 'node:fs/promises'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser } from './browser.ts'
import { demoUser, type AppRole, type DemoUser } from '../../supabase/seed/demo-users.ts'

/** Screenshots of every screen land here (kept as CI artifacts). */
export const OUT = 'test-results'

/** For beforeAll: the app's URL and a launched browser (close it in afterAll). */
export async function startBrowser(): Promise<{ browser: Browser; appUrl: string }> {
  const appUrl = inject('appUrl')
  await mkdir(OUT, { recursive: true })
  return { browser: await launchBrowser(), appUrl }
}

/** A page of the given size whose uncaught errors are collected in `errors`. */
export async function newPage(browser: Browser, viewport = { width: 1920, height: 1080 }): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  return { page, errors }
}

/** Signs the page in through the header's form as a demo user (by role, or a given user) and
 * waits until the header shows the session. Every desk screen's tests sign in this one way. */
export async function signInAs(page: Page, who: AppRole | DemoUser): Promise<DemoUser> {
  const u = typeof who === 'string' ? demoUser(who) : who
  await page.getByTestId('signin-open').click()
  await page.getByTestId('signin-email').fill(u.email)
  await page.getByTestId('signin-password').fill(u.password)
  await page.getByTestId('signin-submit').click()
  await page.getByTestId('session-email').waitFor({ timeout: 30_000 })
  return u
}

/** Signs the wall in through its own full-screen form (the page must be on `#/wall…`) as the
 * command centre (or another role) and waits until the wall reports ready. */
export async function signInWall(page: Page, role: AppRole = 'command'): Promise<void> {
  await page.getByTestId('wall-signin').waitFor({ timeout: 60_000 })
  const u = demoUser(role)
  await page.getByTestId('wall-signin-email').fill(u.email)
  await page.getByTestId('wall-signin-password').fill(u.password)
  await page.getByTestId('wall-signin-submit').click()
  await page.waitForFunction(() => window.__wall?.ready === true, undefined, { timeout: 90_000 })
}

/** Unfolds the wall's map key if it is folded (it starts folded on a screen ≥ 1280 px wide). */
export async function openWallLegend(page: Page): Promise<void> {
  const toggle = page.getByTestId('wall-legend-toggle')
  await toggle.waitFor({ timeout: 30_000 })
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click()
  await page.waitForFunction(() => document.querySelector('[data-testid="wall-legend"]')?.getAttribute('data-open') === '1')
}

/** Centres the wall's map on a point at a zoom, lets it settle, and clicks there (offset by dx, dy
 * pixels), as an operator picks an incident point or a feature. */
export async function clickWallAt(page: Page, lon: number, lat: number, zoom: number, dx = 0, dy = 0): Promise<void> {
  await page.evaluate(([lo, la, z]) => (window.__wall!.map as { jumpTo(o: object): void }).jumpTo({ center: [lo, la], zoom: z }), [lon, lat, zoom] as const)
  await page.waitForTimeout(1200)
  const xy = await page.evaluate(
    ([lo, la]) => {
      const map = window.__wall!.map as { project(ll: [number, number]): { x: number; y: number }; getCanvas(): HTMLCanvasElement }
      const p = map.project([lo, la])
      const r = map.getCanvas().getBoundingClientRect()
      return { x: r.left + p.x, y: r.top + p.y }
    },
    [lon, lat] as const,
  )
  await page.mouse.click(xy.x + dx, xy.y + dy)
}
