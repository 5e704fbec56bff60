// The staff side of the notices (issue 18, #/notices): a status's notices newest first, one
// notice's history (public_notice_events, append-only), a draft's edit, and the listed major
// hidden dangers a notice can be drafted from. What a caller sees and may change is the
// database's (RLS on public_notices; publish_notice / withdraw_notice decide the rest).
import { supabase } from './client.ts'
import { ApiError } from './rpc.ts'
import type { NoticeKind, NoticeStatus } from '../domain/notices.ts'
import type { NoticeDraft } from './notices.ts'
import type { MultiPolygon } from 'geojson'

export interface StaffNotice {
  id: string
  kind: NoticeKind
  title: string
  body: string
  level: 1 | 2 | 3 | 4 | null
  area_codes: string[]
  area_code: string
  /** the drawn area (issue 18: area codes and/or a polygon), GeoJSON as PostGIS writes it */
  geom: MultiPolygon | null
  status: NoticeStatus
  published_at: string | null
  valid_until: string | null
  hidden_danger_id: string | null
  author_id: string | null
  author_role: string
  approver_id: string | null
  approver_role: string | null
  withdrawn_at: string | null
  withdrawal_reason: string | null
  withdrawal_proposed_at: string | null
  created_at: string
  updated_at: string
}

export interface NoticeEvent {
  id: number
  at: string
  actor_id: string | null
  actor_role: string
  action: 'drafted' | 'edited' | 'published' | 'withdrawn' | 'withdrawal_proposed'
  note: string | null
}

/** A listed major hidden danger a notice may be drafted from. */
export interface ListedDanger {
  id: string
  title: string
  enterprise_name: string | null
  district_name: string | null
  listing_level: 'city' | 'district' | null
  deadline: string | null
}

/** One request's rows at most (hosted: 1000 a response). */
export const NOTICE_PAGE = 100

const COLUMNS =
  'id, kind, title, body, level, area_codes, area_code, geom, status, published_at, valid_until, hidden_danger_id, author_id, author_role, approver_id, approver_role, withdrawn_at, withdrawal_reason, withdrawal_proposed_at, created_at, updated_at'

/** The first row of a page of NOTICE_PAGE rows (a whole number of pages from 0, at most 9,999). */
export function pageStart(page: number): number {
  return Math.min(Math.max(0, Math.floor(page) || 0), 9999) * NOTICE_PAGE
}

function fail(error: { message: string; code?: string }, status?: number): never {
  throw new ApiError(error.message, status, error.code)
}

/** One page (NOTICE_PAGE rows, page 0 the newest) of one status, newest first: drafts by last change,
 *  published by publication, withdrawn by withdrawal; total is the status's count in the caller's view. */
export async function listNotices(status: NoticeStatus, page = 0): Promise<{ rows: StaffNotice[]; total: number }> {
  const from = pageStart(page)
  const order = status === 'draft' ? 'updated_at' : status === 'published' ? 'published_at' : 'withdrawn_at'
  const {
    data,
    error,
    count,
    status: http,
  } = await supabase()
    .from('public_notices')
    .select(COLUMNS, { count: 'exact' })
    .eq('status', status)
    .order(order, { ascending: false, nullsFirst: false })
    .order('id', { ascending: true })
    .range(from, from + NOTICE_PAGE - 1)
  if (error) fail(error, http)
  return { rows: (data ?? []) as unknown as StaffNotice[], total: count ?? 0 }
}

/** Published notices whose hidden danger was closed: someone should withdraw them. */
export async function proposedWithdrawals(): Promise<StaffNotice[]> {
  const { data, error, status } = await supabase()
    .from('public_notices')
    .select(COLUMNS)
    .neq('status', 'withdrawn')
    .not('withdrawal_proposed_at', 'is', null)
    .order('withdrawal_proposed_at', { ascending: false })
    .range(0, NOTICE_PAGE - 1)
  if (error) fail(error, status)
  return (data ?? []) as unknown as StaffNotice[]
}

