// The form each allowed transition asks for, derived from the rule's required_details (the
// database's rules table), the checks made before sending (so a person gets a message in their
// language next to the field, not the database's English refusal), and the note + details sent
// to transition_hidden_danger. Pure: no DOM. The database checks everything again.
import type { DangerStatus } from '../../domain/categories.ts'
import type { AllowedTransition, Severity } from '../../data/dangers.ts'
import type { MessageKey } from './messages.ts'

export type FieldKind = 'text' | 'textarea' | 'number' | 'date' | 'severity' | 'listing_level'

export interface FieldSpec {
  /** the details key (or 'note') */
  key: string
  kind: FieldKind
  label: MessageKey
  required: boolean
  /** shown only when this returns true for the current values */
  when?: (values: FormValues) => boolean
  /** the severities offered (severity fields) */
  options?: readonly string[]
}

export type FormValues = Record<string, string>

const isMajor = (v: FormValues) => v.severity === 'major'

/** The fields of the form for `t`, taken from a danger in status `from`. */
export function formFields(t: AllowedTransition, from: DangerStatus): FieldSpec[] {
  const req = new Set(t.required_details)
  const fields: FieldSpec[] = []
  if (req.has('severity')) {
    const options: readonly Severity[] = t.severities?.length ? t.severities : ['general', 'major']
    fields.push({ key: 'severity', kind: 'severity', label: 'form.severity', required: true, options })
    if (options.includes('major')) {
      fields.push(
        { key: 'listing_level', kind: 'listing_level', label: 'form.listingLevel', required: true, when: isMajor },
        { key: 'supervising_office', kind: 'text', label: 'form.office', required: true, when: isMajor },
        { key: 'listing_date', kind: 'date', label: 'form.listingDate', required: false, when: isMajor },
      )
    }
  }
  if (req.has('measures')) fields.push({ key: 'measures', kind: 'textarea', label: 'form.measures', required: true })
  if (req.has('responsible_person')) fields.push({ key: 'responsible_person', kind: 'text', label: 'form.responsible', required: true })
  if (req.has('funds')) fields.push({ key: 'funds', kind: 'number', label: 'form.funds', required: true })
  if (req.has('deadline')) fields.push({ key: 'deadline', kind: 'date', label: 'form.deadline', required: true })
  // Verification failed: back to rectification, optionally with a new deadline.
  if (t.kind === 'transition' && from === 'pending_verification' && t.to_status === 'rectifying' && !req.has('deadline')) {
    fields.push({ key: 'deadline', kind: 'date', label: 'form.newDeadline', required: false })
  }
  if (req.has('done')) fields.push({ key: 'done', kind: 'textarea', label: 'form.done', required: true })
  if (req.has('verifier')) fields.push({ key: 'verifier', kind: 'text', label: 'form.verifier', required: true })
  if (req.has('verified_at')) fields.push({ key: 'verified_at', kind: 'date', label: 'form.verifiedAt', required: true })
  fields.push({ key: 'note', kind: 'textarea', label: t.note_required ? 'form.noteRequired' : 'form.note', required: t.note_required })
  return fields
}

/** Starting values: a re-assessment is to major; a verification is dated today. */
export function initialValues(t: AllowedTransition, today: string): FormValues {
  const v: FormValues = {}
  if (t.severities?.length === 1) v.severity = t.severities[0]!
  if (t.required_details.includes('verified_at')) v.verified_at = today
  return v
}

/** The note and details for transition_hidden_danger from what the user typed. Empty fields
 * and fields not shown are left out (the database then names what is missing); a number field
 * that does not parse is sent as typed, for the database to refuse. */
export function buildRequest(fields: FieldSpec[], values: FormValues): { note: string | null; details: Record<string, unknown> } {
  const details: Record<string, unknown> = {}
  let note: string | null = null
  for (const f of fields) {
    if (f.when && !f.when(values)) continue
    const raw = (values[f.key] ?? '').trim()
    if (raw === '') continue
    if (f.key === 'note') {
      note = raw
      continue
    }
    if (f.kind === 'number') {
      const n = Number(raw)
      details[f.key] = Number.isFinite(n) ? n : raw
    } else {
      details[f.key] = raw
    }
  }
  return { note, details }
}

/** Whole days a deadline is past `today` (0 when not overdue). */
export function daysOverdue(deadline: string | null, today: string): number {
  if (!deadline) return 0
  const ms = Date.parse(`${today}T00:00:00Z`) - Date.parse(`${deadline}T00:00:00Z`)
  return ms > 0 ? Math.round(ms / 86_400_000) : 0
}

export type FieldProblemKind = 'required' | 'notNumber' | 'negative' | 'beforeToday' | 'afterToday'
export interface FieldProblem {
  key: string
  kind: FieldProblemKind
}

/** What must be fixed before sending: required fields left empty, funds that are not a
 * non-negative number, a deadline before today, a verification dated in the future. Fields not
 * shown (their `when` is false) are not checked. */
export function checkForm(fields: FieldSpec[], values: FormValues, today: string): FieldProblem[] {
  const problems: FieldProblem[] = []
  for (const f of fields) {
    if (f.when && !f.when(values)) continue
    const raw = (values[f.key] ?? '').trim()
    if (raw === '') {
      if (f.required) problems.push({ key: f.key, kind: 'required' })
      continue
    }
    if (f.kind === 'number') {
      const n = Number(raw)
      if (!Number.isFinite(n)) problems.push({ key: f.key, kind: 'notNumber' })
      else if (n < 0) problems.push({ key: f.key, kind: 'negative' })
    } else if (f.kind === 'date') {
      // ISO dates compare as strings
      if (f.key === 'deadline' && raw < today) problems.push({ key: f.key, kind: 'beforeToday' })
      if (f.key === 'verified_at' && raw > today) problems.push({ key: f.key, kind: 'afterToday' })
    }
  }
  return problems
}
