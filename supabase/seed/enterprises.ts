// Enterprises (生产经营单位): industry, place and the flags later tables depend on are
// decided once for all of them and kept in typed arrays (a few MB even at 200,000), so
// risk points and hidden dangers can refer to any enterprise without keeping row objects.
// Names, addresses and the rest of the row are derived again from the index when streamed.
import { Rng, WeightedTable, hash32, rowRng } from './prng.ts'
import { demoUuid } from './ids.ts'
import { makeCreditCode } from './credit-code.ts'
import { brand, enterpriseName, landline, mobile, personName, roadName } from './names.ts'
import { pointEwkt } from './geo.ts'
import type { Places, Placed } from './places.ts'
import type { Park } from './parks.ts'
import type { AreaModel } from './areas.ts'
import { HAZARDOUS_INDUSTRIES, INDUSTRIES, type Industry, type RelocationStatus } from './reference.ts'
import { DEMO_ENTERPRISE_ID, DEMO_ENTERPRISE_NAME } from './demo-users.ts'
import { type Row, scaled } from './context.ts'

export const BASE_ENTERPRISES = 2000

// Share of enterprises per industry (江门: machinery, electronics, textiles and building materials
// dominate; hazardous-chemical trades are about one in seven).
const INDUSTRY_WEIGHTS = new WeightedTable<Industry>([
  ['chemical', 5], ['chemical_storage', 3.5], ['petroleum', 0.8], ['pharmaceutical', 2], ['metallurgy', 7],
  ['machinery', 18], ['electronics', 14], ['textile', 9], ['food', 9], ['building_materials', 8],
  ['fireworks', 0.7], ['gas_supply', 1.5], ['logistics', 9], ['construction', 12.5],
])

/** Where an industry settles: [in a park, in the old town (legacy), industrial zones]. */
const SITING: Partial<Record<Industry, readonly [number, number, number]>> = {
  chemical: [0.7, 0.25, 0.05],
  petroleum: [0.85, 0.1, 0.05],
  chemical_storage: [0.35, 0.3, 0.35],
  pharmaceutical: [0.3, 0.3, 0.4],
}

const EMPLOYEES: Record<Industry, readonly [number, number]> = {
  chemical: [30, 800], chemical_storage: [8, 120], petroleum: [100, 1500], pharmaceutical: [50, 1200],
  metallurgy: [30, 1500], machinery: [20, 3000], electronics: [30, 5000], textile: [30, 1500], food: [15, 800],
  building_materials: [20, 800], fireworks: [10, 150], gas_supply: [10, 300], logistics: [10, 500], construction: [20, 2000],
}

export interface EnterpriseCore {
  count: number
  lon: Float64Array
  lat: Float64Array
  industry: Uint8Array
  areaCode: string[]
  /** Index into ctx.parks, or -1. */
  park: Int8Array
  /** 1 = an old hazardous-chemical site in the dense old town (candidate for relocation). */
  legacy: Uint8Array
  /** 1 = protective targets were put inside its required distances on purpose (set by hazards.ts). */
  tooClose: Uint8Array
}

export const enterpriseId = (seed: number, i: number): string => (i === 0 ? DEMO_ENTERPRISE_ID : demoUuid(seed, 'enterprises', i))
export const industryOf = (core: EnterpriseCore, i: number): Industry => INDUSTRIES[core.industry[i]]
export const isHazardous = (core: EnterpriseCore, i: number): boolean => HAZARDOUS_INDUSTRIES.has(industryOf(core, i))
/** The brand part of the name (华海), reused in the names of its risk points. */
export const enterpriseBrand = (seed: number, i: number): string => (i === 0 ? '华海' : brand(rowRng(seed, 'enterprise-brand', i)))

function pickPark(rng: Rng, parks: readonly Park[]): number {
  return rng.weighted(parks.map((p, k) => [k, p.weight] as const))
}

