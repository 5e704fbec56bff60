// The wall's 事故 preset (issue 16) in headless Chromium against the built app and the real stack:
// the command centre picks it and the map draws this (Beijing) year's accidents by grade and
// nothing else but the what-if zones; the wall asked accidents_in_view for this year, in its view,
// and got exactly the accidents SQL finds there; the legend names the grades; every text keeps the
// wall's font floor (28 px at 3840×2160); the overview stays as it was (no accidents).
// Screenshot: test-results/wall-accidents.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser } from 'playwright-core'
import { OUT, startBrowser, signInWall, openWallLegend } from '../helpers/e2e.ts'
import { smallTexts } from '../helpers/wallAudit.ts'
import { sql } from '../helpers/stack.ts'

let browser: Browser
let appUrl: string

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
afterAll(async () => {
  await browser?.close()
})

interface ViewCall {
  args: { west: number; south: number; east: number; north: number; from_date: string; to_date: string }
  rows: number
}

describe('the wall: accidents', () => {
  it('the 事故 preset draws this year’s accidents in view by grade, as SQL counts them', { timeout: 240_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 3840, height: 2160 } })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    const calls: ViewCall[] = []
    page.on('response', async (r) => {
      if (!r.url().includes('/rpc/accidents_in_view') || r.request().method() !== 'POST') return
      const body = (await r.json().catch(() => null)) as unknown[] | null
      if (Array.isArray(body)) calls.push({ args: JSON.parse(r.request().postData() ?? '{}') as ViewCall['args'], rows: body.length })
    })
    await page.goto(`${appUrl}/#/wall`)
    await signInWall(page)
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="risk-total"]')?.textContent ?? ''), undefined, { timeout: 60_000 })
    const visible = () => page.evaluate(() => (window.__wall!.controller as unknown as { visibleLayers: string[] }).visibleLayers)
    expect(await visible()).not.toContain('accidents')

    await page.getByTestId('wall-preset-accidents').click()
    await expect.poll(() => page.getByTestId('wall-preset-accidents').getAttribute('aria-pressed'), { timeout: 15_000 }).toBe('true')
    await expect.poll(async () => (await visible()).filter((k) => k !== 'threat_zones'), { timeout: 15_000 }).toEqual(['accidents'])

    // the wall's request: this Beijing year, and its answer equals SQL over the same box and days
    await expect.poll(() => calls.length, { timeout: 30_000 }).toBeGreaterThan(0)
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
    const last = calls[calls.length - 1]!
    expect(last.args.from_date).toBe(`${today.slice(0, 4)}-01-01`)
    expect(last.args.to_date).toBe(today)
    const { rows } = await sql().query<{ n: number }>(
      `select count(*)::int as n from public.accidents
       where location operator(extensions.&&) extensions.st_makeenvelope($1, $2, $3, $4, 4326)
         and occurred_at >= ($5::date::timestamp - interval '8 hours') at time zone 'UTC'
         and occurred_at < (($6::date + 1)::timestamp - interval '8 hours') at time zone 'UTC'`,
      [last.args.west, last.args.south, last.args.east, last.args.north, last.args.from_date, last.args.to_date],
    )
    expect(last.rows).toBe(Math.min(1000, rows[0]!.n))
    expect(last.rows, 'the demo has accidents this year').toBeGreaterThan(0)

    // the legend names the grades of this year
    await openWallLegend(page)
    const legend = await page.getByTestId('wall-legend').innerText()
    expect(legend).toContain(`${today.slice(0, 4)} 年事故（等级）`)
    for (const g of ['特别重大', '重大', '较大', '一般']) expect(legend).toContain(g)
    await page.waitForTimeout(1500)
    await page.screenshot({ path: `${OUT}/wall-accidents.png` })
    expect(await smallTexts(page, 28)).toEqual([])

    // back to the overview: as before, without accidents
    await page.getByTestId('wall-preset-overview').click()
    await expect.poll(visible, { timeout: 15_000 }).not.toContain('accidents')
    expect(errors).toEqual([])
    await page.close()
  })
})
