// Downloads of a scenario (CSV with BOM, GeoJSON): the pure builders are in
// src/domain/plannerReport.ts; this module picks each candidate's best answer and saves files.
import type { Lang } from '../../app/i18n.ts'
import { exportFileName, scenarioCsv, scenarioGeoJson, type ScenarioCandidate } from '../../domain/plannerReport.ts'
import { CLASS_IDS } from '../../domain/plannerGeo.ts'
import type { PlannerController, PlannerState } from './controller.ts'

const keyOf = (s: PlannerState, g: unknown) => JSON.stringify([g, CLASS_IDS.map((c) => s.distances[c])])

/** Each candidate with evaluate_site's answer when it is current, else the browser's. */
export function scenarioCandidates(s: PlannerState): ScenarioCandidate[] {
  return s.candidates.map((c) => {
    const confirmed = c.server && c.serverFor === keyOf(s, c.geometry)
    return {
      label: c.label,
      geometry: c.geometry,
      distances: s.distances,
      targets: confirmed ? c.server!.targets : (c.live?.targets ?? []),
      source: confirmed ? 'server' : 'browser',
    }
  })
}

function save(text: string, type: string, filename: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

export function downloadCsv(ctl: PlannerController, lang: Lang, stem: string): void {
  const s = ctl.store.get()
  const typeName = (code: string) => {
    const t = s.types[code]
    return t ? (lang === 'zh' ? t.name_zh : t.name_en) : code
  }
  save(scenarioCsv(scenarioCandidates(s), lang, typeName), 'text/csv;charset=utf-8', exportFileName(stem, new Date(), 'csv'))
}

export function downloadGeoJson(ctl: PlannerController, stem: string): void {
  const s = ctl.store.get()
  const fc = scenarioGeoJson(scenarioCandidates(s), {
    generated: new Date().toISOString(),
    hazard_source: s.picked ? { id: s.picked.id, name: s.picked.name, enterprise: s.picked.enterprise_name } : null,
  })
  save(JSON.stringify(fc, null, 1), 'application/geo+json', exportFileName(stem, new Date(), 'geojson'))
}
