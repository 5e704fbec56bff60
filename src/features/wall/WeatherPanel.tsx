// The wall's weather: wind (from, speed) and temperature in the header, from the operator's entry
// or the configured feed (weather_feed_settings, read in the browser every interval:
// weatherStore.startFeed), with where it comes from and when it was observed or entered. A feed
// reading goes stale (weatherFeed.staleAfterMs) or the feed fails: the header says so and the last
// good value stays, marked 已过期. The operator's entry overrides the feed until cleared (said in
// the form). Incident mode's threat-zone form takes the wind in use, never a stale feed reading
// (weatherStore.withWeather). Admins set the feed in the same form.
import { useEffect, useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import { useStore } from '../../app/store.ts'
import { sessionStore } from '../../app/sessionStore.ts'
import { checkWeather, windName } from '../../domain/weather.ts'
import { loadWeatherFeedSettings, saveWeatherFeedSettings } from '../../data/weatherFeed.ts'
import { refreshFeed, setWeather, startFeed, weatherInUse, weatherStore } from './weatherStore.ts'
import { checkFeedSettings, FEED_FORMATS, FEED_READERS, type FeedSettings } from '../../domain/weatherFeed.ts'
import { MESSAGES } from './messages.ts'
import './weatherPanel.css'

const clock = (iso: string, lang: 'zh' | 'en', now: Date): string => {
  const d = new Date(iso)
  const loc = lang === 'zh' ? 'zh-CN' : 'en-GB'
  const hm = d.toLocaleTimeString(loc, { hour: '2-digit', minute: '2-digit', hour12: false })
  return d.toDateString() === now.toDateString() ? hm : `${d.toLocaleDateString(loc, { month: 'numeric', day: 'numeric' })} ${hm}`
}

export function WeatherPanel() {
  const { m, lang } = useMessages(MESSAGES)
  const state = useStore(weatherStore, (s) => s)
  const role = useStore(sessionStore, (s) => s.user?.role ?? null)
  const [now, setNow] = useState(() => new Date())
  const [open, setOpen] = useState(false)
  const [dir, setDir] = useState('')
  const [speed, setSpeed] = useState('')
  const [temp, setTemp] = useState('')
  const [error, setError] = useState<string | null>(null)
  useEffect(() => startFeed(), [])
  // staleness moves with the clock, not only with the store
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), 30_000)
    return () => clearInterval(t)
  }, [])
  const use = weatherInUse(state, now)
  const w = use.weather
  const feed = state.feed
  const hasFeed = !!feed.settings?.has_url
  const src = (withLabel: boolean) =>
    [withLabel ? feed.settings?.label : null, use.source === 'feed' ? use.weather.station : null].filter(Boolean).join(' ') ||
    feed.settings?.label ||
    m('weather.feedName')
  const start = () => {
    setDir(state.weather ? String(state.weather.wind_from_deg) : '')
    setSpeed(state.weather ? String(state.weather.u_m_s) : '')
    setTemp(state.weather?.temp_c != null ? String(state.weather.temp_c) : '')
    setError(null)
    setNow(new Date())
    setOpen(true)
  }
  const save = (e: Event) => {
    e.preventDefault()
    const r = checkWeather({ wind_from_deg: dir, u_m_s: speed, temp_c: temp }, new Date())
    if ('error' in r) return setError(r.error[lang])
    setWeather(r.ok)
    setOpen(false)
  }
  const failed = hasFeed && feed.error !== null
  return (
    <div class="wall-weather">
      <button
        type="button"
        class={`wall-btn wall-weather-btn ${use.stale ? 'stale' : ''} ${hasFeed && w ? 'two-lines' : ''}`}
        data-testid="wall-weather"
        data-source={use.source}
        data-stale={use.stale ? '1' : '0'}
        title={m('weather.edit')}
        onClick={() => (open ? setOpen(false) : start())}
      >
        {w ? (
          <>
            <span class="wall-weather-main">
              <span class="wall-weather-arrow" style={{ transform: `rotate(${w.wind_from_deg + 180}deg)` }} aria-hidden="true">
                ↑
              </span>
              {m('weather.shown', { dir: windName(w.wind_from_deg, lang), deg: w.wind_from_deg, u: w.u_m_s })}
              {w.temp_c !== null && ` · ${w.temp_c}℃`}
            </span>
            {/* a second line when a feed is set (the header has room for two, not for one long one) */}
            <span class={`wall-weather-at ${hasFeed ? 'below' : ''}`}>
              <span class="wall-weather-sep">{' · '}</span>
              {use.source === 'feed' ? m('weather.observed', { src: src(false), t: clock(w.at, lang, now) }) : m('weather.at', { t: clock(w.at, lang, now) })}
              {use.source === 'manual' && hasFeed && ` · ${m('weather.manualFirst')}`}
              {use.stale && <span class="wall-weather-stale"> · {m(failed ? 'weather.failedShort' : 'weather.stale')}</span>}
            </span>
          </>
        ) : failed ? (
          <>
            <span class="wall-weather-stale">{m('weather.failedShort')}</span> · {m('weather.none')}
          </>
        ) : (
          m('weather.none')
        )}
      </button>
      {open && (
        <div class="wall-weather-form" data-testid="wall-weather-form">
          <p class="wall-weather-use" data-testid="weather-in-use">
            {use.source === 'manual'
              ? m(hasFeed ? 'weather.useManual' : 'weather.useManualOnly')
              : use.source === 'feed'
                ? m('weather.useFeed', { src: src(true), t: clock(use.weather.at, lang, now) })
                : m('weather.useNone')}
          </p>
          {use.source === 'feed' && use.stale && (
            <p class="wall-weather-error" data-testid="weather-stale-note">
              {m('weather.staleNote', { t: clock(use.weather.at, lang, now) })}
            </p>
          )}
          {failed && feed.checkedAt && (
            <p class="wall-weather-error" role="alert" data-testid="weather-feed-error">
              {m('weather.failNote', { t: clock(feed.checkedAt, lang, now), why: feed.error![lang] })}
            </p>
          )}
          {hasFeed && (
            <div class="wall-weather-actions">
              {state.weather && (
                <button type="button" class="wall-btn" data-testid="weather-clear" onClick={() => setWeather(null)}>
                  {m('weather.clear')}
                </button>
              )}
              <button type="button" class="wall-btn" data-testid="weather-refresh" disabled={feed.busy} onClick={() => void refreshFeed()}>
                {m(feed.busy ? 'weather.refreshing' : 'weather.refresh')}
              </button>
            </div>
          )}
          <form class="wall-weather-fields" onSubmit={save} noValidate>
            <h2>{m('weather.title')}</h2>
            <label>
              <span>{m('weather.dir')}</span>
              <input inputMode="numeric" data-testid="weather-dir" value={dir} onInput={(e) => setDir((e.target as HTMLInputElement).value)} />
            </label>
            <label>
              <span>{m('weather.speed')}</span>
              <input inputMode="decimal" data-testid="weather-speed" value={speed} onInput={(e) => setSpeed((e.target as HTMLInputElement).value)} />
            </label>
            <label>
              <span>{m('weather.temp')}</span>
              <input inputMode="decimal" data-testid="weather-temp" value={temp} onInput={(e) => setTemp((e.target as HTMLInputElement).value)} />
            </label>
            {error && (
              <p class="wall-weather-error" role="alert" data-testid="weather-error">
                {error}
              </p>
            )}
            <div class="wall-weather-actions">
              <button type="submit" class="wall-btn wall-btn-primary" data-testid="weather-save">
                {m('weather.save')}
              </button>
              <button type="button" class="wall-btn" onClick={() => setOpen(false)}>
                {m('weather.cancel')}
              </button>
            </div>
            <p class="wall-weather-note">{m('weather.note')}</p>
          </form>
          {role === 'admin' && <FeedSettingsForm settings={feed.settings} />}
        </div>
      )}
    </div>
  )
}

