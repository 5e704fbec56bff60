// npm run bench:ingest -- [--db pglite|native|both] [--seconds 60] [--channels 2000] [--batch 1000]
//                         [--clients 4] [--baseline-seconds 10] [--port 26300] [--scale 0.05]
// Sustained ingestion with alarm evaluation (issue 17): `clients` gateways each send batches of
// `batch` readings through ingest_readings (supabase-js → gateway → PostgREST → PostgreSQL) as the
// demo enterprise's ingestion identity, for `seconds`; values drift with occasional excursions
// above H, so alarms are raised and cleared all along. Measured: readings/s accepted, and the
// delay from sending a reading that crosses H on a probe channel to that alarm being readable by
// the command centre (a separate client polling monitoring_alarms every 20 ms), p50 / p95.
// Baseline in the same run: one INSERT per reading (no batching, no alarm rules), sequential,
// through the local stack's SQL endpoint, for `baseline-seconds`.
// The stack runs in a child process (test/bench/load/serve.ts), so this process's CPU is apart.
// Not part of npm test.
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
    channels: { type: 'string', default: '2000' },
    batch: { type: 'string', default: '1000' },
    clients: { type: 'string', default: '4' },
    'baseline-seconds': { type: 'string', default: '10' },
    port: { type: 'string', default: '26300' },
    scale: { type: 'string', default: '0.05' },
  },
})
const seconds = Number(values.seconds)
const nChannels = Number(values.channels)
const batch = Number(values.batch)
const clients = Number(values.clients)
const baselineSeconds = Number(values['baseline-seconds'])
if (!['pglite', 'native', 'both'].includes(values.db!)) throw new Error('--db must be pglite, native or both')
if (!(batch >= 1 && batch <= 5000)) throw new Error('--batch must be 1 to 5000 (the RPC refuses more)')
const dbs = (values.db === 'both' ? ['pglite', 'native'] : [values.db]) as Array<'pglite' | 'native'>
const log = (m: string): void => console.log(m)
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

interface Result {
  db: string
  readingsPerS: number
  batches: number
  batchP50: number
  batchP95: number
  alarmDelayP50: number
  alarmDelayP95: number
  probes: number
  alarmsRaised: number
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
    // Bench channels on the demo enterprise's hazard sources, plus one probe channel (hold 0 s).
    await sql.exec(`
      insert into public.monitoring_channels (hazard_source_id, code, name, kind, range_min, range_max, l, h, hh, interval_s, clear_hold_s)
      select h.id, 'BENCH-' || g, '压测通道 ' || g, 'temperature', 0, 200, 20, 80, 100, 10, 30
      from generate_series(1, ${nChannels}) g
      cross join lateral (select id from public.hazard_sources where enterprise_id = '${DEMO_ENTERPRISE_ID}' order by id limit 1) h;
      insert into public.monitoring_channels (hazard_source_id, code, name, kind, range_min, range_max, h, interval_s, clear_hold_s)
      select id, 'BENCH-PROBE', '延迟探针', 'temperature', 0, 200, 80, 10, 0
      from public.hazard_sources where enterprise_id = '${DEMO_ENTERPRISE_ID}' order by id limit 1;
      analyze public.monitoring_channels;`)
    const { rows: probeRow } = await sql.query<{ id: string }>(`select id from public.monitoring_channels where code = 'BENCH-PROBE'`)
    const probeId = probeRow[0]!.id
    const ingestToken = await tokenFor({
      sub: '00000000-0000-4000-8000-00000000b001',
      role: 'authenticated',
      aud: 'authenticated',
      app_metadata: { app_role: 'ingest', enterprise_id: DEMO_ENTERPRISE_ID },
    })
    const commandToken = await tokenFor({
      sub: '00000000-0000-4000-8000-00000000b002',
      role: 'authenticated',
      aud: 'authenticated',
      app_metadata: { app_role: 'command' },
    })
    const reader = clientAs(stack.url, stack.anonKey, commandToken)

    // Reading time: a virtual clock that starts 3 h ago and advances 10 s per round of all
    // channels (each channel reads every 10 s), never past now.
    const state = Array.from({ length: nChannels }, () => 40 + Math.random() * 20)
    let cursor = 0
    let round = 0
    const tStart = Date.now() - 3 * 3_600_000
    const nextBatch = () => {
      const out: Array<{ channel: string; t: string; v: number }> = []
      for (let k = 0; k < batch; k++) {
        const i = cursor
        cursor = (cursor + 1) % nChannels
        if (cursor === 0) round++
        let v = state[i]! + (Math.random() - 0.5) * 2
        v = Math.min(70, Math.max(30, v))
        state[i] = v
        // about one reading in 2,000 is an excursion above H (it clears after the 30 s hold)
        const x = Math.random() < 0.0005 ? 85 + Math.random() * 10 : v
        out.push({
          channel: `BENCH-${i + 1}`,
          t: new Date(Math.min(Date.now() - 1000, tStart + round * 10_000 + (i % 10_000))).toISOString(),
          v: +x.toFixed(2),
        })
      }
      return out
    }

