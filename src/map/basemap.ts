// Basemap configuration (VITE_BASEMAP, or `basemap` in the runtime /config.json). Pure: parsing
// and style building have no side effects. VITE_BASEMAP lists one or more sources separated by ";",
// each optionally named (`内网影像=raster:https://…`); the switcher offers each by name.
//   (unset) | offline | none          → a clean offline map: background + the city's areas from our data
//   https://…/style.json  | /style.json → a MapLibre style URL
//   raster:https://…/{z}/{x}/{y}.png   → raster XYZ tiles ("|" separates mirrors of the same tiles; {s}
//                                        expands to subdomains given as raster[a,b,c]:… or raster[0-7]:…)
//   tianditu:vec | tianditu:img | tianditu:ter → 天地图 (map, imagery or terrain, each with its 注记
//                                        annotation layer), Web Mercator (_w) matrices; key VITE_TIANDITU_KEY
//   wmts:https://…GetTile…             → a WMTS GetTile URL (KVP or REST) with {TileMatrix} {TileRow}
//                                        {TileCol} (or {z} {y} {x}) in a Web Mercator TileMatrixSet
//   pmtiles:https://…/city.pmtiles     → a PMTiles archive: vector (Protomaps schema, styled by
//                                        @protomaps/basemaps) or raster, read through the pmtiles protocol
import type { StyleSpecification } from 'maplibre-gl'

export interface RasterSource {
  kind: 'raster'
  /** mirrors of the same tiles ({z}/{x}/{y}; {-y} for TMS rows) */
  tiles: string[]
  tileSize: number
  attribution: string
  /** layers drawn over it (Tianditu's 注记 annotation), each a list of mirrors */
  overlays?: string[][]
  maxzoom?: number
}

export type BasemapSource = { kind: 'style'; url: string } | RasterSource | { kind: 'pmtiles'; url: string; tileSize: number }

export type BasemapConfig = { kind: 'offline' } | BasemapSource

export interface ParsedBasemap {
  config: BasemapConfig
  warning?: string
}

/** A configured source as the switcher lists it: its choice id and its name. */
export interface NamedSource {
  /** 'online' for the first (what earlier versions remembered), then 'online-2', 'online-3' … */
  id: string
  /** a name the configuration gave, or one per language */
  label: string | { zh: string; en: string }
  source: BasemapSource
}

export interface ParsedBasemaps {
  sources: NamedSource[]
  warnings: string[]
}

export interface BasemapEnv {
  /** 天地图 key (VITE_TIANDITU_KEY or the runtime config's tiandituKey) */
  tiandituKey?: string | null
}

export interface MapTheme {
  /** outside the city / water */
  background: string
  /** land inside the city's areas */
  areaFill: string
  areaFillOpacity: number
  cityLine: string
  districtLine: string
  streetLine: string
  gridLine: string
  parkFill: string
  parkLine: string
  labelColor: [number, number, number, number]
  labelHalo: [number, number, number, number]
  /** the offline basemap's sea and land outside the city (background and parkFill stay for "no basemap") */
  water?: string
  land?: string
}

export const LIGHT_THEME: MapTheme = {
  background: '#dde5ec',
  areaFill: '#f6f4ef',
  areaFillOpacity: 1,
  cityLine: '#5b6770',
  districtLine: '#7a8791',
  streetLine: '#a9b3ba',
  gridLine: '#c9d0d5',
  parkFill: '#b39ddb',
  parkLine: '#6a4fb3',
  labelColor: [55, 65, 75, 255],
  labelHalo: [255, 255, 255, 230],
  water: '#b3cde3',
  land: '#e6e3da',
}

function expandSubdomains(template: string, subdomains: string[]): string[] {
  if (!template.includes('{s}') || subdomains.length === 0) return [template]
  return subdomains.map((s) => template.replace('{s}', s))
}

function parseSubdomains(spec: string): string[] {
  const range = /^(\d+)-(\d+)$/.exec(spec)
  if (range) {
    const out: string[] = []
    for (let i = Number(range[1]); i <= Number(range[2]) && out.length < 32; i++) out.push(String(i))
    return out
  }
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
}

