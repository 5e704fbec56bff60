// The hidden-danger page (#/dangers) on a phone (issue 21), in headless Chromium emulating a touch
// phone at 390×844 and 360×740, as the enterprise and as the district's regulator, against the
// built app and the real stack. For each: nothing sticks out sideways (the document and every
// visible element of the page within the screen's width), no visible text under 12 px (computed
// style, the header included), every control of the list at least 40 px tall, the list total
// against an independent SQL count of the user's scope, the filters folded behind one button that
// opens them and applies a filter (URL and list agree with SQL), the map tab drawing the page's
// points inside its canvas, the statistics tab filtering the list, and a danger opened from a
// scrolled list and closed again leaving the list where it was. At 1920×1080 the desk layout is
// the one it was (three columns, no phone controls). Screenshots: test-results/dangers-phone-*.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OUT, startBrowser, newPage, signInAs } from '../helpers/e2e.ts'
import { smallTexts } from '../helpers/wallAudit.ts'
import { sql } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA, type AppRole } from '../../supabase/seed/demo-users.ts'

let browser: Browser
let appUrl: string

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
afterAll(async () => {
  await browser?.close()
})

const SIZES = [
  { width: 390, height: 844 },
  { width: 360, height: 740 },
] as const
const ROLES: { role: Extract<AppRole, 'enterprise' | 'regulator'>; scope: string }[] = [
  { role: 'enterprise', scope: `enterprise_id = '${DEMO_ENTERPRISE_ID}'` },
  { role: 'regulator', scope: `area_code like '${DEMO_REGULATOR_AREA}%'` },
]

async function count(where: string): Promise<number> {
  return (await sql().query<{ n: number }>(`select count(*)::int as n from public.hidden_dangers where ${where}`)).rows[0].n
}

const loads = (page: Page) => page.evaluate(() => window.__dangers?.loads ?? 0)

async function listLoaded(page: Page, before: number) {
  await page.waitForFunction(
    (b) =>
      (window.__dangers?.loads ?? 0) > b &&
      !document.querySelector('[data-testid="list-loading"]') &&
      document.querySelector('[data-testid="list-total"]')?.getAttribute('data-total') !== '',
    before,
    { timeout: 30_000 },
  )
}

async function change(page: Page, act: () => Promise<unknown>) {
  const before = await loads(page)
  await act()
  await listLoaded(page, before)
}

const totalShown = async (page: Page) => Number(await page.getByTestId('list-total').getAttribute('data-total'))

async function phonePage(size: { width: number; height: number }): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const ctx = await browser.newContext({ viewport: size, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'zh-CN' })
  const page = await ctx.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  return { page, errors, close: () => ctx.close() }
}

/** What sticks out of the screen sideways: the document's own width, and every visible element of
 * the page whose box leaves the screen (left < 0 or right > width). */
