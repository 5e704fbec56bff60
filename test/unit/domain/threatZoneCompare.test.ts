// Two what-if scenarios side by side (issue 20): rows per level in order of severity, each side's
// reach and counts, B − A where both sides have the figure, null where one side lacks the level or
// its count.
import { describe, expect, it } from 'vitest'
import { compareScenarios, type ScenarioFigures } from '../../../src/domain/threatZoneCompare.ts'
import { computeThreatZones } from '../../../src/domain/threatZones.ts'

const at = { lon: 113.1, lat: 22.56 }

describe('compareScenarios', () => {
  it('per level: reach, targets and people of A and B and their difference', () => {
    const a: ScenarioFigures = {
      zones: [
        { level: 'red', reach_m: 100, capped: false },
        { level: 'orange', reach_m: 300, capped: false },
        { level: 'yellow', reach_m: 900, capped: true },
      ],
      counts: { red: { count: 1, population: 10 }, orange: { count: 4, population: 250 }, yellow: { count: 9, population: 1200 } },
    }
    const b: ScenarioFigures = {
      zones: [
        { level: 'yellow', reach_m: 1500, capped: false },
        { level: 'red', reach_m: 80, capped: false },
        { level: 'orange', reach_m: 300, capped: false },
      ],
      counts: { red: { count: 0, population: 0 }, orange: { count: 4, population: 250 }, yellow: { count: 20, population: 3000 } },
    }
    expect(compareScenarios(a, b)).toEqual([
      {
        level: 'red',
        a: { reach_m: 100, capped: false, count: 1, population: 10 },
        b: { reach_m: 80, capped: false, count: 0, population: 0 },
        reach_diff_m: -20,
        count_diff: -1,
        population_diff: -10,
      },
      {
        level: 'orange',
        a: { reach_m: 300, capped: false, count: 4, population: 250 },
        b: { reach_m: 300, capped: false, count: 4, population: 250 },
        reach_diff_m: 0,
        count_diff: 0,
        population_diff: 0,
      },
      {
        level: 'yellow',
        a: { reach_m: 900, capped: true, count: 9, population: 1200 },
        b: { reach_m: 1500, capped: false, count: 20, population: 3000 },
        reach_diff_m: 600,
        count_diff: 11,
        population_diff: 1800,
      },
    ])
  })

  it('a level only one side has (pool fire 37.5 kW/m² vs a plume), and counts not there yet', () => {
    const fire = computeThreatZones({
      kind: 'pool_fire',
      thresholds: 'cn',
      fire: { diameter_m: 20, burning_rate_kg_m2_s: 0.055, k_beta_per_m: 2.1, heat_of_combustion_kj_kg: 43_700 },
      ...at,
    })
    const blast = computeThreatZones({ kind: 'explosion', mass_kg: 20_000, heat_of_combustion_kj_kg: 46_000, ...at })
    const rows = compareScenarios({ zones: fire.zones, counts: null }, { zones: blast.zones, counts: { red: { count: 2, population: 30 } } })
    expect(rows.map((r) => r.level)).toEqual(['darkred', 'red', 'orange', 'yellow'])
    expect(rows[0]!.b).toBeNull()
    expect(rows[0]!.reach_diff_m).toBeNull()
    expect(rows[1]!.a!.count).toBeNull()
    expect(rows[1]!.b!.count).toBe(2)
    expect(rows[1]!.count_diff).toBeNull()
    expect(rows[1]!.reach_diff_m).toBeCloseTo(blast.zones[0]!.reach_m - fire.zones[1]!.reach_m, 9)
  })

  it('levels neither side has are left out', () => {
    expect(compareScenarios({ zones: [], counts: null }, { zones: [], counts: null })).toEqual([])
  })
})
