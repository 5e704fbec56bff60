// npm run bench:import [-- --rows 100000 --baseline 2000 --role service|admin --sources 20000 --unknown 0.1]
//
// 100,000 enterprises from one CSV through the import pipeline (src/import + the import RPCs) on
// the embedded stack (PGlite): the dry run, then the commit of the run it checked (what the page
// does: commitImport, in bounded import_apply calls), then the same file again through one
// runImport call (what the CLI does), rows/s, next to a baseline measured in the same
// run: one insert per row through supabase-js, sampled on --baseline rows and extrapolated to the
// full count (said so in the output). Uses SUPABASE_URL / SUPABASE_SERVICE_ROLE_KEY when set, else
// starts a private stack on TEST_STACK_PORT (default 24421). Not part of npm test.
// --sources N then imports N hazard sources of those enterprises with their inventories (危险化学品 +
// 最大储量, a third as "液氯:20;液氨:5" lists), a share --unknown of them naming substances that are
// not in GB 18218 (refused by row, with the closest names): dry run and commit (skipping those rows).
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
    sources: { type: 'string', default: '0' },
    unknown: { type: 'string', default: '0.1' },
  },
})
const N = Number(values.rows)
const B = Number(values.baseline)
const S = Number(values.sources)
const UNKNOWN = Number(values.unknown)

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
  await db.query(`delete from public.hazard_sources where external_id like 'BENCH-HS-%'`)
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

if (S > 0) {
  // Sources of the enterprises just committed; every 1/UNKNOWN-th names one of 500 substances that
  // are not in the standard (registries repeat their own names: 工业盐, 柴油调和组分 …).
  const ents = enterpriseRows(N, { district: null, serialBase: 10_000_000 })
  const every = UNKNOWN > 0 ? Math.round(1 / UNKNOWN) : 0
  const rows = Array.from({ length: S }, (_, i) => {
    const e = ents[i % N]!
    const [cell, q] =
      every && i % every === 0 ? [`测试物料${i % 500}号`, 3] : i % 3 === 1 ? [`液氯:${(i % 40) + 1};液氨:${(i % 7) + 1}`, null] : ['液氯', (i % 40) + 1]
    return [`BENCH-HS-${i}`, `测试储罐${i}`, e[1]!, '储存单元', cell, q, e[4]!, e[5]!]
  })
  const hs = strToU8(toCsv(['外部编号', '危险源名称', '所属企业统一社会信用代码', '单元类型', '危险化学品', '最大储量(t)', '经度', '纬度'], rows))
  const d0 = Date.now()
  const dryHs = await runImport(client as never, { kind: 'hazard_sources', fileName: 'bench-hs.csv', bytes: hs, dryRun: true })
  const dHs = (Date.now() - d0) / 1000
  console.log(
    `${S.toLocaleString()} hazard sources with inventories, dry run: ${dHs.toFixed(1)} s, ${Math.round(S / dHs).toLocaleString()} rows/s; insert ${dryHs.inserted}, refused ${dryHs.errors.length} (unknown substances: ${dryHs.errors.filter((x) => /未知物质/.test(x.message)).length})`,
  )
  const k0 = Date.now()
  const hsCommitted = await commitImport(client as never, dryHs, true)
  const kHs = (Date.now() - k0) / 1000
  const graded = await db.query<{ n: string; inv: string }>(
    `select count(*) filter (where h.s_value is not null) n, (select count(*) from public.hazard_source_inventory i join public.hazard_sources x on x.id = i.hazard_source_id where x.external_id like 'BENCH-HS-%') inv
     from public.hazard_sources h where h.external_id like 'BENCH-HS-%'`,
  )
  console.log(
    `commit (skipping the refused rows): ${kHs.toFixed(1)} s, ${Math.round(S / kHs).toLocaleString()} rows/s; inserted ${hsCommitted.inserted}; sources graded ${graded.rows[0]!.n}, inventory rows ${graded.rows[0]!.inv}`,
  )
}
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
