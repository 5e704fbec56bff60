// The relocation planner's state and map: the worklist (safety_distance_violations), a picked
// hazard source with its rings (planner_source + safety_distance_check), candidate sites dragged
// on the map and evaluated in the browser (TargetStore over planner_targets tiles) and confirmed
// by evaluate_site on drop, and the suitable area of a chemical park (siting_suitability).
import { Marker, type Map as MlMap } from 'maplibre-gl'
import { bbox as turfBbox } from '@turf/turf'
import { cellSize } from '../../contract/cells.ts'
import { createStore, type Store } from '../../app/store.ts'
import { createMap, type MapHandle } from '../../map/createMap.ts'
import { areaFillOpacity, LIGHT_THEME } from '../../map/basemap.ts'
import { AREA_SOURCES, installAreaLayers, parksToGeoJson, setAreaData } from '../../map/layers/areas.ts'
import {
  distanceRings, installPlannerLayers, setBlocking, setCandidateRings, setCandidates, setCandidateTargets, setCheckTargets, setDraft,
  setRings, setSourcePoints, setSuitable, targetsCollection,
} from '../../map/layers/planner.ts'
import { areaBoundaries, datasetInfo, industries } from '../../data/mapApi.ts'
import {
  chemicalParks, districts, evaluateSite, plannerSource, protectiveTargetTypes, safetyDistanceCheck,
  safetyDistanceViolations, sitingSuitability, type PlannerSource, type ViolationRow,
} from '../../data/planner.ts'
import {
  CLASS_IDS, compareWithServer, maxDistance, PreparedSite, TargetStore, tilesCovering, translate,
  type Distances, type Evaluation, type SiteGeometry,
} from '../../domain/plannerGeo.ts'
import { TileLoader } from './tileLoader.ts'
import { worklistRows } from './worklistRows.ts'
import { shortfallLabels } from './shortfallLabels.ts'
import { drawnFrame, fitRings, snapshot } from './mapSnapshot.ts'
import { EXAMPLE_DISTANCES, geometryKey, type Candidate, type PlannerDebug, type PlannerState, type SortKey } from './state.ts'

export * from './state.ts'

declare global {
  interface Window { __planner?: PlannerDebug<PlannerController> }
}

const JIANGMEN: [number, number] = [112.9, 22.35]
const LABELS = ['A', 'B', 'C'] as const

const msg = (e: unknown) => (e instanceof Error ? e.message : String(e))

export class PlannerController {
  readonly store: Store<PlannerState>
  readonly targets = new TargetStore()
  readonly debug: PlannerDebug<PlannerController> = { ready: false, moveMs: [], serverDone: 0, rings: 0 }
  private handle: MapHandle | null = null
  private destroyed = false
  private markers = new Map<string, Marker>()
  /** shortfall labels beside the targets inside (picked source, active candidate) */
  private labels: Marker[] = []
  private tiles = new TileLoader(this.targets, {
    loaded: (key) => this.onTileLoaded(key),
    progress: (pendingTiles, loadedTargets) => this.store.update({ pendingTiles, loadedTargets }),
    error: (message) => (this.debug.lastError = message),
  })
  private worklistAbort: AbortController | null = null
  private frame = 0
  private serverTimers = new Map<string, ReturnType<typeof setTimeout>>()

  constructor() {
    this.store = createStore<PlannerState>({
      mapReady: false, tab: 'worklist', worklist: null, worklistLoading: false, worklistError: null,
      area: null, industry: null, minPopulation: 0, query: '', sort: 'shortfall', sortDesc: true,
      districts: [], industries: [], types: {}, parks: [],
      picked: null, pickedCheck: null, pickLoading: false, pickError: null,
      candidates: [], active: null, drawing: null, distances: { ...EXAMPLE_DISTANCES }, distancesFrom: null,
      loadedTargets: 0, pendingTiles: 0,
      parkId: null, suitability: null, suitabilityFor: null, suitabilityLoading: false, suitabilityError: null, blocking: null,
      printView: false, snapshot: null,
    })
    this.debug.store = this.targets
    this.debug.ctl = this
  }

  get map(): MlMap | null { return this.handle?.map ?? null }

