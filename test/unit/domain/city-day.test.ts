import { describe, expect, it } from 'vitest'
import { cityClock, cityDate, cityToday } from '../../../src/domain/cityDay.ts'

describe("the city's day (Beijing, UTC+8)", () => {
  it('turns at 16:00 UTC', () => {
    expect(cityDate(new Date('2026-12-05T15:59:59Z'))).toBe('2026-12-05')
    expect(cityDate(new Date('2026-12-05T16:00:00Z'))).toBe('2026-12-06')
  })
  it('crosses the year with Beijing, not with UTC', () => {
    expect(cityToday(new Date('2026-12-31T17:30:00Z'))).toBe('2027-01-01')
    expect(cityClock(new Date('2026-12-31T17:30:00Z'))).toBe('01:30')
  })
  it('keeps no daylight saving: July is UTC+8 too', () => {
    expect(cityClock(new Date('2026-07-01T04:05:00Z'))).toBe('12:05')
  })
})
