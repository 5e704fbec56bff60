// A notice's drawn area (issue 18: a warning for a river bend, an industrial park, a stretch of
// coast): the polygon the form sends as public_notices.geom. The database decides
// (app.checked_notice_area, migration 20270116000100_notice_polygon.sql: valid, within the city, a
// regulator's within its jurisdiction); this mirror lets the form refuse before sending what is
// surely refused: not a polygon, too many parts or vertices, edges that cross (turf kinks), an area
// out of bounds (turf area, geodesic like PostGIS's geography). test/db/notice-polygon.test.ts holds
// the bounds to the database's at their edges.
import { area, kinks } from '@turf/turf'
import type { MultiPolygon, Polygon, Position } from 'geojson'

/** The database's bounds (app.notice_area_limits()). */
export const NOTICE_AREA_LIMITS = { maxVertices: 1000, maxParts: 20, minAreaKm2: 0.01, maxAreaKm2: 2000 } as const

export type NoticeAreaProblem =
  | { code: 'not_json' }
  | { code: 'not_polygon'; got: string }
  | { code: 'empty' }
  | { code: 'out_of_range' }
  | { code: 'too_few_points' }
  | { code: 'too_many_parts'; got: number }
  | { code: 'too_many_vertices'; got: number }
  | { code: 'kinks'; at: Position }
  | { code: 'area'; km2: number }

export type NoticeAreaCheck = { ok: true; geometry: MultiPolygon; km2: number; vertices: number } | { ok: false; problem: NoticeAreaProblem }

const samePoint = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1]

/** A ring with its first point repeated at the end (GeoJSON's closed ring). */
export function closeRing(points: readonly Position[]): Position[] {
  const r = points.map((p) => [p[0]!, p[1]!])
  if (r.length && !samePoint(r[0]!, r[r.length - 1]!)) r.push([...r[0]!])
  return r
}

/** The vertices PostGIS counts (ST_NPoints: every position, closing ones included). */
export function vertexCount(g: MultiPolygon): number {
  return g.coordinates.reduce((n, poly) => n + poly.reduce((k, ring) => k + ring.length, 0), 0)
}

/** km² of a polygon on the ellipsoid-like sphere turf uses (within a fraction of a per cent of PostGIS's geography). */
export function areaKm2(g: Polygon | MultiPolygon): number {
  return area(g) / 1e6
}

/** The geometry in a pasted or loaded GeoJSON text: a Polygon or MultiPolygon, a Feature of one, or
 *  a FeatureCollection whose features are all polygons (merged into one MultiPolygon). */
export function geometryOfGeoJson(text: string): { ok: true; geometry: Polygon | MultiPolygon } | { ok: false; problem: NoticeAreaProblem } {
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch {
    return { ok: false, problem: { code: 'not_json' } }
  }
  const typeOf = (x: unknown) => (x && typeof x === 'object' && typeof (x as { type?: unknown }).type === 'string' ? (x as { type: string }).type : String(x))
  const polys: Position[][][] = []
  const take = (g: unknown): string | null => {
    const t = typeOf(g)
    const c = (g as { coordinates?: unknown })?.coordinates
    if (t === 'Polygon' && Array.isArray(c)) polys.push(c as Position[][])
    else if (t === 'MultiPolygon' && Array.isArray(c)) polys.push(...(c as Position[][][]))
    else return t
    return null
  }
  const t = typeOf(v)
  let bad: string | null = null
  if (t === 'Feature') bad = take((v as { geometry?: unknown }).geometry)
  else if (t === 'FeatureCollection') {
    const fs = (v as { features?: unknown }).features
    if (!Array.isArray(fs) || !fs.length) bad = 'FeatureCollection (0)'
    else for (const f of fs) bad = bad ?? take((f as { geometry?: unknown })?.geometry)
  } else bad = take(v)
  if (bad !== null) return { ok: false, problem: { code: 'not_polygon', got: bad } }
  return { ok: true, geometry: polys.length === 1 ? { type: 'Polygon', coordinates: polys[0]! } : { type: 'MultiPolygon', coordinates: polys } }
}

