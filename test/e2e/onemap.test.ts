// The one map in headless Chromium against the built app and the real stack: the demo city
// loads, all four colours are drawn, a click opens the card of the feature under the cursor,
// and a signed-in regulator sees what the public cannot. Screenshots go to test-results/.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OUT, startBrowser, signInAs } from '../helpers/e2e.ts'
import { serviceClient, sql } from '../helpers/stack.ts'
import { DEMO_REGULATOR_AREA, type AppRole } from '../../supabase/seed/demo-users.ts'
import { RISK_LEVELS } from '../../src/domain/levels.ts'

let browser: Browser
let appUrl: string

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
afterAll(async () => {
  await browser?.close()
})

async function openMap(path = '/'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(appUrl + path)
  await page.waitForFunction(() => window.__onemap?.ready === true, undefined, { timeout: 90_000 })
  await settle(page)
  expect(errors, 'uncaught page errors').toEqual([])
  return page
}

async function settle(page: Page) {
  await page.waitForFunction(() => !document.querySelector('[data-testid="status-loading"]') && !document.querySelector('.layer-row .spinner'), undefined, {
    timeout: 90_000,
  })
  await page.waitForTimeout(500)
}

/** Counts, in a screenshot of the map, the pixels close to each level's colour. */
async function colourPixels(page: Page): Promise<Record<number, number>> {
  const png = await page.locator('[data-testid="map"]').screenshot()
  return page.evaluate(
    async ({ b64, levels }) => {
      const blob = await (await fetch(`data:image/png;base64,${b64}`)).blob()
      const bmp = await createImageBitmap(blob)
      const canvas = new OffscreenCanvas(bmp.width, bmp.height)
      const ctx = canvas.getContext('2d')!
      ctx.drawImage(bmp, 0, 0)
      const { data } = ctx.getImageData(0, 0, bmp.width, bmp.height)
      const counts: Record<number, number> = {}
      for (const l of levels) counts[l.level] = 0
      for (let i = 0; i < data.length; i += 4) {
        for (const l of levels) {
          if (Math.abs(data[i] - l.rgb[0]) < 14 && Math.abs(data[i + 1] - l.rgb[1]) < 14 && Math.abs(data[i + 2] - l.rgb[2]) < 14) counts[l.level]++
        }
      }
      return counts
    },
    { b64: png.toString('base64'), levels: RISK_LEVELS.map((l) => ({ level: l.level, rgb: [...l.rgb] })) },
  )
}

async function signIn(page: Page, role: AppRole) {
  const u = await signInAs(page, role)
  expect(await page.getByTestId('session-email').textContent()).toContain(u.email)
  await page.waitForFunction(() => window.__onemap?.ready === true, undefined, { timeout: 90_000 })
  await settle(page)
}

async function clickAt(page: Page, lon: number, lat: number) {
  const xy = await page.evaluate(
    ([lo, la]) => {
      const map = window.__onemap!.map as { project(ll: [number, number]): { x: number; y: number }; getCanvas(): HTMLCanvasElement }
      const p = map.project([lo, la])
      const r = map.getCanvas().getBoundingClientRect()
      return { x: r.left + p.x, y: r.top + p.y }
    },
    [lon, lat],
  )
  await page.mouse.click(xy.x, xy.y)
  await page.waitForFunction(
    () => {
      const el = document.querySelector('[data-testid="detail-card"]')
      return el && el.getAttribute('data-status') !== 'loading'
    },
    undefined,
    { timeout: 60_000 },
  )
}

describe('the public one map (not signed in)', () => {
  it('loads the demo city, says it is demo data, and draws all four colours with their names', async () => {
    const page = await openMap()
    await expect.poll(() => page.getByTestId('demo-badge').isVisible(), { timeout: 15_000 }).toBe(true)
    expect(await page.getByTestId('demo-badge').textContent()).toContain('演示数据')
    for (const l of RISK_LEVELS) {
      expect(await page.getByTestId(`legend-level-${l.level}`).textContent()).toContain(l.zh)
    }
    const { count: total } = await serviceClient().from('risk_points').select('*', { count: 'exact', head: true })
    const shown = await page.getByTestId('count-risk_points').textContent()
    expect(Number(shown!.replace(/[^0-9]/g, ''))).toBe(total)
    const pixels = await colourPixels(page)
    for (const l of RISK_LEVELS) expect(pixels[l.level], `${l.zh} pixels`).toBeGreaterThan(20)
    await page.screenshot({ path: `${OUT}/e2e-public-city.png` })
    await page.close()
  })

  it('hides internal layers from the public', async () => {
    const page = await openMap()
    expect(await page.getByTestId('layer-hidden_dangers').count()).toBe(0)
    expect(await page.getByTestId('layer-protective_targets').count()).toBe(0)
    await page.close()
  })
})

describe('signed in', () => {
  it('a click opens the card of the feature under the cursor', async () => {
    // An isolated red risk point: nothing else within 300 m, so the click is unambiguous.
    const { rows } = await sql().query<{ name: string; lon: number; lat: number; level: number }>(
      `select r.name, extensions.st_x(r.location) as lon, extensions.st_y(r.location) as lat, r.level
       from public.risk_points r
       where r.level = 1 and not exists (
         select 1 from public.risk_points o where o.id <> r.id
           and extensions.st_dwithin(o.location::extensions.geography, r.location::extensions.geography, 300))
         and not exists (select 1 from public.hazard_sources h
           where extensions.st_dwithin(h.geom::extensions.geography, r.location::extensions.geography, 300))
         and not exists (select 1 from public.hidden_dangers d
           where extensions.st_dwithin(d.location::extensions.geography, r.location::extensions.geography, 300))
         and not exists (select 1 from public.emergency_resources x
           where extensions.st_dwithin(x.location::extensions.geography, r.location::extensions.geography, 300))
       order by r.id limit 1`,
    )
    expect(rows.length).toBe(1)
    const target = rows[0]
    const page = await openMap()
    await signIn(page, 'command')
    await page.evaluate(([lo, la]) => (window.__onemap!.map as any).jumpTo({ center: [lo, la], zoom: 16 }), [target.lon, target.lat])
    await settle(page)
    await clickAt(page, Number(target.lon), Number(target.lat))
    expect(await page.getByTestId('detail-title').textContent()).toBe(target.name)
    expect(await page.getByTestId('detail-level').textContent()).toContain('重大风险')
    await page.screenshot({ path: `${OUT}/e2e-command-click.png` })
    await page.close()
  })

  it('a regulator signs in and sees hidden dangers of the district, which the public cannot', async () => {
    const page = await openMap()
    expect(await page.getByTestId('layer-hidden_dangers').count()).toBe(0)
    await signIn(page, 'regulator')
    await expect.poll(() => page.getByTestId('session-role').textContent(), { timeout: 30_000 }).toMatch(/监管/)
    await page.getByTestId('layer-hidden_dangers').waitFor()
    // Frame the whole city: the regulator's count is exactly the open dangers of the district.
    const { rows } = await sql().query<{ n: string }>(
      `select count(*) as n from public.hidden_dangers where area_code like $1 || '%' and status not in ('closed', 'rejected')`,
      [DEMO_REGULATOR_AREA],
    )
    await expect
      .poll(async () => Number((await page.getByTestId('count-hidden_dangers').textContent())!.replace(/[^0-9]/g, '')), { timeout: 30_000 })
      .toBe(Number(rows[0].n))
    await page.screenshot({ path: `${OUT}/e2e-regulator.png` })
    await page.close()
  })
})
