// The English view (issue 21), in headless Chromium against the built app and the real stack:
// - warning-area labels on the wall and the public view name their areas in English with the
//   English toggle (the English names read here from the database, the Chinese one where an area
//   has none) and in Chinese without it: no Chinese character in an English label;
// - the wall at 1920×1080 in English: every district name in the district table and every label of
//   the risk-colour bars shown whole (scrollWidth ≤ clientWidth), every column inside its panel;
//   the header's title, city name, buttons, date and status whole, the demo chip shown between the
//   city's name and the tools; the safety-indicator tiles' labels, figures and status lines whole
//   (no '…', nothing outside its tile), all at least 20 px; and no two map labels drawn (warning
//   areas, districts) overlapping (their boxes measured in the page); in Chinese too;
// - the wall at 3840×2160 in English: the same header, tiles (at least 28 px) and labels;
// - the wall on a tablet (1024×768, 768×1024): the city's bounding box inside the map's box, right of
//   the layer presets, covering at least 45 % of it; no two map labels overlapping;
// - the planner at 1920×1080: the worklist table no wider than its panel (no sideways scroll,
//   every heading, "Relocation" the last, inside it), in English and in Chinese;
// - the wall on a tablet (1024×768, 768×1024): the map's key and the vehicle alerts lie outside the
//   map's box (they covered half of the city), inside the screen's width, and the map keeps ≥ 40 %
//   of the screen;
// - the signed-in header (administrator, the longest) at 320–1024 px, in English and Chinese, on a
//   page of the nav and one in 更多: at most two rows from 701 px up (at 701–760 px in English it
//   was three), at most three on a phone (at 320 px it was four: the top row's two and the nav's);
//   更多 on the nav's row; every item a single line inside the screen; no sideways scroll.
// Screenshots: test-results/english-*.png (English and Chinese at the widths concerned).
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OUT, newPage, signInAs, signInWall, startBrowser } from '../helpers/e2e.ts'
import { sql } from '../helpers/stack.ts'

let browser: Browser
let appUrl: string

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
afterAll(async () => {
  await browser?.close()
})

const CJK = /[\u3400-\u9fff]/

/** The texts of the warning-area labels deck.gl draws now, on the wall or the public view. */
function warningLabels(page: Page, which: 'wall' | 'public'): Promise<string[]> {
  return page.evaluate((w) => {
    interface L {
      id: string
      props: { visible?: boolean; data?: unknown; getText?: (d: unknown) => string }
      parent?: unknown
      isComposite?: boolean
      getSubLayers?: () => L[]
    }
    const holder = (w === 'wall' ? window.__wall!.controller : window.__public!.ctl) as unknown as {
      handle: { overlay: { _deck: { layerManager: { getLayers(): L[] } } } }
    }
    const out: string[] = []
    for (const l of holder.handle.overlay._deck.layerManager.getLayers()) {
      if (!l.id.endsWith('warning_areas-labels') && !l.id.endsWith('warning-areas-labels')) continue
      if (l.props.visible === false || !Array.isArray(l.props.data) || !l.props.getText) continue
      for (const d of l.props.data) out.push(l.props.getText(d))
    }
    return out
  }, which)
}

/** The areas the active regional warnings name, by warning: Chinese and English names (English
 * falling back to Chinese), ordered by code as the labels list them. */
async function warningAreaNames(): Promise<{ zh: string[]; en: string[] }[]> {
  const { rows } = await sql().query<{ zh: string[]; en: string[] }>(
    `select array(select a.name from public.areas a where a.code = any (n.area_codes) order by a.code) as zh,
            array(select coalesce(nullif(btrim(a.name_en), ''), a.name) from public.areas a where a.code = any (n.area_codes) order by a.code) as en
       from public.public_notices n
      where n.status = 'published' and n.kind = 'regional_warning' and (n.valid_until is null or n.valid_until > now())
        and cardinality(n.area_codes) > 0`,
  )
  return rows
}

