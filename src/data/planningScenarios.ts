// Named planner scenarios kept in the database (issue 21, migration 20261231000200): list the
// caller's own and colleagues' shared ones, save (new, or replacing the caller's own of the same
// name), fetch one by id (shared links), delete — under RLS (planners, regulators and admins save;
// government staff read shared ones; enterprises none). The database sets the author from the JWT
// and refuses a bad scenario with a Chinese-first message. The client is a parameter so that the
// db tests run this very code.
import type { SupabaseClient } from '@supabase/supabase-js'
import type { Point, Polygon, MultiPolygon } from 'geojson'
import { supabase } from './client.ts'
import { ApiError } from './mapApi.ts'

export type ScenarioDistances = Record<'high_sensitivity' | 'important' | 'general_1' | 'general_2' | 'general_3', number>

export interface ScenarioDraft {
  name: string
  note: string | null
  source_id: string | null
  park_id: string | null
  candidates: Array<{ label: string; geometry: Point | Polygon | MultiPolygon }>
  distances: ScenarioDistances
  shared: boolean
}

export interface StoredScenario extends ScenarioDraft {
  id: string
  owner_id: string
  /** the author's role when saved: colleagues see 规划部门 / 监管部门, never an e-mail */
  owner_role: 'admin' | 'planner' | 'regulator' | 'service'
  updated_at: string
  /** true when the caller wrote it */
  mine: boolean
}

const COLUMNS = 'id, name, note, source_id, park_id, candidates, distances, owner_id, owner_role, shared, updated_at'
/** the table allows 100 per author; with colleagues' shared ones, the newest this many */
export const SCENARIO_LIST_LIMIT = 200

type Raw = Omit<StoredScenario, 'mine'>

async function me(c: SupabaseClient): Promise<string | null> {
  const { data } = await c.auth.getSession()
  return data.session?.user.id ?? null
}

export async function listScenarios(c: SupabaseClient = supabase()): Promise<StoredScenario[]> {
  const [{ data, error, status }, uid] = await Promise.all([
    c.from('planning_scenarios').select(COLUMNS).order('updated_at', { ascending: false }).limit(SCENARIO_LIST_LIMIT),
    me(c),
  ])
  if (error) throw new ApiError(`planning_scenarios: ${error.message}`, status, error.code)
  return ((data ?? []) as unknown as Raw[]).map((r) => ({ ...r, mine: r.owner_id === uid }))
}

/** One scenario by id (a colleague's shared link), or null when it is gone or not readable. */
export async function getScenario(id: string, c: SupabaseClient = supabase()): Promise<StoredScenario | null> {
  const [{ data, error, status }, uid] = await Promise.all([c.from('planning_scenarios').select(COLUMNS).eq('id', id).maybeSingle(), me(c)])
  if (error) throw new ApiError(`planning_scenarios: ${error.message}`, status, error.code)
  return data ? { ...(data as unknown as Raw), mine: (data as unknown as Raw).owner_id === uid } : null
}

/** Saves under `name`: the caller's own scenario of that name is replaced. */
export async function saveScenario(d: ScenarioDraft, c: SupabaseClient = supabase()): Promise<StoredScenario> {
  const uid = await me(c)
  let id: string | undefined
  if (uid) {
    const own = await c.from('planning_scenarios').select('id').eq('name', d.name).eq('owner_id', uid).limit(1)
    if (own.error) throw new ApiError(own.error.message, own.status, own.error.code)
    id = (own.data as { id: string }[])[0]?.id
  }
  const body = { ...d, candidates: d.candidates as never, distances: d.distances as never }
  const q = id ? c.from('planning_scenarios').update(body).eq('id', id) : c.from('planning_scenarios').insert(body)
  const { data, error, status } = await q.select(COLUMNS).single()
  if (error) throw new ApiError(error.message, status, error.code)
  return { ...(data as unknown as Raw), mine: true }
}

export async function deleteScenario(id: string, c: SupabaseClient = supabase()): Promise<void> {
  const { data, error, status } = await c.from('planning_scenarios').delete().eq('id', id).select('id')
  if (error) throw new ApiError(error.message, status, error.code)
  if (!data?.length) throw new ApiError('方案不存在或不是你的 / no such scenario of yours', 404)
}
