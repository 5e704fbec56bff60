// The planner's 威胁区 tab (issue 20): where the what-if editor (src/features/threatZones) draws.
// The zones go to the map's deck.gl overlay as the registry's ThreatZonesLayer (the same drawing as
// the wall's, on the light basemap); the origin is a hazard source picked on the map or in the
// worklist, or any point clicked on the map while the tab is open.
import type { Map as MlMap } from 'maplibre-gl'
import { bbox as turfBbox } from '@turf/turf'
import type { Store } from '../../app/store.ts'
import { langStore } from '../../app/i18n.ts'
import type { MapHandle } from '../../map/createMap.ts'
import { ThreatZonesLayer, threatZonesNow } from '../../layers/threatZones/index.ts'
import type { ThreatZoneHost } from '../threatZones/ThreatZonePanel.tsx'
import type { PlannerSource } from '../../data/planner.ts'
import type { PlannerState } from './state.ts'

export interface ThreatHost {
  store: Store<PlannerState>
  handle: () => MapHandle | null
}

export class PlannerThreat implements ThreatZoneHost {
  /** drawing times (ms) of the overlay per update, newest last (the browser test reads them) */
  readonly drawMs: number[] = []

  constructor(private readonly host: ThreatHost) {}

  private get map(): MlMap | null {
    return this.host.handle()?.map ?? null
  }

  threatZonesChanged(): void {
    const h = this.host.handle()
    if (!h) return
    const t0 = performance.now()
    const drawing = threatZonesNow.get()
    h.overlay.setProps({
      layers: drawing ? [new ThreatZonesLayer({ id: 'pl-threat-zones', drawing, lang: langStore.get().lang, size: 1, dark: false } as never)] : [],
    })
    this.drawMs.push(performance.now() - t0)
    if (this.drawMs.length > 200) this.drawMs.shift()
  }

  fitIncident(lon: number, lat: number, radiusM: number): void {
    const map = this.map
    if (!map) return
    const dLat = radiusM / 110540
    const dLon = radiusM / (111320 * Math.cos((lat * Math.PI) / 180))
    map.fitBounds(
      [
        [lon - dLon, lat - dLat],
        [lon + dLon, lat + dLat],
      ],
      { padding: 60, duration: 0, maxZoom: 16 },
    )
  }

  /** Frames every zone and the wind arrow's source (before a printed snapshot). */
  fitZones(): void {
    const map = this.map
    const d = threatZonesNow.get()
    if (!map || !d) return
    const features = d.result.zones.flatMap((z) => (z.polygon ? [z.polygon] : []))
    if (!features.length) return
    const [w, s, e, n] = turfBbox({ type: 'FeatureCollection', features })
    map.fitBounds(
      [
        [Math.min(w, d.origin.lon), Math.min(s, d.origin.lat)],
        [Math.max(e, d.origin.lon), Math.max(n, d.origin.lat)],
      ],
      // room for the "模型估算 · 10 km" labels beyond the zones’ far ends
      { padding: 100, duration: 0, maxZoom: 16 },
    )
  }

  /** A click on the map while the tab is open: a point origin (a hazard source's click is handled by pickSource). */
  pickPoint(lon: number, lat: number): void {
    this.host.store.update({ tzOrigin: { kind: 'point', lon, lat } })
  }

  /** The picked hazard source becomes the origin. */
  fromSource(src: PlannerSource): void {
    this.host.store.update({ tzOrigin: { kind: 'hazard_source', id: src.id, lon: src.lon, lat: src.lat, name: src.name } })
  }
}
