// The offline basemap in headless Chromium against the built app: land and sea are different
// pixels where Natural Earth says they are, the switcher (离线底图 / 无底图) redraws the map and is
// remembered across a reload and on the planner, the wall's dark map has land and sea too, and
// the land file's bytes and the first render are measured (printed, not asserted as times).
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OUT, newPage, startBrowser, signInAs, signInWall } from '../helpers/e2e.ts'
import { DEMO_USERS } from '../../supabase/seed/demo-users.ts'
import { DARK_SEA_LAND, LIGHT_THEME } from '../../src/map/basemap.ts'
import { fullTileMvt, PMTILES_MVT, PMTILES_PNG, solidPng, startTileServer, writePmtiles } from '../helpers/basemapTiles.ts'
import { namedFlavor } from '@protomaps/basemaps'

let browser: Browser
let appUrl: string

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
afterAll(async () => {
  await browser?.close()
})

type Rgb = [number, number, number]
const hex = (h: string): Rgb => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)) as Rgb
const near = (a: Rgb, b: Rgb, tol = 6) => a.every((v, i) => Math.abs(v - b[i]!) <= tol)

// sea south of 台山 and land in 阳江 (west of the city): outside the city, where no data is drawn
const SEA: [number, number] = [112.3, 21.35]
const LAND: [number, number] = [111.7, 22.3]
const VIEW = { center: [112.5, 21.95] as [number, number], zoom: 8 }

type MapLike = {
  project(ll: [number, number]): { x: number; y: number }
  getCanvas(): HTMLCanvasElement
  jumpTo(o: object): void
  once(e: string, f: () => void): void
  loaded(): boolean
}

/** The colours at lon/lat points, read from a screenshot of the page. */
async function coloursAt(page: Page, debug: '__onemap' | '__planner' | '__wall', points: [number, number][]): Promise<Rgb[]> {
  const xy = await page.evaluate(
    ({ d, pts }) => {
      const map = (window as unknown as Record<string, { map: MapLike }>)[d]!.map
      const r = map.getCanvas().getBoundingClientRect()
      return pts.map((p) => {
        const q = map.project(p)
        return { x: Math.round(r.left + q.x), y: Math.round(r.top + q.y) }
      })
    },
    { d: debug, pts: points },
  )
  const png = await page.screenshot()
  return page.evaluate(
    async ({ b64, xy }) => {
      const bmp = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob())
      const c = new OffscreenCanvas(bmp.width, bmp.height)
      const ctx = c.getContext('2d')!
      ctx.drawImage(bmp, 0, 0)
      return xy.map(({ x, y }) => Array.from(ctx.getImageData(x, y, 1, 1).data.slice(0, 3)) as [number, number, number])
    },
    { b64: png.toString('base64'), xy },
  )
}

async function jump(page: Page, debug: '__onemap' | '__planner' | '__wall', view = VIEW) {
  await page.evaluate(
    ({ d, v }) =>
      new Promise<void>((resolve) => {
        const map = (window as unknown as Record<string, { map: MapLike }>)[d]!.map
        map.jumpTo(v)
        map.once('idle', () => resolve())
      }),
    { d: debug, v: view },
  )
  await page.waitForTimeout(300)
}

async function waitIdle(page: Page, debug: '__onemap' | '__planner' | '__wall') {
  await page.evaluate(
    (d) =>
      new Promise<void>((resolve) => {
        const map = (window as unknown as Record<string, { map: MapLike & { areTilesLoaded(): boolean } }>)[d]!.map
        if (map.loaded() && map.areTilesLoaded()) resolve()
        else map.once('idle', () => resolve())
      }),
    debug,
  )
  await page.waitForTimeout(300)
}

async function openOneMap(page: Page) {
  await page.goto(appUrl + '/')
  // the first visit of a cold stack on a shared 2-core machine can take minutes
  await page.waitForFunction(() => window.__onemap?.ready === true, undefined, { timeout: 240_000 })
  await waitIdle(page, '__onemap')
}

const checked = (page: Page) => page.locator('[data-testid="basemap-switcher"] [aria-checked="true"]').getAttribute('data-basemap')

