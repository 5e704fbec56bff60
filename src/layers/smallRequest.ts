// The data request of a small layer (a few hundred rows as JSON), whole for the bbox.
import { mapFeatures, type SmallLayer, type SmallLayerRows } from '../data/mapApi.ts'
import type { LayerData, ViewQuery } from './types.ts'

export async function loadSmall<L extends SmallLayer>(layer: L, q: ViewQuery, signal: AbortSignal): Promise<LayerData<SmallLayerRows[L]>> {
  const t0 = performance.now()
  const rows = await mapFeatures(layer, q.bbox, q.audience === 'public', signal)
  return { data: rows, records: rows.length, bytes: jsonBytes(rows), ms: Math.round(performance.now() - t0) }
}

export function jsonBytes(v: unknown): number {
  try {
    return JSON.stringify(v).length
  } catch {
    return 0
  }
}
