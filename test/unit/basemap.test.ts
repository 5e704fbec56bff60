import { describe, expect, it, vi } from 'vitest'
import { buildStyle, parseBasemap, parseBasemaps, sourceLabel, tiandituTiles } from '../../src/map/basemap.ts'
import { parseRuntimeConfig } from '../../src/map/runtimeConfig.ts'

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

  it('expands subdomains and several templates ("|": mirrors of the same tiles)', () => {
    const p = parseBasemap('raster[0-2]:https://t{s}.gis.example/vec/{z}/{x}/{y}.png|https://backup.gis.example/vec/{z}/{x}/{y}.png')
    expect(p.config.kind).toBe('raster')
    if (p.config.kind !== 'raster') return
    expect(p.config.tiles).toEqual([
      'https://t0.gis.example/vec/{z}/{x}/{y}.png',
      'https://t1.gis.example/vec/{z}/{x}/{y}.png',
      'https://t2.gis.example/vec/{z}/{x}/{y}.png',
      'https://backup.gis.example/vec/{z}/{x}/{y}.png',
    ])
    expect(p.config.overlays).toBeUndefined()
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
      'raster://tiles.evil/{z}/{x}/{y}.png',
      'raster:https:///{z}/{x}/{y}.png',
      '//other.site/style.json',
      'javascript:alert(1)',
      'data:application/json,{}',
      'pmtiles:/city.mbtiles',
      'pmtiles:ftp://x/city.pmtiles',
      'pmtiles:javascript:alert(1)//a.pmtiles',
      'pmtiles@300:/city.pmtiles',
      'tianditu:vec',
      'tianditu:sat',
      'wmts:https://gis.example/wmts?SERVICE=WMTS&REQUEST=GetTile',
      'wmts:ftp://gis.example/{z}/{x}/{y}',
    ]) {
      const p = parseBasemap(v)
      expect(p.config, v).toEqual({ kind: 'offline' })
      expect(p.warning, v).toBeTruthy()
    }
  })
})

