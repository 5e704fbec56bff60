// The wall's weather feed configuration (issue 21, migration 20270129010000): read by government
// staff, changed by admins. An update by anyone else changes no row under RLS: said in words here.
// The client is a parameter so that the db tests run this very code.
import type { SupabaseClient } from '@supabase/supabase-js'
import { supabase } from './client.ts'
import { ApiError } from './rpc.ts'
import type { FeedFormat, FeedReading, FeedSettings, Words } from '../domain/weatherFeed.ts'

const COLUMNS = 'url, format, refresh_minutes, label, reader, updated_at'

/** The feed settings, or null when the caller may not read them (enterprise, no role). */
export async function loadWeatherFeedSettings(c: SupabaseClient = supabase()): Promise<FeedSettings | null> {
  const { data, error, status } = await c.from('weather_feed_settings').select(COLUMNS).limit(1).maybeSingle()
  if (error) throw new ApiError(`weather_feed_settings: ${error.message}`, status, error.code)
  return data ? { ...(data as FeedSettings), format: (data as { format: string }).format as FeedFormat } : null
}

export async function saveWeatherFeedSettings(
  s: Pick<FeedSettings, 'url' | 'format' | 'refresh_minutes' | 'label' | 'reader'>,
  c: SupabaseClient = supabase(),
): Promise<FeedSettings> {
  const { data, error, status } = await c
    .from('weather_feed_settings')
    .update({ url: s.url, format: s.format, refresh_minutes: s.refresh_minutes, label: s.label, ...(s.reader ? { reader: s.reader } : {}) })
    .eq('id', true)
    .select(COLUMNS)
  if (error) throw new ApiError(error.message, status, error.code)
  if (!data?.length) throw new ApiError('只有管理员可以设置气象源 / only an admin may set the weather feed', 403)
  return data[0] as FeedSettings
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
