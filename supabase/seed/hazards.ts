// Hazard sources (危险源) of the hazardous-chemical enterprises, with inventories aimed at a
// GB 18218-2018 grade, required external safety distances per protective class (GB/T 37243,
// "from the assessment report"), and the protective targets placed next to them on purpose:
//  - a home with ≥ 100 people within 500 m of every 一级/二级 source, because R = α·Σβq/Q
//    needs α = 2 to reach those grades (三级 and 四级 are aimed so any α from 0.5 to 2 keeps
//    them in their band, and non-major sources have S < 1 whatever α is);
//  - for about half of the old-town chemical sites, a school and homes inside the required
//    distance, so the relocation planner (搬迁) has real violations to find.
import { rowRng, type Rng } from './prng.ts'
import { demoUuid } from './ids.ts'
import { type Lonlat, type Ring, pointEwkt, polygonEwkt, rectangle } from './geo.ts'
import type { Places } from './places.ts'
import type { AreaModel } from './areas.ts'
import { type EnterpriseCore, enterpriseId, industryOf, isHazardous } from './enterprises.ts'
import {
  type Industry, type ProtectiveClass, PROTECTIVE_CLASSES, SUBSTANCES, alphaFor, majorGrade,
} from './reference.ts'
import { type Row, DAY_MS, isoDate, sqlRef } from './context.ts'

export type Grade = 0 | 1 | 2 | 3 | 4 // 0 = not a major hazard source

export interface HazardSource {
  id: string
  index: number
  enterpriseIndex: number
  name: string
  unitType: 'production' | 'storage'
  centre: Lonlat
  ring: Ring | null
  areaCode: string
  grade: Grade
  inventory: Array<{ substance: string; quantityT: number }>
  /** S = Σ q/Q and Σ β·q/Q of the inventory as rounded. */
  sValue: number
  betaSum: number
  requiredM: Record<ProtectiveClass, number>
  reportRef: string
  reportDate: string
  isNew: boolean
}

export interface AnchoredTarget {
  type: string
  point: Lonlat
  areaCode: string
  population: number
  hazardIndex: number
  why: 'alpha' | 'too_close'
}

const POOLS: Partial<Record<Industry, readonly string[]>> = {
  chemical: ['氨', '氯', '甲醇', '甲苯', '苯', '氯化氢（无水）', '环氧乙烷', '2-丙烯腈', '二硫化碳', '甲醛（含量>90%）', '氢', '氯乙烯', '1,3-丁二烯', '溴', '硫化氢'],
  chemical_storage: ['甲醇', '乙醇', '甲苯', '丙酮', '乙酸乙酯', '汽油', '液化石油气', '苯', '二甲醚'],
  petroleum: ['汽油', '液化石油气', '甲烷、天然气', '乙烯', '苯', '甲苯', '氢', '硫化氢'],
  pharmaceutical: ['乙醇', '丙酮', '甲醇', '乙酸乙酯', '乙醚', '氢', '钠'],
  fireworks: ['硝酸铵（含可燃物>0.2%）'],
  gas_supply: ['液化石油气', '甲烷、天然气', '二甲醚'],
}

const GRADE_WEIGHTS: ReadonlyArray<readonly [Grade, number]> = [[0, 30], [4, 30], [3, 25], [2, 10], [1, 5]]

// Required distance ranges (m) per class from the brief's assessment-report practice, scaled by
// how big the source is.
const DISTANCE_RANGES: Record<ProtectiveClass, readonly [number, number]> = {
  high_sensitivity: [500, 1500], important: [500, 1500], general_1: [300, 800], general_2: [150, 500], general_3: [50, 300],
}
const GRADE_DISTANCE_FACTOR: Record<Grade, number> = { 1: 1.3, 2: 1.15, 3: 1, 4: 0.85, 0: 0.6 }

const SHORT_NAME: Record<string, string> = { 氨: '液氨', 氯: '液氯', 氢: '氢气', 液化石油气: 'LPG' }
const shortName = (s: string) => SHORT_NAME[s] ?? s.replace(/（.*）/, '').replace('、天然气', '')

const sig3 = (v: number) => Number(v.toPrecision(3))
const round10 = (v: number) => Math.round(v / 10) * 10

function pickDistinct(rng: Rng, pool: readonly string[], n: number): string[] {
  const out: string[] = []
  while (out.length < Math.min(n, pool.length)) {
    const s = rng.pick(pool)
    if (!out.includes(s)) out.push(s)
  }
  return out
}

