// The wall's saved what-if scenarios (issue 20): the command centre opens a scenario saved in the
// planner (its own, or a colleague's shared one: the table's RLS decides which) and sees its
// zones on the wall's map. Read-only (DOMAIN.md: the wall is read-only); saving, sharing and
// comparing stay in the planner's 威胁区 tab (SavedScenarios.tsx). Wall-sized type (wallScenarios.css).
import { useEffect, useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import { listScenarios, type SavedScenario } from '../../data/threatScenarios.ts'
import type { ThreatForm } from './threatZoneForm.ts'
import { TZ_MESSAGES } from './threatZoneMessages.ts'
import { WSC_MESSAGES } from './wallScenarioMessages.ts'
import './wallScenarios.css'

/** the newest this many are listed (the wall does not scroll) */
export const WALL_SCENARIOS_SHOWN = 6

export function WallScenarios({ openId, onOpen }: { openId: string | null; onOpen: (s: SavedScenario<ThreatForm>) => void }) {
  const { m, lang } = useMessages(WSC_MESSAGES)
  const tz = useMessages(TZ_MESSAGES).m
  const [list, setList] = useState<SavedScenario<ThreatForm>[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [expanded, setExpanded] = useState(false)

  useEffect(() => {
    const ctl = new AbortController()
    listScenarios<ThreatForm>(ctl.signal).then(
      (l) => setList(l),
      (e: Error) => {
        if (!ctl.signal.aborted) setError(e.message)
      },
    )
    return () => ctl.abort()
  }, [])

  const open = list?.find((s) => s.id === openId) ?? null
  const showList = !open || expanded
  const shown = (list ?? []).slice(0, WALL_SCENARIOS_SHOWN)
  const kindName = (s: SavedScenario<ThreatForm>) => tz(`tz.kind.${s.inputs.form.kind}`).replace(/（.*|\(.*/, '')
  const date = (s: SavedScenario<ThreatForm>) => new Date(s.created_at).toLocaleDateString(lang === 'zh' ? 'zh-CN' : 'en-GB')

  return (
    <section class="wall-panel wall-scenarios no-print" data-testid="wsc-panel" data-count={list?.length ?? ''}>
      <h2>
        {m('wsc.title')} <span class="wall-sub">{m('wsc.readOnly')}</span>
      </h2>
      {error && (
        <p class="wall-incident-error" role="alert" data-testid="wsc-error">
          {m('wsc.error', { msg: error })}
        </p>
      )}
      {list === null && !error && <p class="wall-note">{m('wsc.loading')}</p>}
      {list?.length === 0 && <p class="wall-note">{m('wsc.none')}</p>}
      {open && (
        <div class="wall-scenarios-open" data-testid="wsc-open" data-id={open.id}>
          <span class="wall-scenarios-name">
            <b>{m('wsc.opened')}：</b>
            {open.name}
          </span>
          <button type="button" class="wall-btn" data-testid="wsc-other" onClick={() => setExpanded(!expanded)}>
            {expanded ? m('wsc.hide') : m('wsc.other')}
          </button>
        </div>
      )}
      {showList && shown.length > 0 && (
        <ul class="wall-scenarios-list" data-testid="wsc-list">
          {shown.map((s) => (
            <li key={s.id} class={s.id === openId ? 'on' : ''} data-testid="wsc-item" data-id={s.id} data-name={s.name}>
              <span class="wall-scenarios-name">
                {s.name}
                <span class="wall-sub">
                  {' '}
                  · {kindName(s)} · {s.mine ? m('wsc.mine') : m('wsc.shared')} · {date(s)}
                </span>
              </span>
              <button
                type="button"
                class={`wall-btn ${s.id === openId ? 'on' : ''}`}
                data-testid="wsc-item-open"
                onClick={() => {
                  setExpanded(false)
                  onOpen(s)
                }}
              >
                {m('wsc.open')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {showList && list && list.length > shown.length && <p class="wall-note">{m('wsc.more', { n: list.length - shown.length })}</p>}
    </section>
  )
}
