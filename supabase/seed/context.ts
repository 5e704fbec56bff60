// What every table generator shares: options, the fixed areas, the density model, the
// skeleton decided up front (parks, enterprises, hazard sources, the protective targets
// placed on purpose next to them), and small helpers for dates and references.
import type { AreaModel } from './areas.ts'
import type { Places } from './places.ts'
import type { Park } from './parks.ts'
import type { EnterpriseCore } from './enterprises.ts'
import type { HazardSource, AnchoredTarget } from './hazards.ts'

export type Row = Record<string, unknown>

/** A value resolved by the database: `(select <column> from public.<table> where <by> = <value>)`. */
export interface SqlRef {
  ref: { table: string; select: string; by: string; value: string }
}
export const sqlRef = (table: string, by: string, value: string, select = 'id'): SqlRef => ({ ref: { table, select, by, value } })
export const isSqlRef = (v: unknown): v is SqlRef => typeof v === 'object' && v !== null && 'ref' in v

export interface Ctx {
  seed: number
  scale: number
  /** The demo's "today" (YYYY-MM-DD): deadlines, overdue items and dates are relative to it. */
  today: string
  todayMs: number
  areas: AreaModel
  places: Places
  parks: Park[]
  enterprises: EnterpriseCore
  hazards: HazardSource[]
  anchors: AnchoredTarget[]
}

/** The default demo date, fixed so the same seed and scale always give the same rows. */
export const DEFAULT_TODAY = '2026-11-24'

export const DAY_MS = 86_400_000

export function parseDay(day: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!m) throw new Error(`bad date ${day}, expected YYYY-MM-DD`)
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
}

// Times are kept as milliseconds of Beijing wall-clock time and written with +08:00.
export const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10)
export const isoTime = (ms: number): string => new Date(ms).toISOString().slice(0, 19) + '+08:00'

/** Counts scale linearly; at least `min` so tiny scales still show every kind of thing. */
export const scaled = (base: number, scale: number, min = 1): number => Math.max(min, Math.round(base * scale))
