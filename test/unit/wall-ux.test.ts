// The wall's pure parts for issue 21: presets and drawing order, the operator's weather check,
// which ticker items sound, and the district of an area code.
import { describe, it, expect } from 'vitest'
import { presetShows, wallDrawOrder } from '../../src/features/wall/presets.ts'
import { checkWeather, windName } from '../../src/domain/weather.ts'
import { pendingRed } from '../../src/features/wall/alertTone.ts'
import { districtOf, type TickerItem } from '../../src/features/wall/live.ts'

const item = (key: string, kind: TickerItem['kind']): TickerItem => ({
  key,
  kind,
  at: '2026-12-04T10:00:00Z',
  title: key,
  level: null,
  lon: 113,
  lat: 22.5,
  areaCode: null,
  card: { layer: 'hidden_dangers', id: key },
  seen: 0,
})

describe('wall presets', () => {
  it('show their layers and always the threat zones; overview shows all', () => {
    expect(presetShows('overview', 'emergency_resources')).toBe(true)
    expect(presetShows('resources', 'risk_points')).toBe(false)
    expect(presetShows('resources', 'emergency_resources')).toBe(true)
    expect(presetShows('alarms', 'hidden_dangers')).toBe(false)
    expect(presetShows('alarms', 'threat_zones')).toBe(true)
  })
  it('draws risk points over the icons, threat zones last, otherwise in registry order', () => {
    const keys = ['emergency_resources', 'risk_points', 'hazard_sources', 'threat_zones', 'hidden_dangers'].map((key) => ({ key }))
    expect(wallDrawOrder(keys).map((k) => k.key)).toEqual(['emergency_resources', 'hazard_sources', 'hidden_dangers', 'risk_points', 'threat_zones'])
  })
})

describe('operator weather', () => {
  const now = new Date('2026-12-04T10:00:00Z')
  it('accepts a wind and rounds it, names the compass point', () => {
    expect(checkWeather({ wind_from_deg: '135', u_m_s: '3.54', temp_c: '' }, now)).toEqual({
      ok: { wind_from_deg: 135, u_m_s: 3.5, temp_c: null, at: now.toISOString() },
    })
    expect(windName(135, 'zh')).toBe('东南风')
    expect(windName(359, 'en')).toBe('N')
  })
  it('refuses out-of-range or empty values in words, Chinese first', () => {
    expect(checkWeather({ wind_from_deg: '400', u_m_s: '2', temp_c: '' }, now)).toEqual({
      error: { zh: '风向须为 0–360 度（风的来向，正北为 0）', en: 'Wind direction must be 0–360° (where it blows from, north = 0)' },
    })
    expect('error' in checkWeather({ wind_from_deg: '90', u_m_s: '', temp_c: '' }, now)).toBe(true)
    expect('error' in checkWeather({ wind_from_deg: '90', u_m_s: '61', temp_c: '' }, now)).toBe(true)
    expect('error' in checkWeather({ wind_from_deg: '90', u_m_s: '2', temp_c: '99' }, now)).toBe(true)
  })
})

describe('the alarm bell', () => {
  it('sounds for new red events not yet acknowledged, not for ordinary changes', () => {
    const items = [item('a', 'new_major_danger'), item('b', 'danger_new'), item('c', 'level_raised_red'), item('d', 'new_overdue')]
    expect(pendingRed(items, new Set()).map((i) => i.key)).toEqual(['a', 'c', 'd'])
    expect(pendingRed(items, new Set(['a', 'd'])).map((i) => i.key)).toEqual(['c'])
  })
})

describe('districtOf', () => {
  it('finds the district whose code starts the area code', () => {
    const ds = [{ code: '440703' }, { code: '440704' }]
    expect(districtOf('440704001002', ds)).toEqual({ code: '440704' })
    expect(districtOf(null, ds)).toBeNull()
    expect(districtOf('440999', ds)).toBeNull()
  })
})
