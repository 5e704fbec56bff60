// The edit form's checks of a listing's correction (src/domain/blacklistEdit.ts): the database's
// bounds, said before sending.
import { describe, expect, it } from 'vitest'
import { checkListingEdit, EDIT_LIMITS, expiryFloor, type ListingValues } from '../../src/domain/blacklistEdit.ts'

const before: ListingValues = { reason: '瞒报事故', decision: '江应急失信〔2026〕1号', decided_by: '江门市应急管理局', expires_on: '2029-01-10' }
const LISTED = '2026-01-10'
const TODAY = '2026-03-01'
const check = (b: ListingValues, a: ListingValues, note: string, today = TODAY) => checkListingEdit(b, a, LISTED, note, today)

describe('checkListingEdit', () => {
  it('a real change with a reason for it passes', () => {
    expect(check(before, { ...before, decided_by: '江海区应急管理局' }, '更正决定机关')).toEqual({})
  })

  it('nothing changed (blanks around do not count as a change) is said on the form', () => {
    expect(check(before, { ...before, reason: ` ${before.reason} ` }, '核对')).toEqual({ form: 'unchanged' })
  })

  it('the reason for the edit is required, 2 to 500 characters', () => {
    const after = { ...before, decision: '新文号' }
    expect(check(before, after, '  ').note).toBe('noteLength')
    expect(check(before, after, '改').note).toBe('noteLength')
    expect(check(before, after, 'x'.repeat(EDIT_LIMITS.note[1] + 1)).note).toBe('noteLength')
    expect(check(before, after, 'x'.repeat(EDIT_LIMITS.note[1])).note).toBeUndefined()
  })

  it('reason 2–2000, decision and office at most 200 characters', () => {
    const p = check(before, { ...before, reason: '短', decision: '文'.repeat(201), decided_by: '局'.repeat(201) }, '更正')
    expect(p).toMatchObject({ reason: 'reasonLength', decision: 'decisionLength', decided_by: 'decidedByLength' })
    expect(check(before, { ...before, reason: 'x'.repeat(2001) }, '更正').reason).toBe('reasonLength')
  })

  it('the expiry is a real day after the day of listing', () => {
    expect(check(before, { ...before, expires_on: LISTED }, '更正').expires_on).toBe('expiresAfter')
    expect(check(before, { ...before, expires_on: '2025-12-31' }, '更正').expires_on).toBe('expiresAfter')
    expect(check(before, { ...before, expires_on: '2027-02-30' }, '更正').expires_on).toBe('expiresDate')
    expect(check(before, { ...before, expires_on: '' }, '更正').expires_on).toBe('expiresDate')
    expect(check(before, { ...before, expires_on: '2028-01-11' }, '更正').expires_on).toBeUndefined()
  })

  it('a changed expiry is not before the earliest credit-repair day (12 months after listing) nor before today', () => {
    expect(expiryFloor(LISTED, TODAY)).toBe('2027-01-10')
    expect(check(before, { ...before, expires_on: '2026-01-11' }, '缩短').expires_on).toBe('expiresEarly')
    expect(check(before, { ...before, expires_on: '2027-01-09' }, '缩短').expires_on).toBe('expiresEarly')
    expect(check(before, { ...before, expires_on: '2027-01-10' }, '缩短').expires_on).toBeUndefined()
    // listed long ago: today is the floor
    expect(expiryFloor('2020-05-01', TODAY)).toBe(TODAY)
    const old = { ...before, expires_on: '2023-05-01' }
    expect(checkListingEdit(old, { ...old, expires_on: '2026-02-28' }, '2020-05-01', '更正', TODAY).expires_on).toBe('expiresEarly')
    expect(checkListingEdit(old, { ...old, expires_on: TODAY }, '2020-05-01', '更正', TODAY).expires_on).toBeUndefined()
    // an expiry left as it was is not the form's business (another field is being corrected)
    expect(checkListingEdit(old, { ...old, reason: '更正后的理由' }, '2020-05-01', '更正', TODAY).expires_on).toBeUndefined()
  })
})
