// Two chemical parks (化工园区), invented for the demo but placed where 江门's chemical industry
// really clusters: the 江海 high-tech zone east of the old town, and the 银洲湖 shore in 新会's
// south. Irregular polygons clipped to their district, so they lie inside the city.
import * as turf from '@turf/turf'
import type { MultiPolygon, Polygon } from 'geojson'
import type { AreaModel } from './areas.ts'
import { Rng, hash32 } from './prng.ts'
import { demoUuid } from './ids.ts'
import { type Lonlat, type Ring, blob, bboxOf, multiPolygonEwkt, round6 } from './geo.ts'
import type { Row } from './context.ts'

export interface Park {
  id: string
  name: string
  ring: Ring
  bbox: [number, number, number, number]
  areaCode: string
  districtCode: string
  /** Share of park-bound enterprises that go here. */
  weight: number
}

const PARK_SPECS: ReadonlyArray<{ name: string; centre: Lonlat; radiusM: number; district: string; weight: number }> = [
  { name: '江门高新区江海精细化工园区', centre: [113.135, 22.548], radiusM: 1300, district: '440704', weight: 0.4 },
  { name: '新会银洲湖化工园区', centre: [113.07, 22.385], radiusM: 2000, district: '440705', weight: 0.6 },
]

export const PARK_APPROVED_BY = '广东省化工园区认定管理部门（演示数据）'

/** Parks keep their shape for any seed (like the areas); their ids follow the seed like every row's. */
export function buildParks(areas: AreaModel, seed: number): Park[] {
  return PARK_SPECS.map((spec, i) => {
    const rng = new Rng(hash32('park', i))
    const raw = blob(spec.centre, spec.radiusM, 0.45, 14, () => rng.next())
    const district = turf.multiPolygon(areas.district(spec.district).coords)
    const clipped = turf.intersect(turf.featureCollection<Polygon | MultiPolygon>([turf.polygon([raw]), district]))
    if (!clipped || clipped.geometry.type !== 'Polygon') throw new Error(`park ${spec.name} does not fit in its district`)
    const ring: Ring = clipped.geometry.coordinates[0].map((p) => [round6(p[0]), round6(p[1])] as Lonlat)
    const holder = areas.smallestHolding(ring)
    if (!holder) throw new Error(`park ${spec.name} leaves the city`)
    return {
      id: demoUuid(seed, 'chemical_parks', i),
      name: spec.name,
      ring,
      bbox: bboxOf([[ring]]),
      areaCode: holder.code,
      districtCode: spec.district,
      weight: spec.weight,
    }
  })
}

export function parkRows(parks: readonly Park[]): Row[] {
  return parks.map((p) => ({
    id: p.id,
    name: p.name,
    geom: multiPolygonEwkt([[p.ring]]),
    area_code: p.areaCode,
    approved_by: PARK_APPROVED_BY,
    is_demo: true,
  }))
}
