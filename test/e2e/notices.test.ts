// The public view's warnings (issue 18) in headless Chromium, anonymous, at 390×844 (a phone) and
// 1440×900: the published, unexpired notices of the place at the map's centre, each warning in its
// colour with its name, compared with SQL written here (not the app's RPC). Moving the map to
// another district changes the list; drafts, withdrawn and expired notices never show.
// The wall's incident mode lists the nearest rescue teams, depots holding the first materials and
// the experts to call, each ranking compared with SQL written here.
// Screenshots: test-results/notices-*.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OUT, startBrowser, signInWall } from '../helpers/e2e.ts'
import { sql } from '../helpers/stack.ts'
import { DEMO_REGULATOR_AREA } from '../../supabase/seed/demo-users.ts'
import { WARNING_LEVEL_NAMES } from '../../src/domain/notices.ts'

let browser: Browser
let appUrl: string

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
afterAll(async () => {
  await browser?.close()
})

async function open(viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const mobile = viewport.width < 700
  const ctx = await browser.newContext({ viewport, deviceScaleFactor: 1, isMobile: mobile, hasTouch: mobile, locale: 'zh-CN' })
  const page = await ctx.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(`${appUrl}/#/public`)
  await page.waitForFunction(() => window.__onemap?.ready === true && !!window.__public, undefined, { timeout: 90_000 })
  return { page, errors, close: () => ctx.close() }
}

/** The notices in force at a point, independently: published, unexpired, of an area holding the
 * point (or holding that area) — district, street, grid or the city. */
async function expectedAt(lon: number, lat: number): Promise<{ id: string; level: number | null }[]> {
  const { rows } = await sql().query<{ id: string; level: number | null }>(
    `with here as (select a.code from public.areas a where extensions.st_covers(a.geom, extensions.st_setsrid(extensions.st_makepoint($1, $2), 4326)))
     select n.id, n.level from public.public_notices n
     where n.status = 'published' and (n.valid_until is null or n.valid_until > now())
       and exists (select 1 from unnest(n.area_codes) c, here h where h.code like rtrim(c, '0') || '%' or h.code = c)
     order by n.level nulls last, n.published_at desc, n.id`,
    [lon, lat],
  )
  return rows
}

async function centreAt(page: Page, lon: number, lat: number, zoom: number) {
  await page.evaluate(([lo, la, z]) => (window.__onemap!.map as { jumpTo(o: object): void }).jumpTo({ center: [lo, la], zoom: z }), [lon, lat, zoom] as const)
}

async function shown(page: Page, n: number) {
  await page.waitForFunction((k) => document.querySelector('[data-testid="public-warnings"]')?.getAttribute('data-count') === String(k), n, { timeout: 30_000 })
  return page.$$eval('[data-testid="warning-item"]', (els) => els.map((e) => ({ level: e.getAttribute('data-level'), text: e.textContent ?? '' })))
}

describe('public warnings for the place being viewed', () => {
  it('on a phone: the warnings of 江海区 in their colours with their names, then another district', async () => {
    const { rows } = await sql().query<{ lon: number; lat: number }>(
      `select extensions.st_x(p) lon, extensions.st_y(p) lat from (select extensions.st_pointonsurface(geom) p from public.areas where code = $1) x`,
      [DEMO_REGULATOR_AREA],
    )
    const here = { lon: Number(rows[0]!.lon), lat: Number(rows[0]!.lat) }
    const want = await expectedAt(here.lon, here.lat)
    expect(
      want.some((w) => w.level !== null),
      'a warning in force in 江海区 (demo data)',
    ).toBe(true)

    const { page, errors, close } = await open({ width: 390, height: 844 })
    await centreAt(page, here.lon, here.lat, 12)
    // (the count alone may match the first view's list: wait for this place's levels)
    await expect
      .poll(async () => (await shown(page, want.length)).map((i) => i.level || null), { timeout: 30_000 })
      .toEqual(want.map((w) => (w.level === null ? null : String(w.level))))
    const items = await shown(page, want.length)
    expect(items.map((i) => i.level || null)).toEqual(want.map((w) => (w.level === null ? null : String(w.level))))
    for (const [k, w] of want.entries()) {
      if (w.level !== null) expect(items[k]!.text).toContain(WARNING_LEVEL_NAMES[w.level as 1][`zh`])
    }
    // the colour is the level's colour (levels.ts): orange for 2
    const orange = await page.$eval('[data-testid="warning-item"][data-level="2"] .ntc-badge', (e) => getComputedStyle(e).backgroundColor).catch(() => null)
    if (want.some((w) => w.level === 2)) expect(orange).toBe('rgb(255, 140, 0)')
    // opening one shows its text
    await page.locator('[data-testid="warning-item"] summary').first().click()
    await page.waitForTimeout(200)
    await page.screenshot({ path: `${OUT}/notices-phone-jianghai.png` })

    // no draft, withdrawn or expired notice is ever listed
    const { rows: hidden } = await sql().query<{ title: string }>(`select title from public.public_notices where status <> 'published' or valid_until <= now()`)
    const text = await page.locator('[data-testid="public-warnings"]').textContent()
    for (const h of hidden) expect(text).not.toContain(h.title)

    // 新会区: its own (expired) warning is gone; the city-wide one stays
    const { rows: xh } = await sql().query<{ lon: number; lat: number }>(
      `select extensions.st_x(p) lon, extensions.st_y(p) lat from (select extensions.st_pointonsurface(geom) p from public.areas where code = '440705') x`,
    )
    const there = { lon: Number(xh[0]!.lon), lat: Number(xh[0]!.lat) }
    const want2 = await expectedAt(there.lon, there.lat)
    await centreAt(page, there.lon, there.lat, 12)
    // (the count alone may match the previous place's list: wait for this place's levels)
    await expect
      .poll(async () => (await shown(page, want2.length)).map((i) => i.level || null), { timeout: 30_000 })
      .toEqual(want2.map((w) => (w.level === null ? null : String(w.level))))
    expect(errors).toEqual([])
    await close()
  })

  it('on a desktop, in English', async () => {
    const { page, errors, close } = await open({ width: 1440, height: 900 })
    await page.getByTestId('lang-toggle').click()
    const { rows } = await sql().query<{ lon: number; lat: number }>(
      `select extensions.st_x(p) lon, extensions.st_y(p) lat from (select extensions.st_pointonsurface(geom) p from public.areas where code = $1) x`,
      [DEMO_REGULATOR_AREA],
    )
    await centreAt(page, Number(rows[0]!.lon), Number(rows[0]!.lat), 12)
    const want = await expectedAt(Number(rows[0]!.lon), Number(rows[0]!.lat))
    await expect
      .poll(async () => (await shown(page, want.length)).some((i) => /Orange warning|Yellow warning|Red warning|Blue warning/.test(i.text)), {
        timeout: 30_000,
      })
      .toBe(true)
    await page.waitForTimeout(300)
    await page.screenshot({ path: `${OUT}/notices-desktop-en.png` })
    expect(errors).toEqual([])
    await close()
  })
})

