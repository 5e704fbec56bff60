// Does a restricted zone (禁行区, issue 19) apply at a moment? Its daily hours are China time
// (UTC+8, no daylight saving), [from, to); to < from wraps past midnight; neither: all day.
// The same rule as the database's app.vehicle_zone_applies (migration 20261213000100).

const CHINA_OFFSET_MS = 8 * 3_600_000

/** "07:30:00" or "07:30" → seconds after midnight; null when not a time of day. */
export function secondsOfDay(hhmmss: string): number | null {
  const m = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(hhmmss)
  if (!m) return null
  const [h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)]
  if (h > 23 || mi > 59 || s > 59) return null
  return h * 3600 + mi * 60 + s
}

export function zoneAppliesAt(hoursFrom: string | null, hoursTo: string | null, at: Date): boolean {
  if (hoursFrom === null || hoursTo === null) return true
  const from = secondsOfDay(hoursFrom)
  const to = secondsOfDay(hoursTo)
  if (from === null || to === null) throw new Error(`禁行时段格式不对 / bad zone hours: ${hoursFrom}–${hoursTo}`)
  const ms = (at.getTime() + CHINA_OFFSET_MS) % 86_400_000
  const now = Math.floor((ms < 0 ? ms + 86_400_000 : ms) / 1000)
  return from < to ? now >= from && now < to : now >= from || now < to
}

/** "07:30:00" → "07:30" */
export const hhmm = (t: string): string => t.slice(0, 5)
