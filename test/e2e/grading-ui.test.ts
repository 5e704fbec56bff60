// The grading UI in headless Chromium against the built app and the real stack: a planner's
// "what if" on a major hazard source recomputes the GB 18218 grade in the browser, and the area
// risk map colours districts by their effective level with the RPC's counts on the area card.
// Screenshots go to test-results/.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OUT, startBrowser, signInAs } from '../helpers/e2e.ts'
import { sql } from '../helpers/stack.ts'
import { MAJOR_GRADES, RISK_LEVELS } from '../../src/domain/levels.ts'
import type { AppRole } from '../../supabase/seed/demo-users.ts'

let browser: Browser
let appUrl: string

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
afterAll(async () => {
  await browser?.close()
})

async function openMap(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(appUrl + '/')
  await page.waitForFunction(() => window.__onemap?.ready === true, undefined, { timeout: 90_000 })
  await settle(page)
  return { page, errors }
}

async function settle(page: Page) {
  await page.waitForFunction(() => !document.querySelector('[data-testid="status-loading"]') && !document.querySelector('.layer-row .spinner'), undefined, {
    timeout: 90_000,
  })
  await page.waitForTimeout(500)
}

async function signIn(page: Page, role: AppRole) {
  await signInAs(page, role)
  await page.waitForFunction(() => window.__onemap?.ready === true, undefined, { timeout: 90_000 })
  await settle(page)
}

async function jump(page: Page, lon: number, lat: number, zoom: number) {
  await page.evaluate(([lo, la, z]) => (window.__onemap!.map as any).jumpTo({ center: [lo, la], zoom: z }), [lon, lat, zoom])
  await settle(page)
}

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

async function setLayer(page: Page, key: string, on: boolean) {
  const box = page.getByTestId(`toggle-${key}`)
  if ((await box.isChecked()) !== on) await box.click()
}

/** Waits until the area risk map has drawn the area `code` under the screen point (data loads after moveend). */
async function waitForArea(page: Page, xy: { x: number; y: number }, code: string) {
  await page.waitForFunction(
    ([x, y, c]) => {
      const map = window.__onemap!.map as any
      const r = map.getCanvas().getBoundingClientRect()
      return map.queryRenderedFeatures([Number(x) - r.left, Number(y) - r.top], { layers: ['om-area-risk-fill'] })[0]?.properties?.code === c
    },
    [xy.x, xy.y, code] as const,
    { timeout: 60_000 },
  )
  await settle(page)
}

/** GB 18218 bands (DOMAIN.md), written out here so the test does not reuse the app's calculator. */
function gradeOfR(r: number): 1 | 2 | 3 | 4 {
  return r >= 100 ? 1 : r >= 50 ? 2 : r >= 10 ? 3 : 4
}

