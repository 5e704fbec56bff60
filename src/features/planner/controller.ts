// The relocation planner's state and map: the worklist (safety_distance_violations), a picked
// hazard source with its rings (planner_source + safety_distance_check), candidate sites dragged
// on the map and evaluated in the browser (TargetStore over planner_targets tiles) and confirmed
// by evaluate_site on drop, and the suitable area of a chemical park (siting_suitability).
import { SavedScenarios } from './savedScenarios.ts'
import type { FeatureCollection } from 'geojson'
import type { Marker, Map as MlMap } from 'maplibre-gl'
import { bbox as turfBbox } from '@turf/turf'
import { cellSize } from '../../contract/cells.ts'
import { createStore, type Store } from '../../app/store.ts'
import { createMapWhile, type MapHandle } from '../../map/createMap.ts'
import { attachBasemapSwitcher } from '../basemap/attachSwitcher.ts'
import { areaFillOpacity, LIGHT_THEME } from '../../map/basemap.ts'
import { AREA_SOURCES, installAreaLayers, parksToGeoJson, setAreaData } from '../../map/layers/areas.ts'
import {
  distanceRings,
  installPlannerLayers,
  setBlocking,
  setCheckTargets,
  setDraft,
  setRings,
  setSourcePoints,
  setSuitable,
  targetsCollection,
} from '../../map/layers/planner.ts'
import { areaBoundaries, datasetInfo, industries } from '../../data/mapApi.ts'
import {
  chemicalParks,
  districts,
  plannerSource,
  protectiveTargetTypes,
  safetyDistanceCheck,
  safetyDistanceViolations,
  type PlannerSource,
  type ViolationRow,
} from '../../data/planner.ts'
import { CLASS_IDS, TargetStore, type Distances, type SiteGeometry } from '../../domain/plannerGeo.ts'
import { TileLoader } from './tileLoader.ts'
import { worklistRows } from './worklistRows.ts'
import { shortfallLabels } from './shortfallLabels.ts'
import { drawnFrame, snapshot } from './mapSnapshot.ts'
import { Scenario } from './scenario.ts'
import { Suitability } from './suitability.ts'
import { installDebug, removeDebug } from './testHooks.ts'
import { PlannerThreat } from './threatZones.ts'
import { EXAMPLE_DISTANCES, type Candidate, type PlannerDebug, type PlannerState, type SortKey } from './state.ts'

export * from './state.ts'

const JIANGMEN: [number, number] = [112.9, 22.35]

const pickedOrigin = (p: PlannerSource) => ({ kind: 'hazard_source' as const, id: p.id, lon: p.lon, lat: p.lat, name: p.name })

const msg = (e: unknown) => (e instanceof Error ? e.message : String(e))

export class PlannerController {
  readonly store: Store<PlannerState>
  readonly targets = new TargetStore()
  readonly debug: PlannerDebug<PlannerController> = { ready: false, moveMs: [], serverDone: 0, rings: 0 }
  private handle: MapHandle | null = null
  private detachSwitcher: (() => void) | null = null
  private districtShapes: FeatureCollection | null = null
  private destroyed = false
  /** shortfall labels beside the targets inside (picked source, active candidate) */
  private labels: Marker[] = []
  readonly tiles: TileLoader = new TileLoader(this.targets, {
    loaded: (key) => this.scenario.onTileLoaded(key),
    progress: (pendingTiles, loadedTargets) => this.store.update({ pendingTiles, loadedTargets }),
    error: (message) => (this.debug.lastError = message),
  })
  private worklistAbort: AbortController | null = null
  /** the candidate sites (scenario.ts) and the park's suitable area (suitability.ts) */
  readonly scenario: Scenario
  readonly suitability: Suitability
  /** the 威胁区 tab's map host (threatZones.ts) */
  readonly threat: PlannerThreat
  /** named scenarios in the database (savedScenarios.ts) */
  readonly saved: SavedScenarios = new SavedScenarios(this)

  constructor() {
    this.store = createStore<PlannerState>({
      mapReady: false,
      basemapTilesFailing: null,
      tab: 'worklist',
      worklist: null,
      worklistLoading: false,
      worklistError: null,
      area: null,
      industry: null,
      minPopulation: 0,
      query: '',
      sort: 'shortfall',
      sortDesc: true,
      districts: [],
      industries: [],
      types: {},
      parks: [],
      picked: null,
      pickedCheck: null,
      pickLoading: false,
      pickError: null,
      candidates: [],
      active: null,
      drawing: null,
      distances: { ...EXAMPLE_DISTANCES },
      distancesFrom: null,
      loadedTargets: 0,
      pendingTiles: 0,
      parkId: null,
      suitability: null,
      suitabilityFor: null,
      suitabilityLoading: false,
      suitabilityError: null,
      blocking: null,
      printView: false,
      snapshot: null,
      tzOrigin: null,
    })
    this.debug.store = this.targets
    this.debug.ctl = this
    const host = {
      store: this.store,
      targets: this.targets,
      tiles: this.tiles,
      debug: this.debug as PlannerDebug<unknown>,
      map: () => this.map,
      destroyed: () => this.destroyed,
      drawLabels: () => this.drawLabels(),
    }
    this.scenario = new Scenario(host)
    this.suitability = new Suitability(host)
    this.threat = new PlannerThreat({ store: this.store, handle: () => this.handle })
  }

