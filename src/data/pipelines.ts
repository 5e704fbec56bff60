// Pipelines (issue 19): the lines in a view with their findings, and the card of the line under a
// click, from the staff-only pipeline_map / pipeline_at RPCs (migration 20261212000300), under the
// caller's RLS (a regulator: the lines crossing its district; an enterprise: the lines it operates).
import type { Bbox } from '../contract/rows.ts'
import type { PipelineDetail, PipelineMap } from '../contract/pipelines.ts'
import { rpcCall } from './rpc.ts'

export type { PipelineDetail, PipelineMap, PipelineLine, PipelineEncroachmentPoint, PipelineHcaSegment, PipelineMedium } from '../contract/pipelines.ts'

const EMPTY: PipelineMap = { lines: [], encroachments: [], hca: [] }

const call = <T>(fn: string, args: Record<string, unknown>, signal?: AbortSignal) => rpcCall<T>(fn, args, { signal })

export async function pipelineMap(bbox: Bbox, zoom: number, signal?: AbortSignal): Promise<PipelineMap> {
  const [west, south, east, north] = bbox
  const r = await call<PipelineMap | null>('pipeline_map', { west, south, east, north, zoom }, signal)
  return r ?? EMPTY
}

/** The nearest line within radiusM of the point (null: none). */
export function pipelineAt(lon: number, lat: number, radiusM: number, signal?: AbortSignal): Promise<PipelineDetail | null> {
  return call<PipelineDetail | null>('pipeline_at', { lon, lat, radius_m: radiusM }, signal)
}