  async mount(container: HTMLElement): Promise<void> {
    if (typeof window !== 'undefined') window.__planner = this.debug
    void this.loadWorklist()
    void this.loadReference()
    const info = await datasetInfo().catch(() => null)
    if (this.destroyed) return
    const handle = await createMap({ container, center: JIANGMEN, zoom: 8.5 })
    if (this.destroyed) { handle.destroy(); return }
    this.handle = handle
    this.debug.map = handle.map
    const map = handle.map
    if (info?.bbox) map.fitBounds([[info.bbox[0], info.bbox[1]], [info.bbox[2], info.bbox[3]]], { padding: 40, animate: false })
    await new Promise<void>((r) => (map.loaded() ? r() : map.once('load', () => r())))
    if (this.destroyed) return
    const install = () => {
      installAreaLayers(map, LIGHT_THEME, areaFillOpacity(handle.basemap))
      installPlannerLayers(map)
    }
    install()
    map.on('style.load', () => { install(); this.redrawAll() })
    map.on('click', 'pl-sources', (e) => {
      if (this.store.get().drawing) return
      const id = e.features?.[0]?.properties?.id
      if (typeof id === 'string') void this.pickSource(id)
    })
    map.on('mouseenter', 'pl-sources', () => { map.getCanvas().style.cursor = 'pointer' })
    map.on('mouseleave', 'pl-sources', () => { map.getCanvas().style.cursor = '' })
    map.on('click', (e) => {
      const d = this.store.get().drawing
      if (d) {
        const next = [...d, [e.lngLat.lng, e.lngLat.lat]]
        this.store.update({ drawing: next })
        setDraft(map, next as [number, number][])
      }
    })
    const b = info?.bbox ?? [112.3, 21.5, 113.3, 22.9]
    areaBoundaries('district', b, cellSize(8)).then((fc) => !this.destroyed && setAreaData(map, AREA_SOURCES.district, fc), () => undefined)
    this.store.update({ mapReady: true })
    this.redrawAll()
    this.debug.ready = true
  }

  destroy(): void {
    this.destroyed = true
    this.tiles.stop()
    this.worklistAbort?.abort()
    for (const m of this.markers.values()) m.remove()
    this.markers.clear()
    for (const l of this.labels) l.remove()
    this.labels = []
    for (const t of this.serverTimers.values()) clearTimeout(t)
    this.handle?.destroy()
    this.handle = null
    if (typeof window !== 'undefined' && window.__planner === this.debug) delete window.__planner
  }