describe('Tianditu, WMTS and PMTiles sources', () => {
  const KEY = 'abcdef0123456789abcdef0123456789'

  it('tianditu:vec and :img are the base layer with its 注记 annotation over it, Web Mercator (_w), key from the environment', () => {
    for (const [form, base, note] of [
      ['tianditu:vec', 'vec', 'cva'],
      ['tianditu:img', 'img', 'cia'],
      ['TIANDITU:ter', 'ter', 'cta'],
    ] as const) {
      const p = parseBasemap(form, { tiandituKey: KEY })
      expect(p.warning, form).toBeUndefined()
      if (p.config.kind !== 'raster') throw new Error(form)
      expect(p.config.tiles, form).toEqual(tiandituTiles(base, KEY))
      expect(p.config.overlays, form).toEqual([tiandituTiles(note, KEY)])
      expect(p.config.tiles).toHaveLength(8)
      for (const t of [...p.config.tiles, ...p.config.overlays![0]!]) {
        expect(t).toMatch(/^https:\/\/t[0-7]\.tianditu\.gov\.cn\/(vec|cva|img|cia|ter|cta)_w\/wmts\?/)
        expect(t).toContain('TILEMATRIXSET=w&')
        expect(t).toContain('TILEMATRIX={z}&TILEROW={y}&TILECOL={x}')
        expect(t).toContain(`tk=${KEY}`)
      }
    }
    expect(parseBasemap('tianditu:vec', { tiandituKey: KEY }).config).toMatchObject({ maxzoom: 18, attribution: expect.stringContaining('天地图') })
  })

  it('tianditu: without a key, or a key that is not letters and digits, is refused', () => {
    for (const key of [undefined, null, '', 'short', 'abc def 0123456789', 'abcdef0123&x=1']) {
      const p = parseBasemap('tianditu:img', { tiandituKey: key })
      expect(p.config, String(key)).toEqual({ kind: 'offline' })
      expect(p.warning).toMatch(/VITE_TIANDITU_KEY/)
    }
  })

  it('wmts: KVP and REST GetTile templates in a Web Mercator matrix set are raster tiles', () => {
    const kvp = parseBasemap(
      'wmts:https://gis.example/geoserver/gwc/service/wmts?SERVICE=WMTS&REQUEST=GetTile&LAYER=city:base&TILEMATRIXSET=EPSG:900913&TILEMATRIX=EPSG:900913:{TileMatrix}&TILEROW={TileRow}&TILECOL={TileCol}&FORMAT=image/png',
    )
    expect(kvp.warning).toBeUndefined()
    expect(kvp.config).toMatchObject({
      kind: 'raster',
      tileSize: 256,
      attribution: 'gis.example',
      tiles: [
        'https://gis.example/geoserver/gwc/service/wmts?SERVICE=WMTS&REQUEST=GetTile&LAYER=city:base&TILEMATRIXSET=EPSG:900913&TILEMATRIX=EPSG:900913:{z}&TILEROW={y}&TILECOL={x}&FORMAT=image/png',
      ],
    })
    const rest = parseBasemap(
      'wmts:https://gis.example/arcgis/rest/services/base/MapServer/WMTS/tile/1.0.0/base/default/GoogleMapsCompatible/{TileMatrix}/{TileRow}/{TileCol}.png',
    )
    expect(rest.config).toMatchObject({
      kind: 'raster',
      tiles: ['https://gis.example/arcgis/rest/services/base/MapServer/WMTS/tile/1.0.0/base/default/GoogleMapsCompatible/{z}/{y}/{x}.png'],
    })
    expect(parseBasemap('wmts:/wmts/base/webmercatorquad/{z}/{y}/{x}.png').config.kind).toBe('raster')
    expect(
      parseBasemap(
        'wmts:https://t0.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&LAYER=vec&TILEMATRIXSET=w&TILEMATRIX={TileMatrix}&TILEROW={TileRow}&TILECOL={TileCol}&tk=k',
      ).config.kind,
    ).toBe('raster')
  })

  it('wmts: a CGCS2000 / geographic matrix set (Tianditu _c, EPSG:4490, EPSG:4326) is refused and says why', () => {
    for (const v of [
      'wmts:https://t0.tianditu.gov.cn/vec_c/wmts?SERVICE=WMTS&REQUEST=GetTile&LAYER=vec&TILEMATRIXSET=c&TILEMATRIX={TileMatrix}&TILEROW={TileRow}&TILECOL={TileCol}&tk=k',
      'wmts:https://gis.example/wmts?REQUEST=GetTile&tilematrixset=EPSG:4490&TileMatrix={TileMatrix}&TileRow={TileRow}&TileCol={TileCol}',
      'wmts:https://gis.example/wmts?REQUEST=GetTile&TileMatrixSet=CGCS2000&TileMatrix={z}&TileRow={y}&TileCol={x}',
      'wmts:https://gis.example/wmts/base/default/EPSG:4326/{TileMatrix}/{TileRow}/{TileCol}.png',
    ]) {
      const p = parseBasemap(v)
      expect(p.config, v).toEqual({ kind: 'offline' })
      expect(p.warning, v).toMatch(/Web Mercator/)
    }
  })

  it('pmtiles: an http(s) or site-relative .pmtiles URL, with an optional raster tile size', () => {
    expect(parseBasemap('pmtiles:/tiles/city.pmtiles').config).toEqual({ kind: 'pmtiles', url: '/tiles/city.pmtiles', tileSize: 256 })
    expect(parseBasemap('pmtiles:https://cdn.example/city.pmtiles').config).toEqual({ kind: 'pmtiles', url: 'https://cdn.example/city.pmtiles', tileSize: 256 })
    expect(parseBasemap('pmtiles://https://cdn.example/city.pmtiles?v=2').config).toEqual({
      kind: 'pmtiles',
      url: 'https://cdn.example/city.pmtiles?v=2',
      tileSize: 256,
    })
    expect(parseBasemap('pmtiles@512:./sat.pmtiles').config).toEqual({ kind: 'pmtiles', url: './sat.pmtiles', tileSize: 512 })
  })
})

