// The planner's in-browser safety-distance evaluation: which protective targets lie inside the
// required distance of their class from a candidate site (a point or a polygon), while the
// planner drags it. The same question as evaluate_site (PostGIS, geodesic metres on WGS84), asked
// of the targets loaded so far, with a spatial index (flatbush, one static index per map tile,
// tiles loaded around the candidate as it moves) and @turf/turf for the geometry predicates.
//
// Metres: distances are computed in a local plane around the candidate whose two scales are the
// WGS84 ellipsoid's radii of curvature at the candidate's latitude (metres per degree of
// longitude and of latitude). Within the few kilometres of a protective distance this agrees
// with the geodesic to ~0.02 %, while turf's haversine on a sphere is off by up to 0.4 % north–
// south at 22° N: that is the baseline the benchmark compares with, not what the planner uses.
import Flatbush from 'flatbush'
import { booleanPointInPolygon } from '@turf/turf'
import type { Geometry, MultiPolygon, Point, Polygon, Position } from 'geojson'
import { PROTECTIVE_CLASSES, type ProtectiveClass } from './categories.ts'

export type Distances = Record<ProtectiveClass, number>
export const CLASS_IDS: readonly ProtectiveClass[] = PROTECTIVE_CLASSES.map((c) => c.id)
/** class code (1..5, as planner_targets and map_points send it) → class id */
export const classOfCode = (code: number): ProtectiveClass | undefined => CLASS_IDS[code - 1]

export function zeroDistances(): Distances {
  return { high_sensitivity: 0, important: 0, general_1: 0, general_2: 0, general_3: 0 }
}

/** Parses distances; a missing class is 0, a negative, non-finite or > 50 km value is an error. */
export function normaliseDistances(d: Partial<Record<string, unknown>>): Distances {
  const out = zeroDistances()
  for (const [k, v] of Object.entries(d)) {
    if (!CLASS_IDS.includes(k as ProtectiveClass)) throw new Error(`unknown protective-target class "${k}"`)
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || n > 50000) throw new Error(`distance for ${k} must be 0–50000 m (got ${String(v)})`)
    out[k as ProtectiveClass] = n
  }
  return out
}

export const maxDistance = (d: Distances): number => Math.max(0, ...CLASS_IDS.map((c) => d[c]))

// ------------------------------------------------------------------------ ellipsoidal metres
const A = 6378137
const F = 1 / 298.257223563
const E2 = F * (2 - F)
const RAD = Math.PI / 180

/** Metres per degree of longitude (kx) and latitude (ky) at a latitude, on WGS84. */
export function metresPerDegree(lat: number): { kx: number; ky: number } {
  const s = Math.sin(lat * RAD)
  const w2 = 1 / (1 - E2 * s * s)
  const w = Math.sqrt(w2)
  return { kx: A * w * Math.cos(lat * RAD) * RAD, ky: A * (1 - E2) * w * w2 * RAD }
}

/** Distance in metres between two points (local ellipsoidal plane at their mean latitude). */
export function pointDistance(a: Position, b: Position): number {
  const { kx, ky } = metresPerDegree((a[1] + b[1]) / 2)
  let dx = b[0] - a[0]
  if (dx > 180) dx -= 360
  else if (dx < -180) dx += 360
  return Math.hypot(dx * kx, (b[1] - a[1]) * ky)
}

/** The point `metres` from `from` at `bearingDeg` (same local plane; for drawing and tests). */
export function offsetPoint(from: Position, bearingDeg: number, metres: number): Position {
  const { kx, ky } = metresPerDegree(from[1])
  const b = bearingDeg * RAD
  return [from[0] + (Math.sin(b) * metres) / kx, from[1] + (Math.cos(b) * metres) / ky]
}

// ------------------------------------------------------------------------ planar helpers
function segDist2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax
  const dy = by - ay
  const l2 = dx * dx + dy * dy
  let t = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0
  t = t < 0 ? 0 : t > 1 ? 1 : t
  const ex = ax + t * dx - px
  const ey = ay + t * dy - py
  return ex * ex + ey * ey
}

