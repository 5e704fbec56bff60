import { describe, it, expect } from 'vitest'
import { greedyPlace, mercatorPx, textBox, textWidth, type Box } from '../../src/map/labelCollision.ts'
import { metresPerPixel, pointRadiusScale, symbolScale } from '../../src/map/viewport.ts'

const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1

describe('mercatorPx', () => {
  it('doubles per zoom level and agrees with metres per pixel', () => {
    const [x1, y1] = mercatorPx(113, 22.5, 10)
    const [x2, y2] = mercatorPx(113, 22.5, 11)
    expect(x2 / x1).toBeCloseTo(2, 9)
    expect(y2 / y1).toBeCloseTo(2, 9)
    // 1 km east at zoom 14 is 1000 / metresPerPixel pixels
    const z = 14
    const dLon = 1000 / (111320 * Math.cos((22.5 * Math.PI) / 180))
    const px = mercatorPx(113 + dLon, 22.5, z)[0] - mercatorPx(113, 22.5, z)[0]
    expect(px).toBeCloseTo(1000 / metresPerPixel(22.5, z), 0)
    // north is up: a larger latitude has a smaller y
    expect(mercatorPx(113, 23, 10)[1]).toBeLessThan(y1)
  })
})

describe('text boxes', () => {
  it('CJK is wider per character than Latin, and anchors place the box', () => {
    expect(textWidth('一级', 12)).toBe(24)
    expect(textWidth('ab', 10)).toBeCloseTo(12)
    const m = textBox(100, 50, '一级', 12, 'middle')
    expect(m.x0).toBe(88)
    expect(m.x1).toBe(112)
    const s = textBox(100, 50, '一级', 12, 'start', [10, -5])
    expect(s.x0).toBe(110)
    expect((s.y0 + s.y1) / 2).toBe(45)
  })
})

describe('greedyPlace', () => {
  it('keeps no two overlapping labels, keeps the important one, and keeps separated ones', () => {
    interface L {
      id: string
      x: number
      y: number
      text: string
      p: number
    }
    const labels: L[] = [
      { id: 'street-a', x: 100, y: 100, text: '东海街道', p: 2 },
      { id: 'district', x: 110, y: 104, text: '江海区', p: 0 },
      { id: 'street-b', x: 400, y: 100, text: '礼乐街道', p: 2 },
      { id: 'grid', x: 405, y: 108, text: '第1网格', p: 3 },
      { id: 'far', x: 100, y: 300, text: '外海街道', p: 2 },
    ]
    const box = (d: L) => textBox(d.x, d.y, d.text, 12)
    const kept = greedyPlace(labels, box, (d) => d.p)
    const ids = kept.map((d) => d.id)
    expect(ids).toEqual(['district', 'street-b', 'far'])
    for (let i = 0; i < kept.length; i++) for (let j = i + 1; j < kept.length; j++) expect(overlaps(box(kept[i]!), box(kept[j]!))).toBe(false)
  })

  it('on random crowds: every dropped label overlaps a kept one of equal or higher importance', () => {
    let seed = 7
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const items = Array.from({ length: 400 }, (_, i) => ({
      i,
      x: rnd() * 1000,
      y: rnd() * 600,
      p: Math.floor(rnd() * 4),
      text: '网格'.repeat(1 + Math.floor(rnd() * 3)),
    }))
    const box = (d: (typeof items)[number]) => textBox(d.x, d.y, d.text, 11)
    const kept = greedyPlace(items, box, (d) => d.p, 0)
    const keptSet = new Set(kept)
    for (let a = 0; a < kept.length; a++) for (let b = a + 1; b < kept.length; b++) expect(overlaps(box(kept[a]!), box(kept[b]!))).toBe(false)
    for (const d of items) {
      if (keptSet.has(d)) continue
      expect(kept.some((k) => k.p <= d.p && overlaps(box(k), box(d)))).toBe(true)
    }
    expect(kept.length).toBeGreaterThan(20)
    expect(kept.length).toBeLessThan(items.length)
  })
})

describe('point sizes by zoom', () => {
  it('dots grow past zoom 12 (at least twice the city size by z16) and never shrink when zooming in', () => {
    expect(pointRadiusScale(16)).toBeGreaterThanOrEqual(2 * pointRadiusScale(10))
    expect(pointRadiusScale(16)).toBeGreaterThan(symbolScale(16))
    // below zoom 12 the same as the other symbols (city view unchanged)
    for (const z of [8, 9.5, 11, 12]) expect(pointRadiusScale(z)).toBe(symbolScale(z))
    let prev = 0
    for (let z = 6; z <= 20; z += 0.25) {
      const s = pointRadiusScale(z)
      expect(s).toBeGreaterThanOrEqual(prev)
      prev = s
    }
    expect(pointRadiusScale(22)).toBeLessThanOrEqual(3)
  })
})
