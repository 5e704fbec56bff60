// The demo city's dangerous-goods vehicles (issue 19), started with the monitoring simulator by
// `npm start` (off with --no-sim; never in tests). Every 10 s each carrier's platform sends the
// fixes of its vehicles through ingest_vehicle_positions as that carrier's ingestion identity (a
// JWT with app_role 'ingest' and its enterprise_id, signed with the local stack's secret).
// Routes are synthetic: straight lines between the chemical parks and points in the districts at
// 35–70 km/h, a stop of 1–3 minutes at each end (loading, unloading), and now and then (one trip
// in ten) a detour through a demo restricted zone, so the wall sees zone entries. Now and then a
// vehicle falls silent for ten minutes (about 3 % at any time: signal_lost, then signal_restored).
// Every 5 s it runs vehicle_sweep, every hour vehicle_maintain_partitions. The first fixes come
// from app.vehicle_seed_demo() (idempotent).
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { SignJWT } from 'jose'
import type { SqlExecutor } from './db.ts'
import { jwtSecretKey } from './keys.ts'

export interface VehicleSimulatorOptions {
  url: string
  anonKey: string
  serviceRoleKey: string
  db: SqlExecutor
  intervalMs?: number
  log?: (msg: string) => void
}

type P = [number, number]
interface SimVehicle {
  plate: string
  carrier: string
  pos: P
  /** the waypoints still ahead; the last is the trip's end */
  route: P[]
  kmh: number
  heading: number
  /** ticks left standing at a trip's end */
  pause: number
  /** ticks left without a signal */
  silent: number
  /** the next trip's end: a park (true) or a district point */
  toPark: boolean
}

const noRealtime = class {
  constructor() {
    throw new Error('no Realtime on the local stack')
  }
}

function client(url: string, anonKey: string, token: string): SupabaseClient {
  return createClient(url, anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: noRealtime as never },
    global: { headers: { Authorization: `Bearer ${token}` } },
  })
}

