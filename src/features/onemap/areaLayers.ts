// The one map's MapLibre area layers and their loading: district / street / grid boundaries by
// zoom (simplified for it), chemical parks, and the area risk map (the chosen level's boundaries
// joined to its city-wide summary). Each request is "latest wins" by key and skipped while what
// was fetched still covers the view.
import type { AreaCollection } from '../../contract/rows.ts'
import type { FeatureCollection } from 'geojson'
import type { Map as MlMap } from 'maplibre-gl'
import { cellSize } from '../../contract/cells.ts'
import { areaBoundaries, areaRiskSummary, mapFeatures, type AreaRiskSummary, type Bbox } from '../../data/mapApi.ts'
import { geometryBbox } from '../../map/labelPoint.ts'
import { LatestRequests } from '../../data/latest.ts'
import {
  AREA_SOURCES,
  areaLabels,
  installAreaLayers,
  parkLabels,
  parksToGeoJson,
  setAreaData,
  setAreaVisibility,
  setFocusArea,
  type AreaLevelShown,
} from '../../map/layers/areas.ts'
import { installAreaRiskLayers, joinAreaRisk, setAreaRiskData, setAreaRiskVisibility } from '../../map/layers/areaRisk.ts'
import { areaFillOpacity, LIGHT_THEME, type BasemapConfig } from '../../map/basemap.ts'
import { areaLevelsForZoom, coverStillValid, padBbox } from '../../map/viewport.ts'
import { jsonBytes } from '../../layers/smallRequest.ts'
import type { AreaLabels } from './labelPlacement.ts'
import type { DistrictOption, LayerKey, LoadInfo, Mode } from './state.ts'

export interface AreaHost {
  map(): MlMap | null
  status(layer: LayerKey, status: 'loading' | 'ok' | 'error', message?: string): void
  record(key: string, info: LoadInfo): void
  /** area or park labels changed */
  labelsChanged(): void
  areaRisk(summary: AreaRiskSummary[]): void
}

const EMPTY_FC: FeatureCollection = { type: 'FeatureCollection', features: [] }

export class AreaLayers {
  labels: AreaLabels = { district: [], street: [], grid: [], park: [] }
  /** English names of the areas loaded so far, by code (the area card's title in English) */
  private namesEn = new Map<string, string>()
  private latest = new LatestRequests()
  private covers = new Map<string, { bbox: Bbox; zoom: number; key: string }>()
  /** area levels whose boundaries are on the map now */
  private shown = new Set<AreaLevelShown>()
  /** area risk summaries by `mode|level` (city-wide; fetched once per page and mode) */
  private summaries = new Map<string, Promise<AreaRiskSummary[]>>()

  constructor(private host: AreaHost) {}

  /** Runs one load under "latest wins" for `reqKey`, records its cover and the layer's status. */
  private async track(
    layer: LayerKey,
    reqKey: string,
    cover: { bbox: Bbox; zoom: number; key: string },
    fn: (signal: AbortSignal) => Promise<void>,
  ): Promise<void> {
    this.host.status(layer, 'loading')
    try {
      const r = await this.latest.run(reqKey, fn)
      if (!r) return
      this.covers.set(reqKey, cover)
      this.host.status(layer, 'ok')
    } catch (e) {
      this.host.status(layer, 'error', (e as Error).message)
      console.warn(`[onemap] ${layer}:`, (e as Error).message)
    }
  }

  /** Boundaries of the levels the zoom shows; the others taken off the map. */
  async loadAreas(view: Bbox, zoom: number): Promise<void> {
    const map = this.host.map()
    if (!map) return
    const wanted = areaLevelsForZoom(zoom)
    const jobs: Promise<void>[] = []
    for (const level of ['district', 'street', 'grid'] as const) {
      const key = `areas:${level}`
      if (!wanted.includes(level)) {
        // out of its zoom range: stop loading it and take it off the map
        this.latest.abort(key)
        this.covers.delete(key)
        if (this.shown.has(level)) {
          this.shown.delete(level)
          setAreaData(map, AREA_SOURCES[level], EMPTY_FC)
          this.labels[level] = []
          this.host.labelsChanged()
        }
        continue
      }
      const prev = this.covers.get(key)
      // boundaries are simplified for the zoom: refetch when zoom moved a whole level
      if (prev && coverStillValid(prev, view, zoom, 1)) continue
      const bbox = padBbox(view, level === 'district' ? 1 : 0.3)
      const z = Math.floor(zoom)
      jobs.push(
        this.track('areas', key, { bbox, zoom: z, key }, async (signal) => {
          const t0 = performance.now()
          const fc = await areaBoundaries(level, bbox, cellSize(z), signal)
          if (signal.aborted) return
          setAreaData(map, AREA_SOURCES[level], fc as FeatureCollection)
          this.shown.add(level)
          this.labels[level] = areaLabels(fc, level)
          this.keepNamesEn(fc)
          this.host.record(key, { records: fc.features.length, bytes: jsonBytes(fc), ms: Math.round(performance.now() - t0) })
          this.host.labelsChanged()
        }),
      )
    }
    await Promise.allSettled(jobs)
  }

