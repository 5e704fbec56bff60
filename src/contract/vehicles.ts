// Row types of the vehicles layer's RPCs (issue 19, supabase/migrations/20261217000100_vehicle_map.sql),
// shared by src/data (which fetches them) and src/layers/vehicles (which draws them).
import type { VehicleAlertKind } from '../domain/vehicles.ts'

/** One vehicle's latest fix in the view (vehicle_map). */
export interface VehicleMapRow {
  id: string
  plate: string
  /** GB 6944 class or division code: '3', '2.1' … */
  hazard_class: string
  un_number: string | null
  lon: number
  lat: number
  speed_kmh: number | null
  /** degrees clockwise from north */
  heading: number | null
  t: string | null
  /** no fix for more than 5 minutes (signal lost) */
  stale: boolean
  /** an open alert: the zone it is still inside, the stop near a sensitive target, the lost signal */
  alert: VehicleAlertKind | null
}

/** A cell of vehicles counted together (more than 1,000 in the view): where, how many, how many silent. */
export interface VehicleBin {
  /** the mean position of its vehicles */
  lon: number
  lat: number
  n: number
  stale: number
}

export interface VehicleMap {
  as_of: string
  /** vehicles in the view the caller may read: vehicles.length + Σ bins.n */
  total: number
  /** each vehicle (≤ 1,000 in view), or beyond that the alerting ones alone */
  vehicles: VehicleMapRow[]
  /** beyond 1,000 in view, the others counted on a grid (migration 20270112000100); empty otherwise */
  bins?: VehicleBin[]
  /** the grid's cell in degrees when binned */
  cell_deg?: number | null
}

export interface VehicleCardAlert {
  id: string
  kind: VehicleAlertKind
  at: string
  zone_name: string | null
  target_name: string | null
}

/** One vehicle's card (vehicle_card). */
export interface VehicleDetail {
  id: string
  plate: string
  carrier_enterprise_id: string
  carrier_name: string | null
  un_number: string | null
  hazard_class: string
  class_name_zh: string
  class_name_en: string
  capacity_t: number | null
  in_service: boolean
  lon: number
  lat: number
  t: string | null
  speed_kmh: number | null
  heading: number | null
  stale: boolean
  alerts_today: VehicleCardAlert[]
}
