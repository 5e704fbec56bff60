// The panel's counts of the vehicles layer: the last answer's vehicles in view, alerting, silent.
import { createStore } from '../../app/store.ts'
import type { VehicleMap } from '../../contract/vehicles.ts'

export interface VehicleCounts {
  /** vehicles in view the caller may read (may exceed those drawn) */
  total: number
  shown: number
  /** counted in bins (more than 1,000 in view), not drawn one by one */
  binned: number
  alert: number
  stale: number
}

export const vehicleCounts = createStore<VehicleCounts>({ total: 0, shown: 0, binned: 0, alert: 0, stale: 0 })

export function countVehicles(m: VehicleMap): VehicleCounts {
  let alert = 0
  let stale = 0
  let binned = 0
  for (const b of m.bins ?? []) {
    binned += b.n
    stale += b.stale
  }
  for (const v of m.vehicles) {
    if (v.alert) alert++
    if (v.stale) stale++
  }
  return { total: m.total, shown: m.vehicles.length, binned, alert, stale }
}
