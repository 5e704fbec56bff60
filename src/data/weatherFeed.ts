// The wall's weather feed configuration (issue 21, migration 20270129010000): read by government
// staff, changed by admins. An update by anyone else changes no row under RLS: said in words here.
// The client is a parameter so that the db tests run this very code.
import type { SupabaseClient } from '@supabase/supabase-js'
import { supabase } from './client.ts'
import { ApiError } from './rpc.ts'
import type { FeedFormat, FeedSettings } from '../domain/weatherFeed.ts'

const COLUMNS = 'url, format, refresh_minutes, label, updated_at'

/** The feed settings, or null when the caller may not read them (enterprise, no role). */
export async function loadWeatherFeedSettings(c: SupabaseClient = supabase()): Promise<FeedSettings | null> {
  const { data, error, status } = await c.from('weather_feed_settings').select(COLUMNS).limit(1).maybeSingle()
  if (error) throw new ApiError(`weather_feed_settings: ${error.message}`, status, error.code)
  return data ? { ...(data as FeedSettings), format: (data as { format: string }).format as FeedFormat } : null
}

export async function saveWeatherFeedSettings(
  s: Pick<FeedSettings, 'url' | 'format' | 'refresh_minutes' | 'label'>,
  c: SupabaseClient = supabase(),
): Promise<FeedSettings> {
  const { data, error, status } = await c
    .from('weather_feed_settings')
    .update({ url: s.url, format: s.format, refresh_minutes: s.refresh_minutes, label: s.label })
    .eq('id', true)
    .select(COLUMNS)
  if (error) throw new ApiError(error.message, status, error.code)
  if (!data?.length) throw new ApiError('只有管理员可以设置气象源 / only an admin may set the weather feed', 403)
  return data[0] as FeedSettings
}
