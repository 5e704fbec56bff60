// The MapLibre map with its controls and the interleaved deck.gl overlay. The basemap never
// blocks: a style URL that does not load in time falls back to the offline style, and failed
// tile requests are logged once and otherwise ignored.
import { Map as MlMap, NavigationControl, ScaleControl, setWorkerUrl, type StyleSpecification } from 'maplibre-gl'
import 'maplibre-gl/dist/maplibre-gl.css'
// MapLibre finds its worker next to its own module, which a bundler moves: point at it explicitly.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import { MapboxOverlay } from '@deck.gl/mapbox'
import type { Layer } from '@deck.gl/core'
import { buildStyle, LIGHT_THEME, parseBasemaps, type BasemapConfig, type BasemapEnv, type MapTheme, type NamedSource, type ParsedBasemaps } from './basemap.ts'
import { watchBasemapTiles, type TileFailure } from './basemapHealth.ts'
import { defaultChoice, loadChoice, saveChoice, sourceFor, type BasemapChoice } from './basemapChoice.ts'
import { loadRuntimeConfig } from './runtimeConfig.ts'
// the offline land and water (Natural Earth, see supabase/seed/extract-basemap.ts): a static
// asset MapLibre's worker loads, so it never weighs on the app's JavaScript
import landUrl from './basemap-land.json?url'

export interface MapHandle {
  map: MlMap
  overlay: MapboxOverlay
  /** the basemap drawn now: the configured one, or offline when chosen or fallen back to */
  basemap: BasemapConfig
  /** what VITE_BASEMAP / config.json (or the caller) configured, each source by name */
  sources: NamedSource[]
  /** the person's choice (the switcher), remembered in this browser */
  choice: BasemapChoice
  /** true when the offline style is in use (chosen, configured or fallen back to) */
  offline: boolean
  warning?: string
  /** the drawn basemap's tiles are not arriving (dead or mis-keyed tile server); null while they do */
  tilesFailing: TileFailure | null
  /** Called when `tilesFailing` changes; returns the unsubscribe. */
  onTilesChanged(fn: () => void): () => void
  /** The basemap's own labels in this language (a PMTiles vector basemap; others carry theirs). */
  setLabelLanguage(lang: 'zh' | 'en'): void
  /** Draws another basemap (a full style reload: screens re-install their layers on 'style.load'). */
  setBasemap(choice: BasemapChoice): Promise<void>
  setLayers(layers: Layer[]): void
  destroy(): void
}