describe('parseBasemaps: several sources', () => {
  const KEY = 'abcdef0123456789'

  it('splits on ";", names each source (given, Tianditu\'s own, or numbered) and numbers the ids', () => {
    const p = parseBasemaps(
      ' tianditu:vec ; 内网影像 = raster:https://gis.city.cn/img/{z}/{x}/{y}.jpg|https://gis2.city.cn/img/{z}/{x}/{y}.jpg ; pmtiles:/city.pmtiles ; https://s.example/style.json ;',
      {
        tiandituKey: KEY,
      },
    )
    expect(p.warnings).toEqual([])
    expect(p.sources.map((s) => s.id)).toEqual(['online', 'online-2', 'online-3', 'online-4'])
    expect(p.sources.map((s) => sourceLabel(s, 'zh'))).toEqual(['天地图矢量', '内网影像', '在线底图 1', '在线底图 2'])
    expect(p.sources.map((s) => sourceLabel(s, 'en'))).toEqual(['Tianditu map', '内网影像', 'Online 1', 'Online 2'])
    expect(p.sources.map((s) => s.source.kind)).toEqual(['raster', 'raster', 'pmtiles', 'style'])
    expect(p.sources[1]!.source).toMatchObject({ tiles: ['https://gis.city.cn/img/{z}/{x}/{y}.jpg', 'https://gis2.city.cn/img/{z}/{x}/{y}.jpg'] })
  })

  it('one unnamed source keeps the name 在线底图 and the id "online" (what earlier versions remembered)', () => {
    const p = parseBasemaps('raster:https://t.example/{z}/{x}/{y}.png')
    expect(p.sources).toHaveLength(1)
    expect(p.sources[0]).toMatchObject({ id: 'online', label: { zh: '在线底图', en: 'Online' } })
    expect(parseBasemaps('').sources).toEqual([])
    expect(parseBasemaps(undefined)).toEqual({ sources: [], warnings: [] })
    expect(parseBasemaps('offline')).toEqual({ sources: [], warnings: [] })
    expect(parseBasemaps('offline;none;;').sources).toEqual([])
  })

  it('a query string\'s "=" is not a name; a name has no ":" "/" "?" "&"', () => {
    const p = parseBasemaps('wmts:https://g.example/wmts?TILEMATRIXSET=w&TILEMATRIX={TileMatrix}&TILEROW={TileRow}&TILECOL={TileCol}')
    expect(p.warnings).toEqual([])
    expect(p.sources[0]!.label).toEqual({ zh: '在线底图', en: 'Online' })
    expect(parseBasemaps('城市 底图=https://s.example/style.json').sources[0]!.label).toBe('城市 底图')
  })

  it('bad entries are left out with a warning each that names the entry; the rest work', () => {
    const p = parseBasemaps(
      'tianditu:img; nonsense ;影像=raster:ftp://x/{z}/{x}/{y}; =https://s.example/style.json; pmtiles:/ok.pmtiles; wmts:https://g.example/wmts?TILEMATRIXSET=c&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}',
    )
    expect(p.sources.map((s) => s.source)).toEqual([{ kind: 'pmtiles', url: '/ok.pmtiles', tileSize: 256 }])
    expect(p.sources[0]!.id).toBe('online')
    expect(p.warnings).toHaveLength(5)
    expect(p.warnings[0]).toMatch(/entry 1 .*VITE_TIANDITU_KEY/)
    expect(p.warnings[1]).toMatch(/entry 2 .*nonsense/)
    expect(p.warnings[2]).toMatch(/entry 3 .*raster template/)
    expect(p.warnings[3]).toMatch(/entry 4/)
    expect(p.warnings[4]).toMatch(/entry 6 .*Web Mercator/)
  })
})

