// The planner's in-browser distance evaluation against an independent geodesic (Vincenty's
// direct formula on WGS84, test/helpers/geodesy.ts) and against a brute-force scan.
import { describe, it, expect } from 'vitest'
import { destination } from '../helpers/geodesy.ts'
import {
  PreparedSite,
  TargetStore,
  compareWithServer,
  normaliseDistances,
  pointDistance,
  tilesCovering,
  tileBox,
  TILE_DEG,
  type Distances,
  type TargetTilePayload,
} from '../../src/domain/plannerGeo.ts'
import type { Position } from 'geojson'

const JM = { lon: 113.08, lat: 22.6 }
const at = (from: { lon: number; lat: number }, bearing: number, m: number): Position => {
  const p = destination(from, bearing, m)
  return [p.lon, p.lat]
}
const D: Distances = { high_sensitivity: 1000, important: 900, general_1: 600, general_2: 300, general_3: 200 }

/** Builds tile payloads for targets, the way planner_targets would (bbox && tile). */
function payloads(targets: { id: string; cls: number; pop: number; pt?: Position; shape?: Position[][][] }[]): Map<string, TargetTilePayload> {
  const out = new Map<string, TargetTilePayload>()
  for (const t of targets) {
    const pts = t.shape ? t.shape.flat(2) : [t.pt!]
    const xs = pts.map((p) => p[0]),
      ys = pts.map((p) => p[1])
    for (const key of tilesCovering([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)])) {
      let p = out.get(key)
      if (!p) out.set(key, (p = { count: 0, id: [], class: [], population: [], lon: [], lat: [], shape: [] }))
      p.count++
      p.id.push(t.id)
      p.class.push(t.cls)
      p.population.push(t.pop)
      p.lon.push(t.shape ? t.shape[0][0][0][0] : t.pt![0])
      p.lat.push(t.shape ? t.shape[0][0][0][1] : t.pt![1])
      p.shape.push(t.shape ?? null)
    }
  }
  return out
}

/** Tiles with no targets come back empty from planner_targets: load them as such. */
function fillEmpty(store: TargetStore, box: [number, number, number, number]): void {
  for (const k of tilesCovering(box)) store.addTile(k, { count: 0, id: [], class: [], population: [], lon: [], lat: [], shape: [] })
}

describe('planner geodesy', () => {
  it('agrees with Vincenty within 0.05 % from 10 m to 20 km in every direction', () => {
    for (const m of [10, 150, 999, 5000, 20000]) {
      for (let b = 0; b < 360; b += 15) {
        const d = pointDistance([JM.lon, JM.lat], at(JM, b, m))
        expect(Math.abs(d - m) / m, `${m} m at ${b}°`).toBeLessThan(0.0005)
      }
    }
  })
  it('stays within 0.1 % at 60° N (high latitude sanity case)', () => {
    const north = { lon: 25, lat: 60 }
    for (let b = 0; b < 360; b += 30) expect(Math.abs(pointDistance([north.lon, north.lat], at(north, b, 3000)) - 3000) / 3000).toBeLessThan(0.001)
  })
  it('measures to a polygon edge and is 0 inside', () => {
    const sq = [[at(JM, 45, 1414.2136), at(JM, 135, 1414.2136), at(JM, 225, 1414.2136), at(JM, 315, 1414.2136)]]
    const ring = [...sq[0], sq[0][0]]
    const site = new PreparedSite({ type: 'Polygon', coordinates: [ring] })
    expect(site.distanceToPoint(JM.lon, JM.lat)).toBe(0)
    const east = at(JM, 90, 1500) // 1000 m east of the east edge
    expect(Math.abs(site.distanceToPoint(east[0], east[1]) - 500)).toBeLessThan(2)
    const pt = new PreparedSite({ type: 'Point', coordinates: [east[0], east[1]] })
    expect(Math.abs(pt.distanceToPolygons([[ring]]) - 500)).toBeLessThan(2)
    expect(site.distanceToPolygons([[ring]])).toBe(0)
  })
  it('refuses bad distances and coordinates', () => {
    expect(() => normaliseDistances({ general_2: -1 })).toThrow(/0–50000/)
    expect(() => normaliseDistances({ nonsense: 1 })).toThrow(/unknown/)
    expect(normaliseDistances({ general_2: '300' }).general_2).toBe(300)
    expect(() => new PreparedSite({ type: 'Point', coordinates: [200, 10] })).toThrow(/out of range/)
  })
  it('tiles cover the box', () => {
    const keys = tilesCovering([113.01, 22.59, 113.05, 22.61])
    for (const k of keys) {
      const [w, s, e, n] = tileBox(k)
      expect(e - w).toBeCloseTo(TILE_DEG)
      expect(n - s).toBeCloseTo(TILE_DEG)
    }
    expect(keys.length).toBe(3 * 2)
  })
})

