// Click → detail card on the one map: what a click (or a search hit) selects, asked through the
// lookup with "latest wins", and the vehicle bins a click zooms into instead. Kept apart from the
// controller so it holds only wiring.
import type { Map as MlMap } from 'maplibre-gl'
import { featureAt, type Detail, type EmergencyResourceFeature, type MajorHazardFeature } from '../../data/mapApi.ts'
import type { LatestRequests } from '../../data/latest.ts'
import { clickRadiusMetres } from '../../map/viewport.ts'
import type { ViewportLoader } from '../../layers/viewportLoader.ts'
import { binAt, binCell, vehicleNear, VEHICLE_PICK_PX, vehiclesNow } from '../../layers/vehicles/index.ts'
import { hazardSources } from '../../layers/hazardSources/index.ts'
import { emergencyResources } from '../../layers/emergencyResources/index.ts'
import { accidents } from '../../layers/accidents/index.ts'
import { lookupAt, LOOKUP_RADIUS_PX } from './lookup.ts'
import type { OneMapState } from './state.ts'

export interface ClickDeps {
  map(): MlMap | null
  state(): OneMapState
  update(patch: Partial<OneMapState>): void
  /** the selection ring is a deck layer: redraw after a selection changes */
  redraw(): void
  latest: LatestRequests
  loader: ViewportLoader
}

export class ClickSelector {
  constructor(private d: ClickDeps) {}

  select(selection: OneMapState['selection'], also: Partial<OneMapState> = {}): void {
    this.d.update({ ...also, selection })
    this.d.redraw()
  }

  close(): void {
    this.d.latest.abort('click')
    this.select({ status: 'idle' })
  }

  async selectAt(lon: number, lat: number): Promise<void> {
    const map = this.d.map()
    if (!map) return
    if (this.d.state().linkNotice) this.d.update({ linkNotice: null })
    const radius = clickRadiusMetres(lat, map.getZoom(), LOOKUP_RADIUS_PX)
    this.select({ status: 'loading', at: [lon, lat] })
    let res: { value: Detail | null } | undefined
    try {
      res = await this.d.latest.run('click', (signal) => this.lookup(lon, lat, radius, signal))
    } catch (e) {
      this.select({ status: 'error', at: [lon, lat], message: (e as Error).message })
      return
    }
    if (!res) return
    const detail = res.value
    // a click on the area risk map that hits no feature is a click on the area: its card says it all
    if (!detail && this.d.state().areaSelected) this.select({ status: 'idle' })
    else if (!detail) this.select({ status: 'empty', at: [lon, lat] })
    else this.select({ status: 'ok', at: [detail.data.lon, detail.data.lat], detail })
  }

  /** The enterprise found by search (signed-in users): its card, the map already flying there. */
  async showEnterprise(lon: number, lat: number): Promise<void> {
    if (this.d.state().mode !== 'full') return
    this.select({ status: 'loading', at: [lon, lat] })
    const res = await this.d.latest
      .run('click', (signal) => featureAt('enterprises', lon, lat, 30, signal))
      .catch((e: Error) => {
        this.select({ status: 'error', at: [lon, lat], message: e.message })
        return undefined
      })
    if (!res) return
    this.select(
      res.value ? { status: 'ok', at: [res.value.lon, res.value.lat], detail: { kind: 'enterprises', data: res.value } } : { status: 'empty', at: [lon, lat] },
    )
  }

  /** What lies under a point, from the layers as drawn (hover and click share it). */
  lookup(lon: number, lat: number, radius: number, signal: AbortSignal): Promise<Detail | null> {
    const s = this.d.state()
    const loader = this.d.loader
    const hazards = loader.get(hazardSources) as MajorHazardFeature[]
    const resources: EmergencyResourceFeature[] = loader.get(emergencyResources)
    return lookupAt(
      { mode: s.mode, visible: s.visible, hazards, resources, accidents: loader.get(accidents), vehicles: vehiclesNow.rows },
      lon,
      lat,
      radius,
      signal,
    )
  }

  /** A click on a counted vehicle disc (not on an alerting arrow drawn over it) zooms to its cell. */
  zoomToVehicleBin(x: number, y: number): boolean {
    const map = this.d.map()
    const s = this.d.state()
    const cell = vehiclesNow.cellDeg
    if (!map || !cell || s.mode !== 'full' || !s.visible.vehicles) return false
    const project = (ll: [number, number]) => map.project(ll)
    if (vehicleNear(vehiclesNow.rows, project, x, y, VEHICLE_PICK_PX)) return false
    const bin = binAt(vehiclesNow.bins, project, x, y)
    if (!bin) return false
    map.fitBounds(binCell(bin, cell), { padding: 48, duration: 800, essential: true })
    return true
  }
}
