// #/vehicles (issue 19): 入网率 / 上线率 per carrier (vehicle_network_rates, security invoker: the
// register's RLS decides which carriers the caller sees) and today's vehicle alerts (vehicle_alerts,
// RLS decides). Errors keep the database's message word for word.
import { supabase } from './client.ts'
import { ApiError, rpcCall } from './rpc.ts'
import { chinaDayStart, pointLonLat } from '../domain/vehicleRates.ts'
import type { VehicleAlertKind } from '../domain/vehicles.ts'

export interface CarrierRates {
  carrier_enterprise_id: string
  carrier_name: string | null
  registered: number
  networked: number
  online: number
  network_rate: number | null
  online_rate: number | null
}

/** Today's (China time) figures per carrier the caller may read. */
export function carrierRates(signal?: AbortSignal): Promise<CarrierRates[]> {
  return rpcCall<CarrierRates[]>('vehicle_network_rates', {}, { signal, fresh: true })
}

export interface TodayAlert {
  id: string
  kind: VehicleAlertKind
  at: string
  vehicle_id: string
  plate: string | null
  zone_name: string | null
  target_name: string | null
  /** [lon, lat] of the fix, or null */
  position: [number, number] | null
}

/** At most this many of today's alerts are listed (one bounded response). */
export const TODAY_ALERTS_LIMIT = 200

interface AlertRow {
  id: string
  kind: VehicleAlertKind
  at: string
  geom: unknown
  vehicle_id: string
  vehicle: { plate: string } | null
  zone: { name: string } | null
  target: { name: string } | null
}

/** Today's alerts (China time) the caller may read, newest first. */
export async function todayVehicleAlerts(signal?: AbortSignal): Promise<TodayAlert[]> {
  let q = supabase()
    .from('vehicle_alerts')
    .select('id, kind, at, geom, vehicle_id, vehicle:dg_vehicles(plate), zone:vehicle_restricted_zones(name), target:protective_targets(name)')
    .gte('at', chinaDayStart())
    .order('at', { ascending: false })
    .limit(TODAY_ALERTS_LIMIT)
  if (signal) q = q.abortSignal(signal)
  const { data, error, status } = await q
  if (error) throw new ApiError(`vehicle_alerts: ${error.message}`, status, error.code)
  return (data as unknown as AlertRow[]).map((r) => ({
    id: r.id,
    kind: r.kind,
    at: r.at,
    vehicle_id: r.vehicle_id,
    plate: r.vehicle?.plate ?? null,
    zone_name: r.zone?.name ?? null,
    target_name: r.target?.name ?? null,
    position: pointLonLat(r.geom),
  }))
}
