// "Release from inventory": a hazard source's stored quantity of a substance suggests the inputs of
// a what-if scenario, by the US EPA Risk Management Program's worst-case release (40 CFR 68.25):
//   (c) a toxic gas: the greatest quantity held in one vessel is released as a gas over 10 minutes,
//       so the release rate is quantity / 600 s;
//   (b) a flammable substance: the whole quantity forms a vapour cloud (the TNT equivalence then
//       applies its yield factor, 10 % in 68.25(b)(1)).
// Stated on screen with the figures, because it is a conservative default and not a measured rate:
// the stored quantity of a whole unit may exceed the largest vessel's (the planner should correct it).
import type { SubstanceData } from './substances.ts'
import { MAX_RELEASE_G_S } from './dispersion.ts'

/** minutes over which a toxic gas inventory is released (40 CFR 68.25(c)(1)) */
export const WORST_CASE_RELEASE_MIN = 10

export interface InventoryRelease {
  readonly kind: 'toxic' | 'explosion' | 'pool_fire'
  readonly substance: string
  readonly quantity_t: number
  /** toxic: the whole quantity over 10 minutes, kg/s (capped at the model's largest rate) */
  readonly rate_kg_s: number | null
  /** explosion: the whole quantity in the cloud, t */
  readonly mass_t: number | null
  /** true when the rate was cut to the model's largest release rate */
  readonly capped: boolean
  readonly basis: '40 CFR 68.25'
}

/** The scenario a stored quantity suggests; null when the quantity is not a positive finite number. */
export function releaseFromInventory(sub: SubstanceData, quantity_t: number): InventoryRelease | null {
  if (!Number.isFinite(quantity_t) || quantity_t <= 0) return null
  const base = { substance: sub.name_zh, quantity_t, basis: '40 CFR 68.25' as const }
  if (sub.toxic) {
    const raw = (quantity_t * 1000) / (WORST_CASE_RELEASE_MIN * 60)
    const max = MAX_RELEASE_G_S / 1000
    const rate = Math.min(raw, max)
    return { ...base, kind: 'toxic', rate_kg_s: round3(rate), mass_t: null, capped: raw > max }
  }
  if (sub.vceHeatOfCombustion_kj_kg) {
    const mass = Math.min(quantity_t, 10_000)
    return { ...base, kind: 'explosion', rate_kg_s: null, mass_t: mass, capped: mass < quantity_t }
  }
  return { ...base, kind: 'pool_fire', rate_kg_s: null, mass_t: null, capped: false }
}

/** three significant decimals, at least 0.001 kg/s */
function round3(x: number): number {
  return Math.max(0.001, Math.round(x * 1000) / 1000)
}