/** Quantities (t) for the grade. See the file comment for why these bands are safe. */
function inventoryFor(rng: Rng, pool: readonly string[], grade: Grade): Array<{ substance: string; quantityT: number }> {
  const usable = grade === 4 ? pool.filter((s) => SUBSTANCES.get(s)!.beta <= 2) : pool
  const subs = pickDistinct(rng, usable.length ? usable : ['甲醇'], rng.int(1, 3))
  const w = subs.map(() => rng.float(0.3, 1))
  const wSum = w.reduce((a, b) => a + b, 0)
  const share = w.map((x) => x / wSum)
  return subs.map((name, k) => {
    const { criticalT: Q, beta } = SUBSTANCES.get(name)!
    let q: number
    if (grade === 0) q = rng.float(0.15, 0.9) * share[k] * Q // S < 1
    else if (grade === 4) q = rng.float(1.1, 2.2) * share[k] * Q // S ≥ 1, Σβq/Q ≤ 4.4 → R < 10 even at α = 2
    else {
      // Σβq/Q in a band: 三级 [20.5, 24] → R in [10.25, 48] for any α; 二级/一级 assume α = 2.
      const [lo, hi] = grade === 3 ? [20.5, 24] : grade === 2 ? [28, 47] : [56, 140]
      q = (rng.float(lo, hi) * share[k] * Q) / beta
    }
    return { substance: name, quantityT: Math.max(0.01, sig3(q)) }
  })
}

function sums(inv: ReadonlyArray<{ substance: string; quantityT: number }>): { s: number; b: number } {
  let s = 0, b = 0
  for (const { substance, quantityT } of inv) {
    const { criticalT, beta } = SUBSTANCES.get(substance)!
    s += quantityT / criticalT
    b += (beta * quantityT) / criticalT
  }
  return { s, b }
}

/** The grade the database must find, given that 一级/二级 sources have α = 2 by construction. */
export function expectedGrade(h: Pick<HazardSource, 'sValue' | 'betaSum' | 'grade'>): Grade {
  if (h.sValue < 1) return 0
  if (h.grade === 1 || h.grade === 2) return majorGrade(alphaFor(100) * h.betaSum)
  const lo = majorGrade(alphaFor(0) * h.betaSum)
  const hi = majorGrade(alphaFor(100) * h.betaSum)
  if (lo !== hi) throw new Error(`grade of Σβq/Q = ${h.betaSum} depends on α`)
  return lo
}

