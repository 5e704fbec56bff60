// Small pieces of #/notices: a notice's kind and warning level (colour AND name), dates in China
// time, area names, who may manage a notice, and a refusal by the database in words.
import type { ComponentChildren } from 'preact'
import { useState } from 'preact/hooks'
import { useMessages, type Lang } from '../../app/i18n.ts'
import { levelCss, levelTextCss } from '../../domain/levels.ts'
import { NOTICE_KIND_NAMES, WARNING_LEVEL_NAMES, type NoticeKind } from '../../domain/notices.ts'
import { noticeRefusal } from '../../domain/noticeRefusal.ts'
import { codePrefix } from '../../domain/stockpiles.ts'
import type { District } from '../../data/dangers.ts'
import type { SessionInfo } from '../../data/session.ts'
import { STAFF_MESSAGES } from './staffMessages.ts'

export function KindBadge({ kind, lang }: { kind: NoticeKind; lang: Lang }) {
  return (
    <span class="ntc-badge ntc-badge-kind" data-testid="notice-kind">
      {NOTICE_KIND_NAMES[kind]?.[lang] ?? kind}
    </span>
  )
}

export function LevelBadge({ level, lang }: { level: number | null; lang: Lang }) {
  if (!level) return null
  return (
    <span class="ntc-badge" data-testid="notice-level" data-level={level} style={{ background: levelCss(level), color: levelTextCss(level) }}>
      {WARNING_LEVEL_NAMES[level as 1]?.[lang] ?? level}
    </span>
  )
}

const DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
const TIME = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })

/** A timestamp's Beijing calendar day (YYYY-MM-DD). */
export function chinaDay(v: string | null): string {
  if (!v) return ''
  const d = new Date(v)
  return Number.isNaN(d.getTime()) ? v : DAY.format(d)
}

export function chinaTime(v: string | null): string {
  if (!v) return '—'
  const d = new Date(v)
  return Number.isNaN(d.getTime()) ? v : `${DAY.format(d)} ${TIME.format(d)}`
}

/** "Valid until" a day: to the end of that Beijing day. */
export function endOfChinaDay(day: string): string {
  return `${day}T23:59:59+08:00`
}

export function areaNames(codes: readonly string[], districts: readonly District[]): string {
  return codes.map((c) => districts.find((d) => d.code === c)?.name ?? c).join('、') || '—'
}

/** Admins anywhere, a regulator inside its own areas (the database's app.may_manage_notice). */
export function mayManage(user: SessionInfo, areaCode: string): boolean {
  if (user.role === 'admin') return true
  return user.role === 'regulator' && user.areaCodes.some((c) => areaCode.startsWith(codePrefix(c)))
}

/** The database's refusal in words, its own text underneath. */
export function RefusalBox({ error, testid, jurisdiction }: { error: unknown; testid: string; jurisdiction: string }) {
  const { m, lang } = useMessages(STAFF_MESSAGES)
  const e = error as { message?: string; code?: string }
  const r = noticeRefusal(e, lang)
  const words = 'key' in r ? m(r.key, { area: jurisdiction }) : r.text
  return (
    <div class="form-error" role="alert" data-testid={testid}>
      <div data-testid={`${testid}-words`}>
        {m('act.refused')} {words}
      </div>
      {'key' in r && (
        <small class="ntc-refusal-details" data-testid={`${testid}-details`}>
          {m('act.details', { msg: e?.message ?? String(error) })}
        </small>
      )}
    </div>
  )
}

/** A reason asked for before an act that stays on the record (withdrawing a notice, removing a
 *  listing): 2–2,000 characters, as the database requires. Test ids `<testid>-form`, `-reason`,
 *  `-error`, `-confirm`. */
export function ReasonForm(p: {
  testid: string
  label: string
  requiredMsg: string
  confirmLabel: string
  busy: boolean
  onConfirm: (reason: string) => void
  onCancel: () => void
}) {
  const { m } = useMessages(STAFF_MESSAGES)
  const [reason, setReason] = useState('')
  const [missing, setMissing] = useState(false)
  const confirm = () => {
    const r = reason.trim()
    const bad = r.length < 2 || r.length > 2000
    setMissing(bad)
    if (!bad) p.onConfirm(r)
  }
  return (
    <div class="ntc-withdraw" data-testid={`${p.testid}-form`}>
      <label>
        {p.label}
        <textarea
          data-testid={`${p.testid}-reason`}
          rows={2}
          maxLength={2000}
          value={reason}
          onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)}
        />
      </label>
      {missing && (
        <div class="ntc-field-error" data-testid={`${p.testid}-error`} role="alert">
          {p.requiredMsg}
        </div>
      )}
      <div class="ntc-form-actions">
        <button type="button" class="btn btn-danger" data-testid={`${p.testid}-confirm`} disabled={p.busy} onClick={confirm}>
          {p.confirmLabel}
        </button>
        <button type="button" class="btn btn-ghost" onClick={p.onCancel}>
          {m('form.cancel')}
        </button>
      </div>
    </div>
  )
}

/** Which rows of how many a list shows, and the pages before and after (test ids `<testid>`,
 *  `<testid>-range`, `<testid>-prev`, `<testid>-next`). Nothing when the list is empty. */
type PagerProps = { testid: string; page: number; size: number; shown: number; total: number; busy: boolean; onPage: (page: number) => void }

/** A list between two pagers: the one at the foot only when there is more than one page, and
 * turning a page there scrolls back to the head of the list. */
export function Paged(p: PagerProps & { children: ComponentChildren }) {
  const { children, ...pager } = p
  const turnFromFoot = (page: number) => {
    p.onPage(page)
    document.querySelector(`[data-testid="${p.testid}"]`)?.scrollIntoView({ block: 'nearest' })
  }
  return (
    <>
      <Pager {...pager} />
      {children}
      {p.total > p.size && <Pager {...pager} testid={`${p.testid}-foot`} onPage={turnFromFoot} />}
    </>
  )
}

export function Pager(p: PagerProps) {
  const { m } = useMessages(STAFF_MESSAGES)
  if (p.total <= 0) return null
  const from = p.page * p.size + 1
  const to = p.page * p.size + p.shown
  const pages = Math.ceil(p.total / p.size)
  return (
    <nav class="ntc-pager" data-testid={p.testid} data-page={p.page} data-pages={pages} aria-label={m('pager.label')}>
      <span class="muted" data-testid={`${p.testid}-range`}>
        {p.shown > 0 ? m('pager.range', { from, to, total: p.total }) : m('pager.total', { total: p.total })}
      </span>
      {pages > 1 && (
        <>
          <button type="button" class="btn btn-ghost" data-testid={`${p.testid}-prev`} disabled={p.busy || p.page <= 0} onClick={() => p.onPage(p.page - 1)}>
            {m('pager.prev')}
          </button>
          <span class="muted">{m('pager.page', { page: p.page + 1, pages })}</span>
          <button
            type="button"
            class="btn btn-ghost"
            data-testid={`${p.testid}-next`}
            disabled={p.busy || p.page >= pages - 1}
            onClick={() => p.onPage(p.page + 1)}
          >
            {m('pager.next')}
          </button>
        </>
      )}
    </nav>
  )
}