describe("the wall's incident mode: teams, stock and experts", () => {
  it('lists the nearest teams and depots as an independent SQL ranking, and experts with phones for the command centre', async () => {
    const page = await browser.newPage({ viewport: { width: 3840, height: 2160 } })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${appUrl}/#/wall`)
    await signInWall(page)
    await page.getByTestId('wall-incident-toggle').click()
    const {
      rows: [target],
    } = await sql().query<{ lon: number; lat: number }>(
      `select extensions.st_x(t.location) as lon, extensions.st_y(t.location) as lat from public.protective_targets t
       where t.area_code like '440704%' and not exists (select 1 from public.hazard_sources h
         where extensions.st_dwithin(h.geom::extensions.geography, t.geom::extensions.geography, 1500))
       order by t.id limit 1`,
    )
    await page.evaluate(([lo, la]) => (window.__wall!.map as { jumpTo(o: object): void }).jumpTo({ center: [lo, la], zoom: 12 }), [
      target!.lon,
      target!.lat,
    ] as const)
    await page.waitForTimeout(800)
    const xy = await page.evaluate(
      ([lo, la]) => {
        const map = window.__wall!.map as { project(ll: [number, number]): { x: number; y: number }; getCanvas(): HTMLCanvasElement }
        const p = map.project([lo, la])
        const r = map.getCanvas().getBoundingClientRect()
        return { x: r.left + p.x, y: r.top + p.y }
      },
      [target!.lon, target!.lat] as const,
    )
    await page.mouse.click(xy.x + 3, xy.y + 3)
    await page.getByTestId('incident-registries').waitFor({ timeout: 30_000 })
    const origin = page.getByTestId('incident-origin')
    const lon = Number(await origin.getAttribute('data-lon'))
    const lat = Number(await origin.getAttribute('data-lat'))

    const { rows: teams } = await sql().query<{ id: string }>(
      `select id from public.rescue_teams order by extensions.st_distance(location::extensions.geography,
         extensions.st_setsrid(extensions.st_makepoint($1, $2), 4326)::extensions.geography), id limit 5`,
      [lon, lat],
    )
    const shownTeams = await page
      .getByTestId('incident-team')
      .evaluateAll((els) => els.map((e) => ({ id: e.getAttribute('data-id'), text: e.textContent ?? '' })))
    expect(shownTeams.map((t) => t.id)).toEqual(teams.map((t) => t.id))
    expect(shownTeams.every((t) => t.text.includes('☎'))).toBe(true)

    for (const material of ['堵漏器材', '防化服', '泡沫灭火剂']) {
      const { rows: depots } = await sql().query<{ id: string }>(
        `select r.id from public.emergency_resources r where exists (select 1 from public.material_stockpiles s where s.resource_id = r.id
           and s.material = $3 and s.quantity > 0 and (s.expires_on is null or s.expires_on >= app.today()))
         order by extensions.st_distance(r.location::extensions.geography,
           extensions.st_setsrid(extensions.st_makepoint($1, $2), 4326)::extensions.geography), r.id limit 2`,
        [lon, lat, material],
      )
      const shown = await page
        .locator(`[data-testid="incident-depot"][data-material="${material}"]`)
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')).filter(Boolean))
      expect(shown, material).toEqual(depots.map((d) => d.id))
    }
    const ex = await page.getByTestId('incident-expert').evaluateAll((els) => els.map((e) => e.textContent ?? ''))
    expect(ex.length).toBeGreaterThan(0)
    expect(ex.every((t) => /危险化学品|消防/.test(t) && t.includes('☎'))).toBe(true)

    await page.getByTestId('incident-registries').scrollIntoViewIfNeeded()
    await page.waitForTimeout(500)
    await page.screenshot({ path: `${OUT}/notices-wall-incident.png` })
    expect(errors).toEqual([])
    await page.close()
  })
})
