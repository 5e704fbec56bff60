// GCJ-02 / BD-09 ↔ WGS-84 (src/geo/china.ts through src/geo/crs.ts). The truth is WGS-84; the
// shifted positions are made by an independent implementation (gcoord 1.0.7's forward
// transforms), then inverted by ours and compared by haversine distance.
import gcoord from 'gcoord'
import { describe, expect, it } from 'vitest'
import { CrsError, fromWgs84, isInsideChinaMainland, toWgs84 } from '../../../src/geo/crs'

function haversineM(a: readonly [number, number], b: readonly [number, number]): number {
  const R = 6371008.8
  const rad = Math.PI / 180
  const dLat = (b[1] - a[1]) * rad
  const dLng = (b[0] - a[0]) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLng / 2) ** 2
  return 2 * R * Math.asin(Math.sqrt(h))
}

const gcjOf = (p: [number, number]) => gcoord.transform(p, gcoord.WGS84, gcoord.GCJ02) as [number, number]
const bdOf = (p: [number, number]) => gcoord.transform(p, gcoord.WGS84, gcoord.BD09) as [number, number]

// Every 0.25° over China's bounding box, kept where the mainland is (≈ 15,000 points).
const GRID: [number, number][] = []
for (let lng = 73.5; lng <= 135; lng += 0.25) {
  for (let lat = 18; lat <= 53.5; lat += 0.25) if (isInsideChinaMainland(lng, lat)) GRID.push([lng, lat])
}

// A shifted position that falls outside the mainland (the sea edge of a box, ~0.5 km from a
// SAR) is read as given (see china.ts): those few grid points are left out of the round trips.
const inverted = (shift: (p: [number, number]) => [number, number]) => {
  const kept = GRID.filter((w) => isInsideChinaMainland(...shift(w)))
  expect(kept.length).toBeGreaterThan(GRID.length * 0.99)
  return kept
}

// Mainland places next to the borders and the SARs (WGS-84).
const MAINLAND_EDGES: Record<string, [number, number]> = {
  'Futian CBD, Shenzhen (1 km from the Shenzhen River)': [114.055, 22.536],
  'Luohu, Shenzhen': [114.118, 22.545],
  'Shekou, Shenzhen': [113.915, 22.49],
  'Shenzhen Bay port': [113.945, 22.507],
  'Sha Tau Kok, Shenzhen side': [114.232, 22.56],
  'Dameisha, Shenzhen': [114.305, 22.598],
  "Nan'ao, Dapeng": [114.475, 22.535],
  'Gongbei, Zhuhai': [113.55, 22.225],
  'Hengqin, Zhuhai': [113.52, 22.13],
  'Xiamen island': [118.09, 24.48],
  'Dadeng island, Xiamen': [118.34, 24.56],
  'Huangqi, Lianjiang (opposite Matsu)': [119.885, 26.33],
  'Dongxing (Vietnamese border)': [107.97, 21.545],
  'Ruili (Myanmar border)': [97.85, 24.01],
  'Zhangmu (Nepal border)': [85.985, 27.99],
  Yadong: [88.9, 27.48],
  Hunchun: [130.36, 42.86],
  Mohe: [122.54, 52.97],
  Kashgar: [75.99, 39.47],
  Sanya: [109.5, 18.25],
  Jiangmen: [113.0815, 22.5789],
}

// Must not move: the SARs, Taiwan with Kinmen and Matsu, abroad.
const NOT_SHIFTED: Record<string, [number, number]> = {
  'Central, Hong Kong': [114.158, 22.285],
  'Sha Tin, Hong Kong': [114.19, 22.38],
  'Lok Ma Chau, Hong Kong': [114.07, 22.508],
  'Yuen Long, Hong Kong': [114.03, 22.445],
  'Lantau, Hong Kong': [113.94, 22.26],
  'Tung Ping Chau, Hong Kong': [114.43, 22.545],
  'Macau peninsula': [113.543, 22.19],
  'Taipa, Macau': [113.56, 22.155],
  'Coloane, Macau': [113.565, 22.125],
  Taipei: [121.56, 25.03],
  Kaohsiung: [120.3, 22.62],
  Kinmen: [118.32, 24.43],
  'Nangan, Matsu': [119.94, 26.16],
  Hanoi: [105.85, 21.03],
  Seoul: [126.98, 37.57],
  Pyongyang: [125.75, 39.03],
  Tokyo: [139.69, 35.69],
  Ulaanbaatar: [106.92, 47.92],
  Vladivostok: [131.89, 43.12],
  Kathmandu: [85.32, 27.71],
  Thimphu: [89.64, 27.47],
  'New Delhi': [77.21, 28.61],
  Manila: [120.98, 14.6],
  London: [-0.13, 51.51],
}

