// Hidden dangers for the #/dangers page: the list (server-side filters, sort and pages over the
// security_invoker view hidden_danger_list, so RLS decides what each user sees), one danger's
// details and timeline, the transitions the caller may take (allowed_hidden_danger_transitions,
// from the same rules table the database enforces), the one write (transition_hidden_danger)
// and the per-area statistics (hidden_danger_stats).
import { supabase } from './client.ts'
import type { DangerStatus } from '../domain/categories.ts'
import type { Tables } from '../contract/dbTypes.ts'

export type Severity = 'general' | 'major'
export type ListingLevel = 'city' | 'district'

export interface DangerFilter {
  statuses: DangerStatus[]
  severity: Severity | null
  /** an area code (district, street or grid): the danger lies inside it */
  area: string | null
  /** the area's name, for showing the filter (not sent) */
  areaName?: string | null
  overdue: boolean
  listed: boolean
  /** words in the title, the enterprise's name or the public report's tracking code ('' = none) */
  text: string
}

/** 'overdue' = most overdue first: overdue ones by the oldest deadline, then the rest by deadline. */
export type DangerSortKey = 'deadline' | 'found_at' | 'severity' | 'status' | 'overdue'
/** Every sort the list offers, in the order the menu shows them. */
export const DANGER_SORT_KEYS: readonly DangerSortKey[] = ['found_at', 'deadline', 'overdue', 'severity', 'status']
export interface DangerSort {
  key: DangerSortKey
  ascending: boolean
}

export const EMPTY_FILTER: DangerFilter = { statuses: [], severity: null, area: null, overdue: false, listed: false, text: '' }
/** The longest search the list sends (a bounded pattern for the database). */
export const SEARCH_MAX_CHARS = 50
export const DEFAULT_SORT: DangerSort = { key: 'found_at', ascending: false }

export interface DangerListRow {
  id: string
  title: string
  status: DangerStatus
  severity: Severity | null
  source: string
  area_code: string | null
  district_name: string | null
  area_name: string | null
  enterprise_name: string | null
  found_at: string
  deadline: string | null
  overdue: boolean
  listed: boolean
  listing_level: ListingLevel | null
  lon: number
  lat: number
}

/** One danger's details: the list row and the table's own columns as the schema types them. */
export interface DangerDetail
  extends
    DangerListRow,
    Pick<
      Tables['hidden_dangers'],
      | 'description'
      | 'enterprise_id'
      | 'closed_at'
      | 'listing_date'
      | 'supervising_office'
      | 'rectification_measures'
      | 'responsible_person'
      | 'rectification_funds'
      | 'rectification_done'
      | 'verified_by'
      | 'verified_at'
      | 'tracking_code'
      | 'created_at'
      | 'updated_at'
    > {
  district_code: string | null
  /** Set when a name exists but the caller may not see it (planners, enterprises): a role label. */
  responsible_label: string | null
  verified_label: string | null
}

export interface DangerEvent {
  id: number
  at: string
  actor_role: string
  /** The role label (监管人员 / 企业用户 …), always there. */
  actor_label: string
  /** Only for admins, the command centre and the area's regulator; null for everyone else. */
  actor_email: string | null
  from_status: DangerStatus | null
  to_status: DangerStatus
  action: 'created' | 'transition' | 'reassessed' | 'edited'
  note: string | null
  details: Record<string, unknown>
}

export interface AllowedTransition {
  to_status: DangerStatus
  kind: 'transition' | 'reassess'
  label_zh: string
  label_en: string
  required_details: string[]
  note_required: boolean
  /** the assessments the caller may choose (registration and re-assessment only) */
  severities: Severity[] | null
}

export interface AreaDangerStats {
  code: string
  name: string
  total: number
  open: number
  closed: number
  overdue: number
  major_open: number
  listed: number
  rectification_rate: number | null
}

/** A refusal or failure from the database, with its message as the database wrote it. */
export class DangerApiError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message)
    this.name = 'DangerApiError'
  }
}

function fail(error: { message: string; code?: string }): never {
  throw new DangerApiError(error.message, error.code)
}

const LIST_COLUMNS =
  'id, title, status, severity, source, area_code, district_name, area_name, enterprise_name, found_at, deadline, overdue, listed, listing_level, lon, lat'

/**
 * The code range of an area: codes are digit strings and an area's code is the prefix of
 * everything inside it, so [code, code + 1) is exactly "inside". (A range, not LIKE, because
 * text comparison is leakproof and can use an index under RLS; LIKE cannot.)
 */
export function areaCodeRange(code: string): [string, string] {
  if (!/^[0-9]{1,15}$/.test(code)) throw new Error(`not an area code: ${code}`)
  const next = (BigInt(code) + 1n).toString().padStart(code.length, '0')
  return [code, next]
}

/**
 * The PostgREST `or` filter for a free-text search over title, enterprise and tracking code, or
 * null for an empty search. The text is cut to SEARCH_MAX_CHARS, LIKE's own wildcards are escaped
 * (a search for "50%" means the characters), and the value is double-quoted so commas, dots and
 * parentheses cannot change the filter's structure.
 */
export function searchFilter(text: string): string | null {
  const t = text.trim().slice(0, SEARCH_MAX_CHARS)
  if (!t) return null
  // PostgREST reads * as %; a literal * cannot be searched for, so it becomes a space.
  const like = t.replace(/\*/g, ' ').replace(/[\\%_]/g, (c) => `\\${c}`)
  const quoted = `"*${like.replace(/["\\]/g, (c) => `\\${c}`)}*"`
  return ['title', 'enterprise_name', 'tracking_code'].map((col) => `${col}.ilike.${quoted}`).join(',')
}

