// The monitoring section of the hazard-source card (issue 17): the source's channels with their
// kind, thresholds, latest value with unit and time, state and a 24-hour sparkline, those in alarm
// first; and its open alarms, then its last ones, with
// the acknowledge action for those the database allows (the enterprise its own, the area's
// regulator, admins; a refusal is shown word for word). Nothing is drawn for a source without
// channels. Refreshed every 15 s while the card is open. The hazard-source card and the monitoring
// layer's own card (ui.tsx) both show it.
import { useEffect, useState } from 'preact/hooks'
import { formatNumber, type Lang } from '../../app/i18n.ts'
import { useStore } from '../../app/store.ts'
import { sessionStore } from '../../app/sessionStore.ts'
import { acknowledgeAlarm, sourceAlarms, sourceChannels, sourceSparklines, type AlarmRecord, type ChannelNow, type SparkPoint } from '../../data/monitoring.ts'
import { textsOf } from '../ui/parts.ts'
import { MESSAGES } from './messages.ts'
import { Sparkline } from './Sparkline.tsx'
import { orderAlarms, orderChannels, readingTime, thresholdLine } from './order.ts'
import './monitoring.css'

const HISTORY_N = 10
const REFRESH_MS = 15_000
const ACK_ROLES = new Set(['enterprise', 'regulator', 'admin'])

interface Loaded {
  channels: ChannelNow[]
  sparks: Map<string, SparkPoint[]>
  alarms: AlarmRecord[]
  at: number
}

function fmt(v: number | null, lang: Lang): string {
  if (v === null) return '—'
  return formatNumber(v, lang, Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2)
}

function when(iso: string, lang: Lang): string {
  const d = new Date(iso)
  // the city's time (as the reading times, order.ts), whatever the browser's zone
  return d.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: 'Asia/Shanghai',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  })
}

