// Correcting a listing of the serious-dishonesty list (issue 18) and its history: the area's
// regulator or an admin changes the reason, decision (决定书文号), deciding office and expiry with
// a required reason for the change (edit_blacklist_listing); the listing's history
// (credit_blacklist_edits, written by the database on every change) shows when, who, which field,
// old → new and why. The day of listing and the enterprise are fixed (the database refuses them).
import { useEffect, useState } from 'preact/hooks'
import { useMessages, type Lang } from '../../app/i18n.ts'
import { editListing, listingHistory, type ListingHistoryEntry, type StaffListing } from '../../data/blacklistStaff.ts'
import { checkListingEdit, EDIT_LIMITS, expiryFloor, type EditProblem } from '../../domain/blacklistEdit.ts'
import { cityToday } from '../../domain/cityDay.ts'
import { currentSession } from '../../data/session.ts'
import { APP_ROLES, isAppRole } from '../../domain/categories.ts'
import { chinaTime, RefusalBox } from './staffParts.tsx'
import { STAFF_MESSAGES } from './staffMessages.ts'
import './blacklistHistory.css'

type Key = keyof typeof STAFF_MESSAGES & string
type M = (key: Key, vars?: Record<string, string | number>) => string

const PROBLEM_KEYS: Record<EditProblem, Key> = {
  reasonLength: 'bl.err.reasonLength',
  decisionLength: 'bl.err.decisionLength',
  decidedByLength: 'bl.err.decidedByLength',
  expiresDate: 'bl.err.expiresDate',
  expiresAfter: 'bl.err.expiresAfter',
  expiresEarly: 'bl.err.expiresEarly',
  noteLength: 'bl.err.noteLength',
  unchanged: 'bl.err.unchanged',
}

export function ListingEditForm({ l, jurisdiction, onCancel, onSaved }: { l: StaffListing; jurisdiction: string; onCancel: () => void; onSaved: () => void }) {
  const { m } = useMessages(STAFF_MESSAGES)
  const before = { reason: l.reason, decision: l.decision ?? '', decided_by: l.decided_by ?? '', expires_on: l.expires_on ?? '' }
  const [v, setV] = useState(before)
  const [note, setNote] = useState('')
  const [problems, setProblems] = useState<Record<string, EditProblem>>({})
  const [busy, setBusy] = useState(false)
  const [refused, setRefused] = useState<unknown>(null)
  const set = (k: keyof typeof before) => (e: Event) => setV({ ...v, [k]: (e.target as HTMLInputElement).value })

  async function save(ev: Event) {
    ev.preventDefault()
    const p = checkListingEdit(before, v, l.listed_on, note, cityToday())
    setProblems(p)
    setRefused(null)
    if (Object.keys(p).length) return
    setBusy(true)
    try {
      await editListing(
        l.id,
        { reason: v.reason.trim(), decision: v.decision.trim() || null, decided_by: v.decided_by.trim() || null, expires_on: v.expires_on },
        note.trim(),
      )
      onSaved()
    } catch (err) {
      setRefused(err)
    } finally {
      setBusy(false)
    }
  }

  const err = (f: string) =>
    problems[f] && (
      <div class="ntc-field-error" data-testid={`bl-edit-error-${f}`} role="alert">
        {m(PROBLEM_KEYS[problems[f]], { d: problems[f] === 'expiresEarly' ? expiryFloor(l.listed_on, cityToday()) : l.listed_on })}
      </div>
    )

  return (
    <form class="ntc-form ntc-bl-edit" data-testid="bl-edit-form" onSubmit={save} noValidate>
      <h4>{m('bl.editTitle')}</h4>
      <p class="muted ntc-bl-edit-hint">
        {m('bl.editHint')} {m('bl.field.listed_on')}：{l.listed_on}
      </p>
      <div class="ntc-form-grid">
        <label class="ntc-wide">
          {m('bl.reason')} *
          <textarea data-testid="bl-edit-reason" rows={3} maxLength={EDIT_LIMITS.reason[1]} value={v.reason} onInput={set('reason')} />
          {err('reason')}
        </label>
        <label>
          {m('bl.decision')}
          <input type="text" data-testid="bl-edit-decision" maxLength={EDIT_LIMITS.decision} value={v.decision} onInput={set('decision')} />
          {err('decision')}
        </label>
        <label>
          {m('bl.decidedBy')}
          <input type="text" data-testid="bl-edit-decided-by" maxLength={EDIT_LIMITS.decided_by} value={v.decided_by} onInput={set('decided_by')} />
          {err('decided_by')}
        </label>
        <label>
          {m('bl.expiresOnEdit')} *
          <input type="date" data-testid="bl-edit-expires-on" value={v.expires_on} onInput={set('expires_on')} />
          {err('expires_on')}
        </label>
        <label class="ntc-wide">
          {m('bl.editNote')}
          <textarea
            data-testid="bl-edit-note"
            rows={2}
            maxLength={EDIT_LIMITS.note[1]}
            value={note}
            onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)}
          />
          {err('note')}
        </label>
      </div>
      {err('form')}
      {refused !== null && <RefusalBox error={refused} testid="bl-edit-refused" jurisdiction={jurisdiction} />}
      <div class="ntc-form-actions">
        <button type="submit" class="btn btn-primary" data-testid="bl-edit-save" disabled={busy}>
          {busy ? m('bl.editSaving') : m('bl.editSave')}
        </button>
        <button type="button" class="btn btn-ghost" data-testid="bl-edit-cancel" onClick={onCancel}>
          {m('form.cancel')}
        </button>
      </div>
    </form>
  )
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** What a new listing's row shows: its content. The enterprise is the listing's own (its name heads
 *  the listing), its area follows the enterprise, and the demo flag is bookkeeping; a later change
 *  of any of them is still shown. */
