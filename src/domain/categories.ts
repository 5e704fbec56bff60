// Protective-target classes (GB 36894-2018), hidden-danger statuses and emergency resource
// types, with their map styles. Risk-level colours live in levels.ts; the palettes below avoid
// the four level hues (red/orange/yellow/blue) except where a meaning is shared (overdue = red).

import { levelRgb, type Rgb } from './levels.ts'

type Named = { readonly zh: string; readonly en: string }

// ---------------------------------------------------------------- protective targets
export type ProtectiveClass = 'high_sensitivity' | 'important' | 'general_1' | 'general_2' | 'general_3'

export interface ProtectiveClassInfo extends Named {
  readonly id: ProtectiveClass
  /** code in the binary map_points stream (1 = most sensitive). */
  readonly code: 1 | 2 | 3 | 4 | 5
  readonly rgb: Rgb
}

export const PROTECTIVE_CLASSES: readonly ProtectiveClassInfo[] = [
  { id: 'high_sensitivity', code: 1, zh: '高敏感防护目标', en: 'High-sensitivity target', rgb: [142, 36, 170] },
  { id: 'important', code: 2, zh: '重要防护目标', en: 'Important target', rgb: [0, 137, 123] },
  { id: 'general_1', code: 3, zh: '一般防护目标一类', en: 'General target, class 1', rgb: [69, 90, 100] },
  { id: 'general_2', code: 4, zh: '一般防护目标二类', en: 'General target, class 2', rgb: [120, 144, 156] },
  { id: 'general_3', code: 5, zh: '一般防护目标三类', en: 'General target, class 3', rgb: [161, 136, 127] },
]

export function protectiveClassById(id: string | null | undefined): ProtectiveClassInfo | undefined {
  return PROTECTIVE_CLASSES.find((c) => c.id === id)
}

export function protectiveRgbaTable(alpha = 255): Uint8Array {
  const t = new Uint8Array(256 * 4)
  for (let code = 0; code < 256; code++) {
    const info = PROTECTIVE_CLASSES[code - 1]
    const rgb = info ? info.rgb : ([128, 128, 128] as const)
    t.set([rgb[0], rgb[1], rgb[2], alpha], code * 4)
  }
  return t
}

// ---------------------------------------------------------------- hidden dangers
export type DangerStatus = 'reported' | 'registered' | 'rectifying' | 'pending_verification' | 'closed' | 'rejected'

export interface DangerStatusInfo extends Named {
  readonly id: DangerStatus
  /** index in bits 0–2 of the binary code */
  readonly index: 0 | 1 | 2 | 3 | 4 | 5
  readonly rgb: Rgb
  /** closed and rejected dangers are history, drawn faint */
  readonly open: boolean
}

export const DANGER_STATUSES: readonly DangerStatusInfo[] = [
  { id: 'reported', index: 0, zh: '已上报', en: 'Reported', rgb: [171, 71, 188], open: true },
  { id: 'registered', index: 1, zh: '已登记', en: 'Registered', rgb: [94, 53, 177], open: true },
  { id: 'rectifying', index: 2, zh: '整改中', en: 'Rectifying', rgb: [239, 108, 0], open: true },
  { id: 'pending_verification', index: 3, zh: '待验收', en: 'Pending verification', rgb: [0, 131, 143], open: true },
  { id: 'closed', index: 4, zh: '已销号', en: 'Closed', rgb: [67, 160, 71], open: false },
  { id: 'rejected', index: 5, zh: '已驳回', en: 'Rejected', rgb: [158, 158, 158], open: false },
]

export const OVERDUE_RGB: Rgb = levelRgb(1)

export function dangerStatusById(id: string | null | undefined): DangerStatusInfo | undefined {
  return DANGER_STATUSES.find((s) => s.id === id)
}

export const SEVERITIES = {
  general: { zh: '一般隐患', en: 'General' },
  major: { zh: '重大隐患', en: 'Major' },
} as const

export const LISTING_LEVELS = {
  city: { zh: '市级挂牌督办', en: 'Listed by city' },
  district: { zh: '县级挂牌督办', en: 'Listed by district' },
} as const

// ---------------------------------------------------------------- emergency resources
export type ResourceType = 'rescue_team' | 'fire_station' | 'material_depot' | 'shelter' | 'hospital'

export interface ResourceTypeInfo extends Named {
  readonly id: ResourceType
  readonly rgb: Rgb
  /** one glyph drawn inside the symbol */
  readonly glyph: string
}

export const RESOURCE_TYPES: readonly ResourceTypeInfo[] = [
  { id: 'fire_station', zh: '消防站', en: 'Fire station', rgb: [211, 47, 47], glyph: '消' },
  { id: 'rescue_team', zh: '救援队伍', en: 'Rescue team', rgb: [245, 124, 0], glyph: '救' },
  { id: 'hospital', zh: '医疗机构', en: 'Hospital', rgb: [0, 121, 107], glyph: '医' },
  { id: 'shelter', zh: '避难场所', en: 'Shelter', rgb: [46, 125, 50], glyph: '避' },
  { id: 'material_depot', zh: '物资储备库', en: 'Material depot', rgb: [69, 39, 160], glyph: '物' },
]

export function resourceTypeById(id: string | null | undefined): ResourceTypeInfo | undefined {
  return RESOURCE_TYPES.find((r) => r.id === id)
}

// ---------------------------------------------------------------- enterprises / hazard sources
export const UNIT_TYPES = {
  production: { zh: '生产单元', en: 'Production unit' },
  storage: { zh: '储存单元', en: 'Storage unit' },
} as const

export const RELOCATION_STATUSES = {
  none: { zh: '无', en: 'None' },
  relocate: { zh: '搬迁', en: 'Relocate' },
  suspend: { zh: '停产', en: 'Suspend' },
  close: { zh: '关闭', en: 'Close' },
  convert: { zh: '转产', en: 'Convert' },
} as const

export const STANDARDIZATION_GRADES: Record<number, { zh: string; en: string }> = {
  1: { zh: '一级', en: 'Level 1' },
  2: { zh: '二级', en: 'Level 2' },
  3: { zh: '三级', en: 'Level 3' },
}

export const ASSESSMENT_METHODS = {
  lec: { zh: 'LEC 作业条件危险性评价法', en: 'LEC method' },
  matrix: { zh: '风险矩阵法 (LS)', en: 'Risk matrix (LS)' },
} as const

export const APP_ROLES = {
  admin: { zh: '系统管理员', en: 'Administrator' },
  regulator: { zh: '监管部门', en: 'Regulator' },
  planner: { zh: '规划人员', en: 'Planner' },
  command: { zh: '应急指挥中心', en: 'Command centre' },
  enterprise: { zh: '企业用户', en: 'Enterprise' },
} as const
export type AppRole = keyof typeof APP_ROLES

export function isAppRole(r: unknown): r is AppRole {
  return typeof r === 'string' && Object.prototype.hasOwnProperty.call(APP_ROLES, r)
}
