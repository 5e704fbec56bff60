// The PMTiles basemap's styles (Protomaps layers in Chinese, raster archives as raster) and the
// browser tests' PMTiles writer, read back through the npm `pmtiles` reader.
import { describe, expect, it } from 'vitest'
import { PMTiles, TileType, type RangeResponse, type Source } from 'pmtiles'
import { labelFields, rasterStyle, setLabelLanguage, vectorStyle, type LabelTarget } from '../../src/map/basemapPmtiles.ts'
import { fullTileMvt, PMTILES_MVT, PMTILES_PNG, solidPng, writePmtiles } from '../helpers/basemapTiles.ts'
import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf' // maplibre-gl's own MVT reader (a dependency of it)

class BufferSource implements Source {
  constructor(private buf: Buffer) {}
  getKey() {
    return 'mem'
  }
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const part = this.buf.subarray(offset, offset + length)
    return { data: part.buffer.slice(part.byteOffset, part.byteOffset + part.byteLength) as ArrayBuffer }
  }
}

describe('PMTiles styles', () => {
  it('vector: the Protomaps light layers on one vector source, names in Chinese (name:zh-Hans, else the local name)', () => {
    const s = vectorStyle('pmtiles://https://x.example/city.pmtiles', 'https://fonts.example/{fontstack}/{range}.pbf')
    expect(s.glyphs).toBe('https://fonts.example/{fontstack}/{range}.pbf')
    expect(s.sources.basemap).toMatchObject({ type: 'vector', url: 'pmtiles://https://x.example/city.pmtiles' })
    const ids = s.layers.map((l) => l.id)
    for (const id of ['background', 'earth', 'water']) expect(ids).toContain(id)
    const symbols = s.layers.filter((l) => l.type === 'symbol')
    expect(symbols.length).toBeGreaterThan(3)
    const text = JSON.stringify(symbols.map((l) => (l.layout as Record<string, unknown>)['text-field']))
    expect(text).toContain('name:zh-Hans')
    // POI icons need Protomaps' sprite, which is not configured: left out
    expect(symbols.some((l) => l.layout && 'icon-image' in l.layout)).toBe(false)
    expect(s.sprite).toBeUndefined()
  })

  it('vector in English: the same layers, names from name:en', () => {
    const zh = vectorStyle('pmtiles:///city.pmtiles', 'https://fonts.example/{fontstack}/{range}.pbf')
    const en = vectorStyle('pmtiles:///city.pmtiles', 'https://fonts.example/{fontstack}/{range}.pbf', 'en')
    expect(en.layers.map((l) => l.id)).toEqual(zh.layers.map((l) => l.id))
    const text = JSON.stringify(en.layers.filter((l) => l.type === 'symbol').map((l) => (l.layout as Record<string, unknown>)['text-field']))
    expect(text).toContain('name:en')
    expect(text).not.toContain('name:zh-Hans')
  })

  it('the English toggle sets the text of each label layer of our source in place, and back', () => {
    const style = vectorStyle('pmtiles:///city.pmtiles', 'https://fonts.example/{fontstack}/{range}.pbf')
    // a screen's own symbol layer (another source) is never touched
    const layers = [...style.layers, { id: 'om-area-labels', type: 'symbol', source: 'areas' }] as { id: string; type: string; source?: unknown }[]
    const set = new Map<string, unknown>()
    const map: LabelTarget = {
      getStyle: () => ({ layers }),
      setLayoutProperty: (id, name, value) => {
        expect(name).toBe('text-field')
        set.set(id, value)
      },
    }
    const n = setLabelLanguage(map, 'en')
    const symbolIds = style.layers.filter((l) => l.type === 'symbol').map((l) => l.id)
    expect(n).toBe(symbolIds.length)
    expect([...set.keys()].sort()).toEqual([...symbolIds].sort())
    expect(set.has('om-area-labels')).toBe(false)
    for (const id of symbolIds) expect(set.get(id)).toEqual(labelFields('en').get(id))
    expect(JSON.stringify([...set.values()])).toContain('name:en')
    setLabelLanguage(map, 'zh')
    for (const id of symbolIds) expect(set.get(id)).toEqual(labelFields('zh').get(id))
    expect(JSON.stringify([...set.values()])).toContain('name:zh-Hans')
  })

  it('vector without a glyph server: no label layers (nothing asks for fonts)', () => {
    const s = vectorStyle('pmtiles:///city.pmtiles', null)
    expect(s.glyphs).toBeUndefined()
    expect(s.layers.filter((l) => l.type === 'symbol')).toEqual([])
    expect(s.layers.length).toBeGreaterThan(10)
  })

  it('raster: one raster layer over the background', () => {
    const s = rasterStyle('pmtiles://https://x.example/sat.pmtiles', 512, '#dde5ec')
    expect(s.layers.map((l) => l.type)).toEqual(['background', 'raster'])
    expect(s.sources.basemap).toEqual({ type: 'raster', url: 'pmtiles://https://x.example/sat.pmtiles', tileSize: 512 })
  })
})

describe('the test PMTiles writer', () => {
  it('writes an archive the pmtiles reader reads: header, and the same tile at every z/x/y of its zooms', async () => {
    const tile = solidPng([10, 200, 30], 8)
    const buf = writePmtiles({ tile, minZoom: 0, maxZoom: 6, tileType: PMTILES_PNG, center: [112.5, 22] })
    const p = new PMTiles(new BufferSource(buf))
    const h = await p.getHeader()
    expect(h).toMatchObject({ specVersion: 3, tileType: TileType.Png, minZoom: 0, maxZoom: 6, numAddressedTiles: 5461 })
    for (const [z, x, y] of [
      [0, 0, 0],
      [3, 6, 3],
      [6, 52, 27],
      [6, 63, 63],
    ] as const) {
      const r = await p.getZxy(z, x, y)
      expect(Buffer.from(r!.data), `${z}/${x}/${y}`).toEqual(tile)
    }
    expect(await p.getZxy(7, 104, 55)).toBeUndefined()
  })

  it('writes a vector archive whose tile is one polygon over the whole tile in the named layer', async () => {
    const buf = writePmtiles({ tile: fullTileMvt('water'), minZoom: 0, maxZoom: 3, tileType: PMTILES_MVT, center: [112.5, 22] })
    const p = new PMTiles(new BufferSource(buf))
    expect((await p.getHeader()).tileType).toBe(TileType.Mvt)
    const r = await p.getZxy(2, 3, 1)
    const vt = new VectorTile(new PbfReader(new Uint8Array(r!.data)))
    expect(Object.keys(vt.layers)).toEqual(['water'])
    const f = vt.layers.water!.feature(0)
    expect(f.type).toBe(3)
    expect(f.loadGeometry()).toEqual([
      [
        { x: 0, y: 0 },
        { x: 4096, y: 0 },
        { x: 4096, y: 4096 },
        { x: 0, y: 4096 },
        { x: 0, y: 0 },
      ],
    ])
  })

  it('solid PNGs start with the PNG signature and differ by colour', () => {
    const a = solidPng([1, 2, 3], 4)
    expect(a.subarray(1, 4).toString('ascii')).toBe('PNG')
    expect(a.equals(solidPng([1, 2, 4], 4))).toBe(false)
  })
})
