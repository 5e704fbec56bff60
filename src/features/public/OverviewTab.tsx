// Overview: the figures in the map view per level (colour and name), the legend, and the card of
// what was tapped on the map with its protective advice.
import { useEffect, useState } from 'preact/hooks'
import { useStore } from '../../app/store.ts'
import type { AreaRiskSummary } from '../../data/mapApi.ts'
import { formatNumber, useMessages } from '../../app/i18n.ts'
import { RISK_LEVELS, MAJOR_GRADES } from '../../domain/levels.ts'
import { Diamond, ResourceBadge } from '../onemap/Symbols.tsx'
import { MESSAGES } from './messages.ts'
import { GradeBadge, LevelBadge } from './parts.tsx'
import { PublicCard } from './PublicCard.tsx'
import { AccidentSummary } from './AccidentSummary.tsx'
import type { PublicView } from './view.ts'

export function OverviewTab({ view }: { view: PublicView }) {
  const { m, lang } = useMessages(MESSAGES)
  const counts = useStore(view.ctl.store, (s) => s.counts)
  const status = useStore(view.ctl.store, (s) => s.countsStatus)
  const fmt = (n: number | undefined) => (n == null ? '—' : formatNumber(n, lang))
  return (
    <div class="pub-overview" data-testid="overview">
      <TappedCard view={view} />
      <section class="pub-section">
        <h2 class="pub-h2">
          {m('overview.inView')}
          {status === 'loading' && <span class="pub-muted"> · {m('overview.loading')}</span>}
          {status === 'error' && <span class="pub-error-inline"> · {m('overview.error')}</span>}
        </h2>
        <h3 class="pub-h3">{m('overview.riskPoints')}</h3>
        <ul class="pub-level-grid">
          {RISK_LEVELS.map((l) => (
            <li key={l.level} class="pub-level-cell" data-testid={`count-level-${l.level}`} data-count={counts?.risk_points[String(l.level) as '1'] ?? ''}>
              <LevelBadge level={l.level} lang={lang} />
              <span class="pub-level-n">{fmt(counts?.risk_points[String(l.level) as '1'])}</span>
            </li>
          ))}
        </ul>
        <div class="pub-stat-row" data-testid="count-major" data-count={counts?.major_hazards ?? ''}>
          <Diamond grade={1} size={18} />
          <span class="pub-stat-label">{m('overview.majorHazards')}</span>
          <span class="pub-stat-n">{fmt(counts?.major_hazards)}</span>
        </div>
        <div class="pub-stat-row" data-testid="count-facilities" data-count={counts?.emergency_resources ?? ''}>
          <ResourceBadge type="shelter" size={18} />
          <span class="pub-stat-label">{m('overview.facilities')}</span>
          <span class="pub-stat-n">{fmt(counts?.emergency_resources)}</span>
        </div>
      </section>
      <div class="pub-cta-row">
        <button type="button" class="pub-btn pub-btn-primary" data-testid="cta-around" onClick={() => view.setTab('around')}>
          {m('overview.aroundCta')}
        </button>
        <button type="button" class="pub-btn" data-testid="cta-report" onClick={() => view.setTab('report')}>
          {m('overview.reportCta')}
        </button>
      </div>
      <Districts view={view} />
      <AccidentSummary />
      <section class="pub-section">
        <h3 class="pub-h3">{m('overview.grades')}</h3>
        <ul class="pub-grade-list">
          {MAJOR_GRADES.map((g) => (
            <li key={g.grade}>
              <Diamond grade={g.grade} size={16} />
              <GradeBadge grade={g.grade} lang={lang} />
            </li>
          ))}
        </ul>
        <p class="pub-note">{m('overview.tapHint')}</p>
        <p class="pub-note">{m('overview.approx')}</p>
      </section>
    </div>
  )
}

