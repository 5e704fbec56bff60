// Typed wrappers of the map RPCs (see supabase/migrations/*_map_api.sql). Signed-in users call
// the full functions; anonymous visitors the public_* ones (the callers pass `isPublic`).
import { restHeaders, supabase, SUPABASE_URL } from './client.ts'
import { decodePoints, type DecodedPoints } from '../contract/points.ts'
import type { CellSize } from '../contract/cells.ts'
import type {
  AreaCollection,
  AreaLevel,
  AreaRiskSummary,
  Bbox,
  DetailByLayer,
  DetailLayer,
  PointLayer,
  PublicRiskDetail,
  SmallLayerRows,
} from '../contract/rows.ts'
import { isAbortError, isTransient, Limiter } from './latest.ts'
import { ApiError, rpcCall } from './rpc.ts'
import type { AlphaBand, GradeBand, HazardCategory, ReferenceData, Substance } from '../domain/majorHazard.ts'

// the row types are the contract's; re-exported so callers import one data module
export type {
  Bbox,
  PointLayer,
  DetailLayer,
  RiskPointDetail,
  HiddenDangerDetail,
  ProtectiveTargetDetail,
  HazardSourceDetail,
  EmergencyResourceDetail,
  EnterpriseDetail,
  PublicRiskDetail,
  PublicHazardDetail,
  Detail,
  DetailByLayer,
  HazardSourceFeature,
  MajorHazardFeature,
  EmergencyResourceFeature,
  ChemicalParkFeature,
  SmallLayerRows,
  AreaLevel,
  AreaProps,
  AreaCollection,
  CountsByLevel,
  AreaRiskSummary,
} from '../contract/rows.ts'

/** Map data requests in flight at once (see Limiter). */
const limiter = new Limiter(2)

/** Runs a request through the limiter and retries once, after a pause, on a transient failure. */
async function limited<T>(fn: () => Promise<T>, signal?: AbortSignal, urgent = false): Promise<T> {
  try {
    return await limiter.run(fn, signal, urgent)
  } catch (e) {
    const err = e as ApiError
    if (signal?.aborted || isAbortError(e) || !isTransient(err.status, err.message)) throw e
    await new Promise((r) => setTimeout(r, 400))
    return limiter.run(fn, signal, urgent)
  }
}

/** RPCs a person is waiting on (clicks, searches) jump the queue of map loads. */
const URGENT = new Set(['feature_at', 'public_feature_at', 'search_enterprises', 'public_search', 'dataset_info'])

export interface MapFilters {
  levels: number[] | null
  industry: string | null
  area: string | null
}

export { ApiError }

/** null = every level (the server's default); the caller skips the fetch when none is selected. */
export function levelsArg(levels: readonly number[] | null): number[] | null {
  if (!levels || levels.length >= 4) return null
  return [...levels].sort((a, b) => a - b)
}

export interface PointsResult {
  decoded: DecodedPoints
  bytes: number
  ms: number
}

/**
 * PostgREST 12 serves raw bytes only from a function whose return type is the domain
 * "application/octet-stream" (a media type handler); for a plain bytea it answers 415/406 and the
 * bytes are available only as a hex string in JSON (twice the size). Remember which one works.
 */
let binaryUnavailable = false

export function hexToBytes(hex: string): Uint8Array {
  const h = hex.startsWith('\\x') ? hex.slice(2) : hex
  const out = new Uint8Array(h.length >>> 1)
  for (let i = 0, j = 0; j < out.length; i += 2, j++) {
    const hi = h.charCodeAt(i)
    const lo = h.charCodeAt(i + 1)
    out[j] = (((hi & 15) + (hi > 57 ? 9 : 0)) << 4) | ((lo & 15) + (lo > 57 ? 9 : 0))
  }
  return out
}

/** map_points / public_map_points as raw bytes (Accept: application/octet-stream). */
export function fetchMapPoints(
  layer: PointLayer,
  bbox: Bbox,
  cell: CellSize,
  filters: MapFilters,
  isPublic: boolean,
  signal?: AbortSignal,
): Promise<PointsResult> {
  return limited(() => fetchMapPointsNow(layer, bbox, cell.level, filters, isPublic, signal), signal)
}

