// A PMTiles basemap: the archive is read in place through the `pmtiles` protocol (HTTP range
// requests; no tile server). Its header says what it holds: vector tiles in the Protomaps schema
// are styled by @protomaps/basemaps (light flavour, names in Chinese where the data has
// name:zh-Hans, else the local name; in English with the app's English toggle), raster tiles are drawn as a raster layer. Loaded only when
// a PMTiles basemap is chosen (a dynamic import: the app's first load does not carry it).
import { addProtocol, type LayerSpecification, type StyleSpecification } from 'maplibre-gl'
import { PMTiles, Protocol, TileType } from 'pmtiles'
import { layers as protomapsLayers, namedFlavor } from '@protomaps/basemaps'

let protocol: Protocol | null = null

function ensureProtocol(): Protocol {
  if (!protocol) {
    protocol = new Protocol()
    addProtocol('pmtiles', protocol.tile)
  }
  return protocol
}

export const PMTILES_SOURCE = 'basemap'

/**
 * The Protomaps layers for a vector archive (pure). Without a glyph server (`glyphs` null) the
 * label layers are left out (the map still shows land, water, roads and buildings); icon layers
 * (POIs, which need Protomaps' sprite) are always left out.
 */
export function vectorStyle(tilesUrl: string, glyphs: string | null, lang: 'zh' | 'en' = 'zh'): StyleSpecification {
  const all = protomapsLayers(PMTILES_SOURCE, namedFlavor('light'), { lang: protomapsLang(lang) }) as LayerSpecification[]
  const keep = all.filter((l) => {
    if (l.type !== 'symbol') return true
    if (!glyphs) return false
    return !(l.layout && 'icon-image' in l.layout)
  })
  return {
    version: 8,
    name: 'pmtiles-vector',
    ...(glyphs ? { glyphs } : {}),
    sources: { [PMTILES_SOURCE]: { type: 'vector', url: tilesUrl, attribution: '<a href="https://openstreetmap.org/copyright">© OpenStreetMap</a>' } },
    layers: keep,
  }
}

/** Protomaps' language code for the app's language: names in simplified Chinese, or English. */
export const protomapsLang = (lang: 'zh' | 'en'): string => (lang === 'en' ? 'en' : 'zh-Hans')

const fieldsByLang = new Map<string, Map<string, unknown>>()

/** Each Protomaps label layer's `text-field` in a language, by layer id (pure; computed once per language). */
export function labelFields(lang: 'zh' | 'en'): Map<string, unknown> {
  const code = protomapsLang(lang)
  let fields = fieldsByLang.get(code)
  if (!fields) {
    fields = new Map()
    for (const l of protomapsLayers(PMTILES_SOURCE, namedFlavor('light'), { lang: code }) as LayerSpecification[]) {
      if (l.type === 'symbol' && l.layout && 'text-field' in l.layout) fields.set(l.id, l.layout['text-field'])
    }
    fieldsByLang.set(code, fields)
  }
  return fields
}

/** The map surface setLabelLanguage needs (MapLibre's Map has it). */
export interface LabelTarget {
  getStyle(): { layers?: readonly { id: string; type: string; source?: unknown }[] } | undefined
  setLayoutProperty(layer: string, name: string, value: unknown): unknown
}

/**
 * Switches the labels of a drawn vector archive to a language in place (an English toggle must not
 * reload the basemap): the text of each Protomaps label layer of our source. Throws while the style
 * is still loading (MapLibre refuses then); the caller applies it again on 'style.load'.
 * Returns how many layers it set.
 */
export function setLabelLanguage(map: LabelTarget, lang: 'zh' | 'en'): number {
  const fields = labelFields(lang)
  let n = 0
  for (const l of map.getStyle()?.layers ?? []) {
    if (l.type !== 'symbol' || l.source !== PMTILES_SOURCE || !fields.has(l.id)) continue
    map.setLayoutProperty(l.id, 'text-field', fields.get(l.id))
    n++
  }
  return n
}

/** A raster archive over the theme's background (pure). */
export function rasterStyle(tilesUrl: string, tileSize: number, background: string): StyleSpecification {
  return {
    version: 8,
    name: 'pmtiles-raster',
    sources: { [PMTILES_SOURCE]: { type: 'raster', url: tilesUrl, tileSize } },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': background } },
      { id: PMTILES_SOURCE, type: 'raster', source: PMTILES_SOURCE, paint: { 'raster-fade-duration': 0 } },
    ],
  }
}

/** The style for a PMTiles archive, after reading its header (throws when it cannot be read in time). */
export async function pmtilesStyle(
  url: string,
  opts: { tileSize: number; glyphs: string | null; background: string; timeoutMs: number },
): Promise<StyleSpecification> {
  const proto = ensureProtocol()
  const abs = new URL(url, location.href).href
  let archive = proto.get(abs)
  if (!archive) {
    archive = new PMTiles(abs)
    proto.add(archive)
  }
  let timer: ReturnType<typeof setTimeout> | undefined
  const header = await Promise.race([
    archive.getHeader(),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer in ${opts.timeoutMs} ms`)), opts.timeoutMs)
    }),
  ]).finally(() => clearTimeout(timer))
  const tilesUrl = `pmtiles://${abs}`
  if (header.tileType === TileType.Mvt) return vectorStyle(tilesUrl, opts.glyphs)
  if (header.tileType === TileType.Png || header.tileType === TileType.Jpeg || header.tileType === TileType.Webp)
    return rasterStyle(tilesUrl, opts.tileSize, opts.background)
  throw new Error(`tile type ${header.tileType} is not drawable`)
}
