// What a click on the vehicles layer hits (src/layers/vehicles/pick.ts): a vehicle within its pick
// distance, else the counted disc (bin) whose drawn radius holds the point, and the grid cell the
// server counted that bin in (floor(lon / cell), floor(lat / cell), as vehicle_map groups).
import { describe, expect, it } from 'vitest'
import { binAt, binCell, vehicleNear } from '../../src/layers/vehicles/pick.ts'
import { binRadius } from '../../src/layers/vehicles/layer.ts'
import type { VehicleBin, VehicleMapRow } from '../../src/contract/vehicles.ts'

// a plain screen: 1,000 px per degree, y down
const project = ([lon, lat]: [number, number]) => ({ x: (lon - 113) * 1000, y: (23 - lat) * 1000 })
const bin = (lon: number, lat: number, n: number): VehicleBin => ({ lon, lat, n, stale: 0 })

describe('binAt', () => {
  const a = bin(113.1, 22.9, 8) // at (100, 100), radius binRadius(8) = 20 px
  const b = bin(113.13, 22.9, 1000) // at (130, 100), radius 30 px (capped)
  it('hits a disc inside its drawn radius and misses just outside it', () => {
    const r = binRadius(8)
    expect(binAt([a], project, 100 - r + 0.5, 100)).toBe(a)
    expect(binAt([a], project, 100 - r - 0.5, 100)).toBeNull()
    expect(binAt([a], project, 100, 100 + r - 0.5)).toBe(a)
  })
  it('where two discs overlap, the nearer centre wins', () => {
    expect(binAt([a, b], project, 112, 100)).toBe(a)
    expect(binAt([a, b], project, 118, 100)).toBe(b)
    expect(binAt([b, a], project, 112, 100)).toBe(a)
  })
  it('grows with the wall’s size factor', () => {
    const r = binRadius(8)
    expect(binAt([a], project, 100 - 1.5 * r, 100)).toBeNull()
    expect(binAt([a], project, 100 - 1.5 * r, 100, 2)).toBe(a)
  })
  it('nothing drawn, nothing hit', () => {
    expect(binAt([], project, 0, 0)).toBeNull()
  })
})

describe('binCell', () => {
  it('is the grid cell of power-of-two degrees that holds the bin’s mean position', () => {
    for (const cell of [1 / 256, 1 / 64, 1 / 8, 0.5]) {
      for (const [lon, lat] of [
        [113.0917, 22.5791],
        [112.5, 22.0],
        [-0.3, -33.9],
      ] as const) {
        const [[w, s], [e, n]] = binCell(bin(lon, lat, 5), cell)
        expect(e - w).toBeCloseTo(cell, 12)
        expect(n - s).toBeCloseTo(cell, 12)
        expect(w).toBeLessThanOrEqual(lon)
        expect(lon).toBeLessThan(e)
        expect(s).toBeLessThanOrEqual(lat)
        expect(lat).toBeLessThan(n)
        // on the globe-aligned grid: its corner is a whole number of cells from 0°
        expect(Math.abs(w / cell - Math.round(w / cell))).toBeLessThan(1e-9)
        expect(Math.abs(s / cell - Math.round(s / cell))).toBeLessThan(1e-9)
      }
    }
  })
})

describe('vehicleNear', () => {
  const v = (id: string, lon: number, lat: number) => ({ id, lon, lat }) as VehicleMapRow
  it('the nearest vehicle within the pick distance, else none', () => {
    const rows = [v('a', 113.1, 22.9), v('b', 113.11, 22.9)]
    expect(vehicleNear(rows, project, 103, 100, 16)?.id).toBe('a')
    expect(vehicleNear(rows, project, 107, 100, 16)?.id).toBe('b')
    expect(vehicleNear(rows, project, 100, 120, 16)).toBeNull()
  })
})