function segmentsCross(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): boolean {
  const o = (px: number, py: number, qx: number, qy: number, rx: number, ry: number) => (qx - px) * (ry - py) - (qy - py) * (rx - px)
  const d1 = o(cx, cy, dx, dy, ax, ay)
  const d2 = o(cx, cy, dx, dy, bx, by)
  const d3 = o(ax, ay, bx, by, cx, cy)
  const d4 = o(ax, ay, bx, by, dx, dy)
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))
}

/** Rings of a (multi)polygon projected to the local plane: one Float64Array [x0,y0,x1,y1…] per ring. */
type Rings = Float64Array[]

interface Plane {
  lon0: number
  lat0: number
  kx: number
  ky: number
}

function projectRings(polys: Position[][][], p: Plane): Rings {
  const out: Rings = []
  for (const poly of polys) {
    for (const ring of poly) {
      const a = new Float64Array(ring.length * 2)
      for (let i = 0; i < ring.length; i++) {
        a[2 * i] = (ring[i][0] - p.lon0) * p.kx
        a[2 * i + 1] = (ring[i][1] - p.lat0) * p.ky
      }
      out.push(a)
    }
  }
  return out
}

function ringsDist2ToPoint(rings: Rings, x: number, y: number): number {
  let best = Infinity
  for (const r of rings) {
    for (let i = 0; i + 3 < r.length; i += 2) {
      const d = segDist2(x, y, r[i], r[i + 1], r[i + 2], r[i + 3])
      if (d < best) best = d
    }
  }
  return best
}

function ringsCross(a: Rings, b: Rings): boolean {
  for (const r of a) {
    for (let i = 0; i + 3 < r.length; i += 2) {
      for (const s of b) {
        for (let j = 0; j + 3 < s.length; j += 2) {
          if (segmentsCross(r[i], r[i + 1], r[i + 2], r[i + 3], s[j], s[j + 1], s[j + 2], s[j + 3])) return true
        }
      }
    }
  }
  return false
}

function ringsDist2(a: Rings, b: Rings): number {
  let best = Infinity
  for (const r of a) for (let i = 0; i < r.length; i += 2) best = Math.min(best, ringsDist2ToPoint(b, r[i], r[i + 1]))
  for (const r of b) for (let i = 0; i < r.length; i += 2) best = Math.min(best, ringsDist2ToPoint(a, r[i], r[i + 1]))
  return best
}

const polygonsOf = (g: Polygon | MultiPolygon): Position[][][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates)

function inside(pt: Position, polys: Position[][][]): boolean {
  return booleanPointInPolygon(pt, { type: 'MultiPolygon', coordinates: polys })
}

// ------------------------------------------------------------------------ candidate sites
export type SiteGeometry = Point | Polygon | MultiPolygon

/** A candidate prepared for many distance questions: its local plane and projected rings. */
export class PreparedSite {
  readonly plane: Plane
  readonly point: Position | null
  readonly polys: Position[][][] | null
  readonly rings: Rings | null
  /** lon/lat bounding box */
  readonly bbox: [number, number, number, number]

  constructor(readonly geometry: SiteGeometry) {
    if (geometry.type === 'Point') {
      const [lon, lat] = geometry.coordinates
      checkLonLat(lon, lat)
      this.point = geometry.coordinates
      this.polys = null
      this.bbox = [lon, lat, lon, lat]
    } else if (geometry.type === 'Polygon' || geometry.type === 'MultiPolygon') {
      this.point = null
      this.polys = polygonsOf(geometry)
      let w = Infinity,
        s = Infinity,
        e = -Infinity,
        n = -Infinity
      for (const poly of this.polys)
        for (const ring of poly)
          for (const [x, y] of ring) {
            checkLonLat(x, y)
            w = Math.min(w, x)
            s = Math.min(s, y)
            e = Math.max(e, x)
            n = Math.max(n, y)
          }
      if (!(w <= e)) throw new Error('site polygon is empty')
      this.bbox = [w, s, e, n]
    } else {
      throw new Error(`site must be a GeoJSON Point or Polygon (got ${(geometry as Geometry).type})`)
    }
    const lon0 = (this.bbox[0] + this.bbox[2]) / 2
    const lat0 = (this.bbox[1] + this.bbox[3]) / 2
    this.plane = { lon0, lat0, ...metresPerDegree(lat0) }
    this.rings = this.polys ? projectRings(this.polys, this.plane) : null
  }

