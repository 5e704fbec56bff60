// The planner's scenario: up to three candidate sites (points or drawn polygons) with draggable
// markers, evaluated in the browser on every move (TargetStore over the loaded tiles) and
// confirmed by evaluate_site on drop, the scenario's distances per class, and their drawing
// (candidate shapes, rings, targets inside).
import { Marker, type Map as MlMap } from 'maplibre-gl'
import { bbox as turfBbox } from '@turf/turf'
import type { Store } from '../../app/store.ts'
import { distanceRings, setCandidateRings, setCandidates, setCandidateTargets, setDraft, targetsCollection } from '../../map/layers/planner.ts'
import { evaluateSite } from '../../data/planner.ts'
import { compareWithServer, PreparedSite, translate, type Distances, type Evaluation, type SiteGeometry, type TargetStore } from '../../domain/plannerGeo.ts'
import type { TileLoader } from './tileLoader.ts'
import { fitRings } from './mapSnapshot.ts'
import { geometryKey, type Candidate, type PlannerDebug, type PlannerState } from './state.ts'

const LABELS = ['A', 'B', 'C'] as const

const msg = (e: unknown) => (e instanceof Error ? e.message : String(e))

/** What the scenario uses of the planner. */
export interface ScenarioHost {
  readonly store: Store<PlannerState>
  readonly targets: TargetStore
  readonly tiles: TileLoader
  readonly debug: PlannerDebug<unknown>
  map(): MlMap | null
  destroyed(): boolean
  /** redraws the shortfall labels (they follow the active candidate) */
  drawLabels(): void
}

export class Scenario {
  private markers = new Map<string, Marker>()
  private frame = 0
  private serverTimers = new Map<string, ReturnType<typeof setTimeout>>()

  constructor(private readonly host: ScenarioHost) {}

  destroy(): void {
    for (const m of this.markers.values()) m.remove()
    this.markers.clear()
    for (const t of this.serverTimers.values()) clearTimeout(t)
    if (this.frame) cancelAnimationFrame(this.frame)
  }

  setDistances(d: Distances, from: PlannerState['distancesFrom'] = this.host.store.get().distancesFrom): void {
    this.host.store.update({ distances: { ...d }, distancesFrom: from })
    for (const c of this.host.store.get().candidates) this.reevaluate(c.label, true)
    this.drawCandidates()
  }

  setDistance(cls: keyof Distances, metres: number): void {
    if (!Number.isFinite(metres) || metres < 0 || metres > 50000) return
    this.setDistances({ ...this.host.store.get().distances, [cls]: metres })
  }

  private nextLabel(): string | null {
    const used = new Set(this.host.store.get().candidates.map((c) => c.label))
    return LABELS.find((l) => !used.has(l)) ?? null
  }

  /** Adds a candidate point (default: the map's centre, or beside the picked source). */
  addPoint(at?: [number, number]): string | null {
    const label = this.nextLabel()
    const map = this.host.map()
    if (!label || !map) return null
    const c = at ?? (map.getCenter().toArray() as [number, number])
    this.addCandidate(label, { type: 'Point', coordinates: c })
    return label
  }

  startDrawing(): void {
    if (!this.nextLabel()) return
    this.host.store.update({ drawing: [] })
    const map = this.host.map()
    if (map) {
      map.getCanvas().style.cursor = 'crosshair'
      map.doubleClickZoom.disable()
    }
  }

  cancelDrawing(): void {
    this.host.store.update({ drawing: null })
    const map = this.host.map()
    if (map) {
      setDraft(map, [])
      map.getCanvas().style.cursor = ''
      map.doubleClickZoom.enable()
    }
  }

  finishDrawing(): string | null {
    const pts = this.host.store.get().drawing
    const label = this.nextLabel()
    this.cancelDrawing()
    if (!pts || pts.length < 3 || !label) return null
    return this.addCandidate(label, { type: 'Polygon', coordinates: [[...pts, pts[0]]] })
  }

  /** Adds a candidate with the given geometry (also used by tests). */
  addCandidate(label: string, geometry: SiteGeometry): string {
    const cand: Candidate = { label, geometry, live: null, liveMs: 0, server: null, serverFor: null, serverLoading: false, serverError: null, agreement: null }
    this.host.store.update({ candidates: [...this.host.store.get().candidates, cand], active: label, tab: 'scenario' })
    this.placeMarker(cand)
    this.reevaluate(label, true)
    this.drawCandidates()
    return label
  }

  removeCandidate(label: string): void {
    const s = this.host.store.get()
    this.markers.get(label)?.remove()
    this.markers.delete(label)
    const candidates = s.candidates.filter((c) => c.label !== label)
    this.host.store.update({ candidates, active: s.active === label ? (candidates[0]?.label ?? null) : s.active })
    this.drawCandidates()
    this.host.drawLabels()
  }

  setActive(label: string): void {
    if (this.host.store.get().active === label) return
    this.host.store.update({ active: label })
    this.drawCandidates()
    this.host.drawLabels()
  }

