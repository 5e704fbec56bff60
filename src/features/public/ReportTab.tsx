// Report a hidden danger (like the 12350 hotline): a place picked on the map, a description, an
// optional contact; the tracking code shown large with a copy button. The database's refusals
// are shown plainly and the form keeps what was typed.
import { useEffect, useRef, useState } from 'preact/hooks'
import { useStore } from '../../app/store.ts'
import { useMessages } from '../../app/i18n.ts'
import { MESSAGES } from './messages.ts'
import { cleanedLength } from './reportErrors.ts'
import { LocateIcon, MapKey, placeText, useWhere } from './parts.tsx'
import type { PublicView } from './view.ts'
import { ReportPhotoPicker, ReportPhotoUpload } from './ReportPhotos.tsx'

export function ReportTab({ view }: { view: PublicView }) {
  const { m, lang } = useMessages(MESSAGES)
  const r = useStore(view.store, (s) => s.report)
  const refusal = useRef<HTMLDivElement>(null)
  // the refusal is the answer the resident waits for: bring it into view
  useEffect(() => {
    if (r.status === 'error') refusal.current?.scrollIntoView({ block: 'nearest' })
  }, [r.status, r.error])
  const geoError = useStore(view.store, (s) => s.around.geoError)
  const locating = useStore(view.store, (s) => s.around.locating)
  const me = useStore(view.store, (s) => s.me)
  const where = useWhere()
  const [tried, setTried] = useState(false)

  if (r.status === 'done' && r.receipt) return <Receipt view={view} code={r.receipt.tracking_code} />

  const len = cleanedLength(r.text)
  const { min_length: min, max_length: max } = r.limits
  const submit = (e: Event) => {
    e.preventDefault()
    setTried(true)
    // too short is said here; everything else (too long, outside the region, duplicates, the
    // hourly limit) is the database's to refuse, and its answer is shown as it comes
    if (!r.at || len < min) return
    void view.submitReport()
  }
  return (
    <form class="pub-report" data-testid="report-form" onSubmit={submit} noValidate>
      <p class="pub-intro">{m('report.intro')}</p>

      <fieldset class="pub-fieldset">
        <legend class="pub-field-label">{m('report.where')}</legend>
        {r.at ? (
          <p class="pub-picked" data-testid="report-picked">
            {m('report.picked', { where: placeText(r.place, lang) ?? where(r.at) })}
            <span class="pub-muted"> · {m('report.repick')}</span>
          </p>
        ) : null}
        {(r.at || me) && <MapKey dot={me ? 'key.me' : null} pin={!!r.at} />}
        {r.at && r.place && !r.place.inside && (
          <p class="pub-error" role="alert" data-testid="report-outside-now">
            {m('report.outsideNow')}
          </p>
        )}
        {r.at ? null : (
          <p class={`pub-pick-hint ${tried ? 'is-missing' : ''}`} data-testid="report-pick-hint">
            {m('report.pickHint')}
          </p>
        )}
        <button type="button" class="pub-btn pub-btn-wide" disabled={locating} onClick={() => view.useMyLocation()}>
          <LocateIcon />
          {locating ? m('around.locating') : m('around.useLocation')}
        </button>
        {geoError && (
          <p class="pub-error" role="alert">
            {m(geoError.key, { msg: geoError.msg })}
          </p>
        )}
      </fieldset>

      <label class="pub-field">
        <span class="pub-field-label">{m('report.what')}</span>
        <textarea
          class="pub-textarea"
          rows={5}
          data-testid="report-text"
          placeholder={m('report.placeholder')}
          value={r.text}
          onInput={(e) => view.setReportText((e.target as HTMLTextAreaElement).value)}
        />
        <span class={`pub-count ${len > max || (tried && len < min) ? 'is-bad' : ''}`} data-testid="report-count">
          {m('report.count', { n: len, max, min })}
        </span>
      </label>

      <label class="pub-field">
        <span class="pub-field-label">{m('report.contact')}</span>
        <input
          class="pub-input"
          type="text"
          inputMode="text"
          autoComplete="tel"
          maxLength={100}
          data-testid="report-contact"
          placeholder={m('report.contactPlaceholder')}
          value={r.contact}
          onInput={(e) => view.setReportContact((e.target as HTMLInputElement).value)}
        />
        <span class="pub-note">{m('report.contactNote')}</span>
      </label>

      <ReportPhotoPicker />

      {tried && !r.at && (
        <p class="pub-error" role="alert">
          {m('report.needPlace')}
        </p>
      )}
      {tried && r.at && len < min && (
        <p class="pub-error" role="alert">
          {m('report.needText', { min })}
        </p>
      )}
      {r.status === 'error' && r.error && (
        <div class="pub-refusal" role="alert" data-testid="report-error" data-key={r.error.key} ref={refusal}>
          <strong>{m('report.refused')}</strong>
          <p>{m(r.error.key, r.error.vars)}</p>
          <p class="pub-muted pub-raw">{m('report.dbSaid', { msg: r.error.raw })}</p>
        </div>
      )}

      <button type="submit" class="pub-btn pub-btn-primary pub-btn-wide pub-btn-big" data-testid="report-submit" disabled={r.status === 'submitting'}>
        {r.status === 'submitting' ? m('report.submitting') : m('report.submit')}
      </button>
    </form>
  )
}

function Receipt({ view, code }: { view: PublicView; code: string }) {
  const { m } = useMessages(MESSAGES)
  const [copied, setCopied] = useState<'idle' | 'ok' | 'failed'>('idle')
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code)
      setCopied('ok')
    } catch {
      // older browsers / no permission: select the code so a long-press copies it
      const el = document.querySelector('[data-testid="tracking-code"]')
      if (el) {
        const range = document.createRange()
        range.selectNodeContents(el)
        const sel = window.getSelection()
        sel?.removeAllRanges()
        sel?.addRange(range)
      }
      setCopied('failed')
    }
  }
  return (
    <div class="pub-receipt" data-testid="report-receipt" role="status">
      <div class="pub-receipt-ok">✓ {m('report.done')}</div>
      <div class="pub-field-label">{m('report.codeLabel')}</div>
      <div class="pub-code" data-testid="tracking-code">
        {code}
      </div>
      <button type="button" class="pub-btn pub-btn-primary pub-btn-wide pub-btn-big" data-testid="copy-code" onClick={() => void copy()}>
        {copied === 'ok' ? `✓ ${m('report.copied')}` : m('report.copy')}
      </button>
      {copied === 'failed' && <p class="pub-error">{m('report.copyFailed')}</p>}
      <p class="pub-note">{m('report.codeNote')}</p>
      <ReportPhotoUpload code={code} />
      <div class="pub-cta-row">
        <button type="button" class="pub-btn" data-testid="receipt-track" onClick={() => view.trackReceipt()}>
          {m('report.track')}
        </button>
        <button type="button" class="pub-btn" onClick={() => view.newReport()}>
          {m('report.another')}
        </button>
      </div>
    </div>
  )
}
