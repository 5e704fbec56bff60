// Saved what-if threat-zone scenarios (issue 20, migration 20261219000100): list, save, rename or
// share, delete, under the caller's RLS (the author's own, colleagues' shared). The database checks
// the inputs field by field and refuses with a Chinese-first message; the zones are recomputed by
// the caller from the inputs.
import { supabase } from './client.ts'
import { ApiError } from './mapApi.ts'

export interface ScenarioOrigin {
  kind: 'point' | 'hazard_source'
  lon: number
  lat: number
  id?: string
  name?: string
}

export interface ScenarioInputs<F = Record<string, unknown>> {
  form: F
  origin: ScenarioOrigin
}

export interface SavedScenario<F = Record<string, unknown>> {
  id: string
  name: string
  inputs: ScenarioInputs<F>
  owner_id: string
  shared: boolean
  created_at: string
  updated_at: string
  /** true when the caller wrote it */
  mine: boolean
}

const COLUMNS = 'id, name, inputs, owner_id, shared, created_at, updated_at'
/** the newest this many (the table allows 200 per author) */
export const SCENARIO_LIST_LIMIT = 200

async function me(): Promise<string | null> {
  const { data } = await supabase().auth.getSession()
  return data.session?.user.id ?? null
}

export async function listScenarios<F>(signal?: AbortSignal): Promise<SavedScenario<F>[]> {
  let q = supabase().from('threat_zone_scenarios').select(COLUMNS).order('created_at', { ascending: false }).limit(SCENARIO_LIST_LIMIT)
  if (signal) q = q.abortSignal(signal)
  const [{ data, error, status }, uid] = await Promise.all([q, me()])
  if (error) throw new ApiError(`threat_zone_scenarios: ${error.message}`, status, error.code)
  return (data ?? []).map((r) => ({ ...(r as unknown as Omit<SavedScenario<F>, 'mine'>), mine: r.owner_id === uid }))
}

export async function saveScenario<F>(name: string, inputs: ScenarioInputs<F>, shared: boolean): Promise<SavedScenario<F>> {
  const { data, error, status } = await supabase()
    .from('threat_zone_scenarios')
    .insert({ name, inputs: inputs as never, shared })
    .select(COLUMNS)
    .single()
  if (error) throw new ApiError(error.message, status, error.code)
  return { ...(data as unknown as Omit<SavedScenario<F>, 'mine'>), mine: true }
}

export async function shareScenario(id: string, shared: boolean): Promise<void> {
  const { data, error, status } = await supabase().from('threat_zone_scenarios').update({ shared }).eq('id', id).select('id')
  if (error) throw new ApiError(error.message, status, error.code)
  if (!data?.length) throw new ApiError('只能修改自己保存的情景 / only the author may change a scenario', 403)
}

export async function deleteScenario(id: string): Promise<void> {
  const { data, error, status } = await supabase().from('threat_zone_scenarios').delete().eq('id', id).select('id')
  if (error) throw new ApiError(error.message, status, error.code)
  if (!data?.length) throw new ApiError('只能删除自己保存的情景 / only the author may delete a scenario', 403)
}
