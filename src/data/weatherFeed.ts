// The wall's weather feed configuration (issue 21, migration 20270129010000): read by government
// staff, changed by admins. An update by anyone else changes no row under RLS: said in words here.
// The URL carries the feed's key (migration 20270207000100): the API does not grant its column;
// weather_feed_url() gives it to admins always, to other staff only while reader = 'browser'.
// The client is a parameter so that the db tests run this very code.
import type { SupabaseClient } from '@supabase/supabase-js'
import { supabase } from './client.ts'
import { ApiError } from './rpc.ts'
import type { FeedFormat, FeedReading, FeedSettings, Words } from '../domain/weatherFeed.ts'

const COLUMNS = 'format, refresh_minutes, label, reader, has_url, updated_at'

/** The feed settings, or null when the caller may not read them (enterprise, no role); `url` is
 * null when no feed is set or the caller may not have it (`has_url` says which). */
export async function loadWeatherFeedSettings(c: SupabaseClient = supabase()): Promise<FeedSettings | null> {
  const [row, url] = await Promise.all([
    c.from('weather_feed_settings').select(COLUMNS).limit(1).maybeSingle(),
    // GET: a stable read (the local gateway then treats it as one)
    c.rpc('weather_feed_url', {}, { get: true }),
  ])
  if (row.error) throw new ApiError(`weather_feed_settings: ${row.error.message}`, row.status, row.error.code)
  if (!row.data) return null
  if (url.error) throw new ApiError(`weather_feed_url: ${url.error.message}`, url.status, url.error.code)
  const d = row.data as Omit<FeedSettings, 'url'> & { format: string }
  return { ...d, url: (url.data as string | null) ?? null, format: d.format as FeedFormat }
}

export async function saveWeatherFeedSettings(
  s: Pick<FeedSettings, 'url' | 'format' | 'refresh_minutes' | 'label' | 'reader'>,
  c: SupabaseClient = supabase(),
): Promise<FeedSettings> {
  const { data, error, status } = await c
    .from('weather_feed_settings')
    .update({ url: s.url, format: s.format, refresh_minutes: s.refresh_minutes, label: s.label, ...(s.reader ? { reader: s.reader } : {}) })
    .eq('id', true)
    .select('id')
  if (error) throw new ApiError(error.message, status, error.code)
  if (!data?.length) throw new ApiError('只有管理员可以设置气象源 / only an admin may set the weather feed', 403)
  // the stored row, as the database has it now (the URL through weather_feed_url(): an admin gets it)
  const saved = await loadWeatherFeedSettings(c)
  if (!saved) throw new ApiError('weather_feed_settings: the saved row is not readable', 500)
  return saved
}

// ---------------------------------------------------------------- the server-side reader's rows
// (weather_readings, migration 20270205000200): written by `npm run weather:read` with the service
// key, read by the same audience as the settings.

export interface ServerReadings {
  /** the newest good reading, or null */
  reading: FeedReading | null
  /** the newest row's failure, or null when the newest row is a good reading (or there is none) */
  error: Words | null
  /** when the reader last wrote (ISO), or null when it never did */
  fetchedAt: string | null
}

const READING_COLUMNS = 'fetched_at, observed_at, wind_from_deg, wind_speed_m_s, temp_c, station, error_zh, error_en'
interface ReadingRow {
  fetched_at: string
  observed_at: string | null
  wind_from_deg: number | null
  wind_speed_m_s: number | null
  temp_c: number | null
  station: string | null
  error_zh: string | null
  error_en: string | null
}

/** The server-side reader's newest row and newest good reading. */
export async function loadServerReadings(c: SupabaseClient = supabase()): Promise<ServerReadings> {
  const [last, good] = await Promise.all([
    c.from('weather_readings').select(READING_COLUMNS).order('fetched_at', { ascending: false }).limit(1).maybeSingle(),
    c.from('weather_readings').select(READING_COLUMNS).is('error_zh', null).order('fetched_at', { ascending: false }).limit(1).maybeSingle(),
  ])
  for (const r of [last, good]) if (r.error) throw new ApiError(`weather_readings: ${r.error.message}`, r.status, r.error.code)
  const l = last.data as ReadingRow | null
  const g = good.data as ReadingRow | null
  return {
    reading: g
      ? {
          wind_from_deg: Number(g.wind_from_deg),
          u_m_s: Number(g.wind_speed_m_s),
          temp_c: g.temp_c === null ? null : Number(g.temp_c),
          at: new Date(g.observed_at!).toISOString(),
          station: g.station,
        }
      : null,
    error: l?.error_zh ? { zh: l.error_zh, en: l.error_en ?? l.error_zh } : null,
    fetchedAt: l ? new Date(l.fetched_at).toISOString() : null,
  }
}
