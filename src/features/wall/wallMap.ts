// The wall's map: the one map's modules (createMap, area layers, point and small layers) on a dark
// basemap, symbols scaled for a wall, plus what only the wall draws: pulsing rings on features
// that just changed, and the incident rings, targets and ranked resources.
import { presetShows, wallDrawOrder, type WallPreset } from './presets.ts'
import type { Layer } from '@deck.gl/core'
import { ScatterplotLayer, PolygonLayer, TextLayer, LineLayer } from '@deck.gl/layers'
import { circle } from '@turf/turf'
import { Marker } from 'maplibre-gl'
import type { FeatureCollection, Geometry } from 'geojson'
import { createMap, type MapHandle } from '../../map/createMap.ts'
import type { TileFailure } from '../../map/basemapHealth.ts'
import { DARK_SEA_LAND, LAND_SOURCE, type MapTheme } from '../../map/basemap.ts'
import { AREA_SOURCES, areaLabels, areaLabelsLayer, installAreaLayers, setAreaData, setFocusArea, type AreaLabel } from '../../map/layers/areas.ts'
import { layersFor } from '../../layers/registry.ts'
import { ViewportLoader, type ViewRequest } from '../../layers/viewportLoader.ts'
import { startLiveRefresh } from '../../layers/liveRefresh.ts'
import { hazardSources } from '../../layers/hazardSources/index.ts'
import { EmergencyResourcesLayer } from '../../layers/emergencyResources/index.ts'
import { threatZonesNow } from '../../layers/threatZones/index.ts'
import { warningAreasLayer, warningLabel, warningLabelMetrics } from '../../layers/warningAreas/index.ts'
import type { WarningArea } from '../../data/warningAreas.ts'
import { placeWallLabels, type WallLabelPlacement } from './wallLabels.ts'
import { CityFit } from './cityFit.ts'
import { mercatorPx } from '../../map/labelCollision.ts'
import { CJK_FONT_FAMILY, LABEL_FONT } from '../../map/layers/text.ts'
import { iconAtlas } from '../../map/icons.ts'
import { clampBbox, padBbox } from '../../map/viewport.ts'
import { cellSize } from '../../contract/cells.ts'
import { geometryBbox } from '../../map/labelPoint.ts'
import { areaBoundaries, type Bbox, type HazardSourceFeature } from '../../data/mapApi.ts'
import { LatestRequests, debounce } from '../../data/latest.ts'
import { protectiveClassById } from '../../domain/categories.ts'
import { levelRgb } from '../../domain/levels.ts'
import type { IncidentReport, NearestResource } from '../../data/wall.ts'

/** Dark styling of the offline basemap and our area layers (colours other than the level colours). */
export const WALL_THEME: MapTheme = {
  background: '#050b16',
  areaFill: '#122036',
  areaFillOpacity: 1,
  cityLine: '#8fb3d9',
  districtLine: '#5f86b3',
  streetLine: '#2c4466',
  gridLine: '#22364f',
  parkFill: '#7e57c2',
  parkLine: '#b39ddb',
  labelColor: [214, 228, 245, 255],
  labelHalo: [5, 11, 22, 235],
  ...DARK_SEA_LAND,
}

export interface District {
  code: string
  name: string
  nameEn: string
  bbox: [number, number, number, number]
}

const PULSE_MS = 12_000

export interface WallMapDebug {
  map: unknown
  ready: boolean
  controller: WallMap
  loads: number
  /** live refreshes answered (vehicles) */
  refreshes?: number
  /** pipelines drawn in incident mode */
  incidentPipelines?: number
  /** labels drawn after the last collision pass (warnings and districts) */
  labelBoxes?: number
}

/** A collision pass's placement, with the one offset function the warning labels read it through. */
type PlacedLabels = WallLabelPlacement<WarningArea, AreaLabel> & { offset: (a: WarningArea) => [number, number] }

declare global {
  interface Window {
    __wall?: WallMapDebug
  }
}

