// Accidents and the plans' indicators (issue 16): the only place that calls supabase-js for
// #/indicators. The database decides grades, windows and who may write; its refusals are passed
// on word for word.
import { supabase } from './client.ts'
import type { Tables } from '../contract/dbTypes.ts'
import type { AccidentFeature } from '../domain/accidentsMap.ts'

export type IndicatorKey =
  | 'deaths_per_100m_gdp'
  | 'deaths_per_100k_imt_workers'
  | 'deaths_per_10k_vehicles'
  | 'deaths_per_10k_special_equipment'
  | 'accidents'
  | 'deaths'
  | 'larger_accidents'

export type IndicatorStatus = 'met' | 'not_met' | 'on_track' | 'off_track' | 'no_denominator' | 'no_target'

export interface IndicatorValue {
  indicator: IndicatorKey
  numerator: number
  denominator: number | null
  denominator_kind: string | null
  value: number | null
  target: number | null
  target_kind: 'cap' | 'reduction' | 'quota' | null
  base_year: number | null
  base_value: number | null
  quota: number | null
  plan_name: string | null
  borrowed_from: string | null
  status: IndicatorStatus
  projected_numerator: number | null
  projected_value: number | null
  year_elapsed: number | null
  /** The other plans' targets that apply to the same area, indicator and year, each judged on its own. */
  other_targets: OtherTarget[]
}

/** Another plan's target beside the deciding one (indicator_values.other_targets). */
export interface OtherTarget {
  plan_code: string
  plan_name: string
  borrowed_from: string | null
  target_kind: 'cap' | 'reduction' | 'quota'
  target: number | null
  base_year: number | null
  base_value: number | null
  reduction_pct: number | null
  denominator_kind: string | null
  value: number | null
  projected_value: number | null
  status: IndicatorStatus
}

/** An accident as the list reads it (the table's own columns, generated types). */
export type AccidentRow = Pick<
  Tables['accidents'],
  | 'id'
  | 'occurred_at'
  | 'first_reported_at'
  | 'area_code'
  | 'enterprise_id'
  | 'sector_code'
  | 'category_code'
  | 'deaths'
  | 'serious_injuries'
  | 'minor_injuries'
  | 'direct_loss_10k_yuan'
  | 'description'
  | 'grade'
  | 'late_report'
>

export interface AreaOption {
  code: string
  name: string
  name_en: string | null
  level: string
}

export interface AccidentInput {
  occurred_at: string
  lon: number
  lat: number
  sector: string
  category?: string | null
  enterprise_id?: string | null
  deaths: number
  serious_injuries: number
  minor_injuries: number
  direct_loss_10k_yuan: number
  description?: string
}

export async function indicatorValues(areaCode: string, year: number): Promise<IndicatorValue[]> {
  const { data, error } = await supabase().rpc('indicator_values', { area_code: areaCode, year })
  if (error) throw new Error(error.message)
  return data as IndicatorValue[]
}

/** The city and its districts, for the area picker. */
export async function indicatorAreas(): Promise<AreaOption[]> {
  const { data, error } = await supabase().from('areas').select('code, name, name_en, level').in('level', ['city', 'district']).order('code')
  if (error) throw new Error(error.message)
  return data as AreaOption[]
}

/** The accidents of an area (and everything inside it) in a Beijing year the caller may read, newest first. */
export async function accidentsOf(areaCode: string, year: number, limit = 1000): Promise<AccidentRow[]> {
  const prefix = areaCode.replace(/0000$/, '').replace(/00$/, '')
  const { data, error } = await supabase()
    .from('accidents')
    .select(
      'id, occurred_at, first_reported_at, area_code, enterprise_id, sector_code, category_code, deaths, serious_injuries, minor_injuries, direct_loss_10k_yuan, description, grade, late_report',
    )
    .like('area_code', `${prefix}%`)
    .gte('occurred_at', `${year}-01-01T00:00:00+08:00`)
    .lt('occurred_at', `${year + 1}-01-01T00:00:00+08:00`)
    .order('occurred_at', { ascending: false })
    .limit(limit)
  if (error) throw new Error(error.message)
  return data as AccidentRow[]
}

