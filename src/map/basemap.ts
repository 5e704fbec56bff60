// Basemap configuration (VITE_BASEMAP). Pure: parsing and style building have no side effects.
//   (unset) | offline | none          → a clean offline map: background + the city's areas from our data
//   https://…/style.json  | /style.json → a MapLibre style URL
//   raster:https://…/{z}/{x}/{y}.png   → raster XYZ tiles ("|" separates several templates; {s} expands
//                                        to subdomains given as raster[a,b,c]:… or raster[0-7]:…)
//   pmtiles:…                          → planned; falls back to offline with a warning for now
import type { StyleSpecification } from 'maplibre-gl'

export type BasemapConfig =
  | { kind: 'offline' }
  | { kind: 'style'; url: string }
  | { kind: 'raster'; tiles: string[]; tileSize: number; attribution: string }
  | { kind: 'pmtiles'; url: string }

export interface ParsedBasemap {
  config: BasemapConfig
  warning?: string
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
  return /^https?:\/\//i.test(s) || s.startsWith('/') || s.startsWith('./')
}

export function parseBasemap(raw: string | undefined | null): ParsedBasemap {
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
    const bad = templates.find((tpl) => !isUrlish(tpl) || !tpl.includes('{z}') || !tpl.includes('{x}') || !(tpl.includes('{y}') || tpl.includes('{-y}')))
    if (templates.length === 0 || bad !== undefined) {
      return { config: { kind: 'offline' }, warning: `VITE_BASEMAP raster template needs http(s) URL with {z}/{x}/{y}: ${bad ?? v}` }
    }
    if (tileSize !== 256 && tileSize !== 512) {
      return { config: { kind: 'offline' }, warning: `VITE_BASEMAP raster tile size must be 256 or 512, got ${tileSize}` }
    }
    let host = ''
    try {
      host = new URL(templates[0]!.replace(/[{}]/g, ''), 'http://localhost').host
    } catch {
      /* keep empty */
    }
    return {
      config: {
        kind: 'raster',
        tiles: templates.flatMap((tpl) => expandSubdomains(tpl, subdomains)),
        tileSize,
        attribution: host,
      },
    }
  }
  if (/^pmtiles:/i.test(v)) {
    return { config: { kind: 'offline' }, warning: 'VITE_BASEMAP pmtiles: is not supported yet; using the offline basemap' }
  }
  if (isUrlish(v)) return { config: { kind: 'style', url: v } }
  return { config: { kind: 'offline' }, warning: `VITE_BASEMAP not understood: ${v}` }
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
    style.sources.basemap = {
      type: 'raster',
      tiles: config.tiles.map((tpl) => tpl.replace('{-y}', '{y}')),
      scheme: config.tiles.some((tpl) => tpl.includes('{-y}')) ? 'tms' : 'xyz',
      tileSize: config.tileSize,
      attribution: config.attribution,
      maxzoom: 19,
    }
    style.layers.push({ id: 'basemap', type: 'raster', source: 'basemap', paint: { 'raster-fade-duration': 0 } })
  }
  return style
}

/** Whether our own area fill should paint "land" (offline) or stay translucent over a real basemap. */
export function areaFillOpacity(config: BasemapConfig, theme: MapTheme = LIGHT_THEME): number {
  return config.kind === 'offline' ? theme.areaFillOpacity : 0.08
}
