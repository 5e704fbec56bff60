// The accident layer's own state: its time filter (the request key carries it; screens reload
// when it changes) and the rows last loaded (the panel's count, the click lookup in the browser).
import { timeRange, type AccidentFeature, type AccidentTimeFilter } from '../../domain/accidentsMap.ts'
import type { Audience } from '../types.ts'

type Listener = (f: AccidentTimeFilter) => void

/** The layer's time filter (one per page). */
export const accidentFilter = {
  value: { mode: 'last_12_months' } as AccidentTimeFilter,
  version: 0,
  listeners: new Set<Listener>(),
  get(): AccidentTimeFilter {
    return this.value
  },
  set(f: AccidentTimeFilter): void {
    this.value = f
    this.version++
    for (const l of this.listeners) l(f)
  },
  subscribe(l: Listener): () => void {
    this.listeners.add(l)
    return () => this.listeners.delete(l)
  },
  /** the filter as Beijing dates, today */
  range(): { from: string; to: string } {
    return timeRange(this.value, new Date())
  },
}

/** The accidents last loaded (for the panel's count and the click lookup). */
export const accidentsNow = { rows: [] as readonly AccidentFeature[] }

/** The dates an audience loads: the wall always this (Beijing) year, the one map its filter. */
export function accidentRange(audience: Audience, now = new Date()): { from: string; to: string } {
  return audience === 'wall' ? timeRange({ mode: 'this_year' }, now) : accidentFilter.range()
}
