// One notice on #/notices: a summary line (kind, level colour and name, areas, author, published and
// valid-until dates) that opens the record: the text, what the user may do (edit a draft, approve
// and publish it, withdraw with a reason) and the history (public_notice_events). The author of a
// draft is told why they cannot approve it instead of getting a dead button; the database decides.
import { useEffect, useMemo, useState } from 'preact/hooks'
import { useMessages, type Lang } from '../../app/i18n.ts'
import { publishNotice, withdrawNotice } from '../../data/notices.ts'
import { noticeEvents, type NoticeEvent, type StaffNotice } from '../../data/noticesStaff.ts'
import type { District } from '../../data/dangers.ts'
import type { SessionInfo } from '../../data/session.ts'
import { APP_ROLES, isAppRole } from '../../domain/categories.ts'
import { personalDataByField } from '../../domain/noticePersonal.ts'
import { areaKm2, formatKm2 } from '../../domain/noticeArea.ts'
import { areaNames, chinaDay, chinaTime, KindBadge, LevelBadge, mayManage, ReasonForm, RefusalBox } from './staffParts.tsx'
import { STAFF_MESSAGES } from './staffMessages.ts'

type M = (key: keyof typeof STAFF_MESSAGES & string, vars?: Record<string, string | number>) => string

export interface NoticeItemProps {
  n: StaffNotice
  user: SessionInfo
  districts: readonly District[]
  jurisdiction: string
  open: boolean
  onToggle: () => void
  onEdit: (n: StaffNotice) => void
  /** after a publish or withdrawal: the message to show and the lists to reload */
  onChanged: (message: string) => void
}

function who(role: string | null, id: string | null, user: SessionInfo, lang: Lang, m: M): string {
  const r = role && isAppRole(role) ? APP_ROLES[role][lang] : (role ?? '—')
  return id && id === user.userId ? (lang === 'zh' ? `${r}（${m('item.you')}）` : `${r} (${m('item.you')})`) : r
}

/** The notice's areas in words: the named areas and/or the drawn area with its size (a notice may
 *  have either or both: 20270116000100_notice_polygon.sql). */
function areasText(n: StaffNotice, districts: readonly District[], lang: Lang, m: M): string {
  const parts: string[] = []
  if (n.area_codes.length) parts.push(areaNames(n.area_codes, districts))
  if (n.geom) parts.push(m('item.drawn', { km2: formatKm2(areaKm2(n.geom)) }))
  return parts.join(lang === 'zh' ? '；' : '; ') || '—'
}

export function NoticeItem({ n, user, districts, jurisdiction, open, onToggle, onEdit, onChanged }: NoticeItemProps) {
  const { m, lang } = useMessages(STAFF_MESSAGES)
  const sep = lang === 'zh' ? '：' : ': '
  const expired = n.status === 'published' && n.valid_until !== null && new Date(n.valid_until).getTime() <= Date.now()
  // a draft that already holds personal data (written before the check, or imported): said before anyone tries to publish it
  const personal = useMemo(
    () =>
      n.status === 'draft'
        ? personalDataByField(
            [
              { field: 'title', label: m('form.title'), text: n.title },
              { field: 'body', label: m('form.body'), text: n.body },
            ],
            lang,
          )
        : [],
    [n.status, n.title, n.body, lang],
  )
  return (
    <li class={`ntc-item${open ? ' open' : ''}`} data-testid="notice-item" data-id={n.id} data-status={n.status}>
      <button type="button" class="ntc-summary" aria-expanded={open} data-testid="notice-toggle" onClick={onToggle}>
        <span class="ntc-badges">
          <KindBadge kind={n.kind} lang={lang} />
          <LevelBadge level={n.level} lang={lang} />
        </span>
        <strong class="ntc-item-title" data-testid="notice-title-text">
          {n.title}
        </strong>
        <span class="ntc-meta">
          <span data-testid="notice-areas-text" data-drawn={n.geom ? 'true' : 'false'}>
            {m('item.areas')}
            {sep}
            {areasText(n, districts, lang, m)}
          </span>
          <span data-testid="notice-author">
            {m('item.author')}
            {sep}
            {who(n.author_role, n.author_id, user, lang, m)}
          </span>
          {n.status === 'draft' && (
            <span>
              {m('item.updated')}
              {sep}
              {chinaTime(n.updated_at)}
            </span>
          )}
          {n.published_at && (
            <span>
              {m('item.published')}
              {sep}
              {chinaTime(n.published_at)}
            </span>
          )}
          <span class={expired ? 'ntc-expired' : ''}>
            {m('item.validUntil')}
            {sep}
            {n.valid_until ? chinaDay(n.valid_until) : m('item.noExpiry')}
            {expired ? (lang === 'zh' ? `（${m('item.expired')}）` : ` (${m('item.expired')})`) : ''}
          </span>
          {n.withdrawn_at && (
            <span>
              {m('item.withdrawn')}
              {sep}
              {chinaTime(n.withdrawn_at)}
            </span>
          )}
        </span>
        {personal.length > 0 && (
          <span class="ntc-personal" data-testid="notice-personal" data-fields={personal.map((p) => p.field).join(' ')} role="note">
            <strong>{m('item.personal')}</strong>
            {personal.map((p) => (
              <span key={p.field} data-testid="notice-personal-field" data-field={p.field}>
                {p.message}
              </span>
            ))}
          </span>
        )}
      </button>
      {open && <NoticeRecord n={n} user={user} jurisdiction={jurisdiction} onEdit={onEdit} onChanged={onChanged} />}
    </li>
  )
}