  get map(): MlMap | null {
    return this.handle?.map ?? null
  }

  async mount(container: HTMLElement): Promise<void> {
    installDebug(this.debug)
    void this.loadWorklist()
    void this.loadReference()
    const info = await datasetInfo().catch(() => null)
    const handle = await createMapWhile(() => !this.destroyed, { container, center: JIANGMEN, zoom: 8.5, bounds: info?.bbox ?? null })
    if (!handle) return
    this.handle = handle
    this.debug.map = handle.map
    const map = handle.map
    this.detachSwitcher = attachBasemapSwitcher(handle)
    handle.onTilesChanged(() => this.store.update({ basemapTilesFailing: handle.tilesFailing?.status ?? null }))
    await new Promise<void>((r) => (map.loaded() ? r() : map.once('load', () => r())))
    if (this.destroyed) return
    const install = () => {
      installAreaLayers(map, LIGHT_THEME, areaFillOpacity(handle.basemap))
      installPlannerLayers(map)
    }
    install()
    map.on('style.load', () => {
      install()
      this.redrawAll()
    })
    map.on('click', 'pl-sources', (e) => {
      if (this.store.get().drawing) return
      const id = e.features?.[0]?.properties?.id
      if (typeof id === 'string') void this.pickSource(id)
    })
    map.on('mouseenter', 'pl-sources', () => {
      map.getCanvas().style.cursor = 'pointer'
    })
    map.on('mouseleave', 'pl-sources', () => {
      map.getCanvas().style.cursor = ''
    })
    map.on('click', (e) => {
      if (this.store.get().tab === 'threat') {
        // a hazard source's own click (above) picks it; elsewhere the point is the origin
        if (!map.queryRenderedFeatures(e.point, { layers: ['pl-sources'] }).length) this.threat.pickPoint(e.lngLat.lng, e.lngLat.lat)
        return
      }
      const d = this.store.get().drawing
      if (d) {
        const next = [...d, [e.lngLat.lng, e.lngLat.lat]]
        this.store.update({ drawing: next })
        setDraft(map, next as [number, number][])
      }
    })
    const b = info?.bbox ?? [112.3, 21.5, 113.3, 22.9]
    areaBoundaries('district', b, cellSize(8)).then(
      (fc) => {
        this.districtShapes = fc
        if (!this.destroyed) setAreaData(map, AREA_SOURCES.district, fc)
      },
      () => undefined,
    )
    this.store.update({ mapReady: true })
    this.redrawAll()
    this.debug.ready = true
  }

  destroy(): void {
    this.destroyed = true
    this.tiles.stop()
    this.worklistAbort?.abort()
    this.scenario.destroy()
    for (const l of this.labels) l.remove()
    this.labels = []
    this.detachSwitcher?.()
    this.handle?.destroy()
    this.handle = null
    removeDebug(this.debug)
  }

  // ---------------------------------------------------------------- reference data
  private async loadReference(): Promise<void> {
    const [d, ind, types, parks] = await Promise.all([
      districts().catch(() => []),
      industries().catch(() => []),
      protectiveTargetTypes().catch(() => []),
      chemicalParks().catch(() => []),
    ])
    if (this.destroyed) return
    this.store.update({ districts: d, industries: ind, types: Object.fromEntries(types.map((t) => [t.code, t])), parks, parkId: parks[0]?.id ?? null })
    if (this.map) setAreaData(this.map, AREA_SOURCES.parks, parksToGeoJson(parks))
  }

  // ---------------------------------------------------------------- worklist
  async loadWorklist(): Promise<void> {
    this.worklistAbort?.abort()
    const ctrl = new AbortController()
    this.worklistAbort = ctrl
    this.store.update({ worklistLoading: true, worklistError: null })
    try {
      const rows = await safetyDistanceViolations(this.store.get().area, ctrl.signal)
      if (ctrl.signal.aborted || this.destroyed) return
      this.store.update({ worklist: rows, worklistLoading: false })
      this.drawSources()
    } catch (e) {
      if (ctrl.signal.aborted || this.destroyed) return
      this.store.update({ worklistLoading: false, worklistError: msg(e) })
    }
  }

  setArea(area: string | null): void {
    this.store.update({ area })
    void this.loadWorklist()
  }

  setFilter(patch: Partial<Pick<PlannerState, 'industry' | 'minPopulation' | 'query'>>): void {
    this.store.update(patch)
    this.drawSources()
  }

  setSort(key: SortKey): void {
    const s = this.store.get()
    this.store.update(s.sort === key ? { sortDesc: !s.sortDesc } : { sort: key, sortDesc: key !== 'name' })
  }

