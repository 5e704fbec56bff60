// The four registry tables of #/registries: one page of rows (the database's flags shown as
// badges), a count and previous/next. Rows with a place (teams at their resource, depots) link to
// the one map.
import type { ComponentChildren } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { formatNumber, useMessages } from '../../app/i18n.ts'
import {
  expertPage,
  planPage,
  stockPage,
  teamPage,
  type ExpertListRow,
  type ListQuery,
  type Page,
  type PlanRow,
  type StockRow,
  type TeamRow,
} from '../../data/registryLists.ts'
import { pipelinePage, type PipelineRow } from '../../data/pipelineEdit.ts'
import { oneMapLink } from '../onemap/links.ts'
import { MESSAGES as NOTICE_MESSAGES } from '../notices/messages.ts'
import { MESSAGES } from './messages.ts'
import { PipelineRows } from './PipelineList.tsx'

export type Tab = 'plans' | 'experts' | 'teams' | 'stock' | 'pipelines'

/** A row's edit button: its label, whether the caller may edit the row, and what it opens. */
export type Editor<R> = { label: string; may: (row: R) => boolean; edit: (row: R) => void }

const ALL = { ...NOTICE_MESSAGES, ...MESSAGES }

type Loaded = { status: 'loading' | 'ok' | 'error'; page?: Page<unknown>; error?: string }

const LOADERS: Record<Tab, (q: ListQuery) => Promise<Page<unknown>>> = {
  plans: planPage,
  experts: expertPage,
  teams: teamPage,
  stock: stockPage,
  pipelines: pipelinePage,
}

export function RegistryList({
  tab,
  query,
  onPage,
  areaName,
  onEditStock,
  onEditPlan,
  onEditTeam,
  onEditExpert,
  onVerifyExpert,
  onEditPipeline,
}: {
  tab: Tab
  query: ListQuery
  onPage: (p: number) => void
  areaName: (code: string | null) => string
  /** a stockpile lot's edit button (only where the caller may edit it) */
  onEditStock?: Editor<StockRow>
  /** a plan's edit button (only where the caller may edit it) */
  onEditPlan?: Editor<PlanRow>
  /** a rescue team's edit button (only where the caller may edit it) */
  onEditTeam?: Editor<TeamRow>
  /** an expert's edit button, and its "verified by phone today" button (where the caller may edit it) */
  onEditExpert?: Editor<ExpertListRow>
  onVerifyExpert?: { label: string; verify: (row: ExpertListRow) => void }
  /** a pipeline's edit button (only where the caller may edit it) */
  onEditPipeline?: Editor<PipelineRow>
}) {
  const { m, lang } = useMessages(ALL)
  const [state, setState] = useState<Loaded>({ status: 'loading' })
  const key = JSON.stringify(query)
  useEffect(() => {
    let alive = true
    setState((s) => ({ ...s, status: 'loading' }))
    LOADERS[tab](query).then(
      (page) => alive && setState({ status: 'ok', page }),
      (e: Error) => alive && setState({ status: 'error', error: e.message }),
    )
    return () => {
      alive = false
    }
  }, [tab, key])

  const rows = state.page?.rows ?? []
  const total = state.page?.total ?? 0
  const from = query.page * query.pageSize
  const n = (v: number) => formatNumber(v, lang)
  return (
    <div class="reg-list" data-testid={`reg-list-${tab}`} data-status={state.status} data-count={rows.length} data-total={total}>
      {state.status === 'error' && <div class="form-error">{m('page.error', { msg: state.error ?? '' })}</div>}
      {state.page && rows.length === 0 && <p class="muted">{m('list.empty')}</p>}
      {rows.length > 0 && (
        <table class="staff-table reg-table">
          {tab === 'plans' && <Plans rows={rows as PlanRow[]} areaName={areaName} onEdit={onEditPlan} />}
          {tab === 'experts' && <Experts rows={rows as ExpertListRow[]} areaName={areaName} onEdit={onEditExpert} onVerify={onVerifyExpert} />}
          {tab === 'teams' && <Teams rows={rows as TeamRow[]} areaName={areaName} onEdit={onEditTeam} />}
          {tab === 'stock' && <Stock rows={rows as StockRow[]} areaName={areaName} onEdit={onEditStock} />}
          {tab === 'pipelines' && <PipelineRows rows={rows as PipelineRow[]} areaName={areaName} onEdit={onEditPipeline} />}
        </table>
      )}
      {state.page && total > 0 && (
        <div class="reg-pager">
          <span data-testid="reg-count">{m('list.count', { n: n(total), from: n(from + 1), to: n(from + rows.length) })}</span>
          <button type="button" class="btn btn-ghost" disabled={query.page === 0} data-testid="reg-prev" onClick={() => onPage(query.page - 1)}>
            {m('list.prev')}
          </button>
          <button type="button" class="btn btn-ghost" disabled={from + rows.length >= total} data-testid="reg-next" onClick={() => onPage(query.page + 1)}>
            {m('list.next')}
          </button>
        </div>
      )}
    </div>
  )
}