export async function getNotice(id: string): Promise<StaffNotice | null> {
  const { data, error, status } = await supabase().from('public_notices').select(COLUMNS).eq('id', id).maybeSingle()
  if (error) fail(error, status)
  return (data as unknown as StaffNotice | null) ?? null
}

/** The notice's history, oldest first (bounded: a notice has a handful of steps). */
export async function noticeEvents(id: string): Promise<NoticeEvent[]> {
  const { data, error, status } = await supabase()
    .from('public_notice_events')
    .select('id, at, actor_id, actor_role, action, note')
    .eq('notice_id', id)
    .order('id', { ascending: true })
    .range(0, 199)
  if (error) fail(error, status)
  return (data ?? []) as NoticeEvent[]
}

/** A draft's content with its drawn area: area codes and/or a polygon (MultiPolygon, WGS84); the
 *  database checks the polygon (app.checked_notice_area: valid, within the city, a regulator's within
 *  its jurisdiction) and derives who manages a polygon-only notice. */
export type StaffDraft = NoticeDraft & { geom: MultiPolygon | null }

/** A regulator's or admin's new draft, its polygon included (RLS: a regulator inside its district). */
export async function createDraft(d: StaffDraft): Promise<string> {
  const { data, error, status } = await supabase().from('public_notices').insert(d).select('id').single()
  if (error) fail(error, status)
  return (data as { id: string }).id
}

/** Outlines of areas (the districts a user may draw in), full detail, for the drawing map. */
export async function areaOutlines(codes: readonly string[]): Promise<{ code: string; name: string; geom: MultiPolygon }[]> {
  const want = [...new Set(codes)].filter((c) => /^[0-9]{6,15}$/.test(c)).slice(0, 50)
  if (!want.length) return []
  const { data, error, status } = await supabase().from('areas').select('code, name, geom').in('code', want).order('code')
  if (error) fail(error, status)
  return (data ?? []) as unknown as { code: string; name: string; geom: MultiPolygon }[]
}

/** A draft's new content (the database refuses edits of published or withdrawn notices). */
export async function updateNotice(id: string, d: NoticeDraft | StaffDraft): Promise<void> {
  const { data, error, status } = await supabase().from('public_notices').update(d).eq('id', id).select('id')
  if (error) fail(error, status)
  // RLS hides a row the caller may not change: nothing updated, no error
  if (!data?.length) throw new ApiError('公告不存在或无权修改 / the notice is gone or not yours to change', 403, '42501')
}

/** Listed major hidden dangers still open, in the caller's view (hidden_danger_list is row-level secured). */
export async function listedDangers(): Promise<ListedDanger[]> {
  const { data, error, status } = await supabase()
    .from('hidden_danger_list')
    .select('id, title, enterprise_name, district_name, listing_level, deadline')
    .eq('listed', true)
    .eq('severity', 'major')
    .not('status', 'in', '(closed,rejected)')
    .order('found_at', { ascending: false })
    .order('id', { ascending: true })
    .range(0, 199)
  if (error) fail(error, status)
  return (data ?? []) as ListedDanger[]
}

/** The city (the one area of level city): an admin's notice may concern the whole city (全市). */
export async function cityArea(): Promise<{ code: string; name: string } | null> {
  const { data, error, status } = await supabase().from('areas').select('code, name').eq('level', 'city').order('code').range(0, 1)
  if (error) fail(error, status)
  return data?.length === 1 ? (data[0] as { code: string; name: string }) : null
}

/** Names of area codes (streets, grids: a listed danger's notice is of its own small area), at most 200. */
export async function areaNamesOf(codes: readonly string[]): Promise<{ code: string; name: string }[]> {
  const want = [...new Set(codes)].filter((c) => /^[0-9]{6,15}$/.test(c)).slice(0, 200)
  if (!want.length) return []
  const { data, error, status } = await supabase().from('areas').select('code, name').in('code', want)
  if (error) fail(error, status)
  return (data ?? []) as { code: string; name: string }[]
}
