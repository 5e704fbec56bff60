// 复评，维持原评估 from the risk point's card (issue 15): for those who may record it (the enterprise
// its own points, the area's regulator, admins; the database decides), a one-line form with the
// reviewer's note. After recording, the block reads the card again: the new date and "due until"
// shown are the database's answer. A changed assessment goes through the grading review instead.
import { useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import { sessionStore } from '../../app/sessionStore.ts'
import { useStore } from '../../app/store.ts'
import { featureCard } from '../../data/mapApi.ts'
import { recordRiskPointReview } from '../../data/freshness.ts'
import { fmtDate } from '../ui/card.tsx'
import { MESSAGES } from './messages.ts'
import '../ui/freshness.css'

const REVIEWERS = new Set(['enterprise', 'regulator', 'admin'])

export function RiskPointReview({ id, due }: { id: string; due: boolean }) {
  const { lang, m } = useMessages(MESSAGES)
  const role = useStore(sessionStore, (s) => s.user?.role ?? null)
  const [open, setOpen] = useState(false)
  const [note, setNote] = useState('')
  const [status, setStatus] = useState<{ kind: 'ok' | 'error' | 'busy'; text: string } | null>(null)
  if (!role || !REVIEWERS.has(role)) return null
  const submit = async (e: Event) => {
    e.preventDefault()
    const text = note.trim()
    if (text.length < 4) {
      setStatus({ kind: 'error', text: m('review.noteShort') })
      return
    }
    setStatus({ kind: 'busy', text: m('review.saving') })
    try {
      await recordRiskPointReview(id, text)
      const card = (await featureCard('risk_points', id)) as { assessed_at?: string | null; review_due_on?: string | null } | null
      setStatus({
        kind: 'ok',
        text: m('review.saved', { on: fmtDate(card?.assessed_at ?? null, lang) ?? '', until: fmtDate(card?.review_due_on ?? null, lang) ?? '' }),
      })
      setOpen(false)
      setNote('')
    } catch (err) {
      setStatus({ kind: 'error', text: m('review.failed', { msg: (err as Error).message }) })
    }
  }
  return (
    <div class="detail-review-action" data-testid="review-action">
      {!open && (due || status?.kind !== 'ok') && (
        <button type="button" class="link-button" data-testid="review-open" onClick={() => setOpen(true)}>
          {m('review.record')}
        </button>
      )}
      {open && (
        <form class="fresh-form" onSubmit={submit} data-testid="review-form">
          <label>
            {m('review.note')}
            <input type="text" maxLength={500} value={note} data-testid="review-note" onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
          </label>
          <div class="fresh-actions">
            <button type="submit" data-testid="review-submit" disabled={status?.kind === 'busy'}>
              {m('review.submit')}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              {m('review.cancel')}
            </button>
          </div>
        </form>
      )}
      {status && status.kind !== 'busy' && (
        <div class={`fresh-status fresh-${status.kind}`} role="status" data-testid="review-status">
          {status.text}
        </div>
      )}
    </div>
  )
}
