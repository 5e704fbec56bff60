// What-if threat zones (issue 20) as a registry layer: the wall's incident mode draws the scenario
// being edited. Its data is not fetched: the models run in the browser (src/domain/threatZones.ts)
// on every change of the scenario, and the editor puts the result in `threatZonesNow`; `load`
// hands the loader that same drawing, so a reload of the view (live changes) keeps it. The people
// and targets inside come from the threat_zone_targets RPC (src/data/threatZones.ts), asked by the
// editor. Never for the public audience: the zones are model estimates.
import { defineLayer } from '../types.ts'
import { ThreatZonesLayer, type ThreatZonesDrawing } from './layer.ts'

export { ThreatZonesLayer, ZONE_RGB, windArrow, type ThreatZonesDrawing } from './layer.ts'

type Listener = (d: ThreatZonesDrawing | null) => void

/** The scenario on screen (one per page); `version` changes with every new drawing. */
export const threatZonesNow = {
  drawing: null as ThreatZonesDrawing | null,
  version: 0,
  listeners: new Set<Listener>(),
  get(): ThreatZonesDrawing | null {
    return this.drawing
  },
  set(d: ThreatZonesDrawing | null): void {
    this.drawing = d
    this.version++
    for (const f of this.listeners) f(d)
  },
  subscribe(f: Listener): () => void {
    this.listeners.add(f)
    return () => this.listeners.delete(f)
  },
}

export const threatZones = defineLayer<ThreatZonesDrawing | null>({
  key: 'threat_zones',
  label: 'layer.threat_zones',
  audiences: ['wall'],
  panelOrder: 90,
  visibleByDefault: false,
  zoomTolerance: 99,
  requestKey: (q) => `${q.audience}|${threatZonesNow.version}`,
  empty: null,
  load: async () => {
    const d = threatZonesNow.get()
    return { data: d, records: d?.result.zones.length ?? 0, bytes: 0, ms: 0 }
  },
  draw: (drawing, o) =>
    new ThreatZonesLayer({
      id: o.id,
      visible: o.visible,
      drawing,
      lang: o.lang,
      size: o.size ?? 1,
      dark: o.audience === 'wall',
      beforeId: o.beforeId,
    } as never),
})
