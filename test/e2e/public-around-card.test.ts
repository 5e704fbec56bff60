// The public view on a phone (390×844), anonymous, against the built app and the real stack:
// an "around me" item tapped shows it on the map (flown to, ringed) with its public card, and a
// way back to the list; the list is compared with public_around called through supabase-js as
// anon. The report spot is a red labelled pin and my location the blue dot: told apart by their
// DOM and by the colours on screen. Screenshots: test-results/public-around-card-*.png,
// test-results/public-report-pin-*.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { OUT, startBrowser } from '../helpers/e2e.ts'
import { anonClient, sql } from '../helpers/stack.ts'
import { RISK_LEVELS } from '../../src/domain/levels.ts'
import type { AroundItem, AroundResult } from '../../src/data/publicView.ts'

let browser: Browser
let appUrl: string

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
afterAll(async () => {
  await browser?.close()
})

const PHONE = { width: 390, height: 844 }

async function open(geolocation: { latitude: number; longitude: number }): Promise<{ ctx: BrowserContext; page: Page; errors: string[] }> {
  const ctx = await browser.newContext({
    viewport: PHONE,
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    geolocation,
    permissions: ['geolocation'],
  })
  const page = await ctx.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(`${appUrl}/#/public`)
  await page.waitForFunction(() => window.__onemap?.ready === true && !!window.__public, undefined, { timeout: 90_000 })
  await page.waitForFunction(() => window.__onemap!.controller.state.countsStatus === 'ok', undefined, { timeout: 60_000 })
  return { ctx, page, errors }
}

type MapLike = {
  project(ll: [number, number]): { x: number; y: number }
  getCanvas(): HTMLCanvasElement
  getCenter(): { lng: number; lat: number }
  getZoom(): number
  isMoving(): boolean
  loaded(): boolean
}

/** Where a longitude/latitude is on the page, and whether it is on the visible map (above the sheet). */
async function onPage(page: Page, at: readonly [number, number]) {
  return page.evaluate((ll) => {
    const map = window.__onemap!.map as MapLike
    const p = map.project([ll[0], ll[1]])
    const r = map.getCanvas().getBoundingClientRect()
    const sheet = document.querySelector('[data-testid="public-panel"]')!.getBoundingClientRect()
    const x = r.left + p.x
    const y = r.top + p.y
    return { x, y, visible: p.x > 4 && p.x < r.width - 4 && p.y > 4 && y < sheet.top - 4 }
  }, at)
}

async function settled(page: Page) {
  await page.waitForFunction(
    () => {
      const m = window.__onemap!.map as MapLike
      return !m.isMoving() && m.loaded()
    },
    undefined,
    { timeout: 30_000 },
  )
  await page.waitForTimeout(300)
}

/** The colour on screen at a page pixel (a 3×3 screenshot, decoded in the page). */
async function pixel(page: Page, x: number, y: number): Promise<[number, number, number]> {
  const png = await page.screenshot({ clip: { x: Math.round(x) - 1, y: Math.round(y) - 1, width: 3, height: 3 } })
  return page.evaluate(async (b64) => {
    const img = new Image()
    img.src = `data:image/png;base64,${b64}`
    await img.decode()
    const c = document.createElement('canvas')
    c.width = img.width
    c.height = img.height
    const g = c.getContext('2d')!
    g.drawImage(img, 0, 0)
    const d = g.getImageData(1, 1, 1, 1).data
    return [d[0], d[1], d[2]] as [number, number, number]
  }, png.toString('base64'))
}

const near = (c: readonly number[], want: readonly number[], tol: number) => c.every((v, i) => Math.abs(v - want[i]) <= tol)

