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

/** The style for offline and raster basemaps; a style URL is fetched by the map module. */
export function buildStyle(config: BasemapConfig, theme: MapTheme = LIGHT_THEME): StyleSpecification {
  const style: StyleSpecification = {
    version: 8,
    name: config.kind === 'raster' ? 'raster' : 'offline',
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': theme.background } }],
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
