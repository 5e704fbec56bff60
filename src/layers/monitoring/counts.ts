// The panel's counts of the monitoring layer: sources by state in the last loaded view.
import { createStore } from '../../app/store.ts'
import type { MonitoredSource, SourceState } from '../../data/monitoring.ts'

export type MonitoringCounts = Record<SourceState, number> & { total: number }

/** Sources by state of the last load (the panel's counts: layer_counts knows no monitoring). */
export const monitoringCounts = createStore<MonitoringCounts>({ total: 0, hh: 0, h: 0, fault: 0, offline: 0, normal: 0 })

export function countStates(rows: readonly MonitoredSource[]): MonitoringCounts {
  const c: MonitoringCounts = { total: rows.length, hh: 0, h: 0, fault: 0, offline: 0, normal: 0 }
  for (const r of rows) c[r.state]++
  return c
}
