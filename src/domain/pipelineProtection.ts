// A pipeline's pressure class and the protection rule a site near it falls under (issue 19). Pure.
//
// Pressure classes: GB 50028-2006 城镇燃气设计规范 table 6.1.6 (gauge design pressure of city gas
// lines): 低压 < 0.01 MPa, 中压B 0.01–0.2, 中压A ≤ 0.4, 次高压B ≤ 0.8, 次高压A ≤ 1.6, 高压B ≤ 2.5,
// 高压A ≤ 4.0; above 4.0 MPa a gas line is a transmission line (GB 50251-2015 输气管道工程设计规范),
// which has no class of its own. The classes apply to gas (natural gas, LPG); oil and chemical
// lines are shown by their pressure only.
//
// Protection distances: 石油天然气管道保护法 (2010) art. 30 forbids buildings and structures,
// deep-rooted planting and machine digging within 5 m of the centreline each side
// ('forbidden'); art. 35(3) makes blasting, seismic survey, excavation, drilling and mining within
// 200 m each side subject to the county's permission ('permit'). pipelines_near
// (supabase/migrations/20261224000100_incident_pipeline.sql) applies the same thresholds.

export interface PressureClass {
  readonly zh: string
  readonly en: string
}

const GAS_CLASSES: readonly (PressureClass & { readonly max: number })[] = [
  { max: 0.01, zh: '低压', en: 'low' },
  { max: 0.2, zh: '中压B', en: 'medium B' },
  { max: 0.4, zh: '中压A', en: 'medium A' },
  { max: 0.8, zh: '次高压B', en: 'sub-high B' },
  { max: 1.6, zh: '次高压A', en: 'sub-high A' },
  { max: 2.5, zh: '高压B', en: 'high B' },
  { max: 4.0, zh: '高压A', en: 'high A' },
]

/** The GB 50028 class of a gas line's design pressure (MPa); null for other media or an unknown pressure. */
export function pressureClass(medium: string, mpa: number | null | undefined): PressureClass | null {
  if (medium !== 'natural_gas' && medium !== 'lpg') return null
  if (mpa === null || mpa === undefined || !Number.isFinite(mpa) || mpa < 0) return null
  // 低压 is P < 0.01; 中压B starts at 0.01 inclusive
  if (mpa < 0.01) return GAS_CLASSES[0]!
  const c = GAS_CLASSES.slice(1).find((x) => mpa <= x.max)
  return c ?? { zh: '长输（GB 50251）', en: 'transmission (GB 50251)' }
}

export type ProtectionRule = 'forbidden' | 'permit' | 'clear'

/** 石油天然气管道保护法 art. 30 (≤ 5 m: forbidden) and art. 35(3) (≤ 200 m: permit first). */
export const PROTECTION_FORBIDDEN_M = 5
export const PROTECTION_PERMIT_M = 200

export function protectionRule(distanceM: number): ProtectionRule {
  return distanceM <= PROTECTION_FORBIDDEN_M ? 'forbidden' : distanceM <= PROTECTION_PERMIT_M ? 'permit' : 'clear'
}
