// The pure parts of #/indicators: where a trend series changes scope (its denominator changes)
// and the choropleth's classes and legend ranges (a missing value is never a class).
import { describe, expect, it } from 'vitest'
import { scopeChanges } from '../../src/features/indicators/Trend.tsx'
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