  // ---------------------------------------------------------------- reference data
  private async loadReference(): Promise<void> {
    const [d, ind, types, parks] = await Promise.all([
      districts().catch(() => []), industries().catch(() => []), protectiveTargetTypes().catch(() => []), chemicalParks().catch(() => []),
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
    setSourcePoints(map, this.visibleRows().map((r) => ({ id: r.hazard_source_id, name: r.hazard_source_name, lon: r.lon, lat: r.lat, major_grade: r.major_grade, picked: r.hazard_source_id === picked })))
  }

  // ---------------------------------------------------------------- picked source
  async pickSource(id: string): Promise<void> {
    this.store.update({ pickLoading: true, pickError: null, pickedCheck: null })
    try {
      const [src, check] = await Promise.all([plannerSource(id), safetyDistanceCheck(id)])
      if (this.destroyed) return
      this.store.update({ picked: src, pickedCheck: check, pickLoading: false })
      // the scenario's distances default to the picked source's (editable per class)
      this.setDistances(this.sourceDistances(src), { id: src.id, name: src.name })
      this.drawPicked()
      this.drawSources()
      const map = this.map
      if (map) {
        const rings = distanceRings(src.geometry, this.sourceDistances(src))
        if (rings.length) {
          const [w, s, e, n] = turfBbox({ type: 'FeatureCollection', features: rings })
          map.fitBounds([[w, s], [e, n]], { padding: 60, duration: 0, maxZoom: 16 })
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
    this.store.update({ tab })
    this.drawLabels()
  }

  // ---------------------------------------------------------------- scenario
  setDistances(d: Distances, from: PlannerState['distancesFrom'] = this.store.get().distancesFrom): void {
    this.store.update({ distances: { ...d }, distancesFrom: from })
    for (const c of this.store.get().candidates) this.reevaluate(c.label, true)
    this.drawCandidates()
  }

  setDistance(cls: keyof Distances, metres: number): void {
    if (!Number.isFinite(metres) || metres < 0 || metres > 50000) return
    this.setDistances({ ...this.store.get().distances, [cls]: metres })
  }

  private nextLabel(): string | null {
    const used = new Set(this.store.get().candidates.map((c) => c.label))
    return LABELS.find((l) => !used.has(l)) ?? null
  }

  /** Adds a candidate point (default: the map's centre, or beside the picked source). */
  addPoint(at?: [number, number]): string | null {
    const label = this.nextLabel()
    const map = this.map
    if (!label || !map) return null
    const c = at ?? (map.getCenter().toArray() as [number, number])
    this.addCandidate(label, { type: 'Point', coordinates: c })
    return label
  }

  startDrawing(): void {
    if (!this.nextLabel()) return
    this.store.update({ drawing: [] })
    if (this.map) {
      this.map.getCanvas().style.cursor = 'crosshair'
      this.map.doubleClickZoom.disable()
    }
  }

  cancelDrawing(): void {
    this.store.update({ drawing: null })
    if (this.map) {
      setDraft(this.map, [])
      this.map.getCanvas().style.cursor = ''
      this.map.doubleClickZoom.enable()
    }
  }

  finishDrawing(): string | null {
    const pts = this.store.get().drawing
    const label = this.nextLabel()
    this.cancelDrawing()
    if (!pts || pts.length < 3 || !label) return null
    return this.addCandidate(label, { type: 'Polygon', coordinates: [[...pts, pts[0]]] })
  }

  /** Adds a candidate with the given geometry (also used by tests). */
  addCandidate(label: string, geometry: SiteGeometry): string {
    const cand: Candidate = { label, geometry, live: null, liveMs: 0, server: null, serverFor: null, serverLoading: false, serverError: null, agreement: null }
    this.store.update({ candidates: [...this.store.get().candidates, cand], active: label, tab: 'scenario' })
    this.placeMarker(cand)
    this.reevaluate(label, true)
    this.drawCandidates()
    return label
  }

  removeCandidate(label: string): void {
    const s = this.store.get()
    this.markers.get(label)?.remove()
    this.markers.delete(label)
    const candidates = s.candidates.filter((c) => c.label !== label)
    this.store.update({ candidates, active: s.active === label ? candidates[0]?.label ?? null : s.active })
    this.drawCandidates()
    this.drawLabels()
  }

  setActive(label: string): void {
    if (this.store.get().active === label) return
    this.store.update({ active: label })
    this.drawCandidates()
    this.drawLabels()
  }

  private markerPoint(g: SiteGeometry): [number, number] {
    if (g.type === 'Point') return g.coordinates as [number, number]
    const [w, s, e, n] = turfBbox(g)
    return [(w + e) / 2, (s + n) / 2]
  }

  private placeMarker(c: Candidate): void {
    const map = this.map
    if (!map) return
    const el = document.createElement('div')
    el.className = 'pl-marker'
    el.dataset.testid = `candidate-marker-${c.label}`
    el.textContent = c.label
    const marker = new Marker({ element: el, draggable: true }).setLngLat(this.markerPoint(c.geometry)).addTo(map)
    let start: [number, number] = this.markerPoint(c.geometry)
    let startGeom: SiteGeometry = c.geometry
    marker.on('dragstart', () => {
      const cur = this.candidate(c.label)
      if (!cur) return
      start = marker.getLngLat().toArray() as [number, number]
      startGeom = cur.geometry
      this.setActive(c.label)
    })
    marker.on('drag', () => {
      const p = marker.getLngLat().toArray() as [number, number]
      this.moveCandidate(c.label, translate(startGeom, p[0] - start[0], p[1] - start[1]))
    })
    marker.on('dragend', () => {
      this.scheduleServer(c.label, 0)
    })
    el.addEventListener('click', (e) => { e.stopPropagation(); this.setActive(c.label) })
    this.markers.set(c.label, marker)
  }

  candidate(label: string): Candidate | undefined {
    return this.store.get().candidates.find((c) => c.label === label)
  }

  private patchCandidate(label: string, patch: Partial<Candidate>): void {
    this.store.update({ candidates: this.store.get().candidates.map((c) => (c.label === label ? { ...c, ...patch } : c)) })
  }

  /** Moves a candidate (while dragging): browser evaluation only; the database is asked on drop. */
  moveCandidate(label: string, geometry: SiteGeometry): Evaluation | null {
    const had = this.candidate(label)?.server
    this.patchCandidate(label, { geometry, server: null, agreement: null, serverError: null })
    if (had) this.drawLabels()
    const ev = this.evaluateLive(label)
    this.scheduleDraw()
    return ev
  }

  /** Moves a candidate programmatically and confirms it (tests, keyboard). */
  setCandidateGeometry(label: string, geometry: SiteGeometry): void {
    this.moveCandidate(label, geometry)
    this.markers.get(label)?.setLngLat(this.markerPoint(geometry))
    this.scheduleServer(label, 0)
  }

  private evaluateLive(label: string): Evaluation | null {
    const c = this.candidate(label)
    if (!c) return null
    const d = this.store.get().distances
    let ev: Evaluation
    try {
      const t0 = performance.now()
      const site = new PreparedSite(c.geometry)
      ev = this.targets.evaluate(site, d)
      const ms = performance.now() - t0
      this.debug.moveMs.push(ms)
      if (this.debug.moveMs.length > 5000) this.debug.moveMs.splice(0, 1000)
      this.patchCandidate(label, { live: ev, liveMs: ms })
      this.tiles.want(site, d)
    } catch (e) {
      this.debug.lastError = msg(e)
      return null
    }
    return ev
  }

  private reevaluate(label: string, confirm: boolean): void {
    this.evaluateLive(label)
    if (confirm) this.scheduleServer(label, 300)
  }

  private onTileLoaded(key: string): void {
    this.store.update({ loadedTargets: this.targets.size })
    for (const c of this.store.get().candidates) {
      if (c.live?.missingTiles.includes(key)) {
        this.evaluateLive(c.label)
        if (c.server) this.compare(c.label)
      }
    }
    this.scheduleDraw()
  }

  /** Resolves once every tile the candidate's answer needs is loaded (or failed). */
  async tilesReady(label: string): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const c = this.candidate(label)
      if (!c?.live || c.live.missingTiles.length === 0) return
      const waits = this.tiles.pending(c.live.missingTiles)
      if (waits.length === 0) {
        this.evaluateLive(label)
        if (this.candidate(label)?.live?.missingTiles.length) await new Promise((r) => setTimeout(r, 100))
      } else await Promise.all(waits)
    }
  }

  private scheduleServer(label: string, delay: number): void {
    clearTimeout(this.serverTimers.get(label))
    this.serverTimers.set(label, setTimeout(() => void this.confirm(label), delay))
  }

  /** evaluate_site for the candidate, then the browser–database comparison. */
  async confirm(label: string): Promise<void> {
    const c = this.candidate(label)
    if (!c) return
    const d = this.store.get().distances
    const key = geometryKey(c.geometry, d)
    this.patchCandidate(label, { serverLoading: true, serverError: null })
    try {
      const [res] = await Promise.all([evaluateSite(c.geometry, d), this.tilesReady(label)])
      const now = this.candidate(label)
      if (!now || geometryKey(now.geometry, this.store.get().distances) !== key) return
      this.patchCandidate(label, { server: res, serverFor: key, serverLoading: false })
      this.compare(label)
      this.debug.serverDone++
      this.scheduleDraw()
      this.drawLabels()
    } catch (e) {
      const now = this.candidate(label)
      if (now && geometryKey(now.geometry, this.store.get().distances) === key) this.patchCandidate(label, { serverLoading: false, serverError: msg(e) })
    }
  }

  private compare(label: string): void {
    const c = this.candidate(label)
    if (!c?.server || !c.live) return
    const site = new PreparedSite(c.geometry)
    const agreement = compareWithServer(c.live.targets, c.server.targets, 0.005, (id) => {
      const g = this.targets.indexOf(id)
      return g === undefined ? undefined : this.targets.distance(site, g)
    })
    this.patchCandidate(label, { agreement })
  }

  // ---------------------------------------------------------------- drawing
  private scheduleDraw(): void {
    if (this.frame) return
    this.frame = requestAnimationFrame(() => {
      this.frame = 0
      this.drawCandidates()
    })
  }

  private drawCandidates(): void {
    const map = this.map
    if (!map) return
    const s = this.store.get()
    setCandidates(map, s.candidates.map((c) => ({ label: c.label, geometry: c.geometry, active: c.label === s.active })))
    const rings = s.candidates.flatMap((c) => this.ringsOf(c.geometry, s.distances)
      .map((f) => ({ ...f, properties: { ...f.properties, active: c.label === s.active, label: c.label } })))
    setCandidateRings(map, rings)
    const act = s.candidates.find((c) => c.label === s.active)
    const rows = act?.server && act.serverFor === geometryKey(act.geometry, s.distances) ? act.server.targets : act?.live?.targets ?? []
    setCandidateTargets(map, targetsCollection(rows))
  }

  /** Candidate rings, cached per shape and distances (a plot's buffers cost a few ms each; only the dragged one changes). */
  private ringCache = new Map<string, ReturnType<typeof distanceRings>>()
  private ringsOf(g: SiteGeometry, d: Distances): ReturnType<typeof distanceRings> {
    const key = geometryKey(g, d)
    let r = this.ringCache.get(key)
    if (!r) {
      r = distanceRings(g, d, 64)
      if (this.ringCache.size > 24) this.ringCache.clear()
      this.ringCache.set(key, r)
    }
    return r
  }

  private redrawAll(): void {
    this.drawSources()
    this.drawPicked()
    this.drawCandidates()
    const map = this.map
    if (map) {
      setAreaData(map, AREA_SOURCES.parks, parksToGeoJson(this.store.get().parks))
      const s = this.store.get()
      setSuitable(map, s.suitability?.suitable ?? null)
      setBlocking(map, targetsCollection(s.blocking ?? []))
    }
  }

  // ---------------------------------------------------------------- suitability
  setPark(id: string | null): void {
    this.store.update({ parkId: id, suitability: null, suitabilityFor: null, suitabilityError: null, blocking: null })
    if (this.map) {
      setSuitable(this.map, null)
      setBlocking(this.map, targetsCollection([]))
    }
  }

  /**
   * The protective targets that constrain a park (within their class's distance of it), from the
   * browser's own tiles: drawn so the planner sees why an area is not suitable. null when the
   * tiles could not all be loaded. Its count is siting_suitability's blocking_targets.
   */
  async blockingTargets(area: SiteGeometry, d: Distances): Promise<Evaluation['targets'] | null> {
    const site = new PreparedSite(area)
    const keys = tilesCovering(site.searchBox(maxDistance(d)))
    if (keys.length > 400) return null
    const missing = () => keys.filter((k) => !this.targets.hasTile(k))
    const deadline = Date.now() + 60_000
    let tries = 0
    while (missing().length && Date.now() < deadline && !this.destroyed) {
      const todo = this.tiles.fresh(missing())
      if (todo.length) {
        if (++tries > 3 * keys.length) break // tiles keep failing
        this.tiles.prioritise(todo)
      }
      const waits = this.tiles.pending()
      if (!waits.length) break
      await Promise.race(waits)
    }
    if (missing().length) return null
    return this.targets.evaluate(site, d).targets
  }

  async computeSuitability(): Promise<void> {
    const s = this.store.get()
    const park = s.parks.find((p) => p.id === s.parkId)
    if (!park) return
    this.store.update({ suitabilityLoading: true, suitabilityError: null })
    try {
      const [r, blocking] = await Promise.all([sitingSuitability(park.geometry, s.distances), this.blockingTargets(park.geometry, s.distances)])
      if (this.destroyed) return
      this.store.update({ suitability: r, suitabilityFor: JSON.stringify(s.distances), suitabilityLoading: false, blocking })
      const map = this.map
      if (map) {
        setSuitable(map, r.suitable)
        setBlocking(map, targetsCollection(blocking ?? []))
        const [w, so, e, n] = turfBbox(park.geometry)
        map.fitBounds([[w, so], [e, n]], { padding: 80, duration: 0 })
      }
    } catch (e) {
      this.store.update({ suitabilityLoading: false, suitabilityError: msg(e) })
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
    this.store.update({ printView: true, snapshot: this.map ? snapshot(this.map) : null })
  }

  closePrint(): void {
    this.store.update({ printView: false })
  }

  /** Fits the map to the candidates (before a snapshot). */
  fitCandidates(): void {
    const s = this.store.get()
    if (this.map) fitRings(this.map, s.candidates.flatMap((c) => distanceRings(c.geometry, s.distances, 32)))
  }
}