export interface CreateMapOptions {
  container: HTMLElement
  center: [number, number]
  zoom: number
  /** the basemap list (VITE_BASEMAP's forms); default: config.json's, else VITE_BASEMAP */
  basemap?: string
  styleTimeoutMs?: number
  locale?: Record<string, string>
  /** MapLibre's canvas size limit (default 4096×4096); a video wall's map is wider than that */
  maxCanvasSize?: [number, number]
  /** the first view: these bounds (west, south, east, north) with 40 px padding, instead of center and zoom */
  bounds?: readonly [number, number, number, number] | null
  /** the basemap to draw: the remembered choice unless given ('default': the configuration's, not remembered) */
  choice?: BasemapChoice | 'default'
  /** colours of the offline land and water */
  theme?: MapTheme
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

export interface ResolvedBasemap {
  /** what is drawn: the chosen source, or offline */
  effective: BasemapConfig
  style: StyleSpecification
  offline: boolean
  warning?: string
}

export interface BasemapSettings {
  parsed: ParsedBasemaps
  /** a PMTiles vector basemap's glyph server (null: no labels) */
  glyphs: string | null
}

/** The deployment's basemap list: config.json over VITE_*, or what the caller gave. */
export async function basemapSettings(given?: string): Promise<BasemapSettings> {
  const env = (import.meta as { env?: Record<string, string | undefined> }).env ?? {}
  const runtime = given === undefined ? await loadRuntimeConfig() : {}
  const raw = given ?? runtime.basemap ?? env.VITE_BASEMAP
  const keys: BasemapEnv = { tiandituKey: runtime.tiandituKey ?? env.VITE_TIANDITU_KEY ?? null }
  const g = runtime.glyphs ?? env.VITE_BASEMAP_GLYPHS ?? DEFAULT_GLYPHS
  return { parsed: parseBasemaps(raw, keys), glyphs: g === 'none' ? null : g }
}

/** Protomaps' published fonts; an intranet deployment sets its own copy or "none" (no labels). */
const DEFAULT_GLYPHS = 'https://protomaps.github.io/basemaps-assets/fonts/{fontstack}/{range}.pbf'

/** The style for a choice; an online source that does not load in time falls back to offline land. */
export async function resolveBasemap(
  settings: BasemapSettings,
  timeoutMs = 5000,
  choice: BasemapChoice | 'default' = 'default',
  theme: MapTheme = LIGHT_THEME,
): Promise<ResolvedBasemap> {
  const sources = settings.parsed.sources
  const want = choice === 'default' ? defaultChoice(sources) : choice
  const named = sourceFor(sources, want)
  const offline: BasemapConfig = { kind: 'offline' }
  const fallBack = (what: string, e: unknown): ResolvedBasemap => ({
    effective: offline,
    style: buildStyle(offline, theme, landUrl),
    offline: true,
    warning: `basemap ${what} unavailable (${(e as Error).message}); offline basemap in use`,
  })
  const cfg = named?.source
  if (cfg?.kind === 'style') {
    try {
      return { effective: cfg, style: await fetchStyle(cfg.url, timeoutMs), offline: false }
    } catch (e) {
      return fallBack(`style ${cfg.url}`, e)
    }
  }
  if (cfg?.kind === 'pmtiles') {
    try {
      const { pmtilesStyle } = await import('./basemapPmtiles.ts')
      const style = await pmtilesStyle(cfg.url, { tileSize: cfg.tileSize, glyphs: settings.glyphs, background: theme.background, timeoutMs })
      return { effective: cfg, style, offline: false }
    } catch (e) {
      return fallBack(`PMTiles ${cfg.url}`, e)
    }
  }
  if (cfg?.kind === 'raster') return { effective: cfg, style: buildStyle(cfg, theme), offline: false }
  return { effective: offline, style: buildStyle(offline, theme, want === 'none' ? null : landUrl), offline: true }
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
  const theme = opts.theme ?? LIGHT_THEME
  const settings = await basemapSettings(opts.basemap)
  const sources = settings.parsed.sources
  for (const w of settings.parsed.warnings) console.warn(w)
  const choice = opts.choice === undefined ? loadChoice(sources) : opts.choice === 'default' ? defaultChoice(sources) : opts.choice
  const { effective, style, offline, warning: resolveWarning } = await resolveBasemap(settings, opts.styleTimeoutMs, choice, theme)
  if (resolveWarning) console.warn(resolveWarning)
  const warning = [...settings.parsed.warnings, ...(resolveWarning ? [resolveWarning] : [])].join('; ') || undefined
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
  // MapLibre fires 'load' from a render frame once the style and its tiles are in. A basemap whose
  // tiles all fail (404) finishes loading without asking for another frame, so 'load' never came
  // and every screen waiting for it stayed blank: ask for a frame while it is due.
  const loadNudge = setInterval(() => {
    if (map.loaded()) map.triggerRepaint()
  }, 500)
  map.once('load', () => clearInterval(loadNudge))
  map.touchZoomRotate.disableRotation()
  map.keyboard.disableRotation()
  map.addControl(new NavigationControl({ showCompass: false, visualizePitch: false }), 'top-left')
  map.addControl(new ScaleControl({ maxWidth: 140, unit: 'metric' }), 'bottom-left')

  const reported = new Set<string>()
  let currentChoice = choice
  map.on('error', (e) => {
    // A failed tile or image must never block the page: log once per source, then stay quiet.
    // (keyed by source: a 404 storm of one tile server is one line, whatever each URL was)
    const ev = e as unknown as { sourceId?: string; error?: Error & { status?: number } }
    // and per basemap choice: another source failing after a switch is reported too
    const key = `${currentChoice}:${ev.sourceId ?? (ev.error?.status ? `HTTP ${ev.error.status}` : (ev.error?.message ?? 'map'))}`
    if (!reported.has(key)) {
      reported.add(key)
      console.warn('[map]', key, ev.error?.message ?? e)
    }
  })

  const overlay = new MapboxOverlay({ interleaved: true, layers: [] })
  map.addControl(overlay)

  const tileListeners = new Set<() => void>()
  const watchTiles = (config: BasemapConfig) =>
    watchBasemapTiles(config, (failure) => {
      handle.tilesFailing = failure
      if (failure) console.warn(`[map] basemap tiles failing: ${failure.count} in a row, last HTTP ${failure.status || 'error'}`)
      for (const fn of tileListeners) fn()
    })
  let stopTiles = watchTiles(effective)
  /** the language of a PMTiles vector basemap's labels, set again on every new style */
  let labelLang: 'zh' | 'en' = 'zh'
  const applyLabels = () => {
    if (handle.basemap.kind !== 'pmtiles') return
    void import('./basemapPmtiles.ts').then((m) => {
      try {
        m.setLabelLanguage(map, labelLang)
      } catch {
        /* the style is still loading: its 'style.load' applies the language */
      }
    })
  }
  map.on('style.load', applyLabels)
  /** the screen's deck layers, and whether a new style is loading (they wait for it) */
  let layersNow: Layer[] = []
  let styleLoading = false

  const handle: MapHandle = {
    map,
    overlay,
    basemap: effective,
    sources,
    choice,
    offline,
    warning,
    tilesFailing: null,
    onTilesChanged(fn) {
      tileListeners.add(fn)
      return () => tileListeners.delete(fn)
    },
    setLabelLanguage(lang) {
      if (lang === labelLang) return
      labelLang = lang
      applyLabels()
    },
    async setBasemap(next) {
      if (next === handle.choice) return
      const r = await resolveBasemap(settings, opts.styleTimeoutMs, next, theme)
      currentChoice = next
      Object.assign(handle, { basemap: r.effective, choice: next, offline: r.offline, warning: r.warning ?? warning, tilesFailing: null })
      stopTiles()
      stopTiles = watchTiles(r.effective)
      for (const fn of tileListeners) fn()
      if (opts.choice === undefined) saveChoice(next)
      if (r.warning) console.warn(r.warning)
      // a full reload fires 'style.load', where each screen installs its own layers again
      // deck.gl puts its layers back on 'styledata', before the screens' 'style.load' handlers put
      // back the MapLibre layers they are drawn before (beforeId): MapLibre refused each with
      // "Cannot add layer … before non-existing layer". Held off the map until the style is in.
      styleLoading = true
      overlay.setProps({ layers: [] })
      map.once('style.load', () => {
        styleLoading = false
        overlay.setProps({ layers: layersNow })
      })
      map.setStyle(r.style, { diff: false })
    },
    setLayers(layers) {
      layersNow = layers
      if (!styleLoading) overlay.setProps({ layers })
    },
    destroy() {
      clearInterval(loadNudge)
      stopTiles()
      tileListeners.clear()
      try {
        map.removeControl(overlay)
      } catch {
        /* already gone */
      }
      overlay.finalize()
      map.remove()
    },
  }
  return handle
}
