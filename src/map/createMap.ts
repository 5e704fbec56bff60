// The MapLibre map with its controls and the interleaved deck.gl overlay. The basemap never
// blocks: a style URL that does not load in time falls back to the offline style, and failed
// tile requests are logged once and otherwise ignored.
import { Map as MlMap, NavigationControl, ScaleControl, setWorkerUrl, type StyleSpecification } from 'maplibre-gl'
import 'maplibre-gl/dist/maplibre-gl.css'
// MapLibre finds its worker next to its own module, which a bundler moves: point at it explicitly.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import { MapboxOverlay } from '@deck.gl/mapbox'
import type { Layer } from '@deck.gl/core'
import { buildStyle, parseBasemap, type BasemapConfig, type ParsedBasemap } from './basemap.ts'

export interface MapHandle {
  map: MlMap
  overlay: MapboxOverlay
  basemap: BasemapConfig
  /** true when the offline style is in use (configured or fallen back to) */
  offline: boolean
  warning?: string
  setLayers(layers: Layer[]): void
  destroy(): void
}

export interface CreateMapOptions {
  container: HTMLElement
  center: [number, number]
  zoom: number
  basemap?: string
  styleTimeoutMs?: number
  locale?: Record<string, string>
  /** MapLibre's canvas size limit (default 4096×4096); a video wall's map is wider than that */
  maxCanvasSize?: [number, number]
  /** the first view: these bounds (west, south, east, north) with 40 px padding, instead of center and zoom */
  bounds?: readonly [number, number, number, number] | null
}

async function fetchStyle(url: string, timeoutMs: number): Promise<StyleSpecification> {
  const ctrl = new AbortController()
  const timer = setTimeout(() => ctrl.abort(), timeoutMs)
  try {
    // the basemap's style document (a MapLibre concern), never our data
    // eslint-disable-next-line no-restricted-globals
    const res = await fetch(url, { signal: ctrl.signal })
    if (!res.ok) throw new Error(`HTTP ${res.status}`)
    const json = (await res.json()) as StyleSpecification
    if (json.version !== 8 || !Array.isArray(json.layers)) throw new Error('not a MapLibre style')
    return json
  } finally {
    clearTimeout(timer)
  }
}

export async function resolveBasemap(
  raw: string | undefined,
  timeoutMs = 5000,
): Promise<{ parsed: ParsedBasemap; style: StyleSpecification; offline: boolean; warning?: string }> {
  const parsed = parseBasemap(raw)
  const cfg = parsed.config
  if (cfg.kind === 'style') {
    try {
      return { parsed, style: await fetchStyle(cfg.url, timeoutMs), offline: false, warning: parsed.warning }
    } catch (e) {
      return {
        parsed,
        style: buildStyle({ kind: 'offline' }),
        offline: true,
        warning: `basemap style ${cfg.url} unavailable (${(e as Error).message}); offline basemap in use`,
      }
    }
  }
  return { parsed, style: buildStyle(cfg), offline: cfg.kind !== 'raster', warning: parsed.warning }
}

let workerSet = false

/**
 * @deck.gl/mapbox 9.4 reads `map.transform` (height, elevation, _nearZ) to build its viewport;
 * MapLibre 6 moved the transform onto its internal camera (`map._camera.transform`). Without
 * this getter deck.gl throws on every frame and draws nothing. Remove once @deck.gl/mapbox
 * supports MapLibre 6.
 */
function exposeTransformForDeck(map: MlMap): void {
  const m = map as unknown as { transform?: unknown; _camera?: { transform?: unknown } }
  if (m.transform !== undefined || !m._camera) return
  Object.defineProperty(map, 'transform', { configurable: true, get: () => m._camera!.transform })
}

/**
 * createMap for a page that may be left while the basemap loads: null, and nothing left behind,
 * once `alive()` says the page is gone.
 */
export async function createMapWhile(alive: () => boolean, opts: CreateMapOptions): Promise<MapHandle | null> {
  if (!alive()) return null
  const handle = await createMap(opts)
  if (alive()) return handle
  handle.destroy()
  return null
}

export async function createMap(opts: CreateMapOptions): Promise<MapHandle> {
  if (!workerSet) {
    setWorkerUrl(workerUrl)
    workerSet = true
  }
  const env = (import.meta as { env?: Record<string, string | undefined> }).env ?? {}
  const { parsed, style, offline, warning } = await resolveBasemap(opts.basemap ?? env.VITE_BASEMAP, opts.styleTimeoutMs)
  if (warning) console.warn(warning)
  const map = new MlMap({
    container: opts.container,
    style,
    center: opts.center,
    zoom: opts.zoom,
    minZoom: 3,
    maxZoom: 19,
    maxPitch: 0,
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    fadeDuration: 0,
    attributionControl: { compact: true },
    locale: opts.locale,
    ...(opts.maxCanvasSize ? { maxCanvasSize: opts.maxCanvasSize } : {}),
    ...(opts.bounds
      ? {
          bounds: [
            [opts.bounds[0], opts.bounds[1]],
            [opts.bounds[2], opts.bounds[3]],
          ] as [[number, number], [number, number]],
          fitBoundsOptions: { padding: 40 },
        }
      : {}),
    // the map wall and screenshots read pixels back
    canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
  })
  exposeTransformForDeck(map)
  map.touchZoomRotate.disableRotation()
  map.keyboard.disableRotation()
  map.addControl(new NavigationControl({ showCompass: false, visualizePitch: false }), 'top-left')
  map.addControl(new ScaleControl({ maxWidth: 140, unit: 'metric' }), 'bottom-left')

  const reported = new Set<string>()
  map.on('error', (e) => {
    // A failed tile or image must never block the page: log once per source, then stay quiet.
    const ev = e as unknown as { sourceId?: string; error?: Error }
    const key = ev.sourceId ?? ev.error?.message ?? 'map'
    if (!reported.has(key)) {
      reported.add(key)
      console.warn('[map]', key, ev.error?.message ?? e)
    }
  })

  const overlay = new MapboxOverlay({ interleaved: true, layers: [] })
  map.addControl(overlay)

  return {
    map,
    overlay,
    basemap: parsed.config,
    offline,
    warning,
    setLayers(layers) {
      overlay.setProps({ layers })
    },
    destroy() {
      try {
        map.removeControl(overlay)
      } catch {
        /* already gone */
      }
      overlay.finalize()
      map.remove()
    },
  }
}