async function checkWarningLabels(page: Page, which: 'wall' | 'public', lang: 'zh' | 'en'): Promise<string[]> {
  const named = await warningAreaNames()
  expect(named.length, 'active warnings that name areas (demo data)').toBeGreaterThan(0)
  // at least one named area has an English name different from its Chinese one
  expect(named.some((w) => w.en.some((n, i) => n !== w.zh[i]))).toBe(true)
  await expect.poll(async () => (await warningLabels(page, which)).length, { timeout: 30_000 }).toBeGreaterThan(0)
  if (lang === 'en') await expect.poll(async () => (await warningLabels(page, which)).filter((t) => CJK.test(t)), { timeout: 10_000 }).toEqual([])
  const labels = await warningLabels(page, which)
  // every label that names areas names one warning's first area in the language shown
  const firsts = named.map((w) => w[lang][0]!)
  for (const t of labels) {
    if (!t.includes(' · ')) continue
    const after = t.split(' · ')[1]!
    if (lang === 'en') expect(after, t).not.toMatch(CJK)
    if (/drawn|自绘/i.test(after)) continue
    expect(
      firsts.some((f) => after.startsWith(f)),
      `${t} starts with one of ${firsts.join(' | ')}`,
    ).toBe(true)
  }
  return labels
}

describe('map labels follow the English toggle', () => {
  it('the wall: warning areas named in English, and back in Chinese', async () => {
    const { page, errors } = await newPage(browser, { width: 1920, height: 1080 })
    await page.goto(appUrl + '/#/wall')
    await signInWall(page)
    const zh = await checkWarningLabels(page, 'wall', 'zh')
    expect(zh.some((t) => CJK.test(t))).toBe(true)
    await page.locator('.wall-tools button', { hasText: /^English$/ }).click()
    const en = await checkWarningLabels(page, 'wall', 'en')
    expect(en.length).toBe(zh.length)
    await page.screenshot({ path: `${OUT}/english-wall-labels-en-1920.png` })
    await page.locator('.wall-tools button', { hasText: /^中文$/ }).click()
    await expect.poll(async () => (await warningLabels(page, 'wall')).join('|'), { timeout: 10_000 }).toBe(zh.join('|'))
    expect(errors).toEqual([])
    await page.close()
  })

  for (const size of [
    { width: 1920, height: 1080 },
    { width: 390, height: 844 },
  ]) {
    it(`the public view at ${size.width}: warning areas named in English`, async () => {
      const { page, errors } = await newPage(browser, size)
      await page.goto(appUrl + '/#/public')
      await page.waitForFunction(() => !!window.__public?.ctl.store.get().mapReady, undefined, { timeout: 60_000 })
      const zh = await checkWarningLabels(page, 'public', 'zh')
      await page.screenshot({ path: `${OUT}/english-public-labels-zh-${size.width}.png` })
      await page.getByTestId('lang-toggle').click()
      const en = await checkWarningLabels(page, 'public', 'en')
      expect(en.length).toBe(zh.length)
      await page.screenshot({ path: `${OUT}/english-public-labels-en-${size.width}.png` })
      expect(errors).toEqual([])
      await page.close()
    })
  }
})

/** Elements matched by a selector whose text is cut (scrollWidth > clientWidth), with their text. */
function cut(page: Page, selector: string): Promise<{ n: number; cut: string[] }> {
  return page.evaluate((sel) => {
    const els = [...document.querySelectorAll<HTMLElement>(sel)].filter((e) => e.offsetParent !== null)
    return { n: els.length, cut: els.filter((e) => e.scrollWidth > e.clientWidth + 0.5).map((e) => `${e.textContent} (${e.scrollWidth} > ${e.clientWidth})`) }
  }, selector)
}

