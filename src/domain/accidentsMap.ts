// Pure rules of the accidents on the screens (issue 16): the colour of a grade, the symbol of a
// sector, the layer's time filter as Beijing dates, value classes of a choropleth and the
// geometry of a trend line. Imports nothing of ours but the grades.
import type { AccidentGrade } from './accidents.ts'
import { cityDate } from './cityDay.ts'

export type Rgb = readonly [number, number, number]

/** Grade colours: darker and redder with severity; not the four risk colours (an accident is not a risk level). */
export const GRADE_RGB: Readonly<Record<AccidentGrade, Rgb>> = {
  1: [90, 0, 20],
  2: [200, 16, 46],
  3: [240, 108, 0],
  4: [106, 76, 170],
}

export function gradeRgb(grade: number): Rgb {
  return GRADE_RGB[(grade >= 1 && grade <= 4 ? grade : 4) as AccidentGrade]
}

/** The symbol groups of the sectors: 工矿商贸 (all its industries) a square, road traffic a triangle … */
export type SectorSymbol = 'imt' | 'road_traffic' | 'fire' | 'special_equipment' | 'water' | 'other'
export const SECTOR_SYMBOLS: readonly SectorSymbol[] = ['imt', 'road_traffic', 'fire', 'special_equipment', 'water', 'other']

export function sectorSymbol(sectorCode: string): SectorSymbol {
  if (sectorCode === 'imt' || sectorCode.startsWith('imt_')) return 'imt'
  if (sectorCode === 'road_traffic' || sectorCode === 'fire' || sectorCode === 'special_equipment') return sectorCode
  if (sectorCode === 'waterway' || sectorCode === 'fishing_vessel') return 'water'
  return 'other'
}

/** Each symbol as an SVG path in a 20 × 20 box (the legend and the map's icons draw the same). */
export const SYMBOL_PATH: Readonly<Record<SectorSymbol, string>> = {
  imt: 'M3 3h14v14H3z',
  road_traffic: 'M10 1.5 19 18H1z',
  fire: 'M10 1 19 10 10 19 1 10z',
  special_equipment: 'M10 1.5 18.6 7.8 15.3 18H4.7L1.4 7.8z',
  water: 'M10 2a8 8 0 1 0 0 16a8 8 0 1 0 0-16z',
  other: 'M10 1l2.6 6.1 6.6.6-5 4.4 1.5 6.5L10 15.2 4.3 18.6l1.5-6.5-5-4.4 6.6-.6z',
}

/** The accident layer's time filter: this (Beijing) year, the last 12 months, or a range of years. */
export type AccidentTimeFilter = { mode: 'this_year' } | { mode: 'last_12_months' } | { mode: 'years'; from: number; to: number }

export function beijingYear(t: Date): number {
  return Number(cityDate(t).slice(0, 4))
}

/** The filter as inclusive Beijing dates [from, to]; a reversed year range is put in order. */
export function timeRange(f: AccidentTimeFilter, now: Date): { from: string; to: string } {
  const today = cityDate(now)
  if (f.mode === 'this_year') return { from: `${today.slice(0, 4)}-01-01`, to: today }
  if (f.mode === 'last_12_months') {
    const d = new Date(`${today}T00:00:00Z`)
    d.setUTCFullYear(d.getUTCFullYear() - 1)
    d.setUTCDate(d.getUTCDate() + 1)
    return { from: d.toISOString().slice(0, 10), to: today }
  }
  const a = Math.min(f.from, f.to)
  const b = Math.max(f.from, f.to)
  return { from: `${a}-01-01`, to: `${b}-12-31` }
}

// ------------------------------------------------------------------ choropleth classes

/**
 * Class breaks of a choropleth: `n` classes of equal count (quantiles) over the values present
 * (nulls, i.e. no denominator, are never a class: they are drawn apart). Returns the n-1 inner
 * breaks, ascending and distinct (fewer classes when the values are fewer).
 */
