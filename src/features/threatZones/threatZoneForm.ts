// The what-if editor's form → a scenario for the threat-zone models (pure, so the browser test
// can compute the zones the screen should show).
import { SUBSTANCES, type Stability, type ThreatScenario } from '../../domain/threatZones.ts'

export type Kind = ThreatScenario['kind']

export interface ThreatForm {
  kind: Kind
  substance: string
  rate_kg_s: number
  h_m: number
  terrain: 'rural' | 'urban'
  wind_from_deg: number
  u_m_s: number
  stability: Stability | 'auto'
  daytime: boolean
  cloud_eighths: number
  diameter_m: number
  thresholds: 'cn' | 'aloha'
  mass_t: number
}

export const DEFAULT_FORM: ThreatForm = {
  kind: 'toxic',
  substance: '氯',
  rate_kg_s: 1,
  h_m: 0,
  terrain: 'urban',
  wind_from_deg: 45,
  u_m_s: 2,
  stability: 'auto',
  daytime: false,
  cloud_eighths: 2,
  diameter_m: 10,
  thresholds: 'cn',
  mass_t: 10,
}

export const substancesFor = (kind: Kind) =>
  SUBSTANCES.filter((s) => (kind === 'toxic' ? s.toxic : kind === 'pool_fire' ? s.poolFire : s.vceHeatOfCombustion_kj_kg))

/** The form → a scenario for the models (the models refuse what is out of range, by name). */
export function scenarioOf(f: ThreatForm, origin: { lon: number; lat: number }): ThreatScenario {
  // only the position: an incident origin also has a `kind` of its own
  const at = { lon: origin.lon, lat: origin.lat }
  const sub = SUBSTANCES.find((s) => s.name_zh === f.substance)
  if (f.kind === 'toxic') {
    const weather =
      f.stability === 'auto'
        ? f.daytime
          ? { wind_from_deg: f.wind_from_deg, u_m_s: f.u_m_s, daytime: true as const, cloud_eighths: f.cloud_eighths }
          : { wind_from_deg: f.wind_from_deg, u_m_s: f.u_m_s, daytime: false as const, cloud_eighths: f.cloud_eighths }
        : { wind_from_deg: f.wind_from_deg, u_m_s: f.u_m_s, stability: f.stability }
    return { kind: 'toxic', substance: f.substance, q_g_s: f.rate_kg_s * 1000, h_m: f.h_m, terrain: f.terrain, weather, ...at }
  }
  if (f.kind === 'pool_fire') {
    const p = sub?.poolFire
    return {
      kind: 'pool_fire',
      thresholds: f.thresholds,
      fire: {
        diameter_m: f.diameter_m,
        burning_rate_kg_m2_s: p?.burning_rate_kg_m2_s ?? NaN,
        k_beta_per_m: p?.k_beta_per_m ?? null,
        heat_of_combustion_kj_kg: p?.heat_of_combustion_kj_kg ?? NaN,
      },
      ...at,
    }
  }
  return { kind: 'explosion', mass_kg: f.mass_t * 1000, heat_of_combustion_kj_kg: sub?.vceHeatOfCombustion_kj_kg ?? NaN, ...at }
}
