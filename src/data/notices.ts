// Public notices and the serious-dishonesty list (issue 18, migration 20261210000100): what the
// public reads (public_notices_active, anon), and the staff workflow (draft, publish, withdraw,
// draft from a listed hidden danger; the blacklist's credit repair). Every rule is the database's;
// the forms may check first with src/domain/notices.ts.
import { supabase } from './client.ts'
import { ApiError, rpcCall } from './rpc.ts'
import type { NoticeKind, NoticeStatus } from '../domain/notices.ts'

/** A published, unexpired notice as the public reads it (no author, no internal flags). */
export interface ActiveNotice {
  id: string
  kind: NoticeKind
  title: string
  body: string
  /** 1–4 = red, orange, yellow, blue (warnings); null for other notices */
  level: 1 | 2 | 3 | 4 | null
  area_codes: string[]
  geometry: GeoJSON.MultiPolygon | null
  published_at: string
  valid_until: string | null
}

export interface NoticeDraft {
  kind: NoticeKind
  title: string
  body: string
  level?: 1 | 2 | 3 | 4 | null
  area_codes: string[]
  valid_until?: string | null
}

const rpc = <T>(fn: string, args: Record<string, unknown>, signal?: AbortSignal) => rpcCall<T>(fn, args, { signal, bare: true })

/** Published, unexpired notices; for a point, those of the areas holding it (and city-wide ones). */
export function activeNotices(at?: { lon: number; lat: number } | { areaCode: string }, signal?: AbortSignal): Promise<ActiveNotice[]> {
  const args = !at ? {} : 'areaCode' in at ? { area_code: at.areaCode } : { lon: at.lon, lat: at.lat }
  return rpc<ActiveNotice[]>('public_notices_active', args, signal)
}

/** A regulator's or admin's draft (RLS: a regulator inside its district). */
export async function createNotice(d: NoticeDraft): Promise<string> {
  const { data, error, status } = await supabase().from('public_notices').insert(d).select('id').single()
  if (error) throw new ApiError(error.message, status, error.code)
  return (data as { id: string }).id
}

export const publishNotice = (id: string) => rpc<{ id: string; status: NoticeStatus; published_at: string }>('publish_notice', { id })
export const withdrawNotice = (id: string, reason: string) => rpc<{ id: string; status: NoticeStatus }>('withdraw_notice', { id, reason })
export const draftNoticeFromHiddenDanger = (hiddenDangerId: string) =>
  rpc<{ id: string; status: NoticeStatus; title: string; body: string }>('draft_notice_from_hidden_danger', { hidden_danger_id: hiddenDangerId })
export const removeFromBlacklist = (id: string, reason: string) =>
  rpc<{ id: string; removed_on: string; listed_on: string; expires_on: string }>('remove_from_blacklist', { id, reason })
