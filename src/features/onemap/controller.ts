// The one-map controller: owns the map and the deck.gl overlay, wires the registry's layers
// (src/layers) to one viewport loader, the area layers, click / hover lookups and links, and
// publishes a small state object the Preact panels render. No per-feature JS objects for the
// point layers: their deck layers build binary attributes from the decoded buffers.
import { datasetInfo, layerCounts, type Bbox, type PointLayer } from '../../data/mapApi.ts'
import { debounce, LatestRequests } from '../../data/latest.ts'
import { ALL_LEVELS, type RiskLevel } from '../../domain/levels.ts'
import { createStore, type Store } from '../../app/store.ts'
import { langStore, type Lang } from '../../app/i18n.ts'
import { createMapWhile, type MapHandle } from '../../map/createMap.ts'
import { attachBasemapSwitcher } from '../basemap/attachSwitcher.ts'
import { clampBbox, padBbox } from '../../map/viewport.ts'
import { setFocusArea, type AreaLevelShown } from '../../map/layers/areas.ts'
import { iconAtlas } from '../../map/icons.ts'
import { areaRiskCodeAt } from '../../map/layers/areaRisk.ts'
import { layersFor } from '../../layers/registry.ts'
import { ViewportLoader, type ViewRequest } from '../../layers/viewportLoader.ts'
import { startLiveRefresh } from '../../layers/liveRefresh.ts'
import { hazardSources } from '../../layers/hazardSources/index.ts'
import { emergencyResources } from '../../layers/emergencyResources/index.ts'
import { accidentFilter } from '../../layers/accidents/index.ts'
import type { LayerModule, RegistryKey } from '../../layers/types.ts'
import type { LinkTarget } from './links.ts'
import { HoverTracker } from './hoverTracker.ts'
import { LinkFollower } from './linkFollower.ts'
import { LabelPlacer } from './labelPlacement.ts'
import { lookupContextKey } from './lookup.ts'
import { ClickSelector } from './clickSelect.ts'
import { AreaLayers } from './areaLayers.ts'
import { loadReference } from './reference.ts'
import { middlePoint, whenDrawn } from './testHooks.ts'
import { oneMapLayers } from './layerStack.ts'
import { initialState, withLayerStatus, type Filters, type LayerKey, type Mode, type OneMapDebug, type OneMapState } from './state.ts'

export * from './state.ts'

declare global {
  interface Window {
    __onemap?: OneMapDebug<OneMapController>
  }
}

const JIANGMEN: [number, number] = [112.95, 22.35]

export class OneMapController {
  readonly store: Store<OneMapState>
  private handle: MapHandle | null = null
  private destroyed = false
  /** clicks, links, counts: "latest wins" per key */
  private latest = new LatestRequests()
  private debug: OneMapDebug<OneMapController>
  private firstLoadDone = false
  private unsubs: (() => void)[] = []
  private labels = new LabelPlacer()
  private loader = new ViewportLoader({
    data: (key, r) => {
      this.debug.lastLoad[key] = { records: r.records, bytes: r.bytes, ms: r.ms }
      this.pushLayers()
    },
    status: (key, status, message) => {
      this.setLayerStatus(key, status, message)
      if (status === 'error') console.warn(`[onemap] ${key}:`, message)
    },
  })
  private clicks = new ClickSelector({
    map: () => this.map,
    state: () => this.state,
    update: (patch) => this.store.update(patch),
    redraw: () => this.pushLayers(),
    latest: this.latest,
    loader: this.loader,
  })
  private areas = new AreaLayers({
    map: () => this.map,
    status: (layer, status, message) => this.setLayerStatus(layer, status, message),
    record: (key, info) => (this.debug.lastLoad[key] = info),
    labelsChanged: () => this.pushLayers(),
    areaRisk: (summary) => this.store.update({ areaRisk: summary }),
  })
  private hover: HoverTracker | null
  private links = new LinkFollower({
    map: () => this.map,
    mapReady: () => this.state.mapReady,
    mode: () => this.state.mode,
    cityBbox: () => this.state.dataset?.bbox ?? null,
    notice: (linkNotice) => {
      if (linkNotice || this.state.linkNotice) this.store.update({ linkNotice })
    },
    open: (layer, detail, linkNotice) => {
      // the feature's own layer must be on to be seen behind its card
      if (!this.state.visible[layer]) this.setVisible(layer, true)
      this.clicks.select({ status: 'ok', at: [detail.data.lon, detail.data.lat], detail }, { linkNotice, areaSelected: null })
    },
    run: (fn) => this.latest.run('click', fn),
  })