  /** Where a candidate's A/B/C marker stands: the point, or a plot's bounding-box centre. */
  markerPoint(g: SiteGeometry): [number, number] {
    if (g.type === 'Point') return g.coordinates as [number, number]
    const [w, s, e, n] = turfBbox(g)
    return [(w + e) / 2, (s + n) / 2]
  }

  private placeMarker(c: Candidate): void {
    const map = this.host.map()
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
    el.addEventListener('click', (e) => {
      e.stopPropagation()
      this.setActive(c.label)
    })
    this.markers.set(c.label, marker)
  }

  candidate(label: string): Candidate | undefined {
    return this.host.store.get().candidates.find((c) => c.label === label)
  }

  private patchCandidate(label: string, patch: Partial<Candidate>): void {
    this.host.store.update({ candidates: this.host.store.get().candidates.map((c) => (c.label === label ? { ...c, ...patch } : c)) })
  }

  /** Moves a candidate (while dragging): browser evaluation only; the database is asked on drop. */
  moveCandidate(label: string, geometry: SiteGeometry): Evaluation | null {
    const had = this.candidate(label)?.server
    this.patchCandidate(label, { geometry, server: null, agreement: null, serverError: null })
    if (had) this.host.drawLabels()
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
    const d = this.host.store.get().distances
    let ev: Evaluation
    try {
      const t0 = performance.now()
      const site = new PreparedSite(c.geometry)
      ev = this.host.targets.evaluate(site, d)
      const ms = performance.now() - t0
      this.host.debug.moveMs.push(ms)
      if (this.host.debug.moveMs.length > 5000) this.host.debug.moveMs.splice(0, 1000)
      this.patchCandidate(label, { live: ev, liveMs: ms })
      this.host.tiles.want(site, d)
    } catch (e) {
      this.host.debug.lastError = msg(e)
      return null
    }
    return ev
  }

  private reevaluate(label: string, confirm: boolean): void {
    this.evaluateLive(label)
    if (confirm) this.scheduleServer(label, 300)
  }

  /** A tile of targets arrived: re-evaluates the candidates that were missing it. */
  onTileLoaded(key: string): void {
    this.host.store.update({ loadedTargets: this.host.targets.size })
    for (const c of this.host.store.get().candidates) {
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
      const waits = this.host.tiles.pending(c.live.missingTiles)
      if (waits.length === 0) {
        this.evaluateLive(label)
        if (this.candidate(label)?.live?.missingTiles.length) await new Promise((r) => setTimeout(r, 100))
      } else await Promise.all(waits)
    }
  }

  private scheduleServer(label: string, delay: number): void {
    clearTimeout(this.serverTimers.get(label))
    this.serverTimers.set(
      label,
      setTimeout(() => void this.confirm(label), delay),
    )
  }

  /** evaluate_site for the candidate, then the browser–database comparison. */
  async confirm(label: string): Promise<void> {
    const c = this.candidate(label)
    if (!c) return
    const d = this.host.store.get().distances
    const key = geometryKey(c.geometry, d)
    this.patchCandidate(label, { serverLoading: true, serverError: null })
    try {
      const [res] = await Promise.all([evaluateSite(c.geometry, d), this.tilesReady(label)])
      const now = this.candidate(label)
      if (!now || geometryKey(now.geometry, this.host.store.get().distances) !== key) return
      this.patchCandidate(label, { server: res, serverFor: key, serverLoading: false })
      this.compare(label)
      this.host.debug.serverDone++
      this.scheduleDraw()
      this.host.drawLabels()
    } catch (e) {
      const now = this.candidate(label)
      if (now && geometryKey(now.geometry, this.host.store.get().distances) === key) this.patchCandidate(label, { serverLoading: false, serverError: msg(e) })
    }
  }

  private compare(label: string): void {
    const c = this.candidate(label)
    if (!c?.server || !c.live) return
    const site = new PreparedSite(c.geometry)
    const agreement = compareWithServer(c.live.targets, c.server.targets, 0.005, (id) => {
      const g = this.host.targets.indexOf(id)
      return g === undefined ? undefined : this.host.targets.distance(site, g)
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

  drawCandidates(): void {
    const map = this.host.map()
    if (!map) return
    const s = this.host.store.get()
    setCandidates(
      map,
      s.candidates.map((c) => ({ label: c.label, geometry: c.geometry, active: c.label === s.active })),
    )
    const rings = s.candidates.flatMap((c) =>
      this.ringsOf(c.geometry, s.distances).map((f) => ({ ...f, properties: { ...f.properties, active: c.label === s.active, label: c.label } })),
    )
    setCandidateRings(map, rings)
    const act = s.candidates.find((c) => c.label === s.active)
    const rows = act?.server && act.serverFor === geometryKey(act.geometry, s.distances) ? act.server.targets : (act?.live?.targets ?? [])
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

  /** Fits the map to the candidates (before a snapshot). */
  fitCandidates(): void {
    const s = this.host.store.get()
    const map = this.host.map()
    if (map)
      fitRings(
        map,
        s.candidates.flatMap((c) => distanceRings(c.geometry, s.distances, 32)),
      )
  }
}
