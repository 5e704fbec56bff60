// npm run weather:read [-- --once] [--json]
//
// The wall's weather feed read on the server (issue 21, migration 20270205000200): reads
// weather_feed_settings with the service key, fetches `url` (10 s timeout), parses the answer with
// the wall's own module (src/domain/weatherFeed.ts: plain, open-meteo, qweather) and appends the
// checked reading — or the failure in zh and en — to weather_readings; then waits `refresh_minutes`
// (settings re-read each time, so an admin's change is taken at the next read). Only when the
// settings say reader = 'server' and a URL is set; otherwise it writes nothing and looks again in
// 5 minutes. The walls read the newest rows: no CORS, no mixed content, the feed's key stays here.
// env: SUPABASE_URL (default the local stack), SUPABASE_SERVICE_ROLE_KEY (default the local one).
// --once: one read, then exit: 0 a reading written · 1 a failure written · 2 nothing to read
// (no URL, or reader = 'browser') · 4 the database refused (message on stderr). --json prints the
// outcome as one JSON line. Deployment: a systemd service (Restart=always) running
// `npm run weather:read`, or cron every few minutes with --once.
// `npm start` runs the same loop inside the stack's process (startWeatherReader, below), so a
// local stack needs no second command: idle while reader = 'browser' or no URL (one small read of
// the settings a minute), one log line per failure, never stopping the stack.
import { parseArgs } from 'node:util'
import { createClient, type SupabaseClient, type SupabaseClientOptions } from '@supabase/supabase-js'
import { DEFAULT_PORTS, SERVICE_ROLE_KEY } from './keys.ts'
import type { FeedFormat, FeedReading, Words } from '../../src/domain/weatherFeed.ts'
import { fetchFeed } from '../../src/data/weatherFeedFetch.ts'

const IDLE_MINUTES = 5

export interface ReadOutcome {
  outcome: 'reading' | 'error' | 'skipped'
  reading?: FeedReading
  error?: Words
  /** why nothing was read */
  skipped?: string
  /** minutes until the next read */
  next_minutes: number
}

/** One read: settings → fetch → parse → one row in weather_readings (or nothing, when not asked). */
export async function readOnce(c: SupabaseClient, fetchImpl: typeof fetch = fetch): Promise<ReadOutcome> {
  const s = await c.from('weather_feed_settings').select('url, format, refresh_minutes, reader').limit(1).maybeSingle()
  if (s.error) throw new Error(`weather_feed_settings: ${s.error.message}`)
  const settings = s.data as { url: string | null; format: FeedFormat; refresh_minutes: number; reader: string } | null
  if (!settings?.url) return { outcome: 'skipped', skipped: 'no feed URL is set', next_minutes: IDLE_MINUTES }
  if (settings.reader !== 'server') return { outcome: 'skipped', skipped: "the walls read the feed (reader = 'browser')", next_minutes: IDLE_MINUTES }
  const got = await fetchFeed(settings.url, settings.format, {
    fetchImpl,
    unreachable: (e) => ({ zh: '无法连接气象源（地址或网络）', en: `cannot reach the feed (its URL or the network): ${e.message}`.slice(0, 300) }),
  })
  const reading = 'reading' in got ? got.reading : null
  const error = 'error' in got ? got.error : null
  const row: Record<string, unknown> = reading
    ? {
        format: settings.format,
        observed_at: reading.at,
        wind_from_deg: reading.wind_from_deg,
        wind_speed_m_s: reading.u_m_s,
        temp_c: reading.temp_c,
        station: reading.station,
      }
    : { format: settings.format, error_zh: error!.zh.slice(0, 300), error_en: error!.en.slice(0, 300) }
  const ins = await c.from('weather_readings').insert(row)
  if (ins.error) throw new Error(`weather_readings: ${ins.error.message}`)
  return reading
    ? { outcome: 'reading', reading, next_minutes: settings.refresh_minutes }
    : { outcome: 'error', error: error!, next_minutes: settings.refresh_minutes }
}

function client(
  url = process.env.SUPABASE_URL || `http://127.0.0.1:${DEFAULT_PORTS.gateway}`,
  key = process.env.SUPABASE_SERVICE_ROLE_KEY || SERVICE_ROLE_KEY,
): SupabaseClient {
  return createClient(url, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    // Node 20 has no WebSocket and the reader subscribes to nothing: a transport that is never built
    realtime: { transport: class {} as unknown as NonNullable<NonNullable<SupabaseClientOptions<'public'>['realtime']>['transport']> },
  })
}

export interface WeatherReaderLoop {
  stop(): void
}

/** The reader as a loop inside another process (`npm start`): reads when the settings say reader =
 * 'server' and a URL is set, every `refresh_minutes`; otherwise looks at the settings again every
 * `idleMinutes`. Logs the first reading, each failure (one line) and the recovery after one; a
 * database error is one line too, and the loop goes on. */
export function startWeatherReader(opts: {
  url: string
  serviceRoleKey: string
  log?: (m: string) => void
  idleMinutes?: number
  fetchImpl?: typeof fetch
}): WeatherReaderLoop {
  const log = opts.log ?? console.log
  const c = client(opts.url, opts.serviceRoleKey)
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false
  let last: 'reading' | 'error' | 'skipped' | 'db' | null = null
  const tick = async (): Promise<void> => {
    let minutes = opts.idleMinutes ?? 1
    try {
      const o = await readOnce(c, opts.fetchImpl)
      if (o.outcome === 'reading') {
        if (last !== 'reading')
          log(`[weather] reading written: wind from ${o.reading!.wind_from_deg}° ${o.reading!.u_m_s} m/s (again every ${o.next_minutes} min)`)
        minutes = o.next_minutes
      } else if (o.outcome === 'error') {
        log(`[weather] feed failed: ${o.error!.en}`)
        minutes = o.next_minutes
      }
      last = o.outcome
    } catch (e) {
      if (last !== 'db') log(`[weather] ${(e as Error).message}`)
      last = 'db'
    }
    if (!stopped) {
      timer = setTimeout(() => void tick(), minutes * 60_000)
      timer.unref()
    }
  }
  void tick()
  return {
    stop: () => {
      stopped = true
      clearTimeout(timer)
    },
  }
}

function say(o: ReadOutcome, json: boolean): void {
  if (json) return console.log(JSON.stringify(o))
  const t = new Date().toISOString()
  if (o.outcome === 'reading') {
    const r = o.reading!
    console.log(`${t} wind from ${r.wind_from_deg}° ${r.u_m_s} m/s, ${r.temp_c ?? '–'} °C, observed ${r.at}`)
  } else if (o.outcome === 'error') console.log(`${t} feed failed: ${o.error!.en} / ${o.error!.zh}`)
  else console.log(`${t} nothing to read: ${o.skipped}`)
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { once: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } } })
  const c = client()
  if (values.once) {
    try {
      const o = await readOnce(c)
      say(o, values.json!)
      return o.outcome === 'reading' ? 0 : o.outcome === 'error' ? 1 : 2
    } catch (e) {
      console.error((e as Error).message)
      return 4
    }
  }
  for (;;) {
    let minutes = IDLE_MINUTES
    try {
      const o = await readOnce(c)
      say(o, values.json!)
      minutes = o.next_minutes
    } catch (e) {
      // the database is out of reach: try again later, keep running
      console.error(`${new Date().toISOString()} ${(e as Error).message}`)
      minutes = 1
    }
    await new Promise((r) => setTimeout(r, minutes * 60_000))
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main()
