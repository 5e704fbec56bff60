// Saved what-if scenarios on the command wall (issue 20) in headless Chromium against the built app
// and the real stack: a planner saves two scenarios through the API (one shared, one private); the
// command centre, in incident mode → 威胁区推演, lists what RLS lets it read (the shared one, not
// the private one), opens the shared one, and the wall's map draws its zones: the deck.gl layer
// behind window.__wall holds the zones the models give for the saved inputs, visible. The wall's
// font floor (28 px at 3840×2160, 20 px at 1920×1080) holds with the list on screen.
// Screenshots: test-results/wall-threat-scenarios-*.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { SupabaseClient } from '@supabase/supabase-js'
import { OUT, startBrowser, signInWall } from '../helpers/e2e.ts'
import { signIn as apiSignIn } from '../helpers/stack.ts'
import { smallTexts } from '../helpers/wallAudit.ts'
import { demoUser } from '../../supabase/seed/demo-users.ts'
import { DISTRICT_CENTRES } from '../../supabase/seed/areas.ts'
import { computeThreatZones } from '../../src/domain/threatZones.ts'
import { scenarioOf, DEFAULT_FORM, type ThreatForm } from '../../src/features/threatZones/threatZoneForm.ts'

let browser: Browser
let appUrl: string
const TAG = `E2E 墙 ${crypto.randomUUID().slice(0, 6)}`
const [lon0, lat0] = DISTRICT_CENTRES['440704']!
const ORIGIN = { kind: 'point' as const, lon: lon0 + 0.0037, lat: lat0 - 0.0021 }
const SHARED_FORM: ThreatForm = { ...DEFAULT_FORM, kind: 'toxic', substance: '氯', rate_kg_s: 4, stability: 'F', u_m_s: 2, wind_from_deg: 200 }
const PRIVATE_FORM: ThreatForm = { ...DEFAULT_FORM, kind: 'explosion', substance: '液化石油气', mass_t: 30 }
let sharedId = ''
let planner: SupabaseClient

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
  // the planner saves them as the planner's screen does (supabase-js, the caller's JWT)
  planner = await apiSignIn(demoUser('planner').email, demoUser('planner').password)
  const { data: p, error: e1 } = await planner
    .from('threat_zone_scenarios')
    .insert({ name: `${TAG} 私有草稿`, inputs: { form: PRIVATE_FORM, origin: ORIGIN } as never, shared: false })
    .select('id')
    .single()
  expect(e1, e1?.message).toBeNull()
  expect(p!.id).toBeTruthy()
  const { data: s, error: e2 } = await planner
    .from('threat_zone_scenarios')
    .insert({ name: `${TAG} 液氯泄漏 F 类`, inputs: { form: SHARED_FORM, origin: ORIGIN } as never, shared: true })
    .select('id')
    .single()
  expect(e2, e2?.message).toBeNull()
  sharedId = s!.id
}, 120_000)
afterAll(async () => {
  // the author deletes its own (the test's SQL connection is read-only)
  await planner?.from('threat_zone_scenarios').delete().like('name', `${TAG}%`)
  await browser?.close()
})

async function openThreatMode(size: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: size })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(`${appUrl}/#/wall`)
  await signInWall(page)
  // (a loaded 2-core machine renders the wall's map in software: let the first load settle)
  await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="risk-total"]')?.textContent ?? ''), undefined, { timeout: 90_000 })
  await page.waitForTimeout(2500)
  await page.getByTestId('wall-incident-toggle').click({ timeout: 120_000 })
  await page.getByTestId('wall-tz-toggle').click({ timeout: 120_000 })
  await page.getByTestId('tz-panel').waitFor()
  await page.waitForFunction(() => document.querySelector('[data-testid="wsc-panel"]')?.getAttribute('data-count') !== '', undefined, { timeout: 30_000 })
  return { page, errors }
}

