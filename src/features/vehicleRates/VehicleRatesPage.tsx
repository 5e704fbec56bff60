// #/vehicles (issue 19): per carrier the vehicles in service, networked (入网) and online today
// (上线), the rates against plan 001's targets with the shortfall in vehicles, sortable by rate,
// with a total row; and today's vehicle alerts, each with a link to the one map at the fix.
// The database decides what the caller sees (vehicle_network_rates is security invoker over the
// register's RLS; vehicle_alerts has its own).
import { useEffect, useMemo, useState } from 'preact/hooks'
import { formatNumber, useMessages, type Lang } from '../../app/i18n.ts'
import { useStore } from '../../app/store.ts'
import { sessionStore } from '../../app/sessionStore.ts'
import { carrierRates, todayVehicleAlerts, TODAY_ALERTS_LIMIT, type CarrierRates, type TodayAlert } from '../../data/vehicleRates.ts'
import {
  formatRate,
  NETWORK_RATE_TARGET,
  ONLINE_RATE_TARGET,
  rateFigures,
  shortfallText,
  sortByRate,
  totalFigures,
  type RateFigures,
  type RateSortKey,
} from '../../domain/vehicleRates.ts'
import { oneMapLink, oneMapLinkAt } from '../onemap/links.ts'
import { MESSAGES } from './messages.ts'
import './vehicleRates.css'

export default function VehicleRatesPage() {
  const { m } = useMessages(MESSAGES)
  const { user, known } = useStore(sessionStore)
  if (!known) return <div class="page-message">{m('page.loading')}</div>
  if (!user?.role)
    return (
      <div class="page-message" data-testid="vr-signin">
        {m('page.signIn')}
      </div>
    )
  return <VehicleRates key={user.userId} />
}

type Load<T> = { status: 'loading' | 'ok' | 'error'; data?: T; error?: string }

function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, version: number): Load<T> {
  const [state, setState] = useState<Load<T>>({ status: 'loading' })
  useEffect(() => {
    const ac = new AbortController()
    setState((s) => ({ ...s, status: 'loading' }))
    load(ac.signal).then(
      (data) => !ac.signal.aborted && setState({ status: 'ok', data }),
      (e: Error) => !ac.signal.aborted && setState({ status: 'error', error: e.message }),
    )
    return () => ac.abort()
  }, [version])
  return state
}

function VehicleRates() {
  const { m } = useMessages(MESSAGES)
  const [version, setVersion] = useState(0)
  const rates = useLoad(carrierRates, version)
  const alerts = useLoad(todayVehicleAlerts, version)
  return (
    <div class="staff-page vr-page" data-testid="vr-page">
      <header class="staff-head">
        <div>
          <h2>{m('page.title')}</h2>
          <p class="muted">{m('page.intro', { network: formatRate(NETWORK_RATE_TARGET), online: formatRate(ONLINE_RATE_TARGET) })}</p>
        </div>
        <button type="button" class="btn btn-ghost" onClick={() => setVersion((v) => v + 1)}>
          {m('page.refresh')}
        </button>
      </header>
      <RatesTable state={rates} />
      <AlertsList state={alerts} />
    </div>
  )
}

type Row = RateFigures & { id: string; name: string }