  private scheduleLoad = debounce(() => void this.loadViewport(), 120)
  private scheduleCounts = debounce(() => void this.loadCounts(), 350)

  /** `hover`: tooltips under a resting mouse (the desk map on a desktop; never the wall). */
  constructor(
    mode: Mode,
    private opts: { hover?: boolean; basemapSwitcher?: boolean } = {},
  ) {
    this.store = createStore<OneMapState>(initialState(mode))
    this.hover = opts.hover
      ? new HoverTracker({
          map: () => this.map,
          context: () => lookupContextKey(this.state.mode, this.state.visible),
          lookup: (lon, lat, radius, signal) => this.clicks.lookup(lon, lat, radius, signal),
          show: (hover) => {
            if (hover || this.state.hover) this.store.update({ hover })
          },
        })
      : null
    this.debug = { map: null, ready: false, lastLoad: {}, drawnFrame: 0, controller: this }
    if (typeof window !== 'undefined') window.__onemap = this.debug
  }

  get state(): OneMapState {
    return this.store.get()
  }

  get map() {
    return this.handle?.map ?? null
  }

  /** hover lookups made (for tests: the cache must keep this low) */
  get hoverRequests(): number {
    return this.hover?.requests ?? 0
  }

  private get audience() {
    return this.state.mode === 'public' ? 'public' : 'staff'
  }

  // ---------------------------------------------------------------- lifecycle
  async mount(container: HTMLElement): Promise<void> {
    // dataset info first (fast) so the first view is the city, not a default guess
    const infoP = datasetInfo().then(
      (d) => d,
      (e: Error) => {
        this.store.update({ datasetError: e.message })
        return null
      },
    )
    const info = await Promise.race([infoP, new Promise<null>((r) => setTimeout(() => r(null), 2500))])
    const bbox = info?.bbox ?? null
    const handle = await createMapWhile(() => !this.destroyed, { container, center: JIANGMEN, zoom: 8.5, bounds: bbox })
    if (!handle) return
    this.handle = handle
    this.debug.map = handle.map
    this.store.update({ offlineBasemap: handle.offline, basemapWarning: handle.warning ?? null })
    this.unsubs.push(handle.onTilesChanged(() => this.store.update({ basemapTilesFailing: handle.tilesFailing?.status ?? null })))
    if (this.opts.basemapSwitcher)
      this.unsubs.push(attachBasemapSwitcher(handle, (h) => this.store.update({ offlineBasemap: h.offline, basemapWarning: h.warning ?? null })))
    const map = handle.map
    iconAtlas()

    map.on('render', () => {
      this.debug.drawnFrame++
    })
    map.on('style.load', () => this.installMapLayers())
    let scaleZoom = map.getZoom()
    map.on('moveend', () => {
      const z = map.getZoom()
      this.store.update({ zoom: z })
      // symbol sizes follow the zoom in steps (a prop change: no attribute is rebuilt)
      if (Math.abs(z - scaleZoom) >= 0.25) {
        scaleZoom = z
        this.pushLayers()
      }
      this.scheduleLoad()
      this.scheduleCounts()
    })
    map.on('click', (e) => {
      if (this.clicks.zoomToVehicleBin(e.point.x, e.point.y)) return
      this.pickArea(e.point.x, e.point.y)
      void this.selectAt(e.lngLat.lng, e.lngLat.lat)
    })
    map.getCanvas().style.cursor = 'default'
    this.hover?.attach(map)

    await new Promise<void>((resolve) => (map.loaded() ? resolve() : map.once('load', () => resolve())))
    if (this.destroyed) return
    this.installMapLayers()
    this.store.update({ mapReady: true, zoom: map.getZoom() })
    // a link followed before the map was ready: go there now (the first load then loads that view)
    if (this.links.pending) void this.links.runPending(true)

    this.unsubs.push(langStore.subscribe(() => this.pushLayers()))
    this.unsubs.push(accidentFilter.subscribe(() => void this.loadViewport()))

    const infoFinal = info ?? (await infoP)
    if (this.destroyed) return
    if (infoFinal) {
      this.store.update({ dataset: infoFinal, datasetError: null })
      // [w, s, e, n] is a MapLibre LngLatBoundsLike
      if (!bbox && infoFinal.bbox) map.fitBounds(infoFinal.bbox, { padding: 40, animate: false })
    }
    void loadReference(this.store, infoFinal)
    await this.loadViewport()
    void this.loadCounts()
    if (!this.destroyed) this.unsubs.push(startLiveRefresh({ refresh: () => this.refreshLive() }))
  }