/** What the wall's map draws now, read from the deck.gl layers behind window.__wall. */
function drawnZones(page: Page) {
  return page.evaluate(() => {
    type L = { id: string; props: Record<string, unknown> }
    const ctl = window.__wall!.controller as unknown as { handle: { overlay: { _deck?: { layerManager?: { getLayers(): L[] } } } } }
    const layers = ctl.handle.overlay._deck?.layerManager?.getLayers() ?? []
    const layer = layers.find((l) => l.id === 'wall-threat_zones')
    const drawing = layer?.props.drawing as {
      result: { zones: { level: string; reach_m: number; polygon: unknown }[] }
      origin: { lon: number; lat: number }
    } | null
    // the sub-layer deck.gl has actually built: the zone polygons
    const polygons = layers.find((l) => l.id === 'wall-threat_zones-zones')
    return {
      visible: layer?.props.visible === true,
      origin: drawing?.origin ?? null,
      zones: (drawing?.result.zones ?? []).filter((z) => z.polygon).map((z) => ({ level: z.level, reach: z.reach_m })),
      polygonsBuilt: polygons ? (polygons.props.data as unknown[]).length : -1,
    }
  })
}

/** Panels the wall cuts (content running past a panel's bottom), as wall-ux.test.ts checks. */
function cutPanels(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.wall-panel')]
      .filter((p) => p.offsetParent !== null && p.scrollHeight > p.clientHeight + 2)
      .map((p) => `${p.dataset.testid ?? p.className} ${p.scrollHeight}>${p.clientHeight}`),
  )
}

