// The emergency-plan form's checks (issue 18, 预案), the same rules as the database's (emergency_plans:
// name 2–200 characters, level 综合/专项/现场处置, an owner enterprise or department, department ≤ 200,
// filing number ≤ 100 and only with a filing date, dates from 1990, filed and drilled not in the future,
// the next evaluation within 10 years; an enterprise neither files nor names a department:
// 20270101000200_plan_writes.sql), so the form says what is wrong before sending. The database still
// decides: its refusal is shown word for word.
import { cleanText, codePrefix } from './stockpiles.ts'

export const PLAN_LEVELS = ['comprehensive', 'special', 'on_site'] as const
export type PlanLevel = (typeof PLAN_LEVELS)[number]

export interface PlanInput {
  name: string
  level: PlanLevel | ''
  owner: 'enterprise' | 'department'
  owner_enterprise_id: string
  owner_department: string
  /** the department plan's area (an enterprise plan takes the enterprise's) */
  area_code: string
  /** YYYY-MM-DD or empty */
  filed_on: string
  filing_no: string
  last_drill_on: string
  next_evaluation_on: string
}

export type PlanField = keyof PlanInput

export interface PlanProblem {
  field: PlanField
  zh: string
  en: string
}

export const PLAN_LIMITS = { nameMin: 2, nameMax: 200, departmentMax: 200, filingNoMax: 100, earliest: '1990-01-01', evaluationYears: 10 } as const

export function validDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

function plusYears(day: string, years: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCFullYear(d.getUTCFullYear() + years)
  return d.toISOString().slice(0, 10)
}

const LABEL: Record<'filed_on' | 'last_drill_on' | 'next_evaluation_on', [string, string]> = {
  filed_on: ['备案日期', 'Filed on'],
  last_drill_on: ['最近演练日期', 'Last drill'],
  next_evaluation_on: ['下次评估日期', 'Next evaluation'],
}

/**
 * What is wrong with a plan, field by field (empty: nothing). `role` is the writer's (an enterprise
 * neither files nor names a department); `today` is YYYY-MM-DD.
 */
export function planProblems(i: PlanInput, role: string | null, today: string): PlanProblem[] {
  const out: PlanProblem[] = []
  const name = cleanText(i.name)
  const n = [...name].length
  if (!name) out.push({ field: 'name', zh: '预案名称：必填', en: 'Name: required' })
  else if (n < PLAN_LIMITS.nameMin || n > PLAN_LIMITS.nameMax) out.push({ field: 'name', zh: '预案名称：2–200 个字符', en: 'Name: 2 to 200 characters' })
  if (!PLAN_LEVELS.includes(i.level as PlanLevel)) out.push({ field: 'level', zh: '请选择预案级别', en: 'Choose the plan level' })
  if (i.owner === 'enterprise') {
    if (!i.owner_enterprise_id) out.push({ field: 'owner_enterprise_id', zh: '请选择编制企业', en: 'Choose the enterprise' })
  } else if (role === 'enterprise') {
    out.push({ field: 'owner_department', zh: '企业只能登记本企业的预案', en: 'An enterprise records its own plans only' })
  } else {
    const dep = cleanText(i.owner_department)
    if (!dep) out.push({ field: 'owner_department', zh: '编制部门：必填', en: 'Department: required' })
    else if ([...dep].length > PLAN_LIMITS.departmentMax)
      out.push({ field: 'owner_department', zh: '编制部门：不超过 200 个字符', en: 'Department: at most 200 characters' })
    if (!i.area_code) out.push({ field: 'area_code', zh: '请选择所在区域', en: 'Choose the area' })
  }
  for (const f of ['filed_on', 'last_drill_on', 'next_evaluation_on'] as const) {
    const v = i[f].trim()
    if (!v) continue
    const [zh, en] = LABEL[f]
    if (!validDate(v)) out.push({ field: f, zh: `${zh}：须为有效日期（年-月-日）`, en: `${en}: must be a valid date (YYYY-MM-DD)` })
    else if (v < PLAN_LIMITS.earliest) out.push({ field: f, zh: `${zh}：不能早于 1990-01-01`, en: `${en}: must not be before 1990-01-01` })
    else if (f !== 'next_evaluation_on' && v > today) out.push({ field: f, zh: `${zh}：不能晚于今天`, en: `${en}: must not be in the future` })
    else if (f === 'next_evaluation_on' && v > plusYears(today, PLAN_LIMITS.evaluationYears))
      out.push({ field: f, zh: `${zh}：须在今后 10 年之内`, en: `${en}: must be within 10 years from today` })
  }
  const no = cleanText(i.filing_no)
  if ([...no].length > PLAN_LIMITS.filingNoMax) out.push({ field: 'filing_no', zh: '备案编号：不超过 100 个字符', en: 'Filing number: at most 100 characters' })
  else if (no && !i.filed_on.trim() && role !== 'enterprise')
    out.push({ field: 'filed_on', zh: '备案日期：填写备案编号时必填', en: 'Filed on: required with a filing number' })
  return out
}

export interface PlanWrite {
  name: string
  level: PlanLevel
  owner_enterprise_id: string | null
  owner_department: string | null
  area_code: string
  filed_on: string | null
  filing_no: string | null
  last_drill_on: string | null
  next_evaluation_on: string | null
}

/**
 * The row sent to the database (after planProblems found nothing). An enterprise plan's area is the
 * enterprise's (`enterpriseArea`; the database derives it again). An enterprise sends no filing
 * columns at all (they stay as the regulator recorded them).
 */
export function planRow(i: PlanInput, role: string | null, enterpriseArea: string | null): Partial<PlanWrite> {
  const ent = i.owner === 'enterprise'
  const row: Partial<PlanWrite> = {
    name: cleanText(i.name),
    level: i.level as PlanLevel,
    owner_enterprise_id: ent ? i.owner_enterprise_id : null,
    owner_department: ent ? null : cleanText(i.owner_department),
    area_code: ent ? (enterpriseArea ?? i.area_code) : i.area_code,
    last_drill_on: i.last_drill_on.trim() || null,
    next_evaluation_on: i.next_evaluation_on.trim() || null,
  }
  if (role !== 'enterprise') {
    row.filed_on = i.filed_on.trim() || null
    row.filing_no = cleanText(i.filing_no) || null
  }
  return row
}

/**
 * Who may edit a plan (emergency_plans_update): admins and the service role; a regulator for plans in its
 * area; an enterprise its own plans.
 */
export function mayEditPlan(
  user: { role: string | null; areaCodes: readonly string[]; enterpriseId: string | null },
  plan: { area_code: string; owner_enterprise_id: string | null },
): boolean {
  if (user.role === 'admin' || user.role === 'service') return true
  if (user.role === 'regulator') return user.areaCodes.some((c) => plan.area_code.startsWith(codePrefix(c)))
  if (user.role === 'enterprise') return !!user.enterpriseId && plan.owner_enterprise_id === user.enterpriseId
  return false
}

/** Who may add plans at all: admins, regulators, enterprises (their own). */
export function mayAddPlan(role: string | null): boolean {
  return role === 'admin' || role === 'regulator' || role === 'enterprise'
}
