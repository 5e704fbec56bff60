// The monitoring layer's pure parts: sources counted by state for the panel, the legend of states
// (offline is its own grey entry, never folded into normal), and the card's sparkline geometry.
import { describe, expect, it } from 'vitest'
import { countStates } from '../../src/layers/monitoring/counts.ts'
import { monitoringUi } from '../../src/layers/monitoring/ui.tsx'
import { STATE_RGB } from '../../src/layers/monitoring/layer.ts'
import { sparkGeometry } from '../../src/layers/monitoring/Sparkline.tsx'
import { translate } from '../../src/app/i18n.ts'
import type { MonitoredSource, SourceState } from '../../src/data/monitoring.ts'

const src = (state: SourceState): MonitoredSource => ({
  id: state,
  name: state,
  enterprise_name: 'e',
  is_major: true,
  major_grade: 1,
  lon: 113,
  lat: 22.5,
  state,
  channels: 4,
  offline: state === 'offline' ? 1 : 0,
  no_data: 0,
  hh: state === 'hh' ? 1 : 0,
  h: state === 'h' ? 1 : 0,
  fault: state === 'fault' ? 1 : 0,
  unacknowledged: 0,
  escalated: 0,
})

describe('monitoring layer', () => {
  it('counts sources by state', () => {
    expect(countStates(['hh', 'h', 'h', 'offline', 'normal', 'normal', 'normal'].map((s) => src(s as SourceState)))).toEqual({
      total: 7,
      hh: 1,
      h: 2,
      fault: 0,
      offline: 1,
      normal: 3,
    })
  })

  it('draws offline grey, apart from normal, and alarms in red and orange', () => {
    expect(STATE_RGB.offline).not.toEqual(STATE_RGB.normal)
    expect(new Set(Object.values(STATE_RGB).map((c) => c.join())).size).toBe(5)
    expect(STATE_RGB.hh).toEqual([230, 0, 18])
  })

  it('has a staff legend with one entry per state in both languages, none for the public', () => {
    for (const lang of ['zh', 'en'] as const) {
      const ctx = { lang, audience: 'staff' as const, t: (k: Parameters<typeof translate>[1]) => translate(lang, k) }
      const e = monitoringUi.legend(ctx)!
      expect(e.blocks[0]!.items.map((i) => i.key)).toEqual(['hh', 'h', 'fault', 'offline', 'normal'])
      expect(e.note?.text).toMatch(lang === 'zh' ? /离线/ : /offline/i)
      expect(monitoringUi.legend({ ...ctx, audience: 'public' })).toBeNull()
    }
  })
})

describe('the card sparkline', () => {
  const th = { ll: null, l: 20, h: 80, hh: 100 }
  const from = 0
  const to = 24 * 3600_000
  it('draws the band and mean inside the box and keeps every threshold of the range in view', () => {
    const pts = [
      { t: 0, min: 40, max: 60, mean: 50 },
      { t: to / 2, min: 45, max: 150, mean: 90 },
      { t: to, min: 50, max: 55, mean: 52 },
    ]
    const g = sparkGeometry(pts, th, [0, 200], from, to, 140, 32)
    expect(g.lo).toBeLessThan(20)
    expect(g.hi).toBeGreaterThan(150)
    expect(g.thresholds.map((t) => t.key)).toEqual(['l', 'h', 'hh'])
    // higher values are higher up (smaller y)
    const y = Object.fromEntries(g.thresholds.map((t) => [t.key, t.y]))
    expect(y.hh).toBeLessThan(y.h!)
    expect(y.h).toBeLessThan(y.l!)
    for (const n of (g.line + g.band).match(/-?\d+(\.\d+)?/g)!.map(Number)) {
      expect(n).toBeGreaterThanOrEqual(0)
      expect(n).toBeLessThanOrEqual(140)
    }
    expect(g.line.startsWith('M0.0,')).toBe(true)
  })

  it('draws only the four thresholds, even given a whole channel row', () => {
    const row = { ...th, range_min: 0, range_max: 200, interval_s: 10, v: 50 } as unknown as typeof th
    expect(sparkGeometry([{ t: 0, min: 1, max: 2, mean: 1.5 }], row, [0, 200], from, to, 140, 32).thresholds.map((t) => t.key)).toEqual(['l', 'h', 'hh'])
  })

  it('leaves out a threshold outside the instrument range, and draws nothing without points', () => {
    const g = sparkGeometry([], { ll: -10, l: null, h: 250, hh: null }, [0, 200], from, to, 140, 32)
    expect(g.thresholds).toEqual([])
    expect(g.line).toBe('')
    expect(g.band).toBe('')
  })
})