function RatesTable({ state }: { state: Load<CarrierRates[]> }) {
  const { m, lang } = useMessages(MESSAGES)
  const [sort, setSort] = useState<{ key: RateSortKey; asc: boolean }>({ key: 'online', asc: true })
  const rows = useMemo<Row[]>(
    () => (state.data ?? []).map((r) => ({ ...rateFigures(r), id: r.carrier_enterprise_id, name: r.carrier_name ?? m('unnamed') })),
    [state.data, lang],
  )
  const sorted = useMemo(() => sortByRate(rows, sort.key, sort.asc), [rows, sort])
  const total = useMemo(() => totalFigures(rows), [rows])
  const n = (v: number) => formatNumber(v, lang)
  const head = (key: RateSortKey, label: 'col.networkRate' | 'col.onlineRate') => {
    const active = sort.key === key
    const col = m(label)
    return (
      <th class="num">
        <button
          type="button"
          class="vr-sort"
          data-testid={`vr-sort-${key}`}
          aria-sort={active ? (sort.asc ? 'ascending' : 'descending') : undefined}
          title={m(active && sort.asc ? 'sort.desc' : 'sort.asc', { col })}
          onClick={() => setSort({ key, asc: active ? !sort.asc : true })}
        >
          {col} {active ? (sort.asc ? '▲' : '▼') : '↕'}
        </button>
      </th>
    )
  }
  return (
    <div data-testid="vr-rates" data-status={state.status} data-count={rows.length}>
      {state.status === 'error' && <div class="form-error">{m('page.error', { msg: state.error ?? '' })}</div>}
      {state.status === 'ok' && rows.length === 0 ? (
        <p class="muted">{m('noCarriers')}</p>
      ) : (
        <table class="staff-table vr-table">
          <thead>
            <tr>
              <th>{m('col.carrier')}</th>
              <th class="num">{m('col.registered')}</th>
              <th class="num">{m('col.networked')}</th>
              <th class="num">{m('col.online')}</th>
              {head('network', 'col.networkRate')}
              {head('online', 'col.onlineRate')}
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => (
              <FigureRow key={r.id} r={r} label={r.name} testid="vr-carrier" id={r.id} lang={lang} n={n} />
            ))}
          </tbody>
          {rows.length > 0 && (
            <tfoot>
              <FigureRow r={total} label={m('total')} testid="vr-total" lang={lang} n={n} />
            </tfoot>
          )}
        </table>
      )}
    </div>
  )
}

function FigureRow(props: { r: RateFigures; label: string; testid: string; id?: string; lang: Lang; n: (v: number) => string }) {
  const { r, lang, n } = props
  return (
    <tr data-testid={props.testid} data-id={props.id} data-registered={r.registered} data-networked={r.networked} data-online={r.online}>
      <td>{props.label}</td>
      <td class="num">{n(r.registered)}</td>
      <td class="num">{n(r.networked)}</td>
      <td class="num">{n(r.online)}</td>
      <RateCell rate={r.networkRate} short={r.networkShort} kind="network" lang={lang} />
      <RateCell rate={r.onlineRate} short={r.onlineShort} kind="online" lang={lang} />
    </tr>
  )
}

function RateCell({ rate, short, kind, lang }: { rate: number | null; short: number; kind: RateSortKey; lang: Lang }) {
  return (
    <td class="num" data-testid={`vr-${kind}-rate`} data-short={short}>
      {formatRate(rate)}
      {rate !== null && <span class={short > 0 ? 'vr-short' : 'vr-met'}>{shortfallText(short, lang)}</span>}
    </td>
  )
}

function AlertsList({ state }: { state: Load<TodayAlert[]> }) {
  const { m, lang } = useMessages(MESSAGES)
  const list = state.data ?? []
  const time = (iso: string) =>
    new Date(iso).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', {
      timeZone: 'Asia/Shanghai',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hour12: false,
    })
  return (
    <section data-testid="vr-alerts" data-status={state.status} data-count={list.length}>
      <h3>{m('alerts.title', { n: formatNumber(list.length, lang) })}</h3>
      {list.length >= TODAY_ALERTS_LIMIT && <p class="muted">{m('alerts.capped', { n: TODAY_ALERTS_LIMIT })}</p>}
      {state.status === 'error' && <div class="form-error">{m('page.error', { msg: state.error ?? '' })}</div>}
      {state.status === 'ok' && list.length === 0 ? (
        <p class="muted">{m('alerts.empty')}</p>
      ) : (
        <table class="staff-table vr-table">
          <thead>
            <tr>
              <th>{m('col.time')}</th>
              <th>{m('col.plate')}</th>
              <th>{m('col.kind')}</th>
              <th>{m('col.where')}</th>
              <th>{m('col.map')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((a) => (
              <tr key={a.id} data-testid="vr-alert" data-id={a.id} data-kind={a.kind}>
                <td class="vr-time">{time(a.at)}</td>
                <td>
                  {/* the vehicle now (its card on the one map); the map link beside is where the alert was */}
                  <a data-testid="vr-alert-vehicle" href={oneMapLink({ layer: 'vehicles', id: a.vehicle_id })}>
                    {a.plate ?? '—'}
                  </a>
                </td>
                <td>
                  <span class="vr-kind" data-kind={a.kind}>
                    {m(`kind.${a.kind}`)}
                  </span>
                </td>
                <td>{a.zone_name ?? a.target_name ?? '—'}</td>
                <td>
                  {a.position ? (
                    <a class="btn btn-link" data-testid="vr-alert-map" href={oneMapLinkAt(a.position[0], a.position[1], 15)}>
                      {m('openOnMap')}
                    </a>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
