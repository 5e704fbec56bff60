// Where a feature named by a one-map link is: its position read through the caller's own RLS
// (a signed-in user reads the table row; nothing comes back for a row they may not read).
// The card itself then comes from feature_at at that position, the same call a click makes.
import { supabase } from './client.ts'
import { ApiError } from './mapApi.ts'

export type PositionLayer = 'hazard_sources' | 'hidden_dangers' | 'risk_points' | 'protective_targets' | 'emergency_resources'

/**
 * The feature's [lon, lat], or null when it does not exist or the caller may not read it.
 * PostgREST renders a geometry column as GeoJSON (PostGIS's geometry → json cast); a server
 * without that cast sends hex EWKB, which is decoded too.
 */
export async function featurePosition(layer: PositionLayer, id: string, signal?: AbortSignal): Promise<[number, number] | null> {
  let q = supabase().from(layer).select('location').eq('id', id)
  if (signal) q = q.abortSignal(signal)
  const { data, error, status } = await q.maybeSingle()
  if (error) throw new ApiError(`${layer}: ${error.message}`, status, error.code)
  if (!data) return null
  return pointCoordinates((data as { location: unknown }).location)
}

/** [lon, lat] of a GeoJSON Point or a hex (E)WKB point; null for anything else. */
export function pointCoordinates(v: unknown): [number, number] | null {
  if (v && typeof v === 'object') {
    const g = v as { type?: string; coordinates?: unknown }
    if (g.type === 'Point' && Array.isArray(g.coordinates) && g.coordinates.length >= 2) {
      const [x, y] = g.coordinates as number[]
      return Number.isFinite(x) && Number.isFinite(y) ? [x!, y!] : null
    }
    return null
  }
  if (typeof v === 'string' && /^[0-9a-f]+$/i.test(v) && v.length >= 42) {
    const bytes = new Uint8Array(v.length / 2)
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(v.slice(i * 2, i * 2 + 2), 16)
    const dv = new DataView(bytes.buffer)
    const le = bytes[0] === 1
    const type = dv.getUint32(1, le)
    if ((type & 0xff) !== 1) return null
    let off = 5
    if (type & 0x20000000) off += 4 // SRID
    if (bytes.length < off + 16) return null
    return [dv.getFloat64(off, le), dv.getFloat64(off + 8, le)]
  }
  return null
}
