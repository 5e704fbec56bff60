// Dangerous-goods vehicles (issue 19) on the one map and the wall: each readable vehicle's latest
// fix in the view (vehicle_map, under the register's RLS: a carrier its own, a regulator its
// district's carriers, the command centre and planners all), re-requested every 10 s while shown
// (refreshMs). Never the public. The rows last loaded are kept in `vehiclesNow` so a click finds a
// vehicle in the browser and asks only for its card.
import type { VehicleMap } from '../../contract/vehicles.ts'
import { vehicleMap } from '../../data/vehicleMap.ts'
import { symbolScale } from '../../map/viewport.ts'
import { jsonBytes } from '../smallRequest.ts'
import { defineLayer } from '../types.ts'
import { countVehicles, vehicleCounts } from './counts.ts'
import { VehiclesLayer } from './layer.ts'
import { vehiclesUi } from './ui.tsx'

export { VehiclesLayer, vehicleAttributes } from './layer.ts'
export { vehicleCounts, countVehicles } from './counts.ts'
export { binAt, binCell, vehicleNear, VEHICLE_PICK_PX } from './pick.ts'

/** The vehicles and bins of the last answer (a click's lookup reads them). */
export const vehiclesNow: { rows: VehicleMap['vehicles']; bins: NonNullable<VehicleMap['bins']>; cellDeg: number | null } = {
  rows: [],
  bins: [],
  cellDeg: null,
}

export const VEHICLES_REFRESH_MS = 10_000

export const vehicles = defineLayer<VehicleMap | null>({
  key: 'vehicles',
  audiences: ['staff', 'wall'],
  panelOrder: 27,
  visibleByDefault: false,
  zoomTolerance: 1,
  refreshMs: VEHICLES_REFRESH_MS,
  requestKey: (q) => q.audience,
  empty: null,
  load: async (q, signal) => {
    const t0 = performance.now()
    const data = await vehicleMap(q.bbox, signal)
    vehiclesNow.rows = data.vehicles
    vehiclesNow.bins = data.bins ?? []
    vehiclesNow.cellDeg = data.cell_deg ?? null
    vehicleCounts.set(countVehicles(data))
    return { data, records: data.vehicles.length, bytes: jsonBytes(data), ms: Math.round(performance.now() - t0) }
  },
  ui: vehiclesUi,
  draw: (data, o) =>
    new VehiclesLayer({ id: o.id, visible: o.visible, rows: data?.vehicles ?? [], bins: data?.bins ?? [], scale: symbolScale(o.zoom), size: o.size ?? 1 }),
})
