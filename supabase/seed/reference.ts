// The slice of the reference tables (migration 20261204100200_reference.sql) the generator
// needs to choose consistent inputs: codes to reference, GB 18218 critical quantities and β to
// aim inventories at a grade, LEC/matrix values to aim at a colour. The database stays the
// truth: rows reference substances by name and the DB grades everything itself;
// test/unit/seed-generate.test.ts checks this mirror against the migration's text.

export const INDUSTRIES = [
  'chemical', 'chemical_storage', 'petroleum', 'pharmaceutical', 'metallurgy', 'machinery', 'electronics',
  'textile', 'food', 'building_materials', 'fireworks', 'gas_supply', 'logistics', 'construction',
] as const
export type Industry = (typeof INDUSTRIES)[number]

/** Industries with hazardous chemicals (industries.hazardous_chemicals = true). */
export const HAZARDOUS_INDUSTRIES: ReadonlySet<Industry> = new Set<Industry>([
  'chemical', 'chemical_storage', 'petroleum', 'pharmaceutical', 'fireworks', 'gas_supply',
])

export const ENTERPRISE_RISK_CATEGORIES = [
  'hazardous_process', 'storage_tank', 'warehouse', 'confined_space', 'dust_explosion', 'high_temp_metal',
] as const
export const URBAN_RISK_CATEGORIES = [
  'gas_station', 'gas_pipeline', 'bridge', 'tunnel', 'crowded_place', 'construction_site', 'high_rise', 'slope',
] as const

export interface Substance {
  name: string
  criticalT: number
  /** β used by GB 18218: table 3's for the toxic gases, else table 4's by hazard category. */
  beta: number
}

const CATEGORY_BETA: Record<string, number> = {
  J1: 4, J2: 1, J3: 2, J4: 2, J5: 1, 'W1.1': 2, 'W1.2': 2, 'W1.3': 2, W2: 1.5, W3: 1, W4: 1,
  'W5.1': 1.5, 'W5.2': 1, 'W5.3': 1, 'W5.4': 1, 'W6.1': 1.5, 'W6.2': 1, 'W7.1': 1.5, 'W7.2': 1,
  W8: 1, 'W9.1': 1, 'W9.2': 1, W10: 1, W11: 1,
}

// [name_zh, critical_t, toxic_gas_beta | null, hazard_category] exactly as in the migration.
export const SUBSTANCE_ROWS: ReadonlyArray<readonly [string, number, number | null, string]> = [
  ['氨', 10, 2, 'J3'], ['氯', 5, 4, 'J1'], ['硫化氢', 5, 5, 'J1'], ['氰化氢', 1, 10, 'J1'], ['碳酰氯', 0.3, 20, 'J1'],
  ['氟化氢', 1, 5, 'J1'], ['二氧化硫', 20, 2, 'J3'], ['氯化氢（无水）', 20, 3, 'J3'], ['环氧乙烷', 10, 2, 'W2'],
  ['溴', 20, null, 'J2'], ['甲醛（含量>90%）', 5, null, 'J3'], ['液化石油气', 50, null, 'W2'], ['甲烷、天然气', 50, null, 'W2'],
  ['氢', 5, null, 'W2'], ['乙炔', 1, null, 'W2'], ['乙烯', 50, null, 'W2'], ['氯乙烯', 50, null, 'W2'],
  ['1,3-丁二烯', 5, null, 'W2'], ['二甲醚', 50, null, 'W2'], ['苯', 50, null, 'W5.3'], ['甲苯', 500, null, 'W5.3'],
  ['甲醇', 500, null, 'W5.3'], ['乙醇', 500, null, 'W5.3'], ['汽油', 200, null, 'W5.3'], ['丙酮', 500, null, 'W5.3'],
  ['乙酸乙酯', 500, null, 'W5.3'], ['2-丙烯腈', 50, null, 'W5.3'], ['二硫化碳', 50, null, 'W5.1'], ['乙醚', 10, null, 'W5.1'],
  ['硝酸铵（含可燃物>0.2%）', 5, null, 'W1.1'], ['2,4,6-三硝基甲苯', 5, null, 'W1.1'], ['硝化甘油', 1, null, 'W1.1'],
  ['钾', 1, null, 'W11'], ['钠', 10, null, 'W11'], ['白磷', 50, null, 'W8'], ['碳化钙', 100, null, 'W11'],
]

export const SUBSTANCES: ReadonlyMap<string, Substance> = new Map(
  SUBSTANCE_ROWS.map(([name, criticalT, toxicBeta, category]) => [name, { name, criticalT, beta: toxicBeta ?? CATEGORY_BETA[category] }]),
)

export const PROTECTIVE_CLASSES = ['high_sensitivity', 'important', 'general_1', 'general_2', 'general_3'] as const
export type ProtectiveClass = (typeof PROTECTIVE_CLASSES)[number]

/** protective_target_types: code → default_class. */
export const TARGET_TYPES: Readonly<Record<string, ProtectiveClass>> = {
  school: 'high_sensitivity', kindergarten: 'high_sensitivity', hospital: 'high_sensitivity',
  nursing_home: 'high_sensitivity', prison: 'high_sensitivity',
  government: 'important', military: 'important', heritage: 'important', infrastructure: 'important',
  residential_large: 'general_1', mall: 'general_1', stadium: 'general_1',
  residential: 'general_2', office: 'general_2', hotel: 'general_2',
  village: 'general_3', shop: 'general_3', factory: 'general_3',
}

export const LEC_L = [10, 6, 3, 1, 0.5, 0.2, 0.1] as const
export const LEC_E = [10, 6, 3, 2, 1, 0.5] as const
export const LEC_C = [100, 40, 15, 7, 3, 1] as const

/** Default bands (risk_level_bands): the lowest score of levels 1..4. */
export const LEC_BANDS = [320, 160, 70, 0] as const
export const MATRIX_BANDS = [20, 15, 9, 0] as const

export function levelOf(score: number, bands: readonly number[]): 1 | 2 | 3 | 4 {
  for (let i = 0; i < bands.length; i++) if (score >= bands[i]) return (i + 1) as 1 | 2 | 3 | 4
  return 4
}

/** GB 18218-2018 α from the number of people within 500 m. */
export function alphaFor(people: number): number {
  return people >= 100 ? 2 : people >= 50 ? 1.5 : people >= 30 ? 1.2 : people >= 1 ? 1 : 0.5
}

/** GB 18218-2018 grade from R: 1 (一级) … 4 (四级). */
export function majorGrade(r: number): 1 | 2 | 3 | 4 {
  return r >= 100 ? 1 : r >= 50 ? 2 : r >= 10 ? 3 : 4
}

export const HIDDEN_DANGER_STATUSES = ['reported', 'registered', 'rectifying', 'pending_verification', 'closed', 'rejected'] as const
export type HiddenDangerStatus = (typeof HIDDEN_DANGER_STATUSES)[number]
export const HIDDEN_DANGER_SOURCES = ['inspection', 'self_check', 'public_report'] as const
export const EMERGENCY_RESOURCE_TYPES = ['rescue_team', 'fire_station', 'material_depot', 'shelter', 'hospital'] as const
export const RELOCATION_STATUSES = ['none', 'relocate', 'suspend', 'close', 'convert'] as const
export type RelocationStatus = (typeof RELOCATION_STATUSES)[number]
