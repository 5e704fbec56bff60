// The monitoring layer's pure parts: sources counted by state for the panel, and the legend of
// states (offline is its own grey entry, never folded into normal).
import { describe, expect, it } from 'vitest'
import { countStates } from '../../src/layers/monitoring/counts.ts'
import { monitoringUi } from '../../src/layers/monitoring/ui.tsx'
import { STATE_RGB } from '../../src/layers/monitoring/layer.ts'
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
