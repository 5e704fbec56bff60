// Safety assessments of the demo city's hazard sources (issue 15, migration 20261216000100): the
// report each source's required distances cite (its reference and date), filed for most of them;
// a few sources have none on record, so the demo shows 待重评 for "never assessed" as well as for
// reports older than three years, and every 12th has a (synthetic) inventory change since. Loaded last, after everything a change event could come from, so
// loading the city records no change events. Synthetic, deterministic per seed.
import { rowRng } from './prng.ts'
import type { HazardSource } from './hazards.ts'
import type { Row } from './context.ts'

export function* hazardAssessmentRows(seed: number, hazards: readonly HazardSource[]): Generator<Row> {
  for (const h of hazards) {
    // the demo enterprise's sources are all on record (its user files the next report)
    if (h.enterpriseIndex !== 0 && rowRng(seed, 'hazard-assessment', h.index).chance(0.08)) continue
    yield { hazard_source_id: h.id, assessed_on: h.reportDate, report_ref: h.reportRef, assessor: '（演示）安全评价机构', is_demo: true }
  }
}

export function hazardAssessmentCount(seed: number, hazards: readonly HazardSource[]): number {
  let n = 0
  for (const _ of hazardAssessmentRows(seed, hazards)) n++
  return n
}

/** A few assessed sources whose inventory changed after the report (the demo's 待重评 for 令40号 art. 11 (3)). */
export function* hazardChangeEventRows(seed: number, hazards: readonly HazardSource[]): Generator<Row> {
  const firstOfDemo = hazards.find((h) => h.enterpriseIndex === 0)?.index ?? -1
  for (const h of hazards) {
    if (h.enterpriseIndex !== 0 && rowRng(seed, 'hazard-assessment', h.index).chance(0.08)) continue
    // every 12th source, and the demo enterprise's first
    if (h.index % 12 !== 5 && !(h.enterpriseIndex === 0 && h.index === firstOfDemo)) continue
    yield { hazard_source_id: h.id, kind: 'inventory_changed', detail: { op: 'update', substances: 1, demo: true } }
  }
}

export function hazardChangeEventCount(seed: number, hazards: readonly HazardSource[]): number {
  let n = 0
  for (const _ of hazardChangeEventRows(seed, hazards)) n++
  return n
}
