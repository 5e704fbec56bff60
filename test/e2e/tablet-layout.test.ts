// Tablets and small laptops (issue 21): at 768×1024 (portrait) and 1024×768 (landscape), in
// Chinese and English, the one map (root), #/dangers, #/planner, #/notices, #/public and the wall,
// signed in as the administrator (the longest header), plus the root and #/public for the public.
// For each: nothing scrolls sideways (document.scrollingElement.scrollWidth ≤ innerWidth); the
// app header, where the page has one, holds one or two clean lines: at most two rows tall, every
// tab, button and badge a single line inside the header, and every nav tab inside the nav's visible
// box (none squeezed out of sight); on the map pages the map's canvas covers at least 40 % of the
// screen. On #/dangers an opened danger's details lie inside the screen. Screenshots:
// test-results/tablet-<page>-<lang>-<w>x<h>.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OUT, signInAs, startBrowser } from '../helpers/e2e.ts'

let browser: Browser
let appUrl: string

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
afterAll(async () => {
  await browser?.close()
})

const SIZES = [
  { width: 768, height: 1024 },
  { width: 1024, height: 768 },
] as const

interface PageCase {
  hash: string
  name: string
  /** the page draws the app header */
  header: boolean
  /** the page is a map: its canvas must cover ≥ 40 % of the screen */
  map: boolean
  ready: (page: Page) => Promise<unknown>
}

const waitCanvas = (page: Page) => page.waitForFunction(() => !!document.querySelector('canvas.maplibregl-canvas'), undefined, { timeout: 90_000 })

const PAGES: PageCase[] = [
  {
    hash: '#/',
    name: 'onemap',
    header: true,
    map: true,
    ready: (p) => p.waitForFunction(() => window.__onemap?.ready === true, undefined, { timeout: 90_000 }),
  },
  {
    hash: '#/dangers',
    name: 'dangers',
    header: true,
    map: false,
    ready: (p) => p.waitForFunction(() => document.querySelectorAll('[data-testid="dangers-table"] tbody tr').length > 0, undefined, { timeout: 60_000 }),
  },
  {
    hash: '#/planner',
    name: 'planner',
    header: true,
    map: true,
    ready: (p) => p.waitForFunction(() => !!window.__planner?.map, undefined, { timeout: 90_000 }).then(() => waitCanvas(p)),
  },
  { hash: '#/notices', name: 'notices', header: true, map: false, ready: (p) => p.getByTestId('nav-more').waitFor({ timeout: 30_000 }) },
  {
    hash: '#/public',
    name: 'public',
    header: false,
    map: true,
    ready: (p) => p.waitForFunction(() => !!window.__public, undefined, { timeout: 60_000 }).then(() => waitCanvas(p)),
  },
  {
    hash: '#/wall',
    name: 'wall',
    header: false,
    map: true,
    ready: (p) => p.waitForFunction(() => window.__wall?.ready === true, undefined, { timeout: 90_000 }),
  },
]

async function setLang(page: Page, lang: 'zh' | 'en') {
  const now = await page.evaluate(() => document.documentElement.lang)
  if (now.startsWith(lang)) return
  // the wall and the public view have their own toggles; the header's is on the other pages
  await page.evaluate((l) => localStorage.setItem('yizhangtu.lang', l), lang)
  await page.reload()
}

/** Layout figures: sideways scroll, the header's rows and items, and the map canvas's share. */
function measure(page: Page) {
  return page.evaluate(() => {
    const header = document.querySelector('[data-testid="app-header"]')
    const nav = document.querySelector('[data-testid="app-nav"]')
    const box = (el: Element) => {
      const r = el.getBoundingClientRect()
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, height: r.height }
    }
    const items = header
      ? [...header.querySelectorAll('a, button, summary, [data-testid="demo-badge"], [data-testid="session-role"]')]
          .filter((el) => (el as HTMLElement).offsetParent !== null && !el.closest('.nav-more-menu'))
          .map((el) => ({ text: (el as HTMLElement).innerText, inNav: !!el.closest('[data-testid="app-nav"]'), ...box(el) }))
      : []
    // the largest map canvas, and how much of the screen it covers
    let mapShare = 0
    for (const c of document.querySelectorAll('canvas.maplibregl-canvas')) {
      const r = c.getBoundingClientRect()
      const w = Math.max(0, Math.min(r.right, innerWidth) - Math.max(r.left, 0))
      const h = Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0))
      mapShare = Math.max(mapShare, (w * h) / (innerWidth * innerHeight))
    }
    return {
      innerWidth,
      scrollWidth: document.scrollingElement!.scrollWidth,
      header: header ? box(header) : null,
      rows: header ? (header as HTMLElement).dataset.rows : undefined,
      nav: nav ? box(nav) : null,
      items,
      mapShare,
    }
  })
}

