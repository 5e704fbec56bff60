// Scenario results of the relocation planner: candidates compared side by side, and the
// downloads (CSV with a UTF-8 BOM so Excel shows Chinese, GeoJSON). Pure: no DOM, no network.
import Papa from 'papaparse'
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import { PROTECTIVE_CLASSES, type ProtectiveClass } from './categories.ts'
import { CLASS_IDS, summarise, type Distances, type EvaluationSummary, type SiteGeometry, type TargetShortfall } from './plannerGeo.ts'
import { cityDate } from './cityDay.ts'

export type Lang = 'zh' | 'en'

/** One target inside the required distance, from evaluate_site (or the browser). */
export interface ResultTarget extends TargetShortfall {
  name?: string | null
  type_code?: string | null
}

export interface ScenarioCandidate {
  label: string
  geometry: SiteGeometry
  distances: Distances
  targets: readonly ResultTarget[]
  /** 'server' = confirmed by evaluate_site, 'browser' = the in-browser answer */
  source: 'server' | 'browser'
}

export interface ComparisonRow {
  label: string
  kind: 'point' | 'polygon'
  summary: EvaluationSummary
  worstShortfall: number
  source: 'server' | 'browser'
  /** the best of the compared (ties share it): see compareCandidates */
  best: boolean
}

/**
 * Side-by-side comparison of up to three candidates (more is an error: the screen has three
 * columns). The best is the one with the fewest targets of the most sensitive class (GB 36894
 * order: high-sensitivity, important, general 1, 2, 3), then of the next class, and so on, then
 * the fewest people inside: a school inside the distance weighs more than any number of villages.
 */
export function compareCandidates(cands: readonly ScenarioCandidate[]): ComparisonRow[] {
  if (cands.length > 3) throw new Error(`at most three candidates can be compared (got ${cands.length})`)
  const rows = cands.map((c) => ({
    label: c.label,
    kind: c.geometry.type === 'Point' ? ('point' as const) : ('polygon' as const),
    summary: summarise(c.targets),
    worstShortfall: c.targets.reduce((m, t) => Math.max(m, t.shortfall_m), 0),
    source: c.source,
    best: false,
  }))
  if (rows.length > 1) {
    const key = (r: ComparisonRow) => [...CLASS_IDS.map((k) => r.summary.by_class[k].count), r.summary.population]
    const cmp = (a: number[], b: number[]) => {
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i]
      return 0
    }
    const best = rows.reduce((b, r) => (cmp(key(r), key(b)) < 0 ? r : b))
    for (const r of rows) r.best = cmp(key(r), key(best)) === 0
  }
  return rows
}

const className = (c: ProtectiveClass, lang: Lang) => PROTECTIVE_CLASSES.find((x) => x.id === c)?.[lang] ?? c

export const CSV_COLUMNS: Record<Lang, string[]> = {
  zh: [
    '候选方案',
    '方案类型',
    '是否达标',
    '防护目标ID',
    '防护目标名称',
    '防护类别',
    '类别代码',
    '目标类型',
    '人数',
    '距离(米)',
    '要求距离(米)',
    '差距(米)',
    '经度',
    '纬度',
  ],
  en: [
    'candidate',
    'site type',
    'compliant',
    'target id',
    'target name',
    'class',
    'class id',
    'target type',
    'population',
    'distance (m)',
    'required (m)',
    'shortfall (m)',
    'lon',
    'lat',
  ],
}

/**
 * The targets of every candidate as CSV (one row per target; a compliant candidate gets one row
 * saying so), with a UTF-8 byte-order mark so that Excel opens the Chinese text correctly.
 */
export function scenarioCsv(cands: readonly ScenarioCandidate[], lang: Lang, typeName: (code: string) => string = (c) => c): string {
  const yes = lang === 'zh' ? '达标' : 'yes'
  const no = lang === 'zh' ? '不达标' : 'no'
  const kind = (g: Geometry) => (g.type === 'Point' ? (lang === 'zh' ? '点' : 'point') : lang === 'zh' ? '面' : 'polygon')
  const data: (string | number)[][] = []
  for (const c of cands) {
    if (c.targets.length === 0) {
      data.push([c.label, kind(c.geometry), yes, '', '', '', '', '', '', '', '', '', '', ''])
      continue
    }
    for (const t of c.targets) {
      data.push([
        c.label,
        kind(c.geometry),
        no,
        t.id,
        t.name ?? '',
        className(t.target_class, lang),
        t.target_class,
        t.type_code ? typeName(t.type_code) : '',
        t.population,
        t.distance_m,
        t.required_m,
        t.shortfall_m,
        t.lon,
        t.lat,
      ])
    }
  }
  return '\uFEFF' + Papa.unparse({ fields: CSV_COLUMNS[lang], data }, { newline: '\r\n' })
}

/** Candidates (their geometry, distances and summary) and their targets as one FeatureCollection. */
export function scenarioGeoJson(cands: readonly ScenarioCandidate[], meta: Record<string, unknown> = {}): FeatureCollection {
  const features: Feature[] = []
  for (const c of cands) {
    const s = summarise(c.targets)
    features.push({
      type: 'Feature',
      geometry: c.geometry,
      properties: {
        role: 'candidate',
        candidate: c.label,
        source: c.source,
        compliant: s.compliant,
        violations: s.violations,
        population: s.population,
        distances: { ...c.distances },
        by_class: Object.fromEntries(CLASS_IDS.map((k) => [k, s.by_class[k].count])),
      },
    })
    for (const t of c.targets) {
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [t.lon, t.lat] },
        properties: {
          role: 'target',
          candidate: c.label,
          id: t.id,
          name: t.name ?? null,
          target_class: t.target_class,
          type_code: t.type_code ?? null,
          population: t.population,
          distance_m: t.distance_m,
          required_m: t.required_m,
          shortfall_m: t.shortfall_m,
        },
      })
    }
  }
  return { type: 'FeatureCollection', features, ...(Object.keys(meta).length ? { metadata: meta } : {}) } as FeatureCollection
}

/** A file name with the date: 搬迁选址方案-2026-11-24.csv */
export function exportFileName(stem: string, date: Date, ext: string): string {
  return `${stem}-${cityDate(date)}.${ext}`
}
