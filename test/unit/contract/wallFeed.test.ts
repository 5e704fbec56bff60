import { describe, expect, it } from 'vitest'
import { SINCE_STEP_MS, sharedSince } from '../../../src/contract/wallFeed.ts'

describe('sharedSince', () => {
  it('floors a watermark to a whole step, never later than it', () => {
    expect(sharedSince('2026-12-04T15:00:03.999Z')).toBe('2026-12-04T15:00:02.000Z')
    expect(sharedSince('2026-12-04T15:00:02.000Z')).toBe('2026-12-04T15:00:02.000Z')
    expect(sharedSince('2026-12-04T23:00:01.5+08:00')).toBe('2026-12-04T15:00:00.000Z')
    for (let i = 0; i < 200; i++) {
      const t = 1_796_000_000_000 + Math.floor(Math.random() * 1e9)
      const s = Date.parse(sharedSince(new Date(t).toISOString()))
      expect(s).toBeLessThanOrEqual(t)
      expect(t - s).toBeLessThan(SINCE_STEP_MS)
    }
  })
  it('two walls a moment apart ask the same question', () => {
    expect(sharedSince('2026-12-04T15:00:04.120Z')).toBe(sharedSince('2026-12-04T15:00:05.870Z'))
  })
  it('leaves what it cannot read to the server', () => {
    expect(sharedSince('yesterday')).toBe('yesterday')
  })
})
