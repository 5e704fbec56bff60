// #/freshness (评估时效): what is due a review (待复评 risk points) or a re-assessment (待重评 major
// hazard sources, 令40号 art. 11), counted by area and listed oldest first, each with a link to
// its card on the one map, where the regulator or the enterprise files the new assessment. The
// database decides what is due and what the caller may see (freshness_summary, stale_items).
import type { ComponentChildren } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { formatNumber, useMessages } from '../../app/i18n.ts'
import { useStore } from '../../app/store.ts'
import { sessionStore } from '../../app/sessionStore.ts'
import {
  freshnessSummary,
  staleHazardSources,
  staleRiskPoints,
  type FreshnessSummary,
  type StaleHazardSource,
  type StaleRiskPoint,
} from '../../data/freshness.ts'
import { reassessmentReasonText } from '../../domain/freshness.ts'
import { levelCss, levelName, levelTextCss, majorGradeName } from '../../domain/levels.ts'
import { oneMapLink } from '../onemap/links.ts'
import { MESSAGES } from './messages.ts'
import './freshness.css'

const PAGE = 100

export default function FreshnessPage() {
  const { m } = useMessages(MESSAGES)
  const { user, known } = useStore(sessionStore)
  if (!known) return <div class="page-message">{m('page.loading')}</div>
  if (!user?.role)
    return (
      <div class="page-message" data-testid="fresh-signin">
        {m('page.signIn')}
      </div>
    )
  return <Freshness key={user.userId} />
}

type Tab = 'points' | 'sources'