export class WallMap {
  private handle: MapHandle | null = null
  private destroyed = false
  private latest = new LatestRequests()
  /** the registry's wall layers (risk points, dangers, resources, hazard sources) */
  private loader = new ViewportLoader({
    data: () => undefined,
    status: (key, status, message) => {
      if (status === 'error') console.warn(`[wall] ${key}:`, message)
    },
  })
  private labels: AreaLabel[] = []
  private pulses = new Map<string, Marker>()
  private incident: { report: IncidentReport; resources: NearestResource[] } | null = null
  private incidentPick: [number, number] | null = null
  private lang: 'zh' | 'en' = 'zh'
  private stopLive: (() => void) | null = null
  /** the city view and its refits (null until the map is made) */
  private fit: CityFit | null = null
  private labelMemo: { key: unknown[]; placed: PlacedLabels } | null = null
  districts: District[] = []
  /** the districts' shapes as loaded (the city fit keeps panels off their land) */
  private districtShapes: readonly Geometry[] = []
  cityBbox: [number, number, number, number] | null = null
  readonly debug: WallMapDebug
  onClick: ((lon: number, lat: number, hazard: HazardSourceFeature | null) => void) | null = null
  onReady: (() => void) | null = null
  /** the basemap's tiles stopped (a failure with its HTTP status) or started arriving again (null) */
  onTilesChanged: ((failure: TileFailure | null) => void) | null = null
  /** Layers a screen part draws over the registry's (incident mode's pipelines); redraw() after a change. */
  extraLayers: (() => Layer[]) | null = null

  private scheduleLoad = debounce(() => void this.loadView(false), 150)

  constructor() {
    this.debug = { map: null, ready: false, controller: this, loads: 0 }
    if (typeof window !== 'undefined') window.__wall = this.debug
  }

  get map() {
    return this.handle?.map ?? null
  }

  /** Symbols and labels grow with the canvas: a 2160-px-high wall draws them twice as large. */
  get wallScale(): number {
    // the wall's type scales with the canvas height (see wall.css); symbols follow the same rule
    const h = typeof window !== 'undefined' ? window.innerHeight : 1080
    return Math.min(3, Math.max(1, h / 1080))
  }

  /** The registry layers' symbol size factor on the wall (a click's hit test uses it too). */
  get symbolSize(): number {
    return Math.max(1, this.wallScale * 0.8)
  }

  async mount(container: HTMLElement, bbox: [number, number, number, number] | null, lang: 'zh' | 'en'): Promise<void> {
    this.lang = lang
    this.cityBbox = bbox
    // a 7680-px wall's map canvas is ~5500 px wide: above MapLibre's default limit of 4096
    const handle = await createMap({ container, center: [112.95, 22.35], zoom: 8.5, maxCanvasSize: [8192, 8192], theme: WALL_THEME, choice: 'default' })
    if (this.destroyed) {
      handle.destroy()
      return
    }
    this.handle = handle
    handle.setLabelLanguage(lang)
    handle.onTilesChanged(() => this.onTilesChanged?.(handle.tilesFailing))
    this.debug.map = handle.map
    const map = handle.map
    iconAtlas()
    this.fit = new CityFit(
      map,
      () => this.cityBbox,
      () => this.wallScale,
      () => this.districtShapes,
    )
    this.fit.fitCity(false)
    await new Promise<void>((resolve) => (map.loaded() ? resolve() : map.once('load', () => resolve())))
    if (this.destroyed) return
    this.styleDark()
    map.on('style.load', () => this.styleDark())
    map.on('moveend', () => {
      this.rebuild()
      this.scheduleLoad()
      // boundaries are simplified for the zoom they were fetched at: finer ones when flying in
      if (Math.floor(map.getZoom()) >= this.districtZoom + 2) void this.loadDistricts(Math.floor(map.getZoom()))
    })
    map.on('click', (e) => this.onClick?.(e.lngLat.lng, e.lngLat.lat, this.hazardNear(e.point.x, e.point.y)))
    await Promise.allSettled([this.loadDistricts(), this.loadView()])
    if (this.destroyed) return
    this.fit.settle()
    this.stopLive = startLiveRefresh({ refresh: () => this.refreshLive() })
    this.debug.ready = true
    this.onReady?.()
  }

