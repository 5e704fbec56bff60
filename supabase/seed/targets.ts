// Protective targets (防护目标, GB 36894): every type of the reference table, class = the
// type's default class, with populations; homes, campuses and villages sometimes as
// footprints. The ones placed on purpose next to hazard sources (hazards.ts) come first.
import { WeightedTable, rowRng, type Rng } from './prng.ts'
import { demoUuid } from './ids.ts'
import { type Ring, blob, pointEwkt, polygonEwkt, rectangle } from './geo.ts'
import type { Places, Placed } from './places.ts'
import type { AreaModel } from './areas.ts'
import { protectiveTargetName } from './names.ts'
import { TARGET_TYPES, type ProtectiveClass } from './reference.ts'
import type { AnchoredTarget, HazardSource } from './hazards.ts'
import { HazardProximity } from './proximity.ts'
import { type Row, scaled } from './context.ts'

export const BASE_TARGETS = 20_000

const TYPE_WEIGHTS: ReadonlyArray<readonly [string, number]> = [
  ['residential', 4600], ['residential_large', 700], ['village', 4400], ['shop', 3000], ['factory', 1600],
  ['office', 1400], ['hotel', 600], ['mall', 150], ['stadium', 60], ['school', 900], ['kindergarten', 900],
  ['hospital', 250], ['nursing_home', 180], ['prison', 6], ['government', 500], ['military', 20],
  ['heritage', 200], ['infrastructure', 400],
]
const TYPE_TABLE = new WeightedTable(TYPE_WEIGHTS)
const ALL_TYPES = TYPE_WEIGHTS.map(([t]) => t)

const POPULATION: Record<string, readonly [number, number]> = {
  school: [300, 3000], kindergarten: [80, 450], hospital: [100, 2500], nursing_home: [30, 300], prison: [500, 3000],
  government: [30, 500], military: [50, 1000], heritage: [1, 200], infrastructure: [5, 150],
  residential_large: [3000, 20000], mall: [500, 6000], stadium: [2000, 30000],
  residential: [150, 3000], office: [80, 2000], hotel: [40, 600],
  village: [80, 2500], shop: [3, 40], factory: [20, 500],
}

/** [probability of a footprint, min side m, max side m]; villages get an irregular outline. */
const FOOTPRINT: Record<string, readonly [number, number, number]> = {
  residential_large: [1, 250, 700], residential: [0.35, 80, 250], village: [0.3, 150, 450], school: [0.3, 120, 300],
  hospital: [0.25, 100, 250], stadium: [0.6, 150, 350], mall: [0.4, 100, 250], prison: [1, 200, 450],
  military: [0.8, 200, 600], heritage: [0.1, 30, 120], infrastructure: [0.3, 60, 200], factory: [0.4, 60, 250],
}

const URBAN_TYPES = new Set(['residential', 'residential_large', 'mall', 'office', 'hotel', 'school', 'kindergarten', 'hospital', 'stadium', 'government', 'shop', 'nursing_home'])

function place(rng: Rng, places: Places, type: string): Placed {
  if (URBAN_TYPES.has(type)) return places.urban(rng)
  if (type === 'village') return rng.chance(0.85) ? places.anywhere(rng) : places.nearCluster(rng, places.townCentres) ?? places.anywhere(rng)
  if (type === 'factory') return places.industrial(rng)
  // 开平's watchtowers (碉楼) are the city's best-known heritage.
  if (type === 'heritage') return rng.chance(0.45) ? places.inDistrict(rng, '440783') : rng.chance(0.5) ? places.urban(rng) : places.anywhere(rng)
  return places.anywhere(rng)
}

function shape(rng: Rng, areas: AreaModel, type: string, at: Placed, proximity: HazardProximity): { geom: string; areaCode: string } {
  const fp = FOOTPRINT[type]
  if (fp && rng.chance(fp[0])) {
    const ring: Ring = type === 'village'
      ? blob(at.point, rng.float(fp[1], fp[2]) / 2, 0.5, rng.int(7, 12), () => rng.next())
      : rectangle(at.point, rng.float(fp[1], fp[2]), rng.float(fp[1], fp[2]) * rng.float(0.5, 1), rng.float(0, Math.PI))
    const holder = areas.smallestHolding(ring)
    // A footprint reaching into a required distance its centre keeps out of: keep the point.
    const cls = TARGET_TYPES[type]
    const reaches = !proximity.violates(at.point, cls) && ring.some((v) => proximity.violates(v, cls))
    if (holder && !reaches) return { geom: polygonEwkt([ring]), areaCode: holder.code }
  }
  return { geom: pointEwkt(at.point), areaCode: at.grid.code }
}

export function targetCount(scale: number, anchors: number): number {
  return Math.max(anchors, scaled(BASE_TARGETS, scale))
}

// Classes that keep out of the required distances when placed at random (see proximity.ts).
const KEEP_CLEAR = new Set<ProtectiveClass>(['high_sensitivity', 'important', 'general_1', 'general_2'])

/**
 * A random spot for the type, outside every hazard source's required distance when it can be
 * found in a few tries (at scale 100 the old town is all circles; then it stays where it fell).
 */
function placeClear(rng: Rng, places: Places, type: string, proximity: HazardProximity): Placed {
  const cls = TARGET_TYPES[type]
  let at = place(rng, places, type)
  if (!KEEP_CLEAR.has(cls)) return at
  for (let t = 0; t < 8 && proximity.violates(at.point, cls); t++) at = place(rng, places, type)
  for (let t = 0; t < 8 && proximity.violates(at.point, cls); t++) at = places.anywhere(rng)
  return at
}

export function* protectiveTargetRows(seed: number, scale: number, places: Places, areas: AreaModel, anchors: readonly AnchoredTarget[], hazards: readonly HazardSource[]): Generator<Row> {
  const total = targetCount(scale, anchors.length)
  const proximity = new HazardProximity(hazards, areas.city.bbox)
  for (let i = 0; i < total; i++) {
    const rng = rowRng(seed, 'protective-target', i)
    const anchor = i < anchors.length ? anchors[i] : null
    const r = i - anchors.length
    const type = anchor ? anchor.type : r < ALL_TYPES.length ? ALL_TYPES[r] : TYPE_TABLE.pick(rng)
    const [lo, hi] = POPULATION[type]
    const g = anchor ? { geom: pointEwkt(anchor.point), areaCode: anchor.areaCode } : shape(rng, areas, type, placeClear(rng, places, type, proximity), proximity)
    yield {
      id: demoUuid(seed, 'protective_targets', i),
      name: protectiveTargetName(rng, type),
      target_class: TARGET_TYPES[type],
      type_code: type,
      population: anchor ? anchor.population : Math.round(rng.logUniform(lo, hi + 1)),
      geom: g.geom,
      area_code: g.areaCode,
      is_demo: true,
    }
  }
}
