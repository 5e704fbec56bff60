// The wall's monitoring alarms (issue 17): open alarms from wall_alarms every POLL_MS, newest state
// within seconds of ingest; per line the enterprise, source, channel, kind, value, age, and
// acknowledgement and escalation state; floods (the database's rule: > 50 alarms in 10 minutes at
// one enterprise) one line with a count; offline channels counted apart (grey, never normal). The
// same answer drives the pulses on the map (alarmPulses.ts). One small request per poll.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks'
import { formatNumber, useMessages, type Lang } from '../../app/i18n.ts'
import { wallAlarms, type AlarmFlood, type WallAlarm, type WallAlarms } from '../../data/monitoring.ts'
import { AlarmPulses, pulseSpots } from './alarmPulses.ts'
import { ALARM_MESSAGES } from './alarmsMessages.ts'
import type { WallMap } from './wallMap.ts'
import './alarms.css'

/** Every 2 s: a new alarm is on the wall within 5 s of its ingest (poll + answer + render). */
export const ALARM_POLL_MS = 2000
/** Lines asked for (the panel shows what fits; the count of the rest is said). */
const MAX_ITEMS = 40

type M = (key: keyof typeof ALARM_MESSAGES & string, vars?: Record<string, string | number>) => string

/** "45秒" / "12 min" / "3 h": how long an alarm has been open. Pure. */
export function ageText(fromIso: string, now: number, m: M): string {
  const s = Math.max(0, Math.round((now - Date.parse(fromIso)) / 1000))
  if (s < 60) return m('age.s', { n: s })
  if (s < 3600) return m('age.m', { n: Math.floor(s / 60) })
  if (s < 86400) return m('age.h', { n: Math.floor(s / 3600) })
  return m('age.d', { n: Math.floor(s / 86400) })
}

function valueText(a: WallAlarm, lang: Lang): string {
  const v = a.kind === 'fault' ? a.peak : (a.value ?? a.peak)
  if (v === null || v === undefined) return '—'
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2
  return `${formatNumber(v, lang, digits)} ${a.unit}`.trim()
}

function AlarmLine({ a, now }: { a: WallAlarm; now: number }) {
  const { m, lang } = useMessages(ALARM_MESSAGES)
  const acked = a.acknowledged_at !== null
  return (
    <li
      class={`wall-alarm sev-${a.severity} ${acked ? 'acked' : 'unacked'}`}
      data-testid="alarm-item"
      data-id={a.id}
      data-enterprise={a.enterprise_id}
      data-ack={acked ? '1' : '0'}
      data-escalated={a.escalated_at ? '1' : '0'}
    >
      <span class={`wall-alarm-kind sev-${a.severity}`}>{m(`kind.${a.kind}` as 'kind.H')}</span>
      <span class="wall-alarm-what">
        <span class="wall-alarm-source">
          {a.source_name} · {a.enterprise_name}
        </span>
        <span class="wall-alarm-channel">{a.channel_name}</span>
      </span>
      <span class="wall-alarm-value">{valueText(a, lang)}</span>
      <span class="wall-alarm-meta">
        <span class="wall-alarm-age" title={a.raised_at}>
          {ageText(a.raised_at, now, m)}
        </span>
        {acked ? (
          <span class="wall-alarm-tag ack" data-testid="alarm-acked">
            {m('alarms.acked', { who: a.acknowledged_role ? m(`who.${a.acknowledged_role}` as 'who.admin') : '' })}
          </span>
        ) : (
          <span class="wall-alarm-tag unack">{m('alarms.notAcked')}</span>
        )}
        {a.escalated_at && !acked && <span class="wall-alarm-tag esc">{m('alarms.escalatedTag')}</span>}
      </span>
    </li>
  )
}

function FloodLine({ f, windowMin }: { f: AlarmFlood; windowMin: number }) {
  const { m, lang } = useMessages(ALARM_MESSAGES)
  const n = (v: number) => formatNumber(v, lang)
  return (
    <li class={`wall-alarm wall-alarm-flood sev-${f.severity}`} data-testid="alarm-flood" data-enterprise={f.enterprise_id}>
      <span class="wall-alarm-kind flood">{m('alarms.flood')}</span>
      <span class="wall-alarm-what">
        <span class="wall-alarm-source">{f.enterprise_name}</span>
        <span class="wall-alarm-channel">{m('alarms.floodLine', { min: windowMin, recent: n(f.recent), open: n(f.open), unacked: n(f.unacknowledged) })}</span>
      </span>
      <span class="wall-alarm-value wall-alarm-count">{n(f.recent)}</span>
    </li>
  )
}

/**
 * `area`: the district the wall's tour shows (null: everything the caller may see); the list, its
 * counts and the pulses follow it, and the heading names it.
 */
