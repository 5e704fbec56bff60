// What an incident at a source asks for first (issues 18, 19): from the substances it holds (a
// hazard source's inventory, by the GB 18218-2018 table-1 names of public.substances) or a
// pipeline's medium, the materials to bring and the expert specialties to call. Pure.
//
// Source: the fire-fighting and accidental-release measures (sections 5 and 6) of each substance's
// safety data sheet (GB/T 16483-2008 化学品安全技术说明书), grouped by hazard: toxic gases want
// leak sealing, chemical suits, breathing apparatus and a neutraliser (chlorine and acid gases
// are absorbed in alkali 碱液, ammonia in water/weak acid: the depots keep both as 中和剂);
// flammable gases want leak sealing and dry powder (foam for a liquefied gas's pool); flammable
// liquids foam, absorbent and dyke sandbags; water-reactive solids dry powder and dry sand, never
// water. The material names are those of material_stockpiles (nearest_stockpiles looks them up);
// a material no depot holds is listed as none in stock (incident mode says so). Specialties are
// emergency_experts.specialty values (a gas line's or vessel's pressure equipment is 特种设备:
// special_equipment; the registry has no "gas" specialty). A suggestion for the operator, not a
// prescription: the responders' commander decides.

export type HazardGroup = 'toxic_gas' | 'flammable_toxic' | 'flammable_gas' | 'flammable_liquid' | 'explosive' | 'water_reactive'

interface GroupAdvice {
  readonly materials: readonly string[]
  readonly specialties: readonly string[]
}

export const GROUP_ADVICE: Readonly<Record<HazardGroup, GroupAdvice>> = {
  toxic_gas: { materials: ['堵漏器材', '防化服', '正压式空气呼吸器', '中和剂'], specialties: ['hazardous_chemicals', 'medical', 'environment'] },
  flammable_toxic: { materials: ['堵漏器材', '防化服', '正压式空气呼吸器', '泡沫灭火剂'], specialties: ['hazardous_chemicals', 'fire', 'medical'] },
  flammable_gas: { materials: ['堵漏器材', '干粉灭火剂', '泡沫灭火剂'], specialties: ['special_equipment', 'fire', 'hazardous_chemicals'] },
  flammable_liquid: { materials: ['泡沫灭火剂', '吸附棉', '沙袋', '堵漏器材'], specialties: ['fire', 'hazardous_chemicals', 'environment'] },
  explosive: { materials: ['急救药品', '担架', '沙袋'], specialties: ['hazardous_chemicals', 'fire', 'medical'] },
  water_reactive: { materials: ['干粉灭火剂', '沙袋', '防化服'], specialties: ['hazardous_chemicals', 'fire'] },
}

/** public.substances' name_zh → its group (the names the demo and imports use). */
export const SUBSTANCE_GROUP: Readonly<Record<string, HazardGroup>> = {
  氨: 'toxic_gas',
  氯: 'toxic_gas',
  硫化氢: 'toxic_gas',
  氰化氢: 'toxic_gas',
  碳酰氯: 'toxic_gas',
  氟化氢: 'toxic_gas',
  二氧化硫: 'toxic_gas',
  '氯化氢（无水）': 'toxic_gas',
  溴: 'toxic_gas',
  '甲醛（含量>90%）': 'flammable_toxic',
  环氧乙烷: 'flammable_toxic',
  氯乙烯: 'flammable_toxic',
  '2-丙烯腈': 'flammable_toxic',
  液化石油气: 'flammable_gas',
  '甲烷、天然气': 'flammable_gas',
  氢: 'flammable_gas',
  乙炔: 'flammable_gas',
  乙烯: 'flammable_gas',
  '1,3-丁二烯': 'flammable_gas',
  二甲醚: 'flammable_gas',
  苯: 'flammable_liquid',
  甲苯: 'flammable_liquid',
  甲醇: 'flammable_liquid',
  乙醇: 'flammable_liquid',
  汽油: 'flammable_liquid',
  丙酮: 'flammable_liquid',
  乙酸乙酯: 'flammable_liquid',
  二硫化碳: 'flammable_liquid',
  乙醚: 'flammable_liquid',
  '硝酸铵（含可燃物>0.2%）': 'explosive',
  '2,4,6-三硝基甲苯': 'explosive',
  硝化甘油: 'explosive',
  钾: 'water_reactive',
  钠: 'water_reactive',
  白磷: 'water_reactive',
  碳化钙: 'water_reactive',
}

/** A pipeline medium's substance (public.pipeline_medium); 'chemical' names none. */
export const MEDIUM_SUBSTANCE: Readonly<Record<string, string | undefined>> = {
  natural_gas: '甲烷、天然气',
  lpg: '液化石油气',
  crude_oil: '原油',
  refined_oil: '成品油',
}
const MEDIUM_GROUP: Readonly<Record<string, HazardGroup | undefined>> = { 原油: 'flammable_liquid', 成品油: 'flammable_liquid' }

export interface Suggestion {
  /** the substances the suggestion follows, largest quantity first */
  readonly basis: readonly string[]
  readonly materials: readonly string[]
  readonly specialties: readonly string[]
}

export const MAX_MATERIALS = 5
export const MAX_SPECIALTIES = 3

export function groupOf(substance: string): HazardGroup | undefined {
  return SUBSTANCE_GROUP[substance] ?? MEDIUM_GROUP[substance]
}

/**
 * Materials and specialties for the substances held (quantity in t where known): the largest
 * quantity's group first, each item once; null when no substance is known (the caller keeps its
 * general list).
 */
export function suggestFor(substances: readonly { substance: string; quantity_t?: number | null }[]): Suggestion | null {
  const known = substances
    .filter((s) => groupOf(s.substance))
    .slice()
    .sort((a, b) => (b.quantity_t ?? 0) - (a.quantity_t ?? 0))
  if (known.length === 0) return null
  const materials: string[] = []
  const specialties: string[] = []
  // round-robin over the groups so a second substance's first need is not pushed out by the first's fourth
  const groups = [...new Set(known.map((s) => groupOf(s.substance)!))].map((g) => GROUP_ADVICE[g])
  for (let i = 0; i < 4; i++) {
    for (const g of groups) {
      const m = g.materials[i]
      if (m && !materials.includes(m) && materials.length < MAX_MATERIALS) materials.push(m)
      const s = g.specialties[i]
      if (s && !specialties.includes(s) && specialties.length < MAX_SPECIALTIES) specialties.push(s)
    }
  }
  return { basis: [...new Set(known.map((s) => s.substance))], materials, specialties }
}

/** For a pipeline: its medium's substance. */
export function suggestForMedium(medium: string): Suggestion | null {
  const s = MEDIUM_SUBSTANCE[medium]
  return s ? suggestFor([{ substance: s }]) : null
}
