// The vehicles layer's requests (issue 19): latest fixes in a view (vehicle_map) and one
// vehicle's card (vehicle_card), under the caller's RLS; refusals passed on word for word.
import { supabase } from './client.ts'
import { ApiError } from './mapApi.ts'
import type { Bbox } from '../contract/rows.ts'
import type { VehicleDetail, VehicleMap } from '../contract/vehicles.ts'

export async function vehicleMap(bbox: Bbox, signal?: AbortSignal): Promise<VehicleMap> {
  const [west, south, east, north] = bbox
  let q = supabase().rpc('vehicle_map', { west, south, east, north })
  if (signal) q = q.abortSignal(signal)
  const { data, error, status } = await q
  if (error) throw new ApiError(`vehicle_map: ${error.message}`, status, error.code)
  return data as unknown as VehicleMap
}

export async function vehicleCard(vehicleId: string, signal?: AbortSignal): Promise<VehicleDetail> {
  let q = supabase().rpc('vehicle_card', { vehicle_id: vehicleId })
  if (signal) q = q.abortSignal(signal)
  const { data, error, status } = await q
  if (error) throw new ApiError(`vehicle_card: ${error.message}`, status, error.code)
  return data as unknown as VehicleDetail
}

export interface DayAlert {
  id: string
  kind: string
  at: string
}

/** One vehicle's alerts from t0 for a day (the playback's marks), under RLS; at most 500. */
export async function vehicleAlertsOfDay(vehicleId: string, t0: string, signal?: AbortSignal): Promise<DayAlert[]> {
  const end = new Date(new Date(t0).getTime() + 86_400_000).toISOString()
  let q = supabase().from('vehicle_alerts').select('id, kind, at').eq('vehicle_id', vehicleId).gte('at', t0).lt('at', end).order('at').limit(500)
  if (signal) q = q.abortSignal(signal)
  const { data, error, status } = await q
  if (error) throw new ApiError(`vehicle_alerts: ${error.message}`, status, error.code)
  return data as DayAlert[]
}
