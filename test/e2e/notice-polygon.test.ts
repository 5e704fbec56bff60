// A drawn area as a notice's area (issue 18) in headless Chromium at 1920×1080 against the built app
// and the real stack: the regulator drafts a red warning on #/notices with no district ticked and
// draws its area on the form's map by clicking: a bow tie is refused at once in words (nothing is
// sent); cleared, four clicks, undo the last, click again, close the ring: the form shows the area
// in km² (compared with PostGIS's geodesic area of the same ring) and saves a polygon-only draft
// (stored as a MultiPolygon with no area codes). The admin publishes it through the page, as the
// staff notices test does. On the public view (anonymous) a point inside the polygon lists the
// warning, saying it is a drawn area; a point of the same district outside it does not.
// Screenshots: test-results/notice-polygon-*.png. Every notice made here is withdrawn at the end.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OUT, startBrowser, newPage, signInAs } from '../helpers/e2e.ts'
import { anonClient, signIn as apiSignIn, sql } from '../helpers/stack.ts'
import { DEMO_REGULATOR_AREA, demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'

let browser: Browser
let appUrl: string
const TAG = `划定区域测试-${Date.now().toString(36)}`
/** the centre and radius (degrees) of the largest circle inside 江海区 */
let c = { lon: 0, lat: 0, r: 0 }

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
  const { rows } = await sql().query<{ lon: number; lat: number; r: number }>(
    `select extensions.st_x(c.center) lon, extensions.st_y(c.center) lat, c.radius r
     from public.areas a, lateral extensions.st_maximuminscribedcircle(a.geom) c where a.code = $1`,
    [DEMO_REGULATOR_AREA],
  )
  c = { lon: Number(rows[0]!.lon), lat: Number(rows[0]!.lat), r: Number(rows[0]!.r) }
})
afterAll(async () => {
  await browser?.close()
  const admin = await apiSignIn(demoUser('admin').email, demoUser('admin').password)
  const { rows } = await sql().query<{ id: string }>(`select id from public.public_notices where title like $1 and status <> 'withdrawn'`, [`%${TAG}%`])
  for (const r of rows) await admin.rpc('withdraw_notice', { id: r.id, reason: '测试结束，撤回 / end of test' })
})

async function signedIn(role: AppRole): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await newPage(browser, { width: 1920, height: 1080 })
  await page.goto(appUrl + '/#/notices')
  await signInAs(page, role)
  await page.waitForSelector('[data-testid="notices-page"][data-status="ok"]', { timeout: 60_000 })
  return { page, errors }
}

/** Clicks the drawing map at a longitude/latitude (where the map draws it now). */
async function clickAt(page: Page, lon: number, lat: number) {
  const xy = await page.evaluate(
    ([lo, la]) => {
      const map = window.__noticeAreaMap!.map as unknown as { project(ll: [number, number]): { x: number; y: number }; getCanvas(): HTMLCanvasElement }
      const p = map.project([lo, la])
      const r = map.getCanvas().getBoundingClientRect()
      return { x: r.left + p.x, y: r.top + p.y }
    },
    [lon, lat] as const,
  )
  await page.mouse.click(xy.x, xy.y)
  // two clicks in a row are not a double click
  await page.waitForTimeout(350)
}

const points = (page: Page) => page.getByTestId('notice-area-draw').getAttribute('data-points')

