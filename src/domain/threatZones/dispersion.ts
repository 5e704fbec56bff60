// Toxic gas, continuous release: the Gaussian plume with ground reflection, Pasquill–Gifford
// stability classes A–F, Briggs' rural and urban dispersion coefficients.
//
// Sources
// - Plume equation (continuous point source at effective height H, wind u along x, total
//   reflection at the ground): Crowl & Louvar, *Chemical Process Safety*, 2nd ed., eq. 5-49;
//   Turner, *Workbook of Atmospheric Dispersion Estimates*, 2nd ed. (1994), eq. 2.1:
//     C(x, y, z) = Q / (2π σy σz u) · exp(−y² / 2σy²) · [exp(−(z − H)² / 2σz²) + exp(−(z + H)² / 2σz²)]
// - σy(x), σz(x): Briggs (1973) as tabulated in Crowl & Louvar table 5-2 and Turner table 2-1 (x in m):
//     rural  A 0.22x(1+0.0001x)^-½ / 0.20x        urban A–B 0.32x(1+0.0004x)^-½ / 0.24x(1+0.001x)^½
//            B 0.16x(1+0.0001x)^-½ / 0.12x              C   0.22x(1+0.0004x)^-½ / 0.20x
//            C 0.11x(1+0.0001x)^-½ / 0.08x(1+0.0002x)^-½  D 0.16x(1+0.0004x)^-½ / 0.14x(1+0.0003x)^-½
//            D 0.08x(1+0.0001x)^-½ / 0.06x(1+0.0015x)^-½  E–F 0.11x(1+0.0004x)^-½ / 0.08x(1+0.0015x)^-½
//            E 0.06x(1+0.0001x)^-½ / 0.03x(1+0.0003x)^-1
//            F 0.04x(1+0.0001x)^-½ / 0.016x(1+0.0003x)^-1
// - Stability from the weather: Pasquill (1961) as tabulated in Crowl & Louvar table 5-1 and
//   Turner table 1-1 (surface wind speed at 10 m; day: incoming solar radiation; night: cloud).
//
// Limits (say so wherever a result is shown: these are estimates, "模型估算")
// - Briggs fitted his curves for 100 m ≤ x ≤ 10 km; nearer than 100 m they are extrapolated, and
//   no distance beyond PLUME_MAX_DISTANCE_M (10 km) is computed.
// - Steady, homogeneous wind and terrain; no plume rise (give the effective height), no
//   deposition, no chemical reaction, no mixing-layer lid; concentrations are ~10-minute averages
//   (the sampling time of the σ curves), compared with 60-minute levels of concern as ALOHA does.
// - Passive (neutrally buoyant) gas only: a dense gas (liquefied chlorine, ammonia, LPG) slumps
//   and spreads along the ground, and this model can be far off for it (see `denseGas` in
//   substances.ts); the screen must say so rather than pretend.
// - Calm winds (u < 1 m/s) are outside the model and are refused.

export type Stability = 'A' | 'B' | 'C' | 'D' | 'E' | 'F'
export type Terrain = 'rural' | 'urban'
export const STABILITY_CLASSES: readonly Stability[] = ['A', 'B', 'C', 'D', 'E', 'F']

/** Farthest downwind distance the plume model computes (Briggs' curves were fitted up to 10 km). */
export const PLUME_MAX_DISTANCE_M = 10_000
/** Nearest distance the zone search starts from (the point-source singularity at x = 0). */
export const PLUME_MIN_DISTANCE_M = 1
export const MIN_WIND_M_S = 1
export const MAX_WIND_M_S = 30
export const MAX_RELEASE_G_S = 1e6
export const MAX_RELEASE_HEIGHT_M = 300

/** A refusal of an input outside the model's validity; the message names the field and why. */
export class ThreatModelInputError extends Error {
  override name = 'ThreatModelInputError'
}

export function requireNumber(name: string, v: unknown, min: number, max: number, unit: string, why = ''): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new ThreatModelInputError(`${name} must be a number of ${unit} (got ${String(v)})`)
  }
  if (v < min || v > max) {
    throw new ThreatModelInputError(`${name} must be between ${min} and ${max} ${unit}${why} (got ${v})`)
  }
  return v
}