describe('tablets and small laptops', () => {
  for (const size of SIZES) {
    it(`${size.width}×${size.height}: no sideways scroll, a clean header, the map ≥ 40 % (administrator)`, async () => {
      const ctx = await browser.newContext({ viewport: size, hasTouch: true, locale: 'zh-CN' })
      const page = await ctx.newPage()
      const errors: string[] = []
      page.on('pageerror', (e) => errors.push(e.message))
      await page.goto(appUrl + '/#/dangers')
      await page.getByTestId('app-header').waitFor({ timeout: 60_000 })
      await signInAs(page, 'admin')
      for (const lang of ['zh', 'en'] as const) {
        for (const pc of PAGES) {
          await page.goto(`${appUrl}/${pc.hash}`)
          await setLang(page, lang)
          await pc.ready(page)
          await page.waitForTimeout(800)
          const m = await measure(page)
          const what = `${pc.name} ${lang} ${size.width}×${size.height}`
          await page.screenshot({ path: `${OUT}/tablet-${pc.name}-${lang}-${size.width}x${size.height}.png` })
          expect(m.scrollWidth, what).toBeLessThanOrEqual(m.innerWidth)
          if (pc.header) {
            expect(m.header, what).not.toBeNull()
            // one row is 50 px; two rows (the nav and 更多 under the brand and session) about 75
            expect(m.header!.height, what).toBeLessThanOrEqual(84)
            expect(m.items.length, what).toBeGreaterThan(8)
            for (const it of m.items) {
              const label = `${what} "${it.text}"`
              expect(it.height, label).toBeLessThan(34)
              expect(it.left, label).toBeGreaterThanOrEqual(m.header!.left)
              expect(it.right, label).toBeLessThanOrEqual(m.header!.right + 0.5)
              expect(it.top, label).toBeGreaterThanOrEqual(m.header!.top)
              expect(it.bottom, label).toBeLessThanOrEqual(m.header!.bottom + 0.5)
              if (it.inNav) {
                expect(it.left, label).toBeGreaterThanOrEqual(m.nav!.left - 0.5)
                expect(it.right, label).toBeLessThanOrEqual(m.nav!.right + 0.5)
              }
            }
          }
          if (pc.map) expect(m.mapShare, what).toBeGreaterThanOrEqual(0.4)
          if (pc.name === 'dangers') {
            // an opened danger's details lie on the screen, beside the list
            await page.locator('[data-testid="dangers-table"] tbody tr').first().click()
            await page.getByTestId('danger-detail').waitFor({ timeout: 30_000 })
            await page.waitForTimeout(300)
            const d = await page.getByTestId('danger-detail').boundingBox()
            expect(d!.x, what).toBeGreaterThanOrEqual(0)
            expect(d!.x + d!.width, what).toBeLessThanOrEqual(size.width + 0.5)
            expect(d!.width, what).toBeGreaterThan(300)
            const list = await page.getByTestId('dangers-table').boundingBox()
            expect(list!.x + list!.width, `${what}: the list stays beside the details`).toBeLessThanOrEqual(d!.x + 0.5)
            await page.screenshot({ path: `${OUT}/tablet-dangers-detail-${lang}-${size.width}x${size.height}.png` })
          }
        }
      }
      expect(errors).toEqual([])
      await ctx.close()
    })

    it(`${size.width}×${size.height}: the public's root and public view`, async () => {
      const ctx = await browser.newContext({ viewport: size, hasTouch: true, locale: 'zh-CN' })
      const page = await ctx.newPage()
      for (const pc of PAGES.filter((p) => p.name === 'onemap' || p.name === 'public')) {
        await page.goto(`${appUrl}/${pc.hash}`)
        await pc.ready(page)
        await page.waitForTimeout(800)
        const m = await measure(page)
        const what = `public ${pc.name} ${size.width}×${size.height}`
        await page.screenshot({ path: `${OUT}/tablet-anon-${pc.name}-${size.width}x${size.height}.png` })
        expect(m.scrollWidth, what).toBeLessThanOrEqual(m.innerWidth)
        if (pc.header) {
          expect(m.header!.height, what).toBeLessThanOrEqual(84)
          for (const it of m.items) expect(it.right, `${what} "${it.text}"`).toBeLessThanOrEqual(m.header!.right + 0.5)
        }
        expect(m.mapShare, what).toBeGreaterThanOrEqual(0.4)
      }
      await ctx.close()
    })
  }
})