export async function listDangers(filter: DangerFilter, sort: DangerSort, page: number, pageSize: number): Promise<{ rows: DangerListRow[]; total: number }> {
  let q = supabase().from('hidden_danger_list').select(LIST_COLUMNS, { count: 'exact' })
  if (filter.statuses.length) q = q.in('status', filter.statuses)
  if (filter.severity) q = q.eq('severity', filter.severity)
  if (filter.area) {
    const [lo, hi] = areaCodeRange(filter.area)
    q = q.gte('area_code', lo).lt('area_code', hi)
  }
  if (filter.overdue) q = q.eq('overdue', true)
  if (filter.listed) q = q.eq('listed', true)
  const search = searchFilter(filter.text)
  if (search) q = q.or(search)
  // a stable order: ties broken by id so that pages never overlap
  if (sort.key === 'overdue') q = q.order('overdue', { ascending: false }).order('deadline', { ascending: true, nullsFirst: false })
  else q = q.order(sort.key, { ascending: sort.ascending, nullsFirst: false })
  q = q.order('id', { ascending: true })
  const from = page * pageSize
  const { data, error, count } = await q.range(from, from + pageSize - 1)
  if (error) fail(error)
  return { rows: (data ?? []) as unknown as DangerListRow[], total: count ?? 0 }
}

export async function getDanger(id: string): Promise<DangerDetail | null> {
  const { data, error } = await supabase().from('hidden_danger_list').select('*').eq('id', id).maybeSingle()
  if (error) fail(error)
  return (data as DangerDetail | null) ?? null
}

export async function dangerEvents(id: string): Promise<DangerEvent[]> {
  const { data, error } = await supabase()
    // The timeline view joins in the e-mail and names only where the caller may see them.
    .from('hidden_danger_timeline')
    .select('id, at, actor_role, actor_label, actor_email, from_status, to_status, action, note, details')
    .eq('hidden_danger_id', id)
    .order('at', { ascending: true })
    .order('id', { ascending: true })
  if (error) fail(error)
  return (data ?? []) as DangerEvent[]
}

/** A public reporter's contact, where the caller may read it (admins, the area's regulators). */
export async function reporterContact(id: string): Promise<string | null> {
  const { data, error } = await supabase().from('hidden_danger_reporters').select('contact').eq('hidden_danger_id', id).maybeSingle()
  if (error) return null
  return (data as { contact: string | null } | null)?.contact ?? null
}

export async function allowedTransitions(id: string): Promise<AllowedTransition[]> {
  const { data, error } = await supabase().rpc('allowed_hidden_danger_transitions', { id })
  if (error) fail(error)
  return (data ?? []) as AllowedTransition[]
}

export async function transitionDanger(id: string, toStatus: DangerStatus, note: string | null, details: Record<string, unknown>): Promise<void> {
  const { error } = await supabase().rpc('transition_hidden_danger', { id, to_status: toStatus, note, details })
  if (error) fail(error)
}

export async function dangerStats(level: 'district' | 'street' = 'district'): Promise<AreaDangerStats[]> {
  const { data, error } = await supabase().rpc('hidden_danger_stats', { level })
  if (error) fail(error)
  return (data ?? []) as AreaDangerStats[]
}

export interface District {
  code: string
  name: string
}

export async function districts(): Promise<District[]> {
  const { data, error } = await supabase().from('areas').select('code, name').eq('level', 'district').order('code')
  if (error) fail(error)
  return (data ?? []) as District[]
}

/** The districts a user works in: those that hold, or lie inside, one of the user's area codes
 * (a regulator of a street sees its district); no area codes (admin, command centre, planner)
 * means every district. */
export function ownDistricts(all: District[], areaCodes: readonly string[]): District[] {
  if (!areaCodes.length) return all
  return all.filter((d) => areaCodes.some((c) => c.startsWith(d.code) || d.code.startsWith(c)))
}

/** The risk point a finding was found at (issue 15: an open major one holds it at red). */
export interface LinkedRiskPoint {
  id: string
  name: string
  level: number
  current_level: number
}

export async function linkedRiskPoint(dangerId: string): Promise<LinkedRiskPoint | null> {
  const { data, error } = await supabase()
    .from('hidden_dangers')
    .select('risk_point_id, risk_points(id, name, level, current_level)')
    .eq('id', dangerId)
    .maybeSingle()
  if (error) fail(error)
  const rp = (data as { risk_points: LinkedRiskPoint | LinkedRiskPoint[] | null } | null)?.risk_points ?? null
  return Array.isArray(rp) ? (rp[0] ?? null) : rp
}

/** The enterprise's risk points a finding may be linked to (the same enterprise: the database checks it). */
export async function enterpriseRiskPoints(enterpriseId: string): Promise<LinkedRiskPoint[]> {
  const { data, error } = await supabase()
    .from('risk_points')
    .select('id, name, level, current_level')
    .eq('enterprise_id', enterpriseId)
    .order('name')
    .limit(500)
  if (error) fail(error)
  return (data ?? []) as LinkedRiskPoint[]
}

/** Link (or, with null, unlink) a finding and a risk point; the database decides who may. */
export async function linkRiskPoint(dangerId: string, riskPointId: string | null): Promise<void> {
  const { error } = await supabase().from('hidden_dangers').update({ risk_point_id: riskPointId }).eq('id', dangerId)
  if (error) fail(error)
}
