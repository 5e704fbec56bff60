// Threat-zone footprints as GeoJSON polygons in WGS-84: the toxic plume's ground footprint at each
// level of concern (a plume shape, aligned with the wind), and circles for fire and explosion.
// Bounded: a plume footprint has at most 2 × PLUME_SAMPLES + 1 vertices, a circle CIRCLE_STEPS + 1.

import { circle, destination, point, polygon } from '@turf/turf'
import type { Feature, Polygon } from 'geojson'
import { briggsSigmas, groundCentreline, plumeReach, requireNumber, type PlumeSource, type PlumeReach } from './dispersion.ts'

export const PLUME_SAMPLES = 96
export const CIRCLE_STEPS = 72

export interface Origin {
  readonly lon: number
  readonly lat: number
}

export function checkOrigin(o: Origin): Origin {
  requireNumber('lon', o.lon, -180, 180, 'degrees')
  requireNumber('lat', o.lat, -85, 85, 'degrees')
  return o
}

/** Normalises a bearing to [0, 360). */
function norm360(d: number): number {
  return ((d % 360) + 360) % 360
}

/**
 * The WGS-84 position of a point x m downwind and y m crosswind (positive to the right of the
 * downwind direction) of `origin`, for a wind blowing FROM `wind_from_deg` (meteorological
 * convention, degrees clockwise from north): a geodesic (turf, spherical) step of √(x²+y²) m.
 */
export function plumeToLonLat(origin: Origin, wind_from_deg: number, x_m: number, y_m: number): [number, number] {
  const downwind = wind_from_deg + 180
  const dist = Math.hypot(x_m, y_m)
  if (dist === 0) return [origin.lon, origin.lat]
  const bearing = norm360(downwind + (Math.atan2(y_m, x_m) * 180) / Math.PI)
  const p = destination([origin.lon, origin.lat], dist / 1000, bearing > 180 ? bearing - 360 : bearing, {
    units: 'kilometers',
  })
  return p.geometry.coordinates as [number, number]
}

export interface PlumeFootprint {
  readonly reach: PlumeReach
  /** null when the threshold is reached nowhere */
  readonly polygon: Feature<Polygon> | null
}

/**
 * The ground footprint where C(x, y, 0) ≥ threshold: for x between the first and last centreline
 * crossing, the half-width σy·√(2 ln(Cc/T)), sampled at PLUME_SAMPLES distances crowded towards
 * both ends (cosine spacing, where the width changes fastest), mirrored across the axis.
 */
export function plumeFootprint(source: PlumeSource, threshold_mg_m3: number, origin: Origin, wind_from_deg: number): PlumeFootprint {
  checkOrigin(origin)
  requireNumber('wind_from_deg (wind direction)', wind_from_deg, -360, 720, 'degrees')
  const reach = plumeReach({ ...source, threshold_mg_m3 })
  if (reach.to_m <= 0) return { reach, polygon: null }
  const a = reach.from_m
  const b = reach.to_m
  const xs: number[] = []
  for (let i = 0; i <= PLUME_SAMPLES; i++) xs.push(a + ((b - a) * (1 - Math.cos((Math.PI * i) / PLUME_SAMPLES))) / 2)
  const width = (x: number): number => {
    const c = groundCentreline(source, x)
    if (!(c > threshold_mg_m3)) return 0
    return briggsSigmas(x, source.stability, source.terrain).sy_m * Math.sqrt(2 * Math.log(c / threshold_mg_m3))
  }
  const ws = xs.map(width)
  const right: [number, number][] = []
  const left: [number, number][] = []
  // A ground release's footprint starts at the source itself.
  const start: [number, number] = a <= 1.0001 ? [origin.lon, origin.lat] : plumeToLonLat(origin, wind_from_deg, a, 0)
  for (let i = 1; i < xs.length - 1; i++) {
    right.push(plumeToLonLat(origin, wind_from_deg, xs[i]!, ws[i]!))
    left.push(plumeToLonLat(origin, wind_from_deg, xs[i]!, -ws[i]!))
  }
  const tip = plumeToLonLat(origin, wind_from_deg, b, 0)
  const ring = [start, ...right, tip, ...left.reverse(), start]
  return { reach, polygon: polygon([ring]) }
}

/** A circle of `radius_m` around `origin` (turf, CIRCLE_STEPS vertices); null for radius 0. */
export function circleFootprint(origin: Origin, radius_m: number): Feature<Polygon> | null {
  checkOrigin(origin)
  if (!(radius_m > 0)) return null
  return circle(point([origin.lon, origin.lat]), radius_m / 1000, { steps: CIRCLE_STEPS, units: 'kilometers' })
}
