// Candidate comparison and the scenario downloads (CSV with BOM, GeoJSON), parsed back
// independently (papaparse's parser, JSON.parse) and compared with the inputs.
import { describe, it, expect } from 'vitest'
import Papa from 'papaparse'
import {
  compareCandidates,
  scenarioCsv,
  scenarioGeoJson,
  exportFileName,
  CSV_COLUMNS,
  type ScenarioCandidate,
  type ResultTarget,
} from '../../src/domain/plannerReport.ts'
import type { Distances } from '../../src/domain/plannerGeo.ts'

const D: Distances = { high_sensitivity: 1000, important: 1000, general_1: 600, general_2: 300, general_3: 200 }
const t = (id: string, cls: ResultTarget['target_class'], pop: number, d: number, req: number, name = `目标${id}`): ResultTarget => ({
  id,
  name,
  target_class: cls,
  type_code: 'school',
  population: pop,
  distance_m: d,
  required_m: req,
  shortfall_m: req - d,
  lon: 113 + pop / 1e6,
  lat: 22.5,
})

const cands: ScenarioCandidate[] = [
  {
    label: 'A',
    geometry: { type: 'Point', coordinates: [113.05, 22.5] },
    distances: D,
    source: 'server',
    targets: [t('a1', 'high_sensitivity', 500, 400, 1000, '北盛中学, "东"校区'), t('a2', 'general_2', 1200, 250, 300)],
  },
  { label: 'B', geometry: { type: 'Point', coordinates: [113.1, 22.6] }, distances: D, source: 'browser', targets: [] },
  {
    label: 'C',
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [113, 22],
          [113.01, 22],
          [113.01, 22.01],
          [113, 22],
        ],
      ],
    },
    distances: D,
    source: 'server',
    targets: [t('c1', 'general_3', 40, 150, 200)],
  },
]

describe('compareCandidates', () => {
  it('summarises by class and marks the best (a compliant one here)', () => {
    const rows = compareCandidates(cands)
    expect(rows.map((r) => r.summary.violations)).toEqual([2, 0, 1])
    expect(rows[0].summary.by_class.high_sensitivity.count).toBe(1)
    expect(rows[0].summary.by_class.general_2.population).toBe(1200)
    expect(rows[0].summary.population).toBe(1700)
    expect(rows[0].worstShortfall).toBe(600)
    expect(rows.map((r) => r.best)).toEqual([false, true, false])
    expect(rows.map((r) => r.kind)).toEqual(['point', 'point', 'polygon'])
    expect(rows[1].summary.compliant).toBe(true)
  })
  it('refuses a fourth candidate', () => {
    expect(() => compareCandidates([...cands, { ...cands[0], label: 'D' }])).toThrow(/three/)
  })
  it('ranks by the most sensitive class first: one school inside is worse than three villages', () => {
    const school: ScenarioCandidate = { ...cands[0], label: 'S', targets: [t('s', 'high_sensitivity', 100, 900, 1000)] }
    const villages: ScenarioCandidate = { ...cands[0], label: 'V', targets: [1, 2, 3].map((i) => t(`v${i}`, 'general_3', 2000, 150, 200)) }
    expect(compareCandidates([school, villages]).map((r) => r.best)).toEqual([false, true])
  })
  it('breaks a tie on targets by population', () => {
    const rows = compareCandidates([cands[2], { ...cands[2], label: 'X', targets: [t('x', 'general_3', 10, 150, 200)] }])
    expect(rows.map((r) => r.best)).toEqual([false, true])
  })
})

describe('scenarioCsv', () => {
  it('starts with a UTF-8 BOM and parses back to one row per target (a compliant candidate: one row)', () => {
    const csv = scenarioCsv(cands, 'zh', (c) => (c === 'school' ? '学校' : c))
    expect(csv.charCodeAt(0)).toBe(0xfeff)
    expect(new TextEncoder().encode(csv).subarray(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]))
    const p = Papa.parse<Record<string, string>>(csv.slice(1), { header: true, skipEmptyLines: true })
    expect(p.errors).toEqual([])
    expect(p.meta.fields).toEqual(CSV_COLUMNS.zh)
    expect(p.data.length).toBe(4)
    const a1 = p.data.find((r) => r['防护目标ID'] === 'a1')!
    expect(a1['防护目标名称']).toBe('北盛中学, "东"校区')
    expect(a1['防护类别']).toBe('高敏感防护目标')
    expect(a1['目标类型']).toBe('学校')
    expect(Number(a1['差距(米)'])).toBe(600)
    expect(a1['是否达标']).toBe('不达标')
    const b = p.data.filter((r) => r['候选方案'] === 'B')
    expect(b.length).toBe(1)
    expect(b[0]['是否达标']).toBe('达标')
    expect(b[0]['防护目标ID']).toBe('')
  })
  it('has English headers in English', () => {
    const p = Papa.parse<Record<string, string>>(scenarioCsv(cands, 'en').slice(1), { header: true, skipEmptyLines: true })
    expect(p.meta.fields).toEqual(CSV_COLUMNS.en)
    expect(p.data[0].class).toBe('High-sensitivity target')
  })
})

describe('scenarioGeoJson', () => {
  it('holds every candidate with its summary and every target as a point', () => {
    const fc = JSON.parse(JSON.stringify(scenarioGeoJson(cands, { generated: 'x' })))
    expect(fc.type).toBe('FeatureCollection')
    const candidates = fc.features.filter((f: { properties: { role: string } }) => f.properties.role === 'candidate')
    const targets = fc.features.filter((f: { properties: { role: string } }) => f.properties.role === 'target')
    expect(candidates.map((f: { properties: { candidate: string } }) => f.properties.candidate)).toEqual(['A', 'B', 'C'])
    expect(candidates[2].geometry.type).toBe('Polygon')
    expect(candidates[0].properties.violations).toBe(2)
    expect(candidates[0].properties.by_class.general_2).toBe(1)
    expect(candidates[1].properties.compliant).toBe(true)
    expect(candidates[0].properties.distances).toEqual(D)
    expect(targets.length).toBe(3)
    expect(targets[0].geometry).toEqual({ type: 'Point', coordinates: [cands[0].targets[0].lon, cands[0].targets[0].lat] })
    expect(fc.metadata).toEqual({ generated: 'x' })
  })
  it('names files with the date', () => {
    expect(exportFileName('搬迁选址方案', new Date('2026-11-24T13:00:00Z'), 'csv')).toBe('搬迁选址方案-2026-11-24.csv')
  })
})
