// The monitoring layer's row (monitoring_sources, see supabase/migrations/*_monitoring_screens.sql):
// shared by src/data (which fetches it) and the one map's detail kind `monitoring` (contract/rows.ts).

/** A hazard source's monitoring state: an open HH/LL alarm > H/L > fault > offline > normal. */
export type SourceState = 'hh' | 'h' | 'fault' | 'offline' | 'normal'

export interface MonitoredSource {
  id: string
  name: string
  enterprise_name: string
  is_major: boolean
  major_grade: number | null
  lon: number
  lat: number
  state: SourceState
  channels: number
  offline: number
  no_data: number
  hh: number
  h: number
  fault: number
  unacknowledged: number
  escalated: number
}
