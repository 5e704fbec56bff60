// #/freshness (评估时效): what is due a review (待复评 risk points) or a re-assessment (待重评 major
// hazard sources, 令40号 art. 11), counted by area and listed oldest first, each with a link to
// its card on the one map, where the regulator or the enterprise files the new assessment. The
// database decides what is due and what the caller may see (freshness_summary, stale_items).
import type { ComponentChildren } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { formatNumber, useMessages, type Lang } from '../../app/i18n.ts'
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
    <div class="staff-page fresh-page" data-testid="fresh-page" data-status={summary.status}>
      <header class="staff-head">
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
        <table class="staff-table fresh-summary" data-testid="fresh-summary">
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
      <div class="staff-tabs fresh-tabs" role="tablist">
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
      {tab === 'sources' ? (
        <StaleList key={`s-${area}-${version}`} spec={SOURCES} area={area} />
      ) : (
        <StaleList key={`p-${area}-${version}`} spec={POINTS} area={area} />
      )}
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

interface StaleRow {
  id: string
  name: string
  enterprise_name: string | null
  area_name: string | null
}

type MsgKey = keyof typeof MESSAGES

/** What one of the two lists shows: the columns besides name, enterprise, area and the map link. */
interface ListSpec<T extends StaleRow> {
  testid: string
  rowTestid: string
  layer: 'hazard_sources' | 'risk_points'
  load: (area: string | null, page: number) => Promise<T[]>
  level: { head: MsgKey; cell: (r: T, lang: Lang) => ComponentChildren }
  assessed: (r: T) => string | null
  extra?: { head: MsgKey; cell: (r: T, lang: Lang) => ComponentChildren }
}

const SOURCES: ListSpec<StaleHazardSource> = {
  testid: 'fresh-sources',
  rowTestid: 'fresh-source',
  layer: 'hazard_sources',
  load: (area, page) => staleHazardSources(area, page, PAGE),
  level: { head: 'col.grade', cell: (h, lang) => majorGradeName(h.major_grade, lang) },
  assessed: (h) => h.last_assessed_on,
  extra: {
    head: 'col.reasons',
    cell: (h, lang) => (
      <ul>
        {h.reasons.map((r, i) => (
          <li key={i} data-reason={r.reason}>
            {reassessmentReasonText(r, lang)}
          </li>
        ))}
      </ul>
    ),
  },
}

const POINTS: ListSpec<StaleRiskPoint> = {
  testid: 'fresh-points',
  rowTestid: 'fresh-point',
  layer: 'risk_points',
  load: (area, page) => staleRiskPoints(area, page, PAGE),
  level: {
    head: 'col.level',
    cell: (r, lang) => (
      <span class="level-chip" style={{ background: levelCss(r.current_level), color: levelTextCss(r.current_level) }}>
        {levelName(r.current_level, lang)}
      </span>
    ),
  },
  assessed: (r) => r.assessed_at,
}

function StaleList<T extends StaleRow>({ spec, area }: { spec: ListSpec<T>; area: string | null }) {
  const { m, lang } = useMessages(MESSAGES)
  const { rows, state, more } = usePaged<T>((page) => spec.load(area, page))
  return (
    <ListFrame status={state.status} error={state.error} count={rows.length} more={state.more ? more : null} testid={spec.testid}>
      <thead>
        <tr>
          <th>{m('col.name')}</th>
          <th>{m(spec.level.head)}</th>
          <th>{m('col.enterprise')}</th>
          <th>{m('col.area')}</th>
          <th>{m('col.assessed')}</th>
          {spec.extra && <th>{m(spec.extra.head)}</th>}
          <th>{m('col.map')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} data-testid={spec.rowTestid} data-id={r.id}>
            <td>{r.name}</td>
            <td>{spec.level.cell(r, lang)}</td>
            <td>{r.enterprise_name ?? '—'}</td>
            <td>{r.area_name ?? '—'}</td>
            <td>{spec.assessed(r) ?? m('never')}</td>
            {spec.extra && <td>{spec.extra.cell(r, lang)}</td>}
            <td>
              <a class="btn btn-link" href={oneMapLink({ layer: spec.layer, id: r.id })}>
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
      {props.status === 'ok' && props.count === 0 ? <p class="muted">{m('empty')}</p> : <table class="staff-table fresh-list">{props.children}</table>}
      {props.more && (
        <button type="button" class="btn btn-ghost fresh-more" onClick={props.more}>
          {m('more')}
        </button>
      )}
    </div>
  )
}