function Freshness() {
  const { m, lang } = useMessages(MESSAGES)
  const [summary, setSummary] = useState<{ status: 'loading' | 'ok' | 'error'; data?: FreshnessSummary; error?: string }>({ status: 'loading' })
  const [area, setArea] = useState<string | null>(null)
  const [tab, setTab] = useState<Tab>('sources')
  const [version, setVersion] = useState(0)

  useEffect(() => {
    let alive = true
    setSummary((s) => ({ ...s, status: 'loading' }))
    freshnessSummary(null).then(
      (data) => alive && setSummary({ status: 'ok', data }),
      (e: Error) => alive && setSummary({ status: 'error', error: e.message }),
    )
    return () => {
      alive = false
    }
  }, [version])

  const s = summary.data
  const selected = s?.areas.find((a) => a.code === area) ?? null
  const n = (v: number) => formatNumber(v, lang)
  return (
    <div class="fresh-page" data-testid="fresh-page" data-status={summary.status}>
      <header class="fresh-head">
        <div>
          <h2>{m('page.title')}</h2>
          <p class="muted">{m('page.intro', { months: s?.settings.risk_point_review_months ?? 12, years: s?.settings.major_hazard_reassess_years ?? 3 })}</p>
        </div>
        <button type="button" class="btn btn-ghost" onClick={() => setVersion((v) => v + 1)}>
          {m('page.refresh')}
        </button>
      </header>
      {summary.status === 'error' && <div class="form-error">{m('page.error', { msg: summary.error ?? '' })}</div>}
      {s && (
        <table class="fresh-summary" data-testid="fresh-summary">
          <thead>
            <tr>
              <th>{m('summary.area')}</th>
              <th class="num">{m('summary.points')}</th>
              <th class="num">{m('summary.sources')}</th>
            </tr>
          </thead>
          <tbody>
            {s.areas.map((a) => (
              <tr
                key={a.code}
                class={`area-row${a.code === area ? ' selected' : ''}`}
                data-testid="fresh-area"
                data-code={a.code}
                onClick={() => setArea(a.code === area ? null : a.code)}
              >
                <td>{a.name ?? a.code}</td>
                <td class="num">
                  <span class="fresh-due-n">{n(a.risk_points_due)}</span> / {n(a.risk_points_total)}
                </td>
                <td class="num">
                  <span class="fresh-due-n">{n(a.hazard_sources_due)}</span> / {n(a.major_hazard_sources_total)}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td>{m('summary.all')}</td>
              <td class="num" data-testid="fresh-total-points">
                <span class="fresh-due-n">{n(s.risk_points_due)}</span> / {n(s.risk_points_total)}
              </td>
              <td class="num" data-testid="fresh-total-sources">
                <span class="fresh-due-n">{n(s.hazard_sources_due)}</span> / {n(s.major_hazard_sources_total)}
              </td>
            </tr>
          </tfoot>
        </table>
      )}
      <div class="fresh-tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'sources'} data-testid="fresh-tab-sources" onClick={() => setTab('sources')}>
          {m('tab.sources', { n: n(selected?.hazard_sources_due ?? s?.hazard_sources_due ?? 0) })}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'points'} data-testid="fresh-tab-points" onClick={() => setTab('points')}>
          {m('tab.points', { n: n(selected?.risk_points_due ?? s?.risk_points_due ?? 0) })}
        </button>
        {selected && (
          <span class="muted">
            {m('filter.area', { name: selected.name ?? selected.code })}{' '}
            <button type="button" class="btn btn-link" onClick={() => setArea(null)}>
              {m('filter.clear')}
            </button>
          </span>
        )}
      </div>
      {tab === 'sources' ? <SourceList key={`s-${area}-${version}`} area={area} /> : <PointList key={`p-${area}-${version}`} area={area} />}
    </div>
  )
}

/** A list that pages on demand (stale_items: at most PAGE rows a call). */
function usePaged<T>(load: (page: number) => Promise<T[]>) {
  const [rows, setRows] = useState<T[]>([])
  const [page, setPage] = useState(0)
  const [state, setState] = useState<{ status: 'loading' | 'ok' | 'error'; more: boolean; error?: string }>({ status: 'loading', more: false })
  useEffect(() => {
    let alive = true
    setState((s) => ({ ...s, status: 'loading' }))
    load(page).then(
      (next) => {
        if (!alive) return
        setRows((r) => (page === 0 ? next : [...r, ...next]))
        setState({ status: 'ok', more: next.length === PAGE })
      },
      (e: Error) => alive && setState({ status: 'error', more: false, error: e.message }),
    )
    return () => {
      alive = false
    }
  }, [page])
  return { rows, state, more: () => setPage((p) => p + 1) }
}

function SourceList({ area }: { area: string | null }) {
  const { m, lang } = useMessages(MESSAGES)
  const { rows, state, more } = usePaged<StaleHazardSource>((page) => staleHazardSources(area, page, PAGE))
  return (
    <ListFrame status={state.status} error={state.error} count={rows.length} more={state.more ? more : null} testid="fresh-sources">
      <thead>
        <tr>
          <th>{m('col.name')}</th>
          <th>{m('col.grade')}</th>
          <th>{m('col.enterprise')}</th>
          <th>{m('col.area')}</th>
          <th>{m('col.assessed')}</th>
          <th>{m('col.reasons')}</th>
          <th>{m('col.map')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((h) => (
          <tr key={h.id} data-testid="fresh-source" data-id={h.id}>
            <td>{h.name}</td>
            <td>{majorGradeName(h.major_grade, lang)}</td>
            <td>{h.enterprise_name ?? '—'}</td>
            <td>{h.area_name ?? '—'}</td>
            <td>{h.last_assessed_on ?? m('never')}</td>
            <td>
              <ul>
                {h.reasons.map((r, i) => (
                  <li key={i} data-reason={r.reason}>
                    {reassessmentReasonText(r, lang)}
                  </li>
                ))}
              </ul>
            </td>
            <td>
              <a class="btn btn-link" href={oneMapLink({ layer: 'hazard_sources', id: h.id })}>
                {m('openOnMap')}
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </ListFrame>
  )
}

function PointList({ area }: { area: string | null }) {
  const { m, lang } = useMessages(MESSAGES)
  const { rows, state, more } = usePaged<StaleRiskPoint>((page) => staleRiskPoints(area, page, PAGE))
  return (
    <ListFrame status={state.status} error={state.error} count={rows.length} more={state.more ? more : null} testid="fresh-points">
      <thead>
        <tr>
          <th>{m('col.name')}</th>
          <th>{m('col.level')}</th>
          <th>{m('col.enterprise')}</th>
          <th>{m('col.area')}</th>
          <th>{m('col.assessed')}</th>
          <th>{m('col.map')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} data-testid="fresh-point" data-id={r.id}>
            <td>{r.name}</td>
            <td>
              <span class="level-chip" style={{ background: levelCss(r.current_level), color: levelTextCss(r.current_level) }}>
                {levelName(r.current_level, lang)}
              </span>
            </td>
            <td>{r.enterprise_name ?? '—'}</td>
            <td>{r.area_name ?? '—'}</td>
            <td>{r.assessed_at ?? m('never')}</td>
            <td>
              <a class="btn btn-link" href={oneMapLink({ layer: 'risk_points', id: r.id })}>
                {m('openOnMap')}
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </ListFrame>
  )
}

function ListFrame(props: {
  status: 'loading' | 'ok' | 'error'
  error?: string
  count: number
  more: (() => void) | null
  testid: string
  children: ComponentChildren
}) {
  const { m } = useMessages(MESSAGES)
  return (
    <div data-testid={props.testid} data-status={props.status} data-count={props.count}>
      {props.status === 'error' && <div class="form-error">{m('page.error', { msg: props.error ?? '' })}</div>}
      {props.status === 'ok' && props.count === 0 ? <p class="muted">{m('empty')}</p> : <table class="fresh-list">{props.children}</table>}
      {props.more && (
        <button type="button" class="btn btn-ghost fresh-more" onClick={props.more}>
          {m('more')}
        </button>
      )}
    </div>
  )
}
