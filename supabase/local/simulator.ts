// The demo city's monitoring gateways (issue 17), started by `npm start` (off with --no-sim; never
// in tests, which do not go through start.ts). Every 10 s each enterprise's gateway sends the
// readings of its channels through ingest_readings, as that enterprise's ingestion identity (a JWT
// with app_role 'ingest' and its enterprise_id, signed with the local stack's secret), like a real
// gateway: values drift around the middle of their normal band, now and then one goes above H for
// about a minute (and once in a while above HH), and a few channels (about 1 %) never report, so
// the wall shows some offline. Every 5 s it runs monitoring_sweep (offline, escalation), every
// hour monitoring_maintain_partitions. Channels: app.monitoring_seed_demo() (idempotent).
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { SignJWT } from 'jose'
import type { SqlExecutor } from './db.ts'
import { jwtSecretKey } from './keys.ts'
import { startVehicleSimulator } from './simulator-vehicles.ts'

export interface SimulatorOptions {
  url: string
  anonKey: string
  serviceRoleKey: string
  /** superuser SQL of the stack (to create the demo channels and list them) */
  db: SqlExecutor
  intervalMs?: number
  log?: (msg: string) => void
}

interface SimChannel {
  code: string
  enterprise_id: string
  range_min: number
  range_max: number
  l: number | null
  h: number | null
  hh: number | null
  value: number
  /** readings left in an excursion above H */
  excursion: number
  silent: boolean
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

export async function startSimulator(opts: SimulatorOptions): Promise<{ stop(): Promise<void>; channels: number }> {
  const log = opts.log ?? ((m: string) => console.log(m))
  const vehicleSim = await startVehicleSimulator(opts) // issue 19: the demo dangerous-goods vehicles
  const intervalMs = opts.intervalMs ?? 10_000
  const { rows: has } = await opts.db.query<{ present: boolean }>("select to_regprocedure('app.monitoring_seed_demo()') is not null as present")
  if (!has[0]?.present) {
    log('[sim] no monitoring schema: simulator off')
    return { stop: vehicleSim.stop, channels: 0 }
  }
  await opts.db.query('select app.monitoring_seed_demo()')
  const { rows } = await opts.db.query<Omit<SimChannel, 'value' | 'excursion' | 'silent'>>(
    `select code, enterprise_id::text, range_min, range_max, l, h, hh from public.monitoring_channels where is_demo order by code`,
  )
  // A fixed pseudo-random sequence, so every start shows a similar city.
  let s = 20261209
  const rnd = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648
    return s / 2147483648
  }
  const channels: SimChannel[] = rows.map((r) => {
    const lo = r.l ?? r.range_min
    const hi = r.h ?? r.range_max
    return { ...r, value: lo + (hi - lo) * (0.3 + 0.4 * rnd()), excursion: 0, silent: rnd() < 0.01 }
  })
  const byEnterprise = new Map<string, SimChannel[]>()
  for (const c of channels) byEnterprise.set(c.enterprise_id, [...(byEnterprise.get(c.enterprise_id) ?? []), c])
  const gateways = new Map<string, SupabaseClient>()
  for (const e of byEnterprise.keys()) {
    gateways.set(
      e,
      client(
        opts.url,
        opts.anonKey,
        await token({ sub: `00000000-0000-4000-8000-${e.slice(-12)}`, role: 'authenticated', app_metadata: { app_role: 'ingest', enterprise_id: e } }),
      ),
    )
  }
  const service = client(opts.url, opts.anonKey, opts.serviceRoleKey)

  let stopped = false
  let busy = false
  let failures = 0
  const tick = async (): Promise<void> => {
    if (busy || stopped) return
    busy = true
    try {
      const t = new Date().toISOString()
      await Promise.all(
        [...byEnterprise].map(async ([e, cs]) => {
          const readings = cs
            .filter((c) => !c.silent)
            .map((c) => {
              const lo = c.l ?? c.range_min
              const hi = c.h ?? c.range_max
              const mid = (lo + hi) / 2
              c.value += (mid - c.value) * 0.05 + (hi - lo) * 0.03 * (rnd() - 0.5)
              c.value = Math.min(hi - (hi - lo) * 0.05, Math.max(lo + (hi - lo) * 0.05, c.value))
              if (c.excursion === 0 && c.h !== null && rnd() < 0.0015) c.excursion = 6
              let v = c.value
              if (c.excursion > 0) {
                c.excursion--
                const top = c.hh !== null && rnd() < 0.2 ? c.hh : c.h!
                v = Math.min(c.range_max, top + (c.range_max - c.range_min) * 0.02 * rnd())
              }
              return { channel: c.code, t, v: Math.round(v * 100) / 100 }
            })
          if (!readings.length) return
          const { error } = await gateways.get(e)!.rpc('ingest_readings', { readings })
          if (error && failures++ < 5) log(`[sim] ingest_readings: ${error.message}`)
        }),
      )
    } finally {
      busy = false
    }
  }
  const sweep = async (): Promise<void> => {
    const { error } = await service.rpc('monitoring_sweep', {})
    if (error && failures++ < 5) log(`[sim] monitoring_sweep: ${error.message}`)
  }
  const maintain = async (): Promise<void> => {
    const { error } = await service.rpc('monitoring_maintain_partitions', {})
    if (error && failures++ < 5) log(`[sim] monitoring_maintain_partitions: ${error.message}`)
  }
  await maintain()
  await tick()
  const timers = [setInterval(() => void tick(), intervalMs), setInterval(() => void sweep(), 5_000), setInterval(() => void maintain(), 3_600_000)]
  log(
    `[sim] ${channels.length} demo channels of ${byEnterprise.size} enterprises every ${intervalMs / 1000} s (${channels.filter((c) => c.silent).length} silent); --no-sim turns it off`,
  )
  return {
    channels: channels.length,
    async stop() {
      stopped = true
      for (const t of timers) clearInterval(t)
      while (busy) await new Promise((r) => setTimeout(r, 50))
      await vehicleSim.stop()
    },
  }
}