/** The admin's part: where the wall reads its weather (weather_feed_settings). Each time it opens
 * it shows the stored row (read afresh: another admin may have changed it since this wall last
 * read the settings), and after a save the row as stored; until the row is in, the fields wait. */
function FeedSettingsForm({ settings }: { settings: FeedSettings | null }) {
  const { m, lang } = useMessages(MESSAGES)
  const [url, setUrl] = useState(settings?.url ?? '')
  const [format, setFormat] = useState<string>(settings?.format ?? 'plain')
  const [minutes, setMinutes] = useState(String(settings?.refresh_minutes ?? 10))
  const [label, setLabel] = useState(settings?.label ?? '')
  const [reader, setReader] = useState<string>(settings?.reader ?? 'browser')
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const [loaded, setLoaded] = useState(false)
  const fill = (s: FeedSettings | null) => {
    setUrl(s?.url ?? '')
    setFormat(s?.format ?? 'plain')
    setMinutes(String(s?.refresh_minutes ?? 10))
    setLabel(s?.label ?? '')
    setReader(s?.reader ?? 'browser')
  }
  useEffect(() => {
    let live = true
    loadWeatherFeedSettings()
      .then((s) => live && fill(s))
      .catch(() => live && setMsg({ ok: false, text: m('weather.feedLoadFailed') }))
      .finally(() => live && setLoaded(true))
    return () => {
      live = false
    }
    // once per opening (the form is mounted when the weather form opens)
  }, [])
  const save = async (e: Event) => {
    e.preventDefault()
    const r = checkFeedSettings({ url, format, refresh_minutes: minutes, label, reader })
    if ('error' in r) return setMsg({ ok: false, text: r.error[lang] })
    setBusy(true)
    try {
      fill(await saveWeatherFeedSettings(r.ok))
      setMsg({ ok: true, text: m('weather.feedSaved') })
      await refreshFeed()
    } catch (err) {
      setMsg({ ok: false, text: (err as Error).message })
    } finally {
      setBusy(false)
    }
  }
  return (
    <form class="wall-weather-fields wall-weather-feed" data-testid="weather-feed-form" onSubmit={(e) => void save(e)} noValidate>
      <h2>{m('weather.feedTitle')}</h2>
      <label>
        <span>{m('weather.feedUrl')}</span>
        <input type="url" data-testid="feed-url" disabled={!loaded} value={url} onInput={(e) => setUrl((e.target as HTMLInputElement).value)} />
      </label>
      <div class="wall-weather-row">
        <label>
          <span>{m('weather.feedFormat')}</span>
          <select data-testid="feed-format" disabled={!loaded} value={format} onChange={(e) => setFormat((e.target as HTMLSelectElement).value)}>
            {FEED_FORMATS.map((f) => (
              <option key={f} value={f}>
                {m(f === 'plain' ? 'weather.fmtPlain' : f === 'qweather' ? 'weather.fmtQWeather' : 'weather.fmtOpenMeteo')}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{m('weather.feedMinutes')}</span>
          <input
            inputMode="numeric"
            data-testid="feed-minutes"
            disabled={!loaded}
            value={minutes}
            onInput={(e) => setMinutes((e.target as HTMLInputElement).value)}
          />
        </label>
      </div>
      <label>
        <span>{m('weather.feedReader')}</span>
        <select data-testid="feed-reader" disabled={!loaded} value={reader} onChange={(e) => setReader((e.target as HTMLSelectElement).value)}>
          {FEED_READERS.map((r) => (
            <option key={r} value={r}>
              {m(r === 'server' ? 'weather.readerServer' : 'weather.readerBrowser')}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{m('weather.feedLabel')}</span>
        <input data-testid="feed-label" disabled={!loaded} value={label} onInput={(e) => setLabel((e.target as HTMLInputElement).value)} />
      </label>
      {msg && (
        <p class={msg.ok ? 'wall-weather-note' : 'wall-weather-error'} role={msg.ok ? 'status' : 'alert'} data-testid="feed-message">
          {msg.text}
        </p>
      )}
      <div class="wall-weather-actions">
        <button type="submit" class="wall-btn wall-btn-primary" data-testid="feed-save" disabled={busy || !loaded}>
          {m('weather.feedSave')}
        </button>
      </div>
      <p class="wall-weather-note" data-testid="feed-reader-note">
        {m(reader === 'server' ? 'weather.feedServerNote' : 'weather.feedCors')}
      </p>
      {reader === 'browser' && (
        <p class="wall-weather-note" data-testid="feed-key-note">
          {m('weather.feedKeyBrowser')}
        </p>
      )}
    </form>
  )
}