function requireStability(s: unknown): Stability {
  if (typeof s !== 'string' || !STABILITY_CLASSES.includes(s as Stability)) {
    throw new ThreatModelInputError(`stability must be a Pasquill–Gifford class A, B, C, D, E or F (got ${String(s)})`)
  }
  return s as Stability
}

function requireTerrain(t: unknown): Terrain {
  if (t !== 'rural' && t !== 'urban') {
    throw new ThreatModelInputError(`terrain must be 'rural' or 'urban' (got ${String(t)})`)
  }
  return t
}

export interface Sigmas {
  readonly sy_m: number
  readonly sz_m: number
}

/** Briggs' σy and σz (m) at x m downwind; x must be > 0. */
export function briggsSigmas(x_m: number, stability: Stability, terrain: Terrain): Sigmas {
  const x = x_m
  if (terrain === 'rural') {
    const fy = 1 / Math.sqrt(1 + 0.0001 * x)
    switch (stability) {
      case 'A':
        return { sy_m: 0.22 * x * fy, sz_m: 0.2 * x }
      case 'B':
        return { sy_m: 0.16 * x * fy, sz_m: 0.12 * x }
      case 'C':
        return { sy_m: 0.11 * x * fy, sz_m: (0.08 * x) / Math.sqrt(1 + 0.0002 * x) }
      case 'D':
        return { sy_m: 0.08 * x * fy, sz_m: (0.06 * x) / Math.sqrt(1 + 0.0015 * x) }
      case 'E':
        return { sy_m: 0.06 * x * fy, sz_m: (0.03 * x) / (1 + 0.0003 * x) }
      case 'F':
        return { sy_m: 0.04 * x * fy, sz_m: (0.016 * x) / (1 + 0.0003 * x) }
    }
  }
  const fy = 1 / Math.sqrt(1 + 0.0004 * x)
  switch (stability) {
    case 'A':
    case 'B':
      return { sy_m: 0.32 * x * fy, sz_m: 0.24 * x * Math.sqrt(1 + 0.001 * x) }
    case 'C':
      return { sy_m: 0.22 * x * fy, sz_m: 0.2 * x }
    case 'D':
      return { sy_m: 0.16 * x * fy, sz_m: (0.14 * x) / Math.sqrt(1 + 0.0003 * x) }
    case 'E':
    case 'F':
      return { sy_m: 0.11 * x * fy, sz_m: (0.08 * x) / Math.sqrt(1 + 0.0015 * x) }
  }
}

export interface PlumeSource {
  /** release rate, g/s (≥ 0) */
  readonly q_g_s: number
  /** wind speed at 10 m, m/s (≥ 1: calm winds are outside the model) */
  readonly u_m_s: number
  readonly stability: Stability
  readonly terrain: Terrain
  /** effective release height, m (0 = ground release) */
  readonly h_m: number
}

export interface PlumePoint extends PlumeSource {
  /** downwind distance, m (≤ 0: upwind or at the source, where the model gives 0) */
  readonly x_m: number
  /** crosswind distance, m */
  readonly y_m: number
  /** height above ground, m (≥ 0) */
  readonly z_m: number
}

/** Checks a source's inputs; throws ThreatModelInputError naming the first bad one. */
export function checkPlumeSource(s: PlumeSource): PlumeSource {
  requireNumber('q_g_s (release rate)', s.q_g_s, 0, MAX_RELEASE_G_S, 'g/s', '; a rate cannot be negative')
  requireNumber('u_m_s (wind speed)', s.u_m_s, MIN_WIND_M_S, MAX_WIND_M_S, 'm/s', '; the Gaussian plume is not valid in calm winds below 1 m/s')
  requireStability(s.stability)
  requireTerrain(s.terrain)
  requireNumber('h_m (release height)', s.h_m, 0, MAX_RELEASE_HEIGHT_M, 'm')
  return s
}

