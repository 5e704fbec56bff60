// The wall's monitoring alarms, pure parts: one pulse per hazard source at its worst alarm (and one
// per flooded enterprise), blinking while any alarm there is unacknowledged; the age of an alarm.
import { describe, expect, it } from 'vitest'
import { pulseSpots } from '../../src/features/wall/alarmPulses.ts'
import { ageText } from '../../src/features/wall/AlarmsPanel.tsx'
import { ALARM_MESSAGES } from '../../src/features/wall/alarmsMessages.ts'
import type { WallAlarm, WallAlarms } from '../../src/data/monitoring.ts'

const alarm = (id: string, source: string, severity: number, acked: boolean): WallAlarm => ({
  id,
  kind: severity === 3 ? 'HH' : severity === 2 ? 'H' : 'fault',
  severity,
  raised_at: '2026-12-04T10:00:00Z',
  threshold: 80,
  peak: 90,
  value: 90,
  value_at: '2026-12-04T10:00:00Z',
  unit: '°C',
  channel_code: id,
  channel_name: id,
  channel_kind: 'temperature',
  hazard_source_id: source,
  source_name: source,
  enterprise_id: 'e1',
  enterprise_name: 'e1',
  lon: 113,
  lat: 22.5,
  acknowledged_at: acked ? '2026-12-04T10:01:00Z' : null,
  acknowledged_role: acked ? 'enterprise' : null,
  escalated_at: null,
})

const answer = (items: WallAlarm[], floods: WallAlarms['floods'] = []): WallAlarms => ({
  as_of: '',
  items,
  floods,
  counts: { active: 0, hh: 0, h: 0, fault: 0, unacknowledged: 0, escalated: 0, listed: 0, channels: 0, offline: 0, no_data: 0 },
  flood_rule: { count: 50, window_s: 600 },
})

describe('pulses of the wall', () => {
  it('one per source at its worst severity, blinking while any alarm there is unacknowledged, worst first', () => {
    const s = pulseSpots(answer([alarm('a', 's1', 2, true), alarm('b', 's1', 3, true), alarm('c', 's2', 1, false), alarm('d', 's2', 2, true)]))
    expect(s).toEqual([
      { key: 's:s1', lon: 113, lat: 22.5, severity: 3, unacked: false },
      { key: 's:s2', lon: 113, lat: 22.5, severity: 2, unacked: true },
    ])
  })

  it('a flood is one pulse at its enterprise while it has open alarms; at most `max` pulses', () => {
    const flood = {
      enterprise_id: 'e9',
      enterprise_name: 'e9',
      recent: 60,
      last_at: '',
      open: 55,
      severity: 2,
      unacknowledged: 55,
      escalated: 0,
      lon: 113.1,
      lat: 22.6,
    }
    expect(pulseSpots(answer([], [flood, { ...flood, enterprise_id: 'e8', open: 0 }])).map((p) => p.key)).toEqual(['e:e9'])
    expect(pulseSpots(answer(Array.from({ length: 10 }, (_, i) => alarm(`x${i}`, `s${i}`, 2, false))), 4)).toHaveLength(4)
  })
})

describe('age of an alarm', () => {
  const m = (lang: 'zh' | 'en') => (k: keyof typeof ALARM_MESSAGES, v?: Record<string, string | number>) =>
    ALARM_MESSAGES[k][lang].replace(/\{(\w+)\}/g, (_, x: string) => String(v?.[x]))
  const t0 = Date.parse('2026-12-04T10:00:00Z')
  it('in seconds, minutes, hours, days', () => {
    expect(ageText('2026-12-04T10:00:00Z', t0 + 45_000, m('zh'))).toBe('45秒')
    expect(ageText('2026-12-04T10:00:00Z', t0 + 12 * 60_000 + 5000, m('en'))).toBe('12 min')
    expect(ageText('2026-12-04T10:00:00Z', t0 + 3 * 3600_000, m('zh'))).toBe('3小时')
    expect(ageText('2026-12-04T10:00:00Z', t0 + 50 * 3600_000, m('en'))).toBe('2 d')
    expect(ageText('2026-12-04T10:00:00Z', t0 - 5000, m('en'))).toBe('0 s')
  })
})
