// Pure parts of the monitoring card (unit-tested): channels and alarms with the active ones
// first, a channel's thresholds in one line, the time of a reading.
import type { AlarmRecord, ChannelNow } from '../../data/monitoring.ts'

const STATUS_RANK: Record<ChannelNow['status'], number> = { HH: 0, LL: 0, H: 1, L: 1, fault: 2, offline: 3, no_data: 4, normal: 5 }

/** Channels in alarm first (HH/LL, H/L, fault), then offline, no data, normal; else as given (by code). */
export function orderChannels<C extends Pick<ChannelNow, 'status'>>(channels: readonly C[]): C[] {
  return channels
    .map((c, i) => [c, i] as const)
    .sort((a, b) => STATUS_RANK[a[0].status] - STATUS_RANK[b[0].status] || a[1] - b[1])
    .map(([c]) => c)
}

/** Open alarms first (newest raised first), then the cleared ones, newest raised first. */
export function orderAlarms<A extends Pick<AlarmRecord, 'cleared_at' | 'raised_at'>>(alarms: readonly A[]): A[] {
  return [...alarms].sort((a, b) => Number(a.cleared_at !== null) - Number(b.cleared_at !== null) || Date.parse(b.raised_at) - Date.parse(a.raised_at))
}

/** "LL 5 · L 20 · H 80 · HH 100": the thresholds a channel has, low to high (null: none). */
export function thresholdLine(c: Pick<ChannelNow, 'll' | 'l' | 'h' | 'hh'>, fmt: (v: number) => string): string | null {
  const parts = (['ll', 'l', 'h', 'hh'] as const).filter((k) => c[k] !== null).map((k) => `${k.toUpperCase()} ${fmt(c[k] as number)}`)
  return parts.length ? parts.join(' · ') : null
}

/**
 * When a reading was taken, in Beijing time (the city's): "HH:mm:ss" on the same Beijing day as
 * `now`, else "MM-DD HH:mm".
 */
export function readingTime(iso: string, now: number): string {
  const bj = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString()
  const t = bj(Date.parse(iso))
  return t.slice(0, 10) === bj(now).slice(0, 10) ? t.slice(11, 19) : `${t.slice(5, 10)} ${t.slice(11, 16)}`
}