  /** Live layers (refreshMs: the vehicles) asked again for the view when due; redrawn when answered. */
  private async refreshLive(): Promise<void> {
    const r = this.viewRequest(false)
    if (!r || this.destroyed) return
    const asked = await this.loader.refresh(layersFor('wall'), r)
    if (asked.length && !this.destroyed) {
      this.debug.refreshes = (this.debug.refreshes ?? 0) + 1
      this.rebuild()
    }
  }

  /** The whole city, fitted clear of the panels over the map (cityFit.ts). */
  fitCity(animate = true): void {
    this.fit?.fitCity(animate)
  }

  destroy(): void {
    this.destroyed = true
    this.fit?.destroy()
    this.stopLive?.()
    this.scheduleLoad.cancel()
    this.latest.abortAll()
    this.loader.reset()
    for (const m of this.pulses.values()) m.remove()
    this.pulses.clear()
    this.handle?.destroy()
    this.handle = null
    if (typeof window !== 'undefined' && window.__wall === this.debug) delete window.__wall
  }

  setLang(lang: 'zh' | 'en'): void {
    this.lang = lang
    this.handle?.setLabelLanguage(lang)
    this.rebuild()
  }

  private styleDark(): void {
    const map = this.map
    if (!map) return
    const sea = map.getSource(LAND_SOURCE) ? WALL_THEME.water : WALL_THEME.background
    if (map.getLayer('background')) map.setPaintProperty('background', 'background-color', sea ?? WALL_THEME.background)
    installAreaLayers(map, WALL_THEME, 1)
    // the one map's casing is white for a light map: dark here, and the district line brighter
    map.setPaintProperty('om-district-casing', 'line-color', '#02060d')
    map.setPaintProperty('om-district-casing', 'line-width', 5)
    map.setPaintProperty('om-district-line', 'line-width', 2.4)
    map.setPaintProperty('om-district-focus', 'fill-color', '#4fc3f7')
    map.setPaintProperty('om-district-focus', 'fill-opacity', 0.12)
    map.setPaintProperty('om-district-focus-line', 'line-color', '#4fc3f7')
    map.setPaintProperty('om-district-focus-line', 'line-width', 5)
  }

  focusDistrict(code: string | null): void {
    const map = this.map
    if (!map) return
    setFocusArea(map, code)
    const d = this.districts.find((x) => x.code === code)
    if (!d) {
      this.fitCity(true)
      return
    }
    this.fit?.leave()
    this.fit?.fitBox(d.bbox, 60, 2500)
  }

  flyTo(lon: number, lat: number, zoom: number): void {
    this.fit?.leave()
    this.map?.flyTo({ center: [lon, lat], zoom, duration: 1500, essential: true })
  }

  /** Frames the largest ring and the nearest few resources (their lines lead somewhere visible). */
  fitIncident(lon: number, lat: number, radiusM: number, also: [number, number][] = []): void {
    const map = this.map
    if (!map) return
    this.fit?.leave()
    const dLat = radiusM / 110540
    const dLon = radiusM / (111320 * Math.cos((lat * Math.PI) / 180))
    let [w, s, e, n] = [lon - dLon, lat - dLat, lon + dLon, lat + dLat]
    for (const [x, y] of also) {
      w = Math.min(w, x)
      e = Math.max(e, x)
      s = Math.min(s, y)
      n = Math.max(n, y)
    }
    map.fitBounds(
      [
        [w, s],
        [e, n],
      ],
      { padding: 60 * this.wallScale, duration: 1200, essential: true },
    )
  }

  // ------------------------------------------------------------------ data
  private districtZoom = 9

  private async loadDistricts(zoom = 9): Promise<void> {
    const map = this.map
    const b = this.cityBbox
    if (!map || !b) return
    this.districtZoom = Math.max(this.districtZoom, zoom)
    const fc = await areaBoundaries('district', b, cellSize(zoom))
    if (this.destroyed) return
    setAreaData(map, AREA_SOURCES.district, fc as FeatureCollection)
    this.labels = areaLabels(fc, 'district')
    this.districtShapes = fc.features.map((f) => f.geometry as Geometry)
    this.districts = fc.features
      .map((f) => ({ code: f.properties.code, name: f.properties.name, nameEn: f.properties.name_en || f.properties.name, bbox: geometryBbox(f.geometry) }))
      .sort((a, c) => a.code.localeCompare(c.code))
    this.rebuild()
  }

