// What the staff notices list says of a notice's areas (issue 18) in headless Chromium against the
// built app and the real stack. A notice may have area codes and/or a drawn polygon
// (20270116000100_notice_polygon.sql); the list said "区域：—" for a polygon-only one. The regulator
// has two drafts made through supabase-js: one for a drawn area only, one for its district and a
// drawn area. The list says "划定范围（约 x 平方千米）" (the size within 1 % of PostGIS's geodesic area of
// the stored polygon) for the first and the district's name and the drawn area for the second, in
// Chinese at 1920 px and in English at 390 px (no sideways scrolling). The form's areas legend says
// that areas or a drawn area (at least one) are required, with no asterisk on the areas alone, and
// a draft with neither is refused by the form in those words, nothing sent.
// Screenshots: test-results/notice-areas-*.png. The drafts are withdrawn at the end.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { SupabaseClient } from '@supabase/supabase-js'
import { OUT, startBrowser, newPage, signInAs } from '../helpers/e2e.ts'
import { signIn as apiSignIn, sql } from '../helpers/stack.ts'
import { DEMO_REGULATOR_AREA, demoUser } from '../../supabase/seed/demo-users.ts'

let browser: Browser
let appUrl: string
let regulator: SupabaseClient
const TAG = `区域显示测试-${Date.now().toString(36)}`
const ids = { drawn: '', both: '' }
const km2 = { drawn: 0, both: 0 }
let districtName = ''

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
  regulator = await apiSignIn(demoUser('regulator').email, demoUser('regulator').password)
  // a square around the centre of the largest circle inside the regulator's district
  const { rows } = await sql().query<{ lon: number; lat: number; r: number; name: string }>(
    `select extensions.st_x(c.center) lon, extensions.st_y(c.center) lat, c.radius r, a.name
     from public.areas a, lateral extensions.st_maximuminscribedcircle(a.geom) c where a.code = $1`,
    [DEMO_REGULATOR_AREA],
  )
  const c = { lon: Number(rows[0]!.lon), lat: Number(rows[0]!.lat), r: Number(rows[0]!.r) }
  districtName = rows[0]!.name
  const square = (d: number) => ({
    type: 'MultiPolygon',
    coordinates: [
      [
        [
          [c.lon - d, c.lat - d],
          [c.lon + d, c.lat - d],
          [c.lon + d, c.lat + d],
          [c.lon - d, c.lat + d],
          [c.lon - d, c.lat - d],
        ],
      ],
    ],
  })
  const d = Math.min(c.r / 2, 0.012)
  for (const [k, codes, g] of [
    ['drawn', [], square(d)],
    ['both', [DEMO_REGULATOR_AREA], square(d / 2)],
  ] as const) {
    const { data, error } = await regulator
      .from('public_notices')
      .insert({ kind: 'regional_warning', level: 2, title: `${TAG} ${k}`, body: '划定区域内注意防范。', area_codes: codes, geom: g })
      .select('id')
      .single()
    expect(error).toBeNull()
    ids[k] = (data as { id: string }).id
    const { rows: a } = await sql().query<{ km2: number }>(
      `select extensions.st_area(geom::extensions.geography) / 1e6 km2 from public.public_notices where id = $1`,
      [ids[k]],
    )
    km2[k] = Number(a[0]!.km2)
  }
})
afterAll(async () => {
  await browser?.close()
  for (const id of Object.values(ids)) if (id) await regulator.rpc('withdraw_notice', { id, reason: '测试结束，撤回 / end of test' })
})

async function drafts(width: number, height: number): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await newPage(browser, { width, height })
  await page.goto(appUrl + '/#/notices')
  await signInAs(page, 'regulator')
  await page.waitForSelector('[data-testid="notices-page"][data-status="ok"]', { timeout: 60_000 })
  await page.getByTestId('notice-tab-draft').click()
  await page.waitForSelector('[data-testid="notices-page"][data-status="ok"][data-tab="draft"]', { timeout: 30_000 })
  await item(page, 'drawn').waitFor({ timeout: 30_000 })
  return { page, errors }
}
const item = (page: Page, k: keyof typeof ids) => page.locator(`[data-testid="notices-list"] [data-testid="notice-item"][data-id="${ids[k]}"]`)
const areasText = (page: Page, k: keyof typeof ids) => item(page, k).getByTestId('notice-areas-text').innerText()
/** The km² figure in a text, checked against PostGIS's area within 1 %. */
function expectKm2(text: string, want: number): void {
  const got = Number(/([0-9.]+) (?:平方千米|km²)/.exec(text)?.[1])
  expect(Math.abs(got / want - 1), `${text} vs ${want}`).toBeLessThan(0.01)
}