describe('saved threat scenarios on the wall', () => {
  it('command opens a colleague’s shared scenario in incident mode; the map draws its zones; the font floor holds', async () => {
    const { page, errors } = await openThreatMode({ width: 3840, height: 2160 })
    // what RLS lets command read: the shared one, never the planner's private draft
    const names = await page.getByTestId('wsc-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))
    expect(names).toContain(`${TAG} 液氯泄漏 F 类`)
    expect(names).not.toContain(`${TAG} 私有草稿`)
    // read-only: nothing to save, share or delete on the wall
    expect(await page.locator('[data-testid="wsc-panel"] input, [data-testid="sc-save"], [data-testid="sc-delete"]').count()).toBe(0)
    expect(await smallTexts(page, 28)).toEqual([])
    await page.screenshot({ path: `${OUT}/wall-threat-scenarios-list.png` })

    await page.locator(`[data-testid="wsc-item"][data-id="${sharedId}"] [data-testid="wsc-item-open"]`).click({ timeout: 60_000 })
    await page.getByTestId('wsc-open').waitFor({ timeout: 10_000 })
    expect(await page.getByTestId('wsc-open').getAttribute('data-id')).toBe(sharedId)
    // the editor has the saved inputs at the saved origin
    const panel = page.getByTestId('tz-panel')
    await page.waitForFunction(() => document.querySelector('[data-testid="tz-panel"]')?.getAttribute('data-status') === 'ok', undefined, { timeout: 30_000 })
    expect(Number(await panel.getAttribute('data-lon'))).toBeCloseTo(ORIGIN.lon, 9)
    expect(Number(await panel.getAttribute('data-lat'))).toBeCloseTo(ORIGIN.lat, 9)
    expect(Number(await panel.getAttribute('data-wind'))).toBe(200)
    expect(await page.getByTestId('tz-substance').inputValue()).toBe('氯')
    expect(Number(await page.getByTestId('tz-rate').inputValue())).toBe(4)
    expect(await page.getByTestId('tz-stability').inputValue()).toBe('F')

    // the zones the models give for the saved inputs: in the table and drawn on the map
    const want = computeThreatZones(scenarioOf(SHARED_FORM, ORIGIN)).zones.filter((z) => z.polygon)
    expect(want.length).toBeGreaterThan(0)
    const rows = await page
      .getByTestId('tz-zone')
      .evaluateAll((els) => els.map((e) => ({ level: e.getAttribute('data-level'), reach: Number(e.getAttribute('data-reach')) })))
    expect(rows.map((r) => r.level)).toEqual(want.map((z) => z.level))
    for (const [i, z] of want.entries()) expect(Math.abs(rows[i]!.reach - z.reach_m), z.level).toBeLessThan(0.2)

    await page.waitForFunction(
      () => {
        type L = { id: string; props: { data?: unknown[] } }
        const ctl = window.__wall!.controller as unknown as { handle: { overlay: { _deck?: { layerManager?: { getLayers(): L[] } } } } }
        return (ctl.handle.overlay._deck?.layerManager?.getLayers().find((l) => l.id === 'wall-threat_zones-zones')?.props.data?.length ?? 0) > 0
      },
      undefined,
      { timeout: 30_000 },
    )
    const drawn = await drawnZones(page)
    expect(drawn.visible).toBe(true)
    expect(drawn.origin!.lon).toBeCloseTo(ORIGIN.lon, 9)
    expect(drawn.origin!.lat).toBeCloseTo(ORIGIN.lat, 9)
    expect(drawn.zones.map((z) => z.level)).toEqual(want.map((z) => z.level))
    for (const [i, z] of want.entries()) expect(Math.abs(drawn.zones[i]!.reach - z.reach_m), z.level).toBeLessThan(0.01)
    expect(drawn.polygonsBuilt).toBe(want.length)

    // the people inside are counted (the editor's threat_zone_targets) before the picture
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="tz-zone"]')].every((e) => e.getAttribute('data-count') !== ''), undefined, {
      timeout: 30_000,
    })
    await page.waitForTimeout(2000)
    expect(await smallTexts(page, 28)).toEqual([])
    expect(await cutPanels(page)).toEqual([])
    await page.screenshot({ path: `${OUT}/wall-threat-scenarios-open.png` })

    // the list comes back to open another; picking a point elsewhere leaves the scenario
    await page.getByTestId('wsc-other').click({ timeout: 60_000 })
    expect(await page.getByTestId('wsc-list').isVisible()).toBe(true)
    expect(await smallTexts(page, 28)).toEqual([])
    await page.screenshot({ path: `${OUT}/wall-threat-scenarios-other.png` })
    expect(errors).toEqual([])
    await page.close()
  }, 420_000)

  it('at 1920×1080 the list and the opened scenario keep the 20 px floor and no panel is cut', async () => {
    const { page, errors } = await openThreatMode({ width: 1920, height: 1080 })
    expect(await smallTexts(page, 20)).toEqual([])
    await page.locator(`[data-testid="wsc-item"][data-id="${sharedId}"] [data-testid="wsc-item-open"]`).click({ timeout: 60_000 })
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="tz-zone"]')].every((e) => e.getAttribute('data-count') !== ''), undefined, {
      timeout: 30_000,
    })
    await page.waitForTimeout(1500)
    expect(await smallTexts(page, 20)).toEqual([])
    expect(await cutPanels(page)).toEqual([])
    // the targets inside: only whole lines, and 另有 N counts the ones not shown
    const list = await page.evaluate(() => {
      const ol = document.querySelector<HTMLElement>('[data-testid="tz-targets"]')
      if (!ol) return null
      const panel = document.querySelector<HTMLElement>('[data-testid="tz-panel"]')!.getBoundingClientRect()
      const box = ol.getBoundingClientRect()
      const shown = [...ol.children].filter((li) => getComputedStyle(li).visibility !== 'hidden')
      return {
        total: Number(ol.dataset.total),
        shown: shown.length,
        cut: shown.filter((li) => li.getBoundingClientRect().bottom > Math.min(box.bottom, panel.bottom) + 1).length,
        more: (document.querySelector('[data-testid="tz-more"]')?.textContent ?? '').replace(/[,，]/g, ''),
      }
    })
    expect(list).not.toBeNull()
    expect(list!.cut).toBe(0)
    if (list!.total > list!.shown) expect(list!.more).toContain(String(list!.total - list!.shown))
    else expect(list!.more).toBe('')
    await page.screenshot({ path: `${OUT}/wall-threat-scenarios-1920.png` })
    expect(errors).toEqual([])
    await page.close()
  }, 420_000)
})
