// Links into the one map (#/?focus=layer:id) and the desk map's hover tooltips, in headless
// Chromium against the built app and the real stack. Expected names come from SQL.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OUT, startBrowser, newPage as openPage, signInAs } from '../helpers/e2e.ts'
import { sql } from '../helpers/stack.ts'
import { DEMO_REGULATOR_AREA, type AppRole } from '../../supabase/seed/demo-users.ts'
import { oneMapLink } from '../../src/features/onemap/links.ts'

let browser: Browser
let appUrl: string

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
afterAll(async () => {
  await browser?.close()
})

const newPage = () => openPage(browser)

async function waitReady(page: Page) {
  await page.waitForFunction(() => window.__onemap?.ready === true, undefined, { timeout: 90_000 })
  await settle(page)
}

async function settle(page: Page) {
  await page.waitForFunction(
    () => {
      const map = window.__onemap?.map as { isMoving(): boolean } | undefined
      return !!map && !map.isMoving() && !document.querySelector('[data-testid="status-loading"]') && !document.querySelector('.layer-row .spinner')
    },
    undefined,
    { timeout: 90_000 },
  )
  await page.waitForTimeout(500)
}

async function signIn(page: Page, role: AppRole) {
  await signInAs(page, role)
  await waitReady(page)
}

async function cardOf(page: Page, kind: string) {
  await page.waitForFunction(
    (k) => {
      const el = document.querySelector('[data-testid="detail-card"]')
      return el?.getAttribute('data-status') === 'ok' && el.getAttribute('data-kind') === k
    },
    kind,
    { timeout: 60_000 },
  )
  await settle(page)
  return (await page.getByTestId('detail-title').textContent())?.trim()
}

async function mapCentre(page: Page): Promise<[number, number]> {
  return page.evaluate(() => {
    const c = (window.__onemap!.map as { getCenter(): { lng: number; lat: number } }).getCenter()
    return [c.lng, c.lat] as [number, number]
  })
}

/** Metres between two lon/lat points (equirectangular: fine at these distances). */
function metres(a: [number, number], b: [number, number]): number {
  const kx = 111320 * Math.cos((a[1] * Math.PI) / 180)
  return Math.hypot((a[0] - b[0]) * kx, (a[1] - b[1]) * 110540)
}

interface Row {
  id: string
  name: string
  lon: number
  lat: number
}

/** A feature of the regulator's district with no other feature of its layer within 20 m (its card is unambiguous). */
async function pick(kind: 'hazard' | 'danger', inside: boolean): Promise<Row> {
  const q =
    kind === 'hazard'
      ? `select h.id, h.name, extensions.st_x(h.location) as lon, extensions.st_y(h.location) as lat
       from public.hazard_sources h
       where h.is_major and (h.area_code like $1 || '%') = $2 and not exists (select 1 from public.hazard_sources o where o.id <> h.id
         and extensions.st_dwithin(o.geom::extensions.geography, h.location::extensions.geography, 20))
       order by h.major_grade, h.id limit 1`
      : `select d.id, d.title as name, extensions.st_x(d.location) as lon, extensions.st_y(d.location) as lat
       from public.hidden_dangers d
       where (d.area_code like $1 || '%') = $2 and d.status not in ('closed', 'rejected') and not exists (select 1 from public.hidden_dangers o where o.id <> d.id
         and extensions.st_dwithin(o.location::extensions.geography, d.location::extensions.geography, 20))
       order by d.id limit 1`
  const { rows } = await sql().query<Row>(q, [DEMO_REGULATOR_AREA, inside])
  expect(rows.length, `${kind} ${inside ? 'inside' : 'outside'} ${DEMO_REGULATOR_AREA}`).toBe(1)
  return { ...rows[0], lon: Number(rows[0].lon), lat: Number(rows[0].lat) }
}