describe('TargetStore.evaluate', () => {
  it('finds exactly the targets just inside each class distance, and not those just outside', () => {
    const targets: { id: string; cls: number; pop: number; pt?: Position; shape?: Position[][][] }[] = []
    const want = new Set<string>()
    const classes = Object.values(D)
    classes.forEach((req, i) => {
      for (const b of [0, 77, 180, 260]) {
        targets.push({ id: `in-${i}-${b}`, cls: i + 1, pop: 10, pt: at(JM, b, req - 2) })
        targets.push({ id: `out-${i}-${b}`, cls: i + 1, pop: 10, pt: at(JM, b, req + 2) })
        want.add(`in-${i}-${b}`)
      }
    })
    // a footprint whose nearest corner is 590 m away (general_1 = 600 → inside)
    const c = at(JM, 45, 590)
    const c2 = at({ lon: c[0], lat: c[1] }, 45, 100)
    targets.push({ id: 'poly-in', cls: 3, pop: 50, shape: [[[c, [c2[0], c[1]], c2, [c[0], c2[1]], c]]] })
    want.add('poly-in')
    const store = new TargetStore()
    for (const [k, p] of payloads(targets)) store.addTile(k, p)
    fillEmpty(store, [JM.lon - 0.1, JM.lat - 0.1, JM.lon + 0.1, JM.lat + 0.1])
    const r = store.evaluate({ type: 'Point', coordinates: [JM.lon, JM.lat] }, D)
    expect(r.missingTiles).toEqual([])
    expect(new Set(r.targets.map((t) => t.id))).toEqual(want)
    expect(r.summary.population).toBe(10 * want.size + 40)
    expect(r.summary.by_class.general_1.count).toBe(5)
    expect(r.summary.compliant).toBe(false)
    // sorted by shortfall, descending
    for (let i = 1; i < r.targets.length; i++) expect(r.targets[i - 1].shortfall_m).toBeGreaterThanOrEqual(r.targets[i].shortfall_m)
  })
  it('matches a brute-force scan on random data, and reports unloaded tiles', () => {
    let seed = 7
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const targets = Array.from({ length: 3000 }, (_, i) => ({
      id: `t${String(i).padStart(5, '0')}`,
      cls: 1 + Math.floor(rnd() * 5),
      pop: Math.floor(rnd() * 500),
      pt: [113 + rnd() * 0.1, 22.55 + rnd() * 0.1] as Position,
    }))
    const store = new TargetStore()
    const all = payloads(targets)
    for (const [k, p] of all) store.addTile(k, p)
    fillEmpty(store, [112.9, 22.4, 113.2, 22.8])
    expect(store.size).toBe(3000)
    for (let k = 0; k < 20; k++) {
      const site = { type: 'Point' as const, coordinates: [113.02 + rnd() * 0.06, 22.57 + rnd() * 0.06] }
      const a = store.evaluate(site, D)
      const b = store.evaluateAll(site, D)
      expect(a.missingTiles).toEqual([])
      expect(a.targets.map((t) => t.id)).toEqual(b.targets.map((t) => t.id))
      expect(a.tested).toBeLessThan(b.tested)
    }
    const partial = new TargetStore()
    const first = [...all][0]
    partial.addTile(first[0], first[1])
    expect(partial.evaluate({ type: 'Point', coordinates: [113.05, 22.6] }, D).missingTiles.length).toBeGreaterThan(0)
  })
  it('counts a footprint spanning two tiles once', () => {
    const w = 113.0 + TILE_DEG - 0.001,
      e = 113.0 + TILE_DEG + 0.001
    const shape: Position[][][] = [
      [
        [
          [w, 22.6],
          [e, 22.6],
          [e, 22.601],
          [w, 22.601],
          [w, 22.6],
        ],
      ],
    ]
    const store = new TargetStore()
    const p = payloads([{ id: 'span', cls: 1, pop: 7, shape }])
    expect(p.size).toBe(2)
    for (const [k, v] of p) store.addTile(k, v)
    fillEmpty(store, [112.9, 22.5, 113.1, 22.7])
    const r = store.evaluate({ type: 'Point', coordinates: [113.02, 22.599] }, D)
    expect(r.targets.map((t) => t.id)).toEqual(['span'])
  })
})

