// The one-map controller: owns the map, the deck.gl overlay and the data of every layer, loads by
// viewport (bbox + zoom, debounced on moveend, stale responses aborted), and publishes a small
// state object the Preact panels render. No per-feature JS objects for the point layers; a deck
// layer is rebuilt only when its own data or visibility changed.
import type { Layer } from '@deck.gl/core'
import type { FeatureCollection } from 'geojson'
import {
  areaBoundaries,
  areaRiskSummary,
  datasetInfo,
  featureAt,
  featureCard,
  fetchMapPoints,
  industries as fetchIndustries,
  layerCounts,
  mapFeatures,
  publicFeatureAt,
  type AreaCollection,
  type AreaRiskSummary,
  type Bbox,
  type DatasetInfo,
  type Detail,
  type DetailLayer,
  type EmergencyResourceFeature,
  type HazardSourceFeature,
  type Industry,
  type LayerCounts,
  type MajorHazardFeature,
  type PointLayer,
} from '../../data/mapApi.ts'
import { debounce, LatestRequests } from '../../data/latest.ts'
import { LINK_ZOOM, linkKey, type LinkLayer, type LinkTarget } from './links.ts'
import { hoverCellKey, LruCache } from './hover.ts'
import { decodePoints } from '../../contract/points.ts'
import { cellSize, POINT_CELL_PX } from '../../contract/cells.ts'
import { ALL_LEVELS, type RiskLevel } from '../../domain/levels.ts'
import { createStore, type Store } from '../../app/store.ts'
import { langStore, type Lang } from '../../app/i18n.ts'
import { createMap, type MapHandle } from '../../map/createMap.ts'
import { areaFillOpacity, LIGHT_THEME } from '../../map/basemap.ts'
import { buildPointAttributes, EMPTY_ATTRIBUTES, type AttributeStyle, type PointAttributes } from '../../map/pointAttributes.ts'
import { areaLevelsForZoom, clampBbox, clickRadiusMetres, coverStillValid, padBbox, pointRadiusScale, symbolScale } from '../../map/viewport.ts'
import { greedyPlace, mercatorPx, textBox } from '../../map/labelCollision.ts'
import { geometryBbox } from '../../map/labelPoint.ts'
import { riskPointsLayer, RISK_POINT_STYLE } from '../../map/layers/riskPoints.ts'
import { hiddenDangersLayer, DANGER_STYLE } from '../../map/layers/hiddenDangers.ts'
import { protectiveTargetsLayer, PROTECTIVE_STYLE } from '../../map/layers/protectiveTargets.ts'
import { HAZARD_LABEL_SIZE, hazardLabelOffset, hazardLabelRows, hazardLabelText, hazardSourceLayers, type HazardLike } from '../../map/layers/hazardSources.ts'
import { emergencyResourcesLayer } from '../../map/layers/emergencyResources.ts'
import { selectionLayer } from '../../map/layers/selection.ts'
import {
  AREA_SOURCES,
  areaLabels,
  areaLabelSize,
  areaLabelsLayer,
  installAreaLayers,
  parkLabels,
  parksToGeoJson,
  setAreaData,
  setAreaVisibility,
  setFocusArea,
  type AreaLabel,
  type AreaLevelShown,
} from '../../map/layers/areas.ts'
import { iconAtlas } from '../../map/icons.ts'
import { areaRiskCodeAt, installAreaRiskLayers, joinAreaRisk, setAreaRiskData, setAreaRiskVisibility } from '../../map/layers/areaRisk.ts'

export type Mode = 'public' | 'full'
export type LayerKey = 'risk_points' | 'hazard_sources' | 'hidden_dangers' | 'protective_targets' | 'emergency_resources' | 'chemical_parks' | 'areas' | 'area_risk'

/** The layers of each mode, in panel order. Public: public_* RPCs only. */
export const LAYERS_BY_MODE: Record<Mode, readonly LayerKey[]> = {
  full: ['risk_points', 'hazard_sources', 'hidden_dangers', 'protective_targets', 'emergency_resources', 'chemical_parks', 'areas', 'area_risk'],
  public: ['risk_points', 'hazard_sources', 'emergency_resources', 'chemical_parks', 'areas', 'area_risk'],
}

const DEFAULT_VISIBLE: Record<LayerKey, boolean> = {
  risk_points: true,
  hazard_sources: true,
  hidden_dangers: true,
  protective_targets: false,
  emergency_resources: true,
  chemical_parks: true,
  areas: true,
  // a whole-city colour wash hides the points' own colours: only on request
  area_risk: false,
}

/** Click lookup priority (the most consequential feature wins). */
const CLICK_PRIORITY: readonly DetailLayer[] = ['hazard_sources', 'hidden_dangers', 'risk_points', 'protective_targets', 'emergency_resources']

const POINT_STYLES: Record<PointLayer, AttributeStyle> = {
  risk_points: RISK_POINT_STYLE,
  hidden_dangers: DANGER_STYLE,
  protective_targets: PROTECTIVE_STYLE,
}

export interface LoadInfo {
  records: number
  bytes: number
  ms: number
}

export interface DistrictOption {
  code: string
  name: string
  nameEn: string
  bbox: [number, number, number, number]
}

export type Selection =
  | { status: 'idle' }
  | { status: 'loading'; at: [number, number] }
  | { status: 'empty'; at: [number, number] }
  | { status: 'error'; at: [number, number]; message: string }
  | { status: 'ok'; at: [number, number]; detail: Detail }

export interface Filters {
  levels: RiskLevel[]
  industry: string | null
  area: string | null
}

