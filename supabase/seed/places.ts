// Where things are: a density model of the city (urban centres, town centres, industrial
// zones, countryside) and samplers that draw a point from it and keep it only if it falls
// inside a grid cell of the city (the coast is ragged, so a bbox would put points at sea).
import type { Rng } from './prng.ts'
import { type Area, type AreaModel, DISTRICT_CENTRES } from './areas.ts'
import { type Lonlat, offsetMetres, pointInMultiPolygon, round6 } from './geo.ts'

export interface Placed {
  point: Lonlat
  grid: Area
}

export interface Cluster {
  centre: Lonlat
  sigmaM: number
  weight: number
}

// Approximate resident population (10k) per district, for spreading homes and shops.
const DISTRICT_WEIGHT: Record<string, number> = {
  '440703': 90, '440704': 30, '440705': 90, '440781': 90, '440783': 75, '440784': 50, '440785': 50,
}

// Industrial zones (approximate, WGS84). Invented for the demo around real town areas.
export const INDUSTRIAL_ZONES: readonly Cluster[] = [
  { centre: [113.03, 22.67], sigmaM: 2500, weight: 3 }, // 蓬江 north
  { centre: [113.0, 22.6], sigmaM: 2000, weight: 2 }, // 蓬江 west
  { centre: [113.13, 22.555], sigmaM: 2200, weight: 3 }, // 江海 高新区
  { centre: [113.06, 22.5], sigmaM: 2500, weight: 2 }, // 新会 east
  { centre: [112.93, 22.53], sigmaM: 2500, weight: 1 }, // 新会 west
  { centre: [112.92, 22.64], sigmaM: 3000, weight: 2 }, // 鹤山 south
  { centre: [112.85, 22.72], sigmaM: 2500, weight: 1 }, // 鹤山 west
  { centre: [112.73, 22.41], sigmaM: 2500, weight: 2 }, // 开平 north-east
  { centre: [112.77, 22.46], sigmaM: 2500, weight: 2 }, // 开平 north
  { centre: [112.86, 22.33], sigmaM: 3000, weight: 1.5 }, // 台山 north
  { centre: [112.8, 22.27], sigmaM: 2000, weight: 1 }, // 台山 台城
  { centre: [112.33, 22.21], sigmaM: 2500, weight: 1.5 }, // 恩平
]

/** The dense old town of 蓬江/江海/新会: where legacy chemical plants sit among homes. */
export const OLD_TOWN: readonly Cluster[] = [
  { centre: DISTRICT_CENTRES['440703'], sigmaM: 2200, weight: 3 },
  { centre: DISTRICT_CENTRES['440704'], sigmaM: 1800, weight: 2 },
  { centre: DISTRICT_CENTRES['440705'], sigmaM: 2000, weight: 2 },
]

export class Places {
  readonly urbanCentres: Cluster[]
  readonly townCentres: Cluster[]

  constructor(readonly areas: AreaModel) {
    this.urbanCentres = areas.districts.map((d) => ({
      centre: d.centre,
      sigmaM: d.code === '440704' ? 2500 : 3500,
      weight: (DISTRICT_WEIGHT[d.code] ?? 30) * 0.6,
    }))
    // Every street's seed is a town centre; rural towns weigh less than urban streets.
    this.townCentres = areas.streets.map((s) => ({
      centre: s.centre,
      sigmaM: 1300,
      weight: s.name.endsWith('街道') ? 3 : 1,
    }))
  }

  /** A point drawn from a Gaussian around one of the clusters (picked by weight). */
  nearCluster(rng: Rng, clusters: readonly Cluster[], tries = 60): Placed | null {
    let total = 0
    for (const c of clusters) total += c.weight
    for (let t = 0; t < tries; t++) {
      let r = rng.next() * total
      let c = clusters[clusters.length - 1]
      for (const k of clusters) {
        r -= k.weight
        if (r < 0) {
          c = k
          break
        }
      }
      const p = offsetMetres(c.centre, rng.normal() * c.sigmaM, rng.normal() * c.sigmaM)
      const placed = this.at(p)
      if (placed) return placed
    }
    return null
  }

  /** Uniform over the city (countryside, villages, slopes). */
  anywhere(rng: Rng): Placed {
    const [x0, y0, x1, y1] = this.areas.city.bbox
    for (;;) {
      const placed = this.at([rng.float(x0, x1), rng.float(y0, y1)])
      if (placed) return placed
    }
  }

  /** Uniform inside one district. */
  inDistrict(rng: Rng, districtCode: string): Placed {
    const d = this.areas.district(districtCode)
    const [x0, y0, x1, y1] = d.bbox
    for (;;) {
      const placed = this.at([rng.float(x0, x1), rng.float(y0, y1)])
      if (placed && placed.grid.code.startsWith(districtCode)) return placed
    }
  }

  /** Uniform inside a polygon (a chemical park), which must lie inside the city. */
  inPolygon(rng: Rng, ring: Lonlat[], bbox: [number, number, number, number]): Placed {
    for (let t = 0; t < 10_000; t++) {
      const x = rng.float(bbox[0], bbox[2])
      const y = rng.float(bbox[1], bbox[3])
      const rx = round6(x), ry = round6(y)
      if (!pointInMultiPolygon(rx, ry, [[ring]])) continue
      const placed = this.at([rx, ry])
      if (placed) return placed
    }
    throw new Error('polygon has no point inside the city')
  }

  /** Homes and shops: mostly around district centres, the rest around town centres. */
  urban(rng: Rng): Placed {
    return (rng.chance(0.55) ? this.nearCluster(rng, this.urbanCentres) : this.nearCluster(rng, this.townCentres)) ?? this.anywhere(rng)
  }

  industrial(rng: Rng): Placed {
    return (rng.chance(0.75) ? this.nearCluster(rng, INDUSTRIAL_ZONES) : this.nearCluster(rng, this.townCentres)) ?? this.anywhere(rng)
  }

  oldTown(rng: Rng): Placed {
    return this.nearCluster(rng, OLD_TOWN) ?? this.urban(rng)
  }

  /**
   * A point `minM`–`maxM` metres from `from`, in a random direction, inside the city;
   * null if no direction works (e.g. a point on a headland).
   */
  around(rng: Rng, from: Lonlat, minM: number, maxM: number, tries = 24): Placed | null {
    for (let t = 0; t < tries; t++) {
      const d = rng.float(minM, maxM)
      const a = rng.float(0, 2 * Math.PI)
      const placed = this.at(offsetMetres(from, d * Math.cos(a), d * Math.sin(a)))
      if (placed) return placed
    }
    return null
  }

  /** Rounds the point (what is stored is what is tested) and finds its grid cell. */
  at(p: Lonlat): Placed | null {
    const q: Lonlat = [round6(p[0]), round6(p[1])]
    const grid = this.areas.gridAt(q[0], q[1])
    return grid ? { point: q, grid } : null
  }
}