/** The wall's header and indicator tiles, read in the page: texts cut, the demo chip's place, font sizes. */
function wallHeaderAndTiles(page: Page) {
  return page.evaluate(() => {
    const shown = (sel: string) => [...document.querySelectorAll<HTMLElement>(sel)].filter((e) => e.offsetParent !== null)
    // cut sideways (ends in '…' or is clipped); a tile's wrapped lines are checked against its tile below
    const cutOf = (els: HTMLElement[]) =>
      els.filter((e) => e.scrollWidth > e.clientWidth + 0.5).map((e) => `${e.textContent} (${e.scrollWidth} > ${e.clientWidth})`)
    const header = shown('.wall-header h1, .wall-scope, .wall-demo, .wall-tools .wall-btn, .wall-date, .wall-watermark')
    // the indicator tiles over the map, and the hidden-danger tiles of the right column
    const tiles = shown('.wall-ind-label, .wall-ind-sub, .wall-ind-value, .wall-tile-label')
    const outside: string[] = []
    for (const cell of shown('.wall-ind-cell')) {
      const c = cell.getBoundingClientRect()
      for (const e of cell.querySelectorAll<HTMLElement>('.wall-ind-label, .wall-ind-sub, .wall-ind-value')) {
        const r = e.getBoundingClientRect()
        if (r.left < c.left - 0.5 || r.right > c.right + 0.5 || r.bottom > c.bottom + 0.5) outside.push(e.textContent ?? '')
      }
    }
    const rect = (sel: string) => {
      const e = document.querySelector(sel)
      if (!e || (e as HTMLElement).offsetParent === null) return null
      const r = e.getBoundingClientRect()
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom }
    }
    const fonts = [...header, ...tiles].map((e) => ({ text: (e.textContent ?? '').slice(0, 30), px: parseFloat(getComputedStyle(e).fontSize) }))
    return {
      headerN: header.length,
      headerCut: cutOf(header),
      tilesN: tiles.length,
      tilesCut: cutOf(tiles),
      outside,
      demo: rect('.wall-demo'),
      scope: rect('.wall-scope'),
      tools: rect('.wall-tools'),
      header: rect('.wall-header'),
      smallest: fonts.reduce((a, f) => (f.px < a.px ? f : a), { text: '', px: Infinity }),
    }
  })
}

async function checkWallHeaderAndTiles(page: Page, what: string, minPx: number): Promise<void> {
  await page.locator('[data-testid="panel-indicators"][data-status="ok"]').waitFor({ timeout: 30_000 })
  const m = await wallHeaderAndTiles(page)
  expect(m.headerN, what).toBeGreaterThanOrEqual(8)
  expect(m.headerCut, what).toEqual([])
  expect(m.tilesN, what).toBeGreaterThanOrEqual(13)
  expect(m.tilesCut, what).toEqual([])
  expect(m.outside, what).toEqual([])
  // the demo chip (demo data) shown after the city's name, before the tools, inside the header
  expect(m.demo, `${what} demo chip`).not.toBeNull()
  expect(m.demo!.left, what).toBeGreaterThanOrEqual(m.scope!.right)
  expect(m.demo!.right, what).toBeLessThanOrEqual(m.tools!.left)
  expect(m.demo!.bottom, what).toBeLessThanOrEqual(m.header!.bottom + 0.5)
  expect(m.smallest.px, `${what} "${m.smallest.text}"`).toBeGreaterThanOrEqual(minPx)
}

/** The map labels the wall draws now (warning areas, districts), each with its box in the map's
 * pixels (its text measured with the layer's font in the page), and the pairs that overlap. */
