// Monitoring on the screens (issue 17): the one map's layer (monitoring_sources), the wall's alarm
// list (wall_alarms), the hazard-source card's channels, sparklines and alarm history, and the
// acknowledgement. The database decides states, floods and who may acknowledge; its refusals are
// passed on word for word. Every read is under the caller's RLS.
import { supabase } from './client.ts'
import { ApiError, rpcCall } from './rpc.ts'
import type { Bbox } from '../contract/rows.ts'
import type { MonitoredSource, SourceState } from '../contract/monitoring.ts'

// the layer's row is the contract's (the one map's `monitoring` detail kind carries it)
export type { MonitoredSource, SourceState }
export const SOURCE_STATES: readonly SourceState[] = ['hh', 'h', 'fault', 'offline', 'normal']

export type AlarmKind = 'H' | 'HH' | 'L' | 'LL' | 'fault' | 'offline'

export interface WallAlarm {
  id: string
  kind: AlarmKind
  /** 3 HH/LL, 2 H/L, 1 fault */
  severity: number
  raised_at: string
  threshold: number | null
  peak: number | null
  value: number | null
  value_at: string | null
  unit: string
  channel_code: string
  channel_name: string
  channel_kind: string
  hazard_source_id: string
  source_name: string
  enterprise_id: string
  enterprise_name: string
  lon: number
  lat: number
  acknowledged_at: string | null
  acknowledged_role: string | null
  escalated_at: string | null
}

export interface AlarmFlood {
  enterprise_id: string
  enterprise_name: string
  /** alarms raised within the flood window */
  recent: number
  last_at: string
  /** of them still open */
  open: number
  severity: number
  unacknowledged: number
  escalated: number
  lon: number
  lat: number
}

export interface WallAlarms {
  as_of: string
  items: WallAlarm[]
  floods: AlarmFlood[]
  counts: {
    active: number
    hh: number
    h: number
    fault: number
    unacknowledged: number
    escalated: number
    listed: number
    channels: number
    offline: number
    no_data: number
  }
  flood_rule: { count: number; window_s: number }
  /** the area the list is of, when one was asked for */
  area?: { code: string; name: string; name_en: string } | null
}

const call = <T>(fn: string, args: Record<string, unknown>, signal?: AbortSignal, fresh = false) => rpcCall<T>(fn, args, { signal, fresh })

export async function monitoringSources(bbox: Bbox, signal?: AbortSignal): Promise<MonitoredSource[]> {
  const [west, south, east, north] = bbox
  return (await call<MonitoredSource[] | null>('monitoring_sources', { west, south, east, north }, signal)) ?? []
}

/** The wall's alarm list; with `area` (an administrative code) only that area's (the tour's district). */
export function wallAlarms(maxItems = 60, signal?: AbortSignal, fresh = false, area: string | null = null): Promise<WallAlarms> {
  return call<WallAlarms>('wall_alarms', { max_items: maxItems, area }, signal, fresh)
}

export async function acknowledgeAlarm(alarmId: string, note: string | null): Promise<void> {
  await call('acknowledge_monitoring_alarm', { alarm_id: alarmId, note })
}

// ------------------------------------------------------------------ the hazard-source card

export interface ChannelNow {
  id: string
  code: string
  name: string
  kind: string
  unit: string
  range_min: number
  range_max: number
  ll: number | null
  l: number | null
  h: number | null
  hh: number | null
  interval_s: number
  /** latest reading (null: never read) */
  t: string | null
  v: number | null
  status: 'no_data' | 'normal' | 'L' | 'H' | 'LL' | 'HH' | 'fault' | 'offline'
}

export interface SparkPoint {
  /** bucket start, ms since epoch */
  t: number
  min: number
  max: number
  mean: number
}

export interface AlarmRecord {
  id: string
  channel_id: string
  kind: AlarmKind
  raised_at: string
  cleared_at: string | null
  peak: number | null
  threshold: number | null
  acknowledged_at: string | null
  acknowledged_role: string | null
  ack_note: string | null
  escalated_at: string | null
}