  private keepNamesEn(fc: AreaCollection): void {
    for (const f of fc.features) if (f.properties.name_en) this.namesEn.set(f.properties.code, f.properties.name_en)
  }

  /** An area's English name (pinyin for streets and towns), if its boundary has been loaded. */
  nameEn(code: string): string | undefined {
    return this.namesEn.get(code)
  }

  /** Chemical parks (a few polygons, whole for the padded view; the public's are public too). */
  async loadParks(fetchBbox: Bbox, view: Bbox, zoom: number, mode: Mode): Promise<void> {
    const map = this.host.map()
    if (!map) return
    const prev = this.covers.get('chemical_parks')
    if (prev && prev.key === mode && coverStillValid(prev, view, zoom, 99)) return
    await this.track('chemical_parks', 'chemical_parks', { bbox: fetchBbox, zoom, key: mode }, async (signal) => {
      const t0 = performance.now()
      const rows = await mapFeatures('chemical_parks', fetchBbox, mode === 'public', signal)
      if (signal.aborted) return
      this.labels.park = parkLabels(rows)
      setAreaData(map, AREA_SOURCES.parks, parksToGeoJson(rows))
      this.host.record('chemical_parks', { records: rows.length, bytes: jsonBytes(rows), ms: Math.round(performance.now() - t0) })
      this.host.labelsChanged()
    })
  }

  private summaryFor(level: AreaLevelShown, mode: Mode): Promise<AreaRiskSummary[]> {
    const key = `${mode}|${level}`
    let p = this.summaries.get(key)
    if (!p) {
      // not aborted with the view: the summary is city-wide and the next view wants it too
      p = areaRiskSummary(level, mode === 'public')
      p.catch(() => this.summaries.delete(key))
      this.summaries.set(key, p)
    }
    return p
  }

  /** The chosen level's boundaries in view, coloured by the level's summary (joined by code). */
  async loadAreaRisk(view: Bbox, zoom: number, mode: Mode, level: AreaLevelShown, current: () => AreaLevelShown): Promise<void> {
    const map = this.host.map()
    if (!map) return
    const key = `${mode}|${level}`
    const prev = this.covers.get('area_risk')
    if (prev && prev.key === key && coverStillValid(prev, view, zoom, 1)) return
    const bbox = padBbox(view, level === 'district' ? 1 : 0.3)
    const z = Math.floor(zoom)
    await this.track('area_risk', 'area_risk', { bbox, zoom: z, key }, async (signal) => {
      const t0 = performance.now()
      const [fc, summary] = await Promise.all([areaBoundaries(level, bbox, cellSize(z), signal), this.summaryFor(level, mode)])
      if (signal.aborted || level !== current()) return
      this.keepNamesEn(fc)
      setAreaRiskData(map, joinAreaRisk(fc, summary))
      this.host.areaRisk(summary)
      this.host.record('area_risk', { records: fc.features.length, bytes: jsonBytes(fc), ms: Math.round(performance.now() - t0) })
    })
  }

  /** Another area risk level: drop what is drawn and loading. */
  resetAreaRisk(): void {
    this.latest.abort('area_risk')
    this.covers.delete('area_risk')
    const map = this.host.map()
    if (map) setAreaRiskData(map, EMPTY_FC)
  }

  /**
   * Puts the area layers on a (new) style, the risk wash above the plain fills and under the park
   * fill, the boundary lines and the points. A new style starts empty: everything is fetched again.
   */
  install(basemap: BasemapConfig, visible: Record<LayerKey, boolean>, focusArea: string | null): void {
    const map = this.host.map()
    if (!map) return
    installAreaLayers(map, LIGHT_THEME, areaFillOpacity(basemap, LIGHT_THEME))
    installAreaRiskLayers(map, 'om-park-fill')
    this.setVisibility(visible)
    setFocusArea(map, focusArea)
    this.covers.clear()
    this.shown.clear()
  }

  setVisibility(visible: Record<LayerKey, boolean>): void {
    const map = this.host.map()
    if (!map) return
    setAreaVisibility(map, visible.areas, visible.chemical_parks)
    setAreaRiskVisibility(map, visible.area_risk)
  }

  /** A change of mode: what the other mode fetched no longer applies. */
  reset(): void {
    this.latest.abortAll()
    this.covers.clear()
    this.summaries.clear()
  }

  destroy(): void {
    this.latest.abortAll()
  }
}

/** The districts of the city for the area filter, by code (outlines at a coarse cell). */
export async function districtOptions(cityBbox: Bbox): Promise<DistrictOption[]> {
  const fc = await areaBoundaries('district', cityBbox, cellSize(8))
  return fc.features
    .map((f) => ({ code: f.properties.code, name: f.properties.name, nameEn: f.properties.name_en || f.properties.name, bbox: geometryBbox(f.geometry) }))
    .sort((a, b) => a.code.localeCompare(b.code))
}