function Flag({ children, kind }: { children: ComponentChildren; kind: string }) {
  return (
    <span class="reg-flag" data-flag={kind}>
      {children}
    </span>
  )
}

/** A row's edit button (where the caller may edit the row) and any further actions of the row. */
function EditCell<R>({ editor, row, testid, children }: { editor: Editor<R>; row: R; testid: string; children?: ComponentChildren }) {
  return (
    <td class="reg-actions">
      {editor.may(row) && (
        <>
          <button type="button" class="btn btn-link" data-testid={testid} onClick={() => editor.edit(row)}>
            {editor.label}
          </button>
          {children}
        </>
      )}
    </td>
  )
}

/** The emergency resource (a team's base, a depot) on the one map. */
function MapLink({ id }: { id: string }) {
  const { m } = useMessages(ALL)
  return (
    <a class="btn btn-link" data-testid="reg-map-link" href={oneMapLink({ layer: 'emergency_resources', id })}>
      {m('openOnMap')}
    </a>
  )
}

type RowsOf<T> = { rows: T[]; areaName: (code: string | null) => string }

function Plans({ rows, areaName, onEdit }: RowsOf<PlanRow> & { onEdit?: Editor<PlanRow> }) {
  const { m } = useMessages(ALL)
  return (
    <>
      <thead>
        <tr>
          <th>{m('col.name')}</th>
          <th>{m('col.level')}</th>
          <th>{m('col.owner')}</th>
          <th>{m('col.area')}</th>
          <th>{m('col.filed')}</th>
          <th>{m('col.drill')}</th>
          <th>{m('col.drillDue')}</th>
          <th>{m('col.evaluation')}</th>
          {onEdit && <th />}
        </tr>
      </thead>
      <tbody>
        {rows.map((p) => (
          <tr key={p.id} data-testid="reg-plan" data-id={p.id} data-flagged={p.drill_overdue || p.evaluation_overdue ? '1' : ''}>
            <td>{p.name}</td>
            <td>{m(`level.${p.level}`)}</td>
            <td>{p.owner_enterprise_name ?? p.owner_department ?? '—'}</td>
            <td>{areaName(p.area_code)}</td>
            <td>{p.filed_on ? `${p.filed_on}${p.filing_no ? ` · ${p.filing_no}` : ''}` : <Flag kind="unfiled">{m('flag.unfiled')}</Flag>}</td>
            <td>{p.last_drill_on ?? '—'}</td>
            <td>
              {p.drill_due_on ?? '—'} <span class="muted">{m('every.months', { n: p.drill_interval_months })}</span>
              {p.drill_overdue && <Flag kind="drill">{m(p.last_drill_on ? 'flag.drill' : 'flag.noDrill')}</Flag>}
            </td>
            <td>
              {p.next_evaluation_on ?? '—'}
              {p.evaluation_overdue && <Flag kind="evaluation">{m('flag.evaluation')}</Flag>}
            </td>
            {onEdit && <EditCell editor={onEdit} row={p} testid="plan-edit" />}
          </tr>
        ))}
      </tbody>
    </>
  )
}

