// The data request of a binned point layer, shared by the three of them: map_points (or
// public_map_points) for the view at the app's cell size, decoded by the contract.
import { cellSize, POINT_CELL_PX } from '../contract/cells.ts'
import type { PointLayer } from '../contract/rows.ts'
import { fetchMapPoints } from '../data/mapApi.ts'
import type { LayerData, ViewQuery } from './types.ts'
import type { PointsInput } from './binnedPoints.ts'

export async function loadPoints(layer: PointLayer, q: ViewQuery, signal: AbortSignal): Promise<LayerData<PointsInput>> {
  const f = q.filters
  const filters = { levels: layer === 'risk_points' ? f.levels : null, industry: f.industry, area: f.area }
  const r = await fetchMapPoints(layer, q.bbox, cellSize(q.zoom, POINT_CELL_PX), filters, q.audience === 'public', signal)
  return { data: r.decoded, records: r.decoded.count, bytes: r.bytes, ms: Math.round(r.ms) }
}

/** The filters a point layer's request depends on (levels only for risk points; no industry for the public). */
export function pointsRequestKey(layer: PointLayer, q: { filters: ViewQuery['filters']; audience: ViewQuery['audience'] }): string {
  const f = q.filters
  const levels = layer === 'risk_points' ? (f.levels ?? []).join(',') : ''
  return `${q.audience}|${levels}|${q.audience === 'public' ? '' : (f.industry ?? '')}|${f.area ?? ''}`
}

/** Dense point layers go under the district outlines so the city stays legible. */
export const POINTS_BEFORE = 'om-district-casing'
