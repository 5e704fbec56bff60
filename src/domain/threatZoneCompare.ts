// Two what-if scenarios side by side (issue 20): per zone level, each scenario's reach and the
// targets and people inside (threat_zone_targets' counts), and the difference B − A. Levels follow
// the order of severity; a level only one scenario has (pool fire's 37.5 kW/m² 'darkred', a toxic
// substance without AEGL-1) shows null on the other side. Pure: the counts are given.
import type { ZoneLevel } from './threatZones.ts'

export interface ScenarioFigures {
  readonly zones: readonly { readonly level: ZoneLevel; readonly reach_m: number; readonly capped: boolean }[]
  /** per level, from threat_zone_targets (null: not counted yet) */
  readonly counts: Readonly<Partial<Record<ZoneLevel, { readonly count: number; readonly population: number }>>> | null
}

export interface ZoneSide {
  readonly reach_m: number
  readonly capped: boolean
  readonly count: number | null
  readonly population: number | null
}

export interface ZoneComparison {
  readonly level: ZoneLevel
  readonly a: ZoneSide | null
  readonly b: ZoneSide | null
  /** b − a where both sides have the figure, else null */
  readonly reach_diff_m: number | null
  readonly count_diff: number | null
  readonly population_diff: number | null
}

const ORDER: readonly ZoneLevel[] = ['darkred', 'red', 'orange', 'yellow']

function side(s: ScenarioFigures, level: ZoneLevel): ZoneSide | null {
  const z = s.zones.find((x) => x.level === level)
  if (!z) return null
  const c = s.counts?.[level]
  return { reach_m: z.reach_m, capped: z.capped, count: c ? c.count : null, population: c ? c.population : null }
}

const diff = (a: number | null | undefined, b: number | null | undefined) => (a === null || a === undefined || b === null || b === undefined ? null : b - a)

/** The rows of the comparison table, most severe level first; levels neither scenario has are left out. */
export function compareScenarios(a: ScenarioFigures, b: ScenarioFigures): ZoneComparison[] {
  const out: ZoneComparison[] = []
  for (const level of ORDER) {
    const sa = side(a, level)
    const sb = side(b, level)
    if (!sa && !sb) continue
    out.push({
      level,
      a: sa,
      b: sb,
      reach_diff_m: diff(sa?.reach_m, sb?.reach_m),
      count_diff: diff(sa?.count, sb?.count),
      population_diff: diff(sa?.population, sb?.population),
    })
  }
  return out
}
