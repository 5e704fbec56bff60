// Rectification rate and overdue count per district (hidden_danger_stats, under the user's RLS).
// A click on a district filters the list to it.
import { useEffect, useState } from 'preact/hooks'
import { formatNumber, useMessages } from '../../app/i18n.ts'
import { dangerStats, type AreaDangerStats, type DangerFilter, type District } from '../../data/dangers.ts'
import { MESSAGES } from './messages.ts'

export function StatsPanel({ version, filter, onFilter }: { version: number; areas: District[]; filter: DangerFilter; onFilter: (f: DangerFilter) => void }) {
  const { m, lang } = useMessages(MESSAGES)
  const [state, setState] = useState<{ rows: AreaDangerStats[] | null; error?: string }>({ rows: null })

  useEffect(() => {
    let alive = true
    dangerStats('district').then(
      (rows) => alive && setState({ rows }),
      (e: Error) => alive && setState({ rows: [], error: e.message }),
    )
    return () => {
      alive = false
    }
  }, [version])

  const rows = (state.rows ?? []).filter((r) => r.total > 0)
  const maxOverdue = Math.max(1, ...rows.map((r) => r.overdue))
  return (
    <div class="side-card stats-panel" data-testid="stats-panel" data-ready={state.rows ? 'true' : 'false'}>
      <h3>{m('stats.title')}</h3>
      {state.error ? (
        <div class="form-error">{m('stats.error', { msg: state.error })}</div>
      ) : !state.rows ? (
        <p class="muted">{m('page.loading')}</p>
      ) : rows.length === 0 ? (
        <p class="muted">{m('stats.none')}</p>
      ) : (
        <table class="stats-table">
          <thead>
            <tr>
              <th>{m('stats.area')}</th>
              <th class="num">{m('stats.open')}/{m('stats.total')}</th>
              <th>{m('stats.rate')}</th>
              <th>{m('stats.overdue')}</th>
              <th class="num">{m('stats.major')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const rate = r.rectification_rate
              const active = filter.district === r.code
              return (
                <tr
                  key={r.code}
                  data-testid="stats-row"
                  data-code={r.code}
                  data-overdue={String(r.overdue)}
                  data-rate={rate === null ? '' : String(rate)}
                  class={active ? 'selected' : ''}
                  onClick={() => onFilter({ ...filter, district: active ? null : r.code })}
                  title={r.code}
                >
                  <td>{r.name}</td>
                  <td class="num">{formatNumber(r.open, lang)}/{formatNumber(r.total, lang)}</td>
                  <td>
                    <div class="bar" aria-label={rate === null ? '—' : `${Math.round(rate * 100)}%`}>
                      <div class="bar-fill rate" style={{ width: `${rate === null ? 0 : Math.round(rate * 100)}%` }} />
                      <span class="bar-text">{rate === null ? '—' : `${formatNumber(rate * 100, lang, 1)}%`}</span>
                    </div>
                  </td>
                  <td>
                    <div class="bar">
                      <div class="bar-fill overdue" style={{ width: `${Math.round((r.overdue / maxOverdue) * 100)}%` }} />
                      <span class={`bar-text${r.overdue ? ' text-overdue' : ''}`}>{formatNumber(r.overdue, lang)}</span>
                    </div>
                  </td>
                  <td class="num">{formatNumber(r.major_open, lang)}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
      <p class="muted small">{m('stats.note')}</p>
    </div>
  )
}
