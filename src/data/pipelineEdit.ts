// The 管道 tab of #/registries (issue 19): the lines the caller reads (pipelines' row rules: staff
// every line, a regulator those crossing its area, an enterprise its own), one page at a time,
// filtered by district and a name search; one line's route for editing; the operator picked by
// name; save_pipeline (one call, every check in the database) and delete under pipelines_delete.
import { supabase } from './client.ts'
import { ApiError, rpcCall } from './rpc.ts'
import { likePattern, PAGE_MAX, type ListQuery, type Page } from './registryLists.ts'
import type { PipelineMedium } from '../domain/pipelineEdit.ts'

export interface PipelineRow {
  id: string
  name: string
  medium: PipelineMedium
  operator_enterprise_id: string | null
  operator_name: string | null
  diameter_mm: number | null
  pressure_mpa: number | null
  burial_depth_m: number | null
  built_year: number | null
  area_codes: string[]
}

export interface Operator {
  id: string
  name: string
}

/** One page of lines, by name; `areaPrefix` a district's code (the lines crossing it). */
export async function pipelinePage(q: ListQuery): Promise<Page<PipelineRow>> {
  let r = supabase()
    .from('pipelines')
    .select('id, name, medium, operator_enterprise_id, diameter_mm, pressure_mpa, burial_depth_m, built_year, area_codes, enterprises(name)', {
      count: 'exact',
    })
  if (q.areaPrefix && /^[0-9]{6,15}$/.test(q.areaPrefix)) r = r.contains('area_codes', [q.areaPrefix])
  const p = likePattern(q.search)
  if (p) r = r.ilike('name', p)
  const size = Math.max(1, Math.min(PAGE_MAX, Math.floor(q.pageSize)))
  const from = Math.max(0, Math.floor(q.page)) * size
  const { data, error, status, count } = await r
    .order('name')
    .order('id')
    .range(from, from + size - 1)
  if (error) throw new ApiError(error.message, status, error.code)
  type Raw = Omit<PipelineRow, 'operator_name'> & { enterprises: { name: string } | { name: string }[] | null }
  return {
    total: count ?? 0,
    rows: ((data ?? []) as unknown as Raw[]).map(({ enterprises: e, ...x }) => ({
      ...x,
      operator_name: (Array.isArray(e) ? e[0]?.name : e?.name) ?? null,
    })),
  }
}

/** A line's route as GeoJSON (PostgREST answers geometry as GeoJSON). */
export async function pipelineRoute(id: string): Promise<{ type: string; coordinates: unknown } | null> {
  const { data, error, status } = await supabase().from('pipelines').select('geom').eq('id', id).maybeSingle()
  if (error) throw new ApiError(error.message, status, error.code)
  return ((data as { geom?: { type: string; coordinates: unknown } } | null)?.geom ?? null) as { type: string; coordinates: unknown } | null
}

/** Enterprises whose name contains the text (at most 20; the caller's row rules decide which it sees). */
export async function operatorsNamed(text: string): Promise<Operator[]> {
  const p = likePattern(text)
  if (!p) return []
  const { data, error, status } = await supabase().from('enterprises').select('id, name').ilike('name', p).order('name').order('id').limit(20)
  if (error) throw new ApiError(error.message, status, error.code)
  return (data ?? []) as Operator[]
}

/** Adds a line (no id in the row) or changes one; the line's id. */
export const savePipeline = (row: Record<string, unknown>) => rpcCall<string>('save_pipeline', { p: row }, { bare: true })

export async function deletePipeline(id: string): Promise<void> {
  const { data, error, status } = await supabase().from('pipelines').delete().eq('id', id).select('id')
  if (error) throw new ApiError(error.message, status, error.code)
  // RLS hides a line the caller may not delete: deleting nothing is a refusal, said plainly
  if (!data || data.length === 0)
    throw new ApiError('无权删除该管道（或记录已不存在） / not allowed to delete this pipeline (or it no longer exists)', 403, '42501')
}
