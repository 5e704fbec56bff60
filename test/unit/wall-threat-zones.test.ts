// The wall's what-if form → scenario (src/features/threatZones/threatZoneForm.ts): the incident origin's
// own `kind` must not leak into the scenario, and each scenario takes its substance's data.
import { describe, expect, it } from 'vitest'
import { DEFAULT_FORM, scenarioOf, substancesFor } from '../../src/features/threatZones/threatZoneForm.ts'
import { computeThreatZones } from '../../src/domain/threatZones.ts'

const hazardOrigin = { kind: 'hazard_source', id: 'x', name: 'tank', lon: 113.08, lat: 22.58 } as const

describe('threat-zone form', () => {
  it('keeps the scenario kind whatever the origin is', () => {
    for (const kind of ['toxic', 'pool_fire', 'explosion'] as const) {
      const substance = substancesFor(kind)[0]!.name_zh
      const s = scenarioOf({ ...DEFAULT_FORM, kind, substance }, hazardOrigin)
      expect(s.kind).toBe(kind)
      expect(s).toMatchObject({ lon: 113.08, lat: 22.58 })
      expect(computeThreatZones(s).zones.length).toBeGreaterThanOrEqual(3)
    }
  })
  it('offers each scenario only substances with the data it needs', () => {
    expect(substancesFor('toxic').every((s) => s.toxic)).toBe(true)
    expect(substancesFor('pool_fire').map((s) => s.name_zh)).toContain('汽油')
    expect(substancesFor('explosion').map((s) => s.name_zh)).toContain('液化石油气')
  })
  it('stability from the form: a fixed class, or day/night and cloud', () => {
    const fixed = scenarioOf({ ...DEFAULT_FORM, stability: 'B' }, hazardOrigin)
    expect(computeThreatZones(fixed).stability).toBe('B')
    const night = scenarioOf({ ...DEFAULT_FORM, stability: 'auto', daytime: false, cloud_eighths: 2, u_m_s: 2.5 }, hazardOrigin)
    expect(computeThreatZones(night).stability).toBe('F')
  })
})
