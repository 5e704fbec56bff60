// Entering the plans' statistics (issue 16): denominators with their revision history and plan
// targets, through the database's RPCs. The database decides who may write where and refuses bad
// figures; its messages are passed on word for word.
import { supabase } from './client.ts'

export type DenominatorKind = 'gdp_100m_yuan' | 'imt_employees' | 'motor_vehicles' | 'operating_vehicles' | 'special_equipment_units' | 'population'

export const DENOMINATOR_KINDS: readonly DenominatorKind[] = [
  'gdp_100m_yuan',
  'imt_employees',
  'motor_vehicles',
  'operating_vehicles',
  'special_equipment_units',
  'population',
]

export interface DenominatorRevision {
  id: number
  kind: DenominatorKind
  value: number
  previous_value: number | null
  source: string
  vintage: string | null
  recorded_at: string
  recorded_by_name: string | null
  recorded_by_role: string | null
  is_demo: boolean
}

export interface PlanTargetInput {
  plan_code: string
  plan_name: string
  period?: string | null
  area_code: string
  indicator: string
  year: number
  target_kind: 'cap' | 'reduction' | 'quota'
  cap?: number | null
  reduction_pct?: number | null
  base_year?: number | null
  quota?: number | null
  denominator_kind?: 'motor_vehicles' | 'operating_vehicles' | null
  borrowed_from?: string | null
  note?: string | null
}

export interface PlanTarget extends PlanTargetInput {
  id: string
  updated_at: string
}

/** Records a denominator (a revision when one exists); returns the stored figure and the one it replaced. */
export async function setDenominator(
  areaCode: string,
  year: number,
  kind: string,
  value: number,
  source: string,
): Promise<{ value: number; previous_value: number | null }> {
  const { data, error } = await supabase().rpc('set_indicator_denominator', { area_code: areaCode, year, kind, value, source })
  if (error) throw new Error(error.message)
  return data as { value: number; previous_value: number | null }
}

/** Every denominator recorded for an area and year, newest first (who, when, old → new, source). */
export async function denominatorHistory(areaCode: string, year: number): Promise<DenominatorRevision[]> {
  const { data, error } = await supabase().rpc('indicator_denominator_history', { area_code: areaCode, year })
  if (error) throw new Error(error.message)
  return (data ?? []) as DenominatorRevision[]
}

/** The targets set for an area and year (every plan). */
export async function planTargetsOf(areaCode: string, year: number): Promise<PlanTarget[]> {
  const { data, error } = await supabase()
    .from('plan_targets')
    .select(
      'id, plan_code, plan_name, period, area_code, indicator, year, target_kind, cap, reduction_pct, base_year, quota, denominator_kind, borrowed_from, note, updated_at',
    )
    .eq('area_code', areaCode)
    .eq('year', year)
    .order('indicator')
    .order('plan_code')
    .limit(200)
  if (error) throw new Error(error.message)
  return (data ?? []) as PlanTarget[]
}

/** Adds a target, or replaces the one of the same plan, area, indicator and year. */
export async function setPlanTarget(target: PlanTargetInput): Promise<PlanTarget> {
  const { data, error } = await supabase().rpc('set_plan_target', { target })
  if (error) throw new Error(error.message)
  return data as unknown as PlanTarget
}