function NoticeRecord({ n, user, jurisdiction, onEdit, onChanged }: Omit<NoticeItemProps, 'open' | 'onToggle' | 'districts'>) {
  const { m, lang } = useMessages(STAFF_MESSAGES)
  const [events, setEvents] = useState<NoticeEvent[] | null>(null)
  const [eventsError, setEventsError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [refused, setRefused] = useState<unknown>(null)
  const [withdrawing, setWithdrawing] = useState(false)
  const manage = mayManage(user, n.area_code)
  const own = n.author_id !== null && n.author_id === user.userId

  useEffect(() => {
    let alive = true
    noticeEvents(n.id).then(
      (e) => alive && setEvents(e),
      (e: Error) => alive && setEventsError(e.message),
    )
    return () => {
      alive = false
    }
  }, [n.id, n.updated_at])

  async function act(step: () => Promise<unknown>, done: string) {
    setBusy(true)
    setRefused(null)
    try {
      await step()
      onChanged(done)
    } catch (e) {
      setRefused(e)
    } finally {
      setBusy(false)
    }
  }

  function withdraw(r: string) {
    void act(() => withdrawNotice(n.id, r), m('act.withdrawn', { title: n.title }))
  }

  return (
    <div class="ntc-record" data-testid="notice-record">
      <p class="ntc-record-body" data-testid="notice-body-text">
        {n.body}
      </p>
      <dl class="ntc-record-rows">
        {n.approver_role && (
          <>
            <dt>{m('item.approver')}</dt>
            <dd data-testid="notice-approver">{who(n.approver_role, n.approver_id, user, lang, m)}</dd>
          </>
        )}
        {n.withdrawal_reason && (
          <>
            <dt>{m('item.reason')}</dt>
            <dd data-testid="notice-withdrawal-reason">{n.withdrawal_reason}</dd>
          </>
        )}
        {n.hidden_danger_id && (
          <>
            <dt>{m('item.fromDanger')}</dt>
            <dd>
              <a href={`#/dangers?id=${n.hidden_danger_id}`}>{n.hidden_danger_id.slice(0, 8)}</a>
            </dd>
          </>
        )}
      </dl>
      {manage && n.status !== 'withdrawn' && (
        <div class="ntc-actions" data-testid="notice-actions">
          {n.status === 'draft' && (
            <button type="button" class="btn btn-ghost" data-testid="notice-edit" onClick={() => onEdit(n)}>
              {m('act.edit')}
            </button>
          )}
          {n.status === 'draft' && !own && (
            <button
              type="button"
              class="btn btn-primary"
              data-testid="notice-publish"
              disabled={busy}
              onClick={() => void act(() => publishNotice(n.id), m('act.published', { title: n.title }))}
            >
              {busy ? m('act.publishing') : m('act.publish')}
            </button>
          )}
          {!withdrawing && (
            <button type="button" class="btn btn-ghost" data-testid="notice-withdraw" onClick={() => setWithdrawing(true)}>
              {m('act.withdraw')}
            </button>
          )}
        </div>
      )}
      {manage && n.status === 'draft' && own && (
        <p class="ntc-own" data-testid="notice-own-draft">
          {m('act.ownDraft')}
        </p>
      )}
      {withdrawing && (
        <ReasonForm
          testid="notice-withdraw"
          label={m('act.withdrawReason')}
          requiredMsg={m('act.reasonRequired')}
          confirmLabel={m('act.withdrawConfirm')}
          busy={busy}
          onConfirm={withdraw}
          onCancel={() => setWithdrawing(false)}
        />
      )}
      {refused !== null && <RefusalBox error={refused} testid="notice-refused" jurisdiction={jurisdiction} />}
      <h4>{m('history.title')}</h4>
      {eventsError && <div class="form-error">{m('page.error', { msg: eventsError })}</div>}
      <ol class="ntc-history" data-testid="notice-history" data-count={events?.length ?? ''}>
        {events?.length === 0 && <li class="muted">{m('history.empty')}</li>}
        {events?.map((e) => (
          <li key={e.id} data-testid="notice-event" data-action={e.action}>
            <span class="ntc-when">{chinaTime(e.at)}</span> <strong>{m(`history.${e.action}`)}</strong> · {who(e.actor_role, e.actor_id, user, lang, m)}
            {e.note ? `${lang === 'zh' ? '：' : ': '}${e.note}` : ''}
          </li>
        ))}
      </ol>
    </div>
  )
}
