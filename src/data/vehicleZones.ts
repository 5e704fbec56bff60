// The restricted zones (禁行区, issue 19) a vehicle's last fix lies in, under the caller's RLS:
// vehicle_latest.zone_ids (kept by ingest_vehicle_positions) and the zones' names and hours.
// Bounded: at most 20 zones.
import { supabase } from './client.ts'
import { ApiError } from './mapApi.ts'

export interface VehicleZone {
  id: string
  name: string
  hours_from: string | null
  hours_to: string | null
}

export const VEHICLE_ZONES_MAX = 20

export async function vehicleZonesNow(vehicleId: string, signal?: AbortSignal): Promise<VehicleZone[]> {
  let q = supabase().from('vehicle_latest').select('zone_ids').eq('vehicle_id', vehicleId).limit(1)
  if (signal) q = q.abortSignal(signal)
  const { data, error, status } = await q
  if (error) throw new ApiError(`vehicle_latest: ${error.message}`, status, error.code)
  const ids = ((data?.[0]?.zone_ids as string[] | undefined) ?? []).slice(0, VEHICLE_ZONES_MAX)
  if (ids.length === 0) return []
  let z = supabase().from('vehicle_restricted_zones').select('id, name, hours_from, hours_to').in('id', ids).order('name').limit(VEHICLE_ZONES_MAX)
  if (signal) z = z.abortSignal(signal)
  const r = await z
  if (r.error) throw new ApiError(`vehicle_restricted_zones: ${r.error.message}`, r.status, r.error.code)
  return r.data as VehicleZone[]
}
