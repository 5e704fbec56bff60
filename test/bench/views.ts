// The two views the benchmark asks for, computed the way the app computes its requests:
// MapLibre's camera for a 1920×1080 viewport (512-px tiles, Web Mercator), the visible bbox
// padded by 20 % (padBbox) and the server's zoom for the app's 4-px point cells (cellSize(z, POINT_CELL_PX).level).
import { padBbox } from '../../src/map/viewport.ts'
import { cellSize, POINT_CELL_PX } from '../../src/contract/cells.ts'
import { CITY_BBOX, STREET_CENTRE } from './load-points.ts'

export type Bbox = [west: number, south: number, east: number, north: number]

export interface View {
  name: string
  center: [number, number]
  /** MapLibre zoom */
  mapZoom: number
  /** what the 1920×1080 viewport shows */
  visible: Bbox
  /** map_points arguments the app sends for it */
  fetchBbox: Bbox
  serverZoom: number
}

const TILE = 512
const mercY = (lat: number): number => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))
const latOf = (y: number): number => (Math.atan(Math.sinh(y)) * 180) / Math.PI

function viewAt(name: string, center: [number, number], mapZoom: number, width: number, height: number): View {
  const world = TILE * 2 ** mapZoom // pixels around the equator
  const halfLon = (width / 2 / world) * 360
  const halfY = (height / 2 / world) * 2 * Math.PI
  const yc = mercY(center[1])
  const visible: Bbox = [center[0] - halfLon, latOf(yc - halfY), center[0] + halfLon, latOf(yc + halfY)]
  return { name, center, mapZoom, visible, fetchBbox: [...padBbox(visible, 0.2)] as Bbox, serverZoom: cellSize(mapZoom, POINT_CELL_PX).level }
}

/** The whole city, as map.fitBounds(CITY_BBOX) frames it (no padding). */
export function cityView(width: number, height: number): View {
  const [w, s, e, n] = CITY_BBOX
  const dx = ((e - w) * Math.PI) / 180
  const dy = mercY(n) - mercY(s)
  const mapZoom = Math.log2(Math.min((width * 2 * Math.PI) / (TILE * dx), (height * 2 * Math.PI) / (TILE * dy)))
  const center: [number, number] = [(w + e) / 2, latOf((mercY(s) + mercY(n)) / 2)]
  return viewAt('city', center, mapZoom, width, height)
}

/** A street-level view over the densest district centre: server zoom 14. */
export function streetView(width: number, height: number): View {
  return viewAt('street', [STREET_CENTRE[0], STREET_CENTRE[1]], 13, width, height)
}
