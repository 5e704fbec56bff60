// Four-colour grading of a risk point, the same rules as the database's lec_level /
// matrix_level (supabase/migrations/*_risk_point_grading.sql), for instant "what if" in the browser.
// Bands are configuration (public.risk_level_bands); the defaults here are the standard's.
import type { RiskLevel } from './levels.ts'

export type Method = 'lec' | 'matrix'
export interface Band {
  readonly level: RiskLevel
  readonly minScore: number
}

export const LEC_FACTORS = {
  L: [10, 6, 3, 1, 0.5, 0.2, 0.1],
  E: [10, 6, 3, 2, 1, 0.5],
  C: [100, 40, 15, 7, 3, 1],
} as const

export const DEFAULT_BANDS: Readonly<Record<Method, readonly Band[]>> = {
  lec: [
    { level: 1, minScore: 320 },
    { level: 2, minScore: 160 },
    { level: 3, minScore: 70 },
    { level: 4, minScore: 0 },
  ],
  matrix: [
    { level: 1, minScore: 20 },
    { level: 2, minScore: 15 },
    { level: 3, minScore: 9 },
    { level: 4, minScore: 0 },
  ],
}

export class GradingInputError extends Error {}

/** Products of decimal factors in binary floating point (0.1 × 3 = 0.30000000000000004) are
 *  snapped to 9 decimals, so they compare with thresholds as the database's exact numerics do. */
export function snap(x: number): number {
  return Math.round(x * 1e9) / 1e9
}

export function levelForScore(score: number, bands: readonly Band[]): RiskLevel {
  const sorted = [...bands].sort((a, b) => b.minScore - a.minScore)
  const band = sorted.find((b) => b.minScore <= score)
  if (!band) throw new GradingInputError(`no band covers score ${score}`)
  return band.level
}

function requireFactor(name: 'L' | 'E' | 'C', value: number): void {
  if (!(LEC_FACTORS[name] as readonly number[]).includes(value)) {
    throw new GradingInputError(`LEC factor ${name} must be one of ${LEC_FACTORS[name].join(', ')} (got ${value})`)
  }
}

export function lecLevel(l: number, e: number, c: number, bands = DEFAULT_BANDS.lec): { d: number; level: RiskLevel } {
  requireFactor('L', l)
  requireFactor('E', e)
  requireFactor('C', c)
  const d = snap(l * e * c)
  return { d, level: levelForScore(d, bands) }
}

export function matrixLevel(l: number, s: number, bands = DEFAULT_BANDS.matrix): { r: number; level: RiskLevel } {
  if (!Number.isInteger(l) || l < 1 || l > 5) {
    throw new GradingInputError(`risk matrix factor L (likelihood) must be an integer from 1 to 5 (got ${l})`)
  }
  if (!Number.isInteger(s) || s < 1 || s > 5) {
    throw new GradingInputError(`risk matrix factor S (severity) must be an integer from 1 to 5 (got ${s})`)
  }
  const r = l * s
  return { r, level: levelForScore(r, bands) }
}
