// What a click on the vehicles layer hits, in screen pixels as drawn: a vehicle (its card opens),
// or a vehicle bin, the counted disc drawn beyond 1,000 vehicles in view (the map zooms to the
// bin's cell, where the answer lists the vehicles one by one or bins them finer: the command
// centre reads a count, then goes to see who they are).
import type { VehicleBin, VehicleMapRow } from '../../contract/vehicles.ts'
import { binRadius } from './layer.ts'

type Project = (ll: [number, number]) => { x: number; y: number }

/** A click this close to a vehicle (px at a 1080-px-high wall; grows with the wall) picks it. */
export const VEHICLE_PICK_PX = 16

/** The nearest drawn vehicle to a screen point, within `maxPx`. */
export function vehicleNear(rows: readonly VehicleMapRow[], project: Project, x: number, y: number, maxPx: number) {
  let best: VehicleMapRow | null = null
  let bestD = maxPx * maxPx
  for (const v of rows) {
    const p = project([v.lon, v.lat])
    const d = (p.x - x) ** 2 + (p.y - y) ** 2
    if (d <= bestD) {
      bestD = d
      best = v
    }
  }
  return best
}

/** The bin whose disc (as drawn, `size` the wall's factor) holds the screen point; the nearest centre wins. */
export function binAt(bins: readonly VehicleBin[], project: Project, x: number, y: number, size = 1): VehicleBin | null {
  let best: VehicleBin | null = null
  let bestD = Infinity
  for (const b of bins) {
    const p = project([b.lon, b.lat])
    const d = (p.x - x) ** 2 + (p.y - y) ** 2
    const r = binRadius(b.n) * size
    if (d <= r * r && d < bestD) {
      bestD = d
      best = b
    }
  }
  return best
}

/**
 * The grid cell a bin counts: the server groups by floor(lon / cell), floor(lat / cell)
 * (migration 20270112000100) and draws the bin at its vehicles' mean position, which lies in it.
 */
export function binCell(bin: VehicleBin, cellDeg: number): [[number, number], [number, number]] {
  const x0 = Math.floor(bin.lon / cellDeg) * cellDeg
  const y0 = Math.floor(bin.lat / cellDeg) * cellDeg
  return [
    [x0, y0],
    [x0 + cellDeg, y0 + cellDeg],
  ]
}