export interface OneMapState {
  mode: Mode
  mapReady: boolean
  ready: boolean
  visible: Record<LayerKey, boolean>
  filters: Filters
  counts: LayerCounts | null
  countsStatus: 'idle' | 'loading' | 'ok' | 'error'
  layerStatus: Partial<Record<LayerKey, 'loading' | 'ok' | 'error'>>
  layerError: Partial<Record<LayerKey, string>>
  dataset: DatasetInfo | null
  datasetError: string | null
  districts: DistrictOption[]
  industries: Industry[]
  selection: Selection
  zoom: number
  offlineBasemap: boolean
  basemapWarning: string | null
  /** the area level the area risk map colours */
  areaRiskLevel: AreaLevelShown
  /** the summary of that level (area_risk_summary / public_area_risk_summary); null until loaded */
  areaRisk: AreaRiskSummary[] | null
  /** the area whose card is open (clicked on the area risk map) */
  areaSelected: string | null
  /** the feature under a resting mouse cursor (desk map with a fine pointer only); x/y in map pixels */
  hover: { x: number; y: number; detail: Detail } | null
  /** what became of the last link followed (#/?focus=… / #/?lon=…), shown in the status bar */
  linkNotice: LinkNotice | null
}

export type LinkNotice =
  | { key: 'finding' }
  | { key: 'notFound' | 'signIn'; layer: string }
  | { key: 'invalid'; reason: 'layer' | 'id' | 'position'; value: string }
  | { key: 'error'; message: string }

interface OneMapDebug {
  /** labels drawn after the collision pass, and how many were candidates */
  labels?: { areas: number; hazards: number; candidates: number }
  map: unknown
  ready: boolean
  lastLoad: Record<string, LoadInfo>
  drawnFrame: number
  controller: OneMapController
}

declare global {
  interface Window {
    __onemap?: OneMapDebug
  }
}

const JIANGMEN: [number, number] = [112.95, 22.35]

interface Loaded {
  bbox: Bbox
  zoom: number
  key: string
}

export class OneMapController {
  readonly store: Store<OneMapState>
  private handle: MapHandle | null = null
  private destroyed = false
  private latest = new LatestRequests()
  private deckLayers = new Map<string, Layer | Layer[]>()
  private points: Record<PointLayer, PointAttributes> = {
    risk_points: EMPTY_ATTRIBUTES,
    hidden_dangers: EMPTY_ATTRIBUTES,
    protective_targets: EMPTY_ATTRIBUTES,
  }
  private hazards: (HazardSourceFeature | MajorHazardFeature)[] = []
  private resources: EmergencyResourceFeature[] = []
  private labels: Record<AreaLevelShown | 'park', AreaLabel[]> = { district: [], street: [], grid: [], park: [] }
  private loaded = new Map<string, Loaded>()
  /** area levels whose boundaries are on the map now */
  private areasShown = new Set<AreaLevelShown>()
  private unsubs: (() => void)[] = []
  private debug: OneMapDebug
  private firstLoadDone = false
  /** area risk summaries by `mode|level` (city-wide; fetched once per page and mode) */
  private areaRiskCache = new Map<string, Promise<AreaRiskSummary[]>>()

  private scheduleLoad = debounce(() => void this.loadViewport(), 120)
  private scheduleCounts = debounce(() => void this.loadCounts(), 350)

  private hoverEnabled: boolean
  /** hover answers by cell (see hoverCellKey); null = nothing there */
  private hoverCache = new LruCache<Detail | null>(400)
  private hoverPos: { x: number; y: number; lon: number; lat: number } | null = null
  private scheduleHover = debounce(() => void this.hoverLookup(), 160)
  /** hover lookups made (for tests: the cache must keep this low) */
  hoverRequests = 0

  /** `hover`: tooltips under a resting mouse (the desk map on a desktop; never the wall). */
  constructor(mode: Mode, opts: { hover?: boolean } = {}) {
    this.store = createStore<OneMapState>({
      mode,
      mapReady: false,
      ready: false,
      visible: { ...DEFAULT_VISIBLE },
      filters: { levels: [...ALL_LEVELS], industry: null, area: null },
      counts: null,
      countsStatus: 'idle',
      layerStatus: {},
      layerError: {},
      dataset: null,
      datasetError: null,
      districts: [],
      industries: [],
      selection: { status: 'idle' },
      zoom: 9,
      offlineBasemap: true,
      basemapWarning: null,
      areaRiskLevel: 'district',
      areaRisk: null,
      areaSelected: null,
      linkNotice: null,
      hover: null,
    })
    this.hoverEnabled = opts.hover ?? false
    this.debug = { map: null, ready: false, lastLoad: {}, drawnFrame: 0, controller: this }
    if (typeof window !== 'undefined') window.__onemap = this.debug
  }

  get state(): OneMapState {
    return this.store.get()
  }

