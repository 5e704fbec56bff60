// The relocation planner's database calls (safety distances, supabase/migrations/*_safety_distance_planner.sql
// and *_planner.sql). Numeric columns may arrive as strings (PostgREST numeric): coerced here.
import type { MultiPolygon, Polygon, Geometry } from 'geojson'
import { supabase } from './client.ts'
import { rpcCall } from './rpc.ts'
import type { ProtectiveClass } from '../domain/categories.ts'
import type { Distances, SiteGeometry, TargetShortfall, TargetTilePayload } from '../domain/plannerGeo.ts'

export class PlannerApiError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message)
  }
}

const rpc = <T>(fn: string, args: Record<string, unknown>, signal?: AbortSignal) =>
  rpcCall<T>(fn, args, { signal, makeError: (msg, _status, code) => new PlannerApiError(msg, code) })

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v))

export type RelocationStatus = 'none' | 'relocate' | 'suspend' | 'close' | 'convert'

export interface ViolationRow {
  hazard_source_id: string
  hazard_source_name: string
  enterprise_id: string
  enterprise_name: string
  industry_code: string
  area_code: string | null
  relocation_status: RelocationStatus
  is_major: boolean
  major_grade: number | null
  violations_by_class: Partial<Record<ProtectiveClass, number>>
  violating_targets: number
  population_inside: number
  worst_shortfall_m: number
  lon: number
  lat: number
}

export async function safetyDistanceViolations(areaCode: string | null, signal?: AbortSignal): Promise<ViolationRow[]> {
  const rows = await rpc<Record<string, unknown>[] | null>('safety_distance_violations', { area_code: areaCode }, signal)
  return (rows ?? []).map((r) => ({
    ...(r as unknown as ViolationRow),
    violating_targets: num(r.violating_targets),
    population_inside: num(r.population_inside),
    worst_shortfall_m: num(r.worst_shortfall_m),
  }))
}

export interface CheckRow extends SiteTarget {
  individual_risk: number | null
  risk_criterion: number | null
  risk_criterion_failed: boolean | null
}

export async function safetyDistanceCheck(hazardSourceId: string, signal?: AbortSignal): Promise<CheckRow[]> {
  const rows = await rpc<Record<string, unknown>[] | null>('safety_distance_check', { hazard_source_id: hazardSourceId }, signal)
  return (rows ?? []).map((r) => ({
    ...(r as unknown as CheckRow),
    distance_m: num(r.distance_m),
    required_m: num(r.required_m),
    shortfall_m: num(r.shortfall_m),
    individual_risk: r.individual_risk == null ? null : num(r.individual_risk),
    risk_criterion: r.risk_criterion == null ? null : num(r.risk_criterion),
  }))
}

export interface SourceDistance {
  target_class: ProtectiveClass
  required_m: number
  basis: 'assessment_report' | 'computed' | 'what_if'
  basis_reference: string | null
  basis_date: string | null
}

export interface PlannerSource {
  id: string
  name: string
  enterprise_id: string
  enterprise_name: string
  industry_code: string
  area_code: string | null
  relocation_status: RelocationStatus
  installation_status: 'new' | 'in_service'
  is_major: boolean
  major_grade: number | null
  geometry: SiteGeometry
  lon: number
  lat: number
  distances: SourceDistance[]
}

export async function plannerSource(hazardSourceId: string, signal?: AbortSignal): Promise<PlannerSource> {
  const s = await rpc<PlannerSource>('planner_source', { hazard_source_id: hazardSourceId }, signal)
  return { ...s, distances: s.distances.map((d) => ({ ...d, required_m: num(d.required_m) })) }
}

export interface SiteTarget extends TargetShortfall {
  name: string
  type_code: string
}

export interface SiteEvaluation {
  targets: SiteTarget[]
  summary: {
    by_class: Record<ProtectiveClass, { count: number; population: number }>
    population: number
    violations: number
    compliant: boolean
  }
}

export async function evaluateSite(site: SiteGeometry, distances: Distances, signal?: AbortSignal): Promise<SiteEvaluation> {
  const r = await rpc<SiteEvaluation>('evaluate_site', { site, distances }, signal)
  return {
    targets: r.targets.map((t) => ({ ...t, distance_m: num(t.distance_m), required_m: num(t.required_m), shortfall_m: num(t.shortfall_m) })),
    summary: { ...r.summary, population: num(r.summary.population) },
  }
}

export interface Suitability {
  suitable: MultiPolygon | null
  area_m2: number
  total_area_m2: number
  blocking_targets: number
}

export async function sitingSuitability(area: Polygon | MultiPolygon, distances: Distances, signal?: AbortSignal): Promise<Suitability> {
  const r = await rpc<Suitability>('siting_suitability', { area, distances }, signal)
  return { ...r, area_m2: num(r.area_m2), total_area_m2: num(r.total_area_m2), blocking_targets: num(r.blocking_targets) }
}

/** One tile of protective targets as column arrays (planner_targets). */
export async function plannerTargets(box: readonly [number, number, number, number], signal?: AbortSignal): Promise<TargetTilePayload> {
  const [west, south, east, north] = box
  const r = await rpc<TargetTilePayload>('planner_targets', { west, south, east, north }, signal)
  return { ...r, lon: r.lon.map(num), lat: r.lat.map(num) }
}

export interface District {
  code: string
  name: string
  name_en: string | null
}

export async function districts(): Promise<District[]> {
  const { data, error } = await supabase().from('areas').select('code,name,name_en').eq('level', 'district').order('code')
  if (error) throw new PlannerApiError(`areas: ${error.message}`)
  return (data ?? []) as District[]
}

export interface Park {
  id: string
  name: string
  geometry: Polygon | MultiPolygon
}

export async function chemicalParks(): Promise<Park[]> {
  const { data, error } = await supabase().rpc('map_features', { layer: 'chemical_parks', west: -180, south: -90, east: 180, north: 90 })
  if (error) throw new PlannerApiError(`chemical parks: ${error.message}`)
  return ((data ?? []) as { id: string; name: string; geometry: Geometry }[]).filter(
    (p): p is Park => p.geometry?.type === 'Polygon' || p.geometry?.type === 'MultiPolygon',
  )
}

export interface ProtectiveTargetType {
  code: string
  name_zh: string
  name_en: string
}

export async function protectiveTargetTypes(): Promise<ProtectiveTargetType[]> {
  const { data, error } = await supabase().from('protective_target_types').select('code,name_zh,name_en')
  if (error) throw new PlannerApiError(`protective_target_types: ${error.message}`)
  return (data ?? []) as ProtectiveTargetType[]
}
