// The edit form's checks of a listing's correction (src/domain/blacklistEdit.ts): the database's
// bounds, said before sending.
import { describe, expect, it } from 'vitest'
import { checkListingEdit, EDIT_LIMITS, type ListingValues } from '../../src/domain/blacklistEdit.ts'

const before: ListingValues = { reason: '瞒报事故', decision: '江应急失信〔2026〕1号', decided_by: '江门市应急管理局', expires_on: '2029-01-10' }
const LISTED = '2026-01-10'

describe('checkListingEdit', () => {
  it('a real change with a reason for it passes', () => {
    expect(checkListingEdit(before, { ...before, decided_by: '江海区应急管理局' }, LISTED, '更正决定机关')).toEqual({})
  })

  it('nothing changed (blanks around do not count as a change) is said on the form', () => {
    expect(checkListingEdit(before, { ...before, reason: ` ${before.reason} ` }, LISTED, '核对')).toEqual({ form: 'unchanged' })
  })

  it('the reason for the edit is required, 2 to 500 characters', () => {
    const after = { ...before, decision: '新文号' }
    expect(checkListingEdit(before, after, LISTED, '  ').note).toBe('noteLength')
    expect(checkListingEdit(before, after, LISTED, '改').note).toBe('noteLength')
    expect(checkListingEdit(before, after, LISTED, 'x'.repeat(EDIT_LIMITS.note[1] + 1)).note).toBe('noteLength')
    expect(checkListingEdit(before, after, LISTED, 'x'.repeat(EDIT_LIMITS.note[1])).note).toBeUndefined()
  })

  it('reason 2–2000, decision and office at most 200 characters', () => {
    const p = checkListingEdit(before, { ...before, reason: '短', decision: '文'.repeat(201), decided_by: '局'.repeat(201) }, LISTED, '更正')
    expect(p).toMatchObject({ reason: 'reasonLength', decision: 'decisionLength', decided_by: 'decidedByLength' })
    expect(checkListingEdit(before, { ...before, reason: 'x'.repeat(2001) }, LISTED, '更正').reason).toBe('reasonLength')
  })

  it('the expiry is a real day after the day of listing', () => {
    expect(checkListingEdit(before, { ...before, expires_on: LISTED }, LISTED, '更正').expires_on).toBe('expiresAfter')
    expect(checkListingEdit(before, { ...before, expires_on: '2025-12-31' }, LISTED, '更正').expires_on).toBe('expiresAfter')
    expect(checkListingEdit(before, { ...before, expires_on: '2027-02-30' }, LISTED, '更正').expires_on).toBe('expiresDate')
    expect(checkListingEdit(before, { ...before, expires_on: '' }, LISTED, '更正').expires_on).toBe('expiresDate')
    expect(checkListingEdit(before, { ...before, expires_on: '2026-01-11' }, LISTED, '更正').expires_on).toBeUndefined()
  })
})
