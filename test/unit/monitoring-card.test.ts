// The monitoring layer's own card and tooltip, pure parts: the panel counts the VISIBLE view (not
// the padded rows loaded), a ring is found under a click in the browser while the hazard-source
// layer is not asked (and not when it is: its card has the same section), channels and alarms
// with the active ones first, the thresholds line and the reading time (Beijing).
import { afterEach, describe, expect, it, vi } from 'vitest'
import { countStatesIn, monitoringCounts, monitoringNow, setMonitoringRows, setMonitoringView } from '../../src/layers/monitoring/counts.ts'
import { ringAt, ringRadiusPx } from '../../src/layers/monitoring/layer.ts'
import { orderAlarms, orderChannels, readingTime, thresholdLine } from '../../src/layers/monitoring/order.ts'
import { monitoringUi } from '../../src/layers/monitoring/ui.tsx'
import { lookupAt, lookupContextKey } from '../../src/features/onemap/lookup.ts'
import { DEFAULT_VISIBLE } from '../../src/features/onemap/state.ts'
import { layerOfDetail } from '../../src/layers/registry.ts'
import type { ChannelNow, MonitoredSource, SourceState } from '../../src/data/monitoring.ts'

// feature_at answers a hidden danger west of 113.0001 (a point inside a ring), nothing else
vi.mock('../../src/data/mapApi.ts', async (orig) => ({
  ...(await orig<typeof import('../../src/data/mapApi.ts')>()),
  featureAt: async (layer: string, lon: number) => (layer === 'hidden_dangers' && lon < 113.0001 ? { id: 'hd1', lon, lat: 22.5 } : null),
}))

const src = (id: string, state: SourceState, lon: number, lat: number): MonitoredSource => ({
  id,
  name: `源${id}`,
  enterprise_name: '企业',
  is_major: true,
  major_grade: 2,
  lon,
  lat,
  state,
  channels: 3,
  offline: 0,
  no_data: 0,
  hh: 0,
  h: 0,
  fault: 0,
  unacknowledged: 0,
  escalated: 0,
})

afterEach(() => {
  monitoringNow.rows = []
  monitoringNow.view = null
  monitoringNow.scale = 1
  monitoringCounts.set({ total: 0, hh: 0, h: 0, fault: 0, offline: 0, normal: 0 })
})

describe('monitoring counts of the visible view', () => {
  const rows = [src('a', 'hh', 113.0, 22.5), src('b', 'normal', 113.05, 22.55), src('c', 'offline', 113.3, 22.5), src('d', 'h', 113.1, 22.6)]
  it('counts only the rows whose position is in the view, edges included', () => {
    expect(countStatesIn(rows, [112.99, 22.49, 113.1, 22.6])).toEqual({ total: 3, hh: 1, h: 1, fault: 0, offline: 0, normal: 1 })
    expect(countStatesIn(rows, [113.2, 22.4, 113.4, 22.6])).toEqual({ total: 1, hh: 0, h: 0, fault: 0, offline: 1, normal: 0 })
    expect(countStatesIn(rows, null).total).toBe(4)
  })
  it('the panel store follows a load and every move of the view', () => {
    setMonitoringRows(rows)
    expect(monitoringCounts.get().total).toBe(4)
    setMonitoringView([113.2, 22.4, 113.4, 22.6])
    expect(monitoringCounts.get()).toMatchObject({ total: 1, offline: 1 })
    setMonitoringRows(rows.slice(0, 2))
    expect(monitoringCounts.get().total).toBe(0)
    setMonitoringView([112, 22, 114, 23])
    expect(monitoringCounts.get()).toMatchObject({ total: 2, hh: 1, normal: 1 })
  })
})