describe('runtime config.json', () => {
  it('takes basemap, tiandituKey and glyphs', () => {
    const c = { basemap: 'tianditu:vec;pmtiles:/city.pmtiles', tiandituKey: 'abcdef0123456789', glyphs: '/fonts/{fontstack}/{range}.pbf' }
    expect(parseRuntimeConfig(c)).toEqual({ config: c, warnings: [] })
    expect(parseRuntimeConfig({ glyphs: 'none', other: 1 })).toEqual({ config: { glyphs: 'none' }, warnings: [] })
  })

  it('leaves out a bad field with a warning, and ignores what is not an object', () => {
    for (const bad of [null, 'x', [1], 3]) expect(parseRuntimeConfig(bad).warnings).toHaveLength(1)
    const p = parseRuntimeConfig({ basemap: 3, tiandituKey: 'k&x=1', glyphs: '//evil.example/{fontstack}/{range}', extra: true })
    expect(p.config).toEqual({})
    expect(p.warnings).toHaveLength(3)
    expect(parseRuntimeConfig({ basemap: 'x'.repeat(4001) }).config).toEqual({})
    expect(parseRuntimeConfig({ glyphs: 'javascript:alert(1)/{range}' }).config).toEqual({})
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

  it('raster with an annotation overlay (Tianditu): the overlay is a second source and layer above the base', () => {
    const p = parseBasemap('tianditu:img', { tiandituKey: 'abcdef0123456789' })
    const s = buildStyle(p.config)
    expect(s.layers.map((l) => l.id)).toEqual(['background', 'basemap', 'basemap-overlay-1'])
    expect(s.sources.basemap).toMatchObject({ type: 'raster', maxzoom: 18, tiles: tiandituTiles('img', 'abcdef0123456789') })
    expect(s.sources['basemap-overlay-1']).toMatchObject({ type: 'raster', maxzoom: 18, tiles: tiandituTiles('cia', 'abcdef0123456789') })
  })
})

describe('loadRuntimeConfig (fetch stubbed)', () => {
  async function load(res: () => Promise<Response>) {
    vi.resetModules()
    const calls: string[] = []
    vi.stubGlobal('location', { origin: 'http://city.example', href: 'http://city.example/' })
    vi.stubGlobal('fetch', (url: string) => {
      calls.push(url)
      return res()
    })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      const mod = await import('../../src/map/runtimeConfig.ts')
      const first = await mod.loadRuntimeConfig()
      await mod.loadRuntimeConfig()
      return { config: first, calls, warned: warn.mock.calls.length }
    } finally {
      warn.mockRestore()
      vi.unstubAllGlobals()
    }
  }
  const json =
    (body: unknown, status = 200, type = 'application/json') =>
    () =>
      Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': type } }))

  it('reads /config.json of this site once, and takes its checked fields', async () => {
    const r = await load(json({ basemap: 'pmtiles:/city.pmtiles', tiandituKey: 'bad key' }))
    expect(r.calls).toEqual(['http://city.example/config.json'])
    expect(r.config).toEqual({ basemap: 'pmtiles:/city.pmtiles' })
    expect(r.warned).toBe(1)
  })

  it('a 404, the host’s index.html for every path, bad JSON or a network failure: no runtime configuration', async () => {
    expect((await load(json({ basemap: 'x' }, 404))).config).toEqual({})
    expect((await load(() => Promise.resolve(new Response('<!doctype html>', { headers: { 'content-type': 'text/html' } })))).config).toEqual({})
    expect((await load(() => Promise.resolve(new Response('{bad', { headers: { 'content-type': 'application/json' } })))).config).toEqual({})
    expect((await load(() => Promise.reject(new TypeError('offline')))).config).toEqual({})
  })
})
