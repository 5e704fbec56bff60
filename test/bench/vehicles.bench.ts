// npm run bench:vehicles -- [--db pglite|native|both] [--seconds 60] [--vehicles 2000] [--clients 2]
//                           [--zones 50] [--burst-seconds 15] [--baseline-seconds 10] [--port 27200] [--scale 0.05]
// Live dangerous-goods vehicles (issue 19): `vehicles` vehicles, each sending one fix every 10 s
// (2,000 vehicles → 200 fixes/s), through ingest_vehicle_positions (supabase-js → gateway →
// PostgREST → PostgreSQL) as the carrier's ingestion identity, from `clients` platform
// connections that each send, every second, the fixes that fell due; every fix is checked against
// the restricted zones (the demo city's plus `zones` bench zones of 500 m spread over the fleet's
// area, so vehicles enter some now and then), the stop rule and the jump rule.
// Measured, in real time for `seconds`: fixes/s accepted (does it keep up?), batch p50 / p95, and
// the alert delay: every ~2.5 s a probe vehicle sends a fix entering a zone, and a command-centre
// client polling vehicle_alerts every 20 ms measures from sending that fix to reading its alert
// (p50 / p95). Then `burst-seconds` flat out (batches of ≤ 1,000 back to back) for the capacity in
// fixes/s. Baseline in the same run: one INSERT per fix (no rules), sequential, through the local
// stack's SQL endpoint, for `baseline-seconds`. The stack runs in a child process. Not in npm test.
import { parseArgs } from 'node:util'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { SignJWT } from 'jose'
import { jwtSecretKey } from '../../supabase/local/keys.ts'
import { httpSqlExecutor } from '../../supabase/local/sql-http.ts'
import { DEMO_ENTERPRISE_ID } from '../../supabase/seed/demo-users.ts'
import { nativePostgresUnavailable } from '../helpers/native-pg.ts'
import { clientOptions } from '../helpers/stack.ts'
import { serveStack } from './load/child.ts'

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'both' },
    seconds: { type: 'string', default: '60' },
    vehicles: { type: 'string', default: '2000' },
    clients: { type: 'string', default: '2' },
    zones: { type: 'string', default: '50' },
    'burst-seconds': { type: 'string', default: '15' },
    'baseline-seconds': { type: 'string', default: '10' },
    port: { type: 'string', default: '27200' },
    scale: { type: 'string', default: '0.05' },
  },
})
const seconds = Number(values.seconds)
const nVehicles = Number(values.vehicles)
const clients = Number(values.clients)
const nZones = Number(values.zones)
const burstSeconds = Number(values['burst-seconds'])
const baselineSeconds = Number(values['baseline-seconds'])
if (!['pglite', 'native', 'both'].includes(values.db!)) throw new Error('--db must be pglite, native or both')
if (!(nVehicles >= 10 && nVehicles <= 99_999)) throw new Error('--vehicles must be 10 to 99,999')
const dbs = (values.db === 'both' ? ['pglite', 'native'] : [values.db]) as Array<'pglite' | 'native'>
const log = (m: string): void => console.log(m)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!)
}

async function tokenFor(claims: Record<string, unknown>): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT({ iat: now, exp: now + 7200, ...claims }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(jwtSecretKey())
}
const clientAs = (url: string, anonKey: string, token: string): SupabaseClient =>
  createClient(url, anonKey, { ...clientOptions, global: { headers: { Authorization: `Bearer ${token}` } } })

// The fleet's area: around 江门's centre (蓬江, 江海, 新会), inside the served region.
const BOX = { w: 112.98, s: 22.45, e: 113.16, n: 22.66 }
const M_PER_DEG_LAT = 110_574
const mPerDegLon = (lat: number) => 111_320 * Math.cos((lat * Math.PI) / 180)
const plateOf = (i: number) => `粤Z${String(i).padStart(5, '0')}`
const PROBE = '粤ZP0001'

interface Car {
  lon: number
  lat: number
  heading: number
  kmh: number
  due: number
}

interface Result {
  db: string
  realtimePerS: number
  offeredPerS: number
  batchP50: number
  batchP95: number
  delayP50: number
  delayP95: number
  probes: number
  alerts: number
  burstPerS: number
  baselinePerS: number
  errors: number
}
const results: Result[] = []

