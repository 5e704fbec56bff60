// Look a report up by its tracking code (report_status): its status in plain words, nothing else.
import { useEffect, useRef } from 'preact/hooks'
import { useStore } from '../../app/store.ts'
import { useMessages } from '../../app/i18n.ts'
import { dangerStatusById } from '../../domain/categories.ts'
import { rgbCss } from '../../domain/levels.ts'
import { MESSAGES } from './messages.ts'
import type { PublicView } from './view.ts'

const STEP_KEYS = {
  reported: 'lookup.step.reported',
  registered: 'lookup.step.registered',
  rectifying: 'lookup.step.rectifying',
  pending_verification: 'lookup.step.pending_verification',
  closed: 'lookup.step.closed',
  rejected: 'lookup.step.rejected',
} as const

export function LookupTab({ view }: { view: PublicView }) {
  const { m, lang } = useMessages(MESSAGES)
  const l = useStore(view.store, (s) => s.lookup)
  const answer = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (l.status !== 'idle' && l.status !== 'loading') answer.current?.scrollIntoView({ block: 'nearest' })
  }, [l.status, l.result])
  const fmt = (iso: string) => {
    const d = new Date(iso)
    return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' })
  }
  const st = l.result ? dangerStatusById(l.result.status) : undefined
  return (
    <form
      class="pub-lookup"
      data-testid="lookup-form"
      onSubmit={(e) => {
        e.preventDefault()
        void view.lookupReport()
      }}
    >
      <p class="pub-intro">{m('lookup.intro')}</p>
      <label class="pub-field">
        <span class="pub-field-label">{m('lookup.label')}</span>
        <input
          class="pub-input pub-code-input"
          type="text"
          autoCapitalize="characters"
          autoComplete="off"
          spellcheck={false}
          maxLength={40}
          data-testid="lookup-code"
          placeholder="YH…"
          value={l.code}
          onInput={(e) => view.setLookupCode((e.target as HTMLInputElement).value)}
        />
      </label>
      <button
        type="submit"
        class="pub-btn pub-btn-primary pub-btn-wide pub-btn-big"
        data-testid="lookup-submit"
        disabled={l.status === 'loading' || !l.code.trim()}
      >
        {l.status === 'loading' ? m('lookup.searching') : m('lookup.submit')}
      </button>
      <div ref={answer}>
        {l.status === 'notfound' && (
          <p class="pub-error" role="alert" data-testid="lookup-notfound">
            {m('lookup.notFound', { code: l.code })}
          </p>
        )}
        {l.status === 'error' && (
          <p class="pub-error" role="alert">
            {m('lookup.error', { msg: l.error ?? '' })}
          </p>
        )}
        {l.status === 'ok' && l.result && (
          <div class="pub-status" data-testid="lookup-result" data-status={l.result.status}>
            <div class="pub-code pub-code-small">{l.result.tracking_code}</div>
            <div class="pub-status-row">
              <span class="pub-field-label">{m('lookup.status')}</span>
              <span class="pub-badge" data-testid="lookup-status" style={{ background: st ? rgbCss(st.rgb) : '#666', color: '#fff' }}>
                {st ? st[lang] : l.result.status}
              </span>
            </div>
            <p>{l.result.status in STEP_KEYS ? m(STEP_KEYS[l.result.status as keyof typeof STEP_KEYS]) : ''}</p>
            <dl class="pub-dl">
              <dt>{m('lookup.reportedAt')}</dt>
              <dd>{fmt(l.result.reported_at)}</dd>
              <dt>{m('lookup.updatedAt')}</dt>
              <dd>{fmt(l.result.updated_at)}</dd>
            </dl>
          </div>
        )}
      </div>
    </form>
  )
}
