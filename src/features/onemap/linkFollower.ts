// Following a one-map link read from the hash (see links.ts): flies to a position, or finds the
// feature (by id, under the caller's RLS; the public: in the city's small public layers) and opens
// its card. The same link twice in a row is followed once (hashchange + mount); a link that failed
// for the old mode is tried again after signing in.
import type { Map as MlMap } from 'maplibre-gl'
import { featureCard, mapFeatures, type Bbox, type Detail } from '../../data/mapApi.ts'
import { ApiError } from '../../data/rpc.ts'
import { vehicleCard } from '../../data/vehicleMap.ts'
import { LINK_ZOOM, linkKey, type LinkLayer, type LinkTarget } from './links.ts'
import type { LinkNotice, Mode } from './state.ts'

/** The layers a public (anonymous) link can show: the public major hazards and resources. */
const PUBLIC_LINK_LAYERS: readonly string[] = ['hazard_sources', 'emergency_resources']

export interface LinkHost {
  map(): MlMap | null
  mapReady(): boolean
  mode(): Mode
  cityBbox(): Bbox | null
  notice(n: LinkNotice | null): void
  /** opens the found feature's card (its layer turned on) */
  open(layer: LinkLayer, detail: Detail, notice: LinkNotice | null): void
  /** runs under the click's "latest wins" (a click after a link supersedes it) */
  run<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<{ value: T } | undefined>
}

export class LinkFollower {
  private link: LinkTarget = { kind: 'none' }
  private failed = false

  constructor(private host: LinkHost) {}

  get pending(): boolean {
    return this.link.kind !== 'none'
  }

  follow(target: LinkTarget): Promise<void> {
    if (linkKey(target) === linkKey(this.link)) return Promise.resolve()
    this.link = target
    if (target.kind === 'none') {
      this.failed = false
      this.host.notice(null)
      return Promise.resolve()
    }
    if (!this.host.mapReady()) return Promise.resolve()
    return this.run(target, false)
  }

  /** The link as the map becomes ready (`initial`: jump, don't fly). */
  runPending(initial: boolean): Promise<void> {
    return this.run(this.link, initial)
  }

  /** After a change of mode: a failed link may succeed now. */
  retryIfFailed(): void {
    if (this.failed && this.host.mapReady()) void this.run(this.link, false)
  }

  private async run(target: LinkTarget, initial: boolean): Promise<void> {
    const map = this.host.map()
    if (!map) return
    this.failed = false
    const go = (lon: number, lat: number, zoom: number) =>
      initial ? map.jumpTo({ center: [lon, lat], zoom }) : map.flyTo({ center: [lon, lat], zoom, duration: 900, essential: true })
    switch (target.kind) {
      case 'none':
        return
      case 'invalid':
        this.failed = true
        this.host.notice({ key: 'invalid', reason: target.reason, value: target.value })
        return
      case 'at':
        this.host.notice(null)
        go(target.lon, target.lat, target.zoom)
        return
    }
    const { layer, id } = target
    this.host.notice({ key: 'finding' })
    let res: { value: { detail: Detail | null; notice: LinkNotice | null } } | undefined
    try {
      res = await this.host.run(async (signal) => {
        const found = await this.find(layer, id, signal)
        if (!found)
          return {
            detail: null,
            notice: { key: this.host.mode() === 'public' && !PUBLIC_LINK_LAYERS.includes(layer) ? 'signIn' : 'notFound', layer } as LinkNotice,
          }
        return { detail: found, notice: null }
      })
    } catch (e) {
      this.failed = true
      this.host.notice({ key: 'error', message: (e as Error).message })
      return
    }
    if (!res || this.link !== target) return
    const { detail, notice } = res.value
    if (notice) this.failed = true
    if (detail) {
      const zoom = Math.max(LINK_ZOOM, initial ? 0 : map.getZoom())
      this.host.open(layer, detail, notice)
      go(detail.data.lon, detail.data.lat, zoom)
    } else {
      this.host.notice(notice)
    }
  }

  /** The linked feature's card (null: not there, or not readable by this user / mode). */
  private async find(layer: LinkLayer, id: string, signal: AbortSignal): Promise<Detail | null> {
    if (this.host.mode() === 'public') {
      if (!PUBLIC_LINK_LAYERS.includes(layer)) return null
      const bbox = this.host.cityBbox()
      if (!bbox) throw new Error('dataset_info: no extent')
      // major hazards and public resources are small public layers: find the id in the city's list
      if (layer === 'hazard_sources') {
        const h = (await mapFeatures('major_hazards', bbox, true, signal)).find((r) => r.id === id)
        return h ? { kind: 'public_hazard', data: h } : null
      }
      const r = (await mapFeatures('emergency_resources', bbox, true, signal)).find((x) => x.id === id)
      return r ? { kind: 'public_resource', data: r } : null
    }
    if (layer === 'vehicles') {
      // vehicle_card refuses an unknown or unreadable id alike (42501); a vehicle never fixed has
      // nowhere to fly to, and is "not found" on the map
      try {
        const v = await vehicleCard(id, signal)
        return v.lon == null || v.lat == null ? null : { kind: 'vehicles', data: v }
      } catch (e) {
        if (e instanceof ApiError && e.code === '42501') return null
        throw e
      }
    }
    // by id, under the caller's RLS: an unreadable id looks exactly like a missing one
    const data = await featureCard(layer, id, signal)
    return data ? ({ kind: layer, data } as Detail) : null
  }
}