  /** The bounding box grown by `metres` on every side (degrees; for index queries and tiles). */
  searchBox(metres: number): [number, number, number, number] {
    const [w, s, e, n] = this.bbox
    const dy = metres / this.plane.ky + 1e-9
    // longitude degrees are longest where the latitude is highest in the box
    const latFar = Math.max(Math.abs(s - dy), Math.abs(n + dy))
    const dx = metres / metresPerDegree(Math.min(latFar, 89.9)).kx + 1e-9
    return [w - dx, s - dy, e + dx, n + dy]
  }

  /** Distance in metres to a point target. */
  distanceToPoint(lon: number, lat: number): number {
    if (this.point) return pointDistance(this.point, [lon, lat])
    if (inside([lon, lat], this.polys!)) return 0
    const p = this.plane
    return Math.sqrt(ringsDist2ToPoint(this.rings!, (lon - p.lon0) * p.kx, (lat - p.lat0) * p.ky))
  }

  /** Distance in metres to a (multi)polygon target, 0 when they touch or overlap. */
  distanceToPolygons(polys: Position[][][]): number {
    const target = projectRings(polys, this.plane)
    if (this.point) {
      if (inside(this.point, polys)) return 0
      const p = this.plane
      return Math.sqrt(ringsDist2ToPoint(target, (this.point[0] - p.lon0) * p.kx, (this.point[1] - p.lat0) * p.ky))
    }
    if (inside(polys[0][0][0], this.polys!) || inside(this.polys![0][0][0], polys) || ringsCross(this.rings!, target)) return 0
    return Math.sqrt(ringsDist2(this.rings!, target))
  }
}

function checkLonLat(lon: number, lat: number): void {
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90) {
    throw new Error(`coordinates out of range: ${lon}, ${lat}`)
  }
}

/** A geometry moved by (dx, dy) degrees. */
export function translate(g: SiteGeometry, dx: number, dy: number): SiteGeometry {
  const mv = (p: Position): Position => [p[0] + dx, p[1] + dy]
  if (g.type === 'Point') return { type: 'Point', coordinates: mv(g.coordinates) }
  if (g.type === 'Polygon') return { type: 'Polygon', coordinates: g.coordinates.map((r) => r.map(mv)) }
  return { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map((r) => r.map(mv))) }
}

// ------------------------------------------------------------------------ targets, tiles, index
/** planner_targets' answer for one tile (column arrays). */
export interface TargetTilePayload {
  count: number
  id: string[]
  class: number[]
  population: number[]
  lon: number[]
  lat: number[]
  shape: (Position[][][] | null)[]
}

/** Tiles are squares of TILE_DEG degrees on a fixed lon/lat grid; key "ix:iy". */
export const TILE_DEG = 0.02

export function tileBox(key: string): [number, number, number, number] {
  const [ix, iy] = key.split(':').map(Number)
  return [ix * TILE_DEG, iy * TILE_DEG, (ix + 1) * TILE_DEG, (iy + 1) * TILE_DEG]
}

/** Keys of the tiles that cover a lon/lat box, nearest to its centre first. */
export function tilesCovering(box: readonly [number, number, number, number]): string[] {
  const [w, s, e, n] = box
  const x0 = Math.floor(w / TILE_DEG),
    x1 = Math.floor(e / TILE_DEG)
  const y0 = Math.floor(s / TILE_DEG),
    y1 = Math.floor(n / TILE_DEG)
  const cx = (w + e) / 2 / TILE_DEG - 0.5,
    cy = (s + n) / 2 / TILE_DEG - 0.5
  const keys: [string, number][] = []
  for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) keys.push([`${x}:${y}`, (x - cx) ** 2 + (y - cy) ** 2])
  return keys.sort((a, b) => a[1] - b[1]).map((k) => k[0])
}

interface Tile {
  index: Flatbush | null
  members: Int32Array
}

/** A protective target inside its class's required distance: what every answer shares (the
 * browser's, evaluate_site's, safety_distance_check's). */
export interface TargetShortfall {
  id: string
  target_class: ProtectiveClass
  population: number
  distance_m: number
  required_m: number
  shortfall_m: number
  lon: number
  lat: number
}

export interface InsideTarget extends TargetShortfall {
  /** index in the store */
  idx: number
}

