// What every browser test file starts with: one headless Chromium per file, the built app's
// URL from the global setup, the screenshot folder, and pages that record uncaught errors.
import { inject } from 'vitest'
import { mkdir } from 'node:fs/promises'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser } from './browser.ts'

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