function isUrlish(s: string): boolean {
  // http(s), or relative to this site ("//host" is another site's: refused)
  return /^https?:\/\/[^/]/i.test(s) || (s.startsWith('/') && !s.startsWith('//')) || s.startsWith('./')
}

function hasXyz(tpl: string): boolean {
  return tpl.includes('{z}') && tpl.includes('{x}') && (tpl.includes('{y}') || tpl.includes('{-y}'))
}

function hostOf(tpl: string): string {
  try {
    return new URL(tpl.replace(/[{}]/g, ''), 'http://localhost').host
  } catch {
    return ''
  }
}

const TIANDITU = {
  vec: { base: 'vec', note: 'cva', zh: '天地图矢量', en: 'Tianditu map' },
  img: { base: 'img', note: 'cia', zh: '天地图影像', en: 'Tianditu imagery' },
  ter: { base: 'ter', note: 'cta', zh: '天地图地形', en: 'Tianditu terrain' },
} as const

/** One Tianditu layer's WMTS GetTile template, Web Mercator matrix set `w`, mirrors t0–t7. */
export function tiandituTiles(layer: string, key: string): string[] {
  const out: string[] = []
  for (let s = 0; s <= 7; s++)
    out.push(
      `https://t${s}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`,
    )
  return out
}

// Web Mercator tile matrix sets as servers name them; anything else (CGCS2000 / EPSG:4490 /
// EPSG:4326 "_c" matrices) needs a projection MapLibre does not have
const MERCATOR_SETS = /^(w|epsg:3857|epsg:900913|epsg:102100|epsg:3785|googlemapscompatible|webmercatorquad|google|google3857|googlemapslevel\d*|3857|900913)$/i
const GEOGRAPHIC_HINT = /epsg:?(4490|4326|4610|4214)|cgcs2000|crs84|(^|[^a-z])c$/i

function parseWmts(url: string): ParsedBasemap {
  if (!/^https?:\/\//i.test(url) && !url.startsWith('/'))
    return { config: { kind: 'offline' }, warning: `wmts: needs an http(s) or /relative GetTile URL: ${url}` }
  // the WMTS names of the tile indices, case-insensitive, to XYZ's
  const tpl = url
    .replace(/\{tilematrix\}/gi, '{z}')
    .replace(/\{tilerow\}/gi, '{y}')
    .replace(/\{tilecol\}/gi, '{x}')
  if (!hasXyz(tpl)) return { config: { kind: 'offline' }, warning: `wmts: URL needs {TileMatrix} {TileRow} {TileCol} (or {z} {y} {x}): ${url}` }
  const q = tpl.indexOf('?')
  const params = new URLSearchParams(q >= 0 ? tpl.slice(q + 1) : '')
  let set: string | null = null
  for (const [k, v] of params) if (k.toLowerCase() === 'tilematrixset') set = v
  if (set !== null && !MERCATOR_SETS.test(set))
    return {
      config: { kind: 'offline' },
      warning: `wmts: TileMatrixSet "${set}" is not Web Mercator (MapLibre draws EPSG:3857 only; CGCS2000/EPSG:4490 "_c" matrices cannot be drawn): ${url}`,
    }
  if (set === null && GEOGRAPHIC_HINT.test(tpl.split('?')[0]!.replace(/\{[^}]*\}/g, '')))
    return {
      config: { kind: 'offline' },
      warning: `wmts: the URL names a geographic (CGCS2000/EPSG:4490/4326) matrix set; MapLibre draws Web Mercator only: ${url}`,
    }
  return { config: { kind: 'raster', tiles: [tpl], tileSize: 256, attribution: hostOf(tpl) } }
}