const LISTED_HIDDEN = new Set(['enterprise_id', 'area_code', 'is_demo'])

/** A short, stable mark of a person (an opaque id's tail: no names or e-mails are kept). */
const shortId = (id: string) => `#${id.replace(/-/g, '').slice(-6)}`

function shown(v: unknown, m: M): string {
  if (v === null || v === undefined || v === '') return m('bl.empty.value')
  if (typeof v === 'string') return UUID.test(v) ? shortId(v) : v
  if (typeof v === 'boolean') return m(v ? 'bl.yes' : 'bl.no')
  return JSON.stringify(v)
}

function who(e: ListingHistoryEntry, me: string | null, lang: Lang, m: M): string {
  if (e.actor_role === 'system') return m('bl.historySystem')
  const r = isAppRole(e.actor_role) ? APP_ROLES[e.actor_role][lang] : e.actor_role
  if (!e.actor_id) return r
  return `${r} ${shortId(e.actor_id)}${e.actor_id === me ? (lang === 'zh' ? '（本人）' : ' (you)') : ''}`
}

/** The listing's history, newest first; `version` changes after an edit to load it again. */
export function ListingHistory({ id, version }: { id: string; version: number }) {
  const { m, lang } = useMessages(STAFF_MESSAGES)
  const sep = lang === 'zh' ? '：' : ': '
  const [me, setMe] = useState<string | null>(null)
  useEffect(() => {
    currentSession().then(
      (s) => setMe(s?.userId ?? null),
      () => {},
    )
  }, [])
  const [h, setH] = useState<{ status: 'loading' | 'ok' | 'error'; rows: ListingHistoryEntry[]; error?: string }>({ status: 'loading', rows: [] })
  useEffect(() => {
    const abort = new AbortController()
    setH((x) => ({ ...x, status: 'loading' }))
    listingHistory(id, abort.signal).then(
      (rows) => !abort.signal.aborted && setH({ status: 'ok', rows }),
      (e: Error) => !abort.signal.aborted && setH({ status: 'error', rows: [], error: e.message }),
    )
    return () => abort.abort()
  }, [id, version])
  const fieldName = (f: string) => {
    const k = `bl.field.${f}` as Key
    return k in STAFF_MESSAGES ? m(k) : f
  }
  return (
    <div class="ntc-bl-history" data-testid="bl-history" data-status={h.status} data-count={h.status === 'ok' ? h.rows.length : ''}>
      <h4>{m('bl.history')}</h4>
      {h.status === 'loading' && <p class="muted">{m('bl.historyLoading')}</p>}
      {h.status === 'error' && <div class="form-error">{m('bl.historyError', { msg: h.error ?? '' })}</div>}
      {h.status === 'ok' && h.rows.length === 0 && <p class="muted">{m('bl.historyEmpty')}</p>}
      <ol class="ntc-bl-history-list">
        {h.rows.map((e) => {
          const fields = e.action === 'listed' ? e.fields.filter((f) => !LISTED_HIDDEN.has(f)) : e.fields
          return (
            <li key={e.id} data-testid="bl-history-entry" data-action={e.action} data-fields={e.fields.join(',')}>
              <div class="ntc-bl-history-head">
                <span class="ntc-when" title={m('bl.historyWhen')}>
                  {chinaTime(e.at)}
                </span>
                <strong>{m(`bl.action.${e.action}` as Key)}</strong>
                <span class="muted" title={m('bl.historyWho')} data-testid="bl-history-who">
                  {m('bl.historyWho')}
                  {sep}
                  {who(e, me, lang, m)}
                </span>
              </div>
              <table class="ntc-bl-changes">
                <thead>
                  <tr>
                    <th scope="col">{m('bl.historyField')}</th>
                    <th scope="col">{m(e.action === 'listed' ? 'bl.historyValue' : 'bl.historyChange')}</th>
                  </tr>
                </thead>
                <tbody>
                  {fields.map((f) => (
                    <tr key={f} data-testid="bl-history-change" data-field={f}>
                      <th scope="row">{fieldName(f)}</th>
                      <td>
                        {e.action !== 'listed' && (
                          <>
                            <del data-testid="bl-history-old">{shown(e.changes[f]?.old, m)}</del>
                            <span aria-hidden="true"> → </span>
                          </>
                        )}
                        <ins data-testid="bl-history-new">{shown(e.changes[f]?.new, m)}</ins>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {e.note && (
                <p class="ntc-bl-history-note" data-testid="bl-history-note">
                  {m('bl.historyNote')}
                  {sep}
                  {e.note}
                </p>
              )}
            </li>
          )
        })}
      </ol>
    </div>
  )
}