async function sideways(page: Page): Promise<{ docWidth: number; pageScroll: number; out: string[] }> {
  return page.evaluate(() => {
    const w = document.documentElement.clientWidth
    const out: string[] = []
    for (const el of document.querySelectorAll<HTMLElement>('[data-testid="app-header"] *, [data-testid="dangers-page"] *')) {
      const r = el.getBoundingClientRect()
      if (r.width === 0 || r.height === 0) continue
      const cs = getComputedStyle(el)
      if (cs.visibility === 'hidden') continue
      // inside the header's nav row, which scrolls sideways by design (styles.css, ≤ 700 px)
      if (el.closest('.app-nav')) continue
      // inside a closed <details> (the header's 更多 menu): laid out, not shown
      const d = el.closest('details')
      if (d && !d.open && !el.closest('summary')) continue
      if (r.left < -0.5 || r.right > w + 0.5) out.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.left)}–${Math.round(r.right)}`)
    }
    const pageEl = document.querySelector<HTMLElement>('[data-testid="dangers-page"]')!
    return {
      docWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
      pageScroll: pageEl.scrollWidth - pageEl.clientWidth,
      out: out.slice(0, 10),
    }
  })
}

/** Visible controls under 40 px tall: of the page (not the header, the map's canvas or the
 * detail sheet), or with `sheet` of the open detail sheet. */
async function smallTargets(page: Page, sheet = false): Promise<string[]> {
  return page.evaluate((sheet) => {
    const out: string[] = []
    const sel = 'button, select, input, textarea, a[href], label.chip, [role="tab"], [data-testid="danger-row"], [data-testid="stats-row"]'
    const root = sheet ? '[data-testid="danger-detail"]' : '[data-testid="dangers-page"]'
    for (const el of document.querySelectorAll<HTMLElement>(`${root} :is(${sel})`)) {
      if (!sheet && el.closest('.detail-panel, .maplibregl-map')) continue
      // links inside running text (the coordinates' 在一张图中查看) are read, not aimed at
      if (sheet && el.matches('a') && el.closest('dd')) continue
      if (el.matches('input[type="checkbox"]')) continue // inside its 40 px chip
      const r = el.getBoundingClientRect()
      if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue
      if (r.height < 40 - 0.5) out.push(`${el.tagName.toLowerCase()}[${el.getAttribute('data-testid') ?? el.className}] ${Math.round(r.height)}px`)
    }
    return out
  }, sheet)
}

/** Whether anything of the map's card shows (it stays laid out behind the other tabs). */
async function mapShows(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid="dangers-map-card"], [data-testid="dangers-map-card"] *')]
      .filter((e) => {
        const r = e.getBoundingClientRect()
        const cs = getComputedStyle(e)
        return r.width > 0 && r.height > 0 && cs.visibility === 'visible' && cs.display !== 'none'
      })
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}`)
      .slice(0, 5),
  )
}

