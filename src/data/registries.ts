// Registries behind command (issue 18, migration 20261210000200): the nearest rescue teams and
// depots holding a material (staff, under the caller's RLS; phones only where the caller may read
// them), and 备案率 by area. The lists themselves are the views emergency_plan_list,
// emergency_expert_list and material_stockpile_list.
import { supabase } from './client.ts'
import { ApiError, rpcCall } from './rpc.ts'

export interface NearestTeam {
  rank: number
  id: string
  name: string
  team_type: string
  headcount: number
  equipment: string | null
  /** null unless the caller dispatches (admin, command centre, regulator) */
  duty_phone: string | null
  distance_m: number
  longitude: number
  latitude: number
}

export interface NearestDepot {
  rank: number
  resource_id: string
  name: string
  distance_m: number
  quantity: number
  unit: string
  expires_on: string | null
  expiring_soon: boolean
  longitude: number
  latitude: number
}

export interface ExpertRow {
  id: string
  name: string
  specialty: string
  organisation: string | null
  area_code: string
  phone: string | null
  stale: boolean
}

export interface FilingRate {
  code: string
  name: string
  plans: number
  filed: number
  filing_rate: number | null
  drill_overdue: number
  evaluation_overdue: number
}

const rpc = <T>(fn: string, args: Record<string, unknown>, signal?: AbortSignal) => rpcCall<T>(fn, args, { signal, bare: true })

export const nearestRescueTeams = (lon: number, lat: number, n = 5, signal?: AbortSignal) => rpc<NearestTeam[]>('nearest_rescue_teams', { lon, lat, n }, signal)

export const nearestStockpiles = (lon: number, lat: number, material: string, n = 3, signal?: AbortSignal) =>
  rpc<NearestDepot[]>('nearest_stockpiles', { lon, lat, material, n }, signal)

export const filingRate = (level: 'city' | 'district' | 'street' = 'district') => rpc<FilingRate[]>('emergency_plan_filing_rate', { level })

/** Experts of the given specialties, current records first (the pool is small: one request). */
export async function experts(specialties: readonly string[], limit = 10, signal?: AbortSignal): Promise<ExpertRow[]> {
  let q = supabase()
    .from('emergency_expert_list')
    .select('id, name, specialty, organisation, area_code, phone, stale')
    .in('specialty', [...specialties])
    .order('stale')
    .order('name')
    .limit(limit)
  if (signal) q = q.abortSignal(signal)
  const { data, error, status } = await q
  if (error) throw new ApiError(error.message, status, error.code)
  return data as ExpertRow[]
}
