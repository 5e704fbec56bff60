// Oil and gas pipelines (issue 19), all synthetic (演示数据): gas trunk lines crossing the city, the
// city-gate lines from a gate station in 江海 to each district, medium-pressure feeders in the old
// town, oil and LPG lines from the 银洲湖 wharf to the chemical parks and fuel depots, and process
// lines between park enterprises (one operated by the demo enterprise). Names say 演示.
// Some feeders are routed on purpose within 2–4.5 m of a protective target (违章占压 for the
// encroachment check to find). The same count at every scale (a city has a few dozen lines).
import { Rng, hash32 } from './prng.ts'
import { demoUuid } from './ids.ts'
import { DISTRICT_CENTRES } from './areas.ts'
import { type Lonlat, offsetMetres, distanceMetres, round6 } from './geo.ts'
import { protectiveTargetRows } from './targets.ts'
import { enterpriseId, isHazardous } from './enterprises.ts'
import type { Ctx, Row } from './context.ts'

type Medium = 'natural_gas' | 'crude_oil' | 'refined_oil' | 'lpg' | 'chemical'

interface Spec {
  name: string
  medium: Medium
  via: Lonlat[]
  diameter: number
  pressure: number
  depth: number
  year: number
  operator?: string | null
  /** lateral wander of the densified path, metres */
  wander?: number
}

/** A path through the waypoints, a vertex every ~600 m wandering a little to the side (smoothly). */
function route(rng: Rng, via: readonly Lonlat[], wander: number): Lonlat[] {
  const out: Lonlat[] = [via[0]!]
  for (let k = 1; k < via.length; k++) {
    const a = via[k - 1]!
    const b = via[k]!
    const n = Math.max(1, Math.round(distanceMetres(a, b) / 600))
    let side = 0
    for (let i = 1; i <= n; i++) {
      const t = i / n
      const p: Lonlat = [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]
      if (i < n && wander > 0) {
        side = 0.6 * side + 0.4 * rng.float(-wander, wander)
        const dx = b[0] - a[0]
        const dy = b[1] - a[1]
        const len = Math.hypot(dx, dy) || 1
        out.push(offsetMetres(p, (-dy / len) * side, (dx / len) * side))
      } else out.push(p)
    }
  }
  return out.map(([x, y]) => [round6(x), round6(y)] as Lonlat)
}

const ewkt = (path: readonly Lonlat[]) => `SRID=4326;MULTILINESTRING((${path.map(([x, y]) => `${x} ${y}`).join(',')}))`

/** Point targets of the city to route feeders past (the first of the generated ones, in order). */
function pointTargets(ctx: Ctx, n: number, districts: ReadonlySet<string>): { at: Lonlat; area: string }[] {
  const out: { at: Lonlat; area: string }[] = []
  for (const r of protectiveTargetRows(ctx.seed, ctx.scale, ctx.places, ctx.areas, ctx.anchors, ctx.hazards)) {
    const m = /^SRID=4326;POINT\(([-\d.]+) ([-\d.]+)\)$/.exec(String(r.geom))
    const area = String(r.area_code ?? '')
    if (m && districts.has(area.slice(0, 6))) out.push({ at: [Number(m[1]), Number(m[2])], area })
    if (out.length >= n) break
  }
  return out
}

const C = DISTRICT_CENTRES
// Places (approximate, WGS84), invented for the demo.
const GATE: Lonlat = [113.118, 22.575] // 江海 city-gate station
const WHARF: Lonlat = [113.085, 22.36] // 银洲湖 wharf, 新会
const DEPOT_PENGJIANG: Lonlat = [113.03, 22.66]
const DEPOT_TAISHAN: Lonlat = [112.81, 22.28]
const DEPOT_KAIPING: Lonlat = [112.74, 22.42]

