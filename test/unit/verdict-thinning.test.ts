import { describe, expect, it } from 'vitest'
import { dotMinZooms, THIN_CELL_PX, THIN_MAX_ZOOM } from '../../src/import/verdictThinning.ts'
import { Rng } from '../../supabase/seed/prng.ts'

function pos(...pts: [number, number][]): Float64Array {
  return Float64Array.from(pts.flat())
}

/** the definition, by brute force: at tile zoom z a dot is drawn iff no later dot shares its cell (cellPx at map zoom z + 1) */
function drawnAt(p: Float64Array, n: number, z: number): Set<number> {
  const across = (512 * 2 ** (z + 1)) / THIN_CELL_PX
  const top = new Map<string, number>()
  for (let i = 0; i < n; i++) {
    const x = (p[i * 2]! + 180) / 360
    const s = Math.sin((p[i * 2 + 1]! * Math.PI) / 180)
    const y = 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)
    top.set(`${Math.floor(x * across)}/${Math.floor(y * across)}`, i)
  }
  return new Set(top.values())
}

describe('dotMinZooms', () => {
  it('draws a lone dot from zoom 0', () => {
    expect([...dotMinZooms(pos([113, 22.4]), 1)]).toEqual([0])
  })

  it('of two dots on the same spot draws only the later (top) one, the other from past the last thinned zoom', () => {
    expect([...dotMinZooms(pos([113, 22.4], [113, 22.4]), 2)]).toEqual([THIN_MAX_ZOOM + 1, 0])
  })

  it('draws a dot under a later one 100 m away once they are a cell apart', () => {
    const z = dotMinZooms(pos([113.0, 22.4], [113.001, 22.4]), 2)
    expect(z[1]).toBe(0)
    // 0.001° of longitude is 2 px at map zoom 10.5 (512 px tiles): apart on tiles of zoom 10 at the latest
    const pxAt = (zoom: number) => (0.001 / 360) * 512 * 2 ** zoom
    expect(pxAt(11)).toBeGreaterThan(THIN_CELL_PX)
    expect(z[0]).toBeGreaterThan(4)
    expect(z[0]).toBeLessThanOrEqual(10)
  })

  it('agrees with the definition at every zoom (random clustered dots, some on the same spot)', () => {
    const g = new Rng(7)
    const n = 3000
    const p = new Float64Array(n * 2)
    for (let i = 0; i < n; i++) {
      const town = Math.floor(g.next() * 5)
      const spread = g.next() < 0.3 ? 0.2 : 0.002
      p[i * 2] = i % 50 === 49 ? p[i * 2 - 2]! : 112.6 + town * 0.1 + (g.next() - 0.5) * spread
      p[i * 2 + 1] = i % 50 === 49 ? p[i * 2 - 1]! : 22.1 + town * 0.05 + (g.next() - 0.5) * spread
    }
    const z = dotMinZooms(p, n)
    for (let zoom = 0; zoom <= THIN_MAX_ZOOM; zoom++) {
      const want = drawnAt(p, n, zoom)
      const got = new Set<number>()
      for (let i = 0; i < n; i++) if (z[i]! <= zoom) got.add(i)
      expect(got, `zoom ${zoom}`).toEqual(want)
    }
    // the copies on the same spot as the dot before them are on top of it: that one is never thinned in
    for (let i = 49; i < n; i += 50) expect(z[i - 1]).toBe(THIN_MAX_ZOOM + 1)
  })

  it('draws few of 1,000 dots 100 m apart at province zoom and all of them at street zoom', () => {
    const p = new Float64Array(2000)
    for (let i = 0; i < 1000; i++) {
      p[i * 2] = 113 + (i % 40) * 0.001
      p[i * 2 + 1] = 22.4 + Math.floor(i / 40) * 0.001
    }
    const z = dotMinZooms(p, 1000)
    expect(z.filter((v) => v <= 5).length).toBeLessThan(20)
    expect(z.filter((v) => v <= 12).length).toBe(1000)
  })

  it('counts only the first `length` dots', () => {
    expect([...dotMinZooms(pos([113, 22.4], [113, 22.4]), 1)]).toEqual([0])
  })
})
