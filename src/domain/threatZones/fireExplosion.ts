// Pool fire (thermal radiation, point-source model) and vapour-cloud explosion (TNT equivalence).
//
// Pool fire, point source (CCPS, *Guidelines for Chemical Process Quantitative Risk Analysis*,
// 2nd ed. 2000, §2.2.5; Mudan 1984):
//   burning rate      m″ = m″∞ (1 − e^(−kβ·D))            kg/(m²·s)   (Babrauskas; m″∞ when kβ unknown)
//   radiated power    Qr = η · m″ · (π D² / 4) · ΔHc        kW (ΔHc in kJ/kg)
//   flux at r         q(r) = τ · Qr / (4π r²)               kW/m²
//   zone radius       r(q*) = √(τ · Qr / (4π q*))
// η (radiative fraction) defaults to 0.35, the top of CCPS's 0.15–0.35 range, and τ (atmospheric
// transmissivity) to 1: both cautious. The point source is poor within about one pool diameter of
// the flame (the footprint never starts inside the pool).
// Thresholds: Chinese practice 37.5 / 25 / 12.5 / 4 kW/m² (equipment destroyed / 100 % deaths in
// 1 min / 1 % deaths in 1 min / pain after 20 s); ALOHA's 10 / 5 / 2 kW/m² (60 s exposure).
//
// Vapour-cloud explosion, TNT equivalence (Crowl & Louvar, 2nd ed., §6-13 eq. 6-26; CCPS 1994):
//   W_TNT = α · W · ΔHc / Q_TNT, α (yield) default 0.04, Q_TNT default 4,520 kJ/kg (the Chinese
//   safety-assessment value; Crowl & Louvar use 1,120 cal/g = 4,686 kJ/kg).
//   scaled distance   z = R / W_TNT^(1/3)                  m/kg^(1/3)
//   overpressure      p°/pa = 1616 [1 + (z/4.5)²] / (√(1 + (z/0.048)²) √(1 + (z/0.32)²) √(1 + (z/1.35)²))
//   (Kinney & Graham 1985, Crowl & Louvar eq. 6-24), pa = 101.325 kPa.
// Zones at ALOHA's 8.0 / 3.5 / 1.0 psi (55.2 / 24.1 / 6.9 kPa: buildings destroyed / serious
// injury likely / shatters glass). TNT equivalence overstates the near field and ignores
// congestion and confinement (multi-energy or Baker–Strehlow–Tang models do not): an estimate.

import { ThreatModelInputError, requireNumber } from './dispersion.ts'

export const FIRE_MAX_DIAMETER_M = 200
export const FIRE_MAX_DISTANCE_M = 5_000
export const VCE_MAX_MASS_KG = 1e7
export const VCE_MAX_DISTANCE_M = 20_000
export const AMBIENT_KPA = 101.325
export const PSI_KPA = 6.894757

export const THERMAL_THRESHOLDS = {
  /** Chinese practice, kW/m² */
  cn: [37.5, 25, 12.5, 4] as const,
  /** ALOHA, kW/m² */
  aloha: [10, 5, 2] as const,
}
export type ThermalThresholdSet = keyof typeof THERMAL_THRESHOLDS
/** ALOHA's overpressure levels of concern, kPa (8.0 / 3.5 / 1.0 psi) */
export const OVERPRESSURE_THRESHOLDS_KPA = [8.0 * PSI_KPA, 3.5 * PSI_KPA, 1.0 * PSI_KPA] as const

export interface PoolFire {
  readonly diameter_m: number
  /** m″∞, kg/(m²·s) */
  readonly burning_rate_kg_m2_s: number
  /** kβ, 1/m (null or absent: m″∞ as it is) */
  readonly k_beta_per_m?: number | null
  readonly heat_of_combustion_kj_kg: number
  /** η, 0.1–0.6, default 0.35 */
  readonly radiative_fraction?: number
  /** τ, 0.3–1, default 1 */
  readonly transmissivity?: number
}

function checkFire(f: PoolFire): Required<PoolFire> {
  requireNumber('diameter_m (pool diameter)', f.diameter_m, 0.1, FIRE_MAX_DIAMETER_M, 'm')
  requireNumber('burning_rate_kg_m2_s', f.burning_rate_kg_m2_s, 0.001, 0.5, 'kg/(m²·s)')
  if (f.k_beta_per_m != null) requireNumber('k_beta_per_m', f.k_beta_per_m, 0.01, 20, '1/m')
  requireNumber('heat_of_combustion_kj_kg', f.heat_of_combustion_kj_kg, 1_000, 150_000, 'kJ/kg')
  const eta = f.radiative_fraction ?? 0.35
  const tau = f.transmissivity ?? 1
  requireNumber('radiative_fraction (η)', eta, 0.1, 0.6, '')
  requireNumber('transmissivity (τ)', tau, 0.3, 1, '')
  return { ...f, k_beta_per_m: f.k_beta_per_m ?? null, radiative_fraction: eta, transmissivity: tau }
}