  /** The worklist after the client-side filters (industry, population, text) and sort. */
  visibleRows(s: PlannerState = this.store.get()): ViolationRow[] {
    return worklistRows(s)
  }

  private drawSources(): void {
    const map = this.map
    if (!map) return
    const picked = this.store.get().picked?.id
    setSourcePoints(
      map,
      this.visibleRows().map((r) => ({
        id: r.hazard_source_id,
        name: r.hazard_source_name,
        lon: r.lon,
        lat: r.lat,
        major_grade: r.major_grade,
        picked: r.hazard_source_id === picked,
      })),
    )
  }

  // ---------------------------------------------------------------- picked source
  async pickSource(id: string): Promise<void> {
    this.store.update({ pickLoading: true, pickError: null, pickedCheck: null })
    try {
      const [src, check] = await Promise.all([plannerSource(id), safetyDistanceCheck(id)])
      if (this.destroyed) return
      this.store.update({ picked: src, pickedCheck: check, pickLoading: false })
      if (this.store.get().tab === 'threat') {
        this.threat.fromSource(src)
        this.drawPicked()
        this.drawSources()
        return
      }
      // the scenario's distances default to the picked source's (editable per class)
      this.setDistances(this.sourceDistances(src), { id: src.id, name: src.name })
      this.drawPicked()
      this.drawSources()
      const map = this.map
      if (map) {
        const rings = distanceRings(src.geometry, this.sourceDistances(src))
        if (rings.length) {
          const [w, s, e, n] = turfBbox({ type: 'FeatureCollection', features: rings })
          map.fitBounds(
            [
              [w, s],
              [e, n],
            ],
            { padding: 60, duration: 0, maxZoom: 16 },
          )
        } else map.jumpTo({ center: [src.lon, src.lat], zoom: 14 })
      }
    } catch (e) {
      if (!this.destroyed) this.store.update({ pickLoading: false, pickError: msg(e) })
    }
  }

  unpick(): void {
    this.store.update({ picked: null, pickedCheck: null, pickError: null })
    this.drawPicked()
    this.drawSources()
  }

  sourceDistances(src: PlannerSource): Distances {
    const d = { ...EXAMPLE_DISTANCES }
    for (const c of CLASS_IDS) d[c] = 0
    for (const x of src.distances) d[x.target_class] = x.required_m
    return d
  }

  private drawPicked(): void {
    const map = this.map
    if (!map) return
    const s = this.store.get()
    const rings = s.picked ? distanceRings(s.picked.geometry, this.sourceDistances(s.picked)) : []
    this.debug.rings = rings.length
    setRings(map, rings)
    setCheckTargets(map, targetsCollection(s.pickedCheck ?? []))
    this.drawLabels()
  }

  /** "−314 m" beside each target inside: the picked source's, then the active candidate's (top 40 each). */
  private drawLabels(): void {
    for (const l of this.labels) l.remove()
    const map = this.map
    this.labels = map ? shortfallLabels(map, this.store.get()) : []
  }

  setTab(tab: PlannerState['tab']): void {
    const s = this.store.get()
    this.store.update({ tab, tzOrigin: tab === 'threat' && !s.tzOrigin && s.picked ? pickedOrigin(s.picked) : s.tzOrigin })
    this.drawLabels()
  }

  // ---------------------------------------------------------------- scenario (scenario.ts)
  setDistances(d: Distances, from?: PlannerState['distancesFrom']): void {
    this.scenario.setDistances(d, from)
  }

  /** Adds a candidate with the given geometry (tests). */
  addCandidate(label: string, geometry: SiteGeometry): string {
    return this.scenario.addCandidate(label, geometry)
  }

  candidate(label: string): Candidate | undefined {
    return this.scenario.candidate(label)
  }

  fitCandidates(): void {
    this.scenario.fitCandidates()
  }

  private redrawAll(): void {
    this.drawSources()
    this.drawPicked()
    this.scenario.drawCandidates()
    const map = this.map
    if (map) {
      setAreaData(map, AREA_SOURCES.parks, parksToGeoJson(this.store.get().parks))
      // a basemap switch reloads the style: the districts come back from memory
      if (this.districtShapes) setAreaData(map, AREA_SOURCES.district, this.districtShapes)
      const s = this.store.get()
      setSuitable(map, s.suitability?.suitable ?? null)
      setBlocking(map, targetsCollection(s.blocking ?? []))
    }
  }

  // ---------------------------------------------------------------- print
  /** Fits the map to the scenario, waits for the frame, then opens the report with its snapshot. */
  async openPrintAfterFit(): Promise<void> {
    this.fitCandidates()
    if (this.map) await drawnFrame(this.map)
    this.openPrint()
  }

  openPrint(): void {
    const labels = this.store.get().candidates.map((c) => ({ text: c.label, at: this.scenario.markerPoint(c.geometry) }))
    this.store.update({ printView: true, snapshot: this.map ? snapshot(this.map, labels) : null })
  }

  closePrint(): void {
    this.store.update({ printView: false })
  }
}