  private viewBbox(): Bbox | null {
    const map = this.map
    if (!map) return null
    const b = map.getBounds()
    return clampBbox([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()])
  }

  /** The hazard sources drawn (the city's). */
  get hazards(): HazardSourceFeature[] {
    return this.loader.get(hazardSources) as HazardSourceFeature[]
  }

  private viewRequest(force: boolean): ViewRequest | null {
    const map = this.map
    const view = this.viewBbox()
    if (!map || !view) return null
    const bbox = padBbox(view, 0.15)
    const city = (this.cityBbox ?? bbox) as Bbox
    return {
      view,
      zoom: map.getZoom(),
      filters: { levels: null, industry: null, area: null },
      audience: 'wall',
      fetchBbox: (m) => (m.zoomTolerance >= 99 ? city : bbox),
      force,
    }
  }

  /**
   * Loads the point layers for the view and the small layers for the city. `force` (live changes,
   * a reconnect) asks again even where what was fetched still covers the view.
   */
  async loadView(force = true): Promise<void> {
    const r = this.viewRequest(force)
    if (!r) return
    await this.loader.load(layersFor('wall'), r)
    this.debug.loads++
    this.rebuild()
  }

  // ------------------------------------------------------------------ live highlights
  /**
   * Pulsing rings on features that just changed: DOM markers animated by CSS, so the browser's
   * compositor animates them without redrawing the map (a software-rendered wall stays responsive).
   */
  pulse(items: { key: string; lon: number; lat: number; rgb: readonly [number, number, number] }[]): void {
    const map = this.map
    if (!map) return
    for (const it of items) {
      if (!Number.isFinite(it.lon) || !Number.isFinite(it.lat)) continue
      this.pulses.get(it.key)?.remove()
      const el = document.createElement('div')
      el.className = 'wall-pulse'
      el.setAttribute('data-testid', 'wall-pulse')
      el.style.setProperty('--c', `rgb(${it.rgb[0]},${it.rgb[1]},${it.rgb[2]})`)
      const marker = new Marker({ element: el }).setLngLat([it.lon, it.lat]).addTo(map)
      this.pulses.set(it.key, marker)
      setTimeout(() => {
        if (this.pulses.get(it.key) === marker) this.pulses.delete(it.key)
        marker.remove()
      }, PULSE_MS)
    }
  }

  get activePulses(): number {
    return this.pulses.size
  }

  // ------------------------------------------------------------------ incident
  redraw(): void {
    this.rebuild()
  }

  setIncidentPick(at: [number, number] | null): void {
    this.incidentPick = at
    this.rebuild()
  }

  /** The what-if zones changed (threatZonesNow): draw them now, without waiting for a load. */
  threatZonesChanged(): void {
    this.loader.set('threat_zones', threatZonesNow.get())
    this.rebuild()
  }

  setIncident(report: IncidentReport | null, resources: NearestResource[] = []): void {
    this.incident = report ? { report, resources } : null
    this.rebuild()
  }

  private hazardNear(x: number, y: number): HazardSourceFeature | null {
    const map = this.map
    if (!map) return null
    const maxPx = 18 * this.wallScale
    let best: HazardSourceFeature | null = null
    let bestD = maxPx * maxPx
    for (const h of this.hazards) {
      const p = map.project([h.lon, h.lat])
      const d = (p.x - x) ** 2 + (p.y - y) ** 2
      if (d <= bestD) {
        bestD = d
        best = h
      }
    }
    return best
  }

  // ------------------------------------------------------------------ layers
  /** The layer preset (overview, hidden dangers, resources, alarms): see presets.ts. */
  preset: WallPreset = 'overview'

  setPreset(p: WallPreset): void {
    this.preset = p
    this.rebuild()
  }

  /** The keys of the registry layers drawn visible now, in drawing order (for tests). */
  get visibleLayers(): string[] {
    return wallDrawOrder(layersFor('wall'))
      .filter((m) => presetShows(this.preset, m.key) && (!this.incident || ['risk_points', 'hazard_sources', 'threat_zones'].includes(m.key)))
      .map((m) => m.key)
  }

