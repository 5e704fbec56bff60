// Incident mode's left column on a 1920×1080 wall when the registries hold more than it has room
// for (CI found the column overflowing once earlier tests had added teams and experts): five rescue
// teams with long names at the incident point and six current hazardous-chemicals experts with long
// organisations, written by the admin through supabase-js. The panel must not overflow: its three
// headings stay on screen, every list line shown is whole and inside the panel, and the lines that
// did not fit are hidden (so the test proves there was more than room). Screenshot:
// test-results/wall-rescue-fit-1920.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser } from 'playwright-core'
import type { SupabaseClient } from '@supabase/supabase-js'
import { OUT, startBrowser, signInWall, clickWallAt } from '../helpers/e2e.ts'
import { signIn } from '../helpers/stack.ts'
import { demoUser } from '../../supabase/seed/demo-users.ts'
import { DISTRICT_CENTRES } from '../../supabase/seed/areas.ts'
import { cityToday } from '../../src/domain/cityDay.ts'

let browser: Browser
let appUrl: string
let admin: SupabaseClient
const TAG = `E2E 容量 ${crypto.randomUUID().slice(0, 6)}`
const [lon0, lat0] = DISTRICT_CENTRES['440704']!
const AT = { lon: lon0 + 0.0061, lat: lat0 + 0.0043 }

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
  admin = await signIn(demoUser('admin').email, demoUser('admin').password)
  const teams = Array.from({ length: 5 }, (_, i) => ({
    name: `${TAG} 江门市危险化学品应急救援第${i + 1}支队江海区大鳌镇工业园驻勤分队`,
    team_type: 'hazmat',
    headcount: 30 + i,
    location: `SRID=4326;POINT(${AT.lon + i * 0.0002} ${AT.lat})`,
  }))
  const t = await admin.from('rescue_teams').insert(teams)
  expect(t.error, t.error?.message).toBeNull()
  const experts = Array.from({ length: 6 }, (_, i) => ({
    name: `${TAG} 专家${i + 1}`,
    specialty: 'hazardous_chemicals',
    organisation: '广东省安全生产科学技术研究院危险化学品安全技术研究所重大危险源评估与应急处置研究室',
    title: '教授级高级工程师',
    area_code: '440704',
    last_verified_on: cityToday(),
  }))
  const e = await admin.from('emergency_experts').insert(experts)
  expect(e.error, e.error?.message).toBeNull()
}, 120_000)

afterAll(async () => {
  await admin?.from('rescue_teams').delete().like('name', `${TAG}%`)
  await admin?.from('emergency_experts').delete().like('name', `${TAG}%`)
  await browser?.close()
})

describe('incident mode’s rescue column at 1920×1080', () => {
  it('keeps its headings and whole lines inside the panel when the registries hold more than fits', { timeout: 420_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${appUrl}/#/wall`)
    await signInWall(page)
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="risk-total"]')?.textContent ?? ''), undefined, { timeout: 90_000 })
    await page.waitForTimeout(1500)
    await page.getByTestId('wall-incident-toggle').click({ timeout: 120_000 })
    // the incident point: where the test's teams are
    await clickWallAt(page, AT.lon, AT.lat, 15)
    await page.waitForFunction(() => document.querySelector('[data-testid="incident-panel"]')?.getAttribute('data-status') === 'ok', undefined, {
      timeout: 60_000,
    })
    await page.getByTestId('incident-registries').waitFor({ timeout: 30_000 })
    // the test's teams are the nearest five, its experts among the six listed
    await expect
      .poll(() => page.getByTestId('incident-team').evaluateAll((els) => els.map((e) => e.textContent ?? '').filter((t) => t.includes('容量')).length), {
        timeout: 30_000,
      })
      .toBe(5)
    await page.waitForTimeout(1500)

    const fit = await page.evaluate(() => {
      const panel = document.querySelector<HTMLElement>('[data-testid="incident-rescue"]')!
      const pr = panel.getBoundingClientRect()
      const lines = [...panel.querySelectorAll<HTMLElement>('.wall-incident-list li')]
      const shown = lines.filter((li) => getComputedStyle(li).visibility !== 'hidden')
      return {
        overflow: panel.scrollHeight - panel.clientHeight,
        headings: [...panel.querySelectorAll('h2, h3')].map((h) => ({ text: h.textContent, inside: h.getBoundingClientRect().bottom <= pr.bottom })),
        hidden: lines.length - shown.length,
        // a shown line is whole: inside the panel and inside its own list's box
        cut: shown
          .filter((li) => {
            const b = li.getBoundingClientRect().bottom
            return b > pr.bottom + 1 || b > li.parentElement!.getBoundingClientRect().bottom + 1
          })
          .map((li) => li.textContent?.slice(0, 30)),
        shownPerList: [...panel.querySelectorAll<HTMLElement>('.wall-incident-list')].map(
          (l) => [...l.children].filter((li) => getComputedStyle(li).visibility !== 'hidden').length,
        ),
      }
    })
    await page.screenshot({ path: `${OUT}/wall-rescue-fit-1920.png` })
    expect(fit.overflow).toBeLessThanOrEqual(2)
    expect(fit.headings).toHaveLength(4)
    for (const h of fit.headings) expect(h.inside, h.text ?? '').toBe(true)
    expect(fit.hidden).toBeGreaterThan(0)
    expect(fit.cut).toEqual([])
    // every list keeps at least its first line on screen
    for (const n of fit.shownPerList) expect(n).toBeGreaterThan(0)
    expect(errors).toEqual([])
    await page.close()
  })
})