describe('#/notices: a warning for a drawn area', () => {
  let id = ''
  let ring: [number, number][] = []

  it('the regulator draws the area on the form’s map: a bow tie is refused in words, a square is saved with its area in km²', async () => {
    const { page, errors } = await signedIn('regulator')
    let writes = 0
    page.on('request', (r) => {
      if (r.url().includes('/rest/v1/public_notices') && r.method() !== 'GET') writes++
    })
    await page.getByTestId('notice-new').click()
    await page.getByTestId('notice-form').waitFor()
    await page.getByTestId('notice-level-1').check()
    await page.getByTestId('notice-title').fill(`${TAG} 江边化工区泄漏红色预警`)
    await page.getByTestId('notice-body').fill('江边化工区发生泄漏，划定区域内人员请向上风向撤离，关闭门窗。')
    // no district: the warning is for the drawn area only
    await page.getByTestId(`notice-area-${DEMO_REGULATOR_AREA}`).uncheck()
    await page.waitForSelector('[data-testid="notice-area-map"][data-ready="true"]', { timeout: 60_000 })
    // the district's outline is drawn (the map fits it first), then the view goes to the place
    await page.waitForFunction(() => window.__noticeAreaMap?.ready === true && window.__noticeAreaMap.outlines > 0, undefined, { timeout: 30_000 })
    await page.getByTestId('notice-area-map').scrollIntoViewIfNeeded()
    // zoom to the place (the map first fits the regulator's district)
    await page.evaluate(([lo, la]) => (window.__noticeAreaMap!.map as unknown as { jumpTo(o: object): void }).jumpTo({ center: [lo, la], zoom: 13 }), [
      c.lon,
      c.lat,
    ] as const)
    await page.waitForTimeout(500)

    const d = Math.min(c.r / 2, 0.012)
    // a bow tie: its edges cross; said as soon as the open ring crosses
    const bow: [number, number][] = [
      [c.lon - d, c.lat - d],
      [c.lon + d, c.lat + d],
      [c.lon + d, c.lat - d],
      [c.lon - d, c.lat + d],
    ]
    for (const [lo, la] of bow) await clickAt(page, lo, la)
    expect(await points(page)).toBe('4')
    expect(await page.getByTestId('notice-error-geom').innerText()).toMatch(/^公告范围：边线自相交/)
    await page.getByTestId('notice-area-close').click()
    expect(await page.getByTestId('notice-area-draw').getAttribute('data-closed')).toBe('true')
    await page.getByTestId('notice-save').click()
    await page.waitForTimeout(300)
    expect(await page.getByTestId('notice-error-geom').innerText()).toMatch(/^公告范围：边线自相交/)
    await page.screenshot({ path: `${OUT}/notice-polygon-bowtie.png` })
    expect(writes).toBe(0)

    // clear; a square, with a wrong last click undone
    await page.getByTestId('notice-area-clear').click()
    expect(await page.getByTestId('notice-area-draw').getAttribute('data-closed')).toBe('false')
    // (cleared, the map fits the district again: back to the place)
    await page.waitForTimeout(300)
    await page.getByTestId('notice-area-map').scrollIntoViewIfNeeded()
    await page.evaluate(([lo, la]) => (window.__noticeAreaMap!.map as unknown as { jumpTo(o: object): void }).jumpTo({ center: [lo, la], zoom: 13 }), [
      c.lon,
      c.lat,
    ] as const)
    await page.waitForTimeout(500)
    ring = [
      [c.lon - d, c.lat - d],
      [c.lon + d, c.lat - d],
      [c.lon + d, c.lat + d],
      [c.lon - d, c.lat + d],
    ]
    for (const [lo, la] of ring.slice(0, 3)) await clickAt(page, lo, la)
    await clickAt(page, c.lon + 1.5 * d, c.lat)
    expect(await points(page)).toBe('4')
    await page.getByTestId('notice-area-undo').click()
    expect(await points(page)).toBe('3')
    await clickAt(page, ring[3]![0], ring[3]![1])
    // saving with an open ring is refused: close it first
    await page.getByTestId('notice-save').click()
    expect(await page.getByTestId('notice-error-geom').innerText()).toBe('划定范围：请先闭合多边形或清除')
    expect(writes).toBe(0)
    await page.getByTestId('notice-area-close').click()
    const status = page.getByTestId('notice-area-status')
    expect(await status.innerText()).toMatch(/^面积 [0-9.]+ 平方千米 · 5 个顶点$/)
    // the clicked vertices (as the map placed them) and PostGIS's geodesic area of that ring
    const shownKm2 = Number(await status.getAttribute('data-km2'))
    expect(await page.getByTestId('notice-error-geom').count()).toBe(0)
    await page.screenshot({ path: `${OUT}/notice-polygon-drawn.png` })

    await page.getByTestId('notice-save').click()
    await page.getByTestId('notice-flash').waitFor({ timeout: 30_000 })
    expect(writes).toBe(1)
    const { rows } = await sql().query<{ id: string; area_codes: string[]; type: string; n: number; km2: number; covers: boolean; author_id: string }>(
      `select id, area_codes, extensions.geometrytype(geom) type, extensions.st_npoints(geom) n,
         extensions.st_area(geom::extensions.geography) / 1e6 km2, author_id,
         extensions.st_covers(geom, extensions.st_setsrid(extensions.st_makepoint($2, $3), 4326)) covers
       from public.public_notices where title = $1`,
      [`${TAG} 江边化工区泄漏红色预警`, c.lon, c.lat],
    )
    expect(rows).toHaveLength(1)
    id = rows[0]!.id
    expect(rows[0]).toMatchObject({ area_codes: [], type: 'MULTIPOLYGON', n: 5, covers: true, author_id: demoUser('regulator').id })
    // the form's km² (turf) and PostGIS's agree within 0.5 %
    expect(Math.abs(shownKm2 / Number(rows[0]!.km2) - 1)).toBeLessThan(0.005)
    // each stored vertex is where it was clicked (within a pixel at zoom 13: ~20 m)
    const { rows: verts } = await sql().query<{ lon: number; lat: number }>(
      `select extensions.st_x(p.geom) lon, extensions.st_y(p.geom) lat from public.public_notices n, lateral extensions.st_dumppoints(n.geom) p where n.id = $1 order by p.path`,
      [id],
    )
    for (const [k, [lo, la]] of ring.entries()) {
      expect(Math.abs(Number(verts[k]!.lon) - lo)).toBeLessThan(0.0003)
      expect(Math.abs(Number(verts[k]!.lat) - la)).toBeLessThan(0.0003)
    }
    expect(errors).toEqual([])
    await page.close()
  })

  it('the admin publishes it; the public view lists it at a point inside the area and not outside it', async () => {
    expect(id).not.toBe('')
    const { page, errors } = await signedIn('admin')
    await page.getByTestId('notice-tab-draft').click()
    await page.waitForSelector('[data-testid="notices-page"][data-status="ok"][data-tab="draft"]', { timeout: 30_000 })
    const item = page.locator(`[data-testid="notices-list"] [data-testid="notice-item"][data-id="${id}"]`)
    await item.waitFor({ timeout: 30_000 })
    if ((await item.locator('[data-testid="notice-record"]').count()) === 0) await item.getByTestId('notice-toggle').click()
    await item.getByTestId('notice-publish').click()
    await page.getByTestId('notice-flash').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('notice-flash').innerText()).toContain('已发布')
    expect(errors).toEqual([])
    await page.close()

    const d = Math.min(c.r / 2, 0.012)
    const inside = { lon: c.lon + d / 2, lat: c.lat - d / 3 }
    const outside = { lon: c.lon + c.r * 0.85, lat: c.lat }
    const at = async (p: { lon: number; lat: number }) => {
      const { data, error } = await anonClient().rpc('public_notices_active', p)
      expect(error).toBeNull()
      return (data as { id: string }[]).map((n) => n.id)
    }
    expect(await at(inside)).toContain(id)
    expect(await at(outside)).not.toContain(id)

    const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1, locale: 'zh-CN' })
    const pub = await ctx.newPage()
    const pubErrors: string[] = []
    pub.on('pageerror', (e) => pubErrors.push(e.message))
    await pub.goto(`${appUrl}/#/public`)
    await pub.waitForFunction(() => window.__onemap?.ready === true && !!window.__public, undefined, { timeout: 90_000 })
    const centre = (p: { lon: number; lat: number }, z: number) =>
      pub.evaluate(([lo, la, zz]) => (window.__onemap!.map as { jumpTo(o: object): void }).jumpTo({ center: [lo, la], zoom: zz }), [p.lon, p.lat, z] as const)
    const mine = pub.locator(`[data-testid="warning-item"][data-id="${id}"]`)

    await centre(inside, 13)
    await mine.waitFor({ timeout: 30_000 })
    expect(await mine.getAttribute('data-level')).toBe('1')
    expect(await mine.getAttribute('data-drawn')).toBe('true')
    expect(await mine.innerText()).toContain('红色预警')
    await mine.locator('summary').click()
    expect(await mine.getByTestId('warning-drawn').innerText()).toMatch(/^范围：划定区域（约 [0-9.]+ 平方千米），您查看的位置位于其中$/)
    await pub.waitForTimeout(1500)
    await pub.screenshot({ path: `${OUT}/notice-polygon-public-inside.png` })

    await centre(outside, 13)
    await expect.poll(() => mine.count(), { timeout: 30_000 }).toBe(0)
    // the list is this place's: the district's own warnings are still there
    await pub.waitForSelector('[data-testid="public-warnings"][data-count]', { timeout: 30_000 })
    await pub.waitForTimeout(1500)
    await pub.screenshot({ path: `${OUT}/notice-polygon-public-outside.png` })
    expect(pubErrors).toEqual([])
    await ctx.close()
  })
})
