// A restricted zone's daily hours (China time, [from, to), wrapping past midnight): the wall's
// vehicle card says whether the zone a vehicle is in applies at its last fix.
import { describe, it, expect } from 'vitest'
import { secondsOfDay, zoneAppliesAt } from '../../../src/domain/vehicleZoneHours.ts'

// 2026-12-05 at hh:mm China time = hh:mm − 8 h UTC
const cn = (hhmm: string) => new Date(`2026-12-05T${hhmm}:00+08:00`)

describe('zoneAppliesAt', () => {
  it('applies all day without hours', () => {
    expect(zoneAppliesAt(null, null, cn('03:00'))).toBe(true)
  })
  it('a day window: from inclusive, to exclusive, in China time', () => {
    expect(zoneAppliesAt('07:00:00', '19:00:00', cn('06:59'))).toBe(false)
    expect(zoneAppliesAt('07:00:00', '19:00:00', cn('07:00'))).toBe(true)
    expect(zoneAppliesAt('07:00:00', '19:00:00', cn('18:59'))).toBe(true)
    expect(zoneAppliesAt('07:00:00', '19:00:00', cn('19:00'))).toBe(false)
    // 10:00 UTC is 18:00 in China: inside
    expect(zoneAppliesAt('07:00', '19:00', new Date('2026-12-05T10:00:00Z'))).toBe(true)
  })
  it('a night window wraps past midnight', () => {
    expect(zoneAppliesAt('22:00:00', '06:00:00', cn('23:30'))).toBe(true)
    expect(zoneAppliesAt('22:00:00', '06:00:00', cn('05:59'))).toBe(true)
    expect(zoneAppliesAt('22:00:00', '06:00:00', cn('06:00'))).toBe(false)
    expect(zoneAppliesAt('22:00:00', '06:00:00', cn('12:00'))).toBe(false)
  })
  it('refuses what is not a time of day', () => {
    expect(secondsOfDay('24:00:00')).toBeNull()
    expect(secondsOfDay('7:00')).toBeNull()
    expect(() => zoneAppliesAt('x', '06:00', cn('12:00'))).toThrow(/禁行时段/)
  })
})
