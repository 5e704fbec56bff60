// npm run bench:import [-- --rows 100000 --baseline 2000 --role service|admin]
//
// 100,000 enterprises from one CSV through the import pipeline (src/import + the import RPCs) on
// the embedded stack (PGlite): the dry run, then the commit of the run it checked (what the page
// does: commitImport, in bounded import_apply calls), then the same file again through one
// runImport call (what the CLI does), rows/s, next to a baseline measured in the same
// run: one insert per row through supabase-js, sampled on --baseline rows and extrapolated to the
// full count (said so in the output). Uses SUPABASE_URL / SUPABASE_SERVICE_ROLE_KEY when set, else
// starts a private stack on TEST_STACK_PORT (default 24421). Not part of npm test.
import { parseArgs } from 'node:util'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { strToU8 } from 'fflate'
import { clientOptions, startTestStack } from '../helpers/stack.ts'
import { demoUser } from '../../supabase/seed/demo-users.ts'
import { httpSqlExecutor } from '../../supabase/local/sql-http.ts'
import { commitImport, runImport, type ImportReport } from '../../src/import/index.ts'
import { ENTERPRISE_HEADERS, enterpriseRows, toCsv } from '../fixtures/import/generate.ts'

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    baseline: { type: 'string', default: '2000' },
    role: { type: 'string', default: 'service' },
  },
})
const N = Number(values.rows)
const B = Number(values.baseline)

const t0 = Date.now()
const stack = process.env.SUPABASE_URL ? null : await startTestStack({ log: () => {} })
const url = process.env.SUPABASE_URL ?? stack!.url
const serviceKey = process.env.SUPABASE_SERVICE_ROLE_KEY ?? stack!.serviceRoleKey
const anonKey = process.env.SUPABASE_ANON_KEY ?? stack!.anonKey
const service = createClient(url, serviceKey, clientOptions)
const db = httpSqlExecutor(url, serviceKey)
console.log(`stack ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (${stack ? 'private PGlite stack' : url})`)

let client: SupabaseClient = service
if (values.role === 'admin') {
  client = createClient(url, anonKey, clientOptions)
  const u = demoUser('admin')
  const { error } = await client.auth.signInWithPassword({ email: u.email, password: u.password })
  if (error) throw error
}

const cleanup = async () => {
  await db.query(`delete from public.enterprises where credit_code like '93%'`)
  await db.query(`delete from public.import_runs where file_name like 'bench-%'`)
}
await cleanup()

const csv = strToU8(toCsv(ENTERPRISE_HEADERS, enterpriseRows(N, { district: null, serialBase: 10_000_000 })))
console.log(`${N.toLocaleString()} enterprises: ${(csv.byteLength / 1048576).toFixed(1)} MB of CSV`)

async function timed(label: string, dryRun: boolean): Promise<{ s: number; r: ImportReport; phases: Record<string, number> }> {
  const phases: Record<string, number> = {}
  let last = Date.now()
  let phase = 'read'
  const start = last
  const r = await runImport(client as never, {
    kind: 'enterprises',
    fileName: `bench-${label}.csv`,
    bytes: csv,
    dryRun,
    onProgress: (p) => {
      if (p !== phase) {
        phases[phase] = (phases[phase] ?? 0) + (Date.now() - last) / 1000
        last = Date.now()
        phase = p
      }
    },
  })
  phases[phase] = (phases[phase] ?? 0) + (Date.now() - last) / 1000
  return { s: (Date.now() - start) / 1000, r, phases }
}
const fmtPhases = (p: Record<string, number>) =>
  Object.entries(p)
    .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
    .join(', ')

const dry = await timed('dry', true)
console.log(
  `dry run: ${dry.s.toFixed(1)} s (${fmtPhases(dry.phases)}), ${Math.round(N / dry.s).toLocaleString()} rows/s; verdicts insert ${dry.r.inserted}, errors ${dry.r.errors.length}`,
)
const c0 = Date.now()
const committed = await commitImport(client as never, dry.r, false)
const commit = { s: (Date.now() - c0) / 1000, r: committed }
console.log(
  `commit of the checked run (import_apply in ranges, import_finish): ${commit.s.toFixed(1)} s, ${Math.round(N / commit.s).toLocaleString()} rows/s; inserted ${commit.r.inserted}, committed ${commit.r.committed}`,
)
const again = await timed('again', false)
console.log(
  `the same file again in one runImport call (read, stage, check, commit): ${again.s.toFixed(1)} s (${fmtPhases(again.phases)}); unchanged ${again.r.unchanged}, inserted ${again.r.inserted}, updated ${again.r.updated}`,
)
await cleanup()

// Baseline: one insert per row through supabase-js, sampled and extrapolated.
const sample = enterpriseRows(B, { district: null, serialBase: 20_000_000 })
const bStart = Date.now()
for (const [name, credit_code, industry, address, lng, lat, employees] of sample) {
  const industry_code = {
    危险化学品生产: 'chemical',
    机械制造: 'machinery',
    食品加工: 'food',
    logistics: 'logistics',
    电子制造: 'electronics',
    纺织服装: 'textile',
  }[industry as string]
  const { error } = await service
    .from('enterprises')
    .insert({ name, credit_code, industry_code, address, employees, location: `SRID=4326;POINT(${lng} ${lat})` })
  if (error) throw new Error(error.message)
}
const perRow = (Date.now() - bStart) / 1000 / B
const baseline = perRow * N
await cleanup()
console.log(
  `baseline, one insert per row through supabase-js: ${B.toLocaleString()} rows measured in ${(perRow * B).toFixed(1)} s (${(perRow * 1000).toFixed(1)} ms/row), extrapolated to ${N.toLocaleString()}: ${baseline.toFixed(0)} s`,
)
console.log(
  `\nimport of ${N.toLocaleString()} rows (dry run + commit, as a user would): ${(dry.s + commit.s).toFixed(1)} s — target ≤ 60 s: ${dry.s + commit.s <= 60 ? 'met' : 'NOT met'}`,
)
const whole = dry.s + commit.s
console.log(
  `the whole import (dry run + commit): ${whole.toFixed(1)} s = ${(baseline / whole).toFixed(1)}× faster than the per-row baseline (target ≥ 20×: ${baseline / whole >= 20 ? 'met' : 'NOT met'}); the commit alone ${(baseline / commit.s).toFixed(1)}×`,
)
await stack?.stop()
process.exit(0)