function wallMapLabels(page: Page) {
  return page.evaluate(() => {
    interface TL {
      id: string
      props: Record<string, unknown> & { data?: unknown; visible?: boolean; sizeScale?: number; fontWeight?: number; fontFamily?: string }
    }
    const wall = window.__wall!
    const map = wall.map as { project(p: [number, number]): { x: number; y: number }; getCanvas(): HTMLCanvasElement }
    const deck = (wall.controller as unknown as { handle: { overlay: { _deck: { layerManager: { getLayers(): TL[] } } } } }).handle.overlay._deck
    const ctx = document.createElement('canvas').getContext('2d')!
    const w = map.getCanvas().clientWidth
    const h = map.getCanvas().clientHeight
    const labels: { layer: string; text: string; x0: number; y0: number; x1: number; y1: number }[] = []
    for (const l of deck.layerManager.getLayers()) {
      if (l.id !== 'wall-labels' && !l.id.endsWith('warning_areas-labels')) continue
      const p = l.props
      if (p.visible === false || !Array.isArray(p.data)) continue
      const acc = <T>(a: unknown, d: unknown): T =>
        typeof a === 'function' ? (a as (d: unknown, i: unknown) => T)(d, { index: 0, data: p.data, target: [] }) : (a as T)
      for (const d of p.data as unknown[]) {
        const text = acc<string>(p.getText, d)
        const size = acc<number>(p.getSize, d) * (p.sizeScale ?? 1)
        const at = map.project(acc<[number, number]>(p.getPosition, d))
        if (at.x < 0 || at.y < 0 || at.x > w || at.y > h) continue
        const off = acc<[number, number] | undefined>(p.getPixelOffset, d) ?? [0, 0]
        ctx.font = `${p.fontWeight ?? 700} ${size}px ${p.fontFamily ?? 'sans-serif'}`
        const tw = ctx.measureText(text).width
        const anchor = acc<string>(p.getTextAnchor, d)
        const base = acc<string>(p.getAlignmentBaseline, d)
        const x0 = at.x + off[0] - (anchor === 'middle' ? tw / 2 : anchor === 'end' ? tw : 0)
        const y0 = at.y + off[1] - (base === 'top' ? 0 : base === 'bottom' ? size : size / 2)
        labels.push({ layer: l.id, text, x0, y0, x1: x0 + tw, y1: y0 + size })
      }
    }
    const pairs: string[] = []
    for (let i = 0; i < labels.length; i++)
      for (let j = i + 1; j < labels.length; j++) {
        const a = labels[i]!
        const b = labels[j]!
        if (a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1) pairs.push(`${a.text} × ${b.text}`)
      }
    return { n: labels.length, warnings: labels.filter((l) => l.layer !== 'wall-labels').length, texts: labels.map((l) => l.text), pairs }
  })
}

async function checkWallMapLabels(page: Page, what: string): Promise<void> {
  // the labels follow the settled view (a refit after the panels' sizes changed)
  await page.waitForTimeout(1500)
  await expect.poll(async () => (await wallMapLabels(page)).warnings, { timeout: 30_000 }).toBeGreaterThan(0)
  const l = await wallMapLabels(page)
  expect(l.n - l.warnings, `${what} district names drawn: ${l.texts.join(' | ')}`).toBeGreaterThanOrEqual(3)
  expect(l.pairs, `${what}: ${l.texts.join(' | ')}`).toEqual([])
}

describe('the wall at 1920×1080', () => {
  it('district names and risk-colour labels whole, in English and Chinese', async () => {
    const { page, errors } = await newPage(browser, { width: 1920, height: 1080 })
    await page.goto(appUrl + '/#/wall')
    await signInWall(page)
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="district-name-"]').length > 3, undefined, { timeout: 30_000 })
    for (const lang of ['en', 'zh'] as const) {
      await page.locator('.wall-tools button', { hasText: lang === 'en' ? /^English$/ : /^中文$/ }).click()
      await page.waitForFunction((l) => document.documentElement.lang.startsWith(l), lang)
      await page.waitForTimeout(500)
      // the name cell (td) is what ends in "…"
      const names = await cut(page, '[data-testid="panel-districts"] tbody td:first-child')
      expect(names.n).toBeGreaterThan(3)
      expect(names.cut, lang).toEqual([])
      if (lang === 'en') {
        const pengjiang = await page.evaluate(() => [...document.querySelectorAll('[data-testid^="district-name-"]')].map((e) => e.textContent))
        expect(pengjiang.every((t) => !!t && !CJK.test(t))).toBe(true)
      }
      // the colour and grade chips end before their bars begin (a longer one ran under its bar)
      const chips = await page.evaluate(() =>
        [...document.querySelectorAll('.wall-left .wall-row')].map((row) => {
          const chip = row.querySelector('.wall-chip')!.getBoundingClientRect()
          const bar = row.querySelector('.wall-bar')!.getBoundingClientRect()
          return { text: row.querySelector('.wall-chip')!.textContent, chipRight: chip.right, barLeft: bar.left }
        }),
      )
      expect(chips.length).toBeGreaterThanOrEqual(8)
      for (const c of chips) expect(c.chipRight, `${lang} ${c.text}`).toBeLessThanOrEqual(c.barLeft + 0.5)
      const over = await page.evaluate(() => {
        const panel = document.querySelector('[data-testid="panel-districts"]')!.getBoundingClientRect()
        return [...document.querySelectorAll('[data-testid="panel-districts"] th')].map((th) => th.getBoundingClientRect().right - panel.right)
      })
      for (const o of over) expect(o).toBeLessThanOrEqual(0.5)
      // the map keeps most of the width between the columns
      const mapW = await page.evaluate(() => document.querySelector('[data-testid="wall-map"]')!.getBoundingClientRect().width)
      expect(mapW).toBeGreaterThan(900)
      // the header (the city's name was cut to 'Jiangm' and the demo chip hidden) and the tiles ('Accide…')
      await checkWallHeaderAndTiles(page, `${lang} 1920`, 20)
      await checkWallMapLabels(page, `${lang} 1920`)
      await page.screenshot({ path: `${OUT}/english-wall-${lang}-1920.png` })
    }
    expect(errors).toEqual([])
    await page.close()
  })
})