export function classBreaks(values: readonly (number | null)[], n: number): number[] {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x)).sort((a, b) => a - b)
  if (v.length < 2 || n < 2) return []
  const out: number[] = []
  for (let i = 1; i < n; i++) {
    const b = v[Math.min(v.length - 1, Math.ceil((i * v.length) / n) - 1)]!
    if (b < v[v.length - 1]! && (out.length === 0 || b > out[out.length - 1]!)) out.push(b)
  }
  return out
}

/** The class (0 … breaks.length) of a value, null for a missing one: a value equal to a break falls in the lower class. */
export function classOf(value: number | null, breaks: readonly number[]): number | null {
  if (value === null || !Number.isFinite(value)) return null
  let c = 0
  while (c < breaks.length && value > breaks[c]!) c++
  return c
}

/** Sequential colours light → dark for up to 5 classes. */
export const CLASS_RGB: readonly Rgb[] = [
  [254, 229, 217],
  [252, 174, 145],
  [251, 106, 74],
  [222, 45, 38],
  [165, 15, 21],
]

/** The colours of k classes (spread over the ramp). */
export function classColours(k: number): Rgb[] {
  if (k <= 1) return [CLASS_RGB[2]!]
  return Array.from({ length: k }, (_, i) => CLASS_RGB[Math.round((i * (CLASS_RGB.length - 1)) / (k - 1))]!)
}

// ------------------------------------------------------------------ trend geometry

export interface TrendPoint {
  year: number
  value: number | null
}

export interface TrendGeometry {
  /** one path per run of years with values (a gap breaks the line) */
  paths: string[]
  dots: { year: number; x: number; y: number; value: number }[]
  /** x of a year */
  x: (year: number) => number
  /** y of a value */
  y: (value: number) => number
  yMax: number
}

/** The polyline of a yearly series in a box of width × height (padding inside), y from 0 to the largest value (or target). */
export function trendGeometry(points: readonly TrendPoint[], width: number, height: number, pad = 8, also: readonly number[] = []): TrendGeometry {
  const years = points.map((p) => p.year)
  const y0 = Math.min(...years)
  const y1 = Math.max(...years)
  const vals = points.map((p) => p.value).filter((v): v is number => v !== null)
  const yMax = Math.max(0, ...vals, ...also.filter((v) => Number.isFinite(v))) || 1
  const x = (year: number) => (y1 === y0 ? width / 2 : pad + ((year - y0) / (y1 - y0)) * (width - 2 * pad))
  const y = (value: number) => height - pad - (value / yMax) * (height - 2 * pad)
  const r = (n: number) => Math.round(n * 10) / 10
  const paths: string[] = []
  let cur: string[] = []
  const dots: TrendGeometry['dots'] = []
  for (const p of [...points].sort((a, b) => a.year - b.year)) {
    if (p.value === null) {
      if (cur.length) paths.push(cur.join(' '))
      cur = []
      continue
    }
    const px = r(x(p.year))
    const py = r(y(p.value))
    cur.push(`${cur.length ? 'L' : 'M'}${px} ${py}`)
    dots.push({ year: p.year, x: px, y: py, value: p.value })
  }
  if (cur.length) paths.push(cur.join(' '))
  return { paths, dots, x, y, yMax }
}

/** One accident as the map layer and its card get it (accidents_in_view). */
export interface AccidentFeature {
  id: string
  occurred_at: string
  first_reported_at: string
  area_code: string | null
  area_name: string | null
  area_name_en: string | null
  sector_code: string
  sector_name: string
  sector_name_en: string
  sector_group: string
  category_code: string | null
  category_name: string | null
  category_name_en: string | null
  /** null where the caller may not read the enterprise */
  enterprise_name: string | null
  deaths: number
  serious_injuries: number
  minor_injuries: number
  direct_loss_10k_yuan: number
  description: string | null
  grade: number
  grade_decided_by: string[]
  late_report: boolean
  published: boolean
  lon: number
  lat: number
}
