// Shortfall labels ("−230 m") beside the targets inside the required distance: the picked
// source's, or on the scenario tab the active candidate's once the database confirmed it (the
// source's would crowd them). DOM markers, at most 40 each.
import { Marker, type Map as MlMap } from 'maplibre-gl'
import { geometryKey, type PlannerState } from './state.ts'

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
  return rows.map((r) => {
    const el = document.createElement('div')
    el.className = `pl-shortfall ${r.kind}`
    el.textContent = `−${Math.round(r.shortfall_m).toLocaleString('en')} m`
    return new Marker({ element: el, anchor: 'left', offset: [8, 0] }).setLngLat([r.lon, r.lat]).addTo(map)
  })
}
