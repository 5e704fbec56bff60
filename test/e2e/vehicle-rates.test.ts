// #/vehicles (issue 19) in headless Chromium against the built app and the real stack: as the
// command centre and as the enterprise, the page's per-carrier figures and total equal
// vehicle_network_rates asked through supabase-js as the same user, a restricted-zone entry sent
// through ingest_vehicle_positions is listed among today's alerts (the same alerts as the
// caller's own vehicle_alerts query) with a link to the one map at the fix, and the rates sort.
// Screenshots: test-results/vehicle-rates-*.png (1920×1080).
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OUT, newPage, startBrowser, signInAs } from '../helpers/e2e.ts'
import { clientWithClaims, signIn as apiSignIn } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, demoUser } from '../../supabase/seed/demo-users.ts'
import { chinaDayStart, rateFigures, totalFigures } from '../../src/domain/vehicleRates.ts'

let browser: Browser
let appUrl: string
let plate: string
let fix: { lon: number; lat: number }

interface RpcRow {
  carrier_enterprise_id: string
  registered: number
  networked: number
  online: number
  network_rate: number | null
  online_rate: number | null
}

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
  // a vehicle of the demo enterprise entering a zone now: an alert of today for both users
  const admin = await apiSignIn(demoUser('admin').email, demoUser('admin').password)
  plate = `粤J${Math.random().toString(36).slice(2, 7).toUpperCase().replace(/[IO]/g, 'X')}`
  const { error: ve } = await admin
    .from('dg_vehicles')
    .insert({ plate, carrier_enterprise_id: DEMO_ENTERPRISE_ID, un_number: 'UN1203', hazard_class: '3', capacity_t: 25 })
  expect(ve).toBeNull()
  // and one in service that has never sent a fix: registered, not networked (入网率 below 100 %)
  const { error: ve2 } = await admin.from('dg_vehicles').insert({
    plate: `粤J${Math.random().toString(36).slice(2, 7).toUpperCase().replace(/[IO]/g, 'X')}`,
    carrier_enterprise_id: DEMO_ENTERPRISE_ID,
    un_number: 'UN1203',
    hazard_class: '3',
    capacity_t: 25,
  })
  expect(ve2).toBeNull()
  const [cx, cy] = [113.03, 22.61]
  const ring = [
    [cx - 0.004, cy - 0.004],
    [cx + 0.004, cy - 0.004],
    [cx + 0.004, cy + 0.004],
    [cx - 0.004, cy + 0.004],
    [cx - 0.004, cy - 0.004],
  ]
  const { error: ze } = await admin
    .from('vehicle_restricted_zones')
    .insert({ name: `E2E 入网率禁行区 ${plate}`, geom: { type: 'Polygon', coordinates: [ring] } })
  expect(ze).toBeNull()
  const ingest = await clientWithClaims({
    sub: '00000000-0000-4000-8000-00000000e119',
    role: 'authenticated',
    aud: 'authenticated',
    app_metadata: { app_role: 'ingest', enterprise_id: DEMO_ENTERPRISE_ID },
  })
  const now = Date.now()
  fix = { lon: cx, lat: cy }
  const { data, error } = await ingest.rpc('ingest_vehicle_positions', {
    positions: [
      { plate, t: new Date(now - 20_000).toISOString(), lon: cx - 0.006, lat: cy, speed_kmh: 40, heading: 90 },
      { plate, t: new Date(now - 5_000).toISOString(), lon: cx, lat: cy, speed_kmh: 40, heading: 90 },
    ],
  })
  expect(error).toBeNull()
  expect(data).toMatchObject({ accepted: 2, rejected: [] })
})
afterAll(async () => {
  await browser?.close()
})

async function signedIn(role: 'command' | 'enterprise'): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await newPage(browser, { width: 1920, height: 1080 })
  await page.goto(appUrl + '/')
  await page.waitForFunction(() => window.__onemap?.ready === true, undefined, { timeout: 90_000 })
  await signInAs(page, role)
  await page.goto(appUrl + '/#/vehicles')
  await page.waitForSelector('[data-testid="vr-rates"][data-status="ok"]', { timeout: 60_000 })
  await page.waitForSelector('[data-testid="vr-alerts"][data-status="ok"]', { timeout: 60_000 })
  return { page, errors }
}

const counts = (el: { registered: string | null; networked: string | null; online: string | null }) => ({
  registered: Number(el.registered),
  networked: Number(el.networked),
  online: Number(el.online),
})

