// The areas of the active regional warnings in a view (issue 18, migration 20261230000200):
// public_warning_areas(west, south, east, north, zoom), anon and everyone. The wall and the public
// view's map draw them as outlines in the warning's colour (src/layers/warningAreas).
import type { Bbox } from '../contract/rows.ts'
import { rpcCall } from './rpc.ts'

export interface WarningArea {
  id: string
  title: string
  /** 1–4 = 红/橙/黄/蓝色预警 (a regional warning always has one) */
  level: 1 | 2 | 3 | 4
  area_codes: string[]
  area_names: string[]
  /** the same areas' English names, in the same order (the Chinese name where an area has none;
   *  since 20270122010000) */
  area_names_en?: string[]
  valid_until: string | null
  geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon | null
  /** a point inside the area, for its label */
  label_lon: number
  label_lat: number
}

export function warningAreas(bbox: Bbox, zoom: number, signal?: AbortSignal): Promise<WarningArea[]> {
  const [west, south, east, north] = bbox
  return rpcCall<WarningArea[]>('public_warning_areas', { west, south, east, north, zoom: Math.max(0, Math.min(24, zoom)) }, { signal })
}

/** The outer rings with holes of an area, one entry per polygon (what a PolygonLayer draws). */
export function warningPolygons(a: WarningArea): GeoJSON.Position[][][] {
  const g = a.geometry
  if (!g) return []
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates
}