/** A risk point's coarsened position inside a district, away from its edges. */
async function insidePoint(): Promise<{ lon: number; lat: number }> {
  const { rows } = await sql().query<{ lon: number; lat: number }>(
    `select round(extensions.st_x(r.location)::numeric, 3)::float8 as lon, round(extensions.st_y(r.location)::numeric, 3)::float8 as lat
     from public.risk_points r join public.areas a on a.code = left(r.area_code, 6)
     where extensions.st_distance(extensions.st_boundary(a.geom)::extensions.geography, r.location::extensions.geography) > 2000
       and exists (select 1 from public.hazard_sources h where h.is_major
                   and extensions.st_dwithin(h.location::extensions.geography, r.location::extensions.geography, 900))
     order by r.id limit 1`,
  )
  expect(rows, 'a risk point with a major hazard source within 900 m').toHaveLength(1)
  return rows[0]
}

/** What the card must say for an item (public_around's own fields). */
function expectedTitle(it: AroundItem): string {
  if (it.kind === 'risk_point') return it.category_name
  if (it.kind === 'major_hazard') return it.enterprise_name
  return it.name
}

describe('the public view on a phone (390×844): around-me items on the map, the report spot', () => {
  it('tapping an around-me item flies the map there, rings it, shows its public card (= public_around as anon) and goes back to the list', async () => {
    const p = await insidePoint()
    const me = { latitude: p.lat + 0.0012, longitude: p.lon - 0.0007 }
    const { ctx, page, errors } = await open(me)
    await page.getByTestId('tab-around').click()
    await page.getByTestId('use-location').click()
    await page.waitForFunction(() => window.__public!.state.around.status === 'ok', undefined, { timeout: 60_000 })
    await page.getByTestId('around-list').waitFor()
    const centre = await page.evaluate(() => window.__public!.state.around.centre!)

    // the same question to the database, as the public asks it
    const { data, error } = await anonClient().rpc('public_around', { lon: centre[0], lat: centre[1], radius_m: 1000 })
    expect(error).toBeNull()
    const answer = data as AroundResult
    const risks = answer.items.filter((i) => i.kind !== 'resource')
    const facilities = answer.items.filter((i) => i.kind === 'resource')
    expect(risks.some((i) => i.kind === 'major_hazard')).toBe(true)
    expect(risks.some((i) => i.kind === 'risk_point')).toBe(true)
    const listed = page.locator('[data-testid="around-list"] [data-testid="around-item"]')
    await expect.poll(() => listed.count(), { timeout: 15_000 }).toBe(Math.min(30, risks.length))

    // one of each kind listed: the nearest risk point, the nearest major hazard, the nearest facility
    const picks: { list: 'around-list' | 'around-facilities'; index: number; item: AroundItem }[] = []
    const ri = risks.findIndex((i) => i.kind === 'risk_point')
    const hi = risks.findIndex((i) => i.kind === 'major_hazard')
    picks.push({ list: 'around-list', index: hi, item: risks[hi] }, { list: 'around-list', index: ri, item: risks[ri] })
    if (facilities.length) picks.push({ list: 'around-facilities', index: 0, item: facilities[0] })
    expect(hi).toBeLessThan(30)

    for (const [n, { list, index, item }] of picks.entries()) {
      const row = page.locator(`[data-testid="${list}"] [data-testid="around-item"]`).nth(index)
      await row.scrollIntoViewIfNeeded()
      expect(await row.getAttribute('data-kind')).toBe(item.kind)
      await row.locator('.pub-item-head').click()

      // the card: of the item's kind, its name, its level or grade, its distance; the list is gone
      const card = page.getByTestId('around-card')
      await card.waitFor()
      expect(await page.locator('[data-testid="around-list"]').count()).toBe(0)
      expect(await card.getAttribute('data-kind')).toBe({ risk_point: 'risk', major_hazard: 'hazard', resource: 'resource' }[item.kind])
      expect(await card.getByTestId('card-title').innerText()).toContain(expectedTitle(item))
      expect(Number(await page.getByTestId('around-card-distance').getAttribute('data-distance'))).toBeCloseTo(Number(item.distance_m), 6)
      if (item.kind === 'risk_point') {
        expect(Number(await card.getByTestId('tapped-level').getAttribute('data-level'))).toBe(item.level)
        expect(await card.getByTestId('tapped-level').innerText()).toBe(RISK_LEVELS[item.level - 1].zh)
      }
      if (item.kind === 'major_hazard') expect(await card.getByTestId('tapped-grade').getAttribute('data-grade')).toBe(String(item.major_grade ?? ''))
      expect((await card.locator('.pub-advice').innerText()).length).toBeGreaterThan(10)
      // the way back and the card's start are in the sheet's view (not scrolled away with the list)
      const inView = await page.evaluate(() => {
        const content = document.querySelector('.pub-content')!.getBoundingClientRect()
        const back = document.querySelector('[data-testid="around-back"]')!.getBoundingClientRect()
        const title = document.querySelector('[data-testid="around-card"] [data-testid="card-title"]')!.getBoundingClientRect()
        return back.top >= content.top - 1 && title.bottom <= content.bottom + 1 && content.bottom <= innerHeight
      })
      expect(inView, 'back button and card title in view').toBe(true)

      // the map: flown to the item, close in, the item ringed (the ring's colour on screen)
      await settled(page)
      const view = await page.evaluate(() => {
        const m = window.__onemap!.map as MapLike
        return { c: m.getCenter(), z: m.getZoom(), focus: window.__public!.state.around.focus }
      })
      expect(view.c.lng).toBeCloseTo(Number(item.lon), 5)
      expect(view.c.lat).toBeCloseTo(Number(item.lat), 5)
      expect(view.z).toBeGreaterThanOrEqual(16)
      expect(view.focus).toEqual([Number(item.lon), Number(item.lat)])
      const xy = await onPage(page, [Number(item.lon), Number(item.lat)])
      expect(xy.visible, 'the item is on the map above the sheet').toBe(true)
      await page.screenshot({ path: `${OUT}/public-around-card-${n}-${item.kind}.png` })
      // the focus ring (a dark #1f3a5f band from 18 to 23 px): left, right, above and below the item
      for (const [dx, dy] of [
        [-20.5, 0],
        [20.5, 0],
        [0, -20.5],
        [0, 20.5],
      ]) {
        const c = await pixel(page, xy.x + dx, xy.y + dy)
        expect(near(c, [31, 58, 95], 40), `ring colour ${c} at ${dx},${dy}`).toBe(true)
      }

      // back to the list: the same list, nothing ringed
      await page.getByTestId('around-back').click()
      await page.getByTestId('around-list').waitFor()
      // the item it came from is in view again
      const back = await page.evaluate(
        (i) => {
          const content = document.querySelector('.pub-content')!.getBoundingClientRect()
          const el = document.querySelectorAll(`[data-testid="${i.list}"] [data-testid="around-item"]`)[i.index].getBoundingClientRect()
          return el.top >= content.top - 1 && el.bottom <= content.bottom + 1
        },
        { list, index },
      )
      expect(back, 'the item opened is in view in the list').toBe(true)
      expect(await page.locator('[data-testid="around-list"] [data-testid="around-item"]').count()).toBe(Math.min(30, risks.length))
      await expect.poll(() => page.evaluate(() => window.__public!.state.around.focus), { timeout: 15_000 }).toBeNull()
      await expect.poll(() => page.getByTestId('around-card').count(), { timeout: 15_000 }).toBe(0)
    }
    await settled(page)
    await page.screenshot({ path: `${OUT}/public-around-card-back.png` })
    expect(errors).toEqual([])
    await ctx.close()
  })

  it('the report spot is a red pin labelled 上报位置; my location is the blue dot; the key under the form names both', async () => {
    const p = await insidePoint()
    const me = { latitude: p.lat + 0.0012, longitude: p.lon - 0.0007 }
    const { ctx, page, errors } = await open(me)
    await page.getByTestId('tab-report').click()
    expect(await page.getByTestId('report-pin').count()).toBe(0)
    await page.getByTestId('report-form').getByRole('button', { name: '使用我的位置' }).click()
    await page.getByTestId('report-picked').waitFor()
    await settled(page)
    // the report spot starts at my location; a tap moves the pin, the blue dot stays where I am
    const spot: [number, number] = [me.longitude + 0.0016, me.latitude - 0.0008]
    const spotXY = await onPage(page, spot)
    expect(spotXY.visible).toBe(true)
    await page.mouse.click(spotXY.x, spotXY.y)
    await page.waitForFunction(([lo]) => Math.abs(window.__public!.state.report.at![0] - lo) < 0.0002, spot, { timeout: 10_000 })
    await settled(page)
    const at = await page.evaluate(() => window.__public!.state.report.at!)
    expect(await page.evaluate(() => window.__public!.state.me)).toEqual([me.longitude, me.latitude])

    // the pin: one DOM marker, red, labelled, its tip on the report spot
    const pin = page.getByTestId('report-pin')
    await expect.poll(() => pin.count(), { timeout: 15_000 }).toBe(1)
    expect(await pin.getAttribute('class')).toContain('pub-report-pin')
    expect(await pin.locator('.pub-report-pin-label').innerText()).toBe('上报位置')
    expect(await pin.locator('path').getAttribute('fill')).toBe('#d32f2f')
    const pinBox = (await pin.locator('svg').boundingBox())!
    const tip = await onPage(page, at)
    expect(Math.abs(pinBox.x + pinBox.width / 2 - tip.x)).toBeLessThanOrEqual(2)
    expect(Math.abs(pinBox.y + pinBox.height - tip.y)).toBeLessThanOrEqual(2)
    // the colours on screen: red in the pin's head, blue in the middle of my location's dot
    const red = await pixel(page, pinBox.x + pinBox.width / 2, pinBox.y + 6)
    expect(near(red, [211, 47, 47], 30), `pin colour ${red}`).toBe(true)
    const meXY = await onPage(page, [me.longitude, me.latitude])
    expect(meXY.visible).toBe(true)
    const blue = await pixel(page, meXY.x, meXY.y)
    expect(near(blue, [21, 101, 192], 30), `location colour ${blue}`).toBe(true)
    // my location is no DOM pin: only one marker of the report kind on the map
    expect(await page.locator('.maplibregl-marker').count()).toBe(1)

    // the key under "where": the blue dot is my location, the red pin the report spot
    expect(await page.getByTestId('key-dot').innerText()).toContain('我的位置')
    expect(await page.getByTestId('key-pin').innerText()).toContain('上报位置')
    const keyColours = await page.evaluate(() => ({
      dot: getComputedStyle(document.querySelector('.pub-key-dot')!).backgroundColor,
      pin: getComputedStyle(document.querySelector('.pub-key-pin')!).backgroundColor,
    }))
    expect(keyColours).toEqual({ dot: 'rgb(21, 101, 192)', pin: 'rgb(211, 47, 47)' })
    await page.screenshot({ path: `${OUT}/public-report-pin-zh.png` })

    // in English the pin's label follows
    await page.getByTestId('lang-toggle').click()
    await expect.poll(() => pin.locator('.pub-report-pin-label').innerText(), { timeout: 15_000 }).toBe('Report spot')
    // and the place is named in English: the district's name and the street's pinyin with its kind
    expect(await page.getByTestId('report-picked').innerText()).toMatch(/^Marked: [A-Z][A-Za-z ]+ · [A-Z][a-z']+ (Subdistrict|Town)/)
    await page.screenshot({ path: `${OUT}/public-report-pin-en.png` })
    await page.getByTestId('lang-toggle').click()

    // other tabs have no report pin; back on the report tab it stands where it was
    await page.getByTestId('tab-overview').click()
    await expect.poll(() => page.getByTestId('report-pin').count(), { timeout: 15_000 }).toBe(0)
    await page.getByTestId('tab-report').click()
    await expect.poll(() => page.getByTestId('report-pin').count(), { timeout: 15_000 }).toBe(1)
    expect(errors).toEqual([])
    await ctx.close()
  })
})