async function fetchMapPointsNow(
  layer: PointLayer,
  bbox: Bbox,
  zoom: number,
  filters: MapFilters,
  isPublic: boolean,
  signal?: AbortSignal,
): Promise<PointsResult> {
  const t0 = performance.now()
  const [west, south, east, north] = bbox
  const levels = levelsArg(filters.levels)
  const body = isPublic
    ? { west, south, east, north, zoom, levels, area: filters.area }
    : { layer, west, south, east, north, zoom, levels: layer === 'risk_points' ? levels : null, industry: filters.industry, area: filters.area }
  const fn = isPublic ? 'public_map_points' : 'map_points'
  const post = async (accept: string) =>
    fetch(`${SUPABASE_URL}/rest/v1/rpc/${fn}`, { method: 'POST', headers: await restHeaders(accept), body: JSON.stringify(body), signal })
  let res = binaryUnavailable ? null : await post('application/octet-stream')
  if (!res || res.status === 415 || res.status === 406) {
    if (res && !binaryUnavailable) {
      binaryUnavailable = true
      console.warn(
        `[data] ${fn}: the server does not serve application/octet-stream (return type must be the domain "application/octet-stream"); falling back to hex in JSON, twice the bytes`,
      )
    }
    res = await post('application/json')
    if (res.ok) {
      const text = await res.text()
      const hex = JSON.parse(text) as string | null
      const bytes = hex ? hexToBytes(hex) : new Uint8Array(0)
      return { decoded: decodePoints(bytes), bytes: text.length, ms: performance.now() - t0 }
    }
  }
  if (!res.ok) {
    let message = `${fn}: HTTP ${res.status}`
    let code: string | undefined
    try {
      const j = (await res.json()) as { message?: string; code?: string }
      message = `${fn}: ${j.message ?? message}`
      code = j.code
    } catch {
      /* not JSON */
    }
    throw new ApiError(message, res.status, code)
  }
  const buf = await res.arrayBuffer()
  const decoded = decodePoints(buf)
  return { decoded, bytes: buf.byteLength, ms: performance.now() - t0 }
}