function TappedCard({ view }: { view: PublicView }) {
  const { m } = useMessages(MESSAGES)
  const sel = useStore(view.ctl.store, (s) => s.selection)
  if (sel.status === 'idle') return null
  const close = (
    <button type="button" class="pub-close" aria-label={m('detail.close')} onClick={() => view.ctl.closeDetail()}>
      ×
    </button>
  )
  const around = (at: [number, number]) => (
    <button
      type="button"
      class="pub-btn pub-btn-small"
      onClick={() => {
        view.setTab('around')
        void view.setCentre(at, null)
      }}
    >
      {m('detail.around')}
    </button>
  )
  if (sel.status === 'loading')
    return (
      <div class="pub-card" data-testid="tapped-card" data-status="loading">
        {m('detail.loading')}
        {close}
      </div>
    )
  if (sel.status === 'empty')
    return (
      <div class="pub-card" data-testid="tapped-card" data-status="empty">
        {m('detail.empty')}
        {close}
      </div>
    )
  if (sel.status === 'error')
    return (
      <div class="pub-card pub-card-error" data-testid="tapped-card" data-status="error">
        {m('detail.error', { msg: sel.message })}
        {close}
      </div>
    )
  const d = sel.detail
  if (d.kind !== 'public_risk' && d.kind !== 'public_hazard' && d.kind !== 'public_resource') return null
  return <PublicCard item={d} head={close} foot={d.kind === 'public_resource' ? null : around([d.data.lon, d.data.lat])} />
}

/** Each district's level (the highest of its risk points, unless an area assessment overrides it)
 * and its risk points per level (public_area_risk_summary); a row frames its district. */
function Districts({ view }: { view: PublicView }) {
  const { m, lang } = useMessages(MESSAGES)
  const districts = useStore(view.ctl.store, (s) => s.districts)
  const [rows, setRows] = useState<AreaRiskSummary[] | null>(null)
  const [failed, setFailed] = useState(false)
  useEffect(() => {
    let alive = true
    view.districtSummary().then(
      (r) => alive && setRows(r),
      () => alive && setFailed(true),
    )
    return () => {
      alive = false
    }
  }, [])
  if (failed) return <p class="pub-note pub-error-inline">{m('overview.error')}</p>
  if (!rows) return null
  const frame = (code: string) => {
    const d = districts.find((x) => x.code === code)
    const map = view.ctl.map
    if (d && map)
      map.fitBounds(
        [
          [d.bbox[0], d.bbox[1]],
          [d.bbox[2], d.bbox[3]],
        ],
        { padding: 20, duration: 600 },
      )
  }
  return (
    <section class="pub-section" data-testid="districts">
      <h2 class="pub-h2">{m('overview.districts')}</h2>
      <ul class="pub-districts">
        {rows.map((r) => {
          const name = lang === 'en' ? (r.name_en ?? r.name) : r.name
          return (
            <li
              key={r.code}
              class="pub-district"
              data-testid={`district-${r.code}`}
              data-level={r.level ?? ''}
              data-counts={[1, 2, 3, 4].map((l) => r.risk_points[String(l) as '1']).join(',')}
            >
              <div class="pub-district-head">
                <button type="button" class="pub-link" onClick={() => frame(r.code)}>
                  {name}
                </button>
                {r.level ? <LevelBadge level={r.level} lang={lang} /> : <span class="pub-muted">{m('overview.noRisk')}</span>}
              </div>
              <div class="pub-district-counts">
                {RISK_LEVELS.map((l) => (
                  <span key={l.level} class="pub-mini">
                    <span class="pub-swatch" style={{ background: `rgb(${l.rgb.join(',')})` }} aria-hidden="true" />
                    {l[lang]} <b>{formatNumber(r.risk_points[String(l.level) as '1'], lang)}</b>
                  </span>
                ))}
              </div>
            </li>
          )
        })}
      </ul>
      <p class="pub-note">{m('overview.areaNote')}</p>
    </section>
  )
}