    const run = async (label: string, secs: number, measure: boolean) => {
      const workers = Array.from({ length: clients }, () => clientAs(stack.url, stack.anonKey, ingestToken))
      const end = Date.now() + secs * 1000
      let accepted = 0
      let errors = 0
      const batchMs: number[] = []
      const delays: number[] = []
      const t0 = performance.now()
      const work = workers.map(async (w) => {
        while (Date.now() < end) {
          const b0 = performance.now()
          const { data, error } = await w.rpc('ingest_readings', { readings: nextBatch() })
          batchMs.push(performance.now() - b0)
          if (error) {
            errors++
            if (errors < 5) log(`  ${label}: ${error.message}`)
          } else accepted += data.accepted
        }
      })
      // The probe: every ~2 s a crossing (90) then a clear (10) on the probe channel; the delay
      // is from sending the crossing to the command centre reading the new alarm.
      const probe = (async () => {
        const prober = clientAs(stack.url, stack.anonKey, ingestToken)
        let s = 0
        while (Date.now() < end - 2500) {
          await new Promise((r) => setTimeout(r, 2000))
          const t = new Date(Date.now() - 500 - (++s % 2) * 10).toISOString()
          const sent = performance.now()
          const r = await prober.rpc('ingest_readings', { readings: [{ channel: 'BENCH-PROBE', t, v: 90 }] })
          if (r.error) {
            errors++
            continue
          }
          for (;;) {
            const { data } = await reader.from('monitoring_alarms').select('id').eq('channel_id', probeId).eq('raised_at', t).limit(1)
            if (data?.length) break
            if (performance.now() - sent > 10_000) break
            await new Promise((r2) => setTimeout(r2, 20))
          }
          delays.push(performance.now() - sent)
          await prober.rpc('ingest_readings', { readings: [{ channel: 'BENCH-PROBE', t: new Date(Date.now() - 400).toISOString(), v: 10 }] })
        }
      })()
      await Promise.all([...work, probe])
      const elapsed = (performance.now() - t0) / 1000
      if (measure) {
        const { rows } = await sql.query<{ n: number }>(
          `select count(*)::int as n from public.monitoring_alarms a join public.monitoring_channels c on c.id = a.channel_id where c.code like 'BENCH-%'`,
        )
        return { rps: Math.round(accepted / elapsed), batches: batchMs.length, batchMs, delays, errors, alarms: rows[0]!.n }
      }
      return null
    }

    log(`${db}: warm-up 5 s…`)
    await run('warm-up', 5, false)
    log(`${db}: ${clients} gateways × batches of ${batch} over ${nChannels} channels for ${seconds} s…`)
    const m = (await run('measured', seconds, true))!

    // Baseline: one INSERT per reading, sequential, straight into the table (no alarm rules).
    log(`${db}: baseline, one INSERT per reading for ${baselineSeconds} s…`)
    const { rows: chIds } = await sql.query<{ id: string }>(
      `select id from public.monitoring_channels where code like 'BENCH-%' and code <> 'BENCH-PROBE' order by code limit 200`,
    )
    let baseN = 0
    const bEnd = Date.now() + baselineSeconds * 1000
    const b0 = performance.now()
    while (Date.now() < bEnd) {
      const ch = chIds[baseN % chIds.length]!.id
      await sql.query(`insert into public.monitoring_readings (channel_id, t, v) values ($1, $2, $3) on conflict do nothing`, [
        ch,
        new Date(Date.now() - 3_600_000 - baseN).toISOString(),
        50,
      ])
      baseN++
    }
    const baselinePerS = Math.round(baseN / ((performance.now() - b0) / 1000))
    const r: Result = {
      db,
      readingsPerS: m.rps,
      batches: m.batches,
      batchP50: pct(m.batchMs, 50),
      batchP95: pct(m.batchMs, 95),
      alarmDelayP50: pct(m.delays, 50),
      alarmDelayP95: pct(m.delays, 95),
      probes: m.delays.length,
      alarmsRaised: m.alarms,
      baselinePerS,
      errors: m.errors,
    }
    results.push(r)
    log(
      `  ${r.readingsPerS} readings/s (${r.batches} batches, p50 ${r.batchP50} ms, p95 ${r.batchP95} ms), alarm readable after p50 ${r.alarmDelayP50} ms / p95 ${r.alarmDelayP95} ms (${r.probes} probes), ${r.alarmsRaised} alarms, ${r.errors} errors; baseline ${r.baselinePerS} readings/s`,
    )
  } finally {
    await stack.stop()
  }
}

log(
  '\n| database | readings/s (batches of ' +
    batch +
    ', ' +
    clients +
    ' gateways) | batch p50 / p95 | alarm readable p50 / p95 | alarms | baseline: one INSERT per reading |',
)
log('| --- | --- | --- | --- | --- | --- |')
for (const r of results) {
  log(
    `| ${r.db} | ${r.readingsPerS} | ${r.batchP50} / ${r.batchP95} ms | ${r.alarmDelayP50} / ${r.alarmDelayP95} ms (${r.probes} probes) | ${r.alarmsRaised} | ${r.baselinePerS} readings/s (${(r.readingsPerS / Math.max(1, r.baselinePerS)).toFixed(1)}× less) |`,
  )
}
process.exit(0)
