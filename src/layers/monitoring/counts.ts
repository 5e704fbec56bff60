// The monitoring layer's rows as last loaded (the padded view: a click or hover finds a ring in the
// browser) and the panel's counts of them: sources by state in the VISIBLE view, as layer_counts
// counts the other layers. The view comes from the deck layer (its viewport, at every move), the
// rows from the layer's load; either recounts.
import { createStore } from '../../app/store.ts'
import type { Bbox } from '../../contract/rows.ts'
import type { MonitoredSource, SourceState } from '../../data/monitoring.ts'

export type MonitoringCounts = Record<SourceState, number> & { total: number }

/** Sources by state in the visible view (the panel's counts: layer_counts knows no monitoring). */
export const monitoringCounts = createStore<MonitoringCounts>({ total: 0, hh: 0, h: 0, fault: 0, offline: 0, normal: 0 })

/** The rows as last loaded and drawn (staff one map), the visible view, the ring scale drawn. */
export const monitoringNow: { rows: readonly MonitoredSource[]; view: Bbox | null; scale: number } = { rows: [], view: null, scale: 1 }

export function countStates(rows: readonly MonitoredSource[]): MonitoringCounts {
  const c: MonitoringCounts = { total: rows.length, hh: 0, h: 0, fault: 0, offline: 0, normal: 0 }
  for (const r of rows) c[r.state]++
  return c
}

/** Whether a point is in a bbox (edges included, as ST_Intersects with the view's envelope). */
export function inBbox(b: Bbox, lon: number, lat: number): boolean {
  return lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3]
}

/** Sources by state of the rows whose position is in the view (null view: none yet, all rows). */
export function countStatesIn(rows: readonly MonitoredSource[], view: Bbox | null): MonitoringCounts {
  return countStates(view ? rows.filter((r) => inBbox(view, r.lon, r.lat)) : rows)
}

function sameCounts(a: MonitoringCounts, b: MonitoringCounts): boolean {
  return a.total === b.total && a.hh === b.hh && a.h === b.h && a.fault === b.fault && a.offline === b.offline && a.normal === b.normal
}

function recount(): void {
  const c = countStatesIn(monitoringNow.rows, monitoringNow.view)
  if (!sameCounts(c, monitoringCounts.get())) monitoringCounts.set(c)
}

/** A load's rows (the padded view). */
export function setMonitoringRows(rows: readonly MonitoredSource[]): void {
  monitoringNow.rows = rows
  recount()
}

/** The visible view moved (the deck layer's viewport). */
export function setMonitoringView(view: Bbox): void {
  const v = monitoringNow.view
  if (v && v[0] === view[0] && v[1] === view[1] && v[2] === view[2] && v[3] === view[3]) return
  monitoringNow.view = view
  recount()
}
