// Writes of emergency plans (issue 18, 预案) through PostgREST under emergency_plans' row rules (admins;
// regulators in their area; an enterprise its own plans, without the filing columns); the database's
// refusal comes back as it is (ApiError with its message, status and SQLSTATE) for the form to show word
// for word. Also the enterprises a plan may be owned by (the caller's RLS decides which it sees).
import { supabase } from './client.ts'
import { ApiError } from './rpc.ts'
import type { PlanWrite } from '../domain/emergencyPlans.ts'

export interface PlanOwner {
  id: string
  name: string
  area_code: string
}

/** Enterprises a plan may belong to, by name (at most 1,000; narrowed by area prefixes or one id). */
export async function planOwners(filter: { areaPrefixes: readonly string[] | null; enterpriseId: string | null }): Promise<PlanOwner[]> {
  let q = supabase().from('enterprises').select('id, name, area_code')
  if (filter.enterpriseId) q = q.eq('id', filter.enterpriseId)
  else if (filter.areaPrefixes && filter.areaPrefixes.length) q = q.or(filter.areaPrefixes.map((p) => `area_code.like.${p}*`).join(','))
  const { data, error, status } = await q.order('name').order('id').limit(1000)
  if (error) throw new ApiError(error.message, status, error.code)
  return (data ?? []) as PlanOwner[]
}

export async function addPlan(row: Partial<PlanWrite>): Promise<string> {
  const { data, error, status } = await supabase().from('emergency_plans').insert(row).select('id').single()
  if (error) throw new ApiError(error.message, status, error.code)
  return (data as { id: string }).id
}

export async function updatePlan(id: string, row: Partial<PlanWrite>): Promise<void> {
  const { data, error, status } = await supabase().from('emergency_plans').update(row).eq('id', id).select('id')
  if (error) throw new ApiError(error.message, status, error.code)
  // RLS hides a row the caller may not change: an update of nothing is a refusal, said plainly
  if (!data || data.length === 0)
    throw new ApiError('无权修改该预案（或预案已不存在） / not allowed to change this plan (or it no longer exists)', 403, '42501')
}