describe('the wall at 3840×2160 in English', () => {
  it('header, indicator tiles and map labels whole, nothing under 28 px', async () => {
    const { page, errors } = await newPage(browser, { width: 3840, height: 2160 })
    await page.goto(appUrl + '/#/wall')
    await page.evaluate(() => localStorage.setItem('yizhangtu.lang', 'en'))
    await page.reload()
    await signInWall(page)
    await page.waitForFunction(() => document.documentElement.lang.startsWith('en'))
    await checkWallHeaderAndTiles(page, 'en 3840', 28)
    await checkWallMapLabels(page, 'en 3840')
    await page.screenshot({ path: `${OUT}/english-wall-en-3840.png` })
    expect(errors).toEqual([])
    await page.close()
  })
})

describe('the planner at 1920×1080', () => {
  it("the worklist's columns inside its panel, in English and Chinese", async () => {
    const { page, errors } = await newPage(browser, { width: 1920, height: 1080 })
    await page.goto(appUrl + '/#/planner')
    await page.getByTestId('app-header').waitFor({ timeout: 60_000 })
    await signInAs(page, 'planner')
    for (const lang of ['en', 'zh'] as const) {
      await page.evaluate((l) => localStorage.setItem('yizhangtu.lang', l), lang)
      await page.reload()
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="worklist-row"]').length > 0, undefined, { timeout: 90_000 })
      const m = await page.evaluate(() => {
        const wrap = document.querySelector<HTMLElement>('.pl-table-wrap')!
        const panel = document.querySelector('[data-testid="worklist"]')!.getBoundingClientRect()
        const ths = [...document.querySelectorAll('[data-testid="worklist-table"] th')].map((th) => ({
          text: (th as HTMLElement).innerText,
          right: th.getBoundingClientRect().right,
        }))
        return { scroll: wrap.scrollWidth, client: wrap.clientWidth, right: panel.right, ths }
      })
      expect(m.ths.length, lang).toBe(5)
      expect(m.scroll, `${lang}: ${JSON.stringify(m)}`).toBeLessThanOrEqual(m.client)
      for (const th of m.ths) expect(th.right, `${lang} "${th.text}"`).toBeLessThanOrEqual(m.right + 0.5)
      // the status badges whole
      const st = await cut(page, '[data-testid="worklist-table"] .pl-status')
      expect(st.n).toBeGreaterThan(0)
      expect(st.cut).toEqual([])
      await page.screenshot({ path: `${OUT}/english-planner-${lang}-1920.png` })
    }
    expect(errors).toEqual([])
    await page.close()
  })
})