describe('what-if on a major hazard source (planner)', () => {
  it('recomputes the grade in the browser and shows the calculator error for a negative quantity', async () => {
    // A major hazard source with an inventory and no other hazard source within 300 m.
    const { rows } = await sql().query<{ id: string; name: string; lon: number; lat: number; major_grade: number }>(
      `select h.id, h.name, extensions.st_x(h.location) as lon, extensions.st_y(h.location) as lat, h.major_grade
       from public.hazard_sources h
       where h.is_major and h.major_grade is not null
         and exists (select 1 from public.hazard_source_inventory i where i.hazard_source_id = h.id)
         and not exists (select 1 from public.hazard_sources o where o.id <> h.id
           and extensions.st_dwithin(o.geom::extensions.geography, h.geom::extensions.geography, 300))
       order by h.id limit 1`,
    )
    expect(rows.length).toBe(1)
    const src = rows[0]!
    const { rows: inv } = await sql().query<{ substance: string; critical_t: string; beta: string }>(
      `select s.name_zh as substance, s.critical_t, coalesce(s.toxic_gas_beta, c.beta) as beta
       from public.hazard_source_inventory i
       join public.substances s on s.id = i.substance_id
       join public.hazard_categories c on c.code = s.hazard_category
       where i.hazard_source_id = $1`,
      [src.id],
    )

    const { page, errors } = await openMap()
    await signIn(page, 'planner')
    await jump(page, Number(src.lon), Number(src.lat), 16)
    const xy = await screenXY(page, Number(src.lon), Number(src.lat))
    await page.mouse.click(xy.x, xy.y)
    await page.waitForFunction(() => document.querySelector('[data-testid="detail-card"]')?.getAttribute('data-status') === 'ok', undefined, {
      timeout: 60_000,
    })
    expect(await page.getByTestId('detail-kind').getAttribute('data-kind')).toBe('hazard_sources')
    expect(await page.getByTestId('detail-title').textContent()).toBe(src.name)

    await page.getByTestId('whatif-toggle').click()
    await page.getByTestId('whatif-qty-0').waitFor()
    await page.getByTestId('whatif-grade').waitFor()
    // the stored grade before any edit
    expect(await page.getByTestId('whatif-stored-grade').textContent()).toBe(MAJOR_GRADES[src.major_grade - 1]!.zh)

    // Only row 0 keeps a quantity; 0 people → α = 0.5; R = 0.5 · β · q / Q lands in a grade the
    // stored one is not.
    const first = (await page.locator('.whatif-items tbody tr').first().locator('td').first().textContent())!.trim()
    const sub = inv.find((x) => x.substance === first)!
    expect(sub, `inventory row ${first}`).toBeTruthy()
    const Q = Number(sub.critical_t)
    const beta = Number(sub.beta)
    const targetR = src.major_grade === 1 ? 20 : 200
    const q = Math.round((targetR / (0.5 * beta)) * Q * 1000) / 1000
    const expected = gradeOfR(0.5 * beta * (q / Q))
    expect(expected).not.toBe(src.major_grade)
    const n = await page.locator('[data-testid^="whatif-qty-"]').count()
    for (let i = 1; i < n; i++) await page.getByTestId(`whatif-qty-${i}`).fill('0')
    await page.getByTestId('whatif-population').fill('0')
    await page.getByTestId('whatif-qty-0').fill(String(q))
    await expect.poll(() => page.getByTestId('whatif-grade').textContent(), { timeout: 15_000 }).toBe(MAJOR_GRADES[expected - 1]!.zh)
    expect(await page.getByTestId('whatif-alpha').textContent()).toBe('0.5')
    expect(await page.getByTestId('whatif-error').count()).toBe(0)
    await page.screenshot({ path: `${OUT}/e2e-whatif.png` })
    await page.locator('[data-testid="detail-card"]').screenshot({ path: `${OUT}/e2e-whatif-card.png` })

    await page.getByTestId('whatif-qty-0').fill('-5')
    await page.getByTestId('whatif-error').waitFor()
    const err = await page.getByTestId('whatif-error').textContent()
    expect(err).toContain('输入无效')
    expect(err).toContain('must not be negative')
    await page.locator('[data-testid="detail-card"]').screenshot({ path: `${OUT}/e2e-whatif-error.png` })

    // reset returns to the stored values and grade
    await page.getByTestId('whatif-reset').click()
    await expect.poll(() => page.getByTestId('whatif-grade').textContent(), { timeout: 15_000 }).toBe(MAJOR_GRADES[src.major_grade - 1]!.zh)
    expect(errors, 'uncaught page errors').toEqual([])
    await page.close()
  })
})