/** The plume equation without input checks (the caller has checked the source once). */
export function plumeConcentrationUnchecked(s: PlumeSource, x_m: number, y_m: number, z_m: number): number {
  if (x_m <= 0 || s.q_g_s === 0) return 0
  const { sy_m, sz_m } = briggsSigmas(x_m, s.stability, s.terrain)
  const lateral = Math.exp(-(y_m * y_m) / (2 * sy_m * sy_m))
  const vertical = Math.exp(-((z_m - s.h_m) ** 2) / (2 * sz_m * sz_m)) + Math.exp(-((z_m + s.h_m) ** 2) / (2 * sz_m * sz_m))
  // g/m³ → mg/m³
  return ((1000 * s.q_g_s) / (2 * Math.PI * sy_m * sz_m * s.u_m_s)) * lateral * vertical
}

/**
 * Concentration (mg/m³) at (x downwind, y crosswind, z height) of a continuous release:
 * Gaussian plume with ground reflection, Briggs σ. Refuses inputs outside the model.
 */
export function plumeConcentration(p: PlumePoint): number {
  checkPlumeSource(p)
  requireNumber('x_m (downwind distance)', p.x_m, -PLUME_MAX_DISTANCE_M, PLUME_MAX_DISTANCE_M, 'm', ' (the model stops at 10 km)')
  requireNumber('y_m (crosswind distance)', p.y_m, -PLUME_MAX_DISTANCE_M, PLUME_MAX_DISTANCE_M, 'm')
  requireNumber('z_m (height)', p.z_m, 0, 1000, 'm')
  return plumeConcentrationUnchecked(p, p.x_m, p.y_m, p.z_m)
}

/** Ground-level centreline concentration (mg/m³) at x m downwind. */
export function groundCentreline(s: PlumeSource, x_m: number): number {
  return plumeConcentrationUnchecked(s, x_m, 0, 0)
}

export interface PlumeReach {
  /** first downwind distance (m) where the ground centreline reaches the threshold (0 if none) */
  readonly from_m: number
  /** farthest downwind distance (m) where it still reaches the threshold (0 if never) */
  readonly to_m: number
  /** true when the threshold is still reached at PLUME_MAX_DISTANCE_M: the zone goes on beyond */
  readonly capped: boolean
}

const SEARCH_STEPS = 400

function bisect(f: (x: number) => boolean, inside: number, outside: number): number {
  // f(inside) is true, f(outside) false; returns the boundary to ~1e-9 relative
  let a = inside
  let b = outside
  for (let i = 0; i < 60 && Math.abs(b - a) > 1e-9 * Math.max(1, Math.abs(a)); i++) {
    const m = (a + b) / 2
    if (f(m)) a = m
    else b = m
  }
  return (a + b) / 2
}

/**
 * Where along the ground centreline the concentration reaches `threshold_mg_m3`: a log-spaced scan
 * of 400 distances between 1 m and 10 km, each crossing refined by bisection (bounded work: about
 * 520 evaluations whatever the inputs).
 */
export function plumeReach(s: PlumeSource & { readonly threshold_mg_m3: number }): PlumeReach {
  checkPlumeSource(s)
  requireNumber('threshold_mg_m3 (level of concern)', s.threshold_mg_m3, Number.MIN_VALUE, 1e7, 'mg/m³')
  const above = (x: number): boolean => groundCentreline(s, x) >= s.threshold_mg_m3
  const lnMin = Math.log(PLUME_MIN_DISTANCE_M)
  const step = (Math.log(PLUME_MAX_DISTANCE_M) - lnMin) / SEARCH_STEPS
  const xs = Array.from({ length: SEARCH_STEPS + 1 }, (_, i) => (i === SEARCH_STEPS ? PLUME_MAX_DISTANCE_M : Math.exp(lnMin + i * step)))
  let first = -1
  let last = -1
  for (let i = 0; i < xs.length; i++) {
    if (above(xs[i]!)) {
      if (first < 0) first = i
      last = i
    }
  }
  if (first < 0) return { from_m: 0, to_m: 0, capped: false }
  const from_m = first === 0 ? xs[0]! : bisect(above, xs[first]!, xs[first - 1]!)
  if (last === xs.length - 1) return { from_m, to_m: PLUME_MAX_DISTANCE_M, capped: true }
  return { from_m, to_m: bisect(above, xs[last]!, xs[last + 1]!), capped: false }
}

