// Dangerous-goods vehicles of the demo city (issue 19, migration 20261213000100): a few hundred
// tankers and vans of hazardous enterprises acting as carriers (the demo enterprise carries some
// of its own, so its user sees vehicles), with the common cargoes' UN numbers and GB 6944
// classes, and four restricted zones (禁行区) in the town centres, one of them closed only by day.
// Synthetic, deterministic per seed and scale. Their first fixes come from
// app.vehicle_seed_demo() at the first start; supabase/local/simulator-vehicles.ts drives them.
import { rowRng } from './prng.ts'
import { demoUuid } from './ids.ts'
import { enterpriseId, isHazardous } from './enterprises.ts'
import { DISTRICT_CENTRES } from './areas.ts'
import { offsetMetres, polygonEwkt, type Ring } from './geo.ts'
import { type Ctx, type Row, scaled } from './context.ts'

/** Common road cargoes: UN number, GB 6944 class or division, weight. */
export const CARGOES: ReadonlyArray<readonly [un: string, cls: string, name: string, weight: number]> = [
  ['UN1203', '3', '汽油', 20],
  ['UN1202', '3', '柴油', 14],
  ['UN1230', '3', '甲醇', 6],
  ['UN1114', '3', '苯', 3],
  ['UN1090', '3', '丙酮', 3],
  ['UN1075', '2.1', '液化石油气', 8],
  ['UN1972', '2.1', '液化天然气', 6],
  ['UN1049', '2.1', '氢气', 2],
  ['UN1073', '2.2', '液氧', 4],
  ['UN1005', '2.3', '液氨', 3],
  ['UN1017', '2.3', '氯', 2],
  ['UN1789', '8', '盐酸', 6],
  ['UN1830', '8', '硫酸', 5],
  ['UN1824', '8', '氢氧化钠溶液', 4],
  ['UN2014', '5.1', '过氧化氢溶液', 3],
  ['UN1325', '4.1', '易燃固体', 2],
  ['UN2810', '6.1', '毒性液体', 2],
  ['UN3082', '9', '环境危害物质（液体）', 3],
]

const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ'

/** The demo's restricted zones: an octagon around a town centre; `hours` in China time. */
export const ZONES: ReadonlyArray<{ name: string; district: string; east: number; north: number; radiusM: number; hours: [string, string] | null }> = [
  { name: '蓬江区老城区危险货物运输车辆禁行区', district: '440703', east: 0, north: 0, radiusM: 1200, hours: null },
  { name: '江海区中心城区危险货物运输车辆禁行区', district: '440704', east: -600, north: 400, radiusM: 800, hours: null },
  { name: '新会区会城街道危险货物运输车辆日间禁行区', district: '440705', east: 0, north: 0, radiusM: 1000, hours: ['07:00', '20:00'] },
  { name: '台山市台城危险货物运输车辆禁行区', district: '440781', east: 0, north: 0, radiusM: 900, hours: null },
]

export function zoneRing(i: number): Ring {
  const z = ZONES[i]!
  const c = offsetMetres(DISTRICT_CENTRES[z.district]!, z.east, z.north)
  const ring: Ring = []
  for (let k = 0; k < 8; k++) {
    const a = (k * Math.PI) / 4 + Math.PI / 8
    ring.push(offsetMetres(c, z.radiusM * Math.sin(a), z.radiusM * Math.cos(a)))
  }
  ring.push(ring[0]!)
  return ring
}

export function restrictedZoneRows(ctx: Ctx): Row[] {
  return ZONES.map((z, i) => ({
    id: demoUuid(ctx.seed, 'vehicle_restricted_zones', i),
    name: `${z.name}（演示数据）`,
    geom: polygonEwkt([zoneRing(i)]),
    hours_from: z.hours?.[0] ?? null,
    hours_to: z.hours?.[1] ?? null,
    area_code: z.district,
    is_demo: true,
  }))
}

/** Carriers: the demo enterprise and hazardous enterprises (park ones first). */
function carriers(ctx: Ctx): number[] {
  const core = ctx.enterprises
  const want = scaled(40, ctx.scale, 4)
  const out = [0]
  for (let pass = 0; pass < 2 && out.length < want; pass++) {
    for (let i = 1; i < core.count && out.length < want; i++) {
      if (!isHazardous(core, i)) continue
      if ((pass === 0) !== core.park[i]! >= 0) continue
      out.push(i)
    }
  }
  return out
}

export function vehicleRows(ctx: Ctx): Row[] {
  const { seed, scale } = ctx
  const total = scaled(300, scale, 20)
  const owners = carriers(ctx)
  const rows: Row[] = []
  for (let k = 0; k < total; k++) {
    const rng = rowRng(seed, 'dg-vehicle', k)
    // every tenth vehicle is the demo enterprise's own; the rest spread over the carriers
    const owner = k % 10 === 0 || owners.length === 1 ? 0 : owners[1 + (k % (owners.length - 1))]!
    const [un, cls] = rng.weighted(CARGOES.map((c) => [c, c[3]] as const))
    rows.push({
      id: demoUuid(seed, 'dg_vehicles', k),
      plate: `粤J${LETTERS[k % LETTERS.length]}${String(1000 + Math.floor(k / LETTERS.length)).padStart(4, '0')}`,
      carrier_enterprise_id: enterpriseId(seed, owner),
      un_number: un,
      hazard_class: cls,
      capacity_t: rng.int(8, 35),
      in_service: k % 25 !== 24,
      is_demo: true,
    })
  }
  return rows
}
