// The offline basemap's land (src/map/basemap-land.json, extracted from Natural Earth by
// supabase/seed/extract-basemap.ts): light enough to ship, and land and sea where they are.
import { describe, it, expect } from 'vitest'
import { readFileSync, statSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { booleanPointInPolygon, point } from '@turf/turf'
import type { FeatureCollection, MultiPolygon } from 'geojson'
import { buildStyle, LAND_LAYER, LAND_SOURCE, LIGHT_THEME } from '../../src/map/basemap.ts'

const FILE = 'src/map/basemap-land.json'
const land = JSON.parse(readFileSync(FILE, 'utf8')) as FeatureCollection<MultiPolygon> & { metadata: Record<string, unknown> }
const isLand = (lon: number, lat: number) => land.features.some((f) => booleanPointInPolygon(point([lon, lat]), f))

describe('offline land', () => {
  it('is light: under 200 kB, under 70 kB gzipped, a few thousand vertices', () => {
    const bytes = statSync(FILE).size
    const gz = gzipSync(readFileSync(FILE)).length
    const vertices = land.features.reduce((n, f) => n + f.geometry.coordinates.flat(2).length, 0)
    console.log(`basemap-land.json: ${bytes} bytes, ${gz} gzipped, ${vertices} vertices`)
    expect(bytes).toBeLessThan(200_000)
    expect(gz).toBeLessThan(70_000)
    expect(vertices).toBeLessThan(15_000)
  })

  it('says its source and licence', () => {
    expect(String(land.metadata.source)).toContain('world-atlas@2.0.2')
    expect(String(land.metadata.licence)).toContain('public domain')
  })

  it('has land where the city and its neighbours are, sea in the South China Sea and the estuary', () => {
    // 江门 (蓬江), 台山 inland, 阳江 (west), 中山 (east), 广州
    for (const [lon, lat] of [
      [113.08, 22.58],
      [112.79, 22.25],
      [111.7, 22.3],
      [113.39, 22.52],
      [113.26, 23.13],
    ])
      expect(isLand(lon, lat), `${lon},${lat} is land`).toBe(true)
    // south of 台山, the open sea, 伶仃洋 (the Pearl River estuary), far out in the Pacific
    for (const [lon, lat] of [
      [112.3, 21.35],
      [112.9, 21.2],
      [113.75, 22.3],
      [150, 20],
    ])
      expect(isLand(lon, lat), `${lon},${lat} is sea`).toBe(false)
  })

  it('the three scales never overlap (a coarse coast would cover the fine river channels)', () => {
    expect(land.features.map((f) => f.properties!.detail)).toEqual([110, 50, 10])
  })

  it('the offline style draws sea and land from it, and nothing when no land is given', () => {
    const s = buildStyle({ kind: 'offline' }, LIGHT_THEME, '/assets/land.json')
    expect(s.sources[LAND_SOURCE]).toMatchObject({ type: 'geojson', data: '/assets/land.json' })
    expect(s.layers.map((l) => l.id)).toEqual(['background', LAND_LAYER])
    expect(s.layers[0]).toMatchObject({ paint: { 'background-color': LIGHT_THEME.water } })
    expect(s.layers[1]).toMatchObject({ paint: { 'fill-color': LIGHT_THEME.land } })
    const flat = buildStyle({ kind: 'offline' }, LIGHT_THEME, null)
    expect(Object.keys(flat.sources)).toEqual([])
    // a raster basemap draws no land of ours even when given the file
    expect(
      buildStyle({ kind: 'raster', tiles: ['https://t/{z}/{x}/{y}.png'], tileSize: 256, attribution: 't' }, LIGHT_THEME, '/l.json').sources[LAND_SOURCE],
    ).toBeUndefined()
  })
})
