// The accident grade rules of src/domain/accidents.ts (条例 art. 3); the database's accident_grade
// is held to the same cases in test/db/accidents.test.ts.
import { describe, it, expect } from 'vitest'
import { accidentGrade, followupDays, gradeBy, isLateReport } from '../../../src/domain/accidents.ts'

describe('accidentGrade', () => {
  it('includes the lower bound of each grade (以上) and excludes the upper (以下)', () => {
    expect([2, 3, 9, 10, 29, 30].map((d) => gradeBy('deaths', d))).toEqual([4, 3, 3, 2, 2, 1])
    expect([9, 10, 49, 50, 99, 100].map((s) => gradeBy('serious_injuries', s))).toEqual([4, 3, 3, 2, 2, 1])
    expect([999.99, 1000, 4999.99, 5000, 9999.99, 10000].map((l) => gradeBy('direct_loss_10k_yuan', l))).toEqual([4, 3, 3, 2, 2, 1])
  })

  it('lets the most severe criterion decide and names every criterion that reaches it', () => {
    expect(accidentGrade(0, 0, 0)).toEqual({ grade: 4, zh: '一般事故', en: 'ordinary', decidedBy: ['deaths', 'serious_injuries', 'direct_loss_10k_yuan'] })
    expect(accidentGrade(2, 50, 1000)).toMatchObject({ grade: 2, zh: '重大事故', decidedBy: ['serious_injuries'] })
    expect(accidentGrade(30, 100, 10000)).toMatchObject({ grade: 1, decidedBy: ['deaths', 'serious_injuries', 'direct_loss_10k_yuan'] })
  })

  it('refuses negative, fractional and non-finite inputs', () => {
    expect(() => accidentGrade(-1, 0, 0)).toThrow(/deaths/)
    expect(() => accidentGrade(0, 1.5, 0)).toThrow(/serious_injuries must be a whole number/)
    expect(() => accidentGrade(0, 0, Number.NaN)).toThrow(/direct_loss_10k_yuan/)
    expect(accidentGrade(0, 0, 0.5).grade).toBe(4)
  })
})

describe('reporting windows', () => {
  it('续报 within 7 days for road traffic and fire, 30 otherwise; 迟报 after one hour', () => {
    expect(['road_traffic', 'fire', 'imt', 'waterway'].map(followupDays)).toEqual([7, 7, 30, 30])
    const t = new Date('2026-03-05T06:00:00Z')
    expect(isLateReport(t, new Date('2026-03-05T07:00:00Z'))).toBe(false)
    expect(isLateReport(t, new Date('2026-03-05T07:00:01Z'))).toBe(true)
  })
})
