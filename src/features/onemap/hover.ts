// Hover tooltips of the desk map, pure parts (unit-tested): which screen cell the cursor is in
// (the cache key: a lookup answers for its whole cell, as a click does for its radius), a small
// LRU cache, and the one-line summary of a feature (its layer's tooltip part).
import type { Detail } from '../../data/mapApi.ts'
import { layerOfDetail } from '../../layers/registry.ts'
import type { TooltipSummary } from '../../layers/ui/parts.ts'
import { mercatorPx } from '../../map/labelCollision.ts'

/** The size of a hover cell in CSS pixels (the click radius is 8 px: a cell is within it). */
export const HOVER_CELL_PX = 12

/**
 * The cache key of the cell under the cursor: `context` (mode, layers, filters) plus the
 * zoom in quarter steps and the Web-Mercator pixel cell at that (quantised) zoom.
 */
export function hoverCellKey(lon: number, lat: number, zoom: number, context: string, cellPx = HOVER_CELL_PX): string {
  const zq = Math.round(zoom * 4) / 4
  const [x, y] = mercatorPx(lon, lat, zq)
  return `${context}|${zq}|${Math.floor(x / cellPx)}|${Math.floor(y / cellPx)}`
}

/** A least-recently-used map of bounded size. */
export class LruCache<V> {
  private m = new Map<string, V>()
  constructor(readonly max = 300) {}
  get size(): number {
    return this.m.size
  }
  has(k: string): boolean {
    return this.m.has(k)
  }
  get(k: string): V | undefined {
    if (!this.m.has(k)) return undefined
    const v = this.m.get(k) as V
    this.m.delete(k)
    this.m.set(k, v)
    return v
  }
  set(k: string, v: V): void {
    this.m.delete(k)
    this.m.set(k, v)
    while (this.m.size > this.max) this.m.delete(this.m.keys().next().value as string)
  }
  clear(): void {
    this.m.clear()
  }
}

export type HoverSummary = TooltipSummary

/** What the tooltip says of a feature (the same data a click's card shows): its layer's tooltip, or an enterprise's. */
export function hoverSummary(d: Detail, lang: 'zh' | 'en'): HoverSummary {
  if (d.kind === 'enterprises') {
    const e = d.data
    return { kind: d.kind, name: e.name, badge: null, level: null, type: (lang === 'en' && e.industry_name_en) || e.industry_name || null }
  }
  const s = layerOfDetail(d.kind)?.ui.tooltip(d, lang)
  if (!s) throw new Error(`no tooltip for ${d.kind}`)
  return s
}
