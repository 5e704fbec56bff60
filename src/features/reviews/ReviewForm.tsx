// Confirm or refuse one proposal. The note is required to refuse; the database checks that too,
// and whatever it refuses is shown exactly as it said it.
import { useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import { reviewAssessment, type PendingProposal } from '../../data/reviews.ts'
import { MESSAGES } from './messages.ts'

/** What was decided, kept as data so the message follows the language toggle. */
export interface Decided {
  decision: 'confirm' | 'refuse'
  p: PendingProposal
  level: number | null
}

export function ReviewForm({ p, onDecided }: { p: PendingProposal; onDecided: (d: Decided) => void }) {
  const { m } = useMessages(MESSAGES)
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const send = async (decision: 'confirm' | 'refuse') => {
    setBusy(true)
    setError(null)
    try {
      const r = await reviewAssessment(p.id, decision, note.trim())
      onDecided({ decision, p, level: r.level })
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form class="review-form" data-testid="review-form" onSubmit={(e) => e.preventDefault()}>
      <label>
        <span>{m('form.note')}</span>
        <textarea
          data-testid="review-note"
          rows={2}
          maxLength={2000}
          placeholder={m('form.notePlaceholder')}
          value={note}
          onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)}
        />
      </label>
      {error && (
        <div class="form-error" data-testid="review-error" role="alert">
          {m('form.refused')}
          <span data-testid="review-error-text">{error}</span>
        </div>
      )}
      <div class="review-buttons">
        <button type="button" class="btn btn-primary" data-testid="review-confirm" disabled={busy} onClick={() => send('confirm')}>
          {busy ? m('form.sending') : m('form.confirm')}
        </button>
        <button type="button" class="btn btn-danger" data-testid="review-refuse" disabled={busy} onClick={() => send('refuse')}>
          {m('form.refuse')}
        </button>
      </div>
    </form>
  )
}
