// The public view's own RPCs (anonymous): what is around a point, reporting a hidden danger and
// looking the report up. Search, map points, counts and the feature card come from mapApi.ts.
import { supabase } from './client.ts'
import { ApiError, rpcCall } from './rpc.ts'

/** Where an "around me" item is, and how far. */
interface AroundPlace {
  area_name: string | null
  district_name: string | null
  district_name_en: string | null
  lon: number
  lat: number
  distance_m: number
}
export interface AroundRiskPoint extends AroundPlace {
  kind: 'risk_point'
  level: number
  category_code: string
  category_name: string
  category_name_en: string | null
  advice_key: string
}
export interface AroundMajorHazard extends AroundPlace {
  kind: 'major_hazard'
  major_grade: number | null
  enterprise_name: string
  advice_key: 'major_hazard'
  advice_distance_m: number | null
}
export interface AroundResource extends AroundPlace {
  kind: 'resource'
  resource_type: 'shelter' | 'hospital' | 'fire_station'
  name: string
  advice_key: string
}
export type AroundItem = AroundRiskPoint | AroundMajorHazard | AroundResource

export interface AroundResult {
  lon: number
  lat: number
  radius_m: number
  counts: { risk_points: Record<'1' | '2' | '3' | '4', number>; major_hazards: number; resources: number }
  total: number
  truncated: boolean
  items: AroundItem[]
}

/** A refusal or failure of the database, with its SQLSTATE (e.g. 54000 rate limit). */
export class PublicApiError extends ApiError {}

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v))

const call = <T>(fn: string, args: Record<string, unknown>, signal?: AbortSignal) =>
  rpcCall<T>(fn, args, { signal, bare: true, makeError: (msg, status, code) => new PublicApiError(msg, status, code) })

/** public_around: the public-safe items within radiusM metres of the point, nearest first. */
export async function publicAround(lon: number, lat: number, radiusM: number, signal?: AbortSignal): Promise<AroundResult> {
  const r = await call<AroundResult>('public_around', { lon, lat, radius_m: radiusM }, signal)
  // numeric columns may come as strings (arbitrary precision): coerce once here
  for (const it of r.items) {
    it.lon = num(it.lon)
    it.lat = num(it.lat)
    it.distance_m = num(it.distance_m)
    if (it.kind === 'major_hazard' && it.advice_distance_m != null) it.advice_distance_m = num(it.advice_distance_m)
  }
  return r
}

export interface ReportReceipt {
  tracking_code: string
  status: string
}

export async function reportHiddenDanger(description: string, lon: number, lat: number, contact: string | null): Promise<ReportReceipt> {
  return call<ReportReceipt>('report_hidden_danger', { description, lon, lat, contact: contact?.trim() ? contact : null })
}

export interface ReportStatus {
  tracking_code: string
  status: string
  reported_at: string
  updated_at: string
}

/** null when no public report has that code. */
export async function reportStatus(code: string): Promise<ReportStatus | null> {
  return call<ReportStatus | null>('report_status', { code })
}

export interface ReportLimits {
  min_length: number
  max_length: number
}

/** The description length limits the database enforces (public_report_settings, readable by anon). */
export async function reportLimits(): Promise<ReportLimits> {
  const { data, error } = await supabase().from('public_report_settings').select('min_length, max_length').single()
  if (error) throw new PublicApiError(error.message, undefined, error.code)
  return { min_length: num(data.min_length), max_length: num(data.max_length) }
}

export interface PlaceAt {
  inside: boolean
  district_name?: string
  district_name_en?: string
  street_name?: string | null
  /** pinyin with its kind (Donghu Subdistrict), or the Chinese name where the area has none */
  street_name_en?: string | null
}

/** The district and street of a point, and whether the service covers it (public_place_at). */
export async function publicPlaceAt(lon: number, lat: number, signal?: AbortSignal): Promise<PlaceAt> {
  return call<PlaceAt>('public_place_at', { lon, lat }, signal)
}