/** One source (no ";" list, no name): the forms in this file's header. */
export function parseBasemap(raw: string | undefined | null, env: BasemapEnv = {}): ParsedBasemap {
  const v = (raw ?? '').trim()
  if (!v || /^(offline|none|default)$/i.test(v)) return { config: { kind: 'offline' } }
  const raster = /^raster(?:\[([^\]]*)\])?(?:@(\d+))?:(.+)$/i.exec(v)
  if (raster) {
    const subdomains = raster[1] ? parseSubdomains(raster[1]) : ['a', 'b', 'c']
    const tileSize = raster[2] ? Number(raster[2]) : 256
    const templates = raster[3]!
      .split('|')
      .map((s) => s.trim())
      .filter(Boolean)
    const bad = templates.find((tpl) => !isUrlish(tpl) || !hasXyz(tpl))
    if (templates.length === 0 || bad !== undefined) {
      return { config: { kind: 'offline' }, warning: `VITE_BASEMAP raster template needs http(s) URL with {z}/{x}/{y}: ${bad ?? v}` }
    }
    if (tileSize !== 256 && tileSize !== 512) {
      return { config: { kind: 'offline' }, warning: `VITE_BASEMAP raster tile size must be 256 or 512, got ${tileSize}` }
    }
    return {
      config: {
        kind: 'raster',
        tiles: templates.flatMap((tpl) => expandSubdomains(tpl, subdomains)),
        tileSize,
        attribution: hostOf(templates[0]!),
      },
    }
  }
  const tdt = /^tianditu:(\w+)$/i.exec(v)
  if (tdt) {
    const kind = TIANDITU[tdt[1]!.toLowerCase() as keyof typeof TIANDITU] as (typeof TIANDITU)[keyof typeof TIANDITU] | undefined
    if (!kind) return { config: { kind: 'offline' }, warning: `VITE_BASEMAP tianditu: takes vec, img or ter, got ${tdt[1]}` }
    const key = (env.tiandituKey ?? '').trim()
    if (!/^[A-Za-z0-9]{8,64}$/.test(key)) return { config: { kind: 'offline' }, warning: `VITE_BASEMAP ${v} needs a Tianditu key (VITE_TIANDITU_KEY)` }
    return {
      config: {
        kind: 'raster',
        tiles: tiandituTiles(kind.base, key),
        overlays: [tiandituTiles(kind.note, key)],
        tileSize: 256,
        attribution: '© 天地图 tianditu.gov.cn',
        maxzoom: 18,
      },
    }
  }
  const wmts = /^wmts:(.+)$/i.exec(v)
  if (wmts) return parseWmts(wmts[1]!.trim())
  const pm = /^pmtiles(?:@(\d+))?:(.+)$/i.exec(v)
  if (pm) {
    const url = pm[2]!.trim().replace(/^\/\/(?=https?:|\/)/i, '') // pmtiles://https://… as MapLibre writes it
    const tileSize = pm[1] ? Number(pm[1]) : 256
    if (!isUrlish(url) || !/\.pmtiles(\?.*)?$/i.test(url))
      return { config: { kind: 'offline' }, warning: `VITE_BASEMAP pmtiles: needs an http(s) or /relative URL of a .pmtiles file: ${url}` }
    if (tileSize !== 256 && tileSize !== 512)
      return { config: { kind: 'offline' }, warning: `VITE_BASEMAP pmtiles tile size must be 256 or 512, got ${tileSize}` }
    return { config: { kind: 'pmtiles', url, tileSize } }
  }
  if (isUrlish(v)) return { config: { kind: 'style', url: v } }
  return { config: { kind: 'offline' }, warning: `VITE_BASEMAP not understood: ${v}` }
}

// a name before "=": no ":" "/" "=" "?" "&" (which every source form has before its own "=")
const NAMED = /^([^:/=?&|;]{1,24})=(.+)$/s

/**
 * VITE_BASEMAP's list: sources separated by ";" (a ";" inside a URL is written %3B), each optionally
 * named `名称=source`. A bad entry is left out with a warning; the rest work. offline/none entries
 * are always offered and are skipped here.
 */
