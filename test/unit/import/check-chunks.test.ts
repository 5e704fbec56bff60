import { describe, expect, it } from 'vitest'
import { afterTimeout, CHECK_MAX_ROWS, CHECK_MIN_ROWS, CHECK_TARGET_MS, isStatementTimeout, nextCheckRows } from '../../../src/import/checkChunks.ts'

describe('import_check call sizes', () => {
  it('sizes the next call to take about the target time from the last one', () => {
    // 1,000 rows in 500 ms → 0.5 ms a row → 4,000 rows for 2 s, but at most twice the last call
    expect(nextCheckRows(1000, 500)).toBe(2000)
    expect(nextCheckRows(4000, 2000)).toBe(4000)
    // a slow machine: 2,100 rows took 8.4 s → 4 ms a row → 500 rows
    expect(nextCheckRows(2100, 8400)).toBe(500)
    expect(nextCheckRows(500, 2000) * (2000 / 500)).toBeLessThanOrEqual(CHECK_TARGET_MS)
  })
  it('stays within its bounds', () => {
    expect(nextCheckRows(10000, 1)).toBe(CHECK_MAX_ROWS)
    expect(nextCheckRows(200, 60_000)).toBe(CHECK_MIN_ROWS)
    expect(nextCheckRows(0, 0)).toBeGreaterThanOrEqual(CHECK_MIN_ROWS)
  })
  it('halves after a timeout, down to the minimum, then gives up', () => {
    expect(afterTimeout(1000)).toBe(500)
    expect(afterTimeout(CHECK_MIN_ROWS + 1)).toBe(CHECK_MIN_ROWS)
    expect(afterTimeout(CHECK_MIN_ROWS)).toBeNull()
  })
  it('knows a statement timeout from PostgREST and from the gateway', () => {
    expect(isStatementTimeout({ code: '57014', message: 'canceling statement due to statement timeout' })).toBe(true)
    expect(isStatementTimeout({ message: 'import_check: 查询超时 / canceling statement due to statement timeout' })).toBe(true)
    expect(isStatementTimeout({ code: '22023', message: 'bad range' })).toBe(false)
    expect(isStatementTimeout(null)).toBe(false)
  })
})
