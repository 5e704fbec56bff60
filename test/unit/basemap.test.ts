import { describe, expect, it } from 'vitest'
import { buildStyle, parseBasemap } from '../../src/map/basemap.ts'

describe('parseBasemap', () => {
  it('defaults to the offline basemap', () => {
    for (const v of [undefined, null, '', '  ', 'offline', 'none', 'OFFLINE']) expect(parseBasemap(v).config).toEqual({ kind: 'offline' })
  })

  it('takes a style URL', () => {
    expect(parseBasemap('https://tiles.example.cn/styles/light/style.json').config).toEqual({
      kind: 'style',
      url: 'https://tiles.example.cn/styles/light/style.json',
    })
    expect(parseBasemap('/basemap/style.json').config).toEqual({ kind: 'style', url: '/basemap/style.json' })
  })

  it('takes a raster XYZ template', () => {
    const p = parseBasemap('raster:https://tile.example.cn/{z}/{x}/{y}.png')
    expect(p.warning).toBeUndefined()
    expect(p.config).toEqual({ kind: 'raster', tiles: ['https://tile.example.cn/{z}/{x}/{y}.png'], tileSize: 256, attribution: 'tile.example.cn' })
  })

  it('expands subdomains and several templates (Tianditu style)', () => {
    const p = parseBasemap(
      'raster[0-2]:https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=KEY&x={x}&y={y}&l={z}|https://t{s}.tianditu.gov.cn/cva_w/wmts?tk=KEY&x={x}&y={y}&l={z}',
    )
    expect(p.config.kind).toBe('raster')
    if (p.config.kind !== 'raster') return
    expect(p.config.tiles).toHaveLength(6)
    expect(p.config.tiles[0]).toBe('https://t0.tianditu.gov.cn/vec_w/wmts?tk=KEY&x={x}&y={y}&l={z}')
    expect(p.config.tiles[5]).toBe('https://t2.tianditu.gov.cn/cva_w/wmts?tk=KEY&x={x}&y={y}&l={z}')
  })

  it('takes a tile size', () => {
    const p = parseBasemap('raster[a,b]@512:https://{s}.tiles.example/{z}/{x}/{y}@2x.png')
    expect(p.config).toMatchObject({
      kind: 'raster',
      tileSize: 512,
      tiles: ['https://a.tiles.example/{z}/{x}/{y}@2x.png', 'https://b.tiles.example/{z}/{x}/{y}@2x.png'],
    })
  })

  it('falls back to offline with a warning on bad input', () => {
    for (const v of [
      'raster:https://tile.example.cn/tiles.png',
      'raster:ftp://x/{z}/{x}/{y}',
      'raster@300:https://a/{z}/{x}/{y}',
      'nonsense',
      'pmtiles:/city.pmtiles',
    ]) {
      const p = parseBasemap(v)
      expect(p.config, v).toEqual({ kind: 'offline' })
      expect(p.warning, v).toBeTruthy()
    }
  })
})

describe('buildStyle', () => {
  it('offline: background only, no glyphs or sprite (nothing to fetch)', () => {
    const s = buildStyle({ kind: 'offline' })
    expect(s.version).toBe(8)
    expect(s.layers.map((l) => l.type)).toEqual(['background'])
    expect(s.glyphs).toBeUndefined()
    expect(s.sprite).toBeUndefined()
    expect(Object.keys(s.sources)).toHaveLength(0)
  })

  it('raster: one raster source and layer above the background', () => {
    const s = buildStyle({ kind: 'raster', tiles: ['https://a/{z}/{x}/{-y}.png'], tileSize: 256, attribution: 'a' })
    expect(s.layers.map((l) => l.id)).toEqual(['background', 'basemap'])
    expect(s.sources.basemap).toMatchObject({ type: 'raster', tiles: ['https://a/{z}/{x}/{y}.png'], scheme: 'tms' })
  })
})