describe('compareWithServer', () => {
  const row = (id: string, d: number, req = 1000) => ({
    idx: 0,
    id,
    target_class: 'high_sensitivity' as const,
    population: 1,
    distance_m: d,
    required_m: req,
    shortfall_m: req - d,
    lon: 0,
    lat: 0,
  })
  it('agrees on the same lists and flags a difference', () => {
    expect(compareWithServer([row('a', 500)], [{ id: 'a', target_class: 'high_sensitivity', distance_m: 500.5, required_m: 1000, population: 1 }]).agree).toBe(
      true,
    )
    const x = compareWithServer(
      [row('a', 500), row('b', 300)],
      [{ id: 'a', target_class: 'high_sensitivity', distance_m: 500, required_m: 1000, population: 1 }],
    )
    expect(x.agree).toBe(false)
    expect(x.onlyBrowser).toEqual(['b'])
    // 1.95 m vs 1.96 m: centimetre rounding, not a disagreement
    expect(compareWithServer([row('n', 1.96)], [{ id: 'n', target_class: 'high_sensitivity', distance_m: 1.95, required_m: 1000, population: 1 }]).agree).toBe(
      true,
    )
    expect(compareWithServer([row('f', 120)], [{ id: 'f', target_class: 'high_sensitivity', distance_m: 121, required_m: 1000, population: 1 }]).agree).toBe(
      false,
    )
    const y = compareWithServer([row('a', 999)], [])
    expect(y.agree).toBe(true)
    expect(y.borderline).toEqual(['a'])
  })
})

describe('translate (dragging a plot moves every corner by the marker offset)', () => {
  it('moves points, polygons and multipolygons and keeps the distances of the moved shape', async () => {
    const { translate } = await import('../../src/domain/plannerGeo.ts')
    expect(translate({ type: 'Point', coordinates: [113, 22.5] }, 0.01, -0.02)).toEqual({ type: 'Point', coordinates: [113.01, 22.48] })
    const poly = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [113, 22.5],
          [113.01, 22.5],
          [113.01, 22.51],
          [113, 22.5],
        ],
      ],
    }
    const moved = translate(poly, 0.005, 0.001)
    expect(moved.type).toBe('Polygon')
    expect((moved as typeof poly).coordinates[0].map((p) => [p[0] - 0.005, p[1] - 0.001].map((x) => Math.round(x * 1e9) / 1e9))).toEqual(poly.coordinates[0])
    const multi = translate({ type: 'MultiPolygon', coordinates: [poly.coordinates] }, 1, 1)
    expect(multi.type).toBe('MultiPolygon')
  })
})