export function MonitoringSection({ hazardSourceId, lang }: { hazardSourceId: string; lang: Lang }) {
  const m = textsOf(MESSAGES, lang)
  const { user } = useStore(sessionStore)
  const [data, setData] = useState<Loaded | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [version, setVersion] = useState(0)
  const [acking, setAcking] = useState<string | null>(null)
  const [note, setNote] = useState('')
  const [ackError, setAckError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    const ctrl = new AbortController()
    let timer: ReturnType<typeof setTimeout> | undefined
    const load = async () => {
      try {
        const now = Date.now()
        const channels = await sourceChannels(hazardSourceId, ctrl.signal)
        const [sparks, alarms] = channels.length
          ? await Promise.all([
              sourceSparklines(
                channels.map((c) => c.id),
                now,
                ctrl.signal,
              ),
              sourceAlarms(hazardSourceId, HISTORY_N, ctrl.signal),
            ])
          : [new Map<string, SparkPoint[]>(), []]
        if (ctrl.signal.aborted) return
        setData({ channels: orderChannels(channels), sparks, alarms: orderAlarms(alarms), at: now })
        setError(null)
      } catch (e) {
        if (!ctrl.signal.aborted) setError((e as Error).message)
      } finally {
        if (!ctrl.signal.aborted) timer = setTimeout(() => void load(), REFRESH_MS)
      }
    }
    void load()
    return () => {
      ctrl.abort()
      clearTimeout(timer)
    }
  }, [hazardSourceId, version])

  if (error && !data)
    return (
      <p class="mon-error" role="alert">
        {m('section.error', { msg: error })}
      </p>
    )
  if (!data) return <p class="mon-note">{m('section.loading')}</p>
  if (data.channels.length === 0) return null
  const byId = new Map(data.channels.map((c) => [c.id, c]))
  const mayAck = !!user?.role && ACK_ROLES.has(user.role)
  const kindLabel = (k: string) => (`kind.${k}` in MESSAGES ? m(`kind.${k}` as 'kind.other') : k)

  const send = async (id: string) => {
    setBusy(true)
    setAckError(null)
    try {
      await acknowledgeAlarm(id, note.trim() || null)
      setAcking(null)
      setNote('')
      setVersion((v) => v + 1)
    } catch (e) {
      setAckError(m('ack.failed', { msg: (e as Error).message }))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div class="mon" data-testid="detail-monitoring">
      <div class="detail-table-title">{m('section.title')}</div>
      <table class="mon-channels">
        <thead>
          <tr>
            <th>{m('col.channel')}</th>
            <th class="num">{m('col.value')}</th>
            <th>{m('col.state')}</th>
            <th>{m('col.trend')}</th>
          </tr>
        </thead>
        <tbody>
          {data.channels.map((c) => (
            <tr key={c.id} data-testid="mon-channel" data-status={c.status}>
              <td>
                <div class="mon-name">{c.name}</div>
                <div class="mon-code">
                  <span data-testid="mon-kind">{kindLabel(c.kind)}</span> · {c.code}
                </div>
              </td>
              <td class="num mon-value">
                {fmt(c.v, lang)} <span class="mon-unit">{c.unit}</span>
                {c.t && (
                  <div class="mon-code" data-testid="mon-time">
                    {readingTime(c.t, data.at)}
                  </div>
                )}
              </td>
              <td>
                <span class={`mon-status mon-status-${c.status}`}>{m(`status.${c.status}`)}</span>
              </td>
              <td>
                {(data.sparks.get(c.id)?.length ?? 0) > 0 ? (
                  <Sparkline
                    pts={data.sparks.get(c.id)!}
                    th={{ ll: c.ll, l: c.l, h: c.h, hh: c.hh }}
                    range={[c.range_min, c.range_max]}
                    now={data.at}
                    label={`${c.name} ${m('col.trend')}`}
                  />
                ) : (
                  <span class="mon-note">{m('spark.none')}</span>
                )}
                {thresholdLine(c, (v) => fmt(v, lang)) && (
                  <div class="mon-code" data-testid="mon-thresholds">
                    {thresholdLine(c, (v) => fmt(v, lang))}
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="mon-note">{m('spark.thresholds')}</div>
      <div class="detail-table-title mon-history-title">{m('history.title', { n: HISTORY_N })}</div>
      {data.alarms.length === 0 && <div class="mon-note">{m('history.none')}</div>}
      <ol class="mon-history" data-testid="mon-history">
        {data.alarms.map((a) => (
          <li
            key={a.id}
            data-testid="mon-alarm"
            data-id={a.id}
            data-ack={a.acknowledged_at ? '1' : '0'}
            class={`mon-alarm ${a.cleared_at ? 'cleared' : 'open'}`}
          >
            <div class="mon-alarm-head">
              <span class={`mon-status mon-status-${a.kind}`}>{m(`status.${a.kind}`)}</span>
              <span class="mon-name">{byId.get(a.channel_id)?.name ?? ''}</span>
              <span class="mon-when">
                {when(a.raised_at, lang)} → {a.cleared_at ? when(a.cleared_at, lang) : <b>{m('history.open')}</b>}
              </span>
            </div>
            <div class="mon-alarm-meta">
              {a.peak !== null && (
                <span>
                  {m('history.peak')} {fmt(a.peak, lang)} {byId.get(a.channel_id)?.unit ?? ''}
                </span>
              )}
              {a.acknowledged_at ? (
                <span class="mon-acked" title={a.ack_note ?? ''}>
                  {m('history.ack')} · {a.acknowledged_role ? m(`role.${a.acknowledged_role}` as 'role.admin') : ''} · {when(a.acknowledged_at, lang)}
                  {a.ack_note ? ` · ${a.ack_note}` : ''}
                </span>
              ) : (
                <span class="mon-unacked">{m('history.unacked')}</span>
              )}
              {a.escalated_at && !a.acknowledged_at && <span class="mon-escalated">{m('history.escalated')}</span>}
              {!a.acknowledged_at && a.kind !== 'offline' && mayAck && acking !== a.id && (
                <button type="button" class="mon-ack" data-testid="mon-ack" onClick={() => (setAcking(a.id), setAckError(null))}>
                  {m('ack.button')}
                </button>
              )}
            </div>
            {acking === a.id && (
              <form
                class="mon-ack-form"
                onSubmit={(e) => {
                  e.preventDefault()
                  void send(a.id)
                }}
              >
                <input
                  type="text"
                  maxLength={1000}
                  placeholder={m('ack.note')}
                  value={note}
                  data-testid="mon-ack-note"
                  onInput={(e) => setNote((e.target as HTMLInputElement).value)}
                />
                <button type="submit" disabled={busy} data-testid="mon-ack-send">
                  {m('ack.send')}
                </button>
                <button type="button" onClick={() => setAcking(null)}>
                  {m('ack.cancel')}
                </button>
              </form>
            )}
            {acking === a.id && ackError && (
              <div class="mon-error" role="alert" data-testid="mon-ack-error">
                {ackError}
              </div>
            )}
          </li>
        ))}
      </ol>
    </div>
  )
}
