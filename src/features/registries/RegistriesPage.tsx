// #/registries (应急资源名录, issue 18): the registries behind command in four tabs (预案 with 备案率 by
// district, 专家, 救援队伍, 物资储备), each filtered by area, flag and a name search and paged (100 rows
// a request). The database decides what is overdue, stale or expiring and what the caller sees
// (phones only where the contacts tables' rules give them); rows with a place link to the one map.
import { useEffect, useState } from 'preact/hooks'
import { formatNumber, useMessages } from '../../app/i18n.ts'
import { useStore } from '../../app/store.ts'
import { sessionStore } from '../../app/sessionStore.ts'
import { filingRate, type FilingRate } from '../../data/registries.ts'
import { SEARCH_MAX, type ListQuery } from '../../data/registryLists.ts'
import type { SessionInfo } from '../../data/session.ts'
import { RegistryList, type Tab } from './RegistryLists.tsx'
import { useStockEditing } from './useStockEditing.tsx'
import { usePlanEditing } from './usePlanEditing.tsx'
import { useTeamEditing } from './useTeamEditing.tsx'
import { useExpertEditing } from './useExpertEditing.tsx'
import { usePipelineEditing } from './usePipelineEditing.tsx'
import { MESSAGES } from './messages.ts'
import './registries.css'

export const PAGE_SIZE = 100
const TABS: Tab[] = ['plans', 'experts', 'teams', 'stock', 'pipelines']

export default function RegistriesPage() {
  const { m } = useMessages(MESSAGES)
  const { user, known } = useStore(sessionStore)
  if (!known) return <div class="page-message">{m('page.loading')}</div>
  if (!user?.role)
    return (
      <div class="page-message" data-testid="reg-signin">
        {m('page.signIn')}
      </div>
    )
  return <Registries key={user.userId} user={user} />
}

function Registries({ user }: { user: SessionInfo }) {
  const { m, lang } = useMessages(MESSAGES)
  const [tab, setTab] = useState<Tab>('plans')
  const [rates, setRates] = useState<FilingRate[] | null>(null)
  const [rateError, setRateError] = useState<string | null>(null)
  const [area, setArea] = useState<string | null>(null)
  const [flagged, setFlagged] = useState(false)
  const [search, setSearch] = useState('')
  const [typed, setTyped] = useState('')
  const [page, setPage] = useState(0)
  const stock = useStockEditing(user, rates)
  const plans = usePlanEditing(user, rates)
  const teams = useTeamEditing(user, rates)
  const experts = useExpertEditing(user, rates)
  const pipelines = usePipelineEditing(user, rates)

  useEffect(() => {
    let alive = true
    filingRate('district').then(
      (r) => alive && setRates(r),
      (e: Error) => alive && setRateError(e.message),
    )
    return () => {
      alive = false
    }
    // again after a plan is saved (its district's 备案率 changes)
  }, [plans.version])

  // a search is sent 300 ms after the last keystroke
  useEffect(() => {
    const t = setTimeout(() => setSearch(typed), 300)
    return () => clearTimeout(t)
  }, [typed])
  useEffect(() => setPage(0), [tab, area, flagged, search])

  const query: ListQuery = { areaPrefix: area, flagged: flagged && tab !== 'teams' && tab !== 'pipelines', search, page, pageSize: PAGE_SIZE }
  const n = (v: number) => formatNumber(v, lang)
  return (
    <div class="staff-page reg-page" data-testid="reg-page">
      <header class="staff-head">
        <div>
          <h2>{m('page.title')}</h2>
          <p class="muted">{m('page.intro')}</p>
        </div>
      </header>
      <div class="staff-tabs reg-tabs" role="tablist">
        {TABS.map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} data-testid={`reg-tab-${t}`} onClick={() => setTab(t)}>
            {m(`tab.${t}`)}
          </button>
        ))}
      </div>
      <div class="reg-filters">
        <label>
          {m('filter.area')}{' '}
          <select data-testid="reg-area" value={area ?? ''} onChange={(e) => setArea((e.target as HTMLSelectElement).value || null)}>
            <option value="">{m('filter.allAreas')}</option>
            {(rates ?? []).map((r) => (
              <option key={r.code} value={r.code}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        {tab !== 'teams' && tab !== 'pipelines' && (
          <label>
            <input type="checkbox" data-testid="reg-flagged" checked={flagged} onChange={(e) => setFlagged((e.target as HTMLInputElement).checked)} />{' '}
            {m('filter.flagged')}
          </label>
        )}
        <input
          type="search"
          data-testid="reg-search"
          maxLength={SEARCH_MAX}
          placeholder={m(tab === 'stock' ? 'filter.searchStock' : tab === 'pipelines' ? 'filter.searchPipeline' : 'filter.search')}
          value={typed}
          onInput={(e) => setTyped((e.target as HTMLInputElement).value)}
        />
      </div>
      {tab === 'plans' && rateError && <div class="form-error">{m('page.error', { msg: rateError })}</div>}
      {tab === 'plans' && rates && (
        <table class="staff-table reg-table reg-rates" data-testid="reg-rates">
          <caption>{m('rate.title')}</caption>
          <thead>
            <tr>
              <th>{m('rate.area')}</th>
              <th class="num">{m('rate.plans')}</th>
              <th class="num">{m('rate.filed')}</th>
              <th class="num">{m('rate.rate')}</th>
              <th class="num">{m('rate.drill')}</th>
              <th class="num">{m('rate.evaluation')}</th>
            </tr>
          </thead>
          <tbody>
            {rates
              .filter((r) => r.plans > 0)
              .map((r) => (
                <tr
                  key={r.code}
                  data-testid="reg-rate"
                  data-code={r.code}
                  class={r.code === area ? 'selected' : ''}
                  onClick={() => setArea(r.code === area ? null : r.code)}
                >
                  <td>{r.name}</td>
                  <td class="num">{n(r.plans)}</td>
                  <td class="num">{n(r.filed)}</td>
                  <td class={`num${r.filing_rate !== null && r.filing_rate < 1 ? ' reg-warn' : ''}`} data-testid="reg-rate-value">
                    {r.filing_rate === null ? '—' : `${formatNumber(r.filing_rate * 100, lang, 1)}%`}
                  </td>
                  <td class={`num${r.drill_overdue > 0 ? ' reg-warn' : ''}`}>{n(r.drill_overdue)}</td>
                  <td class={`num${r.evaluation_overdue > 0 ? ' reg-warn' : ''}`}>{n(r.evaluation_overdue)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
      {tab === 'stock' && stock.panel}
      {tab === 'plans' && plans.panel}
      {tab === 'teams' && teams.panel}
      {tab === 'experts' && experts.panel}
      {tab === 'pipelines' && pipelines.panel}
      <RegistryList
        key={`${tab}-${stock.version}-${plans.version}-${teams.version}-${experts.version}-${pipelines.version}`}
        tab={tab}
        query={query}
        onPage={setPage}
        areaName={(code) => areaName(rates, code)}
        onEditStock={stock.onEdit}
        onEditPlan={plans.onEdit}
        onEditTeam={teams.onEdit}
        onEditExpert={experts.onEdit}
        onVerifyExpert={experts.verify}
        onEditPipeline={pipelines.onEdit}
      />
    </div>
  )
}

/** The district a row's area code lies in (its name), or the code itself. */
function areaName(rates: FilingRate[] | null, code: string | null): string {
  if (!code) return '—'
  return rates?.find((r) => code.startsWith(r.code))?.name ?? code
}
