// Writes to the registries (issue 18): stockpile lots added and edited through PostgREST under the
// table's row rules (admins, and regulators at depots in their area); the database's refusal comes
// back as it is (ApiError with its message, status and SQLSTATE) for the form to show word for word.
import { supabase } from './client.ts'
import { ApiError } from './rpc.ts'
import { stockRefusalWords } from '../domain/stockpiles.ts'

export interface Depot {
  id: string
  name: string
  resource_type: string
  area_code: string | null
}

export interface StockWrite {
  resource_id: string
  material: string
  quantity: number
  unit: string
  expires_on: string | null
}

/** The emergency resources a lot may be kept at, by name (at most 1,000; the caller's filter narrows them). */
export async function depots(areaPrefixes: readonly string[] | null): Promise<Depot[]> {
  let q = supabase().from('emergency_resources').select('id, name, resource_type, area_code')
  if (areaPrefixes && areaPrefixes.length) q = q.or(areaPrefixes.map((p) => `area_code.like.${p}*`).join(','))
  const { data, error, status } = await q.order('name').order('id').limit(1000)
  if (error) throw new ApiError(error.message, status, error.code)
  return (data ?? []) as Depot[]
}

export async function addStock(row: StockWrite): Promise<string> {
  const { data, error, status } = await supabase().from('material_stockpiles').insert(row).select('id').single()
  if (error) throw new ApiError(stockRefusalWords(error.message, error.code), status, error.code)
  return (data as { id: string }).id
}

export async function updateStock(id: string, row: StockWrite): Promise<void> {
  const { data, error, status } = await supabase().from('material_stockpiles').update(row).eq('id', id).select('id')
  if (error) throw new ApiError(stockRefusalWords(error.message, error.code), status, error.code)
  // RLS hides a row the caller may not change: an update of nothing is a refusal, said plainly
  if (!data || data.length === 0)
    throw new ApiError('无权修改该储备记录（或记录已不存在） / not allowed to change this stockpile lot (or it no longer exists)', 403, '42501')
}