describe('area risk map', () => {
  it('anon: a level-1 district is drawn red and its card has the RPC counts', async () => {
    const {
      rows: [{ s }],
    } = await sql().query<{ s: { code: string; name: string; level: number | null; risk_points: Record<string, number> }[] }>(
      `select public.public_area_risk_summary('district') as s`,
    )
    const red = s.find((a) => a.level === 1)
    expect(red, 'a district whose level is 1').toBeTruthy()
    const {
      rows: [pt],
    } = await sql().query<{ lon: number; lat: number }>(
      `select extensions.st_x(p) as lon, extensions.st_y(p) as lat
       from (select extensions.st_pointonsurface(geom) as p from public.areas where code = $1) x`,
      [red!.code],
    )

    const { page, errors } = await openMap()
    // only the choropleth, so the colours on screen are the areas'
    for (const k of ['risk_points', 'hazard_sources', 'emergency_resources', 'chemical_parks', 'areas']) await setLayer(page, k, false)
    expect(await page.getByTestId('layer-area_risk').count()).toBe(1)
    await setLayer(page, 'area_risk', true)
    await page.getByTestId('area-risk-level-select').selectOption('district')
    await jump(page, Number(pt!.lon), Number(pt!.lat), 10)
    expect(await page.getByTestId('legend-area-note').textContent()).toBe('区域颜色取区域内风险点的最高等级，人工区域评估优先')

    const xy = await screenXY(page, Number(pt!.lon), Number(pt!.lat))
    await waitForArea(page, xy, red!.code)
    // the polygon under the point carries level 1 …
    const level = await page.evaluate(
      ([x, y]) => {
        const map = window.__onemap!.map as any
        const r = map.getCanvas().getBoundingClientRect()
        return map.queryRenderedFeatures([x - r.left, y - r.top], { layers: ['om-area-risk-fill'] })[0]?.properties?.risk_level
      },
      [xy.x, xy.y],
    )
    expect(level).toBe(1)
    // … and the pixels around it are the red wash (red over the light basemap at ≈35 %)
    const map = page.locator('[data-testid="map"]')
    const box = (await map.boundingBox())!
    const png = await page.screenshot({ clip: { x: xy.x - 20, y: xy.y - 20, width: 40, height: 40 } })
    const share = await page.evaluate(async (b64) => {
      const bmp = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob())
      const c = new OffscreenCanvas(bmp.width, bmp.height)
      const ctx = c.getContext('2d')!
      ctx.drawImage(bmp, 0, 0)
      const { data } = ctx.getImageData(0, 0, bmp.width, bmp.height)
      let reddish = 0
      for (let i = 0; i < data.length; i += 4) if (data[i] - data[i + 1] > 55 && data[i] - data[i + 2] > 25) reddish++
      return reddish / (data.length / 4)
    }, png.toString('base64'))
    expect(share, 'share of red-tinted pixels at the district').toBeGreaterThan(0.6)
    expect(box.width).toBeGreaterThan(0)

    await page.mouse.click(xy.x, xy.y)
    await page.getByTestId('area-card').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('area-card').getAttribute('data-code')).toBe(red!.code)
    expect(await page.getByTestId('area-card-name').textContent()).toBe(red!.name)
    expect(await page.getByTestId('area-card-level').textContent()).toBe(RISK_LEVELS[0]!.zh)
    for (const l of RISK_LEVELS) {
      expect(Number(await page.getByTestId(`area-count-${l.level}`).getAttribute('data-count')), `count ${l.zh}`).toBe(red!.risk_points[String(l.level)])
    }
    // the public sees no internal figures
    expect(await page.getByTestId('area-card-hazards').count()).toBe(0)
    expect(await page.getByTestId('area-card-dangers').count()).toBe(0)
    await page.waitForTimeout(300)
    await page.screenshot({ path: `${OUT}/e2e-area-risk-district.png` })
    expect(errors, 'uncaught page errors').toEqual([])
    await page.close()
  })

  it('signed in: an overridden street says so, with the reason, hazards and dangers', async () => {
    const {
      rows: [o],
    } = await sql().query<{ code: string; name: string; name_en: string; reason: string; lon: number; lat: number }>(
      `select a.code, a.name, a.name_en, r.reason, extensions.st_x(extensions.st_pointonsurface(a.geom)) as lon,
              extensions.st_y(extensions.st_pointonsurface(a.geom)) as lat
       from public.area_risk_assessments r join public.areas a on a.code = r.area_code
       where a.level = 'street' order by r.level, a.code limit 1`,
    )
    expect(o).toBeTruthy()
    const { page, errors } = await openMap()
    await signIn(page, 'planner')
    await setLayer(page, 'area_risk', true)
    await page.getByTestId('area-risk-level-select').selectOption('street')
    await jump(page, Number(o!.lon), Number(o!.lat), 12)
    const xy = await screenXY(page, Number(o!.lon), Number(o!.lat))
    await waitForArea(page, xy, o!.code)
    await page.mouse.click(xy.x, xy.y)
    await page.getByTestId('area-card').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('area-card').getAttribute('data-code')).toBe(o!.code)
    expect(await page.getByTestId('area-card-override').textContent()).toBe('（人工评定）')
    expect(await page.getByTestId('area-card-reason').textContent()).toContain(o!.reason)
    await page.getByTestId('area-card-hazards').waitFor()
    await page.getByTestId('area-card-dangers').waitFor()
    await page.screenshot({ path: `${OUT}/e2e-area-risk-street-signed-in.png` })
    // in English the card's title is the street's English name (pinyin and its kind)
    expect(await page.getByTestId('area-card-name').textContent()).toBe(o!.name)
    expect(o!.name_en).toMatch(/^[A-Z][a-z']+ (Subdistrict|Town)$/)
    await page.getByTestId('lang-toggle').click()
    await expect.poll(() => page.getByTestId('area-card-name').textContent(), { timeout: 10_000 }).toBe(o!.name_en)
    await page.screenshot({ path: `${OUT}/e2e-area-risk-street-en.png` })
    expect(errors, 'uncaught page errors').toEqual([])
    await page.close()
  })
})
