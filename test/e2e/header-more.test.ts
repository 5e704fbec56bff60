// The header's 更多 (more) menu stays on the screen (issue 21): opened on the staff pages
// (#/dangers, #/notices) as the administrator (the longest menu), on touch phones 320, 390 and
// 430 px wide and on a 1920×1080 desk, in Chinese and in English. For each: the page is not pushed
// sideways (the layout viewport stays the screen's width, nothing scrolls sideways), the open
// menu's box and each of its links lie inside the viewport, each link is the element under its
// own centre (not covered), and a tap on one opens its page. Screenshots: test-results/header-more-*.png.
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
  { width: 390, height: 844, phone: true },
  { width: 320, height: 640, phone: true },
  { width: 430, height: 932, phone: true },
  { width: 1920, height: 1080, phone: false },
] as const

async function setLang(page: Page, lang: 'zh' | 'en') {
  const now = await page.evaluate(() => document.documentElement.lang)
  if (now.startsWith(lang)) return
  await page.getByTestId('lang-toggle').click()
  await page.waitForFunction((l) => document.documentElement.lang.startsWith(l), lang)
}

/** Where the open menu and its links are, against the viewport, and what lies under each link. */
function measureMenu(page: Page) {
  return page.evaluate(() => {
    const menu = document.querySelector<HTMLElement>('[data-testid="nav-more"] .nav-more-menu')!
    const box = (el: Element) => {
      const r = el.getBoundingClientRect()
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom }
    }
    return {
      innerWidth,
      clientWidth: document.documentElement.clientWidth,
      scrollWidth: document.scrollingElement!.scrollWidth,
      innerHeight,
      menu: box(menu),
      links: [...menu.querySelectorAll('a')].map((a) => {
        const r = a.getBoundingClientRect()
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)
        return { text: a.textContent ?? '', href: a.getAttribute('href'), ...box(a), onTop: !!hit && (hit === a || a.contains(hit)) }
      }),
    }
  })
}

describe('the header’s more menu', () => {
  for (const size of SIZES) {
    it(`stays inside a ${size.width}×${size.height} screen on the staff pages, in Chinese and English`, async () => {
      const ctx = await browser.newContext({
        viewport: { width: size.width, height: size.height },
        isMobile: size.phone,
        hasTouch: size.phone,
        locale: 'zh-CN',
      })
      const page = await ctx.newPage()
      const errors: string[] = []
      page.on('pageerror', (e) => errors.push(e.message))
      await page.goto(appUrl + '/#/dangers')
      await page.getByTestId('app-header').waitFor({ timeout: 60_000 })
      await signInAs(page, 'admin')
      for (const hash of ['#/dangers', '#/notices']) {
        for (const lang of ['zh', 'en'] as const) {
          await page.goto(`${appUrl}/${hash}`)
          await page.getByTestId('nav-more').waitFor({ timeout: 30_000 })
          await setLang(page, lang)
          await page.locator('[data-testid="nav-more"] > summary').click()
          await page.locator('[data-testid="nav-more"] .nav-more-menu a').first().waitFor()
          await page.waitForTimeout(150)
          const m = await measureMenu(page)
          const what = `${hash} ${lang} ${size.width}`
          // the page was not zoomed out or widened to make room for the menu
          expect(m.innerWidth, what).toBe(size.width)
          expect(m.scrollWidth, what).toBeLessThanOrEqual(size.width)
          expect(m.links.length, what).toBeGreaterThanOrEqual(5)
          for (const b of [m.menu, ...m.links]) {
            expect(b.left, what).toBeGreaterThanOrEqual(0)
            expect(b.right, what).toBeLessThanOrEqual(m.clientWidth)
            expect(b.top, what).toBeGreaterThanOrEqual(0)
            expect(b.bottom, what).toBeLessThanOrEqual(m.innerHeight)
          }
          for (const l of m.links) expect(l.onTop, `${what} ${l.text}`).toBe(true)
          await page.screenshot({ path: `${OUT}/header-more-${hash.slice(2)}-${lang}-${size.width}.png` })
          // a tap on an entry opens its page and closes the menu
          const target = m.links.find((l) => l.href !== hash)!
          await page.locator(`[data-testid="nav-more"] .nav-more-menu a[href="${target.href}"]`).click()
          await page.waitForFunction((h) => location.hash.startsWith(h!), target.href)
          expect(await page.locator('[data-testid="nav-more"][open]').count(), what).toBe(0)
        }
      }
      expect(errors).toEqual([])
      await ctx.close()
    })
  }
})
