// GB 18218-2018 major hazard identification and grading — the same computation as the
// database's major_hazard_assessment (supabase/migrations/*_major_hazard_review.sql), so a planner's
// "what if" on quantities answers instantly. Reference data (substances, categories, bands)
// comes from the database tables; nothing of the standard is a literal here but the formula.
import { snap } from './riskGrading.ts'

export interface Substance {
  readonly name_zh: string
  readonly cas: string | null
  readonly critical_t: number
  readonly toxic_gas_beta: number | null
  readonly hazard_category: string
}
export interface HazardCategory {
  readonly code: string
  readonly critical_t: number
  readonly beta: number
}
export interface AlphaBand {
  readonly min_people: number
  readonly alpha: number
}
export interface GradeBand {
  readonly grade: 1 | 2 | 3 | 4
  readonly min_r: number
}

export interface ReferenceData {
  readonly substances: readonly Substance[]
  readonly categories: readonly HazardCategory[]
  readonly alphaBands: readonly AlphaBand[]
  readonly gradeBands: readonly GradeBand[]
}

export interface InventoryItem {
  readonly substance: string
  readonly quantity_t: unknown
  readonly category?: string
}

export interface ItemResult {
  readonly substance: string
  readonly cas: string | null
  readonly quantity_t: number
  readonly critical_t: number
  readonly q_over_q: number
  readonly beta: number
  readonly beta_source: string
}

export interface Assessment {
  readonly s: number
  readonly is_major: boolean
  readonly alpha: number
  readonly r: number
  readonly grade: 1 | 2 | 3 | 4 | null
  readonly items: readonly ItemResult[]
}

export class AssessmentInputError extends Error {}

export function alphaForPopulation(people: number, bands: readonly AlphaBand[]): number {
  const band = [...bands].sort((a, b) => b.min_people - a.min_people).find((b) => b.min_people <= Math.max(people, 0))
  if (!band) throw new AssessmentInputError(`no α band covers ${people} people`)
  return band.alpha
}

export function gradeForR(r: number, bands: readonly GradeBand[]): 1 | 2 | 3 | 4 {
  const band = [...bands].sort((a, b) => b.min_r - a.min_r).find((b) => b.min_r <= r)
  if (!band) throw new AssessmentInputError(`no grade band covers R = ${r}`)
  return band.grade
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6

/** S = Σq/Q, R = α·Σβq/Q and the grade, for an inventory and a known α. */
export function assessItems(items: readonly InventoryItem[], alpha: number, ref: ReferenceData): Assessment {
  let s = 0
  let weighted = 0
  const out: ItemResult[] = []
  items.forEach((item, i) => {
    const idx = i + 1
    const label = (item.substance ?? '').trim()
    const named = label ? ` (${label})` : ''
    if (typeof item.quantity_t !== 'number' || !Number.isFinite(item.quantity_t)) {
      throw new AssessmentInputError(`item ${idx}${named}: quantity_t must be a number of tonnes (got ${String(item.quantity_t ?? 'nothing')})`)
    }
    const qty = item.quantity_t
    if (qty < 0) throw new AssessmentInputError(`item ${idx}${named}: quantity_t must not be negative (got ${qty})`)
    const sub = ref.substances.find((x) => x.name_zh === label || x.cas === label)
    let q: number, beta: number, betaSource: string, name: string, cas: string | null
    if (sub) {
      q = sub.critical_t
      name = sub.name_zh
      cas = sub.cas
      if (sub.toxic_gas_beta != null) {
        beta = sub.toxic_gas_beta
        betaSource = 'table3'
      } else {
        const cat = ref.categories.find((c) => c.code === sub.hazard_category)
        if (!cat) throw new AssessmentInputError(`substance ${sub.name_zh} has unknown category ${sub.hazard_category}`)
        beta = cat.beta
        betaSource = `table4:${cat.code}`
      }
    } else if (item.category !== undefined) {
      const cat = ref.categories.find((c) => c.code === item.category)
      if (!cat) {
        throw new AssessmentInputError(
          `item ${idx}${named}: unknown hazard category "${item.category}" (expected a GB 18218 table 2 symbol such as W5.3 or J1)`,
        )
      }
      q = cat.critical_t
      beta = cat.beta
      betaSource = `table4:${cat.code}`
      name = label
      cas = null
    } else {
      throw new AssessmentInputError(
        `item ${idx}: unknown substance "${label}" (not in GB 18218 table 1 by Chinese name or CAS; give "category" for other substances)`,
      )
    }
    s += qty / q
    weighted += (beta * qty) / q
    out.push({ substance: name, cas, quantity_t: qty, critical_t: q, q_over_q: round6(qty / q), beta, beta_source: betaSource })
  })
  const sExact = snap(s)
  const r = snap(alpha * weighted)
  const isMajor = sExact >= 1
  return { s: round6(sExact), is_major: isMajor, alpha, r: round6(r), grade: isMajor ? gradeForR(r, ref.gradeBands) : null, items: out }
}

/** The calculator with the exposed population given (the browser's "what if"). */
export function majorHazardAssessment(items: readonly InventoryItem[], exposedPopulation: number, ref: ReferenceData): Assessment {
  if (!Number.isFinite(exposedPopulation) || exposedPopulation < 0) {
    throw new AssessmentInputError(`exposed_population must not be negative (got ${exposedPopulation})`)
  }
  return assessItems(items, alphaForPopulation(exposedPopulation, ref.alphaBands), ref)
}
