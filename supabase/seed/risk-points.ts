// Risk points (风险点): enterprise ones (process units, tank farms, dust and confined-space
// work…) next to their enterprise, and urban ones (gas stations, pipelines, bridges, crowded
// places…) across the city. Inputs are chosen to hit a colour; the database grades them from
// the inputs (LEC mostly, the risk matrix for some), using its configured bands.
import { WeightedTable, rowRng, type Rng } from './prng.ts'
import { demoUuid } from './ids.ts'
import { pointEwkt } from './geo.ts'
import type { Places, Placed } from './places.ts'
import type { AreaModel } from './areas.ts'
import { brand, enterpriseRiskPointName, urbanRiskPointName } from './names.ts'
import { type EnterpriseCore, enterpriseBrand, enterpriseId, industryOf } from './enterprises.ts'
import { type Industry, LEC_BANDS, LEC_C, LEC_E, LEC_L, MATRIX_BANDS, URBAN_RISK_CATEGORIES, levelOf } from './reference.ts'
import { type Row, DAY_MS, isoDate, scaled } from './context.ts'

export const BASE_RISK_POINTS = 10_000

type Level = 1 | 2 | 3 | 4

// Every combination of the allowed factors, grouped by the colour it gives.
const LEC_BY_LEVEL: Record<Level, Array<[number, number, number]>> = { 1: [], 2: [], 3: [], 4: [] }
for (const l of LEC_L) for (const e of LEC_E) for (const c of LEC_C) LEC_BY_LEVEL[levelOf(lecScore(l, e, c), LEC_BANDS)].push([l, e, c])
const MATRIX_BY_LEVEL: Record<Level, Array<[number, number]>> = { 1: [], 2: [], 3: [], 4: [] }
for (let l = 1; l <= 5; l++) for (let s = 1; s <= 5; s++) MATRIX_BY_LEVEL[levelOf(l * s, MATRIX_BANDS)].push([l, s])

/** D = L·E·C without binary-float noise (0.2·3·7 is 4.2, not 4.200000000000001). */
export function lecScore(l: number, e: number, c: number): number {
  return Math.round(l * e * c * 1000) / 1000
}

// Share of red/orange/yellow/blue by how dangerous the kind of place is; over the city's mix
// this comes to about 3 % / 12 % / 35 % / 50 %.
const TIER: Record<string, 'high' | 'medium' | 'low'> = {
  hazardous_process: 'high', storage_tank: 'high', warehouse: 'high', gas_station: 'high', gas_pipeline: 'high',
  confined_space: 'medium', dust_explosion: 'medium', high_temp_metal: 'medium', crowded_place: 'medium',
  high_rise: 'medium', construction_site: 'medium', tunnel: 'medium', bridge: 'low', slope: 'low',
}
const LEVEL_MIX = {
  high: new WeightedTable<Level>([[1, 5], [2, 16], [3, 38], [4, 41]]),
  medium: new WeightedTable<Level>([[1, 2], [2, 11], [3, 35], [4, 52]]),
  low: new WeightedTable<Level>([[1, 1], [2, 6], [3, 32], [4, 61]]),
}

const CATEGORIES_BY_INDUSTRY: Record<Industry, readonly string[]> = {
  chemical: ['hazardous_process', 'storage_tank', 'warehouse', 'confined_space'],
  chemical_storage: ['storage_tank', 'warehouse', 'confined_space'],
  petroleum: ['hazardous_process', 'storage_tank', 'confined_space'],
  pharmaceutical: ['hazardous_process', 'warehouse', 'confined_space', 'dust_explosion'],
  metallurgy: ['high_temp_metal', 'confined_space', 'dust_explosion'],
  machinery: ['dust_explosion', 'confined_space', 'high_temp_metal'],
  electronics: ['dust_explosion', 'confined_space', 'warehouse'],
  textile: ['dust_explosion', 'confined_space'],
  food: ['dust_explosion', 'confined_space'],
  building_materials: ['dust_explosion', 'high_temp_metal', 'confined_space'],
  fireworks: ['warehouse', 'dust_explosion'],
  gas_supply: ['storage_tank', 'confined_space'],
  logistics: ['warehouse'],
  construction: ['confined_space'],
}

/** How many risk points an enterprise of the industry registers: [min, max]. */
const PER_ENTERPRISE: Record<Industry, readonly [number, number]> = {
  chemical: [2, 6], chemical_storage: [2, 5], petroleum: [3, 6], pharmaceutical: [2, 5], fireworks: [2, 4], gas_supply: [2, 4],
  metallurgy: [1, 3], machinery: [0, 3], electronics: [0, 3], textile: [0, 3], food: [0, 3], building_materials: [0, 3],
  logistics: [0, 2], construction: [0, 2],
}

