// Emergency resources (应急资源): rescue teams, fire stations, material depots, shelters and
// hospitals, each with a capacity in its own unit and a duty phone.
import { WeightedTable, rowRng, type Rng } from './prng.ts'
import { demoUuid } from './ids.ts'
import { pointEwkt } from './geo.ts'
import type { Places } from './places.ts'
import type { AreaModel } from './areas.ts'
import { brand, landline, placeName } from './names.ts'
import { EMERGENCY_RESOURCE_TYPES } from './reference.ts'
import { type Row, scaled } from './context.ts'

export const BASE_RESOURCES = 300

type ResourceType = (typeof EMERGENCY_RESOURCE_TYPES)[number]

const TYPE_WEIGHTS = new WeightedTable<ResourceType>([
  ['rescue_team', 15], ['fire_station', 20], ['material_depot', 20], ['shelter', 30], ['hospital', 15],
])

/** [min, max, unit] of capacity per type. */
const CAPACITY: Record<ResourceType, readonly [number, number, string]> = {
  rescue_team: [10, 80, '人'],
  fire_station: [3, 16, '辆消防车'],
  material_depot: [500, 20_000, '件'],
  shelter: [200, 10_000, '人'],
  hospital: [50, 1500, '张床位'],
}

function name(rng: Rng, type: ResourceType, district: string): string {
  const p = placeName(rng)
  switch (type) {
    case 'rescue_team': return rng.pick([`${district}${rng.pick(['危化品', '矿山', '水上', '综合'])}应急救援队`, `江门${brand(rng)}化工企业专职救援队`, `${district}${p}应急救援分队`])
    case 'fire_station': return rng.pick([`${district}${p}消防救援站`, `江门市消防救援支队${p}特勤站`, `${p}专职消防队`])
    case 'material_depot': return rng.pick([`${district}应急物资储备库（${p}）`, `${p}防汛物资仓库`, `江门市${p}危化品应急物资储备点`])
    case 'shelter': return rng.pick([`${p}公园应急避难场所`, `${p}中学应急避难场所`, `${p}广场应急避难场所`, `${p}体育中心应急避难场所`])
    case 'hospital': return rng.pick([`${district}人民医院`, `${district}${p}医院`, `江门市${p}医院急救站`, `${p}镇卫生院`])
  }
}

export function* emergencyResourceRows(seed: number, scale: number, places: Places, areas: AreaModel): Generator<Row> {
  const total = scaled(BASE_RESOURCES, scale, EMERGENCY_RESOURCE_TYPES.length)
  for (let i = 0; i < total; i++) {
    const rng = rowRng(seed, 'emergency-resource', i)
    const type = i < EMERGENCY_RESOURCE_TYPES.length ? EMERGENCY_RESOURCE_TYPES[i] : TYPE_WEIGHTS.pick(rng)
    // Shelters and depots serve the countryside too; the rest follow the population.
    const at = type === 'shelter' || type === 'material_depot' ? (rng.chance(0.6) ? places.urban(rng) : places.anywhere(rng)) : places.urban(rng)
    const [lo, hi, unit] = CAPACITY[type]
    yield {
      id: demoUuid(seed, 'emergency_resources', i),
      name: name(rng, type, areas.district(at.grid.code).name),
      resource_type: type,
      capacity: Math.round(rng.logUniform(lo, hi + 1)),
      capacity_unit: unit,
      location: pointEwkt(at.point),
      area_code: at.grid.code,
      duty_phone: rng.chance(0.15) ? '119' : landline(rng),
      is_demo: true,
    }
  }
}