  private rebuild(): void {
    const handle = this.handle
    if (!handle) return
    const k = this.wallScale
    const zoom = handle.map.getZoom()
    const kk = this.symbolSize
    const layers: Layer[] = []
    const inc = this.incident
    const visibleKey = (key: string) => (!inc || key === 'risk_points' || key === 'hazard_sources' || key === 'threat_zones') && presetShows(this.preset, key)
    const placed = this.placeLabels(zoom, visibleKey('warning_areas'))
    let warningLabels: Layer | null = null
    for (const m of wallDrawOrder(layersFor('wall'))) {
      // an incident hides what would crowd its rings: dangers and the everyday resources
      const visible = visibleKey(m.key)
      const layer = m.draw(this.loader.get(m), { id: `wall-${m.key}`, visible, zoom, lang: this.lang, audience: 'wall', size: kk, minPixels: 1.5 * k })
      if (m.key !== warningAreasLayer.key) layers.push(layer)
      else {
        // the outlines in their place; the labels, where the collision pass put them, over every
        // symbol (points and lines hid the middle of 'Orange warning · Jianghai District')
        layers.push(layer.clone({ id: `wall-${m.key}-outline`, part: 'areas' } as never))
        warningLabels = layer.clone({ part: 'labels', labelOffset: placed.offset } as never)
      }
    }
    // what-if zones replace the rings while they are shown
    if (inc && !threatZonesNow.get()) layers.push(...this.incidentLayers(inc.report, inc.resources, k))
    else if (this.incidentPick) layers.push(markerLayer('wall-incident-pick', this.incidentPick, k))
    if (this.extraLayers) layers.push(...this.extraLayers())
    if (warningLabels) layers.push(warningLabels)
    layers.push(areaLabelsLayer('wall-labels', placed.districts, this.lang, true, WALL_THEME).clone({ sizeScale: k * 1.15 }))
    handle.setLayers(layers)
  }

  /** District size on the wall: the area layer's 16 px times the wall's label scale. */
  private get districtLabelSize(): number {
    return 16 * this.wallScale * 1.15
  }

  /** The warning and district labels in one collision pass (wallLabels.ts), memoised on its inputs. */
  private placeLabels(zoom: number, warningsShown: boolean): PlacedLabels {
    const warnings = warningsShown ? (this.loader.get(warningAreasLayer) as readonly WarningArea[]) : []
    // the view in Web-Mercator pixels at the zoom (warning labels are kept inside it)
    const map = this.map
    let view: { x0: number; y0: number; x1: number; y1: number } | undefined
    if (map) {
      const b = map.getBounds()
      const [x0, y0] = mercatorPx(b.getWest(), b.getNorth(), zoom)
      const [x1, y1] = mercatorPx(b.getEast(), b.getSouth(), zoom)
      view = { x0, y0, x1, y1 }
    }
    const viewKey = view ? `${Math.round(view.x0)},${Math.round(view.x1)}` : ''
    const key = [zoom, this.lang, warnings, this.labels, this.wallScale, viewKey]
    if (this.labelMemo && this.labelMemo.key.every((v, i) => v === key[i])) return this.labelMemo.placed
    const lang = this.lang
    const metrics = warningLabelMetrics(true, this.symbolSize)
    const placed = placeWallLabels<WarningArea, AreaLabel>({
      zoom,
      warnings,
      warning: (a) => ({ lon: a.label_lon, lat: a.label_lat, text: warningLabel(a, lang), level: a.level }),
      warningSize: metrics.size,
      warningOffsetY: metrics.offsetY,
      districts: this.labels,
      district: (d) => ({ lon: d.position[0], lat: d.position[1], text: lang === 'zh' ? d.name : d.nameEn }),
      districtSize: this.districtLabelSize,
      view,
    })
    // one offset function per placement: a new one on every render would make deck.gl rebuild the
    // warning layer (its outlines re-tessellated) on every frame of a pulse, stalling the wall
    const offset = (a: WarningArea): [number, number] => placed.warningOffset.get(a) ?? [0, 0]
    this.labelMemo = { key, placed: { ...placed, offset } }
    this.debug.labelBoxes = placed.boxes.length
    return this.labelMemo.placed
  }