describe('a monitoring ring under a click', () => {
  // at 22.5° N 1 px = 2 m here; a normal ring is 11 px at scale 1, an alarm ring 13.75 px
  const mPerPx = 2
  const kx = 111320 * Math.cos((22.5 * Math.PI) / 180)
  const east = (px: number) => 113 + (px * mPerPx) / kx
  it('holds the ring’s radius (alarm rings larger), the nearest wins, nothing beyond', () => {
    expect(ringRadiusPx('normal', 1)).toBe(11)
    expect(ringRadiusPx('hh', 1)).toBe(13.75)
    const a = src('a', 'normal', 113, 22.5)
    const b = src('b', 'hh', east(40), 22.5)
    expect(ringAt([a, b], east(12), 22.5, mPerPx, 1)).toBe(a)
    expect(ringAt([a, b], east(16), 22.5, mPerPx, 1)).toBeNull()
    expect(ringAt([a, b], east(14), 22.5, mPerPx, 1)).toBe(a)
    expect(ringAt([a, b], east(13), 22.5, mPerPx, 2)).toBe(a)
    // reach: radius + 4 px (stroke and margin): 15 px for a, 17.75 px for b
    expect(ringAt([a, b], east(40 - 17), 22.5, mPerPx, 1)).toBe(b)
    expect(ringAt([a, b], east(20), 22.5, mPerPx, 1)).toBeNull()
    // both reach: the nearer centre wins
    expect(ringAt([a, { ...b, lon: east(26) }], east(12), 22.5, mPerPx, 1)).toBe(a)
    expect(ringAt([a, { ...b, lon: east(26) }], east(14), 22.5, mPerPx, 1)?.id).toBe('b')
  })

  it('the one map finds it with the hazard-source layer off, not with it on, not for the public', async () => {
    const ring = src('r', 'h', 113, 22.5)
    monitoringNow.rows = [ring]
    const visible = Object.fromEntries(Object.keys(DEFAULT_VISIBLE).map((k) => [k, k === 'monitoring'])) as typeof DEFAULT_VISIBLE
    const ctx = { mode: 'full' as const, visible, hazards: [], resources: [] }
    // 16 m for 8 px: 2 m a px; 10 px off the centre is on an alarm ring
    expect(await lookupAt(ctx, east(10), 22.5, 16, new AbortController().signal)).toEqual({ kind: 'monitoring', data: ring })
    expect(await lookupAt(ctx, east(40), 22.5, 16, new AbortController().signal)).toBeNull()
    expect(await lookupAt({ ...ctx, visible: { ...visible, monitoring: false } }, 113, 22.5, 16, new AbortController().signal)).toBeNull()
    expect(await lookupAt({ ...ctx, mode: 'public' }, 113, 22.5, 16, new AbortController().signal)).toBeNull()
    // a point layer's feature within the click radius inside the ring is what was aimed at
    const withHd = { ...ctx, visible: { ...visible, hidden_dangers: true } }
    expect((await lookupAt(withHd, 113, 22.5, 16, new AbortController().signal))?.kind).toBe('hidden_dangers')
    expect(await lookupAt(withHd, east(10), 22.5, 16, new AbortController().signal)).toEqual({ kind: 'monitoring', data: ring })
    // the hover cache tells the two apart
    expect(lookupContextKey('full', visible)).toContain('monitoring')
    expect(lookupContextKey('full', { ...visible, hazard_sources: true })).not.toContain('monitoring')
  })

  it('has its own card and tooltip kind, in both languages', () => {
    expect(layerOfDetail('monitoring')?.key).toBe('monitoring')
    const d = { kind: 'monitoring' as const, data: { ...src('x', 'hh', 113, 22.5), name: '储罐区' } }
    expect(monitoringUi.tooltip(d, 'zh')).toMatchObject({ kind: 'monitoring', name: '储罐区', badge: '高高/低低报警', type: '企业' })
    expect(monitoringUi.tooltip(d, 'en')?.badge).toBe('HH / LL alarm')
    const card = monitoringUi.card(d, { lang: 'zh', audience: 'staff', t: (k) => k })
    expect(card?.title).toBe('储罐区')
    expect(monitoringUi.card({ kind: 'accidents', data: {} as never }, { lang: 'zh', audience: 'staff', t: (k) => k })).toBeNull()
  })
})

describe('the monitoring card’s order and lines', () => {
  const ch = (code: string, status: ChannelNow['status']) => ({ code, status })
  it('channels in alarm first, then fault, offline, no data, normal; by code within', () => {
    const out = orderChannels([
      ch('a', 'normal'),
      ch('b', 'offline'),
      ch('c', 'H'),
      ch('d', 'LL'),
      ch('e', 'no_data'),
      ch('f', 'fault'),
      ch('g', 'HH'),
      ch('h', 'L'),
    ])
    expect(out.map((c) => c.code)).toEqual(['d', 'g', 'c', 'h', 'f', 'b', 'e', 'a'])
  })
  it('open alarms first, newest raised first within each', () => {
    const a = (id: string, raised: string, cleared: string | null) => ({ id, raised_at: raised, cleared_at: cleared })
    const out = orderAlarms([
      a('c1', '2026-12-06T10:00:00Z', '2026-12-06T10:05:00Z'),
      a('o1', '2026-12-05T08:00:00Z', null),
      a('c2', '2026-12-06T11:00:00Z', '2026-12-06T11:01:00Z'),
      a('o2', '2026-12-06T09:00:00Z', null),
    ])
    expect(out.map((x) => x.id)).toEqual(['o2', 'o1', 'c2', 'c1'])
  })
  it('thresholds low to high, only those set', () => {
    expect(thresholdLine({ ll: null, l: 20, h: 80, hh: 100 }, String)).toBe('L 20 · H 80 · HH 100')
    expect(thresholdLine({ ll: 1, l: null, h: null, hh: null }, String)).toBe('LL 1')
    expect(thresholdLine({ ll: null, l: null, h: null, hh: null }, String)).toBeNull()
  })
  it('reading time in Beijing time: the time of day today, the date too before', () => {
    const now = Date.parse('2026-12-06T12:00:00Z') // 20:00 in Beijing
    expect(readingTime('2026-12-06T11:59:30Z', now)).toBe('19:59:30')
    // 15:30 UTC is the next Beijing day (23:30 + 8 h): another day than now's
    expect(readingTime('2026-12-05T15:30:00Z', now)).toBe('12-05 23:30')
    expect(readingTime('2026-12-05T16:30:00Z', now)).toBe('00:30:00')
  })
})
