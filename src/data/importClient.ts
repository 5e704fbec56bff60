// The import page's Web Worker talks to Supabase with its own client: a worker shares no memory
// with the page, so it gets the signed-in user's access token and acts as that user (RLS and
// the import functions' role checks apply, as for every other call).
import { createClient } from '@supabase/supabase-js'
import { SUPABASE_ANON_KEY, SUPABASE_URL, bearer } from './client.ts'
import type { ImportClient } from '../import/run.ts'

/** The token the worker needs (the anon key when nobody is signed in: the database then refuses). */
export const importToken = bearer

export function importClient(accessToken: string): ImportClient {
  const c = createClient(SUPABASE_URL, SUPABASE_ANON_KEY, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: { headers: { Authorization: `Bearer ${accessToken}` } },
  })
  // supabase-js's generic types are too deep to check against the pipeline's small interface
  return c as unknown as ImportClient
}
