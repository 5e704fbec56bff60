// Monitoring on the wall (issue 17) in headless Chromium at 3840×2160 against the built app and
// the real stack: a reading sent through ingest_readings with the enterprise's ingestion identity
// shows as an alarm line on the wall within 5 s of the RPC's return (measured), pulsing on the map;
// the enterprise acknowledges it from the hazard-source card on the one map (channels, sparkline
// with thresholds, history, the monitoring layer on) and the wall says so; a flood (> 50 alarms in 10 minutes at one
// enterprise) is one line with a count. Screenshots: test-results/wall-monitoring-*.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { SupabaseClient } from '@supabase/supabase-js'
import { OUT, startBrowser, signInAs, signInWall } from '../helpers/e2e.ts'
import { clientWithClaims, signIn as apiSignIn, sql } from '../helpers/stack.ts'
import { oneMapLink } from '../../src/features/onemap/links.ts'
import { DEMO_ENTERPRISE_ID, demoUser } from '../../supabase/seed/demo-users.ts'

let browser: Browser
let page: Page
const errors: string[] = []
const run = Math.random().toString(36).slice(2, 8)
let source: { id: string; name: string }
let ingest: SupabaseClient
let code: string
let appUrl: string
/** the one map at a desk, signed in as the enterprise (opened by the acknowledgement case, reused by the ring case) */
let desk: Page | undefined

beforeAll(async () => {
  ;({ browser, appUrl } = await startBrowser())
  // a hazard source of the demo enterprise of its own, with one temperature channel (H 80, HH 100)
  const name = `E2E监测-${run} 储罐区`
  const { rows } = await sql().query<{ id: string }>(
    `insert into public.hazard_sources (enterprise_id, name, unit_type, geom, area_code)
     select enterprise_id, $2, unit_type, extensions.st_translate(location, 0.0004, 0.0004), area_code
     from public.hazard_sources where enterprise_id = $1 order by id limit 1 returning id`,
    [DEMO_ENTERPRISE_ID, name],
  )
  source = { id: rows[0]!.id, name }
  code = `E2E-MON-${run}`
  await sql().query(
    `insert into public.monitoring_channels (hazard_source_id, code, name, kind, unit, range_min, range_max, l, h, hh)
     values ($1, $2, '反应釜温度', 'temperature', '°C', 0, 200, 20, 80, 100)`,
    [source.id, code],
  )
  ingest = await clientWithClaims({
    sub: '00000000-0000-4000-8000-00000000e2e1',
    role: 'authenticated',
    aud: 'authenticated',
    app_metadata: { app_role: 'ingest', enterprise_id: DEMO_ENTERPRISE_ID },
  })
  const { error } = await ingest.rpc('ingest_readings', { readings: [{ channel: code, t: new Date(Date.now() - 60_000).toISOString(), v: 50 }] })
  expect(error).toBeNull()

  page = await browser.newPage({ viewport: { width: 3840, height: 2160 } })
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(`${appUrl}/#/wall`)
  await signInWall(page)
  await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="alarms-active"]')?.textContent ?? ''), undefined, { timeout: 60_000 })
}, 240_000)

afterAll(async () => {
  await desk?.close()
  await browser?.close()
})

const line = () => page.locator('[data-testid="alarm-item"]', { hasText: source.name })