describe('#/notices: what a notice’s areas say', () => {
  it('in Chinese at 1920 px: the drawn area with its size, and the district with it; the form asks for either', async () => {
    const { page, errors } = await drafts(1920, 1080)
    const drawn = await areasText(page, 'drawn')
    expect(drawn).toMatch(/^区域：划定范围（约 [0-9.]+ 平方千米）$/)
    expectKm2(drawn, km2.drawn)
    expect(await item(page, 'drawn').getByTestId('notice-areas-text').getAttribute('data-drawn')).toBe('true')
    const both = await areasText(page, 'both')
    expect(both).toMatch(new RegExp(`^区域：${districtName}；划定范围（约 [0-9.]+ 平方千米）$`))
    expectKm2(both, km2.both)
    await item(page, 'both').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${OUT}/notice-areas-list-1920.png` })

    let writes = 0
    page.on('request', (r) => {
      if (r.url().includes('/rest/v1/public_notices') && r.method() !== 'GET') writes++
    })
    await page.getByTestId('notice-new').click()
    await page.getByTestId('notice-form').waitFor()
    const legend = await page.getByTestId('notice-areas-legend').innerText()
    expect(legend).toBe('区域（或在下方划定范围，二者至少一项）')
    expect(legend).not.toContain('*')
    expect(await page.getByTestId('notice-area-draw').locator('legend').first().innerText()).toBe('划定范围（或选择上方区域，二者至少一项）')
    await page.getByTestId('notice-level-2').check()
    await page.getByTestId('notice-title').fill(`${TAG} 无区域`)
    await page.getByTestId('notice-body').fill('没有区域也没有划定范围的草稿。')
    await page.getByTestId(`notice-area-${DEMO_REGULATOR_AREA}`).uncheck()
    await page.getByTestId('notice-save').click()
    expect(await page.getByTestId('notice-error-areas').innerText()).toBe('区域：请至少选择一个区域或划定范围')
    expect(writes).toBe(0)
    await page.getByTestId('notice-areas').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${OUT}/notice-areas-form-1920.png` })
    expect(errors).toEqual([])
    await page.close()
  })

  it('in English at 390 px: the same, in the page’s width', async () => {
    const { page, errors } = await drafts(390, 844)
    await page.getByTestId('lang-toggle').click()
    await expect.poll(() => areasText(page, 'drawn'), { timeout: 10_000 }).toMatch(/^Areas: drawn area \(about [0-9.]+ km²\)$/)
    expectKm2(await areasText(page, 'drawn'), km2.drawn)
    expect(await areasText(page, 'both')).toMatch(/^Areas: .+; drawn area \(about [0-9.]+ km²\)$/)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await item(page, 'drawn').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${OUT}/notice-areas-list-390-en.png` })
    await page.getByTestId('notice-new').click()
    await page.getByTestId('notice-form').waitFor()
    expect(await page.getByTestId('notice-areas-legend').innerText()).toBe('Areas (or draw an area below: at least one of the two)')
    await page.getByTestId('notice-areas').scrollIntoViewIfNeeded()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await page.screenshot({ path: `${OUT}/notice-areas-form-390-en.png` })
    // and in Chinese at the same width
    await page.getByTestId('lang-toggle').click()
    await expect.poll(() => page.getByTestId('notice-areas-legend').innerText(), { timeout: 10_000 }).toBe('区域（或在下方划定范围，二者至少一项）')
    await page.screenshot({ path: `${OUT}/notice-areas-form-390.png` })
    expect(errors).toEqual([])
    await page.close()
  })
})