  get map() {
    return this.handle?.map ?? null
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
    if (this.destroyed) return
    const handle = await createMap({ container, center: JIANGMEN, zoom: 8.5 })
    if (this.destroyed) {
      handle.destroy()
      return
    }
    this.handle = handle
    this.debug.map = handle.map
    this.store.update({ offlineBasemap: handle.offline, basemapWarning: handle.warning ?? null })
    const map = handle.map
    iconAtlas()

    const bbox = info?.bbox ?? null
    if (bbox) map.fitBounds([[bbox[0], bbox[1]], [bbox[2], bbox[3]]], { padding: 40, animate: false })
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
        for (const k of ['risk_points', 'hidden_dangers', 'protective_targets', 'hazard_sources', 'emergency_resources', 'labels']) this.rebuildLayer(k, false)
        this.pushLayers()
      }
      this.scheduleLoad()
      this.scheduleCounts()
    })
    map.on('click', (e) => {
      this.pickArea(e.point.x, e.point.y)
      void this.selectAt(e.lngLat.lng, e.lngLat.lat)
    })
    map.getCanvas().style.cursor = 'default'
    if (this.hoverEnabled) {
      map.on('mousemove', (e) => this.onHover(e.point.x, e.point.y, e.lngLat.lng, e.lngLat.lat))
      map.on('mouseout', () => this.hideHover())
      map.on('movestart', () => this.hideHover())
      map.on('mousedown', () => this.hideHover())
    }

    await new Promise<void>((resolve) => (map.loaded() ? resolve() : map.once('load', () => resolve())))
    if (this.destroyed) return
    this.installMapLayers()
    this.store.update({ mapReady: true, zoom: map.getZoom() })
    // a link followed before the map was ready: go there now (the first load then loads that view)
    if (this.link.kind !== 'none') void this.runLink(this.link, true)

    this.unsubs.push(langStore.subscribe(() => this.onLangChange()))

    const infoFinal = info ?? (await infoP)
    if (this.destroyed) return
    if (infoFinal) {
      this.store.update({ dataset: infoFinal, datasetError: null })
      if (!bbox && infoFinal.bbox) {
        const b = infoFinal.bbox
        map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 40, animate: false })
      }
    }
    void this.loadReference(infoFinal)
    await this.loadViewport()
    void this.loadCounts()
  }

  destroy(): void {
    this.destroyed = true
    this.scheduleLoad.cancel()
    this.scheduleCounts.cancel()
    this.scheduleHover.cancel()
    this.latest.abortAll()
    for (const u of this.unsubs) u()
    this.handle?.destroy()
    this.handle = null
    if (typeof window !== 'undefined' && window.__onemap === this.debug) delete window.__onemap
  }

  // ---------------------------------------------------------------- actions (from the UI)
  setMode(mode: Mode): void {
    if (mode === this.state.mode) return
    this.latest.abortAll()
    this.loaded.clear()
    this.points = { risk_points: EMPTY_ATTRIBUTES, hidden_dangers: EMPTY_ATTRIBUTES, protective_targets: EMPTY_ATTRIBUTES }
    this.hazards = []
    this.resources = []
    this.debug.lastLoad = {}
    const filters = mode === 'public' ? { ...this.state.filters, industry: null } : this.state.filters
    this.areaRiskCache.clear()
    this.hoverCache.clear()
    this.hideHover()
    this.store.update({ mode, filters, counts: null, layerStatus: {}, layerError: {}, selection: { status: 'idle' }, areaRisk: null, areaSelected: null })
    this.rebuildAll()
    // a link that failed for the old mode (e.g. an internal layer before sign-in): try again
    if (this.linkFailed && this.state.mapReady) void this.runLink(this.link, false)
    if (this.state.mapReady) {
      void this.loadReference(this.state.dataset)
      void this.loadViewport()
      void this.loadCounts()
    }
  }

  setVisible(key: LayerKey, visible: boolean): void {
    this.hideHover()
    this.store.update({ visible: { ...this.state.visible, [key]: visible } })
    this.rebuildLayer(key)
    if (key === 'areas' || key === 'chemical_parks' || key === 'area_risk') this.applyAreaVisibility()
    if (key === 'area_risk' && !visible) this.store.update({ areaSelected: null })
    if (visible) void this.loadViewport()
  }

  /** The area level the area risk map colours (district / street / grid). */
  setAreaRiskLevel(level: AreaLevelShown): void {
    if (level === this.state.areaRiskLevel) return
    this.latest.abort('area_risk')
    this.loaded.delete('area_risk')
    this.store.update({ areaRiskLevel: level, areaRisk: null, areaSelected: null })
    if (this.map) setAreaRiskData(this.map, EMPTY_FC)
    if (this.state.visible.area_risk) void this.loadViewport()
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
    if (map && b) map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 40, duration: 600 })
  }

  resetFilters(): void {
    this.setFilters({ levels: [...ALL_LEVELS], industry: null, area: null })
    if (this.map) setFocusArea(this.map, null)
  }

  private setFilters(filters: Filters): void {
    this.store.update({ filters })
    this.invalidate(['risk_points', 'hidden_dangers', 'protective_targets'])
    void this.loadViewport()
    void this.loadCounts()
  }

  flyTo(lon: number, lat: number, zoom = 15.5): void {
    this.map?.flyTo({ center: [lon, lat], zoom: Math.max(zoom, this.map.getZoom()), duration: 900, essential: true })
  }

  /** Opens the detail card of an enterprise found by search (signed-in users). */
  async showEnterprise(lon: number, lat: number): Promise<void> {
    this.flyTo(lon, lat, 16)
    if (this.state.mode !== 'full') return
    this.store.update({ selection: { status: 'loading', at: [lon, lat] } })
    this.rebuildLayer('selection')
    const res = await this.latest.run('click', (signal) => featureAt('enterprises', lon, lat, 30, signal)).catch((e: Error) => {
      this.store.update({ selection: { status: 'error', at: [lon, lat], message: e.message } })
      return undefined
    })
    if (!res) return
    this.store.update({
      selection: res.value ? { status: 'ok', at: [res.value.lon, res.value.lat], detail: { kind: 'enterprises', data: res.value } } : { status: 'empty', at: [lon, lat] },
    })
    this.rebuildLayer('selection')
  }

  /**
   * For tests: the most important point of a layer (drawn last) inside the middle of the view,
   * away from the panels that float over the map.
   */
  samplePoint(layer: PointLayer): [number, number] | null {
    const a = this.points[layer]
    const map = this.map
    if (!map) return null
    const c = map.getContainer()
    const w = c.clientWidth
    const h = c.clientHeight
    for (let i = a.length - 1; i >= 0; i--) {
      const p = map.project([a.positions[i * 2]!, a.positions[i * 2 + 1]!])
      if (p.x > w * 0.15 && p.x < w * 0.7 && p.y > h * 0.15 && p.y < h * 0.85) return [a.positions[i * 2]!, a.positions[i * 2 + 1]!]
    }
    return null
  }

  /**
   * For tests and benchmarks: draw a map_points buffer as if the server had sent it (the same
   * decode → typed arrays → deck layer path). Returns the milliseconds it took.
   */
  injectPoints(layer: PointLayer, bytes: ArrayBuffer | Uint8Array): number {
    const t0 = performance.now()
    this.latest.abort(layer)
    const decoded = decodePoints(bytes)
    this.points[layer] = buildPointAttributes(decoded, POINT_STYLES[layer])
    this.debug.lastLoad[layer] = { records: decoded.count, bytes: decoded.byteLength, ms: 0 }
    this.rebuildLayer(layer)
    const ms = performance.now() - t0
    this.debug.lastLoad[layer]!.ms = Math.round(ms)
    return ms
  }

  /** For tests: the small-layer rows currently drawn. */
  sampleFeature(layer: 'hazard_sources' | 'emergency_resources'): { lon: number; lat: number } | null {
    const rows = layer === 'hazard_sources' ? this.hazards : this.resources
    return rows[0] ?? null
  }

  closeDetail(): void {
    this.latest.abort('click')
    this.store.update({ selection: { status: 'idle' } })
    this.rebuildLayer('selection')
  }

  // ---------------------------------------------------------------- hover → tooltip
  /** Mode and visible layers: what a lookup depends on (feature_at ignores the filters, as a click does). */
  private hoverContext(): string {
    const v = this.state.visible
    return `${this.state.mode}|${CLICK_PRIORITY.filter((l) => v[l as LayerKey]).join(',')}`
  }

  private onHover(x: number, y: number, lon: number, lat: number): void {
    const map = this.map
    if (!map || map.isMoving()) return
    this.hoverPos = { x, y, lon, lat }
    const key = hoverCellKey(lon, lat, map.getZoom(), this.hoverContext())
    if (this.hoverCache.has(key)) {
      this.scheduleHover.cancel()
      this.showHover(this.hoverCache.get(key) ?? null)
      return
    }
    // a new cell: nothing until the cursor rests (no request per pixel moved)
    if (this.state.hover) this.store.update({ hover: null })
    this.scheduleHover()
  }

  private async hoverLookup(): Promise<void> {
    const map = this.map
    const pos = this.hoverPos
    if (!map || !pos || map.isMoving()) return
    const key = hoverCellKey(pos.lon, pos.lat, map.getZoom(), this.hoverContext())
    if (this.hoverCache.has(key)) return this.showHover(this.hoverCache.get(key) ?? null)
    const radius = clickRadiusMetres(pos.lat, map.getZoom(), 8)
    this.hoverRequests++
    let res: { value: Detail | null } | undefined
    try {
      res = await this.latest.run('hover', (signal) => this.lookup(pos.lon, pos.lat, radius, signal))
    } catch (e) {
      console.warn('[onemap] hover:', (e as Error).message)
      return
    }
    if (!res) return
    this.hoverCache.set(key, res.value)
    // still in that cell?
    const now = this.hoverPos
    if (now && hoverCellKey(now.lon, now.lat, map.getZoom(), this.hoverContext()) === key) this.showHover(res.value)
  }

  private showHover(detail: Detail | null): void {
    const pos = this.hoverPos
    const canvas = this.map?.getCanvas()
    if (canvas) canvas.style.cursor = detail ? 'pointer' : 'default'
    this.store.update({ hover: detail && pos ? { x: pos.x, y: pos.y, detail } : null })
  }

  private hideHover(): void {
    this.scheduleHover.cancel()
    this.latest.abort('hover')
    this.hoverPos = null
    if (this.state.hover) this.store.update({ hover: null })
  }

  // ---------------------------------------------------------------- links → detail
  private link: LinkTarget = { kind: 'none' }
  private linkFailed = false

  /**
   * Follows a link read from the hash (see links.ts): flies to the position, or to the feature
   * and opens its card. The same link twice in a row is followed once (hashchange + mount).
   */
  followLink(target: LinkTarget): Promise<void> {
    if (linkKey(target) === linkKey(this.link)) return Promise.resolve()
    this.link = target
    if (target.kind === 'none') {
      this.linkFailed = false
      if (this.state.linkNotice) this.store.update({ linkNotice: null })
      return Promise.resolve()
    }
    if (!this.state.mapReady) return Promise.resolve()
    return this.runLink(target, false)
  }

  private async runLink(target: LinkTarget, initial: boolean): Promise<void> {
    const map = this.map
    if (!map) return
    this.linkFailed = false
    const go = (lon: number, lat: number, zoom: number) =>
      initial ? map.jumpTo({ center: [lon, lat], zoom }) : map.flyTo({ center: [lon, lat], zoom, duration: 900, essential: true })
    switch (target.kind) {
      case 'none':
        return
      case 'invalid':
        this.linkFailed = true
        this.store.update({ linkNotice: { key: 'invalid', reason: target.reason, value: target.value } })
        return
      case 'at':
        this.store.update({ linkNotice: null })
        go(target.lon, target.lat, target.zoom)
        return
    }
    const { layer, id } = target
    this.store.update({ linkNotice: { key: 'finding' } })
    let res: { value: { detail: Detail | null; notice: LinkNotice | null } } | undefined
    try {
      res = await this.latest.run('click', async (signal) => {
        const found = await this.findLinked(layer, id, signal)
        if (!found) return { detail: null, notice: { key: this.state.mode === 'public' && !PUBLIC_LINK_LAYERS.includes(layer) ? 'signIn' : 'notFound', layer } as LinkNotice }
        return found
      })
    } catch (e) {
      this.linkFailed = true
      this.store.update({ linkNotice: { key: 'error', message: (e as Error).message } })
      return
    }
    if (!res || this.link !== target) return
    const { detail, notice } = res.value
    if (notice) this.linkFailed = true
    if (detail) {
      // the feature's own layer must be on to be seen behind its card
      if (!this.state.visible[layer]) this.setVisible(layer, true)
      go(detail.data.lon, detail.data.lat, Math.max(LINK_ZOOM, initial ? 0 : map.getZoom()))
      this.store.update({ selection: { status: 'ok', at: [detail.data.lon, detail.data.lat], detail }, linkNotice: notice, areaSelected: null })
    } else {
      this.store.update({ linkNotice: notice })
    }
    this.rebuildLayer('selection')
  }

  /** The linked feature's card (null: not there, or not readable by this user / mode). */
  private async findLinked(layer: LinkLayer, id: string, signal: AbortSignal): Promise<{ detail: Detail | null; notice: LinkNotice | null } | null> {
    if (this.state.mode === 'public') {
      if (!PUBLIC_LINK_LAYERS.includes(layer)) return null
      const bbox = this.state.dataset?.bbox
      if (!bbox) throw new Error('dataset_info: no extent')
      // major hazards and public resources are small public layers: find the id in the city's list
      if (layer === 'hazard_sources') {
        const h = (await mapFeatures('major_hazards', bbox, true, signal)).find((r) => r.id === id)
        return h ? { detail: { kind: 'public_hazard', data: h }, notice: null } : null
      }
      const r = (await mapFeatures('emergency_resources', bbox, true, signal)).find((x) => x.id === id)
      return r ? { detail: { kind: 'public_resource', data: r }, notice: null } : null
    }
    // by id, under the caller's RLS: an unreadable id looks exactly like a missing one
    const data = await featureCard(layer, id, signal)
    return data ? { detail: { kind: layer, data } as Detail, notice: null } : null
  }

  // ---------------------------------------------------------------- click → detail
  async selectAt(lon: number, lat: number): Promise<void> {
    const map = this.map
    if (!map) return
    if (this.state.linkNotice) this.store.update({ linkNotice: null })
    const radius = clickRadiusMetres(lat, map.getZoom(), 8)
    this.store.update({ selection: { status: 'loading', at: [lon, lat] } })
    this.rebuildLayer('selection')
    let res: { value: Detail | null } | undefined
    try {
      res = await this.latest.run('click', (signal) => this.lookup(lon, lat, radius, signal))
    } catch (e) {
      this.store.update({ selection: { status: 'error', at: [lon, lat], message: (e as Error).message } })
      this.rebuildLayer('selection')
      return
    }
    if (!res) return
    const detail = res.value
    // a click on the area risk map that hits no feature is a click on the area: its card says it all
    if (!detail && this.state.areaSelected) this.store.update({ selection: { status: 'idle' } })
    else if (!detail) this.store.update({ selection: { status: 'empty', at: [lon, lat] } })
    else this.store.update({ selection: { status: 'ok', at: [detail.data.lon, detail.data.lat], detail } })
    this.rebuildLayer('selection')
  }

  private async lookup(lon: number, lat: number, radius: number, signal: AbortSignal): Promise<Detail | null> {
    const vis = this.state.visible
    if (this.state.mode === 'full') {
      const layers = CLICK_PRIORITY.filter((l) => vis[l as LayerKey])
      // All asked at once (in priority order); the answer is the first non-empty one in priority
      // order, returned as soon as every layer above it has answered empty. The rest are aborted.
      const ctrl = new AbortController()
      const onAbort = () => ctrl.abort()
      signal.addEventListener('abort', onAbort, { once: true })
      const pending = layers.map((l) => featureAt(l, lon, lat, radius, ctrl.signal))
      // a lower-priority failure must not surface as an unhandled rejection once we have an answer
      for (const p of pending) p.catch(() => undefined)
      try {
        for (let i = 0; i < layers.length; i++) {
          const data = await pending[i]
          if (data) return { kind: layers[i], data } as Detail
        }
        return null
      } finally {
        ctrl.abort()
        signal.removeEventListener('abort', onAbort)
      }
    }
    // public: major hazards and resources are already here (approximate positions); risk points ask the server
    if (vis.hazard_sources) {
      const h = nearest(this.hazards as MajorHazardFeature[], lon, lat, radius)
      if (h) return { kind: 'public_hazard', data: h }
    }
    if (vis.risk_points) {
      const r = await publicFeatureAt(lon, lat, radius, signal)
      if (r) return { kind: 'public_risk', data: r }
    }
    if (vis.emergency_resources) {
      const e = nearest(this.resources, lon, lat, radius)
      if (e) return { kind: 'public_resource', data: e }
    }
    return null
  }

  // ---------------------------------------------------------------- loading
  private viewBbox(): Bbox | null {
    const map = this.map
    if (!map) return null
    const b = map.getBounds()
    return clampBbox([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()])
  }

  private invalidate(keys: string[]): void {
    for (const k of keys) this.loaded.delete(k)
  }

  private filterKey(layer: string): string {
    const f = this.state.filters
    const levels = layer === 'risk_points' ? f.levels.join(',') : ''
    return `${this.state.mode}|${levels}|${this.state.mode === 'full' ? f.industry ?? '' : ''}|${f.area ?? ''}`
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
    const jobs: Promise<unknown>[] = []

    const pointLayers: PointLayer[] = mode === 'full' ? ['risk_points', 'hidden_dangers', 'protective_targets'] : ['risk_points']
    for (const layer of pointLayers) {
      if (!vis[layer]) continue
      const key = this.filterKey(layer)
      const prev = this.loaded.get(layer)
      if (prev && prev.key === key && coverStillValid(prev, view, zoom)) continue
      if (layer === 'risk_points' && this.state.filters.levels.length === 0) {
        this.points.risk_points = EMPTY_ATTRIBUTES
        this.loaded.set(layer, { bbox: fetchBbox, zoom, key })
        this.rebuildLayer('risk_points')
        continue
      }
      jobs.push(this.loadPoints(layer, fetchBbox, zoom, key))
    }

    const small: { layer: LayerKey; fn: (signal: AbortSignal) => Promise<void> }[] = []
    if (vis.hazard_sources) small.push({ layer: 'hazard_sources', fn: (s) => this.loadHazards(fetchBbox, s) })
    if (vis.emergency_resources) small.push({ layer: 'emergency_resources', fn: (s) => this.loadResources(fetchBbox, s) })
    if (vis.chemical_parks) small.push({ layer: 'chemical_parks', fn: (s) => this.loadParks(fetchBbox, s) })
    for (const { layer, fn } of small) {
      const key = `${mode}`
      const prev = this.loaded.get(layer)
      if (prev && prev.key === key && coverStillValid(prev, view, zoom, 99)) continue
      jobs.push(this.track(layer, layer, fetchBbox, zoom, key, fn))
    }

    if (vis.areas) jobs.push(this.loadAreas(view, zoom))
    if (vis.area_risk) jobs.push(this.loadAreaRisk(view, zoom))

    await Promise.allSettled(jobs)
    if (!this.firstLoadDone && !this.destroyed) {
      this.firstLoadDone = true
      // ready once the data is on the GPU: wait for the next drawn frame
      const frame = this.debug.drawnFrame
      map.triggerRepaint()
      const done = () => {
        this.store.update({ ready: true })
        this.debug.ready = true
      }
      const check = () => (this.debug.drawnFrame > frame ? done() : requestAnimationFrame(check))
      requestAnimationFrame(check)
      setTimeout(() => !this.debug.ready && done(), 3000)
    }
  }

  /** Runs one load under "latest wins" for `reqKey`, records what it covers, and the layer's status. */
  private async track(layer: LayerKey, reqKey: string, bbox: Bbox, zoom: number, key: string, fn: (signal: AbortSignal) => Promise<void>): Promise<void> {
    this.setLayerStatus(layer, 'loading')
    try {
      const r = await this.latest.run(reqKey, fn)
      if (!r) return
      this.loaded.set(reqKey, { bbox, zoom, key })
      this.setLayerStatus(layer, 'ok')
      // the service answers again: drop the "unreachable" message
      if (this.state.datasetError) this.store.update({ datasetError: null })
    } catch (e) {
      this.setLayerStatus(layer, 'error', (e as Error).message)
      console.warn(`[onemap] ${layer}:`, (e as Error).message)
    }
  }

  private async loadPoints(layer: PointLayer, bbox: Bbox, zoom: number, key: string): Promise<void> {
    const isPublic = this.state.mode === 'public'
    const filters = this.state.filters
    await this.track(layer, layer, bbox, zoom, key, async (signal) => {
      const r = await fetchMapPoints(layer, bbox, cellSize(zoom, POINT_CELL_PX), { levels: layer === 'risk_points' ? filters.levels : null, industry: filters.industry, area: filters.area }, isPublic, signal)
      if (signal.aborted) return
      const t0 = performance.now()
      this.points[layer] = buildPointAttributes(r.decoded, POINT_STYLES[layer])
      this.debug.lastLoad[layer] = { records: r.decoded.count, bytes: r.bytes, ms: Math.round(r.ms + performance.now() - t0) }
      this.rebuildLayer(layer)
    })
  }

  private async loadHazards(bbox: Bbox, signal: AbortSignal): Promise<void> {
    const t0 = performance.now()
    const isPublic = this.state.mode === 'public'
    const rows = isPublic ? await mapFeatures('major_hazards', bbox, true, signal) : await mapFeatures('hazard_sources', bbox, false, signal)
    if (signal.aborted) return
    this.hazards = rows
    this.debug.lastLoad.hazard_sources = { records: rows.length, bytes: jsonBytes(rows), ms: Math.round(performance.now() - t0) }
    this.rebuildLayer('hazard_sources')
  }

  private async loadResources(bbox: Bbox, signal: AbortSignal): Promise<void> {
    const t0 = performance.now()
    const rows = await mapFeatures('emergency_resources', bbox, this.state.mode === 'public', signal)
    if (signal.aborted) return
    this.resources = rows
    this.debug.lastLoad.emergency_resources = { records: rows.length, bytes: jsonBytes(rows), ms: Math.round(performance.now() - t0) }
    this.rebuildLayer('emergency_resources')
  }

  private async loadParks(bbox: Bbox, signal: AbortSignal): Promise<void> {
    const t0 = performance.now()
    const rows = await mapFeatures('chemical_parks', bbox, this.state.mode === 'public', signal)
    if (signal.aborted) return
    this.labels.park = parkLabels(rows)
    const map = this.map
    if (map) setAreaData(map, AREA_SOURCES.parks, parksToGeoJson(rows))
    this.debug.lastLoad.chemical_parks = { records: rows.length, bytes: jsonBytes(rows), ms: Math.round(performance.now() - t0) }
    this.rebuildLayer('labels')
  }

  private async loadAreas(view: Bbox, zoom: number): Promise<void> {
    const map = this.map
    if (!map) return
    const wanted = areaLevelsForZoom(zoom)
    const jobs: Promise<void>[] = []
    for (const level of ['district', 'street', 'grid'] as const) {
      const key = `areas:${level}`
      if (!wanted.includes(level)) {
        // out of its zoom range: stop loading it and take it off the map
        this.latest.abort(key)
        this.loaded.delete(key)
        if (this.areasShown.has(level)) {
          this.areasShown.delete(level)
          setAreaData(map, AREA_SOURCES[level], EMPTY_FC)
          this.labels[level] = []
          this.rebuildLayer('labels')
        }
        continue
      }
      const prev = this.loaded.get(key)
      // boundaries are simplified for the zoom: refetch when zoom moved a whole level
      if (prev && coverStillValid(prev, view, zoom, 1)) continue
      const bbox = padBbox(view, level === 'district' ? 1 : 0.3)
      const z = Math.floor(zoom)
      jobs.push(
        this.track('areas', key, bbox, z, key, async (signal) => {
          const t0 = performance.now()
          const fc = await areaBoundaries(level, bbox, cellSize(z), signal)
          if (signal.aborted) return
          setAreaData(map, AREA_SOURCES[level], fc as FeatureCollection)
          this.areasShown.add(level)
          this.labels[level] = areaLabels(fc, level)
          this.debug.lastLoad[key] = { records: fc.features.length, bytes: jsonBytes(fc), ms: Math.round(performance.now() - t0) }
          this.rebuildLayer('labels')
        }),
      )
    }
    await Promise.allSettled(jobs)
  }

  private areaRiskSummaryFor(level: AreaLevelShown): Promise<AreaRiskSummary[]> {
    const mode = this.state.mode
    const key = `${mode}|${level}`
    let p = this.areaRiskCache.get(key)
    if (!p) {
      // not aborted with the view: the summary is city-wide and the next view wants it too
      p = areaRiskSummary(level, mode === 'public')
      p.catch(() => this.areaRiskCache.delete(key))
      this.areaRiskCache.set(key, p)
    }
    return p
  }

  /** The chosen level's boundaries in view, coloured by the level's summary (joined by code). */
  private async loadAreaRisk(view: Bbox, zoom: number): Promise<void> {
    const map = this.map
    if (!map) return
    const level = this.state.areaRiskLevel
    const key = `${this.state.mode}|${level}`
    const prev = this.loaded.get('area_risk')
    if (prev && prev.key === key && coverStillValid(prev, view, zoom, 1)) return
    const bbox = padBbox(view, level === 'district' ? 1 : 0.3)
    const z = Math.floor(zoom)
    await this.track('area_risk', 'area_risk', bbox, z, key, async (signal) => {
      const t0 = performance.now()
      const [fc, summary] = await Promise.all([areaBoundaries(level, bbox, cellSize(z), signal), this.areaRiskSummaryFor(level)])
      if (signal.aborted || level !== this.state.areaRiskLevel) return
      setAreaRiskData(map, joinAreaRisk(fc, summary))
      this.store.update({ areaRisk: summary })
      this.debug.lastLoad.area_risk = { records: fc.features.length, bytes: jsonBytes(fc), ms: Math.round(performance.now() - t0) }
    })
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

  private async loadReference(info: DatasetInfo | null): Promise<void> {
    if (this.state.industries.length === 0) {
      fetchIndustries().then(
        (industries) => this.store.update({ industries }),
        (e: Error) => console.warn('[onemap] industries:', e.message),
      )
    }
    if (this.state.districts.length === 0 && info?.bbox) {
      try {
        const fc: AreaCollection = await areaBoundaries('district', info.bbox, cellSize(8))
        const districts = fc.features
          .map((f) => ({ code: f.properties.code, name: f.properties.name, nameEn: f.properties.name_en || f.properties.name, bbox: geometryBbox(f.geometry) }))
          .sort((a, b) => a.code.localeCompare(b.code))
        this.store.update({ districts })
      } catch (e) {
        console.warn('[onemap] districts:', (e as Error).message)
      }
    }
  }

  private setLayerStatus(layer: LayerKey, status: 'loading' | 'ok' | 'error', message?: string): void {
    const s = this.state
    if (s.layerStatus[layer] === status && !message) return
    const layerError = { ...s.layerError }
    if (message) layerError[layer] = message
    else if (status === 'ok') delete layerError[layer]
    this.store.update({ layerStatus: { ...s.layerStatus, [layer]: status }, layerError })
  }

  // ---------------------------------------------------------------- deck layers
  private onLangChange(): void {
    this.rebuildLayer('labels')
    this.rebuildLayer('hazard_sources')
  }

  private lang(): Lang {
    return langStore.get().lang
  }

  private rebuildAll(): void {
    for (const k of ['risk_points', 'hidden_dangers', 'protective_targets', 'hazard_sources', 'emergency_resources', 'labels', 'selection']) this.rebuildLayer(k)
  }

  /** Rebuilds one deck layer (only when its data, visibility, zoom band or language changed) and redraws. */
  private rebuildLayer(key: string, push = true): void {
    const vis = this.state.visible
    const full = this.state.mode === 'full'
    const zoom = this.map?.getZoom() ?? 9
    const scale = symbolScale(zoom)
    const dotScale = pointRadiusScale(zoom)
    switch (key) {
      case 'risk_points':
        this.deckLayers.set(key, riskPointsLayer('risk-points', this.points.risk_points, vis.risk_points, dotScale, POINTS_BEFORE))
        break
      case 'hidden_dangers':
        this.deckLayers.set(key, hiddenDangersLayer('hidden-dangers', this.points.hidden_dangers, full && vis.hidden_dangers, scale))
        break
      case 'protective_targets':
        this.deckLayers.set(key, protectiveTargetsLayer('protective-targets', this.points.protective_targets, full && vis.protective_targets, dotScale, POINTS_BEFORE))
        break
      case 'hazard_sources':
        {
          const placed = this.placeLabels(zoom)
          this.deckLayers.set(key, hazardSourceLayers('hazard-sources', this.hazards, vis.hazard_sources, this.lang(), zoom >= 10, scale, (d) => placed.hazards.has(d)))
        }
        break
      case 'emergency_resources':
        this.deckLayers.set(key, emergencyResourcesLayer('emergency-resources', this.resources, vis.emergency_resources, scale))
        break
      case 'chemical_parks':
      case 'areas':
      case 'labels': {
        this.deckLayers.set('labels', areaLabelsLayer('area-labels', this.placeLabels(zoom).areas, this.lang(), true, LIGHT_THEME))
        break
      }
      case 'selection': {
        const sel = this.state.selection
        this.deckLayers.set(key, selectionLayer('selection', sel.status === 'idle' ? null : sel.at))
        break
      }
    }
    if (push) this.pushLayers()
  }

  private placed: { key: unknown[]; areas: AreaLabel[]; hazards: Set<HazardLike> } | null = null

  /**
   * Label collision (greedy, in screen space at the zoom): district names first, then the
   * hazard-source grade labels (grade 1 first), parks, streets, grids; a label overlapping one
   * placed before it is not drawn. Memoised on its inputs (recomputed on a zoom step or new data).
   */
  private placeLabels(zoom: number): { areas: AreaLabel[]; hazards: Set<HazardLike> } {
    const vis = this.state.visible
    const lang = this.lang()
    const zq = Math.round(zoom * 4) / 4
    const parks = vis.chemical_parks && zoom >= 10
    const showHazardLabels = vis.hazard_sources && zoom >= 10
    const key = [zq, lang, parks, vis.areas, showHazardLabels, this.hazards, this.labels.park, this.labels.district, this.labels.street, this.labels.grid]
    if (this.placed && this.placed.key.length === key.length && this.placed.key.every((v, i) => v === key[i])) return this.placed
    type Item = { area: AreaLabel; hazard?: undefined } | { hazard: HazardLike; area?: undefined }
    const items: Item[] = []
    for (const a of [...(vis.areas ? [...this.labels.district, ...this.labels.street, ...this.labels.grid] : []), ...(parks ? this.labels.park : [])]) items.push({ area: a })
    if (showHazardLabels) for (const h of hazardLabelRows(this.hazards)) items.push({ hazard: h })
    const offset = hazardLabelOffset(symbolScale(zoom))
    const PRIORITY = { district: 0, park: 2, street: 3, grid: 4 } as const
    const kept = greedyPlace(
      items,
      (it) => {
        if (it.area) {
          const [x, y] = mercatorPx(it.area.position[0], it.area.position[1], zoom)
          return textBox(x, y, lang === 'zh' ? it.area.name : it.area.nameEn, areaLabelSize(it.area.level), 'middle')
        }
        const [x, y] = mercatorPx(it.hazard.lon, it.hazard.lat, zoom)
        return textBox(x, y, hazardLabelText(it.hazard, lang), HAZARD_LABEL_SIZE, 'start', offset)
      },
      (it) => (it.area ? PRIORITY[it.area.level] : 1 + (it.hazard.major_grade ?? 4) / 10),
      4,
    )
    const areas: AreaLabel[] = []
    const hazards = new Set<HazardLike>()
    for (const it of kept) {
      if (it.area) areas.push(it.area)
      else hazards.add(it.hazard)
    }
    this.placed = { key, areas, hazards }
    this.debug.labels = { areas: areas.length, hazards: hazards.size, candidates: items.length }
    return this.placed
  }

  private pushLayers(): void {
    if (!this.handle) return
    const order = ['protective_targets', 'risk_points', 'hidden_dangers', 'emergency_resources', 'hazard_sources', 'labels', 'selection']
    const layers: Layer[] = []
    for (const k of order) {
      const l = this.deckLayers.get(k)
      if (Array.isArray(l)) layers.push(...l)
      else if (l) layers.push(l)
    }
    this.handle.setLayers(layers)
  }

  private installMapLayers(): void {
    const handle = this.handle
    if (!handle) return
    installAreaLayers(handle.map, LIGHT_THEME, areaFillOpacity(handle.basemap, LIGHT_THEME))
    // above the plain area fills, under the park fill, the boundary lines and the points
    installAreaRiskLayers(handle.map, 'om-park-fill')
    this.applyAreaVisibility()
    setFocusArea(handle.map, this.state.filters.area)
    // a new style starts empty: everything must be fetched again
    for (const k of [...this.loaded.keys()]) if (k.startsWith('areas:') || k === 'chemical_parks' || k === 'area_risk') this.loaded.delete(k)
    this.areasShown.clear()
  }

  private applyAreaVisibility(): void {
    const map = this.map
    if (!map) return
    setAreaVisibility(map, this.state.visible.areas, this.state.visible.chemical_parks)
    setAreaRiskVisibility(map, this.state.visible.area_risk)
  }

}

/** The layers a public (anonymous) link can show: the public major hazards and resources. */
const PUBLIC_LINK_LAYERS: readonly string[] = ['hazard_sources', 'emergency_resources']

/** Dense point layers go under the district outlines so the city stays legible. */
const POINTS_BEFORE = 'om-district-casing'

const EMPTY_FC: FeatureCollection = { type: 'FeatureCollection', features: [] }

function jsonBytes(v: unknown): number {
  try {
    return JSON.stringify(v).length
  } catch {
    return 0
  }
}

function nearest<T extends { lon: number; lat: number }>(rows: T[], lon: number, lat: number, radiusM: number): T | null {
  const kx = 111320 * Math.cos((lat * Math.PI) / 180)
  const ky = 110540
  let best: T | null = null
  let bestD = radiusM * radiusM
  for (const r of rows) {
    const dx = (r.lon - lon) * kx
    const dy = (r.lat - lat) * ky
    const d = dx * dx + dy * dy
    if (d <= bestD) {
      bestD = d
      best = r
    }
  }
  return best
}
