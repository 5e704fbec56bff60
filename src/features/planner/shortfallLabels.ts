// Shortfall labels ("差 230 m", issue 21: words, not minus distances) beside the targets inside the required distance: the picked
// source's, or on the scenario tab the active candidate's once the database confirmed it (the
// source's would crowd them). DOM markers, at most 40 each.
import { Marker, type Map as MlMap } from 'maplibre-gl'
import { formatNumber, langStore, translateIn } from '../../app/i18n.ts'
import { geometryKey, type PlannerState } from './state.ts'
import { MESSAGES } from './messages.ts'

export function shortfallLabels(map: MlMap, s: PlannerState): Marker[] {
  const act = s.tab === 'scenario' ? s.candidates.find((c) => c.label === s.active) : undefined
  const rows = [
    ...(act
      ? []
      : (s.pickedCheck ?? [])
          .filter((r) => r.shortfall_m > 0)
          .slice(0, 40)
          .map((r) => ({ ...r, kind: 'source' }))),
    ...(act?.server && act.serverFor === geometryKey(act.geometry, s.distances)
      ? act.server.targets.slice(0, 40).map((r) => ({ ...r, kind: 'candidate' }))
      : []),
  ]
  const lang = langStore.get().lang
  return rows.map((r) => {
    const el = document.createElement('div')
    el.className = `pl-shortfall ${r.kind}`
    el.textContent = translateIn(MESSAGES, lang, 'map.shortfall', { m: formatNumber(Math.round(r.shortfall_m), lang) })
    return new Marker({ element: el, anchor: 'left', offset: [8, 0] }).setLngLat([r.lon, r.lat]).addTo(map)
  })
}
