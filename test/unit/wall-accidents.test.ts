// The wall's 事故 preset (issue 16): only it shows the accident layer (the overview stays calm),
// and the wall always loads this Beijing year whatever the one map's filter says.
import { describe, it, expect } from 'vitest'
import { presetShows, WALL_PRESETS } from '../../src/features/wall/presets.ts'
import { accidentFilter, accidentRange } from '../../src/layers/accidents/state.ts'

describe('the wall and accidents', () => {
  it('the accidents preset shows accidents (and the what-if zones) only; no other preset shows them', () => {
    expect(WALL_PRESETS).toContain('accidents')
    expect(presetShows('accidents', 'accidents')).toBe(true)
    expect(presetShows('accidents', 'threat_zones')).toBe(true)
    for (const k of ['risk_points', 'hazard_sources', 'hidden_dangers', 'emergency_resources', 'vehicles']) expect(presetShows('accidents', k)).toBe(false)
    for (const p of WALL_PRESETS.filter((x) => x !== 'accidents')) expect(presetShows(p, 'accidents'), p).toBe(false)
    // the overview still shows everything else
    expect(presetShows('overview', 'vehicles')).toBe(true)
  })

  it('the wall loads this Beijing year; the one map its own filter', () => {
    accidentFilter.set({ mode: 'years', from: 2016, to: 2018 })
    // 2026-12-31 17:00 UTC is already 1 January 2027 in Beijing
    const now = new Date('2026-12-31T17:00:00Z')
    expect(accidentRange('wall', now)).toEqual({ from: '2027-01-01', to: '2027-01-01' })
    expect(accidentRange('staff', now)).toEqual({ from: '2016-01-01', to: '2018-12-31' })
    accidentFilter.set({ mode: 'last_12_months' })
  })
})
