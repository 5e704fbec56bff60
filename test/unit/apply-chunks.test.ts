// How many rows each import_apply call of a chunked commit writes (src/import/checkChunks.ts).
import { describe, expect, it } from 'vitest'
import { APPLY_MIN_ROWS, applyAfterTimeout, nextApplyRows } from '../../src/import/checkChunks.ts'

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
