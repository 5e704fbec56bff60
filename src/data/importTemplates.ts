// Import column-mapping templates kept in the database (issue 14, migration 20261225000100): list
// the caller's own and those shared with it, save (new or replacing its own of the same name and
// kind), share or keep private, delete — under RLS (admins; regulators, shared within their area).
// The database sets the author and area from the JWT and refuses a bad mapping with a Chinese-first
// message. The client is a parameter so that the db tests run this very code.
import type { SupabaseClient } from '@supabase/supabase-js'
import { supabase } from './client.ts'
import { ApiError } from './mapApi.ts'
import type { ImportKind, Mapping } from '../import/index.ts'

export interface StoredTemplate {
  id: string
  name: string
  kind: ImportKind
  mapping: Mapping
  owner_id: string
  shared: boolean
  updated_at: string
  /** true when the caller wrote it */
  mine: boolean
}

const COLUMNS = 'id, name, kind, mapping, owner_id, shared, updated_at'
/** the table allows 100 per author; with colleagues' shared ones, the newest this many */
export const TEMPLATE_LIST_LIMIT = 300

async function me(c: SupabaseClient): Promise<string | null> {
  const { data } = await c.auth.getSession()
  return data.session?.user.id ?? null
}

type Raw = Omit<StoredTemplate, 'mine'>

export async function listTemplates(kind: ImportKind, c: SupabaseClient = supabase()): Promise<StoredTemplate[]> {
  const [{ data, error, status }, uid] = await Promise.all([
    c.from('import_templates').select(COLUMNS).eq('kind', kind).order('updated_at', { ascending: false }).limit(TEMPLATE_LIST_LIMIT),
    me(c),
  ])
  if (error) throw new ApiError(`import_templates: ${error.message}`, status, error.code)
  return ((data ?? []) as unknown as Raw[]).map((r) => ({ ...r, mine: r.owner_id === uid }))
}

/** Saves a template under `name`: the caller's own template of that name and kind is replaced. */
export async function saveTemplate(
  t: { name: string; kind: ImportKind; mapping: Mapping; shared: boolean },
  c: SupabaseClient = supabase(),
): Promise<StoredTemplate> {
  const uid = await me(c)
  let id: string | undefined
  if (uid) {
    const own = await c.from('import_templates').select('id').eq('kind', t.kind).eq('name', t.name).eq('owner_id', uid).limit(1)
    if (own.error) throw new ApiError(own.error.message, own.status, own.error.code)
    id = (own.data as { id: string }[])[0]?.id
  }
  const body = { name: t.name, kind: t.kind, mapping: t.mapping as never, shared: t.shared }
  const q = id ? c.from('import_templates').update(body).eq('id', id) : c.from('import_templates').insert(body)
  const { data, error, status } = await q.select(COLUMNS).single()
  if (error) throw new ApiError(error.message, status, error.code)
  return { ...(data as unknown as Raw), mine: true }
}

export async function deleteTemplate(id: string, c: SupabaseClient = supabase()): Promise<void> {
  const { data, error, status } = await c.from('import_templates').delete().eq('id', id).select('id')
  if (error) throw new ApiError(error.message, status, error.code)
  if (!data?.length) throw new ApiError('模板不存在或不是你的 / no such template of yours', 404)
}
