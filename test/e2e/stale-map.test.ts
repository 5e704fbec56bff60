// The 待复评 · 待重评 overlay on the one map (issue 15) in headless Chromium against the built app and
// the real stack: the regulator opens a risk point due a review from stale_items' list, turns the
// overlay on, sees its counts and legend, turns the risk points off and clicks the ring: the card
// of that point opens and says a review is due. Screenshot: test-results/onemap-stale.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser } from 'playwright-core'
import { OUT, startBrowser, signInAs } from '../helpers/e2e.ts'
import { signIn as apiSignIn } from '../helpers/stack.ts'
import { demoUser } from '../../supabase/seed/demo-users.ts'
import { oneMapLink } from '../../src/features/onemap/links.ts'

let browser: Browser
let appUrl: string

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
afterAll(async () => {
  await browser?.close()
})

interface MapLike {
  project(p: [number, number]): { x: number; y: number }
}

describe('the 待复评 · 待重评 overlay', () => {
  it('counts and rings what is due in the view; a click on a ring opens the card of the point under it', async () => {
    const u = demoUser('regulator')
    const api = await apiSignIn(u.email, u.password)
    const { data: due, error } = await api.rpc('stale_items', { kind: 'risk_points', lim: 1 })
    expect(error).toBeNull()
    const point = (due as Array<{ id: string; lon: number; lat: number }>)[0]
    expect(point).toBeTruthy()

    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    const ready = () => page.waitForFunction(() => window.__onemap?.ready === true, undefined, { timeout: 90_000 })
    await page.goto(appUrl + '/')
    await ready()
    await signInAs(page, u)
    await page.goto(appUrl + '/' + oneMapLink({ layer: 'risk_points', id: point.id }))
    await ready()
    const cardOf = (kind: string) =>
      page.waitForFunction(
        (k) => {
          const el = document.querySelector('[data-testid="detail-card"]')
          return el?.getAttribute('data-status') === 'ok' && el.getAttribute('data-kind') === k
        },
        kind,
        { timeout: 60_000 },
      )
    await cardOf('risk_points')
    console.log('[stale e2e] card open')
    expect(await page.getByTestId('detail-card').innerText()).toContain('待复评')

    await page.getByTestId('toggle-stale').check()
    await page.waitForFunction(() => /风险点 [1-9]/.test(document.querySelector('[data-testid="stale-count-sub"]')?.textContent ?? ''), undefined, {
      timeout: 30_000,
    })
    console.log('[stale e2e] counts shown')
    const main = Number((await page.getByTestId('count-stale').innerText()).replace(/[^\d]/g, ''))
    expect(main).toBeGreaterThan(0)
    // the legend shares the right side with the card: it comes back when the card closes
    await page.getByTestId('detail-close').click()
    await page.getByTestId('legend-stale-points').waitFor({ timeout: 10_000 })
    await page.screenshot({ path: `${OUT}/onemap-stale.png` })

    // the risk points off: the ring alone is there to click, and the card under it opens
    await page.getByTestId('toggle-risk_points').uncheck()
    const at = await page.evaluate(([lon, lat]) => (window.__onemap!.map as MapLike).project([lon, lat]), [point.lon, point.lat] as [number, number])
    const box = await page.locator('.maplibregl-canvas').boundingBox()
    await page.mouse.click(box!.x + at.x, box!.y + at.y)
    await cardOf('risk_points')
    expect(await page.getByTestId('detail-card').innerText()).toContain('待复评')
    await page.screenshot({ path: `${OUT}/onemap-stale-click.png` })
    // a district's view with the risk points back on: rings over the dots they flag
    await page.getByTestId('detail-close').click()
    await page.getByTestId('toggle-risk_points').check()
    await page.evaluate(() => (window.__onemap!.map as { jumpTo(o: { zoom: number }): void }).jumpTo({ zoom: 12.5 }))
    await page.waitForFunction(() => /风险点 [1-9]/.test(document.querySelector('[data-testid="stale-count-sub"]')?.textContent ?? ''), undefined, {
      timeout: 30_000,
    })
    await page.waitForTimeout(1500)
    await page.screenshot({ path: `${OUT}/onemap-stale-district.png` })
    expect(errors).toEqual([])
  }, 300_000)

  it('the enterprise records a review (复评：维持原评估) from the card; the point leaves the 待复评 list', async () => {
    const u = demoUser('enterprise')
    const api = await apiSignIn(u.email, u.password)
    const { data: due, error } = await api.rpc('stale_items', { kind: 'risk_points', lim: 1 })
    expect(error).toBeNull()
    const point = (due as Array<{ id: string }>)[0]
    expect(point).toBeTruthy()
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    const ready = () => page.waitForFunction(() => window.__onemap?.ready === true, undefined, { timeout: 90_000 })
    await page.goto(appUrl + '/')
    await ready()
    await signInAs(page, u)
    await page.goto(appUrl + '/' + oneMapLink({ layer: 'risk_points', id: point.id }))
    await ready()
    await page.getByTestId('detail-review-due').waitFor({ timeout: 60_000 })
    await page.getByTestId('review-open').click()
    // too short: said before sending
    await page.getByTestId('review-note').fill('维持')
    await page.getByTestId('review-submit').click()
    await expect.poll(() => page.getByTestId('review-status').innerText(), { timeout: 30_000 }).toContain('至少 4 个字')
    await page.getByTestId('review-note').fill('现场复核：工艺、设备、人员未变化，维持原评估')
    await page.getByTestId('review-submit').click()
    await page.waitForFunction(() => document.querySelector('[data-testid="review-status"]')?.classList.contains('fresh-ok'), undefined, { timeout: 30_000 })
    expect(await page.getByTestId('review-status').innerText()).toMatch(/已记录复评/)
    await page.screenshot({ path: `${OUT}/onemap-review-recorded.png` })
    const { data: after } = await api.rpc('stale_items', { kind: 'risk_points', lim: 500 })
    expect((after as Array<{ id: string }>).some((x) => x.id === point.id)).toBe(false)
    const { data: reviews } = await api.from('risk_point_reviews').select('note, recorded_role').eq('risk_point_id', point.id)
    expect(reviews).toEqual([{ note: '现场复核：工艺、设备、人员未变化，维持原评估', recorded_role: 'enterprise' }])
    expect(errors).toEqual([])
  }, 300_000)
})