  private incidentLayers(report: IncidentReport, resources: NearestResource[], k: number): Layer[] {
    const c = report.center
    const rings = [...report.radii_m]
      .sort((a, b) => b - a)
      .map((r) => ({ r, poly: circle([c.lon, c.lat], r / 1000, { steps: 128, units: 'kilometers' }).geometry.coordinates }))
    const ringLabelPos = (r: number): [number, number] => [c.lon, c.lat + r / 110540]
    const red = levelRgb(1)
    return [
      new PolygonLayer<{ r: number; poly: number[][][] }>({
        id: 'wall-incident-rings',
        data: rings,
        getPolygon: (d) => d.poly as never,
        stroked: true,
        filled: true,
        getFillColor: (d) => [red[0], red[1], red[2], d.r === rings[rings.length - 1]!.r ? 46 : 18],
        getLineColor: [255, 120, 120, 235],
        lineWidthUnits: 'pixels',
        getLineWidth: 3 * k,
        pickable: false,
        parameters: { depthWriteEnabled: false },
      }),
      new TextLayer<{ r: number }>({
        id: 'wall-incident-ring-labels',
        data: rings,
        getPosition: (d) => ringLabelPos(d.r),
        getText: (d) => (d.r >= 1000 ? `${d.r / 1000} km` : `${d.r} m`),
        getSize: 15 * k,
        getColor: [255, 205, 205, 255],
        outlineWidth: 5,
        outlineColor: [5, 11, 22, 240],
        ...LABEL_FONT,
        getAlignmentBaseline: 'bottom',
        pickable: false,
      }),
      new ScatterplotLayer<IncidentReport['targets'][number]>({
        id: 'wall-incident-targets',
        data: report.targets,
        getPosition: (d) => [d.lon, d.lat],
        radiusUnits: 'pixels',
        getRadius: 5 * k,
        getFillColor: (d) => {
          const rgb = protectiveClassById(d.target_class)?.rgb ?? [128, 128, 128]
          return [rgb[0], rgb[1], rgb[2], 255]
        },
        stroked: true,
        getLineColor: [255, 255, 255, 230],
        lineWidthUnits: 'pixels',
        getLineWidth: 1.5,
        pickable: false,
      }),
      new LineLayer<NearestResource>({
        id: 'wall-incident-resource-lines',
        data: resources,
        getSourcePosition: () => [c.lon, c.lat],
        getTargetPosition: (d) => [d.longitude, d.latitude],
        getColor: [120, 200, 255, 150],
        getWidth: 2 * k,
        widthUnits: 'pixels',
        pickable: false,
      }),
      new EmergencyResourcesLayer({
        id: 'wall-incident-resources',
        rows: resources.map((r) => ({ id: r.id, name: r.name, resource_type: r.resource_type, capacity: r.capacity, lon: r.longitude, lat: r.latitude })),
        scale: 1,
        size: 1.3 * k,
      }),
      new TextLayer<NearestResource>({
        id: 'wall-incident-resource-ranks',
        data: resources,
        getPosition: (d) => [d.longitude, d.latitude],
        getText: (d) => String(d.rank),
        getSize: 14 * k,
        getPixelOffset: [16 * k, -16 * k],
        getColor: [255, 255, 255, 255],
        background: true,
        getBackgroundColor: [21, 101, 192, 255],
        backgroundPadding: [6, 2],
        fontFamily: CJK_FONT_FAMILY,
        fontWeight: 700,
        pickable: false,
      }),
      markerLayer('wall-incident-center', [c.lon, c.lat], k),
    ]
  }
}

function markerLayer(id: string, at: [number, number], k: number): Layer {
  return new ScatterplotLayer<[number, number]>({
    id,
    data: [at],
    getPosition: (d) => d,
    radiusUnits: 'pixels',
    getRadius: 9 * k,
    getFillColor: [255, 255, 255, 255],
    stroked: true,
    getLineColor: [230, 0, 18, 255],
    lineWidthUnits: 'pixels',
    getLineWidth: 4 * k,
    pickable: false,
    parameters: { depthWriteEnabled: false, depthCompare: 'always' },
  })
}