export function pipelineRows(ctx: Ctx): Row[] {
  const rng = new Rng(hash32(ctx.seed, 'pipelines'))
  const [park1, park2] = ctx.parks
  const centre = (p: typeof park1): Lonlat => [(p!.bbox[0] + p!.bbox[2]) / 2, (p!.bbox[1] + p!.bbox[3]) / 2]
  const P1 = centre(park1)
  const P2 = centre(park2)
  const year = () => rng.int(1998, 2024)
  const specs: Spec[] = [
    // Gas trunk lines (输气干线): large and high pressure (r = 0.099·√(d²p) ≈ 250–320 m)
    {
      name: '西气东输二线广南支干线江门段（演示）',
      medium: 'natural_gas',
      via: [[112.2, 22.23], C['440785']!, [112.55, 22.33], C['440783']!, [112.93, 22.48], C['440705']!, GATE],
      diameter: 1016,
      pressure: 10,
      depth: 1.8,
      year: 2012,
      wander: 120,
    },
    {
      name: '广东省天然气管网二期江门段（演示）',
      medium: 'natural_gas',
      via: [[112.86, 22.2], C['440781']!, [112.86, 22.45], [112.9, 22.6], C['440784']!, [113.0, 22.82]],
      diameter: 813,
      pressure: 9.2,
      depth: 1.6,
      year: 2018,
      wander: 120,
    },
    {
      name: '江鹤天然气联络线（演示）',
      medium: 'natural_gas',
      via: [GATE, [113.05, 22.64], [112.98, 22.72], C['440784']!],
      diameter: 610,
      pressure: 6.3,
      depth: 1.5,
      year: 2015,
      wander: 80,
    },
    {
      name: '台新天然气干线（演示）',
      medium: 'natural_gas',
      via: [C['440781']!, [112.93, 22.38], [113.0, 22.45], C['440705']!],
      diameter: 711,
      pressure: 6.3,
      depth: 1.5,
      year: 2016,
      wander: 100,
    },
    // City-gate lines (次高压) from the gate station to the districts
    ...(['440703', '440705', '440784', '440783', '440781', '440785'] as const).map((d, i): Spec => ({
      name: `江门城市门站至${['蓬江', '新会', '鹤山', '开平', '台山', '恩平'][i]}次高压燃气管道（演示）`,
      medium: 'natural_gas',
      via: [GATE, C[d]!],
      diameter: [323.9, 406.4, 323.9, 355.6, 355.6, 273][i]!,
      pressure: [1.6, 2.5, 1.6, 2.5, 2.5, 1.6][i]!,
      depth: 1.2,
      year: year(),
      wander: 150,
    })),
    // Oil and LPG lines to the chemical parks and depots
    { name: '银洲湖码头至新会化工园区原油管道（演示）', medium: 'crude_oil', via: [WHARF, P2], diameter: 610, pressure: 8, depth: 1.6, year: 2010, wander: 40 },
    {
      name: '新会化工园区至江海化工园区成品油管道（演示）',
      medium: 'refined_oil',
      via: [P2, [113.06, 22.45], [113.1, 22.5], P1],
      diameter: 406.4,
      pressure: 6.3,
      depth: 1.4,
      year: 2014,
      wander: 90,
    },
    {
      name: '银洲湖码头至蓬江油库成品油管道（演示）',
      medium: 'refined_oil',
      via: [WHARF, [113.05, 22.48], [113.04, 22.58], DEPOT_PENGJIANG],
      diameter: 323.9,
      pressure: 6.3,
      depth: 1.4,
      year: 2009,
      wander: 90,
    },
    {
      name: '银洲湖码头至台山油库成品油管道（演示）',
      medium: 'refined_oil',
      via: [WHARF, [112.95, 22.33], DEPOT_TAISHAN],
      diameter: 273,
      pressure: 4,
      depth: 1.4,
      year: 2011,
      wander: 90,
    },
    {
      name: '新会化工园区至开平油库成品油管道（演示）',
      medium: 'refined_oil',
      via: [P2, [112.9, 22.42], DEPOT_KAIPING],
      diameter: 273,
      pressure: 4,
      depth: 1.4,
      year: 2013,
      wander: 90,
    },
    {
      name: '银洲湖码头至新会化工园区液化石油气管道（演示）',
      medium: 'lpg',
      via: [WHARF, P2],
      diameter: 219.1,
      pressure: 4,
      depth: 1.5,
      year: 2017,
      wander: 40,
    },
    {
      name: '新会化工园区至江海化工园区液化石油气管道（演示）',
      medium: 'lpg',
      via: [P2, [113.08, 22.46], [113.11, 22.51], P1],
      diameter: 168.3,
      pressure: 2.5,
      depth: 1.5,
      year: 2019,
      wander: 90,
    },
  ]
  // Process lines between park enterprises (化工管道), operated by the first of each pair.
  const parkFirms: number[][] = ctx.parks.map(() => [])
  for (let i = 0; i < ctx.enterprises.count; i++) {
    const k = ctx.enterprises.park[i]!
    if (k >= 0 && isHazardous(ctx.enterprises, i) && parkFirms[k]!.length < 8) parkFirms[k]!.push(i)
  }
  const at = (i: number): Lonlat => [ctx.enterprises.lon[i]!, ctx.enterprises.lat[i]!]
  const chem: [number, number][] = []
  // the demo enterprise's line to its nearest park neighbour
  const demoPark = ctx.enterprises.park[0]!
  const partner = parkFirms[Math.max(0, demoPark)]!.find((i) => i !== 0)
  if (partner !== undefined) chem.push([0, partner])
  for (const firms of parkFirms) for (let k = 0; k + 1 < firms.length && chem.length < 6; k += 2) if (firms[k] !== 0) chem.push([firms[k]!, firms[k + 1]!])
  for (const [a, b] of chem) {
    if (distanceMetres(at(a), at(b)) < 50) continue
    specs.push({
      name: a === 0 ? '华海精细化工厂际物料管道（演示）' : `化工园区厂际物料管道 ${chem.findIndex(([x]) => x === a)} 号（演示）`,
      medium: 'chemical',
      via: [at(a), at(b)],
      diameter: rng.pick([89, 108, 159, 219]),
      pressure: rng.pick([1, 1.6, 2.5]),
      depth: 0,
      year: year(),
      operator: enterpriseId(ctx.seed, a),
      wander: 0,
    })
  }
  // Medium-pressure feeders (中压) in the old town, each routed within a few metres of a target.
  const targets = pointTargets(ctx, 10, new Set(['440703', '440704', '440705']))
  targets.forEach((t, i) => {
    const gap = 2 + (i % 4) * 0.8 // 2.0 … 4.4 m east of the target
    const pass = offsetMetres(t.at, gap, 0)
    const from = offsetMetres(pass, 0, -1500)
    const to = offsetMetres(pass, 0, 1500)
    const path = [
      ...route(rng, [from, offsetMetres(pass, 0, -60)], 60),
      [round6(pass[0]), round6(pass[1])] as Lonlat,
      ...route(rng, [offsetMetres(pass, 0, 60), to], 60),
    ]
    specs.push({
      name: `老城区中压燃气管道 ${i + 1} 号（演示）`,
      medium: 'natural_gas',
      via: path,
      diameter: rng.pick([110, 160, 219.1]),
      pressure: 0.4,
      depth: 0.9,
      year: year(),
      wander: -1, // routed already
    })
  })
  return specs.map((s, i) => ({
    id: demoUuid(ctx.seed, 'pipelines', i),
    name: s.name,
    medium: s.medium,
    operator_enterprise_id: s.operator ?? null,
    diameter_mm: s.diameter,
    pressure_mpa: s.pressure,
    burial_depth_m: s.depth || null,
    built_year: s.year,
    geom: ewkt(s.wander === -1 ? s.via : route(rng, s.via, s.wander ?? 0)),
    is_demo: true,
  }))
}
