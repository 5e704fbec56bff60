// Requests through the real gateway and PostgREST, timed from the client (loopback: the time is
// server time plus a negligible hop). Bodies are read to the last byte before the clock stops.
import { gzipSync } from 'node:zlib'
import { SignJWT } from 'jose'
import { ANON_KEY, SERVICE_ROLE_KEY, jwtSecretKey } from '../../supabase/local/keys.ts'
import { decodePoints } from '../../src/contract/points.ts'
import type { View } from './views.ts'

/**
 * admin: a signed-in user with app_role admin, the map wall's user: subject to row-level security
 * like every signed-in user. service: the service_role key, which bypasses RLS: the query as the
 * function itself costs, without the policy.
 */
export type BenchRole = 'admin' | 'service'

/** A GoTrue-shaped access token (as supabase/local/tokens.ts issues them) for an admin. */
async function adminToken(): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT({ role: 'authenticated', email: 'bench-admin@example.invalid', app_metadata: { app_role: 'admin' }, user_metadata: {} })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject('00000000-0000-4000-8000-00000000bea7')
    .setAudience('authenticated')
    .setIssuedAt(now)
    .setExpirationTime(now + 6 * 3600)
    .sign(jwtSecretKey())
}

export async function tokenFor(role: BenchRole): Promise<string> {
  return role === 'service' ? SERVICE_ROLE_KEY : adminToken()
}

export interface Call {
  bytes: number
  ms: number
  body: Uint8Array
}

export async function rpc(api: string, token: string, fn: string, args: unknown, accept: string): Promise<Call> {
  const t0 = performance.now()
  const res = await fetch(`${api}/rest/v1/rpc/${fn}`, {
    method: 'POST',
    headers: { apikey: ANON_KEY, Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: accept },
    body: JSON.stringify(args),
    signal: AbortSignal.timeout(600_000),
  })
  const body = new Uint8Array(await res.arrayBuffer())
  const ms = performance.now() - t0
  if (!res.ok) throw new Error(`${fn}: HTTP ${res.status} ${new TextDecoder().decode(body.subarray(0, 400))}`)
  return { bytes: body.byteLength, ms, body }
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

export interface Timing {
  bytes: number
  /** size if a proxy gzipped it (level 6); the local gateway does not compress */
  gzipBytes: number
  /** the first call (cold plan cache, cold connection) */
  firstMs: number
  /** median of the repeated calls, or the first call when it was too slow to repeat */
  medianMs: number
  /** how many calls the median is of */
  runs: number
}

/**
 * One call to warm up (kept as firstMs), then up to `runs` timed calls and their median. A call
 * that takes many seconds is not repeated as often: the figure is clear after one, and the
 * whole benchmark has to finish in bounded time.
 */
async function timed(call: () => Promise<Call>, runs: number): Promise<{ t: Timing; last: Call }> {
  const first = await call()
  const reps = first.ms > 20_000 ? 0 : first.ms > 3_000 ? Math.min(runs, 2) : runs
  const times: number[] = []
  let last = first
  for (let i = 0; i < reps; i++) {
    last = await call()
    times.push(last.ms)
  }
  return {
    t: {
      bytes: last.bytes,
      gzipBytes: gzipSync(last.body, { level: 6 }).byteLength,
      firstMs: first.ms,
      medianMs: reps ? median(times) : first.ms,
      runs: Math.max(1, reps),
    },
    last,
  }
}

export interface MapPointsWire extends Timing {
  view: string
  role: BenchRole
  serverZoom: number
  fetchBbox: number[]
  cells: number
  /** sum of the cells' counts: points represented (a lower bound once a cell saturates at 255) */
  pointsInCells: number
}

/** One map_points call for the view's risk points, as the app makes it (binned binary). */
export function callMapPoints(api: string, token: string, view: View): Promise<Call> {
  const [west, south, east, north] = view.fetchBbox
  const args = { layer: 'risk_points', west, south, east, north, zoom: view.serverZoom, levels: null, industry: null, area: null }
  return rpc(api, token, 'map_points', args, 'application/octet-stream')
}

export async function measureMapPoints(api: string, role: BenchRole, view: View, runs = 5): Promise<MapPointsWire> {
  const token = await tokenFor(role)
  const { t, last } = await timed(() => callMapPoints(api, token, view), runs)
  const d = decodePoints(last.body)
  let pointsInCells = 0
  for (let i = 0, o = 5; i < d.count; i++, o += 6) pointsInCells += d.records[o]!
  return { ...t, view: view.name, role, serverZoom: view.serverZoom, fetchBbox: view.fetchBbox, cells: d.count, pointsInCells }
}

/** The two baselines' payloads: all N points, GeoJSON and raw binary. */
export async function measureBaselineWire(
  api: string,
  role: BenchRole,
  runs = 3,
): Promise<{ geojson: Timing & { features: number }; positions: Timing & { points: number } }> {
  const token = await tokenFor(role)
  const g = await timed(() => rpc(api, token, 'bench_geojson', {}, 'application/json'), runs)
  // Count features without JSON.parse of up to 100 MB: one "Feature" type string per feature.
  const text = new TextDecoder().decode(g.last.body)
  let features = 0
  for (let i = text.indexOf('"Feature"'); i >= 0; i = text.indexOf('"Feature"', i + 9)) features++
  const p = await timed(() => rpc(api, token, 'bench_positions', {}, 'application/octet-stream'), runs)
  return { geojson: { ...g.t, features }, positions: { ...p.t, points: Math.floor(p.last.bytes / 9) } }
}
