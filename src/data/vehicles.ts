// Dangerous-goods vehicles (issue 19, migration 20261213000100): recent alerts for the wall,
// latest fixes, one vehicle's track of a day, 入网率 / 上线率 per carrier. Every rule (alerts,
// who sees what) is the database's.
import { supabase } from './client.ts'
import { ApiError } from './mapApi.ts'
import type { VehicleAlertKind } from '../domain/vehicles.ts'

export interface VehicleAlert {
  id: string
  vehicle_id: string
  kind: VehicleAlertKind
  at: string
  created_at: string
  detail: Record<string, unknown> | null
  vehicle: { plate: string; un_number: string | null; hazard_class: string } | null
}

/** The newest alerts the caller may read (RLS), newest first. */
export async function recentVehicleAlerts(limit = 8, signal?: AbortSignal): Promise<VehicleAlert[]> {
  let q = supabase()
    .from('vehicle_alerts')
    .select('id, vehicle_id, kind, at, created_at, detail, vehicle:dg_vehicles(plate, un_number, hazard_class)')
    .order('created_at', { ascending: false })
    .limit(limit)
  if (signal) q = q.abortSignal(signal)
  const { data, error, status } = await q
  if (error) throw new ApiError(`vehicle_alerts: ${error.message}`, status, error.code)
  return data as unknown as VehicleAlert[]
}

/** One vehicle's fixes of a day (China time), for playback: times in seconds since t0, in order. */
export interface VehicleTrack {
  vehicle_id: string
  day: string
  n: number
  t0: string
  t: number[]
  path: [number, number][]
  speed: (number | null)[]
  heading: (number | null)[]
}

export async function vehicleTrack(vehicleId: string, day?: string, signal?: AbortSignal): Promise<VehicleTrack> {
  let q = supabase().rpc('vehicle_track', day ? { vehicle_id: vehicleId, on_day: day } : { vehicle_id: vehicleId })
  if (signal) q = q.abortSignal(signal)
  const { data, error, status } = await q
  if (error) throw new ApiError(`vehicle_track: ${error.message}`, status, error.code)
  return data as VehicleTrack
}
