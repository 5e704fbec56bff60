// The one map's track playback panel (issue 19): opened by a vehicle card's "轨迹回放"
// (playbackRequest), it replays the vehicle's day (default today, China time) with play / pause,
// speed, a time slider showing the clock time and the day's alerts (a click seeks to one).
import { useEffect, useState } from 'preact/hooks'
import type { Map as MlMap } from 'maplibre-gl'
import { useMessages } from '../../app/i18n.ts'
import { useStore } from '../../app/store.ts'
import { playbackRequest } from '../../layers/vehicles/playbackRequest.ts'
import { PLAYBACK_SPEEDS, trackClock } from '../../domain/vehicleTrack.ts'
import { cityToday } from '../../domain/cityDay.ts'
import { TrackPlayback as Playback } from './trackPlayback.ts'
import { MESSAGES } from './messages.ts'
import './playback.css'

export function TrackPlayback({ map }: { map: () => MlMap | null }) {
  const { m } = useMessages(MESSAGES)
  const ask = useStore(playbackRequest)
  const [pb, setPb] = useState<Playback | null>(null)

  useEffect(() => {
    if (!ask.req) return
    const mm = map()
    if (!mm) return
    const p = pb ?? new Playback(mm)
    if (!pb) setPb(p)
    void p.open(ask.req.vehicleId, ask.req.plate, cityToday())
  }, [ask.req?.seq])

  useEffect(() => () => pb?.destroy(), [pb])

  if (!pb) return null
  return <Panel pb={pb} m={m} />
}

function Panel({ pb, m }: { pb: Playback; m: (k: keyof typeof MESSAGES, v?: Record<string, string | number>) => string }) {
  const st = useStore(pb.store)
  if (st.status === 'idle') return null
  const track = st.track
  const n = track?.n ?? 0
  const start = n ? track!.t[0]! : 0
  const end = pb.end
  const clock = track ? trackClock(track.t0, st.s) : '--:--:--'
  return (
    <section class="track-playback" data-testid="track-playback" data-status={st.status} data-fixes={n} aria-label={m('playback.title', { plate: st.plate })}>
      <header>
        <strong>{m('playback.title', { plate: st.plate })}</strong>
        <button type="button" class="tp-close" data-testid="playback-close" aria-label={m('playback.close')} onClick={() => pb.close()}>
          ×
        </button>
      </header>
      <div class="tp-row">
        <label>
          {m('playback.day')}{' '}
          <input
            type="date"
            data-testid="playback-day"
            value={st.day}
            max={cityToday()}
            onChange={(e) => {
              const d = (e.target as HTMLInputElement).value
              if (d && st.vehicleId) void pb.open(st.vehicleId, st.plate, d)
            }}
          />
        </label>
        <span class="tp-clock" data-testid="playback-clock">
          {clock}
        </span>
      </div>
      {st.status === 'loading' && <div class="tp-note">{m('playback.loading')}</div>}
      {st.status === 'error' && (
        <div class="tp-note tp-error" role="alert">
          {m('playback.error', { msg: st.error ?? '' })}
        </div>
      )}
      {st.status === 'ok' && n === 0 && <div class="tp-note">{m('playback.empty')}</div>}
      {st.status === 'ok' && n > 0 && (
        <>
          <input
            type="range"
            class="tp-slider"
            data-testid="playback-slider"
            min={start}
            max={end}
            step={1}
            value={st.s}
            aria-label={clock}
            onInput={(e) => pb.seek(Number((e.target as HTMLInputElement).value))}
          />
          <div class="tp-row">
            <button type="button" data-testid="playback-toggle" onClick={() => (st.playing ? pb.pause() : pb.play())}>
              {st.playing ? `❚❚ ${m('playback.pause')}` : `▶ ${m('playback.play')}`}
            </button>
            <label>
              {m('playback.speed')}{' '}
              <select data-testid="playback-speed" value={String(st.speed)} onChange={(e) => pb.setSpeed(Number((e.target as HTMLSelectElement).value))}>
                {PLAYBACK_SPEEDS.map((s) => (
                  <option key={s} value={s}>
                    {s}×
                  </option>
                ))}
              </select>
            </label>
            <span class="tp-note">{m('playback.fixes', { n, from: trackClock(track!.t0, start), to: trackClock(track!.t0, end) })}</span>
          </div>
          <div class="tp-alerts" data-testid="playback-alerts" data-count={st.marks.length}>
            <div class="tp-note">{m('playback.alerts', { n: st.marks.length })}</div>
            {st.marks.slice(0, 6).map((a) => (
              <button type="button" key={a.id} class="tp-alert" onClick={() => pb.seek(a.s)}>
                {trackClock(track!.t0, a.s)} {m(`alert.${a.kind}` as 'alert.signal_lost')}
              </button>
            ))}
          </div>
        </>
      )}
    </section>
  )
}