  destroy(): void {
    this.destroyed = true
    this.scheduleLoad.cancel()
    this.scheduleCounts.cancel()
    this.hover?.destroy()
    this.latest.abortAll()
    this.loader.reset()
    this.areas.destroy()
    for (const u of this.unsubs) u()
    this.handle?.destroy()
    this.handle = null
    if (typeof window !== 'undefined' && window.__onemap === this.debug) delete window.__onemap
  }

  // ---------------------------------------------------------------- actions (from the UI)
  setMode(mode: Mode): void {
    if (mode === this.state.mode) return
    this.latest.abortAll()
    this.loader.reset()
    this.areas.reset()
    this.debug.lastLoad = {}
    const filters = mode === 'public' ? { ...this.state.filters, industry: null } : this.state.filters
    this.hover?.clear()
    this.store.update({ mode, filters, counts: null, layerStatus: {}, layerError: {}, selection: { status: 'idle' }, areaRisk: null, areaSelected: null })
    this.pushLayers()
    // a link that failed for the old mode (e.g. an internal layer before sign-in): try again
    this.links.retryIfFailed()
    if (this.state.mapReady) {
      void loadReference(this.store, this.state.dataset)
      void this.loadViewport()
      void this.loadCounts()
    }
  }

  setVisible(key: LayerKey, visible: boolean): void {
    this.hover?.hide()
    this.store.update({ visible: { ...this.state.visible, [key]: visible } })
    this.pushLayers()
    if (key === 'areas' || key === 'chemical_parks' || key === 'area_risk') this.areas.setVisibility(this.state.visible)
    if (key === 'area_risk' && !visible) this.store.update({ areaSelected: null })
    if (visible) void this.loadViewport()
  }

  /** The area level the area risk map colours (district / street / grid). */
  setAreaRiskLevel(level: AreaLevelShown): void {
    if (level === this.state.areaRiskLevel) return
    this.areas.resetAreaRisk()
    this.store.update({ areaRiskLevel: level, areaRisk: null, areaSelected: null })
    if (this.state.visible.area_risk) void this.loadViewport()
  }

  /** An area's name in the UI's language (English where its boundary carried one). */
  areaName(code: string, name: string, lang: Lang): string {
    return lang === 'en' ? (this.areas.nameEn(code) ?? name) : name
  }

  closeAreaCard(): void {
    this.store.update({ areaSelected: null })
  }

  /** A click on the area risk map opens that area's card (alongside any feature card). */
  private pickArea(x: number, y: number): void {
    const map = this.map
    if (!map || !this.state.visible.area_risk) return
    const code = areaRiskCodeAt(map, x, y)
    this.store.update({ areaSelected: code })
  }

  setLevels(levels: RiskLevel[]): void {
    const sorted = ALL_LEVELS.filter((l) => levels.includes(l))
    this.setFilters({ ...this.state.filters, levels: sorted })
  }

  toggleLevel(level: RiskLevel): void {
    const cur = this.state.filters.levels
    this.setLevels(cur.includes(level) ? cur.filter((l) => l !== level) : [...cur, level])
  }

  setIndustry(industry: string | null): void {
    this.setFilters({ ...this.state.filters, industry: industry || null })
  }

  setArea(code: string | null): void {
    this.setFilters({ ...this.state.filters, area: code || null })
    const map = this.map
    if (map) setFocusArea(map, code)
    const d = this.state.districts.find((x) => x.code === code)
    const b = d?.bbox ?? this.state.dataset?.bbox
    if (map && b) map.fitBounds(b, { padding: 40, duration: 600 })
  }

  resetFilters(): void {
    this.setFilters({ levels: [...ALL_LEVELS], industry: null, area: null })
    if (this.map) setFocusArea(this.map, null)
  }

  private setFilters(filters: Filters): void {
    this.store.update({ filters })
    // the request keys carry the filters: the loader sees the change itself
    void this.loadViewport()
    void this.loadCounts()
  }

  flyTo(lon: number, lat: number, zoom = 15.5): void {
    this.map?.flyTo({ center: [lon, lat], zoom: Math.max(zoom, this.map.getZoom()), duration: 900, essential: true })
  }

  /** Opens the detail card of an enterprise found by search (signed-in users). */
  showEnterprise(lon: number, lat: number): Promise<void> {
    this.flyTo(lon, lat, 16)
    return this.clicks.showEnterprise(lon, lat)
  }

  /** For tests: the most important point of a layer (drawn last) inside the middle of the view, away from the floating panels. */
  samplePoint(layer: PointLayer): [number, number] | null {
    return this.map ? middlePoint(this.map, layer, this.loader) : null
  }

