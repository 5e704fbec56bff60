// Oil and gas pipelines (issue 19): the media and their colours, line width by pressure, the
// high-consequence classes and GB 32167-2015's potential impact radius. Pure (imports nothing of
// ours but levels' Rgb); the SQL (supabase/migrations/20261212000200_pipeline_hca.sql) applies the
// same radius rule, and test/db/pipelines-hca.test.ts holds the two to agreement.
import type { Rgb } from './levels.ts'

export type Medium = 'natural_gas' | 'crude_oil' | 'refined_oil' | 'lpg' | 'chemical'

export interface MediumInfo {
  readonly medium: Medium
  readonly zh: string
  readonly en: string
  readonly rgb: Rgb
}

/** Colours chosen away from the four risk-level colours (points) so a line never reads as a level. */
export const MEDIA: readonly MediumInfo[] = [
  { medium: 'natural_gas', zh: '天然气', en: 'Natural gas', rgb: [196, 140, 0] },
  { medium: 'crude_oil', zh: '原油', en: 'Crude oil', rgb: [94, 60, 30] },
  { medium: 'refined_oil', zh: '成品油', en: 'Refined products', rgb: [160, 82, 45] },
  { medium: 'lpg', zh: '液化石油气', en: 'LPG', rgb: [0, 150, 136] },
  { medium: 'chemical', zh: '化工物料', en: 'Chemicals', rgb: [90, 90, 160] },
]

const GREY: Rgb = [120, 120, 120]

export function mediumInfo(m: string): MediumInfo | undefined {
  return MEDIA.find((x) => x.medium === m)
}

export function mediumRgb(m: string): Rgb {
  return mediumInfo(m)?.rgb ?? GREY
}

/**
 * Pressure bands for the line width: city gas (GB 50028) 中压 ≤ 0.4 MPa, 次高压 ≤ 1.6, 高压 ≤ 4.0;
 * above that long-distance transmission (≤ 6.4, and more).
 */
export const PRESSURE_BANDS: readonly { readonly max: number; readonly width: number; readonly zh: string; readonly en: string }[] = [
  { max: 0.4, width: 2, zh: '≤ 0.4 MPa（中压）', en: '≤ 0.4 MPa (medium)' },
  { max: 1.6, width: 3, zh: '≤ 1.6 MPa（次高压）', en: '≤ 1.6 MPa (sub-high)' },
  { max: 4, width: 4, zh: '≤ 4.0 MPa（高压）', en: '≤ 4.0 MPa (high)' },
  { max: 6.4, width: 5, zh: '≤ 6.4 MPa', en: '≤ 6.4 MPa' },
  { max: Infinity, width: 6.5, zh: '> 6.4 MPa', en: '> 6.4 MPa' },
]

/** Line width in pixels for a pressure (unknown: the thinnest). */
export function pressureWidth(mpa: number | null | undefined): number {
  if (mpa === null || mpa === undefined || !Number.isFinite(mpa)) return PRESSURE_BANDS[0]!.width
  return PRESSURE_BANDS.find((b) => mpa <= b.max)!.width
}

/** GB 32167-2015 formula (1): potential impact radius r = 0.099·√(d²·p) in m (d outside diameter mm, p MPa). */
export function impactRadius(diameterMm: number, pressureMpa: number): number {
  return 0.099 * Math.sqrt(diameterMm * diameterMm * pressureMpa)
}

/**
 * The radius within which specific places make a gas line's segment a class Ⅰ high-consequence area
 * (GB 32167-2015 table 1): the impact radius for d > 762 mm and p > 6.9 MPa or d < 273 mm and
 * p < 1.6 MPa, else 200 m; null for media the criterion does not apply to (only 输气).
 */
export function specificPlaceRadius(medium: string, diameterMm: number | null, pressureMpa: number | null): number | null {
  if (medium !== 'natural_gas') return null
  if (diameterMm === null || pressureMpa === null) return 200
  if ((diameterMm > 762 && pressureMpa > 6.9) || (diameterMm < 273 && pressureMpa < 1.6)) return impactRadius(diameterMm, pressureMpa)
  return 200
}

export const HCA_CLASSES: readonly { readonly cls: 1 | 2 | 3; readonly zh: string; readonly en: string; readonly short: string; readonly rgb: Rgb }[] = [
  { cls: 1, zh: 'Ⅰ级高后果区', en: 'HCA class I', short: 'Ⅰ', rgb: [186, 104, 200] },
  { cls: 2, zh: 'Ⅱ级高后果区', en: 'HCA class II', short: 'Ⅱ', rgb: [142, 36, 170] },
  { cls: 3, zh: 'Ⅲ级高后果区', en: 'HCA class III', short: 'Ⅲ', rgb: [74, 20, 140] },
]

export function hcaRgb(cls: number): Rgb {
  return HCA_CLASSES.find((c) => c.cls === cls)?.rgb ?? HCA_CLASSES[0]!.rgb
}

/** The encroachment marker's colour (违章占压). */
export const ENCROACHMENT_RGB: Rgb = [255, 0, 170]
