// An enterprise's active listing on the serious-dishonesty list (严重失信主体名单, issue 18): not
// removed and not expired, as the caller's RLS on credit_blacklist lets it see (government staff,
// the area's regulators, the enterprise itself); nothing for the public.
import { supabase } from './client.ts'
import { ApiError } from './mapApi.ts'
import { cityToday } from '../domain/cityDay.ts'

export interface BlacklistListing {
  id: string
  reason: string
  decision: string | null
  decided_by: string | null
  listed_on: string
  expires_on: string | null
}

export async function activeListing(enterpriseId: string, signal?: AbortSignal): Promise<BlacklistListing | null> {
  let q = supabase()
    .from('credit_blacklist')
    .select('id, reason, decision, decided_by, listed_on, expires_on')
    .eq('enterprise_id', enterpriseId)
    .is('removed_on', null)
    .or(`expires_on.is.null,expires_on.gte.${cityToday()}`)
    .order('listed_on', { ascending: false })
    .limit(1)
  if (signal) q = q.abortSignal(signal)
  const { data, error, status } = await q
  if (error) throw new ApiError(error.message, status, error.code)
  return ((data ?? []) as BlacklistListing[])[0] ?? null
}