export interface ClassSummary {
  count: number
  population: number
}
export interface EvaluationSummary {
  by_class: Record<ProtectiveClass, ClassSummary>
  population: number
  violations: number
  compliant: boolean
}
export interface Evaluation {
  targets: InsideTarget[]
  summary: EvaluationSummary
  /** tiles the answer needs that are not loaded yet (the answer is then a lower bound) */
  missingTiles: string[]
  /** exact distance computations made (after the index's box test) */
  tested: number
}

export function summarise(targets: readonly { target_class: ProtectiveClass; population: number }[]): EvaluationSummary {
  const by_class = Object.fromEntries(CLASS_IDS.map((c) => [c, { count: 0, population: 0 }])) as Record<ProtectiveClass, ClassSummary>
  let population = 0
  for (const t of targets) {
    by_class[t.target_class].count++
    by_class[t.target_class].population += t.population
    population += t.population
  }
  return { by_class, population, violations: targets.length, compliant: targets.length === 0 }
}

/**
 * Protective targets loaded tile by tile (planner_targets), each tile with its own static
 * flatbush index over the targets' bounding boxes. A footprint that spans tiles is stored once
 * and listed by each tile it meets; an evaluation counts it once.
 */
export class TargetStore {
  readonly ids: string[] = []
  readonly cls: number[] = []
  readonly pop: number[] = []
  readonly lon: number[] = []
  readonly lat: number[] = []
  readonly shape: (Position[][][] | null)[] = []
  private readonly byId = new Map<string, number>()
  private readonly tiles = new Map<string, Tile>()
  private stamp = new Uint32Array(1024)
  private epoch = 0

  get size(): number {
    return this.ids.length
  }
  get tileCount(): number {
    return this.tiles.size
  }
  hasTile(key: string): boolean {
    return this.tiles.has(key)
  }
  indexOf(id: string): number | undefined {
    return this.byId.get(id)
  }

  addTile(key: string, t: TargetTilePayload): void {
    if (this.tiles.has(key)) return
    const n = t.id.length
    const members = new Int32Array(n)
    const index = n > 0 ? new Flatbush(n) : null
    for (let i = 0; i < n; i++) {
      let g = this.byId.get(t.id[i])
      if (g === undefined) {
        g = this.ids.length
        this.byId.set(t.id[i], g)
        this.ids.push(t.id[i])
        this.cls.push(t.class[i])
        this.pop.push(t.population[i])
        this.lon.push(t.lon[i])
        this.lat.push(t.lat[i])
        this.shape.push(t.shape[i] ?? null)
      }
      members[i] = g
      const sh = t.shape[i]
      if (sh) {
        let w = Infinity,
          s = Infinity,
          e = -Infinity,
          nn = -Infinity
        for (const poly of sh)
          for (const ring of poly)
            for (const [x, y] of ring) {
              if (x < w) w = x
              if (x > e) e = x
              if (y < s) s = y
              if (y > nn) nn = y
            }
        index!.add(w, s, e, nn)
      } else {
        index!.add(t.lon[i], t.lat[i], t.lon[i], t.lat[i])
      }
    }
    index?.finish()
    this.tiles.set(key, { index, members })
    if (this.stamp.length < this.ids.length) {
      const s = new Uint32Array(Math.max(this.ids.length, this.stamp.length * 2))
      s.set(this.stamp)
      this.stamp = s
    }
  }

  /** Distance from a prepared site to target `g`, in metres. */
  distance(site: PreparedSite, g: number): number {
    const sh = this.shape[g]
    return sh ? site.distanceToPolygons(sh) : site.distanceToPoint(this.lon[g], this.lat[g])
  }

  /** Targets inside their class's required distance of the site, sorted like evaluate_site. */
  evaluate(site: SiteGeometry | PreparedSite, distances: Distances): Evaluation {
    const ps = site instanceof PreparedSite ? site : new PreparedSite(site)
    const reach = maxDistance(distances)
    const req = [0, ...CLASS_IDS.map((c) => distances[c])]
    const targets: InsideTarget[] = []
    const missingTiles: string[] = []
    let tested = 0
    if (reach > 0) {
      const box = ps.searchBox(reach)
      const epoch = ++this.epoch
      if (epoch === 0xffffffff) {
        this.stamp.fill(0)
        this.epoch = 1
      }
      for (const key of tilesCovering(box)) {
        const tile = this.tiles.get(key)
        if (!tile) {
          missingTiles.push(key)
          continue
        }
        if (!tile.index) continue
        for (const local of tile.index.search(box[0], box[1], box[2], box[3])) {
          const g = tile.members[local]
          if (this.stamp[g] === this.epoch) continue
          this.stamp[g] = this.epoch
          const r = req[this.cls[g]]
          if (!(r > 0)) continue
          tested++
          const d = this.distance(ps, g)
          if (d <= r) targets.push(this.row(g, d, r))
        }
      }
    }
    sortTargets(targets)
    return { targets, summary: summarise(targets), missingTiles, tested }
  }