export function buildHazards(seed: number, today: number, core: EnterpriseCore, places: Places, areas: AreaModel): { hazards: HazardSource[]; anchors: AnchoredTarget[] } {
  const hazards: HazardSource[] = []
  const anchors: AnchoredTarget[] = []
  const forced: Grade[] = [1, 3, 2, 4, 0] // the first sources after the demo's: every grade at any scale
  let nonDemo = 0
  for (let i = 0; i < core.count; i++) {
    if (!isHazardous(core, i)) continue
    const industry = industryOf(core, i)
    const erng = rowRng(seed, 'hazard-count', i)
    const k = i === 0 ? 3 : core.legacy[i] ? erng.int(1, 2) : erng.weighted([[0, 30], [1, 47], [2, 17], [3, 6]] as const)
    const home: Lonlat = [core.lon[i], core.lat[i]]
    const tooClose = i !== 0 && core.legacy[i] === 1 && erng.chance(0.5)
    for (let j = 0; j < k; j++) {
      const index = hazards.length
      const rng = rowRng(seed, 'hazard', index)
      let grade: Grade = i === 0 ? ([2, 4, 0] as const)[j] : nonDemo < forced.length ? forced[nonDemo] : rng.weighted(GRADE_WEIGHTS)
      if (i !== 0) nonDemo++
      // Place the unit near the plant's point, as a footprint polygon when it fits in the city.
      const at = j === 0 ? places.at(home)! : places.around(rng, home, 40, 160) ?? places.at(home)!
      let ring: Ring | null = null
      let areaCode = at.grid.code
      if (rng.chance(0.75)) {
        const r = rectangle(at.point, rng.float(40, 140), rng.float(30, 100), rng.float(0, Math.PI))
        const holder = areas.smallestHolding(r)
        if (holder) {
          ring = r
          areaCode = holder.code
        }
      }
      // Anchor the population that makes α = 2 for the top grades; without room for it, aim lower.
      if (grade === 1 || grade === 2) {
        const a = places.around(rng, at.point, 200, 420)
        if (a) anchors.push({ type: rng.chance(0.7) ? 'residential' : 'village', point: a.point, areaCode: a.grid.code, population: rng.int(300, 2500), hazardIndex: index, why: 'alpha' })
        else grade = 3
      }
      const inventory = inventoryFor(rng, POOLS[industry] ?? ['甲醇'], grade)
      const { s, b } = sums(inventory)
      const f = rng.next()
      const requiredM = Object.fromEntries(
        PROTECTIVE_CLASSES.map((c) => {
          const [lo, hi] = DISTANCE_RANGES[c]
          return [c, round10((lo + f * (hi - lo)) * GRADE_DISTANCE_FACTOR[grade])]
        }),
      ) as Record<ProtectiveClass, number>
      const main = inventory[0].substance
      const storage = industry !== 'pharmaceutical' && (industry !== 'chemical' || rng.chance(0.55))
      const reportDay = today - rng.int(60, 3 * 365) * DAY_MS
      hazards.push({
        id: demoUuid(seed, 'hazard_sources', index),
        index,
        enterpriseIndex: i,
        name: storage ? `${j + 1}#${shortName(main)}储罐区` : `${shortName(main)}${rng.pick(['生产装置', '合成工段', '反应单元'])}`,
        unitType: storage ? 'storage' : 'production',
        centre: at.point,
        ring,
        areaCode,
        grade,
        inventory,
        sValue: s,
        betaSum: b,
        requiredM,
        reportRef: `安全现状评价报告 JMAP-${isoDate(reportDay).slice(0, 4)}-${String(rng.int(1, 9999)).padStart(4, '0')}`,
        reportDate: isoDate(reportDay),
        isNew: core.park[i] >= 0 && rng.chance(0.15),
      })
      // Old-town plants with schools and homes inside the required distances (once per plant).
      if (tooClose && j === 0) {
        const hs = requiredM.high_sensitivity
        const g2 = requiredM.general_2
        const school = places.around(rng, at.point, 100, Math.min(450, 0.85 * hs))
        if (school) anchors.push({ type: rng.chance(0.7) ? 'school' : 'kindergarten', point: school.point, areaCode: school.grid.code, population: rng.int(200, 2500), hazardIndex: index, why: 'too_close' })
        const homeMax = Math.min(350, 0.85 * g2)
        const homes = places.around(rng, at.point, Math.min(80, homeMax / 2), homeMax)
        if (homes) anchors.push({ type: 'residential', point: homes.point, areaCode: homes.grid.code, population: rng.int(300, 3000), hazardIndex: index, why: 'too_close' })
        if (rng.chance(0.3)) {
          const care = places.around(rng, at.point, 150, Math.min(480, 0.9 * hs))
          if (care) anchors.push({ type: rng.pick(['hospital', 'nursing_home']), point: care.point, areaCode: care.grid.code, population: rng.int(60, 800), hazardIndex: index, why: 'too_close' })
        }
        if (school || homes) core.tooClose[i] = 1
      }
    }
  }
  return { hazards, anchors }
}

export function* hazardSourceRows(seed: number, hazards: readonly HazardSource[]): Generator<Row> {
  for (const h of hazards) {
    const grade = expectedGrade(h)
    yield {
      id: h.id,
      enterprise_id: enterpriseId(seed, h.enterpriseIndex),
      name: h.name,
      unit_type: h.unitType,
      geom: h.ring ? polygonEwkt([h.ring]) : pointEwkt(h.centre),
      area_code: h.areaCode,
      // The intended GB 18218 result; the database's grading recomputes it from the inventory
      // and the population around (α), and is the one to trust.
      s_value: Math.round(h.sValue * 10_000) / 10_000,
      is_major: grade !== 0,
      major_grade: grade === 0 ? null : grade,
      // New installations are held to GB 36894's stricter criteria; a few are recent.
      installation_status: h.isNew ? 'new' : 'in_service',
      is_demo: true,
    }
  }
}

export function* inventoryRows(hazards: readonly HazardSource[]): Generator<Row> {
  for (const h of hazards)
    for (const it of h.inventory)
      yield { hazard_source_id: h.id, substance_id: sqlRef('substances', 'name_zh', it.substance), max_quantity_t: it.quantityT }
}

export function* distanceRows(hazards: readonly HazardSource[]): Generator<Row> {
  for (const h of hazards)
    for (const c of PROTECTIVE_CLASSES)
      yield {
        hazard_source_id: h.id,
        target_class: c,
        required_m: h.requiredM[c],
        basis: 'assessment_report',
        basis_reference: h.reportRef,
        basis_date: h.reportDate,
      }
}