describe('#/dangers on a phone', () => {
  for (const size of SIZES) {
    for (const { role, scope } of ROLES) {
      it(`${size.width}×${size.height} as the ${role}: fits, reads, filters, maps, keeps its place`, async () => {
        const tag = `${size.width}-${role}`
        const { page, errors, close } = await phonePage(size)
        await page.goto(appUrl + '/#/dangers')
        await page.getByTestId('signin-open').waitFor({ timeout: 30_000 })
        await signInAs(page, role)
        await page.getByTestId('dangers-page').waitFor({ timeout: 30_000 })
        await listLoaded(page, 0)
        expect(await page.getByTestId('dangers-page').getAttribute('data-phone')).toBe('true')

        // the list first: its tab chosen, the total that of an independent count of the user's scope
        expect(await page.getByTestId('dangers-tab-list').getAttribute('aria-selected')).toBe('true')
        const all = await count(scope)
        expect(all).toBeGreaterThan(0)
        expect(await totalShown(page)).toBe(all)
        const rows = page.getByTestId('danger-row')
        expect(await rows.count()).toBe(Math.min(20, all))

        // no sideways scroll, nothing outside the screen, no text under 12 px, fingers fit
        const fit = await sideways(page)
        expect(fit.docWidth).toBeLessThanOrEqual(size.width)
        expect(fit.pageScroll).toBeLessThanOrEqual(0)
        expect(fit.out).toEqual([])
        expect(await smallTexts(page, 12)).toEqual([])
        expect(await smallTargets(page)).toEqual([])

        // each row is a readable card: status, deadline (or —), enterprise, inside the screen
        const first = rows.first()
        const card = await first.evaluate((tr) => {
          const cell = (c: string) => tr.querySelector<HTMLElement>(`.${c}`)
          const r = tr.getBoundingClientRect()
          return {
            left: r.left,
            right: r.right,
            top: r.top,
            height: r.height,
            status: cell('col-status')?.innerText.trim() ?? '',
            deadline: cell('col-deadline')?.innerText.trim() ?? '',
            enterprise: cell('col-ent')?.innerText.trim() ?? '',
            title: cell('col-title')?.innerText.trim() ?? '',
            id: tr.getAttribute('data-id'),
          }
        })
        const { rows: dbRow } = await sql().query<{ title: string; ent: string | null; deadline: string | null }>(
          `select d.title, e.name as ent, d.deadline::text as deadline
           from public.hidden_dangers d left join public.enterprises e on e.id = d.enterprise_id where d.id = $1`,
          [card.id],
        )
        expect(card.left).toBeGreaterThanOrEqual(0)
        expect(card.right).toBeLessThanOrEqual(size.width)
        expect(card.top).toBeLessThan(size.height)
        expect(card.height).toBeGreaterThanOrEqual(44)
        expect(card.title.startsWith(dbRow[0].title)).toBe(true)
        expect(card.status.length).toBeGreaterThan(0)
        // the deadline's date (its label 期限 is the cell's ::before, from data-label)
        expect(card.deadline.startsWith(dbRow[0].deadline ?? '—')).toBe(true)
        expect(await first.locator('.col-deadline').getAttribute('data-label')).toBe('期限')
        if (dbRow[0].ent) expect(card.enterprise).toBe(dbRow[0].ent)
        await page.screenshot({ path: `${OUT}/dangers-phone-${tag}-list.png` })

        // filters: folded until the button opens them; one applied shows in the URL and the list
        await expect.poll(() => page.getByTestId('filter-overdue').isVisible()).toBe(false)
        expect(await page.getByTestId('filter-text').isVisible()).toBe(true)
        await page.getByTestId('filters-toggle').tap()
        await page.getByTestId('filter-overdue').waitFor({ state: 'visible' })
        expect(await smallTargets(page)).toEqual([])
        expect((await sideways(page)).out).toEqual([])
        expect(await smallTexts(page, 12)).toEqual([])
        if (role === 'enterprise') await page.screenshot({ path: `${OUT}/dangers-phone-${size.width}-filters.png` })
        await change(page, () => page.getByTestId('filter-status-rectifying').tap())
        expect(page.url()).toContain('status=rectifying')
        const rect = await count(`${scope} and status = 'rectifying'`)
        expect(await totalShown(page)).toBe(rect)
        expect(await rows.evaluateAll((els) => els.every((e) => e.getAttribute('data-status') === 'rectifying'))).toBe(true)
        expect(await page.getByTestId('filters-toggle').getAttribute('data-active')).toBe('1')
        await page.getByTestId('filters-done').tap()
        await page.getByTestId('filter-overdue').waitFor({ state: 'hidden' })
        // the filter stays applied with the panel folded; reset through the panel
        expect(await totalShown(page)).toBe(rect)
        await page.getByTestId('filters-toggle').tap()
        await change(page, () => page.getByTestId('filter-reset').tap())
        expect(page.url()).not.toContain('status=')
        expect(await totalShown(page)).toBe(all)
        await page.getByTestId('filters-done').tap()

        // the text search, reachable without opening the filters
        const word = card.title.slice(0, 4)
        await change(page, () => page.getByTestId('filter-text').fill(word))
        expect(new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '').get('q')).toBe(word)
        const shownTitles = await rows.evaluateAll((els) => els.map((e) => e.querySelector('.title-text')?.textContent ?? ''))
        expect(shownTitles.length).toBeGreaterThan(0)
        expect(shownTitles.some((t) => t.includes(word))).toBe(true)
        await change(page, () => page.getByTestId('filter-text').fill(''))
        expect(await totalShown(page)).toBe(all)

        // a danger opened from a scrolled list, then closed: the list is where it was
        const n = await rows.count()
        const target = rows.nth(Math.min(n - 1, 7))
        await target.evaluate((tr) => tr.scrollIntoView({ block: 'center' }))
        const before = await page.getByTestId('dangers-page').evaluate((el) => el.scrollTop)
        if (n >= 8) expect(before).toBeGreaterThan(0)
        const targetId = await target.getAttribute('data-id')
        const topBefore = (await target.boundingBox())!.y
        await target.tap()
        const sheet = page.locator(`[data-testid="danger-detail"][data-id="${targetId}"]`)
        await sheet.waitFor({ timeout: 30_000 })
        expect(page.url()).toContain(`id=${targetId}`)
        const sb = (await sheet.boundingBox())!
        expect(sb.x).toBe(0)
        expect(Math.round(sb.width)).toBe(size.width)
        expect(Math.round(sb.height)).toBe(size.height)
        // the sheet itself: nothing under 12 px, its actions and fields big enough for a finger
        expect(await smallTexts(page, 12)).toEqual([])
        expect(await smallTargets(page, true)).toEqual([])
        if (role === 'regulator') await page.screenshot({ path: `${OUT}/dangers-phone-${size.width}-sheet.png` })
        await page.getByTestId('detail-close').tap()
        await sheet.waitFor({ state: 'detached' })
        expect(page.url()).not.toContain('id=')
        expect(await page.getByTestId('dangers-page').evaluate((el) => el.scrollTop)).toBe(before)
        expect(Math.round((await target.boundingBox())!.y)).toBe(Math.round(topBefore))
        // the phone's Back button closes the sheet too, and stays on the list where it was
        await target.tap()
        await sheet.waitFor({ timeout: 30_000 })
        await page.goBack()
        await sheet.waitFor({ state: 'detached' })
        expect(new URL(page.url()).hash.startsWith('#/dangers')).toBe(true)
        expect(page.url()).not.toContain('id=')
        expect(await page.getByTestId('dangers-page').evaluate((el) => el.scrollTop)).toBe(before)

        // the map tab: the page's points drawn inside the canvas, nothing sideways, fonts ≥ 12 px
        await page.getByTestId('dangers-tab-map').tap()
        await page.waitForFunction(() => window.__dangersMap?.ready === true, undefined, { timeout: 60_000 })
        const rowsNow = await rows.count()
        await expect.poll(() => page.evaluate(() => window.__dangersMap?.points ?? -1)).toBe(rowsNow)
        await page.waitForTimeout(600)
        const canvas = (await page.locator('[data-testid="dangers-map"] canvas').first().boundingBox())!
        expect(canvas.width).toBeGreaterThan(size.width - 60)
        expect(canvas.x + canvas.width).toBeLessThanOrEqual(size.width)
        expect(canvas.height).toBeGreaterThan(size.height * 0.4)
        const ids = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))
        expect(ids.length).toBe(rowsNow)
        const { rows: locs } = await sql().query<{ id: string; lon: number; lat: number }>(
          `select id::text, extensions.st_x(location::extensions.geometry) as lon, extensions.st_y(location::extensions.geometry) as lat from public.hidden_dangers where id = any($1::uuid[])`,
          [ids],
        )
        const projected = await page.evaluate((pts) => {
          const map = window.__dangersMap!.map as { project(ll: [number, number]): { x: number; y: number }; getCanvas(): HTMLCanvasElement }
          const c = map.getCanvas().getBoundingClientRect()
          return pts.map((p) => {
            const q = map.project([p.lon, p.lat])
            return q.x >= 0 && q.y >= 0 && q.x <= c.width && q.y <= c.height
          })
        }, locs)
        expect(projected.length).toBe(rowsNow)
        expect(projected.every(Boolean)).toBe(true)
        expect((await sideways(page)).out).toEqual([])
        expect(await smallTexts(page, 12)).toEqual([])
        await page.screenshot({ path: `${OUT}/dangers-phone-${tag}-map.png` })

        // the statistics tab: reachable, and a district tapped there filters the list and shows it
        await page.getByTestId('dangers-tab-stats').tap()
        await page.waitForFunction(() => document.querySelector('[data-testid="stats-panel"]')?.getAttribute('data-ready') === 'true', undefined, {
          timeout: 30_000,
        })
        expect(await page.getByTestId('stats-panel').isVisible()).toBe(true)
        expect(await mapShows(page)).toEqual([])
        expect((await sideways(page)).out).toEqual([])
        expect(await smallTexts(page, 12)).toEqual([])
        expect(await smallTargets(page)).toEqual([])
        await page.screenshot({ path: `${OUT}/dangers-phone-${tag}-stats.png` })
        const statsRow = page.getByTestId('stats-row').first()
        const code = (await statsRow.getAttribute('data-code'))!
        await change(page, () => statsRow.tap())
        expect(await page.getByTestId('dangers-tab-list').getAttribute('aria-selected')).toBe('true')
        expect(await mapShows(page)).toEqual([])
        expect(page.url()).toContain(`area=${code}`)
        expect(await totalShown(page)).toBe(await count(`${scope} and area_code like '${code}%'`))

        // English labels on the tabs
        await page.getByTestId('lang-toggle').tap()
        await expect.poll(() => page.getByTestId('dangers-tab-map').innerText()).toBe('Map')
        expect(await page.getByTestId('dangers-tab-stats').innerText()).toBe('Statistics')
        expect((await page.getByTestId('dangers-tab-list').innerText()).startsWith('List')).toBe(true)
        expect((await sideways(page)).out).toEqual([])
        expect(await smallTexts(page, 12)).toEqual([])
        if (role === 'enterprise') await page.screenshot({ path: `${OUT}/dangers-phone-${size.width}-en.png` })
        await page.getByTestId('lang-toggle').tap()

        // 在一张图中查看 from the sheet leaves for the one map and stays there (the sheet's history
        // handling must not pull the URL back to #/dangers)
        await rows.first().tap()
        await page.getByTestId('danger-detail').waitFor({ timeout: 30_000 })
        const openedId = await page.getByTestId('danger-detail').getAttribute('data-id')
        await page.getByTestId('show-on-map').tap()
        await page.waitForFunction(() => window.__onemap?.ready === true, undefined, { timeout: 90_000 })
        await page.waitForTimeout(500)
        expect(new URL(page.url()).hash).toBe(`#/?focus=hidden_dangers:${openedId}`)

        expect(errors).toEqual([])
        await close()
      })
    }
  }
})

