// The pure parts of #/indicators: where a trend series changes scope (a recorded change with its
// notes, or its denominator changing), the base years marked, the report route's address, and the
// choropleth's classes and legend ranges (a missing value is never a class).
import { describe, expect, it } from 'vitest'
import { baseYearsOf, scopeChanges } from '../../src/features/indicators/Trend.tsx'
import { reportHash, reportParams } from '../../src/features/indicators/ReportParts.tsx'
import { currentPath, currentQuery, matchRoute } from '../../src/app/routes.ts'
import { choroClasses } from '../../src/features/indicators/Choropleth.tsx'
import type { TrendRow } from '../../src/data/accidents.ts'

const row = (year: number, denominator_kind: string | null, value: number | null): TrendRow => ({
  year,
  indicator: 'deaths_per_10k_vehicles',
  numerator: 1,
  denominator: value === null ? null : 10,
  denominator_kind,
  value,
  target: null,
  target_kind: null,
  base_year: null,
  base_value: null,
  status: 'no_target',
})

describe('scope changes', () => {
  it('marks the year a denominator changes (江海区: all vehicles → operating vehicles), not a missing year', () => {
    const rows = [
      row(2011, 'motor_vehicles', 1),
      row(2012, 'motor_vehicles', 1),
      row(2013, 'operating_vehicles', 2),
      row(2014, null, null),
      row(2015, 'operating_vehicles', 2),
    ]
    expect(scopeChanges(rows)).toEqual([{ year: 2013, from: 'motor_vehicles', to: 'operating_vehicles' }])
    expect(scopeChanges([row(2020, 'motor_vehicles', 1), row(2021, 'motor_vehicles', 1)])).toEqual([])
  })
})

describe('recorded scope changes and base years', () => {
  it('a recorded change is marked on its year with its notes; with a denominator change the same year, one mark with both', () => {
    const noted = { scope_note_zh: '2013 年起只计经营性道路交通事故死亡人数', scope_note_en: 'From 2013 business road deaths only' }
    const rows = [row(2012, 'motor_vehicles', 1), { ...row(2013, 'motor_vehicles', 1), ...noted }, row(2014, 'motor_vehicles', 1)]
    expect(scopeChanges(rows)).toEqual([{ year: 2013, note_zh: noted.scope_note_zh, note_en: noted.scope_note_en }])
    const both = [row(2012, 'motor_vehicles', 1), { ...row(2013, 'operating_vehicles', 1), ...noted }]
    expect(scopeChanges(both)).toEqual([
      { year: 2013, from: 'motor_vehicles', to: 'operating_vehicles', note_zh: noted.scope_note_zh, note_en: noted.scope_note_en },
    ])
    // a note on the first year shown is still a mark (the change may be older than the range)
    expect(scopeChanges([{ ...row(2010, null, 1), ...noted }]).map((c) => c.year)).toEqual([2010])
  })
  it('every base year of the series’ reduction targets, earliest first, once each', () => {
    const rows = [
      { ...row(2020, null, 1), base_year: 2015 },
      { ...row(2015, null, 1), base_year: 2010 },
      { ...row(2019, null, 1), base_year: 2015 },
      row(2018, null, 1),
    ]
    expect(baseYearsOf(rows)).toEqual([2010, 2015])
    expect(baseYearsOf([row(2018, null, 1)])).toEqual([])
  })
})

describe('the report route', () => {
  it('#/indicators/report?area=…&year=… is its own route, its area and year read back', () => {
    const hash = reportHash('440704', 2020)
    expect(hash).toBe('#/indicators/report?area=440704&year=2020')
    expect(matchRoute(currentPath(hash))?.path).toBe('/indicators/report')
    expect(reportParams(currentQuery(hash), 2026)).toEqual({ area: '440704', year: 2020 })
  })
  it('a missing or malformed area or year is null (the page says what it needs), never guessed', () => {
    expect(reportParams(new URLSearchParams('area=440704'), 2026)).toEqual({ area: '440704', year: null })
    expect(reportParams(new URLSearchParams('year=2020'), 2026)).toEqual({ area: null, year: 2020 })
    expect(reportParams(new URLSearchParams('area=4407;drop&year=20x0'), 2026)).toEqual({ area: null, year: null })
    expect(reportParams(new URLSearchParams('area=440700&year=2027'), 2026).year).toBeNull()
    expect(reportParams(new URLSearchParams('area=440700&year=1989'), 2026).year).toBeNull()
  })
})

describe('choropleth classes', () => {
  it('four quantile classes with their ranges; nulls are left out', () => {
    const { breaks, classes } = choroClasses([0.1, 0.2, 0.3, 0.4, null, 0.5, 0.6, 0.7, 0.8])
    expect(breaks).toEqual([0.2, 0.4, 0.6])
    expect(classes.map((c) => [c.from, c.to])).toEqual([
      [null, 0.2],
      [0.2, 0.4],
      [0.4, 0.6],
      [0.6, null],
    ])
  })
  it('one value: one class over everything', () => {
    const { classes } = choroClasses([null, 3, null])
    expect(classes).toHaveLength(1)
    expect(classes[0]!.from).toBeNull()
    expect(classes[0]!.to).toBeNull()
  })
})
