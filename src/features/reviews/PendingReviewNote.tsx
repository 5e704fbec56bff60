// On the one-map card: a lowering proposed for this risk point / hazard source that waits for
// review (feature_card's pending_review). The level shown above stays the one in force.
import { useMessages } from '../../app/i18n.ts'
import { APP_ROLES, isAppRole } from '../../domain/categories.ts'
import type { PendingReviewSummary, ReviewSubject } from '../../data/reviews.ts'
import { MESSAGES } from './messages.ts'
import { fmtTime, inputsText, LevelChip } from './parts.tsx'
import './reviews.css'

/** Renders nothing unless the card's data carries a pending proposal. */
export function PendingReviewNote({ kind, data }: { kind: string; data: unknown }) {
  const { m, lang } = useMessages(MESSAGES)
  const p = (data as { pending_review?: PendingReviewSummary | null } | null)?.pending_review
  if (!p || (kind !== 'risk_points' && kind !== 'hazard_sources')) return null
  const subject: ReviewSubject = kind === 'risk_points' ? 'risk_point' : 'hazard_source'
  const role = isAppRole(p.proposed_role) ? APP_ROLES[p.proposed_role][lang] : p.proposed_role
  return (
    <div class="pending-review" data-testid="detail-pending-review" data-proposal={p.id}>
      <div class="pending-review-title">{m('card.title')}</div>
      <div class="review-change">
        <LevelChip subject={subject} level={p.old_level} lang={lang} m={m} />
        <span class="review-arrow" aria-hidden="true">
          →
        </span>
        <LevelChip subject={subject} level={p.new_level} lang={lang} m={m} testid="detail-pending-level" />
      </div>
      <div class="small">{inputsText(subject, p.new_inputs, lang, m)}</div>
      <div class="small">
        {m('item.reason')}：{p.reason}
      </div>
      <div class="small muted">{m('card.body', { role, at: fmtTime(p.proposed_at, lang) })}</div>
      <a class="btn btn-link" href="#/reviews">
        {m('card.open')}
      </a>
    </div>
  )
}
