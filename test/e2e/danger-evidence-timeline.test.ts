// Evidence beside each timeline event (issue 21), in headless Chromium against the built app and
// the real stack: a seeded danger of the demo enterprise (closed, major, sent back once by a failed
// verification) opened by the district's regulator at 1920×1080 and by the enterprise on a 390 px
// phone. Each photo must sit beside the event that an independent SQL query picks for it (same
// stage family, nearest in time), load as a real image, and open full size in the page's viewer;
// the timeline shows the seeded history on its real days; at 390 px nothing scrolls sideways.
// Screenshots: test-results/danger-evidence-*.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OUT, startBrowser, newPage, signInAs } from '../helpers/e2e.ts'
import { sql } from '../helpers/stack.ts'
import { demoUuid } from '../../supabase/seed/ids.ts'
import { TEST_SEED } from '../helpers/stack.ts'

let browser: Browser
let appUrl: string
/** The demo enterprise's closed major danger (DEMO_DANGERS[6] in supabase/seed/dangers.ts). */
const DANGER = demoUuid(TEST_SEED.seed, 'hidden_dangers', 6)

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
})
afterAll(async () => {
  await browser?.close()
})

/** For each of the danger's evidence objects: the event it belongs beside, decided in SQL. */
async function expectedPlacement(id: string): Promise<Map<string, string>> {
  const { rows } = await sql().query<{ object_path: string; event_id: string }>(
    `select a.object_path, (
       select e.id::text from public.hidden_danger_events e
       where e.hidden_danger_id = a.hidden_danger_id and case a.stage
         when 'report' then e.action = 'created' or (e.action = 'transition' and e.to_status in ('registered', 'rejected'))
         when 'finding' then e.action = 'created' or (e.action = 'transition' and e.to_status in ('registered', 'rejected'))
         when 'rectification' then e.action = 'transition' and e.to_status in ('rectifying', 'pending_verification')
         when 'verification' then e.action = 'transition' and (e.to_status = 'closed' or (e.from_status = 'pending_verification' and e.to_status = 'rectifying'))
       end
       order by abs(extract(epoch from e.at - a.uploaded_at)), e.at desc limit 1) as event_id
     from public.evidence_attachments a where a.hidden_danger_id = $1`,
    [id],
  )
  return new Map(rows.map((r) => [r.object_path, r.event_id]))
}

