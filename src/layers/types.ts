// What a layer module is: its data request (through src/data), its deck.gl layer and its name.
// The one map, the wall, the dangers map and the public view pick modules from the registry and
// pass options (audience, filters, size) instead of pairing styles with layer factories.
import type { Layer } from '@deck.gl/core'
import type { Bbox } from '../contract/rows.ts'
import type { MapFilters } from '../data/mapApi.ts'
import type { Lang } from '../app/i18n.ts'
import type { LayerUi } from './ui/parts.ts'

/** Who looks: staff at a desk, the public (public_* RPCs only), or the command centre's wall. */
export type Audience = 'staff' | 'public' | 'wall'

export type RegistryKey =
  | 'risk_points'
  | 'hidden_dangers'
  | 'protective_targets'
  | 'hazard_sources'
  | 'emergency_resources'
  | 'threat_zones'
  | 'pipelines'
  | 'accidents'
  | 'monitoring'
  | 'vehicles'
  | 'stale'
  | 'warning_areas'

export interface ViewQuery {
  /** what to fetch (the view, padded) */
  bbox: Bbox
  /** MapLibre zoom */
  zoom: number
  filters: MapFilters
  audience: Audience
}

export interface LayerData<D> {
  data: D
  records: number
  /** bytes on the wire */
  bytes: number
  /** request time */
  ms: number
}

export interface DrawOptions {
  /** the deck layer id */
  id: string
  visible: boolean
  zoom: number
  lang: Lang
  audience: Audience
  /** symbol size factor on top of the zoom's scale (the wall: grows with the canvas); 1 at a desk */
  size?: number
  /** the smallest dot in pixels, where the layer has one (the wall: larger with the canvas) */
  minPixels?: number
  /** the MapLibre layer to draw under (interleaved overlay) */
  beforeId?: string
  /** hazard grade labels a collision pass kept (null: all) */
  keepLabel?: ((d: { lon: number; lat: number }) => boolean) | null
}

/** What the viewport loader needs of a layer: its request and its deck layer. */
export interface LayerSource<D = unknown> {
  readonly key: RegistryKey
  readonly audiences: readonly Audience[]
  /** where its toggle sits in the one map's layer panel (ascending) */
  readonly panelOrder: number
  /** on when the one map opens */
  readonly visibleByDefault: boolean
  /**
   * The loaded data still serves a view while the zoom moved less than this (binned layers rebin
   * every half level; small layers come whole and never go stale with the zoom).
   */
  readonly zoomTolerance: number
  /**
   * Live data: re-request the view this often (ms) while the layer is shown and the tab visible;
   * the viewport loader's `refresh` skips a layer whose request is still in flight (no pile-up).
   */
  readonly refreshMs?: number
  /** the part of the filters and audience this layer's request depends on */
  requestKey(q: Omit<ViewQuery, 'bbox' | 'zoom'>): string
  readonly empty: D
  load(q: ViewQuery, signal: AbortSignal): Promise<LayerData<D>>
  draw(data: D, o: DrawOptions): Layer
}

/** A layer module: its request and deck layer, and its parts on the screens (strings, symbol, counts, legend, card, tooltip). */
export interface LayerModule<D = unknown> extends LayerSource<D> {
  readonly ui: LayerUi
}

/** A typed module as the registry holds it. */
export function defineLayer<D>(m: LayerModule<D>): LayerModule<D> {
  return m
}

/** A typed source alone (tests of the loader). */
export function defineSource<D>(m: LayerSource<D>): LayerSource<D> {
  return m
}
