// Where to put an area's label: inside its largest polygon, near its centre. Pure (turf).
import { area, bbox as turfBbox, booleanPointInPolygon, centerOfMass, pointOnFeature } from '@turf/turf'
import type { Geometry, MultiPolygon, Polygon, Position } from 'geojson'

function largestPolygon(g: Polygon | MultiPolygon): Polygon {
  if (g.type === 'Polygon') return g
  let best: Polygon | undefined
  let bestArea = -1
  for (const coords of g.coordinates) {
    const p: Polygon = { type: 'Polygon', coordinates: coords }
    const a = area(p)
    if (a > bestArea) {
      bestArea = a
      best = p
    }
  }
  return best ?? { type: 'Polygon', coordinates: [] }
}

export function labelPoint(g: Geometry | null | undefined): [number, number] | null {
  if (!g) return null
  if (g.type === 'Point') return [g.coordinates[0]!, g.coordinates[1]!]
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return null
  const poly = largestPolygon(g)
  if (!poly.coordinates.length || !poly.coordinates[0]!.length) return null
  const c = centerOfMass(poly).geometry.coordinates as Position
  if (booleanPointInPolygon(c, poly)) return [c[0]!, c[1]!]
  const p = pointOnFeature(poly).geometry.coordinates
  return [p[0]!, p[1]!]
}

export function geometryBbox(g: Geometry): [number, number, number, number] {
  const b = turfBbox(g)
  return [b[0], b[1], b[2], b[3]]
}
