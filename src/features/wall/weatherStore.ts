// The wall's weather: the operator's entry (kept in localStorage: one screen, one operator) and the
// configured feed's last reading (weather_feed_settings, fetched in the browser every interval:
// weatherFeed.ts parses it — or, with reader 'server', the server-side reader's newest rows in
// weather_readings, read from the database every interval). The operator's entry overrides the feed until it is cleared. Read by
// the wall's weather panel and, as its default wind, by incident mode's threat-zone form — which
// never gets a stale feed reading (older than weatherFeed.staleAfterMs, or the feed failing since).
import { createStore } from '../../app/store.ts'
import type { Weather } from '../../domain/weather.ts'
import { loadServerReadings, loadWeatherFeedSettings } from '../../data/weatherFeed.ts'
import { fetchFeed } from '../../data/weatherFeedFetch.ts'
import { isStale, staleAfterMs, type FeedReading, type FeedSettings, type Words } from '../../domain/weatherFeed.ts'

const KEY = 'wall.weather'
/** a feed that does not answer in this time has failed */
/** without a feed, look again for one an admin may have set this often */
const NO_FEED_RECHECK_MIN = 5

function load(): Weather | null {
  try {
    const raw = localStorage.getItem(KEY)
    if (!raw) return null
    const w = JSON.parse(raw) as Weather
    return Number.isFinite(w.wind_from_deg) && Number.isFinite(w.u_m_s) ? w : null
  } catch {
    return null
  }
}

export interface FeedState {
  /** null: not read yet, or the caller may not read them */
  settings: FeedSettings | null
  /** the last good reading (kept, marked stale, when the feed fails) */
  reading: FeedReading | null
  /** why the last attempt failed, or null when it succeeded */
  error: Words | null
  /** when the wall last asked the feed (ISO), or null */
  checkedAt: string | null
  busy: boolean
}

export const weatherStore = createStore<{ weather: Weather | null; feed: FeedState }>({
  weather: typeof localStorage === 'undefined' ? null : load(),
  feed: { settings: null, reading: null, error: null, checkedAt: null, busy: false },
})

export function setWeather(w: Weather | null): void {
  try {
    if (w) localStorage.setItem(KEY, JSON.stringify(w))
    else localStorage.removeItem(KEY)
  } catch {
    // private mode: kept for this page only
  }
  weatherStore.update({ weather: w })
}

function setFeed(patch: Partial<FeedState>): void {
  weatherStore.update({ feed: { ...weatherStore.get().feed, ...patch } })
}

export type InUse =
  | { source: 'manual'; weather: Weather; stale: false }
  | { source: 'feed'; weather: FeedReading; stale: boolean }
  | { source: 'none'; weather: null; stale: false }

/** Which weather the wall uses now: the operator's entry, else the feed's reading (stale when it
 * is old or the feed failed since), else none. */
export function weatherInUse(s: { weather: Weather | null; feed: FeedState }, now: Date): InUse {
  if (s.weather) return { source: 'manual', weather: s.weather, stale: false }
  const { reading, settings, error } = s.feed
  if (reading && settings?.has_url) return { source: 'feed', weather: reading, stale: error !== null || isStale(reading.at, settings.refresh_minutes, now) }
  return { source: 'none', weather: null, stale: false }
}

/** A form's wind fields with the wall's weather in them (the operator's, or a fresh feed reading):
 * the incident default. A stale feed reading is not used (the panel says so). */
export function withWeather<F extends { wind_from_deg: number; u_m_s: number }>(form: F): F {
  const u = weatherInUse(weatherStore.get(), new Date())
  return u.weather && !u.stale ? { ...form, wind_from_deg: u.weather.wind_from_deg, u_m_s: Math.max(0.5, u.weather.u_m_s) } : form
}

/** Reads the settings, then the feed (when one is set); returns the minutes until the next time. */
export async function refreshFeed(): Promise<number> {
  setFeed({ busy: true })
  let settings = weatherStore.get().feed.settings
  try {
    settings = await loadWeatherFeedSettings()
    const had = weatherStore.get().feed.settings
    if (settings?.url !== had?.url || settings?.has_url !== had?.has_url || settings?.format !== had?.format || settings?.reader !== had?.reader)
      setFeed({ settings, reading: null, error: null })
    else setFeed({ settings })
  } catch {
    // the database is out of reach: keep the settings we had (the wall says it is offline)
  }
  if (!settings?.has_url) {
    setFeed({ busy: false, error: null, reading: null, checkedAt: null })
    return NO_FEED_RECHECK_MIN
  }
  if (settings.reader === 'server') return readServer(settings)
  // reader 'browser' gives every staff role the URL (weather_feed_url()); without it there is nothing to fetch
  if (!settings.url) {
    setFeed({ busy: false, error: null, reading: null, checkedAt: null })
    return NO_FEED_RECHECK_MIN
  }
  const now = new Date()
  const got = await fetchFeed(settings.url, settings.format, {
    init: { cache: 'no-store' },
    unreachable: () => ({ zh: '无法连接气象源（地址、网络或跨域 CORS 设置）', en: 'cannot reach the feed (its URL, the network, or its CORS headers)' }),
  })
  const reading = 'reading' in got ? got.reading : null
  const error = 'error' in got ? got.error : null
  setFeed(reading ? { reading, error: null, checkedAt: now.toISOString(), busy: false } : { error, checkedAt: now.toISOString(), busy: false })
  return settings.refresh_minutes
}

/** reader 'server': the newest rows the server-side reader wrote; a reader that has not written
 * for longer than a reading stays fresh is said to be failing. */
async function readServer(settings: FeedSettings): Promise<number> {
  const now = new Date()
  try {
    const r = await loadServerReadings()
    let error = r.error
    if (!r.fetchedAt)
      error = {
        zh: '服务器端读取程序尚未写入读数（是否在运行？npm start 或 npm run weather:read）',
        en: 'the server-side reader has written nothing yet (is it running? npm start or npm run weather:read)',
      }
    else if (now.getTime() - Date.parse(r.fetchedAt) > staleAfterMs(settings.refresh_minutes)) {
      const min = Math.round((now.getTime() - Date.parse(r.fetchedAt)) / 60_000)
      error = { zh: `服务器端读取程序 ${min} 分钟未写入读数（是否在运行？）`, en: `the server-side reader has written nothing for ${min} min (is it running?)` }
    }
    setFeed({ reading: r.reading, error, checkedAt: r.fetchedAt ?? now.toISOString(), busy: false })
  } catch {
    setFeed({ error: { zh: '无法读取服务器端气象读数', en: 'cannot read the server-side weather readings' }, checkedAt: now.toISOString(), busy: false })
  }
  return settings.refresh_minutes
}

/** Keeps the feed fresh while the wall is open: now, then every interval. Returns the stop. */
export function startFeed(): () => void {
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  const tick = async () => {
    const minutes = await refreshFeed().catch(() => NO_FEED_RECHECK_MIN)
    if (!stopped) timer = setTimeout(() => void tick(), minutes * 60_000)
  }
  void tick()
  return () => {
    stopped = true
    clearTimeout(timer)
  }
}