describe('#/dangers at a desk', () => {
  it('keeps its three columns and shows none of the phone controls at 1920×1080', async () => {
    const { page, errors } = await newPage(browser)
    await page.goto(appUrl + '/#/dangers')
    await page.getByTestId('signin-open').waitFor({ timeout: 30_000 })
    await signInAs(page, 'regulator')
    await listLoaded(page, 0)
    const layout = await page.getByTestId('dangers-page').evaluate((el) => ({
      columns: getComputedStyle(el)
        .gridTemplateColumns.split(' ')
        .map((c) => Math.round(parseFloat(c))),
      display: getComputedStyle(el).display,
      phone: el.getAttribute('data-phone'),
    }))
    expect(layout.display).toBe('grid')
    expect(layout.phone).toBe('false')
    expect(layout.columns.slice(1)).toEqual([520, 400])
    expect(await page.getByTestId('dangers-tabs').isVisible()).toBe(false)
    expect(await page.getByTestId('filters-toggle').isVisible()).toBe(false)
    expect(await page.getByTestId('filters-done').isVisible()).toBe(false)
    // filters, table head, map and statistics all on screen at once
    expect(await page.getByTestId('filter-overdue').isVisible()).toBe(true)
    expect(await page.locator('[data-testid="dangers-table"] thead').isVisible()).toBe(true)
    expect(await page.getByTestId('stats-panel').isVisible()).toBe(true)
    await page.waitForFunction(() => window.__dangersMap?.ready === true, undefined, { timeout: 60_000 })
    expect(await page.getByTestId('dangers-map').isVisible()).toBe(true)
    expect(errors).toEqual([])
    await page.close()
  })
})
