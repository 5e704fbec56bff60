// Rectification rate and overdue count per district or street (hidden_danger_stats, under the
// user's RLS: a regulator's figures cover its jurisdiction). A click on an area filters the list.
import { useEffect, useState } from 'preact/hooks'
import { formatNumber, useMessages } from '../../app/i18n.ts'
import { dangerStats, type AreaDangerStats, type DangerFilter } from '../../data/dangers.ts'
import { MESSAGES } from './messages.ts'

export function StatsPanel({ version, filter, onFilter }: { version: number; filter: DangerFilter; onFilter: (f: DangerFilter) => void }) {
  const { m, lang } = useMessages(MESSAGES)
  const [level, setLevel] = useState<'district' | 'street'>('district')
  const [state, setState] = useState<{ rows: AreaDangerStats[] | null; loading?: boolean; error?: string; key?: string }>({ rows: null, loading: true })

  useEffect(() => {
    let alive = true
    setState((s) => ({ rows: s.rows, loading: true }))
    dangerStats(level).then(
      (rows) => alive && setState({ rows, key: `${level}:${version}` }),
      (e: Error) => alive && setState({ rows: [], error: e.message, key: `${level}:${version}` }),
    )
    return () => {
      alive = false
    }
  }, [version, level])

  // areas with dangers the user may see; the most overdue first
  const rows = (state.rows ?? []).filter((r) => r.total > 0).sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.code.localeCompare(b.code))
  const maxOverdue = Math.max(1, ...rows.map((r) => r.overdue))
  return (
    <div
      class="side-card stats-panel"
      data-testid="stats-panel"
      data-ready={state.rows && !state.loading && state.key === `${level}:${version}` ? 'true' : 'false'}
      data-level={level}
    >
      <div class="card-head">
        <h3>{m(level === 'district' ? 'stats.title' : 'stats.titleStreet')}</h3>
        <div class="seg" role="group">
          {(['district', 'street'] as const).map((l) => (
            <button
              key={l}
              type="button"
              class={level === l ? 'on' : ''}
              data-testid={`stats-level-${l}`}
              aria-pressed={level === l}
              onClick={() => setLevel(l)}
            >
              {m(l === 'district' ? 'stats.byDistrict' : 'stats.byStreet')}
            </button>
          ))}
        </div>
      </div>
      {state.error ? (
        <div class="form-error">{m('stats.error', { msg: state.error })}</div>
      ) : !state.rows ? (
        <p class="muted">{m('page.loading')}</p>
      ) : rows.length === 0 ? (
        <p class="muted">{m('stats.none')}</p>
      ) : (
        <div class="stats-scroll">
          <table class="stats-table">
            <thead>
              <tr>
                <th>{m(level === 'district' ? 'stats.area' : 'stats.street')}</th>
                <th class="num">
                  {m('stats.open')}/{m('stats.total')}
                </th>
                <th>{m('stats.rate')}</th>
                <th>{m('stats.overdue')}</th>
                <th class="num">{m('stats.major')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const rate = r.rectification_rate
                const active = filter.area === r.code
                return (
                  <tr
                    key={r.code}
                    data-testid="stats-row"
                    data-code={r.code}
                    data-overdue={String(r.overdue)}
                    data-rate={rate === null ? '' : String(rate)}
                    class={active ? 'selected' : ''}
                    onClick={() => onFilter({ ...filter, area: active ? null : r.code, areaName: active ? null : r.name })}
                    title={r.code}
                  >
                    <td>{r.name}</td>
                    <td class="num">
                      {formatNumber(r.open, lang)}/{formatNumber(r.total, lang)}
                    </td>
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
        </div>
      )}
      <p class="muted small">{m('stats.note')}</p>
    </div>
  )
}
