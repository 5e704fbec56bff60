// How many rows each import_apply call of a chunked commit writes (src/import/checkChunks.ts).
import { describe, expect, it } from 'vitest'
import { APPLY_MIN_ROWS, applyAfterTimeout, applyFirstRows, applyMinRows, nextApplyRows } from '../../src/import/checkChunks.ts'

describe('nextApplyRows', () => {
  it('stays at the cap while calls are quick (enterprises, ~0.3 ms a row)', () => {
    expect(nextApplyRows(1000, 300, 1000)).toBe(1000)
  })
  it('shrinks to about 2 s a call when rows are slow (hazard sources graded at ~12 ms a row)', () => {
    expect(nextApplyRows(1000, 12_000, 1000)).toBe(166)
  })
  it('grows at most twofold, never past the cap, never below the minimum', () => {
    expect(nextApplyRows(100, 10, 1000)).toBe(200)
    expect(nextApplyRows(800, 10, 1000)).toBe(1000)
    expect(nextApplyRows(100, 60_000, 1000)).toBe(APPLY_MIN_ROWS)
    expect(nextApplyRows(2, 1, 2)).toBe(2) // a cap below the minimum is the size
  })
})

describe('applyAfterTimeout', () => {
  it('halves down to the minimum, then gives up', () => {
    expect(applyAfterTimeout(1000)).toBe(500)
    expect(applyAfterTimeout(40)).toBe(APPLY_MIN_ROWS)
    expect(applyAfterTimeout(APPLY_MIN_ROWS)).toBeNull()
  })
})

describe('applyFirstRows: pipelines start small', () => {
  it('is 5 for pipelines (one transaction only up to 5 lines), the fallback for other kinds', () => {
    expect(applyFirstRows('pipelines', 1000)).toBe(5)
    expect(applyFirstRows('enterprises', 1000)).toBe(1000)
    expect(applyFirstRows(undefined, 1000)).toBe(1000)
  })
})

describe('applyMinRows: a smaller floor for pipelines (their rows recompute high-consequence segments)', () => {
  it('is 5 for pipelines, APPLY_MIN_ROWS for other kinds and without a kind', () => {
    expect(applyMinRows('pipelines')).toBe(5)
    expect(applyMinRows('enterprises')).toBe(APPLY_MIN_ROWS)
    expect(applyMinRows(undefined)).toBe(APPLY_MIN_ROWS)
  })
  it('lets a timed-out pipeline call halve below 25 rows, down to 5', () => {
    expect(applyAfterTimeout(25, applyMinRows('pipelines'))).toBe(12)
    expect(applyAfterTimeout(12, applyMinRows('pipelines'))).toBe(6)
    expect(applyAfterTimeout(6, applyMinRows('pipelines'))).toBe(5)
    expect(applyAfterTimeout(5, applyMinRows('pipelines'))).toBeNull()
    expect(applyAfterTimeout(25)).toBeNull()
  })
  it('sizes pipeline calls from their measured time below 25 rows (~0.44 s a line: 4 rows a 2 s call, floored at 5)', () => {
    expect(nextApplyRows(25, 10_880, 10_000, applyMinRows('pipelines'))).toBe(5)
    expect(nextApplyRows(5, 1_000, 10_000, applyMinRows('pipelines'))).toBe(10)
    expect(nextApplyRows(25, 10_880, 10_000)).toBe(APPLY_MIN_ROWS)
  })
})
