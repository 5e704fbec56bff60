// The serious-dishonesty list (严重失信主体名单, issue 18) for staff on #/notices: listings newest
// first (current or removed), a new listing, and enterprises to list by name. Who sees and writes
// what is credit_blacklist's RLS (admins anywhere, regulators in their areas); removal is
// remove_from_blacklist (src/data/notices.ts), refused before 12 months by the database.
import { supabase } from './client.ts'
import { ApiError } from './rpc.ts'
import { containsPattern } from '../domain/textSearch.ts'

export interface StaffListing {
  id: string
  enterprise_id: string
  enterprise_name: string | null
  credit_code: string | null
  reason: string
  decision: string | null
  decided_by: string | null
  listed_on: string
  expires_on: string | null
  removed_on: string | null
  removal_reason: string | null
}

export interface NewListing {
  enterprise_id: string
  reason: string
  decision: string | null
  decided_by: string | null
  listed_on: string
  expires_on: string
}

export interface EnterpriseChoice {
  id: string
  name: string
  credit_code: string
}

export const LISTING_PAGE = 100
export const ENTERPRISE_SEARCH_MAX = 50

function fail(error: { message: string; code?: string }, status?: number): never {
  throw new ApiError(error.message, status, error.code)
}

/** One page (LISTING_PAGE rows, page 0 the newest) of the current or removed listings, optionally
 *  only those whose enterprise's name or credit code contains the search (in the database: the
 *  enterprise is joined inner and filtered); total counts the matches in the caller's view. */
export async function listListings(removed: boolean, page = 0, search = ''): Promise<{ rows: StaffListing[]; total: number }> {
  const pattern = containsPattern(search)
  const embed = pattern ? 'enterprises!inner(name, credit_code)' : 'enterprises(name, credit_code)'
  let q = supabase()
    .from('credit_blacklist')
    .select(`id, enterprise_id, reason, decision, decided_by, listed_on, expires_on, removed_on, removal_reason, ${embed}`, { count: 'exact' })
  q = removed ? q.not('removed_on', 'is', null) : q.is('removed_on', null)
  if (pattern) q = q.or(`name.ilike.${pattern},credit_code.ilike.${pattern}`, { referencedTable: 'enterprises' })
  const from = Math.min(Math.max(0, Math.floor(page) || 0), 9999) * LISTING_PAGE
  const { data, error, count, status } = await q
    .order(removed ? 'removed_on' : 'listed_on', { ascending: false })
    .order('id', { ascending: true })
    .range(from, from + LISTING_PAGE - 1)
  if (error) fail(error, status)
  const rows = (
    (data ?? []) as unknown as (Omit<StaffListing, 'enterprise_name' | 'credit_code'> & { enterprises: { name: string; credit_code: string } | null })[]
  ).map(({ enterprises, ...r }) => ({ ...r, enterprise_name: enterprises?.name ?? null, credit_code: enterprises?.credit_code ?? null }))
  return { rows, total: count ?? 0 }
}

export async function addListing(l: NewListing): Promise<string> {
  const { data, error, status } = await supabase().from('credit_blacklist').insert(l).select('id').single()
  if (error) fail(error, status)
  return (data as { id: string }).id
}

/** Enterprises whose name or credit code holds the text (at most 20). */
export async function searchEnterprises(text: string): Promise<EnterpriseChoice[]> {
  const t = text
    .trim()
    .slice(0, ENTERPRISE_SEARCH_MAX)
    .replace(/[\\%_*,()"]/g, ' ')
    .trim()
  if (!t) return []
  const { data, error, status } = await supabase()
    .from('enterprises')
    .select('id, name, credit_code')
    .or(`name.ilike.*${t}*,credit_code.ilike.*${t}*`)
    .order('name')
    .limit(20)
  if (error) fail(error, status)
  return (data ?? []) as EnterpriseChoice[]
}

/** The editable part of a listing (the edit form): listed_on and the enterprise are fixed. */
export interface ListingEdit {
  reason: string
  decision: string | null
  decided_by: string | null
  expires_on: string
}

/** One change of a listing (credit_blacklist_edits, append-only, written by the database's
 *  trigger): which fields changed, old → new, who (app role and an opaque id) and why. */
export interface ListingHistoryEntry {
  id: number
  at: string
  actor_id: string | null
  actor_role: string
  action: 'listed' | 'edited' | 'removed' | 'deleted'
  fields: string[]
  changes: Record<string, { old: unknown; new: unknown }>
  note: string | null
}

/** History entries shown per listing at most (newest first); a listing is edited a few times. */
export const HISTORY_MAX = 200

/** Corrects a current listing through edit_blacklist_listing(): the database records the change
 *  with the reason for the edit (`note`, required, 2–500 characters) and refuses what the listing's
 *  rules refuse (its words are in the error). */
export async function editListing(id: string, edit: ListingEdit, note: string): Promise<void> {
  const { error, status } = await supabase().rpc('edit_blacklist_listing', { id, ...edit, note })
  if (error) fail(error, status)
}

/** A listing's history, newest first (what the caller may read: the listing's readers). */
export async function listingHistory(id: string, signal?: AbortSignal): Promise<ListingHistoryEntry[]> {
  let q = supabase()
    .from('credit_blacklist_edits')
    .select('id, at, actor_id, actor_role, action, fields, changes, note')
    .eq('listing_id', id)
    .order('id', { ascending: false })
    .limit(HISTORY_MAX)
  if (signal) q = q.abortSignal(signal)
  const { data, error, status } = await q
  if (error) fail(error, status)
  return (data ?? []) as ListingHistoryEntry[]
}
