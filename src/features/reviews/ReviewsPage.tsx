// #/reviews (复核): the grading proposals waiting for a regulator's decision, in the caller's
// scope (grading_review_queue: RLS-equivalent filter in the database). Each shows the record,
// the enterprise, old → new level by colour and name, inputs before and after, who proposed it,
// when and why, and — for those who may decide — a confirm / refuse form. The database decides;
// its refusal is shown word for word.
import { useCallback, useEffect, useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import { useStore } from '../../app/store.ts'
import { sessionStore } from '../../app/sessionStore.ts'
import { APP_ROLES, isAppRole } from '../../domain/categories.ts'
import { reviewQueue, type PendingProposal } from '../../data/reviews.ts'
import { oneMapLink } from '../onemap/links.ts'
import { MESSAGES } from './messages.ts'
import { fmtTime, inputsText, LevelChip, levelText } from './parts.tsx'
import { ReviewForm, type Decided } from './ReviewForm.tsx'
import './reviews.css'

type QueueState = { status: 'loading' | 'ok' | 'error'; rows: PendingProposal[]; error?: string }

export default function ReviewsPage() {
  const { m } = useMessages(MESSAGES)
  const { user, known } = useStore(sessionStore)
  if (!known) return <div class="page-message">{m('page.loading')}</div>
  if (!user) {
    return (
      <div class="page-message reviews-signin" data-testid="reviews-signin">
        <h2>{m('page.title')}</h2>
        <p>{m('page.signIn')}</p>
        <button
          type="button"
          class="btn btn-primary"
          onClick={() => (document.querySelector('[data-testid="signin-open"]') as HTMLButtonElement | null)?.click()}
        >
          {m('page.signInButton')}
        </button>
      </div>
    )
  }
  if (!user.role)
    return (
      <div class="page-message" data-testid="reviews-norole">
        {m('page.noRole')}
      </div>
    )
  return <ReviewQueue key={user.userId} />
}

function ReviewQueue() {
  const { m, lang } = useMessages(MESSAGES)
  const [queue, setQueue] = useState<QueueState>({ status: 'loading', rows: [] })
  const [version, setVersion] = useState(0)
  const [done, setDone] = useState<Decided | null>(null)

  useEffect(() => {
    let alive = true
    setQueue((q) => ({ ...q, status: 'loading' }))
    reviewQueue().then(
      (rows) => alive && setQueue({ status: 'ok', rows }),
      (e: Error) => alive && setQueue({ status: 'error', rows: [], error: e.message }),
    )
    return () => {
      alive = false
    }
  }, [version])

  const decided = useCallback((d: Decided) => {
    setDone(d)
    setVersion((v) => v + 1)
  }, [])

  const anyReviewable = queue.rows.some((r) => r.may_review)
  return (
    <div class="staff-page reviews-page" data-testid="reviews-page" data-status={queue.status} data-count={queue.rows.length}>
      <header class="staff-head">
        <div>
          <h2>{m('page.title')}</h2>
          <p class="muted">{m('page.intro')}</p>
        </div>
        <div class="reviews-head-side">
          <strong data-testid="reviews-count">{m('page.count', { n: queue.rows.length })}</strong>
          <button type="button" class="btn btn-ghost" onClick={() => setVersion((v) => v + 1)}>
            {m('page.refresh')}
          </button>
        </div>
      </header>
      {done && (
        <div class="form-ok" data-testid="review-done">
          {m(done.decision === 'confirm' ? 'form.confirmedOk' : 'form.refusedOk', {
            name: done.p.subject_name,
            level: levelText(done.p.subject, done.level, lang, m),
          })}
        </div>
      )}
      {queue.status === 'error' && (
        <div class="form-error" data-testid="reviews-error">
          {m('page.error', { msg: queue.error ?? '' })}
        </div>
      )}
      {queue.status === 'ok' && queue.rows.length === 0 && (
        <p class="reviews-empty" data-testid="reviews-empty">
          {m('page.empty')}
        </p>
      )}
      {queue.rows.length > 0 && !anyReviewable && <p class="muted">{m('page.readOnly')}</p>}
      <ol class="reviews-list">
        {queue.rows.map((p) => (
          <ReviewItem key={p.id} p={p} onDecided={decided} />
        ))}
      </ol>
    </div>
  )
}

function ReviewItem({ p, onDecided }: { p: PendingProposal; onDecided: (d: Decided) => void }) {
  const { m, lang } = useMessages(MESSAGES)
  const role = isAppRole(p.proposed_role) ? APP_ROLES[p.proposed_role][lang] : p.proposed_role
  const layer = p.subject === 'risk_point' ? 'risk_points' : 'hazard_sources'
  return (
    <li class="review-item" data-testid="review-item" data-id={p.id} data-subject-id={p.subject_id}>
      <div class="review-title">
        <span class="review-kind">{m(`subject.${p.subject}`)}</span>
        <h3 data-testid="review-name">{p.subject_name}</h3>
        <a class="btn btn-link" href={oneMapLink({ layer, id: p.subject_id })}>
          {m('item.openOnMap')}
        </a>
      </div>
      <dl class="review-rows">
        <dt>{m('item.change')}</dt>
        <dd class="review-change">
          <LevelChip subject={p.subject} level={p.old_level} lang={lang} m={m} testid="review-old-level" />
          <span class="review-arrow" aria-hidden="true">
            →
          </span>
          <LevelChip subject={p.subject} level={p.new_level} lang={lang} m={m} testid="review-new-level" />
        </dd>
        <dt>{m('item.enterprise')}</dt>
        <dd>{p.enterprise_name ?? '—'}</dd>
        <dt>{m('item.area')}</dt>
        <dd>{p.area_name ?? p.area_code ?? '—'}</dd>
        <dt>{m('item.before')}</dt>
        <dd data-testid="review-inputs-before">{inputsText(p.subject, p.old_inputs, lang, m)}</dd>
        <dt>{m('item.after')}</dt>
        <dd data-testid="review-inputs-after">{inputsText(p.subject, p.new_inputs, lang, m)}</dd>
        <dt>{m('item.proposedBy')}</dt>
        <dd data-testid="review-proposer">{p.proposed_email ? `${role} · ${p.proposed_email}` : role}</dd>
        <dt>{m('item.proposedAt')}</dt>
        <dd>{fmtTime(p.proposed_at, lang)}</dd>
        <dt>{m('item.reason')}</dt>
        <dd class="review-reason" data-testid="review-reason">
          {p.reason}
        </dd>
      </dl>
      {p.may_review && <ReviewForm p={p} onDecided={onDecided} />}
    </li>
  )
}