describe('monitoring alarms on the wall', () => {
  it('shows a new alarm within 5 s of ingest_readings returning, and pulses it on the map', async () => {
    expect(await line().count()).toBe(0)
    const { data, error } = await ingest.rpc('ingest_readings', { readings: [{ channel: code, t: new Date(Date.now() - 1000).toISOString(), v: 150 }] })
    expect(error).toBeNull()
    expect(data.accepted).toBe(1)
    const returned = Date.now()
    await line().first().waitFor({ timeout: 15_000 })
    const delay = Date.now() - returned
    console.log(`[monitoring e2e] ingest → alarm line in the DOM: ${delay} ms`)
    expect(delay).toBeLessThan(5000)
    const text = await line().first().textContent()
    expect(text).toContain('高高报')
    expect(text).toContain('反应釜温度')
    expect(text).toContain('150 °C')
    expect(text).toContain('未确认')
    expect(await line().first().getAttribute('data-ack')).toBe('0')
    const pulse = page.locator(`[data-testid="wall-alarm-pulse"][data-key="s:${source.id}"]`)
    await pulse.waitFor({ timeout: 5000 })
    expect(await pulse.getAttribute('class')).toMatch(/sev-3.*unacked/)
    expect(Number((await page.getByTestId('alarms-hh').textContent())?.replace(/\D/g, ''))).toBeGreaterThanOrEqual(1)
    // offline channels are counted apart, as a share of all channels
    expect(await page.getByTestId('alarms-offline').textContent()).toMatch(/离线通道 \d+ \/ \d+/)
    await page.screenshot({ path: `${OUT}/wall-monitoring-alarm.png` })
  })

  it('the enterprise acknowledges it from the hazard-source card (channels, sparkline, history); the wall shows it acknowledged', async () => {
    desk = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    desk.on('pageerror', (e) => errors.push(e.message))
    const ready = () => desk!.waitForFunction(() => window.__onemap?.ready === true, undefined, { timeout: 90_000 })
    await desk.goto(`${appUrl}/`)
    await ready()
    await signInAs(desk, 'enterprise')
    await desk.goto(`${appUrl}/${oneMapLink({ layer: 'hazard_sources', id: source.id })}`)
    await ready()
    await desk.waitForFunction(
      () => {
        const el = document.querySelector('[data-testid="detail-card"]')
        return el?.getAttribute('data-status') === 'ok' && el.getAttribute('data-kind') === 'hazard_sources'
      },
      undefined,
      { timeout: 60_000 },
    )
    const section = desk.getByTestId('detail-monitoring')
    await section.waitFor({ timeout: 30_000 })
    const row = desk.locator('[data-testid="mon-channel"]', { hasText: '反应釜温度' })
    expect(await row.getAttribute('data-status')).toBe('HH')
    expect(await row.textContent()).toContain('150')
    expect(await row.textContent()).toContain('°C')
    // the 24-hour sparkline with the channel's thresholds drawn (L 20, H 80, HH 100)
    expect(await row.locator('[data-threshold]').evaluateAll((els) => els.map((e) => e.getAttribute('data-threshold')).sort())).toEqual(['h', 'hh', 'l'])
    expect(await row.locator('path').count()).toBeGreaterThan(0)
    const alarm = desk.locator('[data-testid="mon-alarm"][data-ack="0"]').first()
    expect(await alarm.textContent()).toContain('高高报')
    // the monitoring layer on, its legend and counts by state, for the screenshot
    await desk.getByTestId('toggle-monitoring').check()
    await desk.getByTestId('count-monitoring-states').waitFor({ timeout: 30_000 })
    await desk.waitForFunction(() => /报警 [1-9]/.test(document.querySelector('[data-testid="count-monitoring-states"]')?.textContent ?? ''), undefined, {
      timeout: 30_000,
    })
    await desk.screenshot({ path: `${OUT}/onemap-monitoring-card.png` })

    await alarm.getByTestId('mon-ack').click()
    await desk.getByTestId('mon-ack-note').fill('已现场核实，降温处置中')
    await desk.getByTestId('mon-ack-send').click()
    await desk.locator('[data-testid="mon-alarm"][data-ack="1"]', { hasText: '已现场核实' }).waitFor({ timeout: 15_000 })
    const acked = Date.now()
    await desk.screenshot({ path: `${OUT}/onemap-monitoring-acked.png` })

    await page.waitForFunction(
      (name) =>
        [...document.querySelectorAll('[data-testid="alarm-item"]')].some((el) => el.textContent?.includes(name) && el.getAttribute('data-ack') === '1'),
      source.name,
      { timeout: 15_000 },
    )
    console.log(`[monitoring e2e] acknowledgement → wall: ${Date.now() - acked} ms`)
    expect(await line().first().textContent()).toContain('已确认·企业')
    await page.waitForFunction((id) => document.querySelector(`[data-testid="wall-alarm-pulse"][data-key="s:${id}"]`)?.classList.contains('acked'), source.id, {
      timeout: 5000,
    })
    const { rows } = await sql().query<{ acknowledged_role: string; ack_note: string }>(
      `select a.acknowledged_role, a.ack_note from public.monitoring_alarms a join public.monitoring_channels c on c.id = a.channel_id where c.code = $1 and a.kind = 'HH'`,
      [code],
    )
    expect(rows).toEqual([{ acknowledged_role: 'enterprise', ack_note: '已现场核实，降温处置中' }])
  })

  it('with the hazard-source layer off a click on a ring opens the monitoring card: the channels the database has, the panel counting the view', async () => {
    const d = desk!
    const hs = d.getByTestId('toggle-hazard_sources')
    await d.getByTestId('detail-close').click()
    await hs.uncheck()
    await d.waitForFunction(() => !document.querySelector('.layer-row .spinner'), undefined, { timeout: 20_000 })
    // what the database says, under the same user's RLS (supabase-js)
    const u = demoUser('enterprise')
    const api = await apiSignIn(u.email, u.password)
    const { data: chans, error } = await api
      .from('monitoring_channels')
      .select('code, name, kind, unit, l, h, hh, monitoring_latest(v, status)')
      .eq('hazard_source_id', source.id)
    expect(error).toBeNull()
    expect(chans!.length).toBe(1)
    const ch = chans![0]! as unknown as { name: string; unit: string; monitoring_latest: { v: number; status: string } }
    const [west, south, east, north] = await d.evaluate(() => {
      const b = (window.__onemap!.map as { getBounds(): { getWest(): number; getSouth(): number; getEast(): number; getNorth(): number } }).getBounds()
      return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]
    })
    const { data: inView, error: e2 } = await api.rpc('monitoring_sources', { west, south, east, north })
    expect(e2).toBeNull()
    const ring = (inView as { id: string; lon: number; lat: number; state: string }[]).find((r) => r.id === source.id)!
    expect(ring.state).toBe('hh')
    // the panel's count is of the visible view, as monitoring_sources counts it for that bbox
    await expect.poll(() => d.getByTestId('count-monitoring').textContent(), { timeout: 10_000 }).toBe(String((inView as unknown[]).length))
    // on the ring 16 px east of its centre (an alarm ring is 20.6 px at z16; beyond the 8 px click
    // radius of whatever point sits at the source)
    const xy = await d.evaluate(
      ([lo, la]) => {
        const map = window.__onemap!.map as { project(ll: [number, number]): { x: number; y: number }; getCanvas(): HTMLCanvasElement }
        const p = map.project([lo, la])
        const r = map.getCanvas().getBoundingClientRect()
        return { x: r.left + p.x, y: r.top + p.y }
      },
      [ring.lon, ring.lat],
    )
    // resting there: the tooltip of the ring (the desk's hover)
    await d.mouse.move(xy.x + 16, xy.y)
    const tip = d.locator('[data-testid="hover-tip"][data-kind="monitoring"]')
    await tip.waitFor({ timeout: 10_000 })
    expect(await tip.getByTestId('hover-name').textContent()).toBe(source.name)
    expect(await tip.getByTestId('hover-badge').textContent()).toBe('高高/低低报警')
    await d.screenshot({ path: `${OUT}/onemap-monitoring-ring-tip.png` })
    await d.mouse.click(xy.x + 16, xy.y)
    const card = d.locator('[data-testid="detail-card"][data-status="ok"][data-kind="monitoring"]')
    await card.waitFor({ timeout: 10_000 })
    expect(await d.getByTestId('detail-title').textContent()).toBe(source.name)
    expect(await d.getByTestId('detail-kind').textContent()).toContain('监测危险源')
    await card.getByTestId('detail-monitoring').waitFor({ timeout: 10_000 })
    const rowsShown = card.getByTestId('mon-channel')
    expect(await rowsShown.count()).toBe(chans!.length)
    const row = rowsShown.first()
    expect(await row.getAttribute('data-status')).toBe(ch.monitoring_latest.status)
    const text = (await row.textContent()) ?? ''
    for (const part of [ch.name, '温度', 'L 20 · H 80 · HH 100', String(ch.monitoring_latest.v), ch.unit]) expect(text).toContain(part)
    expect(await row.getByTestId('mon-time').textContent()).toMatch(/^\d\d:\d\d:\d\d$|^\d\d-\d\d \d\d:\d\d$/)
    expect(await row.locator('[data-threshold]').count()).toBe(3)
    // the open alarm first
    expect(await card.getByTestId('mon-alarm').first().getAttribute('class')).toContain('open')
    await d.screenshot({ path: `${OUT}/onemap-monitoring-ring-card.png` })
    await d.close()
    desk = undefined
  }, 30_000)

  it('groups a flood of alarms at one enterprise as one line with a count', async () => {
    const { rows } = await sql().query<{ id: string; enterprise_id: string }>(
      `select id, enterprise_id from public.hazard_sources where enterprise_id <> $1 order by id limit 1`,
      [DEMO_ENTERPRISE_ID],
    )
    const src = rows[0]!
    await sql().query(
      `insert into public.monitoring_channels (hazard_source_id, code, name, kind, unit, range_min, range_max, h, hh)
       select $1, 'E2E-FLOOD-${run}-' || g, '可燃气体 ' || g, 'flammable_gas', '%LEL', 0, 100, 25, 50 from generate_series(1, 55) g`,
      [src.id],
    )
    const admin = await apiSignIn(demoUser('admin').email, demoUser('admin').password)
    const t = new Date(Date.now() - 2000).toISOString()
    const { data, error } = await admin.rpc('ingest_readings', {
      readings: Array.from({ length: 55 }, (_, i) => ({ channel: `E2E-FLOOD-${run}-${i + 1}`, t, v: i % 5 === 0 ? 60 : 30 })),
    })
    expect(error).toBeNull()
    expect(data.accepted).toBe(55)
    const flood = page.locator(`[data-testid="alarm-flood"][data-enterprise="${src.enterprise_id}"]`)
    await flood.waitFor({ timeout: 15_000 })
    expect(await flood.textContent()).toMatch(/报警洪泛.*\d+/)
    expect(await page.locator(`[data-testid="alarm-item"][data-enterprise="${src.enterprise_id}"]`).count()).toBe(0)
    await page.screenshot({ path: `${OUT}/wall-monitoring-flood.png` })
    const right = await page.locator('.wall-right').boundingBox()
    await page.screenshot({ path: `${OUT}/wall-monitoring-panel.png`, clip: right! })
    expect(errors).toEqual([])
  })

  it('on the district tour the alarm list is the shown district’s: named, and counted as SQL counts it', async () => {
    const tour = await browser.newPage({ viewport: { width: 3840, height: 2160 } })
    const tourErrors: string[] = []
    tour.on('pageerror', (e) => tourErrors.push(e.message))
    await tour.goto(`${appUrl}/#/wall?tour=1`)
    await signInWall(tour)
    const { rows: districts } = await sql().query<{ code: string; name: string; active: number }>(
      `select a.code, a.name, (select count(*)::int from public.monitoring_alarms m
         where m.cleared_at is null and m.kind <> 'offline' and m.area_code like left(a.code, 6) || '%') as active
       from public.areas a where a.level = 'district' order by a.code`,
    )
    const badge = tour.getByTestId('wall-tour-now')
    await badge.waitFor({ timeout: 20_000 })
    // The tour moves on every 12 s: check one step whole, read while its badge still shows it
    await expect
      .poll(
        async () => {
          const text = (await badge.textContent()) ?? ''
          const step = /巡航中：(.+)（(\d+)\//.exec(text)
          if (!step) return `badge "${text}"`
          const d = districts[Number(step[2]) - 1]
          if (!d) return `the city step (${step[2]})`
          const named = (await tour.getByTestId('alarms-area').count()) ? await tour.getByTestId('alarms-area').textContent() : null
          const active = Number(((await tour.getByTestId('alarms-active').textContent()) ?? '').replace(/\D/g, ''))
          if ((await badge.textContent()) !== text) return 'moved on'
          return named === ` · ${d.name}` && active === d.active ? 'ok' : `${d.name}: panel says "${named}", ${active} active; SQL ${d.active}`
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe('ok')
    await tour.screenshot({ path: `${OUT}/wall-monitoring-tour.png` })
    // the tour stopped: the whole city's list again, no area named
    await tour.getByTestId('wall-tour').click()
    await expect.poll(async () => tour.getByTestId('alarms-area').count(), { timeout: 15_000 }).toBe(0)
    expect(tourErrors).toEqual([])
    await tour.close()
  }, 180_000)
})