describe('the offline basemap', () => {
  it('draws sea and land on the one map, light, and the switcher is remembered', { timeout: 400_000 }, async () => {
    const { page, errors } = await newPage(browser)
    const landBytes: number[] = []
    page.on('requestfinished', (req) => {
      if (req.url().includes('basemap-land')) void req.sizes().then((s) => landBytes.push(s.responseBodySize))
    })
    const t0 = Date.now()
    await openOneMap(page)
    const firstRenderOffline = Date.now() - t0
    const sw = page.getByTestId('basemap-switcher')
    await expect.poll(() => sw.locator('button').allTextContents(), { timeout: 30_000 }).toEqual(['离线底图', '无底图'])
    await expect.poll(() => checked(page), { timeout: 30_000 }).toBe('offline')

    // bytes of the land file, as the browser (MapLibre's worker) fetched it
    await expect.poll(() => landBytes.length, { timeout: 15_000 }).toBe(1)
    expect(landBytes[0]!).toBeLessThan(200_000)

    await jump(page, '__onemap')
    const [sea, land] = await coloursAt(page, '__onemap', [SEA, LAND])
    expect(near(sea!, hex(LIGHT_THEME.water!)), `sea ${sea}`).toBe(true)
    expect(near(land!, hex(LIGHT_THEME.land!)), `land ${land}`).toBe(true)
    await page.screenshot({ path: `${OUT}/basemap-onemap-offline.png` })

    // 无底图: the flat colour of before, the city's areas and points still drawn
    await sw.getByText('无底图').click()
    await page.waitForFunction(() => document.querySelector('[data-testid="basemap-switcher"] [aria-checked="true"]')?.getAttribute('data-basemap') === 'none')
    await waitIdle(page, '__onemap')
    const [sea2, land2] = await coloursAt(page, '__onemap', [SEA, LAND])
    expect(near(sea2!, hex(LIGHT_THEME.background)), `flat ${sea2}`).toBe(true)
    expect(near(land2!, hex(LIGHT_THEME.background)), `flat ${land2}`).toBe(true)
    expect(await page.evaluate(() => !!(window.__onemap!.map as { getLayer(id: string): unknown }).getLayer('om-district-line'))).toBe(true)

    // remembered across a reload; first render without land, for comparison
    const t1 = Date.now()
    await openOneMap(page)
    const firstRenderNone = Date.now() - t1
    await expect.poll(() => checked(page), { timeout: 30_000 }).toBe('none')
    console.log(
      `first render (page load to map ready and idle): offline land ${firstRenderOffline} ms, no basemap ${firstRenderNone} ms; land file ${landBytes[0]} bytes on the wire`,
    )
    await page.getByTestId('basemap-switcher').getByText('离线底图').click()
    await waitIdle(page, '__onemap')
    await jump(page, '__onemap')
    const [sea3] = await coloursAt(page, '__onemap', [SEA])
    expect(near(sea3!, hex(LIGHT_THEME.water!)), `sea again ${sea3}`).toBe(true)
    expect(errors).toEqual([])
    await page.close()
  })

  it('the planner has the switcher and the remembered choice', { timeout: 300_000 }, async () => {
    const { page, errors } = await newPage(browser)
    await page.goto(appUrl + '/')
    await page.evaluate(() => localStorage.setItem('yizhangtu.basemap', 'none'))
    await page.goto(`${appUrl}#/planner`)
    await page.getByTestId('signin-open').click()
    const u = DEMO_USERS.find((x) => x.role === 'planner')!
    await page.getByTestId('signin-email').fill(u.email)
    await page.getByTestId('signin-password').fill(u.password)
    await page.getByTestId('signin-submit').click()
    await page.getByTestId('worklist').waitFor({ timeout: 60_000 })
    await page.waitForFunction(() => !!window.__planner?.map, undefined, { timeout: 60_000 })
    await page.getByTestId('basemap-switcher').waitFor()
    await expect.poll(() => checked(page), { timeout: 30_000 }).toBe('none')
    await page.getByTestId('basemap-switcher').getByText('离线底图').click()
    await waitIdle(page, '__planner')
    await jump(page, '__planner')
    const [sea, land] = await coloursAt(page, '__planner', [SEA, LAND])
    expect(near(sea!, hex(LIGHT_THEME.water!)), `sea ${sea}`).toBe(true)
    expect(near(land!, hex(LIGHT_THEME.land!)), `land ${land}`).toBe(true)
    await expect.poll(() => page.evaluate(() => localStorage.getItem('yizhangtu.basemap')), { timeout: 30_000 }).toBe('offline')
    await page.screenshot({ path: `${OUT}/basemap-planner.png` })
    expect(errors).toEqual([])
    await page.close()
  })

  it('the wall keeps its dark style with land and sea', { timeout: 300_000 }, async () => {
    const { page, errors } = await newPage(browser, { width: 1920, height: 1080 })
    await page.goto(`${appUrl}/#/wall`)
    await signInWall(page)
    await waitIdle(page, '__wall')
    await page.screenshot({ path: `${OUT}/basemap-wall.png` })
    // a view whose sea (west of 台山's coast) and land (阳江) fall between the wall's panels
    await jump(page, '__wall', { center: [112.3, 21.7], zoom: 8 })
    const WALL_SEA: [number, number] = [112.0, 21.5]
    const WALL_LAND: [number, number] = [111.7, 22.3]
    const onCanvas = await page.evaluate(
      (pts) => {
        const map = window.__wall!.map as MapLike
        const r = map.getCanvas().getBoundingClientRect()
        return pts.map((p) => {
          const q = map.project(p)
          return document.elementFromPoint(r.left + q.x, r.top + q.y) === map.getCanvas()
        })
      },
      [WALL_SEA, WALL_LAND],
    )
    expect(onCanvas, 'points not under a panel').toEqual([true, true])
    const [sea, land] = await coloursAt(page, '__wall', [WALL_SEA, WALL_LAND])
    expect(near(sea!, hex(DARK_SEA_LAND.water)), `sea ${sea}`).toBe(true)
    expect(near(land!, hex(DARK_SEA_LAND.land)), `land ${land}`).toBe(true)
    expect(errors).toEqual([])
    await page.close()
  })
})

