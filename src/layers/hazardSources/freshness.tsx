// The hazard-source card's safety-assessment block (issue 15): the last 安全评估 on record, whether
// a re-assessment is due (待重评) and why (令40号 art. 11), and, for those who may file one (the
// enterprise its own, the regulator its area, admins; the database decides), a form to record the
// new report. After filing, the block reads the card again: what it shows is the database's answer.
import { useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import { sessionStore } from '../../app/sessionStore.ts'
import { useStore } from '../../app/store.ts'
import { featureCard } from '../../data/mapApi.ts'
import { recordAssessment } from '../../data/freshness.ts'
import { reassessmentReasonText, type SourceFreshness } from '../../domain/freshness.ts'
import { fmtDate } from '../ui/card.tsx'
import { MESSAGES } from './messages.ts'
import '../ui/freshness.css'
import { cityToday } from '../../domain/cityDay.ts'

const FILERS = new Set(['enterprise', 'regulator', 'admin'])

export function SourceFreshnessBlock({ id, initial }: { id: string; initial: SourceFreshness }) {
  const { lang, m } = useMessages(MESSAGES)
  const role = useStore(sessionStore, (s) => s.user?.role ?? null)
  const [f, setF] = useState(initial)
  const [open, setOpen] = useState(false)
  const [on, setOn] = useState(cityToday())
  const [ref, setRef] = useState('')
  const [assessor, setAssessor] = useState('')
  const [status, setStatus] = useState<{ kind: 'ok' | 'error' | 'busy'; text: string } | null>(null)
  if (!f.applies) return null
  const last = f.last_assessment
  const submit = async (e: Event) => {
    e.preventDefault()
    setStatus({ kind: 'busy', text: m('fresh.saving') })
    try {
      await recordAssessment(id, on, ref.trim(), assessor.trim())
      const card = await featureCard('hazard_sources', id)
      if (card?.freshness) setF(card.freshness)
      setStatus({ kind: 'ok', text: m('fresh.saved') })
      setOpen(false)
    } catch (err) {
      setStatus({ kind: 'error', text: m('fresh.failed', { msg: (err as Error).message }) })
    }
  }
  return (
    <div class="detail-table" data-testid="detail-freshness">
      <div class="detail-table-title">{m('fresh.title')}</div>
      <div class="detail-row">
        <dt>{m('fresh.last')}</dt>
        <dd data-testid="detail-last-assessment">
          {last ? [fmtDate(last.assessed_on, lang), last.report_ref, last.assessor].filter(Boolean).join(' · ') : m('fresh.none')}
        </dd>
      </div>
      {f.due ? (
        <div class="fresh-due" data-testid="detail-reassess-due">
          <span class="badge badge-stale">{m('fresh.due')}</span>
          <ul>
            {f.reasons.map((r, i) => (
              <li key={i} data-reason={r.reason}>
                {reassessmentReasonText(r, lang)}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <div class="fresh-ok" data-testid="detail-reassess-ok">
          {m('fresh.ok')}
        </div>
      )}
      {role && FILERS.has(role) && !open && (
        <button type="button" class="link-button" data-testid="fresh-open" onClick={() => setOpen(true)}>
          {m('fresh.record')}
        </button>
      )}
      {open && (
        <form class="fresh-form" onSubmit={submit} data-testid="fresh-form">
          <label>
            {m('fresh.date')}
            <input type="date" required value={on} max={cityToday()} onInput={(e) => setOn((e.target as HTMLInputElement).value)} />
          </label>
          <label>
            {m('fresh.ref')}
            <input type="text" maxLength={200} value={ref} onInput={(e) => setRef((e.target as HTMLInputElement).value)} />
          </label>
          <label>
            {m('fresh.assessor')}
            <input type="text" maxLength={200} value={assessor} onInput={(e) => setAssessor((e.target as HTMLInputElement).value)} />
          </label>
          <div class="fresh-actions">
            <button type="submit" data-testid="fresh-submit" disabled={status?.kind === 'busy'}>
              {m('fresh.submit')}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              {m('fresh.cancel')}
            </button>
          </div>
        </form>
      )}
      {status && status.kind !== 'busy' && (
        <div class={`fresh-status fresh-${status.kind}`} role="status" data-testid="fresh-status">
          {status.text}
        </div>
      )}
    </div>
  )
}
