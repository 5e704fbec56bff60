// The warning areas (issue 18) in headless Chromium against the built app and the real stack: the
// wall (command centre, 3840×2160) asks public_warning_areas for its view and gets exactly the
// published, unexpired regional warnings SQL finds there, draws them in the overview (and the
// alarms preset), names the four warning colours in its legend, and keeps the wall's font floor
// (28 px); the public view on a 390 px phone draws the areas of the place too.
// Screenshots: test-results/warning-areas-wall.png, warning-areas-public.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OUT, startBrowser, openWallLegend } from '../helpers/e2e.ts'
import { smallTexts } from '../helpers/wallAudit.ts'
import { sql } from '../helpers/stack.ts'
import { demoUser } from '../../supabase/seed/demo-users.ts'

let browser: Browser
let appUrl: string

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
afterAll(async () => {
  await browser?.close()
})

interface Call {
  args: { west: number; south: number; east: number; north: number; zoom: number }
  ids: string[]
}

function watch(page: Page): Call[] {
  const calls: Call[] = []
  page.on('response', async (r) => {
    if (!r.url().includes('/rpc/public_warning_areas') || r.request().method() !== 'POST') return
    const body = (await r.json().catch(() => null)) as { id: string }[] | null
    if (Array.isArray(body)) calls.push({ args: JSON.parse(r.request().postData() ?? '{}') as Call['args'], ids: body.map((x) => x.id) })
  })
  return calls
}

/** The published, unexpired regional warnings whose polygon or named areas meet the box, as SQL finds them. */
async function expected(a: Call['args']): Promise<string[]> {
  const { rows } = await sql().query<{ id: string }>(
    `select n.id from public.public_notices n
     where n.status = 'published' and n.kind = 'regional_warning' and (n.valid_until is null or n.valid_until > now())
       and (extensions.st_intersects(n.geom, extensions.st_makeenvelope($1, $2, $3, $4, 4326))
         or exists (select 1 from public.areas x where x.code = any (n.area_codes)
                    and extensions.st_intersects(x.geom, extensions.st_makeenvelope($1, $2, $3, $4, 4326))))
     order by n.level, n.published_at desc, n.id`,
    [a.west, a.south, a.east, a.north],
  )
  return rows.map((r) => r.id)
}

describe('warning areas', () => {
  it('the wall draws the active warnings in view as SQL finds them, with a legend line, at the font floor', { timeout: 240_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 3840, height: 2160 } })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    const calls = watch(page)
    await page.goto(`${appUrl}/#/wall`)
    await page.getByTestId('wall-signin').waitFor({ timeout: 60_000 })
    const u = demoUser('command')
    await page.getByTestId('wall-signin-email').fill(u.email)
    await page.getByTestId('wall-signin-password').fill(u.password)
    await page.getByTestId('wall-signin-submit').click()
    await page.waitForFunction(() => window.__wall?.ready === true, undefined, { timeout: 90_000 })
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="risk-total"]')?.textContent ?? ''), undefined, { timeout: 60_000 })
    const visible = () => page.evaluate(() => (window.__wall!.controller as unknown as { visibleLayers: string[] }).visibleLayers)
    await expect.poll(() => visible(), { timeout: 15_000 }).toContain('warning_areas')

    await expect.poll(() => calls.length, { timeout: 30_000 }).toBeGreaterThan(0)
    const last = calls[calls.length - 1]!
    expect(last.ids.length).toBeGreaterThanOrEqual(2) // the demo's 江海区 orange and city-wide yellow warnings
    expect(last.ids).toEqual(await expected(last.args))

    await openWallLegend(page)

    const legend = await page.getByTestId('wall-legend').innerText()
    expect(legend).toContain('预警区域')
    for (const w of ['红色预警', '橙色预警', '黄色预警', '蓝色预警']) expect(legend).toContain(w)
    await page.waitForTimeout(1500)
    await page.screenshot({ path: `${OUT}/warning-areas-wall.png` })
    expect(await smallTexts(page, 28)).toEqual([])

    await page.getByTestId('wall-preset-alarms').click()
    await expect.poll(visible, { timeout: 15_000 }).toContain('warning_areas')
    await page.getByTestId('wall-preset-resources').click()
    await expect.poll(visible, { timeout: 15_000 }).not.toContain('warning_areas')
    await page.getByTestId('wall-preset-overview').click()
    expect(errors).toEqual([])
    await page.close()
  })

  it('the public view on a phone draws the warning areas of the place', { timeout: 240_000 }, async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'zh-CN' })
    const page = await ctx.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    const calls = watch(page)
    await page.goto(`${appUrl}/#/public`)
    await page.waitForFunction(() => window.__onemap?.ready === true && !!window.__public, undefined, { timeout: 90_000 })
    await expect.poll(() => calls.length, { timeout: 30_000 }).toBeGreaterThan(0)
    const last = calls[calls.length - 1]!
    expect(last.ids.length).toBeGreaterThan(0)
    expect(last.ids).toEqual(await expected(last.args))
    await page.waitForTimeout(1500)
    await page.screenshot({ path: `${OUT}/warning-areas-public.png` })
    expect(errors).toEqual([])
    await ctx.close()
  })
})
