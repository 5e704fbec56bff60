import { describe, expect, it } from 'vitest'
import { FAILED_TILES, TileHealth, tilePrefixes } from '../../../src/map/basemapHealth.ts'

describe('basemap tile health', () => {
  it('fails after a run of failed tiles with none arrived, and says the status', () => {
    const h = new TileHealth()
    for (let i = 1; i < FAILED_TILES; i++) expect(h.record(404)).toBe(false)
    expect(h.failing).toBeNull()
    expect(h.record(404)).toBe(true)
    expect(h.failing).toEqual({ status: 404, count: FAILED_TILES })
    expect(h.record(500)).toBe(false)
    expect(h.failing).toEqual({ status: 500, count: FAILED_TILES + 1 })
    // one tile arriving clears it
    expect(h.record(200)).toBe(true)
    expect(h.failing).toBeNull()
  })

  it('does not call a basemap failing that delivered tiles (a few missing tiles at sea are normal)', () => {
    const h = new TileHealth()
    expect(h.delivered).toBe(false)
    h.record(200)
    expect(h.delivered).toBe(true)
    for (let i = 0; i < 20; i++) h.record(404)
    expect(h.failing).toBeNull()
  })

  it('takes a network error (status 0) as a failure', () => {
    const h = new TileHealth()
    for (let i = 0; i < FAILED_TILES; i++) h.record(0)
    expect(h.failing?.status).toBe(0)
  })

  it('watches the raster templates of the drawn basemap only', () => {
    expect(tilePrefixes({ kind: 'offline' })).toEqual([])
    expect(
      tilePrefixes({
        kind: 'raster',
        tiles: ['https://t0.example.cn/vec/{z}/{x}/{y}', 'https://t1.example.cn/vec/{z}/{x}/{y}'],
        overlays: [['https://t0.example.cn/cva/{z}/{x}/{y}']],
        tileSize: 256,
        attribution: '',
      }),
    ).toEqual(['https://t0.example.cn/vec/', 'https://t1.example.cn/vec/', 'https://t0.example.cn/cva/'])
    // a template starting with its placeholder would match every URL: left out
    expect(tilePrefixes({ kind: 'raster', tiles: ['{z}/{x}/{y}'], tileSize: 256, attribution: '' })).toEqual([])
  })
})