/** What the page shows: each thumbnail's object path (from its signed URL) and the event it sits in. */
async function shownPlacement(page: Page): Promise<Map<string, string>> {
  const pairs = await page.$$eval('[data-testid="timeline-event"] [data-testid="event-thumb"]', (els) =>
    els.map((a) => {
      const href = (a as HTMLAnchorElement).href
      const path = decodeURIComponent(new URL(href).pathname.replace(/^.*\/object\/sign\/evidence\//, ''))
      return [path, a.closest('[data-testid="timeline-event"]')!.getAttribute('data-event-id')!] as [string, string]
    }),
  )
  return new Map(pairs)
}

async function openSeeded(page: Page, role: 'regulator' | 'enterprise') {
  await page.goto(`${appUrl}/#/dangers?id=${DANGER}`)
  await signInAs(page, role)
  await page.waitForSelector(`[data-testid="danger-detail"][data-id="${DANGER}"]`, { timeout: 30_000 })
  await page.locator('[data-testid="event-thumb"] img').first().waitFor({ timeout: 30_000 })
  // every thumbnail's image decoded (they load lazily: each is brought into view first)
  const thumbs = page.locator('[data-testid="event-thumb"] img')
  const n = await thumbs.count()
  for (let i = 0; i < n; i++) {
    await thumbs.nth(i).scrollIntoViewIfNeeded()
    await thumbs.nth(i).evaluate(
      (img: HTMLImageElement) =>
        new Promise<void>((resolve, reject) => {
          const check = () =>
            img.complete && img.naturalWidth > 0 ? resolve() : img.complete ? reject(new Error(`not an image: ${img.src}`)) : setTimeout(check, 50)
          check()
        }),
    )
    expect(await thumbs.nth(i).evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([320, 240])
  }
}

describe('seeded evidence beside the timeline', () => {
  it('at 1920 px the regulator sees each photo beside its event, on the history’s real days, and opens one full size', async () => {
    const want = await expectedPlacement(DANGER)
    expect(want.size).toBeGreaterThanOrEqual(4)
    const { page, errors } = await newPage(browser)
    await openSeeded(page, 'regulator')

    const shown = await shownPlacement(page)
    expect(shown).toEqual(want)
    expect(await page.getByTestId('evidence-pending').count()).toBe(0)
    // the stage family fits the event each group sits in
    const groups = await page.$$eval('[data-testid="timeline-event"]', (lis) =>
      lis
        .map((li) => ({
          action: li.getAttribute('data-action'),
          from: li.getAttribute('data-from'),
          to: li.getAttribute('data-to'),
          stages: [...li.querySelectorAll('[data-testid="event-thumb"]')].map((a) => a.getAttribute('data-stage')),
        }))
        .filter((g) => g.stages.length > 0),
    )
    for (const g of groups) {
      for (const s of g.stages) {
        if (s === 'finding' || s === 'report') expect(['created', 'registered', 'rejected']).toContain(g.action === 'created' ? 'created' : g.to)
        if (s === 'rectification') expect(['rectifying', 'pending_verification']).toContain(g.to)
        if (s === 'verification') expect(g.to === 'closed' || (g.from === 'pending_verification' && g.to === 'rectifying')).toBe(true)
      }
    }
    expect(new Set(groups.flatMap((g) => g.stages))).toEqual(new Set(['finding', 'rectification', 'verification']))

    // the timeline is the seeded history: as many events as the table holds, on several days,
    // the first on the day the danger was found
    const { rows: ev } = await sql().query<{ n: number; found: string }>(
      `select (select count(*)::int from public.hidden_danger_events where hidden_danger_id = $1) as n,
              (select to_char(found_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') from public.hidden_dangers where id = $1) as found`,
      [DANGER],
    )
    const times = await page.$$eval('[data-testid="timeline-event"] time', (ts) => ts.map((t) => t.textContent ?? ''))
    expect(times.length).toBe(ev[0]!.n)
    expect(times[0]).toContain(ev[0]!.found)
    expect(new Set(times.map((t) => t.slice(0, 10))).size).toBeGreaterThanOrEqual(4)

    await page.getByTestId('timeline').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${OUT}/danger-evidence-timeline-1920.png` })

    // a plain click opens the photo in the page, full size; Escape closes it
    await page.locator('[data-testid="timeline-event"][data-to="closed"] [data-testid="event-thumb"]').first().click()
    await page.getByTestId('evidence-viewer').waitFor({ timeout: 10_000 })
    await page.waitForFunction(() => (document.querySelector<HTMLImageElement>('[data-testid="evidence-viewer-img"]')?.naturalWidth ?? 0) > 0, undefined, {
      timeout: 10_000,
    })
    const box = await page.getByTestId('evidence-viewer-img').boundingBox()
    expect(box!.width).toBeGreaterThanOrEqual(600)
    await page.screenshot({ path: `${OUT}/danger-evidence-viewer-1920.png` })
    await page.keyboard.press('Escape')
    await page.getByTestId('evidence-viewer').waitFor({ state: 'detached', timeout: 5_000 })
    expect(errors).toEqual([])
    await page.close()
  })

  it('at 390 px the enterprise sees the same photos beside the same events, in a detail sheet that fits the screen', async () => {
    const want = await expectedPlacement(DANGER)
    const { page, errors } = await newPage(browser, { width: 390, height: 844 })
    await openSeeded(page, 'enterprise')
    expect(await shownPlacement(page)).toEqual(want)
    await page.locator('[data-testid="timeline-event"][data-to="pending_verification"]').last().scrollIntoViewIfNeeded()
    // thumbnails and the detail panel lie inside the screen's width, and the timeline does not
    // scroll sideways. (The desk page around it is not laid out for phones yet: what sticks out is
    // logged, not asserted; that is the phone work of issue 21, outside this test.)
    const right = await page.$$eval('[data-testid="event-thumb"]', (as) => Math.max(...as.map((a) => a.getBoundingClientRect().right)))
    expect(right).toBeLessThanOrEqual(390)
    const panel = await page.getByTestId('danger-detail').boundingBox()
    expect(panel!.x).toBeGreaterThanOrEqual(0)
    expect(panel!.x + panel!.width).toBeLessThanOrEqual(390)
    const tl = await page.getByTestId('timeline').evaluate((el) => ({ w: el.scrollWidth, c: el.clientWidth }))
    expect(tl.w).toBeLessThanOrEqual(tl.c)
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('body *')]
        .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && e.children.length === 0)
        .slice(0, 8)
        .map((e) => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`),
    )
    if (wide.length) console.log(`[390 px] outside the screen (not this test's subject): ${wide.join(', ')}`)
    await page.screenshot({ path: `${OUT}/danger-evidence-timeline-390.png` })
    await page.locator('[data-testid="timeline-event"][data-to="pending_verification"] [data-testid="event-thumb"]').last().click()
    await page.getByTestId('evidence-viewer').waitFor({ timeout: 10_000 })
    const box = await page.getByTestId('evidence-viewer-img').boundingBox()
    expect(box!.width).toBeLessThanOrEqual(390)
    expect(box!.width).toBeGreaterThan(300)
    await page.screenshot({ path: `${OUT}/danger-evidence-viewer-390.png` })
    await page.getByTestId('evidence-viewer-close').click()
    await page.getByTestId('evidence-viewer').waitFor({ state: 'detached', timeout: 5_000 })
    expect(errors).toEqual([])
    await page.close()
  })
})