function Experts({
  rows,
  areaName,
  onEdit,
  onVerify,
}: RowsOf<ExpertListRow> & { onEdit?: Editor<ExpertListRow>; onVerify?: { label: string; verify: (row: ExpertListRow) => void } }) {
  const { m } = useMessages(ALL)
  return (
    <>
      <thead>
        <tr>
          <th>{m('col.name')}</th>
          <th>{m('col.specialty')}</th>
          <th>{m('col.organisation')}</th>
          <th>{m('col.area')}</th>
          <th>{m('col.verified')}</th>
          <th>{m('col.phone')}</th>
          {onEdit && <th />}
        </tr>
      </thead>
      <tbody>
        {rows.map((x) => (
          <tr key={x.id} data-testid="reg-expert" data-id={x.id} data-flagged={x.stale ? '1' : ''}>
            <td>{x.name}</td>
            <td>{m(`specialty.${x.specialty}` as keyof typeof ALL & string)}</td>
            <td>{[x.organisation, x.title].filter(Boolean).join(' · ') || '—'}</td>
            <td>{areaName(x.area_code)}</td>
            <td>
              {x.last_verified_on ?? '—'}
              {x.stale && <Flag kind="stale">{m(x.last_verified_on ? 'flag.stale' : 'flag.neverVerified')}</Flag>}
            </td>
            <td data-testid="reg-phone">{x.phone ?? <span class="muted">{m('phone.hidden')}</span>}</td>
            {onEdit && (
              <EditCell editor={onEdit} row={x} testid="expert-edit">
                {onVerify && (
                  <button type="button" class="btn btn-link" data-testid="expert-verify" onClick={() => onVerify.verify(x)}>
                    {onVerify.label}
                  </button>
                )}
              </EditCell>
            )}
          </tr>
        ))}
      </tbody>
    </>
  )
}

function Teams({ rows, areaName, onEdit }: RowsOf<TeamRow> & { onEdit?: Editor<TeamRow> }) {
  const { m, lang } = useMessages(ALL)
  return (
    <>
      <thead>
        <tr>
          <th>{m('col.name')}</th>
          <th>{m('col.type')}</th>
          <th class="num">{m('col.headcount')}</th>
          <th>{m('col.equipment')}</th>
          <th>{m('col.base')}</th>
          <th>{m('col.phone')}</th>
          {onEdit && <th />}
        </tr>
      </thead>
      <tbody>
        {rows.map((t) => (
          <tr key={t.id} data-testid="reg-team" data-id={t.id}>
            <td>{t.name}</td>
            <td>{m(`team.${t.team_type}` as keyof typeof ALL & string)}</td>
            <td class="num">{formatNumber(t.headcount, lang)}</td>
            <td class="reg-wrap">{t.equipment ?? '—'}</td>
            <td>
              {areaName(t.area_code)}
              {t.resource_id && (
                <>
                  {' '}
                  <MapLink id={t.resource_id} />
                </>
              )}
            </td>
            <td data-testid="reg-phone">{t.duty_phone ?? <span class="muted">{m('phone.hidden')}</span>}</td>
            {onEdit && <EditCell editor={onEdit} row={t} testid="team-edit" />}
          </tr>
        ))}
      </tbody>
    </>
  )
}

function Stock({ rows, areaName, onEdit }: RowsOf<StockRow> & { onEdit?: Editor<StockRow> }) {
  const { m, lang } = useMessages(ALL)
  return (
    <>
      <thead>
        <tr>
          <th>{m('col.depot')}</th>
          <th>{m('col.material')}</th>
          <th class="num">{m('col.quantity')}</th>
          <th>{m('col.expires')}</th>
          <th>{m('col.area')}</th>
          {onEdit && <th />}
        </tr>
      </thead>
      <tbody>
        {rows.map((s) => (
          <tr key={s.id} data-testid="reg-stock" data-id={s.id} data-flagged={s.expired || s.expiring_soon ? '1' : ''}>
            <td>
              {s.resource_name} <MapLink id={s.resource_id} />
            </td>
            <td>{s.material}</td>
            <td class="num">
              {formatNumber(s.quantity, lang, 2)} {s.unit}
            </td>
            <td>
              {s.expires_on ?? '—'}
              {s.expired && <Flag kind="expired">{m('flag.expired')}</Flag>}
              {!s.expired && s.expiring_soon && <Flag kind="expiring">{m('flag.expiring')}</Flag>}
            </td>
            <td>{areaName(s.area_code)}</td>
            {onEdit && <EditCell editor={onEdit} row={s} testid="stock-edit" />}
          </tr>
        ))}
      </tbody>
    </>
  )
}
