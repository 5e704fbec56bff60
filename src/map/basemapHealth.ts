// Whether the basemap's tiles arrive. MapLibre takes a tile server's 404 as "no tile here" (no
// error event) and only logs a 500, so a dead or mis-keyed tile server leaves a blank map and no
// word on the screen. The browser's resource timing sees every tile answer (status where CORS
// allows it, 0 otherwise): a run of failed tiles of the drawn basemap with none arriving says the
// basemap is down. Pure apart from `watchBasemapTiles`' PerformanceObserver.
import type { BasemapConfig } from './basemap.ts'

/** Failed tiles in a row, none arrived, before the basemap counts as failing. */
export const FAILED_TILES = 4

export interface TileFailure {
  /** the HTTP status of the last failure (0: network error or no status visible) */
  status: number
  count: number
}

/** The URL prefixes of a raster basemap's tiles (each mirror's and overlay's template up to its first `{`). */
export function tilePrefixes(config: BasemapConfig): string[] {
  if (config.kind !== 'raster') return []
  const templates = [...config.tiles, ...(config.overlays ?? []).flat()]
  return [...new Set(templates.map((t) => t.split('{')[0]!).filter((p) => p.length > 8))]
}

/** Counts tile answers: failing after FAILED_TILES failures while none arrived; one good tile clears it. */
export class TileHealth {
  private ok = 0
  private failed = 0
  private lastStatus = 0

  /** Records one tile answer; returns true when the failing state changed. */
  record(status: number): boolean {
    const before = this.failing !== null
    if (status >= 200 && status < 400) {
      this.ok++
      this.failed = 0
    } else {
      this.failed++
      this.lastStatus = status
    }
    return before !== (this.failing !== null)
  }

  /** a tile arrived: the basemap can no longer count as failing (nothing more to watch) */
  get delivered(): boolean {
    return this.ok > 0
  }

  get failing(): TileFailure | null {
    return this.ok === 0 && this.failed >= FAILED_TILES ? { status: this.lastStatus, count: this.failed } : null
  }
}

/**
 * Watches the tiles of a raster basemap through the browser's resource timing; `changed` is called
 * when it starts or stops failing. Returns the stop function (a no-op where nothing can be watched).
 */
export function watchBasemapTiles(config: BasemapConfig, changed: (failure: TileFailure | null) => void): () => void {
  const prefixes = tilePrefixes(config)
  if (prefixes.length === 0 || typeof PerformanceObserver === 'undefined') return () => {}
  const health = new TileHealth()
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries() as PerformanceResourceTiming[]) {
      if (!prefixes.some((p) => e.name.startsWith(p))) continue
      // responseStatus: Chromium 109+; 0 for a network error or an opaque answer
      if (health.record(e.responseStatus ?? 0)) changed(health.failing)
      if (health.delivered) return void observer.disconnect()
    }
  })
  try {
    observer.observe({ type: 'resource', buffered: false })
  } catch {
    return () => {}
  }
  return () => observer.disconnect()
}
