// Pipelines for incident mode and the planner (issue 19), from the staff-only RPCs of migration
// 20261224000100 under the caller's RLS: the nearest lines to a point with the protection rule
// (pipelines_near), and the incident report from a point on a line (incident_report_pipeline).
import { rpcCall } from './rpc.ts'

export interface NearPipeline {
  id: string
  name: string
  medium: string
  pressure_mpa: number | null
  diameter_mm: number | null
  distance_m: number
  /** 石油天然气管道保护法: art. 30 ≤ 5 m forbidden, art. 35(3) ≤ 200 m permit first */
  rule: 'forbidden' | 'permit' | 'clear'
}

/** The line an incident starts from, as incident_report_pipeline reports it. */
export interface IncidentPipeline {
  id: string
  name: string
  medium: string
  pressure_mpa: number | null
  diameter_mm: number | null
  operator_name: string | null
  along_m: number
  length_m: number
  snapped_m: number
}

/** The n nearest lines within radiusM (≤ 5000) of a point, nearest first. */
export async function pipelinesNear(lon: number, lat: number, radiusM: number, n: number, signal?: AbortSignal): Promise<NearPipeline[]> {
  return (await rpcCall<NearPipeline[] | null>('pipelines_near', { lon, lat, radius_m: radiusM, n }, { signal })) ?? []
}

/** The n nearest lines within radiusM (≤ 5000) of a planned site (GeoJSON point or polygon), nearest first. */
export async function pipelinesNearSite(site: object, radiusM: number, n: number, signal?: AbortSignal): Promise<NearPipeline[]> {
  return (await rpcCall<NearPipeline[] | null>('pipelines_near_site', { site, radius_m: radiusM, n }, { signal })) ?? []
}