describe('links into the one map', () => {
  it('a regulator follows links to a hazard source and a hidden danger: the map flies there and opens the right card', async () => {
    const hazard = await pick('hazard', true)
    const danger = await pick('danger', true)
    const { page, errors } = await newPage()
    await page.goto(appUrl + '/')
    await waitReady(page)
    await signIn(page, 'regulator')

    // arriving with the link (the session is kept across the reload)
    await page.goto(appUrl + '/' + oneMapLink({ layer: 'hazard_sources', id: hazard.id }))
    await waitReady(page)
    expect(await cardOf(page, 'hazard_sources')).toBe(hazard.name)
    expect(metres(await mapCentre(page), [hazard.lon, hazard.lat])).toBeLessThan(30)
    expect(await page.evaluate(() => (window.__onemap!.map as { getZoom(): number }).getZoom())).toBeGreaterThanOrEqual(15.9)
    expect(await page.getByTestId('status-link').count()).toBe(0)
    await page.screenshot({ path: `${OUT}/onemap-link-hazard.png` })

    // the hash changes while on the page
    await page.evaluate((h) => (location.hash = h), oneMapLink({ layer: 'hidden_dangers', id: danger.id }))
    expect(await cardOf(page, 'hidden_dangers')).toBe(danger.name)
    expect(metres(await mapCentre(page), [danger.lon, danger.lat])).toBeLessThan(30)
    await page.screenshot({ path: `${OUT}/onemap-link-danger.png` })

    // a hazard source outside the regulator's district exists but is not theirs to see
    const outside = await pick('hazard', false)
    await page.evaluate((h) => (location.hash = h), oneMapLink({ layer: 'hazard_sources', id: outside.id }))
    await page.waitForFunction(() => document.querySelector('[data-testid="status-link"]')?.getAttribute('data-key') === 'notFound', undefined, {
      timeout: 30_000,
    })
    expect(await page.getByTestId('status-link').textContent()).toContain('危险源不存在，或您无权查看')
    // the previous card stays as it was: the link did not open another
    expect(await page.getByTestId('detail-title').textContent()).toBe(danger.name)

    // a malformed id
    await page.evaluate(() => (location.hash = '#/?focus=hazard_sources:not-an-id'))
    await page.waitForFunction(() => document.querySelector('[data-testid="status-link"]')?.getAttribute('data-key') === 'invalid', undefined, {
      timeout: 30_000,
    })
    expect(await page.getByTestId('status-link').textContent()).toContain('not-an-id')
    await page.screenshot({ path: `${OUT}/onemap-link-bad.png` })

    // a well-formed id that does not exist
    await page.evaluate((h) => (location.hash = h), oneMapLink({ layer: 'risk_points', id: '00000000-0000-4000-8000-000000000000' }))
    await page.waitForFunction(() => document.querySelector('[data-testid="status-link"]')?.getAttribute('data-key') === 'notFound', undefined, {
      timeout: 30_000,
    })
    expect(await page.getByTestId('status-link').textContent()).toContain('风险点')
    expect(errors, 'uncaught page errors').toEqual([])
    await page.close()
  })

  it('an anonymous visitor following a hidden-danger link is asked to sign in; a position link centres the map', async () => {
    const danger = await pick('danger', true)
    const { page, errors } = await newPage()
    await page.goto(appUrl + '/' + oneMapLink({ layer: 'hidden_dangers', id: danger.id }))
    await waitReady(page)
    await page.waitForFunction(() => document.querySelector('[data-testid="status-link"]')?.getAttribute('data-key') === 'signIn', undefined, {
      timeout: 30_000,
    })
    expect(await page.getByTestId('detail-card').count()).toBe(0)
    await page.evaluate(([lo, la]) => (location.hash = `#/?lon=${lo}&lat=${la}&z=14`), [danger.lon, danger.lat])
    await page.waitForFunction(() => !document.querySelector('[data-testid="status-link"]'), undefined, { timeout: 30_000 })
    await settle(page)
    expect(metres(await mapCentre(page), [danger.lon, danger.lat])).toBeLessThan(30)
    expect(await page.evaluate(() => (window.__onemap!.map as { getZoom(): number }).getZoom())).toBeCloseTo(14, 1)
    expect(errors, 'uncaught page errors').toEqual([])
    await page.close()
  })
})

