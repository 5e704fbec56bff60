// The worklist as shown: filtered by industry, people inside and a search, sorted by the chosen
// key (ties by id, so the order is stable). Pure.
import type { ViolationRow } from '../../data/planner.ts'
import type { PlannerState } from './state.ts'

export function worklistRows(s: Pick<PlannerState, 'worklist' | 'query' | 'industry' | 'minPopulation' | 'sort' | 'sortDesc'>): ViolationRow[] {
  const q = s.query.trim().toLowerCase()
  const rows = (s.worklist ?? []).filter(
    (r) =>
      (!s.industry || r.industry_code === s.industry) &&
      r.population_inside >= s.minPopulation &&
      (!q || r.hazard_source_name.toLowerCase().includes(q) || r.enterprise_name.toLowerCase().includes(q)),
  )
  const dir = s.sortDesc ? -1 : 1
  const key = (r: ViolationRow): number | string =>
    s.sort === 'shortfall'
      ? r.worst_shortfall_m
      : s.sort === 'population'
        ? r.population_inside
        : s.sort === 'violations'
          ? r.violating_targets
          : r.enterprise_name
  return rows.sort((a, b) => {
    const ka = key(a),
      kb = key(b)
    const c = ka < kb ? -1 : ka > kb ? 1 : 0
    return c * dir || (a.hazard_source_id < b.hazard_source_id ? -1 : 1)
  })
}
