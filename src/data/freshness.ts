// Freshness (issue 15): what is due a review (待复评) or a re-assessment (待重评), and filing a
// hazard source's new safety assessment. The database decides what is due and who may file;
// its refusals are passed on word for word.
import { supabase } from './client.ts'
import { rpcCall } from './rpc.ts'
import type { ReassessmentReason } from '../domain/freshness.ts'

export interface FreshnessArea {
  code: string
  name: string | null
  risk_points_due: number
  risk_points_total: number
  hazard_sources_due: number
  major_hazard_sources_total: number
}
export interface FreshnessSummary {
  settings: { risk_point_review_months: number; major_hazard_reassess_years: number }
  risk_points_due: number
  risk_points_total: number
  hazard_sources_due: number
  major_hazard_sources_total: number
  areas: FreshnessArea[]
}
export interface StaleRiskPoint {
  id: string
  name: string
  level: number
  current_level: number
  assessed_at: string | null
  enterprise_name: string | null
  area_name: string | null
  lon: number
  lat: number
}
export interface StaleHazardSource {
  id: string
  name: string
  major_grade: number | null
  enterprise_name: string | null
  area_name: string | null
  last_assessed_on: string | null
  reasons: ReassessmentReason[]
  lon: number
  lat: number
}

export async function freshnessSummary(areaCode: string | null): Promise<FreshnessSummary> {
  const { data, error } = await supabase().rpc('freshness_summary', { area_code: areaCode })
  if (error) throw new Error(error.message)
  return data as unknown as FreshnessSummary
}

/** One page of what is due, oldest first (stale_items pages at most 500 rows a call). */
async function staleItems<T>(kind: 'risk_points' | 'hazard_sources', areaCode: string | null, page: number, size: number): Promise<T[]> {
  const { data, error } = await supabase().rpc('stale_items', { kind, area_code: areaCode, lim: size, off: page * size })
  if (error) throw new Error(error.message)
  return data as unknown as T[]
}

export const staleRiskPoints = (areaCode: string | null, page: number, size = 100) => staleItems<StaleRiskPoint>('risk_points', areaCode, page, size)

export const staleHazardSources = (areaCode: string | null, page: number, size = 100) => staleItems<StaleHazardSource>('hazard_sources', areaCode, page, size)

/** File a safety assessment (安全评估报告) of a hazard source: the enterprise its own, the regulator its area. */
export async function recordAssessment(hazardSourceId: string, assessedOn: string, reportRef: string, assessor: string): Promise<void> {
  const { error } = await supabase()
    .from('hazard_source_assessments')
    .insert({ hazard_source_id: hazardSourceId, assessed_on: assessedOn, report_ref: reportRef || null, assessor: assessor || null })
  if (error) throw new Error(error.message)
}

/** 复评，维持原评估: records the review; the database dates the point's assessment today (or refuses, word for word). */
export async function recordRiskPointReview(riskPointId: string, note: string): Promise<void> {
  const { error } = await supabase().from('risk_point_reviews').insert({ risk_point_id: riskPointId, note })
  if (error) throw new Error(error.message)
}

/** One cell of the stale overlay: how many 待复评 risk points and 待重评 sources; the item itself when alone. */
export interface StaleCell {
  lon: number
  lat: number
  /** risk points due a review (待复评) */
  rp: number
  /** major hazard sources due a re-assessment (待重评) */
  hs: number
  kind: 'risk_points' | 'hazard_sources' | null
  id: string | null
}
export interface StaleView {
  risk_points: number
  hazard_sources: number
  cells: StaleCell[]
}

/** stale_points: what is due in the view, grouped into ~32 px cells at the zoom. */
export async function stalePoints(bbox: readonly [number, number, number, number], zoom: number, signal?: AbortSignal): Promise<StaleView> {
  const [west, south, east, north] = bbox
  const r = await rpcCall<StaleView | null>('stale_points', { west, south, east, north, zoom }, { signal })
  return r ?? { risk_points: 0, hazard_sources: 0, cells: [] }
}