// Configured sources, without another build: the built app reads an optional /config.json at
// start (what a deployment drops beside index.html; here Playwright answers it), listing a raster
// XYZ source and a PMTiles archive served by a loopback server this test starts, a source whose
// every tile is 404, a Tianditu entry (key from config.json; not chosen: no internet here) and a
// bad entry. Pixels: each source's tile colour under the map; a 404 source leaves the background
// and our layers drawn (MapLibre 6: no error event for a 404); a 500 source is logged once; the
// status bar says when a basemap's tiles are not arriving, with the status.
describe('configured basemap sources', () => {
  const XYZ_RGB: Rgb = [214, 120, 48]
  const PMTILES_RGB: Rgb = [46, 150, 96]

  it('lists each source by name, draws XYZ and PMTiles tiles, and a 404 source does not stop our layers', { timeout: 300_000 }, async () => {
    const archive = writePmtiles({ tile: solidPng(PMTILES_RGB), minZoom: 0, maxZoom: 6, tileType: PMTILES_PNG, center: VIEW.center })
    // a vector archive in the Protomaps schema: every tile one `water` polygon, drawn by @protomaps/basemaps
    const vector = writePmtiles({ tile: fullTileMvt('water'), minZoom: 0, maxZoom: 6, tileType: PMTILES_MVT, center: VIEW.center })
    const tiles = await startTileServer(solidPng(XYZ_RGB), { city: archive, vec: vector })
    const { page, errors } = await newPage(browser)
    try {
      const warnings: string[] = []
      page.on('console', (m) => {
        if (m.type() === 'warning') warnings.push(m.text())
      })
      const o = tiles.origin
      await page.route(`${appUrl}/config.json`, (r) =>
        r.fulfill({
          json: {
            basemap: `测试瓦片=raster:${o}/ok/{z}/{x}/{y}.png; 坏瓦片=raster:${o}/missing/{z}/{x}/{y}.png; 本地PMTiles=pmtiles:${o}/city.pmtiles; 坏条目=ftp://x/{z}/{x}/{y}; tianditu:vec; 矢量PMTiles=pmtiles:${o}/vec.pmtiles; 故障瓦片=raster:${o}/broken/{z}/{x}/{y}.png`,
            tiandituKey: 'abcdef0123456789',
            // no internet here: the test's server answers glyph ranges empty (labels styled, not drawn)
            glyphs: `${o}/fonts/{fontstack}/{range}.pbf`,
          },
        }),
      )
      await page.goto(appUrl + '/')
      await page.evaluate(() => localStorage.removeItem('yizhangtu.basemap'))
      await openOneMap(page)
      const sw = page.getByTestId('basemap-switcher')
      await expect
        .poll(() => sw.locator('button').allTextContents(), { timeout: 30_000 })
        .toEqual(['离线底图', '测试瓦片', '坏瓦片', '本地PMTiles', '天地图矢量', '矢量PMTiles', '故障瓦片', '无底图'])
      // the first configured source is the default; the bad entry was left out with a warning naming it
      expect(await checked(page)).toBe('online')
      expect(warnings.filter((w) => w.includes('entry 4') && w.includes('ftp://x'))).toHaveLength(1)

      await jump(page, '__onemap')
      const [sea, land] = await coloursAt(page, '__onemap', [SEA, LAND])
      expect(near(sea!, XYZ_RGB), `xyz sea ${sea}`).toBe(true)
      expect(near(land!, XYZ_RGB), `xyz land ${land}`).toBe(true)
      expect(tiles.served).toBeGreaterThan(0)
      await page.screenshot({ path: `${OUT}/basemap-source-xyz.png` })

      // every tile 404: the style's background shows, our layers still draw, one warning for all
      await sw.getByText('坏瓦片').click()
      await expect.poll(() => checked(page), { timeout: 30_000 }).toBe('online-2')
      // the view's tiles (a dozen or so) are all asked for once the style is in; a move waits
      // for our layers, put back over the new style
      await waitIdle(page, '__onemap')
      await jump(page, '__onemap')
      expect(tiles.missing).toBeGreaterThan(2)
      const [sea404] = await coloursAt(page, '__onemap', [SEA])
      expect(near(sea404!, hex(LIGHT_THEME.background)), `404 background ${sea404}`).toBe(true)
      // our layers go back over the new style after its load: wait for them to be drawn
      const districtLines = () =>
        page.evaluate(
          () => (window.__onemap!.map as { queryRenderedFeatures(o: object): unknown[] }).queryRenderedFeatures({ layers: ['om-district-line'] }).length,
        )
      await expect.poll(districtLines, { message: 'district lines drawn over a failed basemap', timeout: 30_000 }).toBeGreaterThan(0)
      expect(await page.evaluate(() => window.__onemap!.ready)).toBe(true)
      // MapLibre 6 takes a 404 as "no tile here" (no error event): nothing logged for it
      const basemapLogged = () => warnings.filter((w) => w.startsWith('[map]') && w.includes(':basemap'))
      expect(basemapLogged()).toEqual([])
      // but the status bar says the basemap's tiles are not arriving (the browser's resource timing saw the 404s)
      const tilesNotice = page.getByTestId('status-basemap-tiles')
      await expect.poll(() => tilesNotice.textContent(), { timeout: 15_000 }).toBe('底图瓦片无法加载（HTTP 404），专题图层不受影响')
      await page.screenshot({ path: `${OUT}/basemap-source-404.png` })

      // a PMTiles archive written by this test, read by range requests through the pmtiles protocol
      await sw.getByText('本地PMTiles').click()
      await expect.poll(() => checked(page), { timeout: 30_000 }).toBe('online-3')
      await waitIdle(page, '__onemap')
      await jump(page, '__onemap')
      const [seaPm, landPm] = await coloursAt(page, '__onemap', [SEA, LAND])
      expect(near(seaPm!, PMTILES_RGB), `pmtiles sea ${seaPm}`).toBe(true)
      expect(near(landPm!, PMTILES_RGB), `pmtiles land ${landPm}`).toBe(true)
      // another basemap whose tiles arrive: the notice is gone
      expect(await tilesNotice.count()).toBe(0)
      await page.screenshot({ path: `${OUT}/basemap-source-pmtiles.png` })
      // remembered by id
      expect(await page.evaluate(() => localStorage.getItem('yizhangtu.basemap'))).toBe('online-3')

      // a vector archive styled by @protomaps/basemaps: its water colour where the tiles say water
      await sw.getByText('矢量PMTiles').click()
      await expect.poll(() => checked(page), { timeout: 30_000 }).toBe('online-5')
      await waitIdle(page, '__onemap')
      await jump(page, '__onemap')
      const [seaVec] = await coloursAt(page, '__onemap', [SEA])
      expect(near(seaVec!, hex(namedFlavor('light').water)), `vector water ${seaVec}`).toBe(true)
      await page.screenshot({ path: `${OUT}/basemap-source-pmtiles-vector.png` })
      // its place names follow the English toggle in place (no style reload), and back
      const placeText = () =>
        page.evaluate(() => {
          const map = window.__onemap!.map as {
            getStyle(): { layers: { id: string; type: string; source?: string }[] }
            getLayoutProperty(l: string, p: string): unknown
          }
          const labels = map.getStyle().layers.filter((l) => l.type === 'symbol' && l.source === 'basemap')
          return labels.length ? JSON.stringify(labels.map((l) => map.getLayoutProperty(l.id, 'text-field'))) : 'no label layers'
        })
      expect(await placeText()).toContain('name:zh-Hans')
      await page.getByTestId('lang-toggle').click()
      await expect.poll(placeText, { timeout: 15_000 }).not.toContain('name:zh-Hans')
      expect(await placeText()).toContain('name:en')
      await page.getByTestId('lang-toggle').click()
      await expect.poll(placeText, { timeout: 15_000 }).toContain('name:zh-Hans')

      // a tile server answering 500 to every tile: error events for each tile, one warning logged
      await sw.getByText('故障瓦片').click()
      await expect.poll(() => checked(page), { timeout: 30_000 }).toBe('online-6')
      await waitIdle(page, '__onemap')
      await jump(page, '__onemap')
      await jump(page, '__onemap', { center: [112.9, 22.3], zoom: 9 })
      expect(tiles.broken).toBeGreaterThan(2)
      expect(basemapLogged(), basemapLogged().join('\n')).toHaveLength(1)
      expect(basemapLogged()[0]).toContain('online-6:basemap')
      await expect.poll(() => tilesNotice.textContent(), { timeout: 15_000 }).toBe('底图瓦片无法加载（HTTP 500），专题图层不受影响')
      await expect.poll(districtLines, { message: 'district lines drawn over a failing basemap', timeout: 30_000 }).toBeGreaterThan(0)
      // deck.gl's layers wait for the new style: never added before a layer the screen has not put back yet
      expect(warnings.filter((w) => w.includes('Cannot add layer'))).toEqual([])
      expect(errors).toEqual([])
    } finally {
      await page.evaluate(() => localStorage.removeItem('yizhangtu.basemap')).catch(() => {})
      await page.close()
      await tiles.close()
    }
  })

  it('the wall and the planner say when their configured basemap sends no tiles, and keep their data', { timeout: 300_000 }, async () => {
    const tiles = await startTileServer(solidPng(XYZ_RGB), {})
    const { page, errors } = await newPage(browser, { width: 1920, height: 1080 })
    try {
      // the wall draws the configuration's first source: here a tile server that answers 404 to every
      // tile from the start (MapLibre then never fired 'load' and the wall stayed blank: createMap's nudge)
      await page.route(`${appUrl}/config.json`, (r) => r.fulfill({ json: { basemap: `坏瓦片=raster:${tiles.origin}/missing/{z}/{x}/{y}.png` } }))
      await page.goto(`${appUrl}/#/wall`)
      await signInWall(page)
      const note = page.getByTestId('wall-basemap-tiles')
      await expect.poll(() => note.textContent(), { timeout: 30_000 }).toBe('底图瓦片无法加载（HTTP 404），专题图层不受影响')
      expect(tiles.missing).toBeGreaterThan(3)
      // the figures and the map's data are there all the same
      expect(await page.evaluate(() => window.__wall!.ready)).toBe(true)
      const px = await note.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
      expect(px).toBeGreaterThanOrEqual(20)
      // on top, not under a panel (the vehicle alerts covered it at the top of the map)
      const onTop = await note.evaluate((el) => {
        // hit-testable for the check only (the note lets clicks through to the map)
        ;(el as HTMLElement).style.pointerEvents = 'auto'
        const r = el.getBoundingClientRect()
        const hit = [0.1, 0.5, 0.9].every((f) => el.contains(document.elementFromPoint(r.left + r.width * f, r.top + r.height / 2)))
        ;(el as HTMLElement).style.pointerEvents = ''
        return hit
      })
      expect(onTop).toBe(true)
      await page.screenshot({ path: `${OUT}/basemap-wall-tiles-404.png` })
      expect(errors).toEqual([])

      // the planner says it too (its remembered choice cleared: the configuration's first source)
      const pl = await newPage(browser)
      await pl.page.route(`${appUrl}/config.json`, (r) => r.fulfill({ json: { basemap: `坏瓦片=raster:${tiles.origin}/missing/{z}/{x}/{y}.png` } }))
      await pl.page.goto(appUrl + '/')
      await pl.page.evaluate(() => localStorage.removeItem('yizhangtu.basemap'))
      await pl.page.goto(`${appUrl}#/planner`)
      await signInAs(pl.page, 'planner')
      await pl.page.getByTestId('worklist').waitFor({ timeout: 60_000 })
      const plNote = pl.page.getByTestId('planner-basemap-tiles')
      await expect.poll(() => plNote.textContent(), { timeout: 30_000 }).toBe('底图瓦片无法加载（HTTP 404），专题图层不受影响')
      // and its map draws the districts over the blank basemap
      await expect
        .poll(
          () =>
            pl.page.evaluate(
              () =>
                (window.__planner?.map as { queryRenderedFeatures(o: object): unknown[] } | undefined)?.queryRenderedFeatures({ layers: ['om-district-line'] })
                  .length ?? 0,
            ),
          { message: 'district lines on the planner over a dead basemap', timeout: 30_000 },
        )
        .toBeGreaterThan(0)
      await pl.page.screenshot({ path: `${OUT}/basemap-planner-tiles-404.png` })
      expect(pl.errors).toEqual([])
      await pl.page.close()
    } finally {
      await page.close()
      await tiles.close()
    }
  })
})
