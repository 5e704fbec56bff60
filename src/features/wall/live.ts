// The wall's live state: the panel figures (wall_summary), polled changes (wall_changes every few
// seconds from a watermark), the alert ticker, and whether the service is reachable. No DOM here:
// the page renders the store; the map is told what to highlight through onChanges.
import { createStore, type Store } from '../../app/store.ts'
import { ApiError } from '../../data/mapApi.ts'
import {
  isUnreachable,
  wallChanges,
  wallSummary,
  type DangerChange,
  type RiskPointChange,
  type WallAlert,
  type WallChanges,
  type WallSummary,
} from '../../data/wall.ts'

export const POLL_MS = 2000
/** Figures are refreshed on every change, and at least this often (overdue counts move at midnight). */
export const SUMMARY_MAX_AGE_MS = 60_000
export const TICKER_MAX = 40

export interface TickerItem {
  key: string
  kind: WallAlert['kind'] | 'danger_new' | 'danger_changed' | 'level_changed'
  at: string
  title: string
  level: number | null
  lon: number
  lat: number
  /** where: the area (district, street or grid) the change is in */
  areaCode: string | null
  /** the feature whose card a click opens */
  card: { layer: 'hidden_dangers' | 'risk_points'; id: string }
  /** a risk point's level before the change */
  oldLevel?: number | null
  /** when the wall first saw it (ms since epoch) */
  seen: number
}

export interface LiveState {
  summary: WallSummary | null
  /** the figures of the toured district, when a tour is on */
  districtSummary: WallSummary | null
  error: string | null
  offline: boolean
  lastSuccess: number | null
  watermark: string | null
  ticker: TickerItem[]
  lastChange: { dangers: number; points: number; at: number } | null
  polls: number
}

/** Drops items already seen (by key), newest first, at most `max`. Pure. */
export function mergeTicker(current: TickerItem[], incoming: TickerItem[], max = TICKER_MAX): TickerItem[] {
  const seen = new Set(current.map((t) => t.key))
  const fresh = incoming.filter((t) => !seen.has(t.key) && (seen.add(t.key), true))
  if (fresh.length === 0) return current
  fresh.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
  return [...fresh, ...current].slice(0, max)
}

/** Ticker items of one wall_changes answer: the alerts, then ordinary changes not already alerted. */
export function tickerItems(ch: WallChanges, now: number): TickerItem[] {
  const out: TickerItem[] = ch.alerts.map((a) => ({
    key: a.key,
    kind: a.kind,
    at: a.at,
    title: a.title,
    level: a.level,
    lon: a.lon,
    lat: a.lat,
    areaCode: a.area_code,
    card: { layer: a.kind === 'level_raised_red' ? 'risk_points' : 'hidden_dangers', id: a.id },
    seen: now,
  }))
  const alerted = new Set(ch.alerts.filter((a) => a.kind !== 'level_raised_red').map((a) => a.id))
  const redPoints = new Set(ch.alerts.filter((a) => a.kind === 'level_raised_red').map((a) => a.id))
  for (const d of ch.hidden_dangers) {
    if (alerted.has(d.id)) continue
    out.push({
      key: d.key,
      kind: d.is_new ? 'danger_new' : 'danger_changed',
      at: d.updated_at,
      title: d.title,
      level: null,
      lon: d.lon,
      lat: d.lat,
      areaCode: d.area_code,
      card: { layer: 'hidden_dangers', id: d.id },
      seen: now,
    })
  }
  for (const r of ch.risk_points) {
    if (redPoints.has(r.id)) continue
    out.push({
      key: r.key,
      kind: 'level_changed',
      at: r.at,
      title: r.name,
      level: r.new_level,
      oldLevel: r.old_level,
      lon: r.lon,
      lat: r.lat,
      areaCode: r.area_code,
      card: { layer: 'risk_points', id: r.id },
      seen: now,
    })
  }
  return out
}

/** The district an area code lies in (area codes start with their district's code), or null. Pure. */
export function districtOf<D extends { code: string }>(areaCode: string | null, districts: readonly D[]): D | null {
  if (!areaCode) return null
  return districts.find((d) => areaCode.startsWith(d.code)) ?? null
}