async function token(claims: Record<string, unknown>): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT({ iat: now, exp: now + 30 * 24 * 3600, aud: 'authenticated', ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(jwtSecretKey())
}

const M_PER_DEG_LAT = 110_574
const mPerDegLon = (lat: number) => 111_320 * Math.cos((lat * Math.PI) / 180)
function metres(a: P, b: P): number {
  const dx = (b[0] - a[0]) * mPerDegLon((a[1] + b[1]) / 2)
  const dy = (b[1] - a[1]) * M_PER_DEG_LAT
  return Math.hypot(dx, dy)
}
function bearing(a: P, b: P): number {
  const dx = (b[0] - a[0]) * mPerDegLon((a[1] + b[1]) / 2)
  const dy = (b[1] - a[1]) * M_PER_DEG_LAT
  return ((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 360
}

export async function startVehicleSimulator(opts: VehicleSimulatorOptions): Promise<{ stop(): Promise<void>; vehicles: number }> {
  const log = opts.log ?? ((m: string) => console.log(m))
  const intervalMs = opts.intervalMs ?? 10_000
  const { rows: has } = await opts.db.query<{ present: boolean }>("select to_regprocedure('app.vehicle_seed_demo()') is not null as present")
  if (!has[0]?.present) return { stop: async () => {}, vehicles: 0 }
  await opts.db.query('select app.vehicle_seed_demo()')
  const { rows } = await opts.db.query<{ plate: string; carrier: string; lon: number | null; lat: number | null }>(
    `select v.plate, v.carrier_enterprise_id::text as carrier, extensions.st_x(l.geom) as lon, extensions.st_y(l.geom) as lat
     from public.dg_vehicles v join public.vehicle_latest l on l.vehicle_id = v.id
     where v.is_demo and v.in_service order by v.plate`,
  )
  const pointsOf = async (q: string): Promise<P[]> => (await opts.db.query<{ x: number; y: number }>(q)).rows.map((r) => [r.x, r.y] as P)
  const parks = await pointsOf(
    `select extensions.st_x(p) x, extensions.st_y(p) y from (select extensions.st_pointonsurface(geom) p from public.chemical_parks order by id) s`,
  )
  const districts = await pointsOf(
    `select extensions.st_x(p) x, extensions.st_y(p) y from (select extensions.st_pointonsurface(geom) p from public.areas where level = 'street' order by code) s`,
  )
  const zones = await pointsOf(
    `select extensions.st_x(p) x, extensions.st_y(p) y from (select extensions.st_pointonsurface(geom) p from public.vehicle_restricted_zones where is_demo order by id) s`,
  )
  if (!rows.length || !parks.length || !districts.length) {
    log('[sim] no demo vehicles, parks or districts: vehicle simulator off')
    return { stop: async () => {}, vehicles: 0 }
  }
  // A fixed pseudo-random sequence, so every start shows a similar city.
  let s = 20261213
  const rnd = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648
    return s / 2147483648
  }
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
  const plan = (v: SimVehicle): void => {
    const end = v.toPark ? pick(parks) : pick(districts)
    v.toPark = !v.toPark
    v.route = zones.length && rnd() < 0.1 ? [pick(zones), end] : [end]
    v.kmh = 35 + rnd() * 35
  }
  const vehicles: SimVehicle[] = rows.map((r) => {
    const v: SimVehicle = {
      plate: r.plate,
      carrier: r.carrier,
      pos: r.lon === null || r.lat === null ? pick(parks) : [r.lon, r.lat],
      route: [],
      kmh: 0,
      heading: 0,
      pause: 0,
      silent: 0,
      toPark: rnd() < 0.5,
    }
    plan(v)
    return v
  })

  const service = client(opts.url, opts.anonKey, opts.serviceRoleKey)
  const platforms = new Map<string, SupabaseClient>()
  for (const carrier of new Set(vehicles.map((v) => v.carrier))) {
    platforms.set(
      carrier,
      client(
        opts.url,
        opts.anonKey,
        await token({
          sub: `00000000-0000-4000-8000-${carrier.slice(-12)}`,
          role: 'authenticated',
          app_metadata: { app_role: 'ingest', enterprise_id: carrier },
        }),
      ),
    )
  }

  let failures = 0
  let busy = false
  let stopped = false
  const tick = async (): Promise<void> => {
    if (busy || stopped) return // the previous round is still being written (a slow database)
    busy = true
    try {
      const t = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString()
      const dt = intervalMs / 1000
      const byCarrier = new Map<string, unknown[]>()
      for (const v of vehicles) {
        let speed = 0
        if (v.pause > 0) v.pause--
        else {
          let left = (v.kmh / 3.6) * dt
          while (left > 0 && v.route.length) {
            const next = v.route[0]!
            const d = metres(v.pos, next)
            v.heading = bearing(v.pos, next)
            if (d <= left) {
              v.pos = next
              v.route.shift()
              left -= d
            } else {
              const f = left / d
              v.pos = [v.pos[0] + (next[0] - v.pos[0]) * f, v.pos[1] + (next[1] - v.pos[1]) * f]
              left = 0
            }
          }
          speed = v.kmh
          if (!v.route.length) {
            v.pause = 6 + Math.floor(rnd() * 12)
            plan(v)
          }
        }
        if (v.silent > 0) {
          v.silent--
          continue
        }
        if (rnd() < 0.0005) v.silent = Math.round(600 / dt) // at any time about 3 % are silent
        const list = byCarrier.get(v.carrier) ?? []
        list.push({ plate: v.plate, t, lon: +v.pos[0].toFixed(6), lat: +v.pos[1].toFixed(6), speed_kmh: Math.round(speed), heading: Math.round(v.heading) })
        byCarrier.set(v.carrier, list)
      }
      await Promise.all(
        [...byCarrier].map(async ([carrier, positions]) => {
          const { data, error } = await platforms.get(carrier)!.rpc('ingest_vehicle_positions', { positions })
          if (error && failures++ < 5) log(`[sim] ingest_vehicle_positions: ${error.message}`)
          else if (data?.rejected?.length && failures++ < 5) log(`[sim] ingest_vehicle_positions refused: ${JSON.stringify(data.rejected[0])}`)
        }),
      )
    } finally {
      busy = false
    }
  }
  const sweep = async (): Promise<void> => {
    const { error } = await service.rpc('vehicle_sweep', {})
    if (error && failures++ < 5) log(`[sim] vehicle_sweep: ${error.message}`)
  }
  const maintain = async (): Promise<void> => {
    const { error } = await service.rpc('vehicle_maintain_partitions', {})
    if (error && failures++ < 5) log(`[sim] vehicle_maintain_partitions: ${error.message}`)
  }
  await maintain()
  await tick()
  const timers = [setInterval(() => void tick(), intervalMs), setInterval(() => void sweep(), 5_000), setInterval(() => void maintain(), 3_600_000)]
  log(`[sim] ${vehicles.length} demo dangerous-goods vehicles of ${platforms.size} carriers every ${intervalMs / 1000} s (synthetic routes)`)
  return {
    vehicles: vehicles.length,
    async stop() {
      stopped = true
      for (const t of timers) clearInterval(t)
      while (busy) await new Promise((r) => setTimeout(r, 50))
    },
  }
}
