// The expert form's checks (issue 18, 专家), the same rules as the database's (emergency_experts: name
// 2–100 characters, a known specialty, organisation ≤ 200 and title ≤ 100 characters, an area; the last
// verified date not before 1990 and not in the future: 20270105000100_registry_saves.sql;
// emergency_expert_contacts: the phone 3–20 digits, spaces, + or -), so the form says what is wrong
// before sending. Who may write (emergency_experts' policies): admins and the regulators of the
// expert's area. A record not verified for 12 months is flagged (emergency_expert_list.stale).
import { cleanText } from './stockpiles.ts'
import { PHONE_PATTERN } from './rescueTeams.ts'
import { validDate } from './emergencyPlans.ts'

export const EXPERT_SPECIALTIES = [
  'hazardous_chemicals',
  'fire',
  'mining',
  'special_equipment',
  'medical',
  'construction',
  'electrical',
  'environment',
  'other',
] as const
export type Specialty = (typeof EXPERT_SPECIALTIES)[number]

export interface ExpertInput {
  name: string
  specialty: Specialty | ''
  organisation: string
  title: string
  area_code: string
  /** YYYY-MM-DD or empty (never verified) */
  last_verified_on: string
  /** staff-only; empty: none recorded */
  phone: string
}

export type ExpertField = keyof ExpertInput

export interface ExpertProblem {
  field: ExpertField
  zh: string
  en: string
}

export const EXPERT_LIMITS = { nameMin: 2, nameMax: 100, organisationMax: 200, titleMax: 100, earliest: '1990-01-01' } as const

/** What is wrong with an expert, field by field (empty: nothing); `today` is YYYY-MM-DD. */
export function expertProblems(i: ExpertInput, today: string): ExpertProblem[] {
  const out: ExpertProblem[] = []
  const name = cleanText(i.name)
  const n = [...name].length
  if (!name) out.push({ field: 'name', zh: '专家姓名：必填', en: 'Name: required' })
  else if (n < EXPERT_LIMITS.nameMin || n > EXPERT_LIMITS.nameMax) out.push({ field: 'name', zh: '专家姓名：2–100 个字符', en: 'Name: 2 to 100 characters' })
  if (!EXPERT_SPECIALTIES.includes(i.specialty as Specialty)) out.push({ field: 'specialty', zh: '请选择专业领域', en: 'Choose the specialty' })
  if ([...cleanText(i.organisation)].length > EXPERT_LIMITS.organisationMax)
    out.push({ field: 'organisation', zh: '工作单位：不超过 200 个字符', en: 'Organisation: at most 200 characters' })
  if ([...cleanText(i.title)].length > EXPERT_LIMITS.titleMax) out.push({ field: 'title', zh: '职称：不超过 100 个字符', en: 'Title: at most 100 characters' })
  if (!i.area_code) out.push({ field: 'area_code', zh: '请选择所在区域', en: 'Choose the area' })
  const v = i.last_verified_on.trim()
  if (v) {
    if (!validDate(v))
      out.push({ field: 'last_verified_on', zh: '最近核实日期：须为有效日期（年-月-日）', en: 'Last verified: must be a valid date (YYYY-MM-DD)' })
    else if (v < EXPERT_LIMITS.earliest)
      out.push({ field: 'last_verified_on', zh: '最近核实日期：不能早于 1990-01-01', en: 'Last verified: must not be before 1990-01-01' })
    else if (v > today) out.push({ field: 'last_verified_on', zh: '最近核实日期：不能晚于今天', en: 'Last verified: must not be in the future' })
  }
  const p = i.phone.trim()
  if (p && !PHONE_PATTERN.test(p)) out.push({ field: 'phone', zh: '联系电话：须为 3–20 位数字、空格、+ 或 -', en: 'Phone: 3 to 20 digits, spaces, + or -' })
  return out
}

export interface ExpertWrite {
  name: string
  specialty: Specialty
  organisation: string | null
  title: string | null
  area_code: string
  last_verified_on: string | null
}

/** The expert row and its phone (null: none) as sent (after expertProblems found nothing). */
export function expertRow(i: ExpertInput): { row: ExpertWrite; phone: string | null } {
  return {
    row: {
      name: cleanText(i.name),
      specialty: i.specialty as Specialty,
      organisation: cleanText(i.organisation) || null,
      title: cleanText(i.title) || null,
      area_code: i.area_code,
      last_verified_on: i.last_verified_on.trim() || null,
    },
    phone: i.phone.trim() || null,
  }
}

/** Whether a record is flagged as stale on `today` (not verified within 12 months; never verified). */
export function expertStale(lastVerified: string | null, today: string): boolean {
  if (!lastVerified) return true
  const d = new Date(`${today}T00:00:00Z`)
  d.setUTCMonth(d.getUTCMonth() - 12)
  return lastVerified < d.toISOString().slice(0, 10)
}