describe('the wall on a tablet', () => {
  for (const size of [
    { width: 1024, height: 768 },
    { width: 768, height: 1024 },
  ]) {
    it(`${size.width}×${size.height}: the key and the vehicle alerts beside the map, not over it`, async () => {
      const { page, errors } = await newPage(browser, size)
      await page.goto(appUrl + '/#/wall')
      await signInWall(page)
      await page.getByTestId('wall-legend').waitFor({ timeout: 30_000 })
      await page.locator('.wall-vehicle-alerts').waitFor({ timeout: 30_000 })
      for (const lang of ['en', 'zh'] as const) {
        await page.locator('.wall-tools button', { hasText: lang === 'en' ? /^English$/ : /^中文$/ }).click()
        await page.waitForFunction((l) => document.documentElement.lang.startsWith(l), lang)
        await page.waitForTimeout(600)
        const m = await page.evaluate(() => {
          const box = (sel: string) => {
            const r = document.querySelector(sel)!.getBoundingClientRect()
            return { left: r.left, top: r.top, right: r.right, bottom: r.bottom }
          }
          return {
            map: box('canvas.maplibregl-canvas'),
            legend: box('[data-testid="wall-legend"]'),
            alerts: box('.wall-vehicle-alerts'),
            scrollWidth: document.scrollingElement!.scrollWidth,
            wallScroll: document.querySelector('.wall')!.scrollWidth,
          }
        })
        const what = `${lang} ${size.width}×${size.height}`
        const overlap = (a: typeof m.map, b: typeof m.map) =>
          Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) * Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top))
        expect(overlap(m.legend, m.map), `${what} legend over the map ${JSON.stringify(m)}`).toBe(0)
        expect(overlap(m.alerts, m.map), `${what} alerts over the map ${JSON.stringify(m)}`).toBe(0)
        for (const b of [m.legend, m.alerts]) {
          expect(b.left).toBeGreaterThanOrEqual(0)
          expect(b.right).toBeLessThanOrEqual(size.width)
        }
        expect(m.scrollWidth).toBeLessThanOrEqual(size.width)
        expect(m.wallScroll).toBeLessThanOrEqual(size.width)
        const mapArea = (Math.min(m.map.right, size.width) - Math.max(m.map.left, 0)) * (Math.min(m.map.bottom, size.height) - Math.max(m.map.top, 0))
        expect(mapArea / (size.width * size.height), what).toBeGreaterThanOrEqual(0.4)
        // the city fills the map's box (it was a quarter of a wide, short box), clear of the presets
        await page.waitForTimeout(800)
        const fit = await page.evaluate(() => {
          const c = window.__wall!.controller
          const map = c.map as { project(p: [number, number]): { x: number; y: number }; getCanvas(): HTMLCanvasElement }
          const b = c.cityBbox!
          const p0 = map.project([b[0], b[3]])
          const p1 = map.project([b[2], b[1]])
          const cv = map.getCanvas()
          const cr = cv.getBoundingClientRect()
          const presets = document.querySelector('[data-testid="wall-presets"]')!.getBoundingClientRect()
          return { x0: p0.x, y0: p0.y, x1: p1.x, y1: p1.y, w: cv.clientWidth, h: cv.clientHeight, presetsRight: presets.right - cr.left }
        })
        expect(fit.x0, `${what} ${JSON.stringify(fit)}`).toBeGreaterThanOrEqual(fit.presetsRight - 1)
        expect(fit.y0, what).toBeGreaterThanOrEqual(-1)
        expect(fit.x1, what).toBeLessThanOrEqual(fit.w + 1)
        expect(fit.y1, what).toBeLessThanOrEqual(fit.h + 1)
        expect(((fit.x1 - fit.x0) * (fit.y1 - fit.y0)) / (fit.w * fit.h), `${what} ${JSON.stringify(fit)}`).toBeGreaterThanOrEqual(0.45)
        await checkWallMapLabels(page, what)
        await page.screenshot({ path: `${OUT}/english-tablet-wall-${lang}-${size.width}x${size.height}.png` })
        // the key and the alerts, scrolled to
        await page.getByTestId('wall-legend').scrollIntoViewIfNeeded()
        await page.screenshot({ path: `${OUT}/english-tablet-wall-${lang}-${size.width}x${size.height}-key.png` })
        await page.evaluate(() => document.querySelector('.wall')!.scrollTo(0, 0))
      }
      expect(errors).toEqual([])
      await page.close()
    })
  }
})

