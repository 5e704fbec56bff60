// What-if threat zones (issue 20): the protective targets and people inside the zones the browser
// computed, from the staff-only threat_zone_targets RPC (migration 20261206000100), under the
// caller's RLS (an enterprise counts only the targets within 5 km of its own sites).
import type { Polygon } from 'geojson'
import { supabase } from './client.ts'
import { ApiError } from './mapApi.ts'

export interface ZoneTargetsZone {
  level: string
  count: number
  population: number
  by_class: Record<string, { count: number; population: number }>
}

export interface ZoneTarget {
  id: string
  name: string
  target_class: string
  type_code: string
  population: number
  /** the most severe zone the target is in */
  zone: string
  /** from the source, m */
  distance_m: number
  lon: number
  lat: number
}

export interface ZoneTargets {
  zones: ZoneTargetsZone[]
  targets: ZoneTarget[]
  targets_total: number
  targets_truncated: boolean
  estimate: true
}

export async function threatZoneTargets(
  zones: readonly { level: string; geometry: Polygon }[],
  source: { lon: number; lat: number },
  signal?: AbortSignal,
): Promise<ZoneTargets> {
  let q = supabase().rpc('threat_zone_targets', { zones, lon: source.lon, lat: source.lat })
  if (signal) q = q.abortSignal(signal)
  const { data, error, status } = await q
  if (error) throw new ApiError(`threat_zone_targets: ${error.message}`, status, error.code)
  return data as ZoneTargets
}
