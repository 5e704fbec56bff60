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
