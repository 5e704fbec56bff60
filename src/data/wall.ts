// The map wall's calls: wall_summary (every panel figure), wall_changes (the live feed after a
// watermark), incident_report and nearest_emergency_resources (incident mode). All staff-only
// RPCs of migration 001200; the caller's RLS decides what is counted.
import { ApiError, rpcCall } from './rpc.ts'
import { sharedSince } from '../contract/wallFeed.ts'
import type { EmergencyResourceDetail } from '../contract/rows.ts'
import type { IncidentPipeline } from './incidentPipeline.ts'

export type CountsByKey = Record<'1' | '2' | '3' | '4', number>

export interface WallSummary {
  area: { code: string; name: string; name_en: string | null; level: string } | null
  as_of: string
  watermark: string
  risk_points: { total: number; by_level: CountsByKey }
  hazard_sources: { total: number; major: number; by_grade: CountsByKey; ungraded: number }
  hidden_dangers: {
    total: number
    open: number
    major_open: number
    overdue: number
    listed: number
    closed: number
    assessed: number
    rectification_rate: number | null
  }
  closures_by_week: { week_start: string; closed: number }[]
  emergency_resources: Record<string, number>
  /** open major hidden dangers by name (at most 10): overdue first, then by deadline */
  major_list: MajorDanger[]
}

export interface MajorDanger {
  id: string
  title: string
  status: string
  listing_level: 'city' | 'district' | null
  deadline: string | null
  overdue: boolean
  area_code: string | null
  area_name: string | null
  lon: number
  lat: number
}

export interface DangerChange {
  key: string
  id: string
  title: string
  status: string
  severity: string | null
  overdue: boolean
  listing_level: string | null
  deadline: string | null
  area_code: string | null
  is_new: boolean
  updated_at: string
  lon: number
  lat: number
}

export interface RiskPointChange {
  key: string
  id: string
  name: string
  old_level: number | null
  new_level: number
  at: string
  area_code: string | null
  lon: number
  lat: number
}

export type AlertKind = 'new_major_danger' | 'new_overdue' | 'level_raised_red'

export interface WallAlert {
  kind: AlertKind
  key: string
  at: string
  id: string
  title: string
  level: number | null
  listing_level: string | null
  lon: number
  lat: number
  area_code: string | null
}

export interface WallChanges {
  since: string
  watermark: string
  reread_seconds: number
  hidden_dangers: DangerChange[]
  risk_points: RiskPointChange[]
  alerts: WallAlert[]
  truncated: boolean
}

export interface IncidentTarget {
  id: string
  name: string
  target_class: string
  type_code: string
  population: number
  distance_m: number
  ring_m: number
  lon: number
  lat: number
}

export interface IncidentRing {
  radius_m: number
  count: number
  population: number
  by_class: Record<string, { count: number; population: number }>
}

export interface IncidentReport {
  center: { lon: number; lat: number }
  hazard_source: { id: string; name: string; enterprise_name: string | null; is_major: boolean; major_grade: number | null; unit_type: string } | null
  radii_m: number[]
  rings: IncidentRing[]
  targets: IncidentTarget[]
  targets_total: number
  targets_truncated: boolean
  /** when the incident starts on a pipeline (incident_report_pipeline) */
  pipeline?: IncidentPipeline
}

/** An emergency resource near an incident: its card's fields, ranked by geodesic distance. */
export type NearestResource = Omit<EmergencyResourceDetail, 'area_name' | 'lon' | 'lat'> & {
  rank: number
  distance_m: number
  longitude: number
  latitude: number
}

// fresh: past the gateway's short shared cache, e.g. right after wall_changes reported a change
const call = <T>(fn: string, args: Record<string, unknown>, signal?: AbortSignal, fresh = false) => rpcCall<T>(fn, args, { signal, fresh })

export function wallSummary(areaCode: string | null = null, signal?: AbortSignal, fresh = false): Promise<WallSummary> {
  return call('wall_summary', { area_code: areaCode }, signal, fresh)
}

export function wallChanges(since: string, signal?: AbortSignal): Promise<WallChanges> {
  return call('wall_changes', { since: sharedSince(since) }, signal)
}

export type IncidentOrigin =
  | { kind: 'point'; lon: number; lat: number }
  | { kind: 'hazard_source'; id: string; lon: number; lat: number; name: string }
  // a point on a pipeline (issue 19): incident_report_pipeline snaps it to the line
  | { kind: 'pipeline'; id: string; lon: number; lat: number; name: string; medium: string; pressure_mpa: number | null }

export function incidentReport(origin: IncidentOrigin, radii: number[], signal?: AbortSignal): Promise<IncidentReport> {
  if (origin.kind === 'pipeline') return call('incident_report_pipeline', { pipeline_id: origin.id, lon: origin.lon, lat: origin.lat, radii_m: radii }, signal)
  const args = origin.kind === 'point' ? { lon: origin.lon, lat: origin.lat, radii_m: radii } : { hazard_source_id: origin.id, radii_m: radii }
  return call('incident_report', args, signal)
}

export async function nearestResources(lon: number, lat: number, n: number, type: string | null, signal?: AbortSignal): Promise<NearestResource[]> {
  return (await call<NearestResource[] | null>('nearest_emergency_resources', { lon, lat, n, type }, signal)) ?? []
}

/** True when the error means the service could not be reached (not a refusal or a bad request). */
export function isUnreachable(e: unknown): boolean {
  if (e instanceof ApiError) return e.status === undefined || e.status === 0 || e.status >= 502
  return true
}