/**
 * The farthest downwind distance (m) at which the ground centreline concentration still reaches
 * `threshold_mg_m3` (0 if it never does; PLUME_MAX_DISTANCE_M when it still does at 10 km).
 */
export function plumeZoneLength(s: PlumeSource & { readonly threshold_mg_m3: number }): number {
  return plumeReach(s).to_m
}

/**
 * Half-width (m) of the ground footprint at x m downwind where the concentration is ≥ threshold:
 * C(x, y, 0) = Cc(x)·exp(−y²/2σy²) ≥ T  ⇔  |y| ≤ σy·√(2 ln(Cc/T)). 0 where the centreline is below.
 */
export function plumeHalfWidth(s: PlumeSource, x_m: number, threshold_mg_m3: number): number {
  const c = groundCentreline(s, x_m)
  if (!(c >= threshold_mg_m3) || x_m <= 0) return 0
  const { sy_m } = briggsSigmas(x_m, s.stability, s.terrain)
  return sy_m * Math.sqrt(2 * Math.log(c / threshold_mg_m3))
}

// --- Stability from the weather (Pasquill's table) -----------------------------------------------

/** Daytime incoming solar radiation (Turner: strong ≈ sun above 60° in a clear sky, slight below 35°). */
export type Insolation = 'strong' | 'moderate' | 'slight'

export type WeatherForStability =
  | { readonly u_m_s: number; readonly daytime: true; readonly insolation: Insolation; readonly overcast?: boolean }
  | { readonly u_m_s: number; readonly daytime: true; readonly cloud_eighths: number }
  | { readonly u_m_s: number; readonly daytime: false; readonly cloud_eighths: number }

// Rows: surface wind < 2, 2–3, 3–5, 5–6, > 6 m/s. Day columns strong / moderate / slight;
// night columns "thinly overcast or ≥ 4/8 low cloud" / "≤ 3/8 cloud". Crowl & Louvar table 5-1.
// Where the table gives two classes (A–B, B–C, C–D) we take the MORE STABLE one, which gives the
// longer ground-level footprint for a ground release (the cautious choice for a threat zone).
const DAY: readonly (readonly Stability[])[] = [
  ['A', 'B', 'B'], // A, A–B, B
  ['B', 'B', 'C'], // A–B, B, C
  ['B', 'C', 'C'], // B, B–C, C
  ['C', 'D', 'D'], // C, C–D, D
  ['C', 'D', 'D'],
]
const NIGHT: readonly (readonly Stability[])[] = [
  ['F', 'F'],
  ['E', 'F'],
  ['D', 'E'],
  ['D', 'D'],
  ['D', 'D'],
]

function windRow(u: number): number {
  if (u < 2) return 0
  if (u < 3) return 1
  if (u < 5) return 2
  if (u < 6) return 3
  return 4
}

/**
 * Pasquill stability class from wind speed, day/night and cloud (Pasquill's table). Overcast
 * (8/8) is D by day and night. By day, cloud cover in eighths stands in for insolation when the
 * sun's height is not known: ≤ 2/8 strong, 3–4/8 moderate, 5–7/8 slight (a simplification of
 * Turner's net-radiation index for a mid-day sun; give `insolation` when it is known).
 */
export function pasquillStability(w: WeatherForStability): Stability {
  // Wind below 1 m/s is still classified (the table's first row); the plume model itself refuses it.
  const u = requireNumber('u_m_s (wind speed)', w.u_m_s, 0, MAX_WIND_M_S, 'm/s')
  const row = windRow(u)
  if ('insolation' in w) {
    if (w.overcast) return 'D'
    const col = { strong: 0, moderate: 1, slight: 2 }[w.insolation]
    if (col === undefined) {
      throw new ThreatModelInputError(`insolation must be strong, moderate or slight (got ${String(w.insolation)})`)
    }
    return DAY[row]![col]!
  }
  const c = requireNumber('cloud_eighths (cloud cover)', w.cloud_eighths, 0, 8, 'eighths of the sky')
  if (c >= 8) return 'D'
  if (w.daytime) return DAY[row]![c <= 2 ? 0 : c <= 4 ? 1 : 2]!
  return NIGHT[row]![c >= 4 ? 0 : 1]!
}
