// The public's accident summary (issue 16): public_accident_summary(year), aggregates of the
// year's published accidents by district and sector with the plans' count targets. Anonymous;
// no names, no enterprise, no place finer than a district.
import { supabase } from './client.ts'

export interface PublicAccidentCounts {
  accidents: number
  deaths: number
  larger_accidents: number
}

export interface PublicAccidentDistrict extends PublicAccidentCounts {
  code: string
  name: string
  name_en: string | null
}

export interface PublicAccidentSector {
  code: string
  name_zh: string
  name_en: string
  accidents: number
  deaths: number
}

export interface PublicAccidentTarget {
  area_code: string
  area_name: string
  area_name_en: string | null
  indicator: 'accidents' | 'deaths' | 'larger_accidents'
  target_kind: 'cap' | 'reduction' | 'quota'
  target: number | null
  reduction_pct: number | null
  base_year: number | null
  base_value: number | null
  value: number
  plan_name: string
  borrowed_from: string | null
}

export interface PublicAccidentSummary {
  year: number
  current_year: boolean
  totals: PublicAccidentCounts
  by_district: PublicAccidentDistrict[]
  by_sector: PublicAccidentSector[]
  targets: PublicAccidentTarget[]
}

export async function publicAccidentSummary(year: number): Promise<PublicAccidentSummary> {
  const { data, error } = await supabase().rpc('public_accident_summary', { year })
  if (error) throw new Error(error.message)
  return data as unknown as PublicAccidentSummary
}
