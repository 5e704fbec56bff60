// Hover tooltips of the desk map, pure parts (unit-tested): which screen cell the cursor is in
// (the cache key: a lookup answers for its whole cell, as a click does for its radius), a small
// LRU cache, and the one-line summary of a feature (name, level/grade/status, type).
import type { Detail } from '../../data/mapApi.ts'
import { levelName, majorGradeName } from '../../domain/levels.ts'
import { dangerStatusById, protectiveClassById, resourceTypeById, SEVERITIES, UNIT_TYPES } from '../../domain/categories.ts'
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

export interface HoverSummary {
  kind: Detail['kind']
  name: string
  /** level / grade / status, in words */
  badge: string | null
  /** the level (1–4) or major grade behind the badge, for its colour */
  level: number | null
  /** the type or category */
  type: string | null
}

/** What the tooltip says of a feature (the same data a click's card shows). */
export function hoverSummary(d: Detail, lang: 'zh' | 'en'): HoverSummary {
  const nm = (v: { zh: string; en: string } | undefined) => (v ? v[lang] : null)
  const pick = (zh: string | null | undefined, en: string | null | undefined) => (lang === 'en' && en) || zh || null
  switch (d.kind) {
    case 'risk_points':
      return { kind: d.kind, name: d.data.name, badge: levelName(d.data.level, lang), level: d.data.level, type: pick(d.data.category_name, d.data.category_name_en) }
    case 'hidden_dangers': {
      const status = nm(dangerStatusById(d.data.status))
      const sev = d.data.severity ? nm(SEVERITIES[d.data.severity]) : null
      return { kind: d.kind, name: d.data.title, badge: status, level: null, type: sev }
    }
    case 'protective_targets':
      return { kind: d.kind, name: d.data.name, badge: nm(protectiveClassById(d.data.target_class)), level: null, type: pick(d.data.type_name, d.data.type_name_en) }
    case 'hazard_sources':
      return {
        kind: d.kind,
        name: d.data.name,
        badge: d.data.is_major ? majorGradeName(d.data.major_grade, lang) : null,
        level: d.data.is_major ? d.data.major_grade : null,
        type: [d.data.enterprise_name, nm(UNIT_TYPES[d.data.unit_type])].filter(Boolean).join(' · ') || null,
      }
    case 'emergency_resources':
      return { kind: d.kind, name: d.data.name, badge: null, level: null, type: nm(resourceTypeById(d.data.resource_type)) }
    case 'enterprises':
      return { kind: d.kind, name: d.data.name, badge: null, level: null, type: pick(d.data.industry_name, d.data.industry_name_en) }
    case 'public_risk':
      return { kind: d.kind, name: pick(d.data.category_name, d.data.category_name_en) ?? '', badge: levelName(d.data.level, lang), level: d.data.level, type: d.data.area_name ?? null }
    case 'public_hazard':
      return { kind: d.kind, name: d.data.enterprise_name, badge: majorGradeName(d.data.major_grade, lang), level: d.data.major_grade, type: null }
    case 'public_resource':
      return { kind: d.kind, name: d.data.name, badge: null, level: null, type: nm(resourceTypeById(d.data.resource_type)) }
  }
}