for (const db of dbs) {
  if (db === 'native' && nativePostgresUnavailable()) {
    log(`native: skipped (${nativePostgresUnavailable()})`)
    continue
  }
  log(`\n${db}: starting the stack (demo city, scale ${values.scale})…`)
  const stack = await serveStack(db, Number(values.port), Number(values.scale), log)
  try {
    const sql = httpSqlExecutor(stack.url, stack.serviceRoleKey)
    await sql.exec(`
      insert into public.dg_vehicles (plate, carrier_enterprise_id, un_number, hazard_class, capacity_t)
      select '粤Z' || lpad(g::text, 5, '0'), '${DEMO_ENTERPRISE_ID}', 'UN1203', '3', 30 from generate_series(0, ${nVehicles - 1}) g;
      insert into public.dg_vehicles (plate, carrier_enterprise_id, un_number, hazard_class, capacity_t)
      values ('${PROBE}', '${DEMO_ENTERPRISE_ID}', 'UN1075', '2.1', 20);
      insert into public.vehicle_restricted_zones (name, geom)
      select '压测禁行区 ' || g, extensions.st_makeenvelope(x - 0.0025, y - 0.0025, x + 0.0025, y + 0.0025, 4326)
      from (select g, ${BOX.w} + random() * ${BOX.e - BOX.w} as x, ${BOX.s} + random() * ${BOX.n - BOX.s} as y
            from generate_series(1, ${nZones}) g) z;
      analyze public.dg_vehicles; analyze public.vehicle_restricted_zones; analyze public.vehicle_latest;`)
    // the probe's zone: a 500 m square of its own, west of the fleet
    const probeZone = [112.9, 22.5] as const
    await sql.exec(`insert into public.vehicle_restricted_zones (name, geom)
      values ('压测探针禁行区', extensions.st_makeenvelope(${probeZone[0] - 0.0025}, ${probeZone[1] - 0.0025}, ${probeZone[0] + 0.0025}, ${probeZone[1] + 0.0025}, 4326))`)
    const { rows: probeRow } = await sql.query<{ id: string }>(`select id from public.dg_vehicles where plate = '${PROBE}'`)
    const probeId = probeRow[0]!.id
    const ingestToken = await tokenFor({
      sub: '00000000-0000-4000-8000-00000000b019',
      role: 'authenticated',
      aud: 'authenticated',
      app_metadata: { app_role: 'ingest', enterprise_id: DEMO_ENTERPRISE_ID },
    })
    const commandToken = await tokenFor({
      sub: '00000000-0000-4000-8000-00000000b020',
      role: 'authenticated',
      aud: 'authenticated',
      app_metadata: { app_role: 'command' },
    })
    const reader = clientAs(stack.url, stack.anonKey, commandToken)
    // the probe's virtual clock: an hour ago, 20 s on per probe, across the warm-up and the run
    let vt = Date.now() - 3_600_000

    // The fleet: random positions in the box, 30–80 km/h, turning a little each fix, bouncing
    // off the box; vehicle i is due every 10 s at its own offset.
    const start = Date.now()
    const cars: Car[] = Array.from({ length: nVehicles }, (_, i) => ({
      lon: BOX.w + Math.random() * (BOX.e - BOX.w),
      lat: BOX.s + Math.random() * (BOX.n - BOX.s),
      heading: Math.random() * 360,
      kmh: 30 + Math.random() * 50,
      due: start + (i % 10_000) * (10_000 / nVehicles),
    }))
    const step = (c: Car, dtS: number) => {
      c.heading = (c.heading + (Math.random() - 0.5) * 30 + 360) % 360
      const d = (c.kmh / 3.6) * dtS
      const rad = (c.heading * Math.PI) / 180
      c.lon += (d * Math.sin(rad)) / mPerDegLon(c.lat)
      c.lat += (d * Math.cos(rad)) / M_PER_DEG_LAT
      if (c.lon < BOX.w || c.lon > BOX.e) c.heading = (360 - c.heading) % 360
      if (c.lat < BOX.s || c.lat > BOX.n) c.heading = (540 - c.heading) % 360
      c.lon = Math.min(BOX.e, Math.max(BOX.w, c.lon))
      c.lat = Math.min(BOX.n, Math.max(BOX.s, c.lat))
    }
    const fixOf = (i: number, t: number) => ({
      plate: plateOf(i),
      t: new Date(t).toISOString(),
      lon: +cars[i]!.lon.toFixed(6),
      lat: +cars[i]!.lat.toFixed(6),
      speed_kmh: Math.round(cars[i]!.kmh),
      heading: Math.round(cars[i]!.heading),
    })
    /** The fixes due by now, each vehicle moved on by 10 s. */
    const due = () => {
      const now = Date.now()
      const out: ReturnType<typeof fixOf>[] = []
      for (let i = 0; i < nVehicles; i++) {
        const c = cars[i]!
        if (c.due > now) continue
        step(c, 10)
        out.push(fixOf(i, c.due))
        c.due += 10_000
      }
      return out
    }

    const workers = Array.from({ length: clients }, () => clientAs(stack.url, stack.anonKey, ingestToken))
    let accepted = 0
    let offered = 0
    let errors = 0
    const batchMs: number[] = []
    const send = async (w: SupabaseClient, fixes: unknown[], label: string) => {
      const b0 = performance.now()
      const { data, error } = await w.rpc('ingest_vehicle_positions', { positions: fixes })
      batchMs.push(performance.now() - b0)
      if (error) {
        errors++
        if (errors < 5) log(`  ${label}: ${error.message}`)
      } else {
        accepted += data.accepted
        if (data.rejected.length && errors++ < 5) log(`  ${label}: ${JSON.stringify(data.rejected[0])}`)
      }
    }

    // Real time: every second, the fixes due, split over the clients (each client one request in
    // flight; a late client's share waits for the next round).
    const realtime = async (secs: number, measure: boolean) => {
      const end = Date.now() + secs * 1000
      accepted = 0
      offered = 0
      batchMs.length = 0
      const delays: number[] = []
      const t0 = performance.now()
      const busy = new Array<Promise<void> | null>(clients).fill(null)
      const pending: unknown[][] = Array.from({ length: clients }, () => [])
      const loop = (async () => {
        while (Date.now() < end) {
          const fixes = due()
          offered += fixes.length
          fixes.forEach((f, k) => pending[k % clients]!.push(f))
          for (let c = 0; c < clients; c++) {
            if (busy[c] || !pending[c]!.length) continue
            const chunk = pending[c]!.splice(0, 5000)
            busy[c] = send(workers[c]!, chunk, 'realtime').finally(() => (busy[c] = null))
          }
          await sleep(1000)
        }
        await Promise.all(busy.filter(Boolean))
      })()
      // The probe: outside, then 10 s later (virtual time) 300 m on, inside the probe zone.
      const probe = (async () => {
        const prober = clientAs(stack.url, stack.anonKey, ingestToken)
        while (Date.now() < end - 3000) {
          await sleep(2500)
          vt += 20_000
          const outside = { plate: PROBE, t: new Date(vt - 10_000).toISOString(), lon: probeZone[0] - 0.004, lat: probeZone[1], speed_kmh: 40 }
          await prober.rpc('ingest_vehicle_positions', { positions: [outside] })
          const t = new Date(vt).toISOString()
          const sent = performance.now()
          const r = await prober.rpc('ingest_vehicle_positions', { positions: [{ plate: PROBE, t, lon: probeZone[0], lat: probeZone[1], speed_kmh: 40 }] })
          if (r.error || r.data.accepted !== 1) {
            errors++
            if (errors < 5) log(`  probe: ${r.error?.message ?? JSON.stringify(r.data)}`)
            continue
          }
          for (;;) {
            const { data } = await reader.from('vehicle_alerts').select('id').eq('vehicle_id', probeId).eq('at', t).limit(1)
            if (data?.length) break
            if (performance.now() - sent > 15_000) break
            await sleep(20)
          }
          delays.push(performance.now() - sent)
        }
      })()
      await Promise.all([loop, probe])
      const elapsed = (performance.now() - t0) / 1000
      return measure ? { perS: Math.round(accepted / elapsed), offeredPerS: Math.round(offered / elapsed), delays } : null
    }

    log(`${db}: warm-up 10 s…`)
    await realtime(10, false)
    log(`${db}: ${nVehicles} vehicles, one fix per 10 s each, ${clients} connections, real time for ${seconds} s…`)
    const m = (await realtime(seconds, true))!
    const p50 = pct(batchMs, 50)
    const p95 = pct(batchMs, 95)
    const { rows: alertRows } = await sql.query<{ n: number }>(
      `select count(*)::int as n from public.vehicle_alerts where created_at > now() - interval '10 minutes'`,
    )

    // Flat out: batches of 1,000 fixes (each vehicle 10 s on), back to back from every client.
    log(`${db}: flat out for ${burstSeconds} s…`)
    let burstAccepted = 0
    const bEnd = Date.now() + burstSeconds * 1000
    const b0 = performance.now()
    await Promise.all(
      workers.map(async (w) => {
        while (Date.now() < bEnd) {
          const fixes: ReturnType<typeof fixOf>[] = []
          for (let k = 0; k < 1000; k++) {
            const i = Math.floor(Math.random() * nVehicles)
            const c = cars[i]!
            // fix times stay within 4 minutes ahead (the RPC refuses more than 5)
            if (c.due > Date.now() + 240_000) continue
            step(c, 10)
            fixes.push(fixOf(i, c.due))
            c.due += 10_000
          }
          if (!fixes.length) break
          const { data, error } = await w.rpc('ingest_vehicle_positions', { positions: fixes })
          if (error) {
            if (errors++ < 5) log(`  burst: ${error.message}`)
          } else burstAccepted += data.accepted
        }
      }),
    )
    const burstPerS = Math.round(burstAccepted / ((performance.now() - b0) / 1000))

    // Baseline: one INSERT per fix, sequential, straight into the table (no rules).
    log(`${db}: baseline, one INSERT per fix for ${baselineSeconds} s…`)
    const { rows: ids } = await sql.query<{ id: string }>(`select id from public.dg_vehicles where plate like '粤Z0%' order by plate limit 200`)
    let baseN = 0
    const end = Date.now() + baselineSeconds * 1000
    const t0 = performance.now()
    while (Date.now() < end) {
      await sql.query(
        `insert into public.vehicle_positions (vehicle_id, t, geom, speed_kmh, heading)
         values ($1, $2, extensions.st_setsrid(extensions.st_makepoint($3, $4), 4326), 40, 90) on conflict do nothing`,
        [ids[baseN % ids.length]!.id, new Date(Date.now() - 7_200_000 - baseN).toISOString(), 113.05, 22.55],
      )
      baseN++
    }
    const baselinePerS = Math.round(baseN / ((performance.now() - t0) / 1000))
    const r: Result = {
      db,
      realtimePerS: m.perS,
      offeredPerS: m.offeredPerS,
      batchP50: p50,
      batchP95: p95,
      delayP50: pct(m.delays, 50),
      delayP95: pct(m.delays, 95),
      probes: m.delays.length,
      alerts: alertRows[0]!.n,
      burstPerS,
      baselinePerS,
      errors,
    }
    results.push(r)
    log(
      `  real time: ${r.realtimePerS} of ${r.offeredPerS} fixes/s offered (batch p50 ${r.batchP50} ms, p95 ${r.batchP95} ms), alert readable after p50 ${r.delayP50} ms / p95 ${r.delayP95} ms (${r.probes} probes), ${r.alerts} alerts; flat out ${r.burstPerS} fixes/s; baseline ${r.baselinePerS} fixes/s; ${r.errors} errors`,
    )
  } finally {
    await stack.stop()
  }
}

log(
  `\n| ${nVehicles} vehicles, 1 fix / 10 s, ${nZones + 4} zones | fixes/s (offered) | batch p50 / p95 | alert readable p50 / p95 | flat out | baseline: one INSERT per fix |`,
)
log('| --- | --- | --- | --- | --- | --- |')
for (const r of results) {
  log(
    `| ${r.db} | ${r.realtimePerS} (${r.offeredPerS}) | ${r.batchP50} / ${r.batchP95} ms | ${r.delayP50} / ${r.delayP95} ms (${r.probes} probes) | ${r.burstPerS} fixes/s | ${r.baselinePerS} fixes/s |`,
  )
}
process.exit(0)
