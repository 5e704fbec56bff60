// Tooltips under a resting mouse (the desk map on a desktop; never the wall): nothing until the
// cursor rests in a new cell (no request per pixel moved), answers cached by cell (hover.ts), the
// newest lookup wins.
import type { Map as MlMap } from 'maplibre-gl'
import type { Detail } from '../../data/mapApi.ts'
import { debounce, LatestRequests } from '../../data/latest.ts'
import { clickRadiusMetres } from '../../map/viewport.ts'
import { hoverCellKey, LruCache } from './hover.ts'
import { LOOKUP_RADIUS_PX } from './lookup.ts'

export interface HoverHost {
  map(): MlMap | null
  /** what a lookup depends on (mode, visible layers) */
  context(): string
  lookup(lon: number, lat: number, radiusM: number, signal: AbortSignal): Promise<Detail | null>
  /** shows (or with null hides) the tooltip */
  show(hover: { x: number; y: number; detail: Detail } | null): void
}

export class HoverTracker {
  /** answers by cell; null = nothing there */
  private cache = new LruCache<Detail | null>(400)
  private pos: { x: number; y: number; lon: number; lat: number } | null = null
  private latest = new LatestRequests()
  private schedule = debounce(() => void this.lookupNow(), 160)
  /** lookups made (for tests: the cache must keep this low) */
  requests = 0

  constructor(private host: HoverHost) {}

  /** Wires the map's mouse events. */
  attach(map: MlMap): void {
    map.on('mousemove', (e) => this.move(e.point.x, e.point.y, e.lngLat.lng, e.lngLat.lat))
    map.on('mouseout', () => this.hide())
    map.on('movestart', () => this.hide())
    map.on('mousedown', () => this.hide())
  }

  private key(lon: number, lat: number, map: MlMap): string {
    return hoverCellKey(lon, lat, map.getZoom(), this.host.context())
  }

  move(x: number, y: number, lon: number, lat: number): void {
    const map = this.host.map()
    if (!map || map.isMoving()) return
    this.pos = { x, y, lon, lat }
    const key = this.key(lon, lat, map)
    if (this.cache.has(key)) {
      this.schedule.cancel()
      this.show(this.cache.get(key) ?? null)
      return
    }
    // a new cell: nothing until the cursor rests
    this.host.show(null)
    this.schedule()
  }

  private async lookupNow(): Promise<void> {
    const map = this.host.map()
    const pos = this.pos
    if (!map || !pos || map.isMoving()) return
    const key = this.key(pos.lon, pos.lat, map)
    if (this.cache.has(key)) return this.show(this.cache.get(key) ?? null)
    const radius = clickRadiusMetres(pos.lat, map.getZoom(), LOOKUP_RADIUS_PX)
    this.requests++
    let res: { value: Detail | null } | undefined
    try {
      res = await this.latest.run('hover', (signal) => this.host.lookup(pos.lon, pos.lat, radius, signal))
    } catch (e) {
      console.warn('[onemap] hover:', (e as Error).message)
      return
    }
    if (!res) return
    this.cache.set(key, res.value)
    // still in that cell?
    const now = this.pos
    if (now && this.key(now.lon, now.lat, map) === key) this.show(res.value)
  }

  private show(detail: Detail | null): void {
    const pos = this.pos
    const canvas = this.host.map()?.getCanvas()
    if (canvas) canvas.style.cursor = detail ? 'pointer' : 'default'
    this.host.show(detail && pos ? { x: pos.x, y: pos.y, detail } : null)
  }

  hide(): void {
    this.schedule.cancel()
    this.latest.abort('hover')
    this.pos = null
    this.host.show(null)
  }

  /** Forgets the cached answers (a change of mode). */
  clear(): void {
    this.cache.clear()
    this.hide()
  }

  destroy(): void {
    this.schedule.cancel()
    this.latest.abortAll()
  }
}