export async function recordAccident(accident: AccidentInput): Promise<AccidentRow & { grade: number; area_code: string }> {
  const { data, error } = await supabase().rpc('record_accident', { accident })
  if (error) throw new Error(error.message)
  return data as AccidentRow & { grade: number; area_code: string }
}

export interface SectorOption {
  code: string
  parent_code: string | null
  name_zh: string
  name_en: string
}

export async function accidentSectors(): Promise<SectorOption[]> {
  const { data, error } = await supabase().from('accident_sectors').select('code, parent_code, name_zh, name_en').order('sort_order')
  if (error) throw new Error(error.message)
  return data as SectorOption[]
}

export async function accidentCategories(): Promise<{ code: string; name_zh: string; name_en: string }[]> {
  const { data, error } = await supabase().from('accident_categories').select('code, name_zh, name_en').order('sort_order')
  if (error) throw new Error(error.message)
  return data as { code: string; name_zh: string; name_en: string }[]
}

/** The accidents the caller may read in a bbox between two Beijing dates (inclusive), most severe first (at most 1,000). */
export async function accidentsInView(
  bbox: readonly [number, number, number, number],
  from: string,
  to: string,
  signal?: AbortSignal,
): Promise<AccidentFeature[]> {
  const [west, south, east, north] = bbox
  let q = supabase().rpc('accidents_in_view', { west, south, east, north, from_date: from, to_date: to })
  if (signal) q = q.abortSignal(signal)
  const { data, error } = await q
  if (error) throw new Error(error.message)
  return (data as AccidentFeature[] | null) ?? []
}

/** One indicator of one year in a trend (indicator_values per year). */
export type TrendRow = Pick<
  IndicatorValue,
  'indicator' | 'numerator' | 'denominator' | 'denominator_kind' | 'value' | 'target' | 'target_kind' | 'base_year' | 'base_value' | 'status'
> & {
  year: number
  /** Where the series changes scope this year (indicator_scope_changes of the area or inside it), its notes. */
  scope_note_zh?: string | null
  scope_note_en?: string | null
}

/** Every indicator of an area for each year of a range (indicator_values per year, one request). */
export async function indicatorTrend(areaCode: string, fromYear: number, toYear: number): Promise<TrendRow[]> {
  const { data, error } = await supabase().rpc('indicator_trend', { area_code: areaCode, from_year: fromYear, to_year: toYear })
  if (error) throw new Error(error.message)
  return (data as TrendRow[] | null) ?? []
}

export interface DistrictValue {
  code: string
  name: string
  name_en: string | null
  numerator: number
  denominator: number | null
  value: number | null
  target: number | null
  status: IndicatorStatus
}

/** One indicator of a year for each district of an area. */
export async function indicatorByDistrict(areaCode: string, year: number, indicator: IndicatorKey): Promise<DistrictValue[]> {
  const { data, error } = await supabase().rpc('indicator_by_district', { area_code: areaCode, year, indicator })
  if (error) throw new Error(error.message)
  return (data as DistrictValue[] | null) ?? []
}

export interface AccidentChanges {
  deaths?: number
  serious_injuries?: number
  minor_injuries?: number
  direct_loss_10k_yuan?: number
  description?: string
}

/** 续报 (within the window) or a correction (after it, with a reason): the database decides and says why not. */
export async function updateAccident(id: string, changes: AccidentChanges, reason: string | null): Promise<AccidentRow> {
  const { data, error } = await supabase().rpc('update_accident', { id, changes, reason: reason ?? undefined })
  if (error) throw new Error(error.message)
  return data as AccidentRow
}

export interface AccidentReport {
  id: number
  kind: 'first' | 'followup' | 'correction'
  reported_at: string
  deaths: number
  serious_injuries: number
  minor_injuries: number
  direct_loss_10k_yuan: number
  grade: number
  changed: Record<string, unknown>
  reason: string | null
  actor_role: string
  late: boolean
}

/** The append-only history of an accident (首报, 续报, corrections), oldest first. */
export async function accidentHistory(id: string): Promise<AccidentReport[]> {
  const { data, error } = await supabase()
    .from('accident_reports')
    .select('id, kind, reported_at, deaths, serious_injuries, minor_injuries, direct_loss_10k_yuan, grade, changed, reason, actor_role, late')
    .eq('accident_id', id)
    .order('id')
  if (error) throw new Error(error.message)
  return data as AccidentReport[]
}