export class WallLive {
  readonly store: Store<LiveState>
  private timer: ReturnType<typeof setTimeout> | null = null
  private stopped = false
  private seenChanges = new Set<string>()
  private areaCode: string | null = null
  private summaryAt = 0
  private summaryDirty = false
  /** district figures of the tour, kept so that the next district shows at once */
  private districtCache = new Map<string, WallSummary>()
  onChanges: ((dangers: DangerChange[], points: RiskPointChange[]) => void) | null = null
  onReconnect: (() => void) | null = null

  constructor() {
    this.store = createStore<LiveState>({
      summary: null,
      districtSummary: null,
      error: null,
      offline: false,
      lastSuccess: null,
      watermark: null,
      ticker: [],
      lastChange: null,
      polls: 0,
    })
  }

  start(): void {
    this.stopped = false
    void this.tick()
  }

  stop(): void {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  /** The district the tour shows (null = none): its figures are fetched alongside the city's. */
  async setDistrict(code: string | null, fresh = false): Promise<void> {
    this.areaCode = code
    if (!code) {
      this.store.update({ districtSummary: null })
      return
    }
    const cached = this.districtCache.get(code)
    if (cached) this.store.update({ districtSummary: cached })
    try {
      const s = await wallSummary(code, undefined, fresh)
      this.districtCache.set(code, s)
      if (this.areaCode === code) this.store.update({ districtSummary: s })
    } catch (e) {
      console.warn('[wall] district summary:', (e as Error).message)
    }
  }

  /** Fetches the figures of these districts ahead of the tour (one after another, quietly). */
  async prefetchDistricts(codes: string[]): Promise<void> {
    for (const code of codes) {
      if (this.stopped) return
      try {
        this.districtCache.set(code, await wallSummary(code))
      } catch {
        return
      }
    }
  }

  private schedule(): void {
    if (this.stopped) return
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.tick(), POLL_MS)
  }

  private ok(): void {
    const wasOffline = this.store.get().offline
    this.store.update({ offline: false, lastSuccess: Date.now(), error: null })
    if (wasOffline) this.onReconnect?.()
  }

  private failed(e: unknown): void {
    console.warn('[wall] poll failed:', (e as Error)?.message ?? e)
    if (e instanceof ApiError && e.code === '22023') {
      // the watermark is too old (e.g. the wall slept for days): start over from fresh figures
      this.store.update({ watermark: null, summary: null })
      return
    }
    this.store.update({ offline: true, error: e instanceof ApiError && !isUnreachable(e) ? e.message : null })
  }

  private async tick(): Promise<void> {
    try {
      const st = this.store.get()
      if (!st.summary || !st.watermark || st.offline) {
        // (re)start: the figures and a fresh watermark in one call
        const s = await wallSummary(null)
        this.summaryAt = Date.now()
        this.summaryDirty = false
        this.store.update({ summary: s, watermark: st.watermark ?? s.watermark })
        if (this.areaCode) void this.setDistrict(this.areaCode)
      }
      const wm = this.store.get().watermark!
      const ch = await wallChanges(wm)
      this.store.update({ watermark: ch.watermark, polls: this.store.get().polls + 1 })
      const dangers = ch.hidden_dangers.filter((d) => !this.seenChanges.has(d.key))
      const points = ch.risk_points.filter((r) => !this.seenChanges.has(r.key))
      const items = tickerItems(ch, Date.now())
      for (const d of dangers) this.seenChanges.add(d.key)
      for (const r of points) this.seenChanges.add(r.key)
      if (this.seenChanges.size > 5000) this.seenChanges = new Set([...this.seenChanges].slice(-2000))
      const ticker = mergeTicker(this.store.get().ticker, items)
      if (ticker !== this.store.get().ticker) this.store.update({ ticker })
      const changed = dangers.length > 0 || points.length > 0 || ch.truncated
      if (changed) {
        this.summaryDirty = true
        this.store.update({ lastChange: { dangers: dangers.length, points: points.length, at: Date.now() } })
      }
      // the figures first (one request), then the map's reloads (several, on the same connection)
      if (this.summaryDirty || Date.now() - this.summaryAt > SUMMARY_MAX_AGE_MS) {
        // after a change: fresh figures, not a shared answer cached before it
        const fresh = this.summaryDirty
        const s = await wallSummary(null, undefined, fresh)
        this.summaryAt = Date.now()
        this.summaryDirty = false
        this.store.update({ summary: s })
        if (this.areaCode) void this.setDistrict(this.areaCode, fresh)
      }
      if (changed) this.onChanges?.(dangers, points)
      this.ok()
    } catch (e) {
      this.failed(e)
    } finally {
      this.schedule()
    }
  }
}
