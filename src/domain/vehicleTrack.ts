// Track playback (issue 19): the pure parts of replaying one vehicle's day (vehicle_track's column
// arrays): the clock in China time, the position at a moment (interpolated between fixes), the
// alerts of the day placed on the track at their time, and the playback step.

/** One day's fixes: seconds since t0 in time order, [lon, lat] each. */
export interface TrackColumns {
  t0: string
  t: readonly number[]
  path: readonly (readonly [number, number])[]
}

export interface TrackAlert {
  id: string
  kind: string
  at: string
}

export interface AlertMark {
  id: string
  kind: string
  /** seconds since t0 */
  s: number
  lon: number
  lat: number
}

const CHINA_MS = 8 * 3_600_000

/** The clock time (HH:MM:SS, China time, UTC+8) of `s` seconds after t0. */
export function trackClock(t0: string, s: number): string {
  return new Date(new Date(t0).getTime() + s * 1000 + CHINA_MS).toISOString().slice(11, 19)
}

/** The index of the last fix at or before s (−1: before the first). */
export function fixBefore(t: readonly number[], s: number): number {
  let lo = 0
  let hi = t.length - 1
  let ans = -1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (t[mid]! <= s) {
      ans = mid
      lo = mid + 1
    } else hi = mid - 1
  }
  return ans
}

/** Where the vehicle was at s: linear between the fixes around it; the end fixes outside them. */
export function positionAt(track: TrackColumns, s: number): [number, number] | null {
  const n = track.t.length
  if (n === 0) return null
  const i = fixBefore(track.t, s)
  if (i < 0) return [...track.path[0]!] as [number, number]
  if (i >= n - 1) return [...track.path[n - 1]!] as [number, number]
  const [t1, t2] = [track.t[i]!, track.t[i + 1]!]
  const f = t2 > t1 ? (s - t1) / (t2 - t1) : 0
  const [a, b] = [track.path[i]!, track.path[i + 1]!]
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f]
}

/** The day's alerts on the track: each at the vehicle's position at its time (alerts are raised at a fix's time; a lost signal at the last fix + 5 min, i.e. where it went silent). */
export function alertMarks(track: TrackColumns, alerts: readonly TrackAlert[]): AlertMark[] {
  const t0 = new Date(track.t0).getTime()
  const out: AlertMark[] = []
  for (const a of alerts) {
    const s = (new Date(a.at).getTime() - t0) / 1000
    if (!(s >= 0 && s < 86_400)) continue
    const p = positionAt(track, s)
    if (p) out.push({ id: a.id, kind: a.kind, s, lon: p[0], lat: p[1] })
  }
  return out.sort((x, y) => x.s - y.s)
}

/** The next playback time: `speed` seconds of track per second of wall time, stopping at the end. */
export function playbackStep(s: number, dtMs: number, speed: number, end: number): { s: number; ended: boolean } {
  const next = s + (dtMs / 1000) * speed
  return next >= end ? { s: end, ended: true } : { s: next, ended: false }
}

/** Playback speeds offered (track seconds per second). */
export const PLAYBACK_SPEEDS = [10, 60, 300, 1200] as const