const URBAN_WEIGHTS = new WeightedTable<string>([
  ['gas_station', 12], ['gas_pipeline', 20], ['bridge', 8], ['tunnel', 2], ['crowded_place', 25],
  ['construction_site', 15], ['high_rise', 12], ['slope', 6],
])

// The demo enterprise's own points: every colour, both methods.
const DEMO_POINTS: ReadonlyArray<{ category: string; level: Level; matrix?: boolean }> = [
  { category: 'hazardous_process', level: 1 }, { category: 'storage_tank', level: 2 }, { category: 'storage_tank', level: 3 },
  { category: 'warehouse', level: 4 }, { category: 'confined_space', level: 3, matrix: true }, { category: 'hazardous_process', level: 4 },
]

function enterpriseCount(seed: number, core: EnterpriseCore, i: number): number {
  if (i === 0) return DEMO_POINTS.length
  const [lo, hi] = PER_ENTERPRISE[industryOf(core, i)]
  return rowRng(seed, 'risk-point-count', i).int(lo, hi)
}

function inputs(rng: Rng, level: Level, matrix: boolean): Row {
  if (matrix) {
    const [l, s] = rng.pick(MATRIX_BY_LEVEL[level])
    return { method: 'matrix', lec_l: null, lec_e: null, lec_c: null, matrix_l: l, matrix_s: s, score: l * s, level }
  }
  const [l, e, c] = rng.pick(LEC_BY_LEVEL[level])
  return { method: 'lec', lec_l: l, lec_e: e, lec_c: c, matrix_l: null, matrix_s: null, score: lecScore(l, e, c), level }
}

function urbanPlace(rng: Rng, places: Places, category: string): Placed {
  if (category === 'slope') return places.anywhere(rng)
  if (category === 'bridge' || category === 'tunnel') return rng.chance(0.5) ? places.urban(rng) : places.anywhere(rng)
  return places.urban(rng)
}

export function riskPointCounts(seed: number, scale: number, core: EnterpriseCore): { enterprise: number; urban: number } {
  let enterprise = 0
  for (let i = 0; i < core.count; i++) enterprise += enterpriseCount(seed, core, i)
  return { enterprise, urban: Math.max(URBAN_RISK_CATEGORIES.length, scaled(BASE_RISK_POINTS, scale) - enterprise) }
}

export function* riskPointRows(seed: number, scale: number, today: number, core: EnterpriseCore, places: Places, areas: AreaModel): Generator<Row> {
  let k = 0
  for (let i = 0; i < core.count; i++) {
    const n = enterpriseCount(seed, core, i)
    if (n === 0) continue
    const home: [number, number] = [core.lon[i], core.lat[i]]
    const industry = industryOf(core, i)
    const short = enterpriseBrand(seed, i)
    for (let j = 0; j < n; j++, k++) {
      const rng = rowRng(seed, 'risk-point', k)
      const demo = i === 0 ? DEMO_POINTS[j] : null
      const category = demo ? demo.category : rng.pick(CATEGORIES_BY_INDUSTRY[industry])
      const level = demo ? demo.level : LEVEL_MIX[TIER[category]].pick(rng)
      const at = places.around(rng, home, 15, 200) ?? places.at(home)!
      yield {
        id: demoUuid(seed, 'risk_points', k),
        enterprise_id: enterpriseId(seed, i),
        name: enterpriseRiskPointName(rng, short, category),
        category_code: category,
        location: pointEwkt(at.point),
        area_code: at.grid.code,
        ...inputs(rng, level, demo ? demo.matrix === true : rng.chance(0.15)),
        assessed_by: rng.chance(0.6) ? '企业自评' : `江门市${brand(rng)}安全技术咨询有限公司`,
        assessed_at: isoDate(today - rng.int(10, 700) * DAY_MS),
        is_demo: true,
      }
    }
  }
  const { urban } = riskPointCounts(seed, scale, core)
  for (let u = 0; u < urban; u++, k++) {
    const rng = rowRng(seed, 'risk-point', k)
    const category = u < URBAN_RISK_CATEGORIES.length ? URBAN_RISK_CATEGORIES[u] : URBAN_WEIGHTS.pick(rng)
    const at = urbanPlace(rng, places, category)
    const district = areas.district(at.grid.code)
    yield {
      id: demoUuid(seed, 'risk_points', k),
      enterprise_id: null,
      name: urbanRiskPointName(rng, category),
      category_code: category,
      location: pointEwkt(at.point),
      area_code: at.grid.code,
      ...inputs(rng, LEVEL_MIX[TIER[category]].pick(rng), rng.chance(0.15)),
      assessed_by: rng.chance(0.5) ? `${district.name}应急管理局` : `江门市${brand(rng)}安全技术咨询有限公司`,
      assessed_at: isoDate(today - rng.int(10, 700) * DAY_MS),
      is_demo: true,
    }
  }
}