/** The header's rows: its visible items grouped by their vertical centre. */
function headerRows(page: Page) {
  return page.evaluate(() => {
    const header = document.querySelector('[data-testid="app-header"]')!
    const items = [
      ...header.querySelectorAll<HTMLElement>(
        'a.brand, [data-testid="demo-badge"], [data-testid="app-nav"], [data-testid="nav-more"] > summary, [data-testid="lang-toggle"], [data-testid="session"] > *',
      ),
    ]
      .filter((e) => e.offsetParent !== null)
      .map((e) => {
        const r = e.getBoundingClientRect()
        return {
          text: e.innerText.replace(/\s+/g, ' ').slice(0, 40),
          nav: e.matches('[data-testid="app-nav"]'),
          more: e.matches('[data-testid="nav-more"] > summary'),
          top: r.top,
          bottom: r.bottom,
          left: r.left,
          right: r.right,
          height: r.height,
        }
      })
    const centres: number[] = []
    for (const it of items) {
      const c = (it.top + it.bottom) / 2
      if (!centres.some((x) => Math.abs(x - c) < 12)) centres.push(c)
    }
    return { rows: centres.length, items, height: header.getBoundingClientRect().height }
  })
}

describe('the signed-in header in English', () => {
  it('two rows from 701 px up, three on a phone (320 px included); the nav and 更多 on one row; every item a single line inside the screen', async () => {
    const { page, errors } = await newPage(browser, { width: 1024, height: 800 })
    await page.goto(appUrl + '/#/dangers')
    await page.getByTestId('app-header').waitFor({ timeout: 60_000 })
    await signInAs(page, 'admin')
    for (const lang of ['en', 'zh'] as const) {
      await page.evaluate((l) => localStorage.setItem('yizhangtu.lang', l), lang)
      // #/notices is in the 更多 menu: 更多 then shows the page's name ("Notices & warnings", the longest)
      for (const hash of ['#/dangers', '#/notices']) {
        await page.setViewportSize({ width: 1024, height: 800 })
        await page.goto(`${appUrl}/${hash}`)
        // a hash change does not reload the page: the language is read at load
        await page.reload()
        await page.waitForFunction((l) => document.documentElement.lang.startsWith(l), lang)
        await page.getByTestId('session-email').waitFor({ timeout: 30_000 })
        for (const width of [1024, 900, 800, 760, 720, 701, 700, 600, 480, 390, 360, 320]) {
          await page.setViewportSize({ width, height: 800 })
          await page.waitForTimeout(400)
          const h = await headerRows(page)
          const what = `${lang} ${hash} ${width}: ${JSON.stringify(h.items.map((i) => [i.text, Math.round(i.left), Math.round(i.top), Math.round(i.right)]))}`
          expect(h.rows, what).toBeLessThanOrEqual(width >= 701 ? 2 : 3)
          for (const it of h.items) {
            expect(it.height, `${what} "${it.text}"`).toBeLessThan(34)
            expect(it.left, `${what} "${it.text}"`).toBeGreaterThanOrEqual(-0.5)
            expect(it.right, `${what} "${it.text}"`).toBeLessThanOrEqual(width + 0.5)
          }
          // 更多 on the nav's row
          const nav = h.items.find((i) => i.nav)!
          const more = h.items.find((i) => i.more)!
          expect(Math.abs((nav.top + nav.bottom) / 2 - (more.top + more.bottom) / 2), what).toBeLessThan(12)
          expect(await page.evaluate(() => document.scrollingElement!.scrollWidth), what).toBeLessThanOrEqual(width)
          if ([1024, 720, 390, 320].includes(width)) {
            await page.screenshot({ path: `${OUT}/english-header-${lang}-${hash.slice(2)}-${width}.png`, clip: { x: 0, y: 0, width, height: 160 } })
          }
        }
      }
    }
    expect(errors).toEqual([])
    await page.close()
  })
})
