// The Atom feed of published, unexpired notices (migration 20261218000100): served by PostgREST
// (GET /rest/v1/rpc/notices_atom with Accept: application/atom+xml); other sites embed it with the
// public anon key as a URL parameter, as the hosted gateway accepts it.
import { SUPABASE_ANON_KEY, SUPABASE_URL } from './client.ts'

export const NOTICES_FEED_TYPE = 'application/atom+xml'

export function noticesFeedUrl(base: string = SUPABASE_URL, anonKey: string = SUPABASE_ANON_KEY): string {
  return `${base.replace(/\/+$/, '')}/rest/v1/rpc/notices_atom?apikey=${encodeURIComponent(anonKey)}`
}