async function rpc<T>(fn: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<T> {
  return limited(() => rpcCall<T>(fn, args, { signal }), signal, URGENT.has(fn))
}

// ------------------------------------------------------------------ feature details
export async function featureAt<L extends DetailLayer>(
  layer: L,
  lon: number,
  lat: number,
  radiusM: number,
  signal?: AbortSignal,
): Promise<DetailByLayer[L] | null> {
  return rpc('feature_at', { layer, lon, lat, radius_m: radiusM }, signal)
}

/** The card of one feature by id (null: no such feature, or the caller may not read it). */
export async function featureCard<L extends DetailLayer>(layer: L, id: string, signal?: AbortSignal): Promise<DetailByLayer[L] | null> {
  return rpc('feature_card', { layer, id }, signal)
}

export async function publicFeatureAt(lon: number, lat: number, radiusM: number, signal?: AbortSignal): Promise<PublicRiskDetail | null> {
  return rpc('public_feature_at', { lon, lat, radius_m: radiusM }, signal)
}

// ------------------------------------------------------------------ small layers
export type SmallLayer = keyof SmallLayerRows

export async function mapFeatures<L extends SmallLayer>(layer: L, bbox: Bbox, isPublic: boolean, signal?: AbortSignal): Promise<SmallLayerRows[L]> {
  const [west, south, east, north] = bbox
  const rows = await rpc<SmallLayerRows[L] | null>(isPublic ? 'public_map_features' : 'map_features', { layer, west, south, east, north }, signal)
  return rows ?? ([] as unknown as SmallLayerRows[L])
}

// ------------------------------------------------------------------ areas
/** Boundaries in a bbox, simplified to `cell` (the server's tolerance is one such cell). */
export async function areaBoundaries(level: AreaLevel, bbox: Bbox, cell: CellSize, signal?: AbortSignal): Promise<AreaCollection> {
  const [west, south, east, north] = bbox
  const fc = await rpc<AreaCollection | null>('area_boundaries', { level, west, south, east, north, zoom: cell.level }, signal)
  return fc && Array.isArray(fc.features) ? fc : { type: 'FeatureCollection', features: [] }
}

// ------------------------------------------------------------------ counts
export interface LayerCounts {
  risk_points: Record<'1' | '2' | '3' | '4', number>
  hazard_sources?: { total: number; major: number }
  hidden_dangers?: { open: number; overdue: number; major: number }
  protective_targets?: number
  emergency_resources?: number
  major_hazards?: number
}

export async function layerCounts(bbox: Bbox, filters: MapFilters, isPublic: boolean, signal?: AbortSignal): Promise<LayerCounts> {
  const [west, south, east, north] = bbox
  const levels = levelsArg(filters.levels)
  return isPublic
    ? rpc('public_layer_counts', { west, south, east, north, levels, area: filters.area }, signal)
    : rpc('layer_counts', { west, south, east, north, levels, industry: filters.industry, area: filters.area }, signal)
}

// ------------------------------------------------------------------ search
export interface SearchHit {
  kind: 'enterprise' | 'area' | 'target' | 'resource'
  id?: string
  name: string
  lon: number
  lat: number
  detail?: string | null
  /** public search: the area's English name */
  name_en?: string | null
  /** public search: the area level, the target's type code or the resource's type */
  type?: string
  type_zh?: string
  type_en?: string
  /** public search: the district a place is in */
  district?: string | null
  district_en?: string | null
}

export async function search(q: string, isPublic: boolean, signal?: AbortSignal): Promise<SearchHit[]> {
  if (!q.trim()) return []
  if (isPublic) {
    // places people know (schools, hospitals, stations …) as well as areas and companies
    const rows = await rpc<SearchHit[] | null>('public_place_search', { q }, signal)
    return rows ?? []
  }
  const rows = await rpc<{ id: string; name: string; industry_code: string; lon: number; lat: number; area_name: string | null }[] | null>(
    'search_enterprises',
    { q },
    signal,
  )
  return (rows ?? []).map((r) => ({ kind: 'enterprise' as const, id: r.id, name: r.name, lon: r.lon, lat: r.lat, detail: r.area_name }))
}

// ------------------------------------------------------------------ dataset + reference tables
export interface DatasetInfo {
  demo: boolean
  bbox: [number, number, number, number] | null
  city_name: string | null
  city_name_en: string | null
  counts: Record<string, number>
}

let datasetPromise: Promise<DatasetInfo> | undefined

/** The city's name in the UI's language (its Chinese name where it has no English one). */
export function cityName(d: Pick<DatasetInfo, 'city_name' | 'city_name_en'> | null | undefined, lang: 'zh' | 'en'): string | null {
  if (!d) return null
  return lang === 'en' ? (d.city_name_en ?? d.city_name) : d.city_name
}

/** dataset_info(), fetched once per page (callable by anon); a failure is not cached. */
export function datasetInfo(): Promise<DatasetInfo> {
  datasetPromise ??= rpc<DatasetInfo>('dataset_info', {}).catch((e: unknown) => {
    datasetPromise = undefined
    throw e
  })
  return datasetPromise
}

export interface Industry {
  code: string
  name_zh: string
  name_en: string
  hazardous_chemicals: boolean
}

export async function industries(): Promise<Industry[]> {
  const { data, error } = await supabase().from('industries').select('code,name_zh,name_en,hazardous_chemicals').order('code')
  if (error) throw new ApiError(`industries: ${error.message}`)
  return (data ?? []) as Industry[]
}

// ------------------------------------------------------------------ GB 18218 reference tables

/** numeric columns may arrive as strings from PostgREST (arbitrary precision): coerce once here. */
const toNum = (v: unknown): number => (typeof v === 'number' ? v : Number(v))

async function table<T>(name: string, columns: string): Promise<T[]> {
  const { data, error } = await supabase().from(name).select(columns)
  if (error) throw new ApiError(`${name}: ${error.message}`)
  return (data ?? []) as T[]
}

/** The four tables of the browser's GB 18218 calculator (readable by anon). */
export async function majorHazardReference(): Promise<ReferenceData> {
  const [subs, cats, alphas, grades] = await Promise.all([
    table<Record<string, unknown>>('substances', 'name_zh,cas,critical_t,toxic_gas_beta,hazard_category'),
    table<Record<string, unknown>>('hazard_categories', 'code,critical_t,beta'),
    table<Record<string, unknown>>('major_hazard_alpha_bands', 'min_people,alpha'),
    table<Record<string, unknown>>('major_hazard_grade_bands', 'grade,min_r'),
  ])
  return {
    substances: subs.map((s): Substance => ({
      name_zh: String(s.name_zh),
      cas: (s.cas as string | null) ?? null,
      critical_t: toNum(s.critical_t),
      toxic_gas_beta: s.toxic_gas_beta == null ? null : toNum(s.toxic_gas_beta),
      hazard_category: String(s.hazard_category),
    })),
    categories: cats.map((c): HazardCategory => ({ code: String(c.code), critical_t: toNum(c.critical_t), beta: toNum(c.beta) })),
    alphaBands: alphas.map((a): AlphaBand => ({ min_people: toNum(a.min_people), alpha: toNum(a.alpha) })),
    gradeBands: grades.map((g): GradeBand => ({ grade: toNum(g.grade) as GradeBand['grade'], min_r: toNum(g.min_r) })),
  }
}

// ------------------------------------------------------------------ area risk (choropleth)
/** area_risk_summary (signed in: with hazards, dangers, overrides) or public_area_risk_summary (colours only). */
export async function areaRiskSummary(level: Exclude<AreaLevel, 'city'>, isPublic: boolean, signal?: AbortSignal): Promise<AreaRiskSummary[]> {
  const rows = await rpc<AreaRiskSummary[] | null>(isPublic ? 'public_area_risk_summary' : 'area_risk_summary', { level }, signal)
  return rows ?? []
}