  /** For tests: the small-layer rows currently drawn. */
  sampleFeature(layer: 'hazard_sources' | 'emergency_resources'): { lon: number; lat: number } | null {
    return (layer === 'hazard_sources' ? this.loader.get(hazardSources) : this.loader.get(emergencyResources))[0] ?? null
  }

  closeDetail(): void {
    this.clicks.close()
  }

  selectAt(lon: number, lat: number): Promise<void> {
    return this.clicks.selectAt(lon, lat)
  }

  followLink(target: LinkTarget): Promise<void> {
    return this.links.follow(target)
  }

  // ---------------------------------------------------------------- loading
  private viewBbox(): Bbox | null {
    const map = this.map
    if (!map) return null
    const b = map.getBounds()
    return clampBbox([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()])
  }

  /** The registry's layers this mode shows and the user turned on. */
  private visibleModules(): LayerModule<unknown>[] {
    const vis = this.state.visible
    return layersFor(this.audience).filter((m) => vis[m.key])
  }

  private viewRequest(view: Bbox, zoom: number, fetchBbox: Bbox): ViewRequest {
    const f = this.state.filters
    return { view, zoom, filters: { levels: f.levels, industry: f.industry, area: f.area }, audience: this.audience, fetchBbox: () => fetchBbox }
  }

  /** Live layers (refreshMs) shown: asked again for the view when due (the refresh clock's tick). */
  private async refreshLive(): Promise<void> {
    const map = this.map
    const view = this.viewBbox()
    if (!map || !view || this.destroyed || !this.firstLoadDone) return
    await this.loader.refresh(this.visibleModules(), this.viewRequest(view, map.getZoom(), padBbox(view, 0.2)))
  }

  /** Loads every visible layer whose cover no longer serves the view. */
  async loadViewport(): Promise<void> {
    const map = this.map
    const view = this.viewBbox()
    if (!map || !view || this.destroyed) return
    const zoom = map.getZoom()
    const fetchBbox = padBbox(view, 0.2)
    const vis = this.state.visible
    const mode = this.state.mode
    const jobs: Promise<unknown>[] = [this.loader.load(this.visibleModules(), this.viewRequest(view, zoom, fetchBbox))]
    if (vis.chemical_parks) jobs.push(this.areas.loadParks(fetchBbox, view, zoom, mode))
    if (vis.areas) jobs.push(this.areas.loadAreas(view, zoom))
    if (vis.area_risk) jobs.push(this.areas.loadAreaRisk(view, zoom, mode, this.state.areaRiskLevel, () => this.state.areaRiskLevel))

    await Promise.allSettled(jobs)
    if (!this.firstLoadDone && !this.destroyed) {
      this.firstLoadDone = true
      // ready once the data is on the GPU: wait for the next drawn frame
      whenDrawn(
        map,
        () => this.debug.drawnFrame,
        () => {
          this.store.update({ ready: true })
          this.debug.ready = true
        },
      )
    }
  }

  private async loadCounts(): Promise<void> {
    const view = this.viewBbox()
    if (!view) return
    this.store.update({ countsStatus: 'loading' })
    try {
      const r = await this.latest.run('counts', (signal) => layerCounts(view, this.state.filters, this.state.mode === 'public', signal))
      if (!r) return
      this.store.update({ counts: r.value, countsStatus: 'ok' })
    } catch (e) {
      console.warn('[onemap] counts:', (e as Error).message)
      this.store.update({ countsStatus: 'error' })
    }
  }

  private setLayerStatus(layer: LayerKey | RegistryKey, status: 'loading' | 'ok' | 'error', message?: string): void {
    const patch = withLayerStatus(this.state, layer, status, message)
    if (patch) this.store.update(patch)
  }

  // ---------------------------------------------------------------- deck layers
  private lang(): Lang {
    return langStore.get().lang
  }

  /**
   * Hands deck.gl the layers as they stand: the registry's modules in drawing order, area labels
   * and the selection ring. Cheap: a layer whose props did not change keeps its GPU buffers, and
   * the point layers rebuild attributes only for new data.
   */
  private pushLayers(): void {
    if (!this.handle) return
    const s = this.state
    this.handle.setLayers(
      oneMapLayers({
        audience: this.audience,
        visible: s.visible,
        zoom: this.map?.getZoom() ?? 9,
        lang: this.lang(),
        selection: s.selection,
        loader: this.loader,
        labels: this.labels,
        areaLabels: this.areas.labels,
      }),
    )
    this.debug.labels = this.labels.stats
  }

  private installMapLayers(): void {
    if (this.handle) this.areas.install(this.handle.basemap, this.state.visible, this.state.filters.area)
  }
}