/** What the database would surely refuse, or the MultiPolygon to send with its area and vertex count. */
export function checkNoticeArea(g: Polygon | MultiPolygon | null | undefined): NoticeAreaCheck {
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon'))
    return { ok: false, problem: { code: 'not_polygon', got: String((g as { type?: string } | null)?.type ?? 'null') } }
  const multi: MultiPolygon = g.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [g.coordinates] } : g
  if (!multi.coordinates.length) return { ok: false, problem: { code: 'empty' } }
  for (const poly of multi.coordinates)
    for (const ring of poly) {
      if (!Array.isArray(ring)) return { ok: false, problem: { code: 'not_polygon', got: g.type } }
      for (const p of ring) {
        if (!Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return { ok: false, problem: { code: 'not_polygon', got: g.type } }
        if (Math.abs(p[0]!) > 180 || Math.abs(p[1]!) > 90) return { ok: false, problem: { code: 'out_of_range' } }
      }
    }
  const closed: MultiPolygon = { type: 'MultiPolygon', coordinates: multi.coordinates.map((poly) => poly.map((ring) => closeRing(ring))) }
  for (const poly of closed.coordinates)
    for (const ring of poly) {
      const distinct = new Set(ring.map((p) => `${p[0]},${p[1]}`)).size
      if (distinct < 3) return { ok: false, problem: { code: 'too_few_points' } }
    }
  if (closed.coordinates.length > NOTICE_AREA_LIMITS.maxParts) return { ok: false, problem: { code: 'too_many_parts', got: closed.coordinates.length } }
  const vertices = vertexCount(closed)
  if (vertices > NOTICE_AREA_LIMITS.maxVertices) return { ok: false, problem: { code: 'too_many_vertices', got: vertices } }
  const k = kinks(closed)
  if (k.features.length) return { ok: false, problem: { code: 'kinks', at: k.features[0]!.geometry.coordinates } }
  const km2 = areaKm2(closed)
  if (km2 < NOTICE_AREA_LIMITS.minAreaKm2 || km2 > NOTICE_AREA_LIMITS.maxAreaKm2) return { ok: false, problem: { code: 'area', km2 } }
  return { ok: true, geometry: closed, km2, vertices }
}

/** The problem in the user's language (the database's words where it has them). */
export function noticeAreaMessage(p: NoticeAreaProblem, lang: 'zh' | 'en'): string {
  const L = NOTICE_AREA_LIMITS
  const zh = lang === 'zh'
  switch (p.code) {
    case 'not_json':
      return zh ? '公告范围：不是有效的 GeoJSON 文本' : 'Area: not valid GeoJSON text'
    case 'not_polygon':
      return zh ? `公告范围：须为多边形（Polygon 或 MultiPolygon），收到 ${p.got}` : `Area: must be a polygon (Polygon or MultiPolygon), got ${p.got}`
    case 'empty':
      return zh ? '公告范围：不能为空' : 'Area: must not be empty'
    case 'out_of_range':
      return zh ? '公告范围：坐标超出经纬度范围' : 'Area: coordinates out of the longitude/latitude range'
    case 'too_few_points':
      return zh ? '公告范围：每个环至少需要 3 个不同的顶点' : 'Area: every ring needs at least 3 distinct points'
    case 'too_many_parts':
      return zh ? `公告范围：分块过多，最多 ${L.maxParts} 块，收到 ${p.got} 块` : `Area: too many parts, at most ${L.maxParts}, got ${p.got}`
    case 'too_many_vertices':
      return zh ? `公告范围：顶点过多，最多 ${L.maxVertices} 个，收到 ${p.got} 个` : `Area: too many vertices, at most ${L.maxVertices}, got ${p.got}`
    case 'kinks':
      return zh
        ? `公告范围：边线自相交（约在 ${p.at[0]!.toFixed(5)}, ${p.at[1]!.toFixed(5)}），请撤销后重画`
        : `Area: edges cross each other (near ${p.at[0]!.toFixed(5)}, ${p.at[1]!.toFixed(5)}); undo and draw again`
    case 'area':
      return zh
        ? `公告范围：面积须在 ${L.minAreaKm2} 到 ${L.maxAreaKm2} 平方千米之间，当前 ${formatKm2(p.km2)} 平方千米（更大范围请按区划选择区域）`
        : `Area: must be from ${L.minAreaKm2} to ${L.maxAreaKm2} km², now ${formatKm2(p.km2)} km² (name districts or the whole city for wider areas)`
  }
}

/** km² for display: three significant figures below 10, one decimal above. */
export function formatKm2(km2: number): string {
  if (km2 >= 10) return km2.toFixed(1)
  if (km2 >= 0.01) return km2.toPrecision(3)
  return km2.toFixed(4)
}
