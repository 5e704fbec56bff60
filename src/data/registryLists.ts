// The registry lists behind #/registries (issue 18): emergency plans, experts, rescue teams and
// material stockpiles, one page of at most PAGE_MAX rows a request (hosted PostgREST answers at
// most 1,000), filtered by area (code prefix), flag and a name search. Everything is read under
// the caller's RLS: phones appear only where the contacts tables' rules give them.
import { supabase } from './client.ts'
import { ApiError } from './mapApi.ts'

export const PAGE_MAX = 1000
/** Longest search text sent (the names are at most 200 characters). */
export const SEARCH_MAX = 100

export interface ListQuery {
  /** area code prefix (a district's 6 digits, a city's 4), or null for all the caller sees */
  areaPrefix: string | null
  /** only flagged rows (overdue, stale, expiring) */
  flagged: boolean
  search: string
  page: number
  pageSize: number
}

export interface Page<T> {
  rows: T[]
  /** rows matching the filters (exact count) */
  total: number
}

export interface PlanRow {
  id: string
  name: string
  level: 'comprehensive' | 'special' | 'on_site'
  owner_enterprise_id: string | null
  owner_enterprise_name: string | null
  owner_department: string | null
  area_code: string
  filed_on: string | null
  filing_no: string | null
  last_drill_on: string | null
  drill_due_on: string | null
  drill_interval_months: number
  next_evaluation_on: string | null
  drill_overdue: boolean
  evaluation_overdue: boolean
}

export interface ExpertListRow {
  id: string
  name: string
  specialty: string
  organisation: string | null
  title: string | null
  area_code: string
  last_verified_on: string | null
  phone: string | null
  stale: boolean
}

export interface TeamRow {
  id: string
  name: string
  team_type: string
  headcount: number
  equipment: string | null
  area_code: string | null
  resource_id: string | null
  duty_phone: string | null
}

export interface StockRow {
  id: string
  resource_id: string
  resource_name: string
  area_code: string | null
  material: string
  quantity: number
  unit: string
  expires_on: string | null
  expired: boolean
  expiring_soon: boolean
}

/** `%` and `_` are ilike wildcards; a search means the text itself. */
export function likePattern(search: string): string | null {
  const s = search.trim().slice(0, SEARCH_MAX)
  if (!s) return null
  return `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

function bounds(q: ListQuery): [number, number] {
  const size = Math.max(1, Math.min(PAGE_MAX, Math.floor(q.pageSize)))
  const from = Math.max(0, Math.floor(q.page)) * size
  return [from, from + size - 1]
}

async function run<T>(
  query: PromiseLike<{ data: unknown; error: { message: string; code?: string } | null; status: number; count: number | null }>,
): Promise<Page<T>> {
  const { data, error, status, count } = await query
  if (error) throw new ApiError(error.message, status, error.code)
  return { rows: (data ?? []) as T[], total: count ?? 0 }
}

function areaFilter<Q extends { like: (c: string, p: string) => Q }>(q: Q, prefix: string | null, column = 'area_code'): Q {
  return prefix && /^[0-9]{2,15}$/.test(prefix) ? q.like(column, `${prefix}%`) : q
}

export async function planPage(q: ListQuery): Promise<Page<PlanRow>> {
  let r = supabase()
    .from('emergency_plan_list')
    .select(
      'id, name, level, owner_enterprise_id, owner_department, area_code, filed_on, filing_no, last_drill_on, drill_due_on, drill_interval_months, next_evaluation_on, drill_overdue, evaluation_overdue',
      { count: 'exact' },
    )
  r = areaFilter(r, q.areaPrefix)
  if (q.flagged) r = r.or('drill_overdue.is.true,evaluation_overdue.is.true')
  const p = likePattern(q.search)
  if (p) r = r.ilike('name', p)
  const page = await run<Omit<PlanRow, 'owner_enterprise_name'> & { owner_enterprise_name?: string | null }>(
    r
      .order('drill_overdue', { ascending: false })
      .order('name')
      .order('id')
      .range(...bounds(q)),
  )
  // owners' names: one request for the page's enterprises (the caller's RLS decides which it sees)
  const ids = [...new Set(page.rows.map((x) => x.owner_enterprise_id).filter((x): x is string => !!x))]
  const names = new Map<string, string>()
  if (ids.length > 0) {
    const { data, error, status } = await supabase().from('enterprises').select('id, name').in('id', ids)
    if (error) throw new ApiError(error.message, status, error.code)
    for (const e of (data ?? []) as { id: string; name: string }[]) names.set(e.id, e.name)
  }
  return {
    total: page.total,
    rows: page.rows.map((x) => ({ ...x, owner_enterprise_name: x.owner_enterprise_id ? (names.get(x.owner_enterprise_id) ?? null) : null })),
  }
}

export async function expertPage(q: ListQuery): Promise<Page<ExpertListRow>> {
  let r = supabase()
    .from('emergency_expert_list')
    .select('id, name, specialty, organisation, title, area_code, last_verified_on, phone, stale', { count: 'exact' })
  r = areaFilter(r, q.areaPrefix)
  if (q.flagged) r = r.eq('stale', true)
  const p = likePattern(q.search)
  if (p) r = r.ilike('name', p)
  return run<ExpertListRow>(
    r
      .order('stale', { ascending: false })
      .order('name')
      .order('id')
      .range(...bounds(q)),
  )
}

export async function teamPage(q: ListQuery): Promise<Page<TeamRow>> {
  let r = supabase()
    .from('rescue_teams')
    .select('id, name, team_type, headcount, equipment, area_code, resource_id, rescue_team_contacts(duty_phone)', { count: 'exact' })
  r = areaFilter(r, q.areaPrefix)
  const p = likePattern(q.search)
  if (p) r = r.ilike('name', p)
  const page = await run<Omit<TeamRow, 'duty_phone'> & { rescue_team_contacts: { duty_phone: string } | { duty_phone: string }[] | null }>(
    r
      .order('name')
      .order('id')
      .range(...bounds(q)),
  )
  return {
    total: page.total,
    rows: page.rows.map(({ rescue_team_contacts: c, ...t }) => ({ ...t, duty_phone: (Array.isArray(c) ? c[0]?.duty_phone : c?.duty_phone) ?? null })),
  }
}

export async function stockPage(q: ListQuery): Promise<Page<StockRow>> {
  let r = supabase()
    .from('material_stockpile_list')
    .select('id, resource_id, resource_name, area_code, material, quantity, unit, expires_on, expired, expiring_soon', { count: 'exact' })
  r = areaFilter(r, q.areaPrefix)
  if (q.flagged) r = r.or('expiring_soon.is.true,expired.is.true')
  const p = likePattern(q.search)
  if (p) r = r.or(`material.ilike.${orValue(p)},resource_name.ilike.${orValue(p)}`)
  return run<StockRow>(
    r
      .order('expired', { ascending: false })
      .order('expiring_soon', { ascending: false })
      .order('resource_name')
      .order('material')
      .order('id')
      .range(...bounds(q)),
  )
}

/** A value inside PostgREST's or=(…) list: double-quoted, with `"` and `\` escaped. */
function orValue(v: string): string {
  return `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`
}