  /** The same answer without the index: every loaded target tested (the benchmark's control). */
  evaluateAll(site: SiteGeometry | PreparedSite, distances: Distances): Evaluation {
    const ps = site instanceof PreparedSite ? site : new PreparedSite(site)
    const req = [0, ...CLASS_IDS.map((c) => distances[c])]
    const targets: InsideTarget[] = []
    for (let g = 0; g < this.ids.length; g++) {
      const r = req[this.cls[g]]
      if (!(r > 0)) continue
      const d = this.distance(ps, g)
      if (d <= r) targets.push(this.row(g, d, r))
    }
    sortTargets(targets)
    return { targets, summary: summarise(targets), missingTiles: [], tested: this.ids.length }
  }

  private row(g: number, d: number, r: number): InsideTarget {
    return {
      idx: g,
      id: this.ids[g],
      target_class: classOfCode(this.cls[g])!,
      population: this.pop[g],
      distance_m: round2(d),
      required_m: r,
      shortfall_m: round2(r - d),
      lon: this.lon[g],
      lat: this.lat[g],
    }
  }
}

export const round2 = (x: number): number => Math.round(x * 100) / 100

/** evaluate_site's order: shortfall descending, then id. */
export function sortTargets<T extends { shortfall_m: number; id: string }>(rows: T[]): T[] {
  return rows.sort((a, b) => b.shortfall_m - a.shortfall_m || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

// ------------------------------------------------------------------------ browser vs server
export interface ServerTarget {
  id: string
  target_class: string
  distance_m: number | string
  required_m: number | string
  population: number
}

export interface Agreement {
  /** true when both list the same targets (borderline ones excepted) and distances agree */
  agree: boolean
  onlyBrowser: string[]
  onlyServer: string[]
  /** targets listed by one side only but within `tolerance` of their required distance */
  borderline: string[]
  /** largest relative distance difference among targets both list (relative to 10 m below 10 m) */
  maxRelDiff: number
}

/**
 * Compares the browser's answer with evaluate_site's. A target on one side only is a
 * disagreement unless its distance is within `tolerance` (relative, 0.5 %) of the required
 * distance, where the two metrics may fairly fall on different sides.
 */
export function compareWithServer(
  browser: readonly InsideTarget[],
  server: readonly ServerTarget[],
  tolerance = 0.005,
  distanceOf?: (id: string) => number | undefined,
): Agreement {
  const b = new Map(browser.map((t) => [t.id, t]))
  const s = new Map(server.map((t) => [t.id, t]))
  const onlyBrowser: string[] = []
  const onlyServer: string[] = []
  const borderline: string[] = []
  let maxRelDiff = 0
  for (const [id, t] of b) {
    const o = s.get(id)
    if (o) {
      const sd = Number(o.distance_m)
      // both sides are rounded to the centimetre: below 10 m the difference is taken relative to 10 m
      const rel = Math.abs(t.distance_m - sd) / Math.max(sd, 10)
      if (rel > maxRelDiff) maxRelDiff = rel
    } else if (Math.abs(t.required_m - t.distance_m) <= tolerance * t.required_m) borderline.push(id)
    else onlyBrowser.push(id)
  }
  for (const [id, o] of s) {
    if (b.has(id)) continue
    const req = Number(o.required_m)
    const d = distanceOf?.(id)
    if (d !== undefined && Math.abs(req - d) <= tolerance * req) borderline.push(id)
    else if (d === undefined && Math.abs(req - Number(o.distance_m)) <= tolerance * req) borderline.push(id)
    else onlyServer.push(id)
  }
  return { agree: onlyBrowser.length === 0 && onlyServer.length === 0 && maxRelDiff <= tolerance, onlyBrowser, onlyServer, borderline, maxRelDiff }
}