/** Radiated power of the pool fire, kW (η · m″ · A · ΔHc). */
export function poolFireRadiatedPower(fire: PoolFire): number {
  const f = checkFire(fire)
  const m = f.k_beta_per_m === null ? f.burning_rate_kg_m2_s : f.burning_rate_kg_m2_s * (1 - Math.exp(-f.k_beta_per_m * f.diameter_m))
  return f.radiative_fraction * m * ((Math.PI * f.diameter_m ** 2) / 4) * f.heat_of_combustion_kj_kg
}

/** Thermal radiation (kW/m²) received at `distance_m` from the pool's centre (point source). */
export function poolFireRadiation(fire: PoolFire & { readonly distance_m: number }): number {
  const qr = poolFireRadiatedPower(fire)
  const r = requireNumber('distance_m', fire.distance_m, 0.01, FIRE_MAX_DISTANCE_M, 'm')
  return ((fire.transmissivity ?? 1) * qr) / (4 * Math.PI * r * r)
}

/**
 * Radius (m) within which the flux reaches `threshold_kw_m2`; never less than the pool's radius
 * (the point source is meaningless inside the flame), capped at FIRE_MAX_DISTANCE_M.
 */
export function poolFireZoneRadius(fire: PoolFire & { readonly threshold_kw_m2: number }): number {
  const qr = poolFireRadiatedPower(fire)
  const q = requireNumber('threshold_kw_m2', fire.threshold_kw_m2, 0.1, 1000, 'kW/m²')
  const r = Math.sqrt(((fire.transmissivity ?? 1) * qr) / (4 * Math.PI * q))
  return Math.min(FIRE_MAX_DISTANCE_M, Math.max(r, fire.diameter_m / 2))
}

export interface VaporCloud {
  /** flammable mass in the cloud, kg */
  readonly mass_kg: number
  /** lower heat of combustion, kJ/kg */
  readonly heat_of_combustion_kj_kg: number
  /** explosion yield α, default 0.04 (0.01–0.10) */
  readonly yield_fraction?: number
  /** TNT blast energy, kJ/kg, default 4,520 */
  readonly tnt_kj_kg?: number
}

/** W_TNT = α · W · ΔHc / Q_TNT, kg. */
export function tntEquivalentKg(c: VaporCloud): number {
  requireNumber('mass_kg (flammable mass)', c.mass_kg, 0, VCE_MAX_MASS_KG, 'kg')
  requireNumber('heat_of_combustion_kj_kg', c.heat_of_combustion_kj_kg, 1_000, 150_000, 'kJ/kg')
  const a = requireNumber('yield_fraction (α)', c.yield_fraction ?? 0.04, 0.001, 0.2, '')
  const q = requireNumber('tnt_kj_kg (Q_TNT)', c.tnt_kj_kg ?? 4520, 4000, 5000, 'kJ/kg')
  return (a * c.mass_kg * c.heat_of_combustion_kj_kg) / q
}

/** Kinney–Graham side-on overpressure ratio p°/pa at scaled distance z (m/kg^⅓). */
export function overpressureRatio(z: number): number {
  if (!(z > 0)) throw new ThreatModelInputError(`scaled distance must be above 0 m/kg^(1/3) (got ${z})`)
  return (1616 * (1 + (z / 4.5) ** 2)) / (Math.sqrt(1 + (z / 0.048) ** 2) * Math.sqrt(1 + (z / 0.32) ** 2) * Math.sqrt(1 + (z / 1.35) ** 2))
}

/** Side-on overpressure (kPa) at `distance_m` from the centre of an explosion of `tnt_kg` TNT. */
export function overpressureKpa(tnt_kg: number, distance_m: number): number {
  requireNumber('tnt_kg', tnt_kg, Number.MIN_VALUE, VCE_MAX_MASS_KG, 'kg')
  requireNumber('distance_m', distance_m, 0.01, VCE_MAX_DISTANCE_M, 'm')
  return AMBIENT_KPA * overpressureRatio(distance_m / Math.cbrt(tnt_kg))
}

/**
 * Radius (m) within which the overpressure reaches `threshold_kpa` (bisection on the monotone
 * Kinney–Graham curve, 0.01–1000 m/kg^⅓), capped at VCE_MAX_DISTANCE_M; 0 for no TNT.
 */
export function explosionZoneRadius(tnt_kg: number, threshold_kpa: number): number {
  requireNumber('tnt_kg', tnt_kg, 0, VCE_MAX_MASS_KG, 'kg')
  const p = requireNumber('threshold_kpa', threshold_kpa, 0.1, 10_000, 'kPa')
  if (tnt_kg === 0) return 0
  const target = p / AMBIENT_KPA
  let lo = Math.log(0.01)
  let hi = Math.log(1000)
  if (overpressureRatio(Math.exp(lo)) < target) return 0
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2
    if (overpressureRatio(Math.exp(mid)) >= target) lo = mid
    else hi = mid
  }
  return Math.min(VCE_MAX_DISTANCE_M, Math.exp((lo + hi) / 2) * Math.cbrt(tnt_kg))
}
