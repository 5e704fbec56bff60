// The one Supabase client of the app. Only src/data talks to Supabase.
import { createClient, type SupabaseClient } from '@supabase/supabase-js'

/** Supabase's well-known local-development anon key (the local stack uses the same secret). */
export const LOCAL_ANON_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0'
export const LOCAL_SUPABASE_URL = 'http://127.0.0.1:54321'

const env: Record<string, string | undefined> = (import.meta as { env?: Record<string, string | undefined> }).env ?? {}

export const SUPABASE_URL: string = (env.VITE_SUPABASE_URL || LOCAL_SUPABASE_URL).replace(/\/+$/, '')
export const SUPABASE_ANON_KEY: string = env.VITE_SUPABASE_ANON_KEY || LOCAL_ANON_KEY

let client: SupabaseClient | undefined

export function supabase(): SupabaseClient {
  client ??= createClient(SUPABASE_URL, SUPABASE_ANON_KEY, {
    auth: { persistSession: true, autoRefreshToken: true, detectSessionInUrl: false, storageKey: 'yizhangtu-auth' },
  })
  return client
}

/** The bearer for raw fetches: the session's access token when signed in, else the anon key. */
export async function bearer(): Promise<string> {
  const { data } = await supabase().auth.getSession()
  return data.session?.access_token ?? SUPABASE_ANON_KEY
}

/** Headers supabase-js itself sends to PostgREST. */
export async function restHeaders(accept = 'application/json'): Promise<Record<string, string>> {
  return {
    apikey: SUPABASE_ANON_KEY,
    Authorization: `Bearer ${await bearer()}`,
    'Content-Type': 'application/json',
    Accept: accept,
  }
}
