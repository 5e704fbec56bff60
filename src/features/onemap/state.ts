// The one map's state as the Preact panels read it, its layer keys and defaults.
import type { AreaRiskSummary, DatasetInfo, Detail, Industry, LayerCounts } from '../../data/mapApi.ts'
import { ALL_LEVELS, type RiskLevel } from '../../domain/levels.ts'
import type { AreaLevelShown } from '../../map/layers/areas.ts'
import { LAYERS, layersFor } from '../../layers/registry.ts'
import type { RegistryKey } from '../../layers/types.ts'

export type Mode = 'public' | 'full'
/** The registry's layers, and the MapLibre area layers only the one map draws. */
export type AreaLayerKey = 'chemical_parks' | 'areas' | 'area_risk'
export type LayerKey = RegistryKey | AreaLayerKey

const AREA_LAYERS: readonly AreaLayerKey[] = ['chemical_parks', 'areas', 'area_risk']

/** The registry's layers for a mode, in panel order. */
function panelLayers(mode: Mode): RegistryKey[] {
  return [...layersFor(mode === 'public' ? 'public' : 'staff')].sort((a, b) => a.panelOrder - b.panelOrder).map((m) => m.key)
}

/** The layers of each mode, in panel order. Public: public_* RPCs only. */
export const LAYERS_BY_MODE: Record<Mode, readonly LayerKey[]> = {
  full: [...panelLayers('full'), ...AREA_LAYERS],
  public: [...panelLayers('public'), ...AREA_LAYERS],
}

export const DEFAULT_VISIBLE: Record<LayerKey, boolean> = {
  ...(Object.fromEntries(LAYERS.map((m) => [m.key, m.visibleByDefault])) as Record<RegistryKey, boolean>),
  chemical_parks: true,
  areas: true,
  // a whole-city colour wash hides the points' own colours: only on request
  area_risk: false,
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
  /** the basemap's tiles are not arriving: the last HTTP status (0: network error) */
  basemapTilesFailing: number | null
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

export function initialState(mode: Mode): OneMapState {
  return {
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
    basemapTilesFailing: null,
    areaRiskLevel: 'district',
    areaRisk: null,
    areaSelected: null,
    linkNotice: null,
    hover: null,
  }
}

/** The state change of a layer's load status (null: nothing changes). A success also drops "unreachable". */
export function withLayerStatus(s: OneMapState, layer: LayerKey, status: 'loading' | 'ok' | 'error', message?: string): Partial<OneMapState> | null {
  const patch: Partial<OneMapState> = status === 'ok' && s.datasetError ? { datasetError: null } : {}
  if (s.layerStatus[layer] === status && !message) return Object.keys(patch).length ? patch : null
  const layerError = { ...s.layerError }
  if (message) layerError[layer] = message
  else if (status === 'ok') delete layerError[layer]
  return { ...patch, layerStatus: { ...s.layerStatus, [layer]: status }, layerError }
}

/** window.__onemap: what tests and benchmarks read. */
export interface OneMapDebug<C> {
  /** labels drawn after the collision pass, and how many were candidates */
  labels?: { areas: number; hazards: number; candidates: number }
  map: unknown
  ready: boolean
  lastLoad: Record<string, LoadInfo>
  drawnFrame: number
  controller: C
}