describe('isInsideChinaMainland', () => {
  it.each(Object.entries(MAINLAND_EDGES))('%s is in the mainland', (_, p) => {
    expect(isInsideChinaMainland(...p)).toBe(true)
  })
  it.each(Object.entries(NOT_SHIFTED))('%s is not', (_, p) => {
    expect(isInsideChinaMainland(...p)).toBe(false)
  })
  it('NaN and infinities are not', () => {
    expect(isInsideChinaMainland(NaN, 30)).toBe(false)
    expect(isInsideChinaMainland(110, Infinity)).toBe(false)
  })
})

describe('GCJ-02 → WGS-84', () => {
  it(`inverts the independent forward transform within 1 m over a 0.25° grid of the mainland (${GRID.length} points)`, () => {
    expect(GRID.length).toBeGreaterThan(10000)
    let worst = 0
    for (const w of inverted(gcjOf)) worst = Math.max(worst, haversineM(toWgs84(...gcjOf(w), 'gcj02'), w))
    expect(worst).toBeLessThan(0.01) // far inside the 1 m asked for
  })
  it.each(Object.entries(MAINLAND_EDGES))('%s: shifted by hundreds of metres, inverted within 1 m', (_, w) => {
    const g = gcjOf(w)
    expect(haversineM(g, w)).toBeGreaterThan(50)
    expect(haversineM(toWgs84(...g, 'gcj02'), w)).toBeLessThan(1)
  })
  it('the one-step approximation (2g − f(g)) is off by decimetres; the iterative inverse by less than 1 cm', () => {
    // Guard that the test can tell the difference: the naive inverse errs by > 0.1 m somewhere.
    let naiveWorst = 0
    let oursWorst = 0
    for (const w of inverted(gcjOf)) {
      const g = gcjOf(w)
      const fg = gcjOf(g)
      naiveWorst = Math.max(naiveWorst, haversineM([2 * g[0] - fg[0], 2 * g[1] - fg[1]], w))
      oursWorst = Math.max(oursWorst, haversineM(toWgs84(...g, 'gcj02'), w))
    }
    expect(naiveWorst).toBeGreaterThan(0.1)
    expect(oursWorst).toBeLessThan(0.01)
  })
  it('our forward transform agrees with the independent one (export to AMap)', () => {
    for (const w of GRID.filter((_, i) => i % 7 === 0)) {
      expect(haversineM(fromWgs84(...w, 'gcj02'), gcjOf(w))).toBeLessThan(0.001)
    }
  })
})

describe('BD-09 → WGS-84', () => {
  it(`inverts the independent forward transform within 1 m over the grid (${GRID.length} points)`, () => {
    let worst = 0
    for (const w of inverted(bdOf)) worst = Math.max(worst, haversineM(toWgs84(...bdOf(w), 'bd09'), w))
    expect(worst).toBeLessThan(0.01)
  })
  it.each(Object.entries(MAINLAND_EDGES))('%s', (_, w) => {
    const b = bdOf(w)
    expect(haversineM(b, w)).toBeGreaterThan(50)
    expect(haversineM(toWgs84(...b, 'bd09'), w)).toBeLessThan(1)
    expect(haversineM(fromWgs84(...w, 'bd09'), b)).toBeLessThan(0.001)
  })
})

describe('outside the mainland nothing moves', () => {
  it.each(Object.entries(NOT_SHIFTED))('%s', (_, p) => {
    for (const crs of ['gcj02', 'bd09'] as const) {
      expect(toWgs84(...p, crs)).toEqual(p)
      expect(fromWgs84(...p, crs)).toEqual(p)
    }
  })
})

describe('bad input', () => {
  it('refuses what is not a longitude/latitude, naming swapped ones', () => {
    expect(() => toWgs84(22.58, 113.08, 'gcj02')).toThrow(CrsError)
    expect(() => toWgs84(22.58, 113.08, 'gcj02')).toThrow(/swapped/)
    expect(() => toWgs84(200, 20, 'wgs84')).toThrow(/longitude/)
    expect(() => toWgs84(NaN, 20, 'bd09')).toThrow(/finite/)
    expect(() => fromWgs84(113, Infinity, 'gcj02')).toThrow(/finite/)
  })
  it('WGS-84 and CGCS2000 pass through unchanged', () => {
    expect(toWgs84(113.0815, 22.5789, 'wgs84')).toEqual([113.0815, 22.5789])
    expect(toWgs84(113.0815, 22.5789, 'cgcs2000')).toEqual([113.0815, 22.5789])
    expect(toWgs84(113.0815, 22.5789, 'EPSG:4490')).toEqual([113.0815, 22.5789])
  })
})