export function AlarmsPanel({ wallMap, area = null }: { wallMap: WallMap; area?: string | null }) {
  const { m, lang } = useMessages(ALARM_MESSAGES)
  const [data, setData] = useState<WallAlarms | null>(null)
  const [failedAt, setFailedAt] = useState<number | null>(null)
  const [now, setNow] = useState(() => Date.now())
  const listEl = useRef<HTMLOListElement>(null)
  /** lines that did not fit the panel's height (wrapped out of sight, see alarms.css) */
  const [cut, setCut] = useState(0)

  useEffect(() => {
    let alive = true
    let timer: ReturnType<typeof setTimeout> | undefined
    const pulses = new AlarmPulses()
    const started = Date.now()
    const tick = async () => {
      // the first ask waits for the map: on the local stack one connection serves the wall's
      // first figures and map loads, which must not queue behind this panel (at most 20 s)
      if (!wallMap.debug.ready && Date.now() - started < 20_000) {
        timer = setTimeout(() => void tick(), 500)
        return
      }
      try {
        const a = await wallAlarms(MAX_ITEMS, undefined, false, area)
        if (!alive) return
        setData(a)
        setFailedAt(null)
        pulses.sync(wallMap.map, pulseSpots(a))
      } catch (e) {
        console.warn('[wall] alarms:', (e as Error).message)
        if (alive) setFailedAt((t) => t ?? Date.now())
      } finally {
        if (alive) timer = setTimeout(() => void tick(), ALARM_POLL_MS)
      }
    }
    void tick()
    const clock = setInterval(() => setNow(Date.now()), 1000)
    return () => {
      alive = false
      clearTimeout(timer)
      clearInterval(clock)
      pulses.clear()
    }
  }, [wallMap, area])

  const c = data?.counts
  const n = (v: number | undefined) => formatNumber(v ?? null, lang)
  const windowMin = data ? Math.round(data.flood_rule.window_s / 60) : 10
  const more = (c ? Math.max(0, c.listed - (data?.items.length ?? 0)) : 0) + cut
  useLayoutEffect(() => {
    const ol = listEl.current
    if (!ol) return
    const box = ol.getBoundingClientRect()
    const mid = box.left + ol.clientWidth / 2
    let hidden = 0
    for (const li of ol.children as HTMLCollectionOf<HTMLElement>) {
      const r = li.getBoundingClientRect()
      // wrapped into the column out of sight, or a first line taller than the room left (a short
      // 1080p wall): never shown half; the panel counts it among those not listed
      const out = r.left > mid || r.bottom > box.bottom + 1
      li.style.visibility = out ? 'hidden' : ''
      if (out) hidden++
    }
    if (hidden !== cut) setCut(hidden)
  })
  return (
    <section class="wall-panel wall-alarms" data-testid="panel-alarms" data-stale={failedAt ? '1' : '0'}>
      <h2>
        {m('alarms.title')}
        {data?.area && area && data.area.code === area && (
          <span class="wall-alarm-area" data-testid="alarms-area">
            {' · '}
            {lang === 'zh' ? data.area.name : data.area.name_en}
          </span>
        )}
        <span class="wall-panel-total" data-testid="alarms-active">
          {n(c?.active)}
        </span>
      </h2>
      <div class="wall-alarm-counts">
        <span class="wall-alarm-count-chip sev-3" data-testid="alarms-hh">
          {m('alarms.hh')} <b>{n(c?.hh)}</b>
        </span>
        <span class="wall-alarm-count-chip sev-2" data-testid="alarms-h">
          {m('alarms.h')} <b>{n(c?.h)}</b>
        </span>
        <span class="wall-alarm-count-chip sev-1" data-testid="alarms-fault">
          {m('alarms.fault')} <b>{n(c?.fault)}</b>
        </span>
        <span class="wall-alarm-count-chip unack" data-testid="alarms-unacked">
          {m('alarms.unacked')} <b>{n(c?.unacknowledged)}</b>
        </span>
        <span class="wall-alarm-count-chip esc" data-testid="alarms-escalated">
          {m('alarms.escalated')} <b>{n(c?.escalated)}</b>
        </span>
      </div>
      <div class="wall-alarm-offline" data-testid="alarms-offline">
        <span class="wall-alarm-grey" aria-hidden="true" />
        {m('alarms.offline', { n: n(c?.offline), total: n(c?.channels) })}
        {c && c.no_data > 0 && <span class="wall-sub"> · {m('alarms.noData', { n: n(c.no_data) })}</span>}
      </div>
      {failedAt && <p class="wall-alarm-stale">{m('alarms.stale', { t: new Date(failedAt).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB') })}</p>}
      {!data && !failedAt && <p class="wall-note">{m('alarms.loading')}</p>}
      {data && data.items.length === 0 && data.floods.length === 0 && <p class="wall-note">{m('alarms.none')}</p>}
      <ol class="wall-alarm-list" data-testid="alarm-list" ref={listEl}>
        {(data?.floods ?? []).map((f) => (
          <FloodLine key={`f${f.enterprise_id}`} f={f} windowMin={windowMin} />
        ))}
        {(data?.items ?? []).map((a) => (
          <AlarmLine key={a.id} a={a} now={now} />
        ))}
      </ol>
      {more > 0 && (
        <p class="wall-note wall-alarm-more" data-testid="alarms-more">
          {m('alarms.more', { n: n(more) })}
        </p>
      )}
      <p class="wall-note wall-alarm-legend">
        <span class="wall-alarm-dot sev-3" />
        {m('alarms.hh')} <span class="wall-alarm-dot sev-2" />
        {m('alarms.h')} <span class="wall-alarm-dot sev-1" />
        {m('alarms.fault')} · {m('alarms.pulseLegend')}
      </p>
    </section>
  )
}
