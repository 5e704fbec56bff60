// What-if threat zones (issue 20): toxic plume, pool fire and vapour-cloud explosion footprints,
// nested red / orange / yellow, as GeoJSON polygons in WGS-84. Pure: the screens call
// computeThreatZones on every change of the wind (bounded work, a few milliseconds).
//
// The models, their sources and their limits are documented in the modules re-exported here:
//   threatZones/dispersion.ts     Gaussian plume with ground reflection, Pasquill–Gifford A–F,
//                                 Briggs rural/urban σ, Pasquill's stability table
//   threatZones/fireExplosion.ts  pool fire (point source), vapour-cloud explosion (TNT equivalence,
//                                 Kinney–Graham overpressure)
//   threatZones/substances.ts     AEGL levels of concern, burning rates, heats of combustion
//   threatZones/footprint.ts      footprints in WGS-84 (turf)
//   threatZones/release.ts        release from inventory (EPA RMP worst case, 40 CFR 68.25)
// Every result is a model estimate ("模型估算"): never shown on the public view.

import type { Feature, Polygon } from 'geojson'
import {
  checkPlumeSource,
  pasquillStability,
  requireNumber,
  ThreatModelInputError,
  type Stability,
  type Terrain,
  type WeatherForStability,
} from './threatZones/dispersion.ts'
import {
  OVERPRESSURE_THRESHOLDS_KPA,
  THERMAL_THRESHOLDS,
  explosionZoneRadius,
  poolFireRadiatedPower,
  poolFireZoneRadius,
  tntEquivalentKg,
  type PoolFire,
  type ThermalThresholdSet,
} from './threatZones/fireExplosion.ts'
import { circleFootprint, plumeFootprint, type Origin } from './threatZones/footprint.ts'
import { substanceByName, toxicThresholds } from './threatZones/substances.ts'

export * from './threatZones/dispersion.ts'
export * from './threatZones/fireExplosion.ts'
export * from './threatZones/footprint.ts'
export * from './threatZones/substances.ts'
export * from './threatZones/release.ts'

/** Zone colours, most severe first; `darkred` only for Chinese practice's 37.5 kW/m². */
export type ZoneLevel = 'darkred' | 'red' | 'orange' | 'yellow'

export interface ThreatZone {
  readonly level: ZoneLevel
  readonly threshold: number
  readonly unit: 'mg/m³' | 'kW/m²' | 'kPa'
  /** what the threshold means, e.g. 'AEGL-3' */
  readonly basis: string
  /** farthest distance of the zone from the source, m */
  readonly reach_m: number
  /** true when the zone reaches the model's distance cap and goes on beyond it */
  readonly capped: boolean
  readonly polygon: Feature<Polygon> | null
}

export type Weather =
  { readonly wind_from_deg: number; readonly u_m_s: number; readonly stability: Stability } | ({ readonly wind_from_deg: number } & WeatherForStability)

export type ThreatScenario =
  | ({
      readonly kind: 'toxic'
      /** GB 18218 name from the substance table, or explicit thresholds */
      readonly substance?: string
      readonly thresholds_mg_m3?: { readonly red: number; readonly orange: number; readonly yellow: number | null }
      readonly q_g_s: number
      readonly h_m: number
      readonly terrain: Terrain
      readonly weather: Weather
    } & Origin)
  | ({
      readonly kind: 'pool_fire'
      readonly fire: PoolFire
      readonly thresholds: ThermalThresholdSet
    } & Origin)
  | ({
      readonly kind: 'explosion'
      readonly mass_kg: number
      readonly heat_of_combustion_kj_kg: number
      readonly yield_fraction?: number
    } & Origin)

export interface ThreatZonesResult {
  readonly kind: ThreatScenario['kind']
  readonly zones: readonly ThreatZone[]
  /** resolved stability class (toxic) */
  readonly stability?: Stability
  /** TNT equivalent (explosion), kg */
  readonly tnt_kg?: number
  /** where the toxic levels of concern come from (toxic) */
  readonly levels_source?: string
  /** radiated power (pool fire), kW */
  readonly radiated_kw?: number
  /** warnings to show with the zones, as codes the UI translates */
  readonly warnings: readonly ('dense_gas' | 'capped' | 'near_field')[]
  readonly estimate: true
}

function resolveStability(w: Weather): Stability {
  if ('stability' in w) return w.stability
  return pasquillStability(w)
}

const COLOURS3: readonly ZoneLevel[] = ['red', 'orange', 'yellow']

