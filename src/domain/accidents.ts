// Accident grades by 生产安全事故报告和调查处理条例 art. 3, mirrored from the database
// (public.accident_grade in supabase/migrations/20261208000100_accidents.sql) so the entry form
// can show the grade while it is typed; test/db/accidents.test.ts holds the two to agreement.
// The most severe criterion met decides; "以上" includes the number, "以下" excludes it; deaths
// include the missing; the direct loss is in 万元 (1 亿元 = 10,000 万元).

export type AccidentGrade = 1 | 2 | 3 | 4
export type GradeCriterion = 'deaths' | 'serious_injuries' | 'direct_loss_10k_yuan'

export interface AccidentGradeInfo {
  readonly grade: AccidentGrade
  readonly zh: string
  readonly en: string
}

export const ACCIDENT_GRADES: readonly AccidentGradeInfo[] = [
  { grade: 1, zh: '特别重大事故', en: 'particularly serious' },
  { grade: 2, zh: '重大事故', en: 'serious' },
  { grade: 3, zh: '较大事故', en: 'relatively serious' },
  { grade: 4, zh: '一般事故', en: 'ordinary' },
]

/** The lower bounds of grades 1, 2 and 3 per criterion (grade 4 is everything below). */
export const GRADE_THRESHOLDS: Readonly<Record<GradeCriterion, readonly [number, number, number]>> = {
  deaths: [30, 10, 3],
  serious_injuries: [100, 50, 10],
  direct_loss_10k_yuan: [10_000, 5_000, 1_000],
}

const CRITERIA: readonly GradeCriterion[] = ['deaths', 'serious_injuries', 'direct_loss_10k_yuan']

export function gradeBy(criterion: GradeCriterion, amount: number): AccidentGrade {
  const [g1, g2, g3] = GRADE_THRESHOLDS[criterion]
  return amount >= g1 ? 1 : amount >= g2 ? 2 : amount >= g3 ? 3 : 4
}

export interface GradeResult {
  grade: AccidentGrade
  zh: string
  en: string
  /** The criteria that reach the decided grade, in the order deaths, serious injuries, loss. */
  decidedBy: GradeCriterion[]
}

/** The grade, or an error naming the bad input (as the database refuses it). */
export function accidentGrade(deaths: number, seriousInjuries: number, directLoss10kYuan: number): GradeResult {
  const amounts: Record<GradeCriterion, number> = {
    deaths,
    serious_injuries: seriousInjuries,
    direct_loss_10k_yuan: directLoss10kYuan,
  }
  for (const c of CRITERIA) {
    const v = amounts[c]
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`${c} must be a number ≥ 0 (got ${v})`)
    if (c !== 'direct_loss_10k_yuan' && !Number.isInteger(v)) throw new RangeError(`${c} must be a whole number (got ${v})`)
  }
  const byCriterion = CRITERIA.map((c) => [c, gradeBy(c, amounts[c])] as const)
  const grade = Math.min(...byCriterion.map(([, g]) => g)) as AccidentGrade
  const info = ACCIDENT_GRADES[grade - 1]!
  return { grade, zh: info.zh, en: info.en, decidedBy: byCriterion.filter(([, g]) => g === grade).map(([c]) => c) }
}

/** 续报 window in days: 7 for road traffic and fire, 30 otherwise (条例 art. 13). */
export function followupDays(sector: string): number {
  return sector === 'road_traffic' || sector === 'fire' ? 7 : 30
}

/** 迟报: the first report arrived more than one hour after the accident. */
export function isLateReport(occurredAt: Date, firstReportedAt: Date): boolean {
  return firstReportedAt.getTime() - occurredAt.getTime() > 3_600_000
}
