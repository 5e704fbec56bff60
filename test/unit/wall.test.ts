// Pure parts of the map wall: the ticker's merge (repeats dropped by key, newest first, bounded),
// the ticker items of one wall_changes answer, and the incident radii parser.
import { describe, it, expect } from 'vitest'
import { mergeTicker, tickerItems, type TickerItem } from '../../src/features/wall/live.ts'
import { parseRadii } from '../../src/features/wall/Incident.tsx'
import type { WallChanges } from '../../src/data/wall.ts'

const item = (key: string, at: string): TickerItem => ({
  key,
  kind: 'danger_new',
  at,
  title: key,
  level: null,
  lon: 113,
  lat: 22,
  areaCode: null,
  card: { layer: 'hidden_dangers', id: key },
  seen: 0,
})

describe('mergeTicker', () => {
  it('drops repeats by key, puts the newest first and keeps at most max', () => {
    const a = mergeTicker([], [item('a', '2026-11-24T10:00:00Z'), item('b', '2026-11-24T10:05:00Z')])
    expect(a.map((x) => x.key)).toEqual(['b', 'a'])
    const b = mergeTicker(a, [item('a', '2026-11-24T10:00:00Z'), item('c', '2026-11-24T10:06:00Z'), item('c', '2026-11-24T10:06:00Z')], 3)
    expect(b.map((x) => x.key)).toEqual(['c', 'b', 'a'])
    expect(mergeTicker(b, [item('d', '2026-11-24T10:07:00Z')], 3).map((x) => x.key)).toEqual(['d', 'c', 'b'])
    // nothing new: the same array (no re-render)
    expect(mergeTicker(b, [item('a', 'x')])).toBe(b)
  })
})

describe('tickerItems', () => {
  it('lists alerts, and changes not already alerted', () => {
    const ch: WallChanges = {
      since: '',
      watermark: '',
      reread_seconds: 5,
      truncated: false,
      hidden_dangers: [
        {
          key: 'hd:1@t',
          id: '1',
          title: 'major one',
          status: 'registered',
          severity: 'major',
          overdue: false,
          listing_level: 'city',
          deadline: null,
          area_code: null,
          is_new: true,
          updated_at: '2026-11-24T10:00:00Z',
          lon: 1,
          lat: 2,
        },
        {
          key: 'hd:2@t',
          id: '2',
          title: 'other',
          status: 'rectifying',
          severity: 'general',
          overdue: false,
          listing_level: null,
          deadline: null,
          area_code: null,
          is_new: false,
          updated_at: '2026-11-24T10:01:00Z',
          lon: 1,
          lat: 2,
        },
      ],
      risk_points: [
        { key: 'rp:9', id: 'r1', name: 'red one', old_level: 3, new_level: 1, at: '2026-11-24T10:02:00Z', area_code: null, lon: 1, lat: 2 },
        { key: 'rp:10', id: 'r2', name: 'orange one', old_level: 3, new_level: 2, at: '2026-11-24T10:03:00Z', area_code: null, lon: 1, lat: 2 },
      ],
      alerts: [
        {
          kind: 'new_major_danger',
          key: 'major:5',
          at: '2026-11-24T10:00:00Z',
          id: '1',
          title: 'major one',
          level: null,
          listing_level: 'city',
          lon: 1,
          lat: 2,
          area_code: null,
        },
        {
          kind: 'level_raised_red',
          key: 'red:rp:9',
          at: '2026-11-24T10:02:00Z',
          id: 'r1',
          title: 'red one',
          level: 1,
          listing_level: null,
          lon: 1,
          lat: 2,
          area_code: null,
        },
      ],
    }
    const items = tickerItems(ch, 0)
    expect(items.map((i) => [i.kind, i.title])).toEqual([
      ['new_major_danger', 'major one'],
      ['level_raised_red', 'red one'],
      ['danger_changed', 'other'],
      ['level_changed', 'orange one'],
    ])
  })
})

describe('parseRadii', () => {
  it('reads metres separated by commas or spaces (also full-width), sorted and unique', () => {
    expect(parseRadii('500, 1000, 3000')).toEqual([500, 1000, 3000])
    expect(parseRadii('3000，500 1000 500')).toEqual([500, 1000, 3000])
  })
  it('refuses what the server would refuse', () => {
    expect(parseRadii('')).toBeNull()
    expect(parseRadii('0')).toBeNull()
    expect(parseRadii('-5, 100')).toBeNull()
    expect(parseRadii('60000')).toBeNull()
    expect(parseRadii('abc')).toBeNull()
    expect(parseRadii('1 2 3 4 5 6 7 8 9')).toBeNull()
  })
})