export function parseBasemaps(raw: string | undefined | null, env: BasemapEnv = {}): ParsedBasemaps {
  const sources: NamedSource[] = []
  const warnings: string[] = []
  const entries = (raw ?? '').split(';').map((s) => s.trim())
  entries.forEach((entry, i) => {
    if (!entry) return // an empty entry (a trailing ";") names nothing
    const named = NAMED.exec(entry)
    const name = named ? named[1]!.trim() : null
    const body = named ? named[2]!.trim() : entry
    if (named && !name) {
      warnings.push(`VITE_BASEMAP entry ${i + 1}: empty name before "=": ${entry}`)
      return
    }
    if (/^(offline|none|default)$/i.test(body)) return
    const p = parseBasemap(body, env)
    if (p.config.kind === 'offline') {
      warnings.push(`VITE_BASEMAP entry ${i + 1} left out: ${p.warning ?? entry}`)
      return
    }
    const id = sources.length === 0 ? 'online' : `online-${sources.length + 1}`
    const tdt = /^tianditu:(\w+)$/i.exec(body)
    const t = tdt ? TIANDITU[tdt[1]!.toLowerCase() as keyof typeof TIANDITU] : null
    const label = name ?? (t ? { zh: t.zh, en: t.en } : { zh: '在线底图', en: 'Online' })
    sources.push({ id, label, source: p.config })
  })
  // more than one unnamed online source: number them all
  const unnamed = sources.filter((s) => typeof s.label !== 'string' && s.label.zh === '在线底图')
  if (unnamed.length > 1) unnamed.forEach((s, k) => (s.label = { zh: `在线底图 ${k + 1}`, en: `Online ${k + 1}` }))
  return { sources, warnings }
}

export function sourceLabel(s: NamedSource, lang: 'zh' | 'en'): string {
  return typeof s.label === 'string' ? s.label : s.label[lang]
}

/** The wall's dark sea and land (its theme lives with the wall). */
export const DARK_SEA_LAND = { water: '#040a14', land: '#0e192a' } as const

/** The ids of the offline land: its GeoJSON source and fill layer (see basemap-land.json). */
export const LAND_SOURCE = 'basemap-land'
export const LAND_LAYER = 'basemap-land'

/**
 * The style for offline and raster basemaps; a style URL is fetched by the map module. `landUrl`
 * (the offline land's GeoJSON) turns the offline style's flat background into sea and land.
 */
export function buildStyle(config: BasemapConfig, theme: MapTheme = LIGHT_THEME, landUrl?: string | null): StyleSpecification {
  const withLand = config.kind === 'offline' && !!landUrl
  const style: StyleSpecification = {
    version: 8,
    name: config.kind === 'raster' ? 'raster' : withLand ? 'offline-land' : 'offline',
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': withLand ? (theme.water ?? theme.background) : theme.background } }],
  }
  if (withLand) {
    // Natural Earth land (public domain), 1:10m around the city; ~185 kB, 60 kB gzipped
    style.sources[LAND_SOURCE] = { type: 'geojson', data: landUrl, maxzoom: 12, tolerance: 0.375, attribution: 'Natural Earth' }
    style.layers.push({ id: LAND_LAYER, type: 'fill', source: LAND_SOURCE, paint: { 'fill-color': theme.land ?? theme.areaFill, 'fill-antialias': false } })
  }
  if (config.kind === 'raster') {
    const layers = [config.tiles, ...(config.overlays ?? [])]
    layers.forEach((tiles, i) => {
      const id = i === 0 ? 'basemap' : `basemap-overlay-${i}`
      style.sources[id] = {
        type: 'raster',
        tiles: tiles.map((tpl) => tpl.replace('{-y}', '{y}')),
        scheme: tiles.some((tpl) => tpl.includes('{-y}')) ? 'tms' : 'xyz',
        tileSize: config.tileSize,
        ...(i === 0 ? { attribution: config.attribution } : {}),
        maxzoom: config.maxzoom ?? 19,
      }
      style.layers.push({ id, type: 'raster', source: id, paint: { 'raster-fade-duration': 0 } })
    })
  }
  return style
}

/** Whether our own area fill should paint "land" (offline) or stay translucent over a real basemap. */
export function areaFillOpacity(config: BasemapConfig, theme: MapTheme = LIGHT_THEME): number {
  return config.kind === 'offline' ? theme.areaFillOpacity : 0.08
}
