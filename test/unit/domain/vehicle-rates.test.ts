// 入网率 / 上线率 against plan 001's targets (100 % / 90 %), the shortfall in vehicles, the total
// row, sorting, and reading an alert's point as PostgREST returns it.
import { describe, it, expect } from 'vitest'
import { chinaDayStart, formatRate, pointLonLat, rateFigures, shortfall, shortfallText, sortByRate, totalFigures } from '../../../src/domain/vehicleRates.ts'

describe('shortfall', () => {
  it('counts the vehicles missing to reach a target, never below zero', () => {
    expect(shortfall(8, 10, 1)).toBe(2)
    expect(shortfall(10, 10, 1)).toBe(0)
    // 90 % of 10 is 9 exactly (no tenth vehicle from floating point)
    expect(shortfall(9, 10, 0.9)).toBe(0)
    expect(shortfall(8, 10, 0.9)).toBe(1)
    // 90 % of 11 is 9.9: ten vehicles are needed
    expect(shortfall(9, 11, 0.9)).toBe(1)
    expect(shortfall(0, 0, 0.9)).toBe(0)
  })
})

describe('rateFigures', () => {
  it('rates networked over registered and online over networked', () => {
    const f = rateFigures({ registered: 12, networked: 10, online: 8 })
    expect(f.networkRate).toBeCloseTo(10 / 12)
    expect(f.onlineRate).toBeCloseTo(0.8)
    expect(f.networkShort).toBe(2)
    expect(f.onlineShort).toBe(1)
  })
  it('has no rate without a denominator', () => {
    const f = rateFigures({ registered: 3, networked: 0, online: 0 })
    expect(f.onlineRate).toBeNull()
    expect(f.onlineShort).toBe(0)
    expect(f.networkShort).toBe(3)
    expect(rateFigures({ registered: 0, networked: 0, online: 0 }).networkRate).toBeNull()
  })
  it('totals counts and rates the sums, not the mean of the rates', () => {
    const t = totalFigures([
      { registered: 10, networked: 10, online: 10 },
      { registered: 30, networked: 20, online: 10 },
    ])
    expect(t).toMatchObject({ registered: 40, networked: 30, online: 20, networkShort: 10, onlineShort: 7 })
    expect(t.networkRate).toBeCloseTo(0.75)
    expect(t.onlineRate).toBeCloseTo(2 / 3)
  })
})

describe('sortByRate', () => {
  const rows = [
    { name: 'A', ...rateFigures({ registered: 10, networked: 10, online: 9 }) },
    { name: 'B', ...rateFigures({ registered: 10, networked: 5, online: 5 }) },
    { name: 'C', ...rateFigures({ registered: 2, networked: 0, online: 0 }) },
    { name: 'D', ...rateFigures({ registered: 20, networked: 20, online: 10 }) },
  ]
  it('puts the lowest rate first, rows without a rate last', () => {
    expect(sortByRate(rows, 'online').map((r) => r.name)).toEqual(['D', 'A', 'B', 'C'])
    expect(sortByRate(rows, 'online', false).map((r) => r.name)).toEqual(['B', 'A', 'D', 'C'])
    expect(sortByRate(rows, 'network').map((r) => r.name)).toEqual(['C', 'B', 'A', 'D'])
  })
  it('breaks ties by the larger shortfall', () => {
    const tie = [
      { name: 'small', ...rateFigures({ registered: 2, networked: 1, online: 1 }) },
      { name: 'large', ...rateFigures({ registered: 20, networked: 10, online: 10 }) },
    ]
    expect(sortByRate(tie, 'network').map((r) => r.name)).toEqual(['large', 'small'])
  })
})

describe('words and numbers', () => {
  it('says the shortfall in words', () => {
    expect(shortfallText(2, 'zh')).toBe('差 2 辆')
    expect(shortfallText(0, 'zh')).toBe('达标')
    expect(shortfallText(1, 'en')).toBe('1 short')
  })
  it('never rounds a rate up to the target', () => {
    expect(formatRate(0.9995)).toBe('99.9 %')
    expect(formatRate(1)).toBe('100.0 %')
    expect(formatRate(0.9)).toBe('90.0 %')
    expect(formatRate(null)).toBe('—')
  })
  it('starts the day at midnight China time', () => {
    expect(chinaDayStart(new Date('2026-12-04T23:00:00Z'))).toBe('2026-12-04T16:00:00.000Z')
    expect(chinaDayStart(new Date('2026-12-04T15:59:59Z'))).toBe('2026-12-03T16:00:00.000Z')
  })
})

describe('pointLonLat', () => {
  it('reads GeoJSON and hex EWKB points', () => {
    expect(pointLonLat({ type: 'Point', coordinates: [113.02, 22.6] })).toEqual([113.02, 22.6])
    // SRID=4326;POINT(113.02 22.6), little-endian EWKB
    const buf = new DataView(new ArrayBuffer(25))
    buf.setUint8(0, 1)
    buf.setUint32(1, 0x20000001, true)
    buf.setUint32(5, 4326, true)
    buf.setFloat64(9, 113.02, true)
    buf.setFloat64(17, 22.6, true)
    const hex = [...new Uint8Array(buf.buffer)].map((b) => b.toString(16).padStart(2, '0')).join('')
    expect(pointLonLat(hex)).toEqual([113.02, 22.6])
    expect(pointLonLat(null)).toBeNull()
    expect(pointLonLat({ type: 'LineString', coordinates: [] })).toBeNull()
    expect(pointLonLat('zz')).toBeNull()
  })
})