async function screenXY(page: Page, lon: number, lat: number): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ([lo, la]) => {
      const map = window.__onemap!.map as { project(ll: [number, number]): { x: number; y: number }; getCanvas(): HTMLCanvasElement }
      const p = map.project([lo, la])
      const r = map.getCanvas().getBoundingClientRect()
      return { x: r.left + p.x, y: r.top + p.y }
    },
    [lon, lat],
  )
}

const hoverRequests = (page: Page) => page.evaluate(() => window.__onemap!.controller.hoverRequests)

describe('hover tooltips on the desk map', () => {
  it('resting the mouse on a hazard source shows its name; the answer is cached for the cell', async () => {
    const hazard = await pick('hazard', true)
    const { page, errors } = await newPage()
    await page.goto(appUrl + '/')
    await waitReady(page)
    await signIn(page, 'regulator')
    await page.evaluate(([lo, la]) => (window.__onemap!.map as any).jumpTo({ center: [lo, la], zoom: 16 }), [hazard.lon, hazard.lat])
    await settle(page)
    const at = await screenXY(page, hazard.lon, hazard.lat)
    // passing over the map on the way there asks nothing: only a resting cursor does
    const before = await hoverRequests(page)
    for (let i = 0; i <= 20; i++) await page.mouse.move(at.x - 400 + i * 20, at.y - 200 + i * 10)
    await page.getByTestId('hover-tip').waitFor({ timeout: 30_000 })
    await expect.poll(() => page.getByTestId('hover-name').textContent(), { timeout: 30_000 }).toBe(hazard.name)
    await expect.poll(() => page.getByTestId('hover-tip').getAttribute('data-kind'), { timeout: 30_000 }).toBe('hazard_sources')
    const asked = (await hoverRequests(page)) - before
    expect(asked).toBeGreaterThanOrEqual(1)
    expect(asked).toBeLessThanOrEqual(3)
    await page.screenshot({ path: `${OUT}/onemap-hover.png` })
    // out of the map: the tooltip goes; back to the same spot (same cell): it comes from the cache, no new request
    await page.mouse.move(100, 600)
    await page.waitForFunction(() => !document.querySelector('[data-testid="hover-tip"]'), undefined, { timeout: 10_000 })
    const n = await hoverRequests(page)
    await page.mouse.move(at.x, at.y)
    await page.getByTestId('hover-tip').waitFor({ timeout: 5_000 })
    await expect.poll(() => page.getByTestId('hover-name').textContent(), { timeout: 30_000 }).toBe(hazard.name)
    await page.waitForTimeout(500)
    expect(await hoverRequests(page)).toBe(n)
    // no card was opened by hovering
    expect(await page.getByTestId('detail-card').count()).toBe(0)
    expect(errors, 'uncaught page errors').toEqual([])
    await page.close()
  })
})

describe('labels and dots by zoom', () => {
  it('at zoom 11 the labels go through the collision pass (drawn ≤ candidates; non-overlap is unit-tested); screenshots at z11 and of the dots at z16', async () => {
    const hazard = await pick('hazard', true)
    const { page, errors } = await newPage()
    await page.goto(appUrl + '/')
    await waitReady(page)
    await page.evaluate(([lo, la]) => (window.__onemap!.map as any).jumpTo({ center: [lo, la], zoom: 11 }), [hazard.lon, hazard.lat])
    await settle(page)
    const labels = await page.evaluate(() => (window.__onemap as unknown as { labels: { areas: number; hazards: number; candidates: number } }).labels)
    expect(labels.candidates).toBeGreaterThan(0)
    expect(labels.areas + labels.hazards).toBeGreaterThan(0)
    expect(labels.areas + labels.hazards).toBeLessThanOrEqual(labels.candidates)
    await page.screenshot({ path: `${OUT}/onemap-labels-z11.png` })
    await page.evaluate(([lo, la]) => (window.__onemap!.map as any).jumpTo({ center: [lo, la], zoom: 16 }), [hazard.lon, hazard.lat])
    await settle(page)
    await page.screenshot({ path: `${OUT}/onemap-dots-z16.png` })
    expect(errors, 'uncaught page errors').toEqual([])
    await page.close()
  })
})