export function buildEnterpriseCore(seed: number, scale: number, places: Places, parks: readonly Park[]): EnterpriseCore {
  const count = scaled(BASE_ENTERPRISES, scale)
  const core: EnterpriseCore = {
    count,
    lon: new Float64Array(count),
    lat: new Float64Array(count),
    industry: new Uint8Array(count),
    areaCode: new Array<string>(count),
    park: new Int8Array(count).fill(-1),
    legacy: new Uint8Array(count),
    tooClose: new Uint8Array(count),
  }
  const demoPark = parks.findIndex((p) => p.districtCode === '440704')
  for (let i = 0; i < count; i++) {
    const rng = rowRng(seed, 'enterprise', i)
    // Index 0 is the demo enterprise user's company: a chemical plant in the 江海 park.
    // The next ones take every industry once, so even tiny scales show them all.
    const industry: Industry = i === 0 ? 'chemical' : i <= INDUSTRIES.length ? INDUSTRIES[i - 1] : INDUSTRY_WEIGHTS.pick(rng)
    let placed: Placed
    let park = -1
    let legacy = 0
    const siting = SITING[industry]
    if (i === 0) {
      park = demoPark
      placed = places.inPolygon(rng, parks[park].ring, parks[park].bbox)
    } else if (siting) {
      const where = rng.weighted([[0, siting[0]], [1, siting[1]], [2, siting[2]]] as const)
      if (where === 0) {
        // Oil and gas terminals need the deep water of 银洲湖.
        park = industry === 'petroleum' && parks.length > 1 ? parks.length - 1 : pickPark(rng, parks)
        placed = places.inPolygon(rng, parks[park].ring, parks[park].bbox)
      } else if (where === 1) {
        legacy = 1
        placed = places.oldTown(rng)
      } else placed = places.industrial(rng)
    } else if (industry === 'fireworks') {
      // Fireworks makers stay out in the hills of the county-level cities.
      placed = places.inDistrict(rng, rng.pick(['440781', '440783', '440784', '440785']))
    } else if (industry === 'gas_supply' || industry === 'construction') {
      placed = places.urban(rng)
    } else if (industry === 'logistics') {
      placed = rng.chance(0.7) ? places.industrial(rng) : places.urban(rng)
    } else {
      placed = places.industrial(rng)
    }
    core.lon[i] = placed.point[0]
    core.lat[i] = placed.point[1]
    core.industry[i] = INDUSTRIES.indexOf(industry)
    core.areaCode[i] = placed.grid.code
    core.park[i] = park
    core.legacy[i] = legacy
  }
  return core
}

function relocationOf(seed: number, core: EnterpriseCore, i: number): RelocationStatus {
  if (i === 0) return 'none'
  const rng = rowRng(seed, 'relocation', i)
  // 搬、停、关、转: mostly for old-town chemical sites whose distances are not met.
  if (core.tooClose[i]) return rng.weighted([['none', 30], ['relocate', 35], ['suspend', 10], ['close', 10], ['convert', 15]] as const)
  if (core.legacy[i]) return rng.weighted([['none', 80], ['relocate', 10], ['convert', 10]] as const)
  if (isHazardous(core, i)) return rng.weighted([['none', 97], ['suspend', 1], ['close', 1], ['convert', 1]] as const)
  return rng.chance(0.005) ? 'close' : 'none'
}

function registeredPrefix(rng: Rng, districtCode: string): string {
  switch (districtCode) {
    case '440703': return rng.chance(0.7) ? '江门市' : '江门市蓬江区'
    case '440704': return rng.chance(0.6) ? '江门市' : '江门市江海区'
    case '440705': return rng.chance(0.8) ? '江门市新会区' : '江门市'
    case '440781': return '台山市'
    case '440783': return '开平市'
    case '440784': return '鹤山市'
    case '440785': return '恩平市'
    default: return '江门市'
  }
}

export function* enterpriseRows(seed: number, core: EnterpriseCore, areas: AreaModel, parks: readonly Park[]): Generator<Row> {
  const creditMix = hash32(seed, 'credit-code')
  for (let i = 0; i < core.count; i++) {
    const rng = rowRng(seed, 'enterprise-row', i)
    const industry = industryOf(core, i)
    const code = core.areaCode[i]
    const district = areas.district(code)
    const street = areas.byCode.get(code.slice(0, 9))
    const park = core.park[i] >= 0 ? parks[core.park[i]] : null
    const name = i === 0 ? DEMO_ENTERPRISE_NAME : enterpriseName(rng, registeredPrefix(rng, district.code), enterpriseBrand(seed, i), industry)
    const [lo, hi] = EMPLOYEES[industry]
    yield {
      id: enterpriseId(seed, i),
      name,
      credit_code: makeCreditCode(district.code, i, creditMix),
      industry_code: industry,
      address: `${district.name}${park ? park.name : street?.name ?? ''}${roadName(rng)}${rng.int(1, 388)}号`,
      location: pointEwkt([core.lon[i], core.lat[i]]),
      area_code: code,
      standardization_grade: i === 0 ? 2 : rng.weighted([[1, 2], [2, 15], [3, 50], [null, 33]] as const),
      chemical_park_id: park ? park.id : null,
      relocation_status: relocationOf(seed, core, i),
      employees: i === 0 ? 380 : Math.round(rng.logUniform(lo, hi)),
      is_demo: true,
    }
  }
}

export function* enterpriseContactRows(seed: number, core: EnterpriseCore): Generator<Row> {
  for (let i = 0; i < core.count; i++) {
    const rng = rowRng(seed, 'enterprise-contact', i)
    yield {
      enterprise_id: enterpriseId(seed, i),
      legal_representative: personName(rng),
      safety_officer: personName(rng),
      phone: rng.chance(0.6) ? mobile(rng) : landline(rng),
    }
  }
}
