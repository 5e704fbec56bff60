// Small planar/geodesic helpers used in the generator's hot loops, where turf's per-call
// overhead (feature wrapping, validation) would dominate at a million points. Tests check
// these against turf on the same inputs.

export type Lonlat = [number, number]
export type Ring = Lonlat[]
export type PolygonCoords = Ring[]
export type MultiPolygonCoords = PolygonCoords[]
export type BBox = [number, number, number, number]

/** Coordinates are stored with 6 decimals (~0.1 m): enough for any map, and fixes the text. */
export const round6 = (v: number): number => Math.round(v * 1e6) / 1e6

const M_PER_DEG_LAT = 110_574 // WGS84 at ~22.5°N; close enough for offsets of a few km
const M_PER_DEG_LON_EQ = 111_320

/** Moves a point by (east, north) metres. */
export function offsetMetres([lon, lat]: Lonlat, east: number, north: number): Lonlat {
  const dLat = north / M_PER_DEG_LAT
  const dLon = east / (M_PER_DEG_LON_EQ * Math.cos((lat * Math.PI) / 180))
  return [lon + dLon, lat + dLat]
}

/** Great-circle distance in metres (haversine on the mean sphere, like turf.distance). */
export function distanceMetres(a: Lonlat, b: Lonlat): number {
  const R = 6_371_008.8
  const toRad = Math.PI / 180
  const dLat = (b[1] - a[1]) * toRad
  const dLon = (b[0] - a[0]) * toRad
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * toRad) * Math.cos(b[1] * toRad) * Math.sin(dLon / 2) ** 2
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(s)))
}

export function bboxOf(mp: MultiPolygonCoords): BBox {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity
  for (const poly of mp)
    for (const [x, y] of poly[0]) {
      if (x < minX) minX = x
      if (y < minY) minY = y
      if (x > maxX) maxX = x
      if (y > maxY) maxY = y
    }
  return [minX, minY, maxX, maxY]
}

function inRing(x: number, y: number, ring: Ring): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1]
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/** Even-odd ray casting; holes are honoured. Points exactly on an edge may go either way. */
export function pointInMultiPolygon(x: number, y: number, mp: MultiPolygonCoords): boolean {
  for (const poly of mp) {
    if (!inRing(x, y, poly[0])) continue
    let inHole = false
    for (let h = 1; h < poly.length && !inHole; h++) inHole = inRing(x, y, poly[h])
    if (!inHole) return true
  }
  return false
}

const fmt = (v: number) => String(round6(v))

export function pointEwkt([lon, lat]: Lonlat): string {
  return `SRID=4326;POINT(${fmt(lon)} ${fmt(lat)})`
}

function ringText(ring: Ring): string {
  return '(' + ring.map(([x, y]) => `${fmt(x)} ${fmt(y)}`).join(',') + ')'
}

export function polygonEwkt(poly: PolygonCoords): string {
  return `SRID=4326;POLYGON(${poly.map(ringText).join(',')})`
}

export function multiPolygonEwkt(mp: MultiPolygonCoords): string {
  return `SRID=4326;MULTIPOLYGON(${mp.map((p) => '(' + p.map(ringText).join(',') + ')').join(',')})`
}

/** Signed area (shoelace) in square degrees; for ring orientation and sliver tests only. */
export function ringArea(ring: Ring): number {
  let s = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1])
  return s / 2
}

/**
 * A rectangle of width×height metres centred on c, rotated by `angle` radians, as a closed
 * counter-clockwise ring with coordinates already rounded (so what is tested is what is stored).
 */
export function rectangle(c: Lonlat, width: number, height: number, angle: number): Ring {
  const cos = Math.cos(angle), sin = Math.sin(angle)
  const corners: Array<[number, number]> = [[-1, -1], [1, -1], [1, 1], [-1, 1]]
  const ring: Ring = corners.map(([sx, sy]) => {
    const x = (sx * width) / 2, y = (sy * height) / 2
    const p = offsetMetres(c, x * cos - y * sin, x * sin + y * cos)
    return [round6(p[0]), round6(p[1])]
  })
  ring.push([ring[0][0], ring[0][1]])
  return ring
}

/** A convex-ish irregular polygon around c (radii in metres), for parks and villages. */
export function blob(c: Lonlat, radius: number, jitter: number, vertices: number, rand: () => number): Ring {
  const ring: Ring = []
  for (let k = 0; k < vertices; k++) {
    const a = (2 * Math.PI * k) / vertices
    const r = radius * (1 - jitter / 2 + jitter * rand())
    const p = offsetMetres(c, r * Math.cos(a), r * Math.sin(a))
    ring.push([round6(p[0]), round6(p[1])])
  }
  ring.push([ring[0][0], ring[0][1]])
  return ring
}

/**
 * Sutherland–Hodgman: the part of `ring` inside the convex `window` (any orientation). Fast and
 * O(n), but where the result has several pieces it joins them with zero-width edges along the
 * window's border, so callers pass the (now small) result through the polygon clipper once more
 * to get valid shapes.
 */
export function clipRingConvex(ring: Ring, window: Ring): Ring {
  const win = ringArea(window) < 0 ? [...window].reverse() : window
  let output: Lonlat[] = ring.slice(0, -1)
  for (let k = 0; k < win.length - 1 && output.length > 0; k++) {
    const [ax, ay] = win[k]
    const [bx, by] = win[k + 1]
    const side = (p: Lonlat) => (bx - ax) * (p[1] - ay) - (by - ay) * (p[0] - ax)
    const input = output
    output = []
    for (let i = 0; i < input.length; i++) {
      const cur = input[i]
      const prev = input[(i + input.length - 1) % input.length]
      const sc = side(cur), sp = side(prev)
      if (sc >= 0) {
        if (sp < 0) output.push(cross(prev, cur, sp, sc))
        output.push(cur)
      } else if (sp >= 0) output.push(cross(prev, cur, sp, sc))
    }
  }
  if (output.length < 3) return []
  output.push([output[0][0], output[0][1]])
  return output
}

function cross(p: Lonlat, q: Lonlat, sp: number, sq: number): Lonlat {
  const t = sp / (sp - sq)
  return [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]
}
