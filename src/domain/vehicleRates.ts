// 入网率 / 上线率 of dangerous-goods vehicles per carrier (issue 19): the plan's targets and the
// shortfall in vehicles. Plan 001: 联网联控车辆入网率 100 %、上线率 90 %. 入网率 = networked /
// registered (in service); 上线率 = online today / networked, as vehicle_network_rates counts them
// (supabase/migrations/20261213000100_vehicles.sql). Pure: no I/O.

export const NETWORK_RATE_TARGET = 1
export const ONLINE_RATE_TARGET = 0.9

export interface RateCounts {
  registered: number
  networked: number
  online: number
}

export interface RateFigures extends RateCounts {
  /** networked / registered; null without registered vehicles */
  networkRate: number | null
  /** online / networked; null without networked vehicles */
  onlineRate: number | null
  /** vehicles still to network to reach the target (0 when met) */
  networkShort: number
  /** vehicles still to bring online to reach the target (0 when met) */
  onlineShort: number
}

/** How many more of `den` must be counted for `num / den` to reach `target` (never negative). */
export function shortfall(num: number, den: number, target: number): number {
  if (den <= 0) return 0
  // the epsilon keeps 0.9 × 10 = 9.000000000000002 from asking for a tenth vehicle
  const need = Math.ceil(den * target - 1e-9)
  return Math.max(0, need - num)
}

export function rateFigures(c: RateCounts): RateFigures {
  return {
    ...c,
    networkRate: c.registered > 0 ? c.networked / c.registered : null,
    onlineRate: c.networked > 0 ? c.online / c.networked : null,
    networkShort: shortfall(c.networked, c.registered, NETWORK_RATE_TARGET),
    onlineShort: shortfall(c.online, c.networked, ONLINE_RATE_TARGET),
  }
}

/** The total over carriers: counts summed, rates of the sums (not the mean of the rates). */
export function totalFigures(rows: readonly RateCounts[]): RateFigures {
  const sum = (k: keyof RateCounts) => rows.reduce((s, r) => s + r[k], 0)
  return rateFigures({ registered: sum('registered'), networked: sum('networked'), online: sum('online') })
}

export type RateSortKey = 'network' | 'online'

/** Rows by a rate, lowest first (or highest), rows without a rate last; ties by the larger shortfall, then name. */
export function sortByRate<T extends RateFigures & { name: string }>(rows: readonly T[], key: RateSortKey, ascending = true): T[] {
  const rate = (r: T) => (key === 'network' ? r.networkRate : r.onlineRate)
  const short = (r: T) => (key === 'network' ? r.networkShort : r.onlineShort)
  return [...rows].sort((a, b) => {
    const ra = rate(a)
    const rb = rate(b)
    if (ra === null || rb === null) return ra === rb ? a.name.localeCompare(b.name, 'zh') : ra === null ? 1 : -1
    if (ra !== rb) return ascending ? ra - rb : rb - ra
    return short(b) - short(a) || a.name.localeCompare(b.name, 'zh')
  })
}

/** A rate as a percentage with one decimal ("96.7 %"), or "—". */
export function formatRate(rate: number | null): string {
  if (rate === null) return '—'
  return `${(Math.floor(rate * 1000 + 1e-9) / 10).toFixed(1)} %`
}

/** The shortfall in words: "差 2 辆" / "2 short", or "达标" / "met". */
export function shortfallText(n: number, lang: 'zh' | 'en'): string {
  if (n <= 0) return lang === 'zh' ? '达标' : 'met'
  return lang === 'zh' ? `差 ${n} 辆` : `${n} short`
}

/** The start of a day in China time (UTC+8, no daylight saving) as an ISO instant; default today. */
export function chinaDayStart(now: Date = new Date()): string {
  const local = new Date(now.getTime() + 8 * 3600_000)
  const d0 = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - 8 * 3600_000
  return new Date(d0).toISOString()
}

/**
 * A point column as PostgREST returns it: GeoJSON (PostGIS' json cast) or hex (E)WKB. Returns
 * [lon, lat] or null.
 */
export function pointLonLat(geom: unknown): [number, number] | null {
  if (geom && typeof geom === 'object') {
    const g = geom as { type?: string; coordinates?: unknown }
    if (g.type === 'Point' && Array.isArray(g.coordinates) && g.coordinates.length >= 2) {
      const [x, y] = g.coordinates as number[]
      return Number.isFinite(x) && Number.isFinite(y) ? [x!, y!] : null
    }
    return null
  }
  if (typeof geom !== 'string' || !/^[0-9a-fA-F]+$/.test(geom) || geom.length < 42) return null
  const bytes = new Uint8Array(geom.length / 2)
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(geom.slice(2 * i, 2 * i + 2), 16)
  const view = new DataView(bytes.buffer)
  const le = bytes[0] === 1
  const type = view.getUint32(1, le)
  if ((type & 0xff) !== 1) return null
  const off = type & 0x20000000 ? 9 : 5
  if (bytes.length < off + 16) return null
  return [view.getFloat64(off, le), view.getFloat64(off + 8, le)]
}
