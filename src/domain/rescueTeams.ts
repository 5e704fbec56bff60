// The rescue-team form's checks (issue 18, 救援队伍), the same rules as the database's (rescue_teams:
// name 2–200 characters, a known type, headcount 0–100,000 whole, equipment ≤ 2,000 characters, a base
// location with longitude in [-180, 180] and latitude in [-90, 90]; rescue_team_contacts: the on-duty
// phone 3–20 digits, spaces, + or -), so the form says what is wrong before sending. Who may write
// (rescue_teams' policies): admins and the regulators of the area the base lies in. The database still
// decides: its refusal is shown word for word.
import { cleanText } from './stockpiles.ts'

export const TEAM_TYPES = ['hazmat', 'mine', 'fire', 'water', 'medical', 'comprehensive', 'enterprise'] as const
export type TeamType = (typeof TEAM_TYPES)[number]

export interface TeamInput {
  name: string
  team_type: TeamType | ''
  headcount: string
  equipment: string
  lon: string
  lat: string
  /** staff-only; empty: none recorded */
  duty_phone: string
}

export type TeamField = keyof TeamInput

export interface TeamProblem {
  field: TeamField
  zh: string
  en: string
}

export const TEAM_LIMITS = { nameMin: 2, nameMax: 200, headcountMax: 100_000, equipmentMax: 2000 } as const

/** The contacts tables' phone rule (rescue_team_contacts.duty_phone, emergency_expert_contacts.phone). */
export const PHONE_PATTERN = /^[0-9+\- ]{3,20}$/

const NUMBER = /^-?\d+(\.\d+)?$/

export function teamProblems(i: TeamInput): TeamProblem[] {
  const out: TeamProblem[] = []
  const name = cleanText(i.name)
  const n = [...name].length
  if (!name) out.push({ field: 'name', zh: '队伍名称：必填', en: 'Name: required' })
  else if (n < TEAM_LIMITS.nameMin || n > TEAM_LIMITS.nameMax) out.push({ field: 'name', zh: '队伍名称：2–200 个字符', en: 'Name: 2 to 200 characters' })
  if (!TEAM_TYPES.includes(i.team_type as TeamType)) out.push({ field: 'team_type', zh: '请选择队伍类型', en: 'Choose the team type' })
  const h = i.headcount.trim()
  if (!h) out.push({ field: 'headcount', zh: '队员人数：必填', en: 'Headcount: required' })
  else if (!/^\d+$/.test(h) || Number(h) > TEAM_LIMITS.headcountMax)
    out.push({ field: 'headcount', zh: '队员人数：须为 0–100000 的整数', en: 'Headcount: a whole number from 0 to 100,000' })
  if ([...i.equipment.trim()].length > TEAM_LIMITS.equipmentMax)
    out.push({ field: 'equipment', zh: '主要装备：不超过 2000 个字符', en: 'Equipment: at most 2,000 characters' })
  const lon = i.lon.trim()
  const lat = i.lat.trim()
  if (!lon) out.push({ field: 'lon', zh: '经度：必填', en: 'Longitude: required' })
  else if (!NUMBER.test(lon) || Math.abs(Number(lon)) > 180)
    out.push({ field: 'lon', zh: '经度：须为 -180 至 180 的数字', en: 'Longitude: a number from -180 to 180' })
  if (!lat) out.push({ field: 'lat', zh: '纬度：必填', en: 'Latitude: required' })
  else if (!NUMBER.test(lat) || Math.abs(Number(lat)) > 90)
    out.push({ field: 'lat', zh: '纬度：须为 -90 至 90 的数字', en: 'Latitude: a number from -90 to 90' })
  const p = i.duty_phone.trim()
  if (p && !PHONE_PATTERN.test(p))
    out.push({ field: 'duty_phone', zh: '值班电话：须为 3–20 位数字、空格、+ 或 -', en: 'Duty phone: 3 to 20 digits, spaces, + or -' })
  return out
}

export interface TeamWrite {
  name: string
  team_type: TeamType
  headcount: number
  equipment: string | null
  /** EWKT, WGS-84 */
  location: string
}

/** The team row and its duty phone (null: none) as sent (after teamProblems found nothing). */
export function teamRow(i: TeamInput): { row: TeamWrite; phone: string | null } {
  return {
    row: {
      name: cleanText(i.name),
      team_type: i.team_type as TeamType,
      headcount: Number(i.headcount.trim()),
      equipment: i.equipment.trim() || null,
      location: `SRID=4326;POINT(${Number(i.lon.trim())} ${Number(i.lat.trim())})`,
    },
    phone: i.duty_phone.trim() || null,
  }
}
