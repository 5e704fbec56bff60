// One viewport loader for the registry's layers, shared by the one map and the wall: per layer,
// "latest wins" (a newer request aborts the older one, a late answer is dropped), a load is
// skipped while what was fetched still covers the view at that zoom and request key (filters,
// audience), and the data last loaded is kept by layer for drawing. Live layers (`refreshMs`) are
// asked again by `refresh` once their last request settled that long ago, never while one is in
// flight (a slow answer delays the next instead of piling requests up).
import type { Bbox } from '../contract/rows.ts'
import type { MapFilters } from '../data/mapApi.ts'
import { LatestRequests } from '../data/latest.ts'
import { coverStillValid } from '../map/viewport.ts'
import type { Audience, LayerData, LayerSource, RegistryKey } from './types.ts'

export type LoadStatus = 'loading' | 'ok' | 'error'

export interface LoaderEvents {
  /** new data for a layer (already the latest) */
  data(key: RegistryKey, loaded: LayerData<unknown>): void
  status?(key: RegistryKey, status: LoadStatus, message?: string): void
}

export interface ViewRequest {
  /** the visible bbox */
  view: Bbox
  zoom: number
  filters: MapFilters
  audience: Audience
  /** what to fetch for a module (e.g. the view padded, or the whole city for small layers) */
  fetchBbox(m: LayerSource<unknown>): Bbox
  /** reload even where the cover still serves (live data changed) */
  force?: boolean
}

interface Cover {
  bbox: Bbox
  zoom: number
  key: string
}

export class ViewportLoader {
  private covers = new Map<RegistryKey, Cover>()
  private data = new Map<RegistryKey, unknown>()

  /** when each layer's last request settled (the refresh period runs from there) */
  private settledAt = new Map<RegistryKey, number>()

  private latest = new LatestRequests()

  constructor(
    private events: LoaderEvents,
    private now: () => number = () => Date.now(),
  ) {}

  /** The data last loaded for a module (its empty value before). */
  get<D>(m: LayerSource<D>): D {
    return this.data.has(m.key) ? (this.data.get(m.key) as D) : m.empty
  }

  /** Puts data for a layer as if loaded (tests, benchmarks); aborts its request in flight. */
  set(key: RegistryKey, data: unknown): void {
    this.latest.abort(`layer:${key}`)
    this.data.set(key, data)
  }

  /** Loads every module whose cover no longer serves the view; resolves when all have settled. */
  async load(modules: readonly LayerSource<unknown>[], r: ViewRequest): Promise<void> {
    const jobs: Promise<void>[] = []
    for (const m of modules) {
      const key = m.requestKey({ filters: r.filters, audience: r.audience })
      const prev = this.covers.get(m.key)
      if (!r.force && prev && prev.key === key && coverStillValid(prev, r.view, r.zoom, m.zoomTolerance)) continue
      jobs.push(this.loadOne(m, r, key))
    }
    await Promise.allSettled(jobs)
  }

  /**
   * Re-requests the live modules (`refreshMs`) whose last request settled at least that long ago
   * and which have none in flight, for the current view; resolves with the keys it asked.
   */
  async refresh(modules: readonly LayerSource<unknown>[], r: ViewRequest): Promise<RegistryKey[]> {
    const t = this.now()
    const due = modules.filter(
      (m) =>
        m.refreshMs !== undefined && m.refreshMs > 0 && !this.latest.pending(`layer:${m.key}`) && t - (this.settledAt.get(m.key) ?? -Infinity) >= m.refreshMs,
    )
    await Promise.allSettled(due.map((m) => this.loadOne(m, r, m.requestKey({ filters: r.filters, audience: r.audience }))))
    return due.map((m) => m.key)
  }

  private async loadOne(m: LayerSource<unknown>, r: ViewRequest, key: string): Promise<void> {
    const bbox = r.fetchBbox(m)
    this.events.status?.(m.key, 'loading')
    try {
      const res = await this.latest.run(`layer:${m.key}`, (signal) => m.load({ bbox, zoom: r.zoom, filters: r.filters, audience: r.audience }, signal))
      if (!res) return
      this.settledAt.set(m.key, this.now())
      this.covers.set(m.key, { bbox, zoom: r.zoom, key })
      this.data.set(m.key, res.value.data)
      this.events.data(m.key, res.value)
      this.events.status?.(m.key, 'ok')
    } catch (e) {
      this.settledAt.set(m.key, this.now())
      this.events.status?.(m.key, 'error', (e as Error).message)
    }
  }

  /** Forgets what was fetched for these layers (all when omitted): the next load asks again. */
  invalidate(keys?: readonly RegistryKey[]): void {
    if (!keys) this.covers.clear()
    else for (const k of keys) this.covers.delete(k)
  }

  /** Aborts every request and drops all data (a change of audience). */
  reset(): void {
    this.latest.abortAll()
    this.covers.clear()
    this.data.clear()
    this.settledAt.clear()
  }

  abort(key: RegistryKey): void {
    this.latest.abort(`layer:${key}`)
  }
}