function fail(what: string, e: { message: string; code?: string } | null, status?: number): never {
  throw new ApiError(`${what}: ${e?.message ?? 'failed'}`, status, e?.code)
}

/** A hazard source's channels with their latest reading and state. */
export async function sourceChannels(hazardSourceId: string, signal?: AbortSignal): Promise<ChannelNow[]> {
  let q = supabase()
    .from('monitoring_channels')
    .select('id, code, name, kind, unit, range_min, range_max, ll, l, h, hh, interval_s, monitoring_latest(t, v, status)')
    .eq('hazard_source_id', hazardSourceId)
    .order('code')
    .limit(100)
  if (signal) q = q.abortSignal(signal)
  const { data, error, status } = await q
  if (error) fail('monitoring_channels', error, status)
  return (
    data as unknown as (Omit<ChannelNow, 't' | 'v' | 'status'> & {
      monitoring_latest: { t: string | null; v: number | null; status: ChannelNow['status'] } | null
    })[]
  ).map(({ monitoring_latest: l, ...c }) => ({ ...c, t: l?.t ?? null, v: l?.v ?? null, status: l?.status ?? 'no_data' }))
}

/**
 * The last 24 hours of a source's channels from monitoring_aggregates: 1-minute buckets where the
 * rows fit in one answer (≤ 1000, the hosted row limit), else 1-hour buckets.
 */
export async function sourceSparklines(channelIds: string[], now = Date.now(), signal?: AbortSignal): Promise<Map<string, SparkPoint[]>> {
  const out = new Map<string, SparkPoint[]>(channelIds.map((id) => [id, []]))
  if (channelIds.length === 0) return out
  const since = new Date(now - 24 * 3600_000).toISOString()
  const ask = async (width: '1m' | '1h', from: string) => {
    let q = supabase()
      .from('monitoring_aggregates')
      .select('channel_id, bucket, n, vmin, vmax, vsum')
      .in('channel_id', channelIds)
      .eq('width', width)
      .gte('bucket', from)
      .order('bucket')
      .limit(1000)
    if (signal) q = q.abortSignal(signal)
    const { data, error, status } = await q
    if (error) fail('monitoring_aggregates', error, status)
    return data as { channel_id: string; bucket: string; n: number; vmin: number; vmax: number; vsum: number }[]
  }
  // hourly for the whole day, minutely for the last hours where there is room
  const hours = await ask('1h', since)
  const minuteFrom = new Date(now - Math.max(1, Math.floor(900 / channelIds.length / 60)) * 3600_000)
  const minutes = await ask('1m', minuteFrom.toISOString())
  const cut = minutes.length ? Math.min(...minutes.map((r) => Date.parse(r.bucket))) : Infinity
  for (const r of [...hours.filter((r) => Date.parse(r.bucket) + 3600_000 <= cut), ...minutes]) {
    out.get(r.channel_id)?.push({ t: Date.parse(r.bucket), min: r.vmin, max: r.vmax, mean: r.vsum / r.n })
  }
  for (const pts of out.values()) pts.sort((a, b) => a.t - b.t)
  return out
}

/** A hazard source's alarms, `n` at most: the open ones first, then the last cleared; newest raised first in each. */
export async function sourceAlarms(hazardSourceId: string, n = 10, signal?: AbortSignal): Promise<AlarmRecord[]> {
  let q = supabase()
    .from('monitoring_alarms')
    .select('id, channel_id, kind, raised_at, cleared_at, peak, threshold, acknowledged_at, acknowledged_role, ack_note, escalated_at')
    .eq('hazard_source_id', hazardSourceId)
    // the open ones first (however old), then the last cleared
    .order('cleared_at', { ascending: false, nullsFirst: true })
    .order('raised_at', { ascending: false })
    .limit(n)
  if (signal) q = q.abortSignal(signal)
  const { data, error, status } = await q
  if (error) fail('monitoring_alarms', error, status)
  return data as AlarmRecord[]
}