for (const role of ['command', 'enterprise'] as const) {
  describe(`#/vehicles as ${role}`, () => {
    it('shows the figures vehicle_network_rates gives the same user, and today’s alerts with map links', async () => {
      const u = demoUser(role)
      const api = await apiSignIn(u.email, u.password)
      const { page, errors } = await signedIn(role)
      const { data: rpc, error } = await api.rpc('vehicle_network_rates', {})
      expect(error).toBeNull()
      const rows = rpc as RpcRow[]
      expect(rows.length).toBeGreaterThan(0)
      if (role === 'enterprise') expect(rows.map((r) => r.carrier_enterprise_id)).toEqual([DEMO_ENTERPRISE_ID])
      else expect(rows.length).toBeGreaterThan(1)
      // the vehicle without a fix: the demo enterprise is short of its 入网率 target, said in words
      const own = rows.find((r) => r.carrier_enterprise_id === DEMO_ENTERPRISE_ID)!
      expect(own.networked).toBeLessThan(own.registered)
      expect(await page.locator(`[data-testid="vr-carrier"][data-id="${DEMO_ENTERPRISE_ID}"]`).innerText()).toContain(`差 ${own.registered - own.networked} 辆`)

      // per carrier: the counts, and the rates as the database rounds them
      const shown = await page.getByTestId('vr-carrier').evaluateAll((els) =>
        els.map((e) => ({
          id: e.getAttribute('data-id'),
          registered: e.getAttribute('data-registered'),
          networked: e.getAttribute('data-networked'),
          online: e.getAttribute('data-online'),
          text: (e as HTMLElement).innerText,
        })),
      )
      expect(shown.length).toBe(rows.length)
      for (const r of rows) {
        const s = shown.find((x) => x.id === r.carrier_enterprise_id)
        expect(s, r.carrier_enterprise_id).toBeDefined()
        expect(counts(s!)).toEqual({ registered: r.registered, networked: r.networked, online: r.online })
        const f = rateFigures(r)
        if (r.network_rate !== null) expect(f.networkRate!).toBeCloseTo(Number(r.network_rate), 4)
        if (r.online_rate !== null) expect(f.onlineRate!).toBeCloseTo(Number(r.online_rate), 4)
        expect(s!.text).toContain(f.networkShort > 0 ? `差 ${f.networkShort} 辆` : '达标')
      }
      const total = await page.getByTestId('vr-total').evaluate((e) => ({
        registered: e.getAttribute('data-registered'),
        networked: e.getAttribute('data-networked'),
        online: e.getAttribute('data-online'),
      }))
      const t = totalFigures(rows)
      expect(counts(total)).toEqual({ registered: t.registered, networked: t.networked, online: t.online })

      // sorted by 上线率 lowest first, then highest first
      const order = async () => (await page.getByTestId('vr-carrier').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))) as string[]
      const rate = (id: string) => {
        const r = rows.find((x) => x.carrier_enterprise_id === id)!
        return r.online_rate === null ? Infinity : Number(r.online_rate)
      }
      const asc = (await order()).map(rate)
      expect(asc).toEqual([...asc].sort((a, b) => a - b))
      await page.getByTestId('vr-sort-online').click()
      const descending = (xs: number[]) => xs.every((x, i) => i === 0 || xs[i - 1]! >= x)
      await expect.poll(async () => descending((await order()).map(rate).filter((x) => x !== Infinity)), { timeout: 30_000 }).toBe(true)
      const desc = (await order()).map(rate).filter((x) => x !== Infinity)
      expect(desc).toEqual([...desc].sort((a, b) => b - a))
      await page.getByTestId('vr-sort-online').click()

      // today's alerts: the caller's own query, the new entry among them, linked at its fix
      const { data: alerts, error: ae } = await api.from('vehicle_alerts').select('id').gte('at', chinaDayStart()).order('at', { ascending: false }).limit(200)
      expect(ae).toBeNull()
      const listed = await page.getByTestId('vr-alert').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))
      expect(listed).toEqual(alerts!.map((a) => a.id))
      const item = page.locator('[data-testid="vr-alert"]', { hasText: plate })
      expect(await item.count()).toBe(1)
      expect(await item.innerText()).toContain('驶入禁行区')
      expect(await item.getByTestId('vr-alert-map').getAttribute('href')).toBe(`#/?lon=${fix.lon}&lat=${fix.lat}&z=15`)
      const { data: veh } = await api.from('dg_vehicles').select('id').eq('plate', plate).single()
      const vehicleHref = `#/?focus=vehicles:${(veh as { id: string }).id}`
      expect(await item.getByTestId('vr-alert-vehicle').getAttribute('href')).toBe(vehicleHref)
      await page.screenshot({ path: `${OUT}/vehicle-rates-${role}.png` })

      // the link opens the one map there
      await item.getByTestId('vr-alert-map').click()
      await page.waitForFunction(() => location.hash.startsWith('#/?lon='), undefined, { timeout: 10_000 })
      await page.waitForFunction(() => window.__onemap?.ready === true, undefined, { timeout: 90_000 })
      // the plate opens the vehicle itself: the one map turns the vehicles layer on and shows its card
      await page.goto(`${appUrl}/${vehicleHref}`)
      await page.waitForFunction(() => document.querySelector('[data-testid="detail-card"]')?.getAttribute('data-kind') === 'vehicles', undefined, {
        timeout: 30_000,
      })
      await expect.poll(() => page.getByTestId('detail-card').innerText(), { timeout: 30_000 }).toContain(plate)
      await expect.poll(() => page.getByTestId('toggle-vehicles').isChecked(), { timeout: 30_000 }).toBe(true)
      expect(errors).toEqual([])
      await page.close()
    })
  })
}