/** Computes the nested zones of a scenario; throws ThreatModelInputError naming a bad input. */
export function computeThreatZones(s: ThreatScenario): ThreatZonesResult {
  const origin: Origin = { lon: s.lon, lat: s.lat }
  if (s.kind === 'toxic') {
    const sub = s.substance === undefined ? undefined : substanceByName(s.substance)
    if (s.substance !== undefined && !sub?.toxic) {
      throw new ThreatModelInputError(`substance ${s.substance} has no toxic levels of concern in the table`)
    }
    const thr = s.thresholds_mg_m3 ?? (sub ? toxicThresholds(sub) : null)
    if (!thr) throw new ThreatModelInputError('give a substance from the table or thresholds_mg_m3')
    requireNumber('thresholds_mg_m3.red', thr.red, Number.MIN_VALUE, 1e7, 'mg/m³')
    requireNumber('thresholds_mg_m3.orange', thr.orange, Number.MIN_VALUE, thr.red, 'mg/m³', ' (at most the red level)')
    if (thr.yellow !== null) {
      requireNumber('thresholds_mg_m3.yellow', thr.yellow, Number.MIN_VALUE, thr.orange, 'mg/m³', ' (at most the orange level)')
    }
    const stability = resolveStability(s.weather)
    const source = checkPlumeSource({ q_g_s: s.q_g_s, u_m_s: s.weather.u_m_s, stability, terrain: s.terrain, h_m: s.h_m })
    const levels: [ZoneLevel, number | null, string][] = [
      ['red', thr.red, 'AEGL-3'],
      ['orange', thr.orange, 'AEGL-2'],
      ['yellow', thr.yellow, 'AEGL-1'],
    ]
    const zones: ThreatZone[] = []
    for (const [level, t, basis] of levels) {
      if (t === null) continue
      const f = plumeFootprint(source, t, origin, s.weather.wind_from_deg)
      zones.push({ level, threshold: t, unit: 'mg/m³', basis, reach_m: f.reach.to_m, capped: f.reach.capped, polygon: f.polygon })
    }
    const warnings: ThreatZonesResult['warnings'][number][] = []
    if (sub?.denseGas) warnings.push('dense_gas')
    if (zones.some((z) => z.capped)) warnings.push('capped')
    if (zones.some((z) => z.reach_m > 0 && z.reach_m < 100)) warnings.push('near_field')
    const levels_source = s.thresholds_mg_m3 ? 'thresholds given' : (sub?.toxic?.source ?? '')
    return { kind: 'toxic', zones, stability, levels_source, warnings, estimate: true }
  }
  if (s.kind === 'pool_fire') {
    const set = THERMAL_THRESHOLDS[s.thresholds]
    if (!set) throw new ThreatModelInputError(`thresholds must be 'cn' or 'aloha' (got ${String(s.thresholds)})`)
    const radiated_kw = poolFireRadiatedPower(s.fire)
    const colours: readonly ZoneLevel[] = set.length === 4 ? ['darkred', ...COLOURS3] : COLOURS3
    const zones = set.map((q, i): ThreatZone => {
      const r = poolFireZoneRadius({ ...s.fire, threshold_kw_m2: q })
      return {
        level: colours[i]!,
        threshold: q,
        unit: 'kW/m²',
        basis: `${q} kW/m²`,
        reach_m: r,
        capped: r >= 5_000,
        polygon: circleFootprint(origin, r),
      }
    })
    return { kind: 'pool_fire', zones, radiated_kw, warnings: zones.some((z) => z.capped) ? ['capped'] : [], estimate: true }
  }
  if (s.kind === 'explosion') {
    const tnt_kg = tntEquivalentKg({
      mass_kg: s.mass_kg,
      heat_of_combustion_kj_kg: s.heat_of_combustion_kj_kg,
      yield_fraction: s.yield_fraction,
    })
    const zones = OVERPRESSURE_THRESHOLDS_KPA.map((p, i): ThreatZone => {
      const r = explosionZoneRadius(tnt_kg, p)
      return {
        level: COLOURS3[i]!,
        threshold: p,
        unit: 'kPa',
        basis: `${[8.0, 3.5, 1.0][i]} psi`,
        reach_m: r,
        capped: r >= 20_000,
        polygon: circleFootprint(origin, r),
      }
    })
    return { kind: 'explosion', zones, tnt_kg, warnings: zones.some((z) => z.capped) ? ['capped'] : [], estimate: true }
  }
  throw new ThreatModelInputError(`kind must be toxic, pool_fire or explosion (got ${String((s as { kind: unknown }).kind)})`)
}
