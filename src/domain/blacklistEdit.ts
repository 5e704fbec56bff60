// Checks of a listing's correction (严重失信名单, issue 18) before it is sent: the same bounds the
// database keeps (credit_blacklist's input limits and guard, edit_blacklist_listing's reason for
// the edit, the expiry's floor of 20270113000200), so the form can say what is wrong in the user's
// words. The database still refuses.
import { earliestRemoval } from './notices.ts'

export interface ListingValues {
  reason: string
  decision: string
  decided_by: string
  expires_on: string
}

export const EDIT_LIMITS = { reason: [2, 2000], decision: 200, decided_by: 200, note: [2, 500] } as const

/** Which message a field gets (a key of the staff messages), or nothing when all is well. */
export type EditProblem = 'reasonLength' | 'decisionLength' | 'decidedByLength' | 'expiresDate' | 'expiresAfter' | 'expiresEarly' | 'noteLength' | 'unchanged'

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/

function isDay(v: string): boolean {
  if (!ISO_DAY.test(v)) return false
  const d = new Date(`${v}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v
}

/** The earliest expiry a correction may set: the earliest credit-repair day (12 months after
 *  listing), and not before today (an earlier end is removal through credit repair). */
export function expiryFloor(listedOn: string, today: string): string {
  const e = earliestRemoval(listedOn)
  return e > today ? e : today
}

/** Problems by field (reason, decision, decided_by, expires_on, note, and `form` for "nothing
 *  changed"). Text is compared trimmed, as it is sent. `today` is the city's day (cityDay.ts). */
export function checkListingEdit(before: ListingValues, after: ListingValues, listedOn: string, note: string, today: string): Record<string, EditProblem> {
  const p: Record<string, EditProblem> = {}
  const reason = after.reason.trim()
  if (reason.length < EDIT_LIMITS.reason[0] || reason.length > EDIT_LIMITS.reason[1]) p.reason = 'reasonLength'
  if (after.decision.trim().length > EDIT_LIMITS.decision) p.decision = 'decisionLength'
  if (after.decided_by.trim().length > EDIT_LIMITS.decided_by) p.decided_by = 'decidedByLength'
  if (!isDay(after.expires_on)) p.expires_on = 'expiresDate'
  else if (after.expires_on <= listedOn) p.expires_on = 'expiresAfter'
  else if (after.expires_on !== before.expires_on && after.expires_on < expiryFloor(listedOn, today)) p.expires_on = 'expiresEarly'
  const n = note.trim()
  if (n.length < EDIT_LIMITS.note[0] || n.length > EDIT_LIMITS.note[1]) p.note = 'noteLength'
  const same = (k: keyof ListingValues) => before[k].trim() === after[k].trim()
  if (same('reason') && same('decision') && same('decided_by') && same('expires_on')) p.form = 'unchanged'
  return p
}
