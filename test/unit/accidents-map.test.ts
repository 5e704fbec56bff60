// The pure rules of accidents on the screens (src/domain/accidentsMap.ts): sector symbols, the
// layer's time filter as Beijing dates, choropleth class breaks (missing values never a class),
// and the trend line's geometry (a gap breaks the line).
import { describe, expect, it } from 'vitest'
import { classBreaks, classColours, classOf, sectorSymbol, timeRange, trendGeometry } from '../../src/domain/accidentsMap.ts'

describe('sector symbols', () => {
  it('groups 工矿商贸 industries under one square, keeps road, fire and special equipment apart', () => {
    expect(sectorSymbol('imt')).toBe('imt')
    expect(sectorSymbol('imt_hazchem')).toBe('imt')
    expect(sectorSymbol('road_traffic')).toBe('road_traffic')
    expect(sectorSymbol('fire')).toBe('fire')
    expect(sectorSymbol('special_equipment')).toBe('special_equipment')
    expect(sectorSymbol('fishing_vessel')).toBe('water')
    expect(sectorSymbol('railway')).toBe('other')
  })
})

describe('time filter', () => {
  // 2026-03-01 02:00 Beijing = 2026-02-28 18:00 UTC
  const now = new Date('2026-02-28T18:00:00Z')
  it('this year and the last 12 months in Beijing dates', () => {
    expect(timeRange({ mode: 'this_year' }, now)).toEqual({ from: '2026-01-01', to: '2026-03-01' })
    expect(timeRange({ mode: 'last_12_months' }, now)).toEqual({ from: '2025-03-02', to: '2026-03-01' })
  })
  it('a year range, in order whichever way it was picked', () => {
    expect(timeRange({ mode: 'years', from: 2019, to: 2016 }, now)).toEqual({ from: '2016-01-01', to: '2019-12-31' })
  })
})

describe('class breaks', () => {
  it('quantiles over the present values; a null is no class, never 0', () => {
    const values = [0.05, 0.1, 0.2, null, 0.4, 0.8, 1.6]
    const b = classBreaks(values, 3)
    expect(b).toEqual([0.1, 0.4])
    expect(values.map((v) => classOf(v, b))).toEqual([0, 0, 1, null, 1, 2, 2])
    expect(classOf(0, b)).toBe(0)
  })
  it('equal values give fewer classes, never an empty one', () => {
    expect(classBreaks([1, 1, 1, 1], 4)).toEqual([])
    expect(classBreaks([1, 1, 1, 2], 4)).toEqual([1])
    expect(classBreaks([null, 3], 4)).toEqual([])
  })
  it('colours spread light to dark', () => {
    const c = classColours(3)
    expect(c).toHaveLength(3)
    expect(c[0]![1]).toBeGreaterThan(c[2]![1])
  })
})

describe('trend geometry', () => {
  it('maps years to x and values to y (0 at the bottom), a missing year breaks the line', () => {
    const g = trendGeometry(
      [
        { year: 2015, value: 2 },
        { year: 2016, value: 1 },
        { year: 2017, value: null },
        { year: 2018, value: 0 },
        { year: 2019, value: 1 },
      ],
      200,
      100,
      10,
    )
    expect(g.yMax).toBe(2)
    expect(g.x(2015)).toBe(10)
    expect(g.x(2019)).toBe(190)
    expect(g.y(0)).toBe(90)
    expect(g.y(2)).toBe(10)
    expect(g.paths).toEqual(['M10 10 L55 50', 'M145 90 L190 50'])
    expect(g.dots.map((d) => d.year)).toEqual([2015, 2016, 2018, 2019])
  })
  it('a target above every value raises the scale', () => {
    expect(trendGeometry([{ year: 2020, value: 1 }], 100, 100, 0, [4]).yMax).toBe(4)
  })
})

describe('the one map finds an accident under a click among the rows drawn', () => {
  it('nearest within the radius, none outside it; no request when the layer answers', async () => {
    const { lookupAt } = await import('../../src/features/onemap/lookup.ts')
    const { DEFAULT_VISIBLE } = await import('../../src/features/onemap/state.ts')
    const a = { id: 'a1', lon: 113.1, lat: 22.6, grade: 3 } as never
    const b = { id: 'b1', lon: 113.2, lat: 22.6, grade: 4 } as never
    // every server-asked layer off: only the accident layer can answer
    const visible = Object.fromEntries(Object.keys(DEFAULT_VISIBLE).map((k) => [k, k === 'accidents'])) as typeof DEFAULT_VISIBLE
    const ctx = { mode: 'full' as const, visible, hazards: [], resources: [], accidents: [a, b] }
    const hit = await lookupAt(ctx, 113.1003, 22.6002, 100, new AbortController().signal)
    expect(hit).toEqual({ kind: 'accidents', data: a })
    expect(await lookupAt(ctx, 113.15, 22.6, 100, new AbortController().signal)).toBeNull()
    // the layer off: not found even on top of it
    expect(await lookupAt({ ...ctx, visible: { ...visible, accidents: false } }, 113.1, 22.6, 100, new AbortController().signal)).toBeNull()
  })
})
