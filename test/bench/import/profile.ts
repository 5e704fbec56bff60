// node --import tsx test/bench/import/profile.ts [--rows 20000] [--migration <file.sql>]
//
// Where an import's database time goes, on a private PGlite stack (TEST_STACK_PORT): a dry run of
// --rows enterprises through the service client, then, in SQL as the service role, the time of
// import_check and import_apply on ranges of that run, each inside a subtransaction rolled back
// (so every timing starts from the same staged rows), and the per-function self times
// (track_functions) of one import_apply of 1,000 rows. With --migration the same timings are
// taken again after that SQL file is applied (A/B in one stack, one session).
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { createClient } from '@supabase/supabase-js'
import { strToU8 } from 'fflate'
import { clientOptions, startTestStack } from '../../helpers/stack.ts'
import { runImport } from '../../../src/import/index.ts'
import { ENTERPRISE_HEADERS, enterpriseRows, toCsv } from '../../fixtures/import/generate.ts'

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '20000' }, migration: { type: 'string', multiple: true }, reps: { type: 'string', default: '3' } },
})
const N = Number(values.rows)
const REPS = Number(values.reps)
console.log(
  `load average at start: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
)
const stack = await startTestStack({ log: () => {} })
const db = stack.db
const service = createClient(stack.url, stack.serviceRoleKey, clientOptions)
await db.exec(`delete from public.enterprises where credit_code like '93%'`)
const csv = strToU8(toCsv(ENTERPRISE_HEADERS, enterpriseRows(N, { district: null, serialBase: 10_000_000 })))
const t0 = Date.now()
const dry = await runImport(service as never, { kind: 'enterprises', fileName: 'profile.csv', bytes: csv, dryRun: true })
console.log(`dry run of ${N} rows: ${((Date.now() - t0) / 1000).toFixed(1)} s; insert ${dry.inserted}, errors ${dry.errors.length}`)
const run = dry.run_id!

await db.exec(`
create or replace function pg_temp.timed(q text) returns float8 language plpgsql as $f$
declare t0 timestamptz; ms float8;
begin
  perform set_config('request.jwt.claims', '{"role":"service_role"}', true);
  begin
    t0 := clock_timestamp();
    execute q;
    ms := extract(epoch from clock_timestamp() - t0) * 1000;
    raise exception using errcode = 'P0099', message = 'undo';
  exception when sqlstate 'P0099' then null;
  end;
  return ms;
end $f$;`)

async function timed(q: string): Promise<number> {
  const ms: number[] = []
  for (let i = 0; i < REPS; i++) ms.push((await db.query<{ ms: number }>(`select pg_temp.timed($1) as ms`, [q])).rows[0]!.ms)
  ms.sort((a, b) => a - b)
  return ms[Math.floor(ms.length / 2)]!
}

async function measure(label: string): Promise<void> {
  console.log(`--- ${label}`)
  const lines: string[] = []
  for (const [lo, n] of [
    [2, 1000],
    [2, 5000],
    [2, 10000],
  ] as const) {
    if (n > N) continue
    const check = await timed(`select public.import_check('${run}', ${lo}, ${lo + n - 1})`)
    lines.push(`import_check ${n} rows: ${check.toFixed(0)} ms (${((check / n) * 1000).toFixed(0)} µs/row)`)
  }
  // import_apply of 1,000 rows (the range cap may refuse more)
  for (const n of [1000, 5000, 10000]) {
    if (n > N) continue
    try {
      const apply = await timed(`select public.import_apply('${run}', 2, ${1 + n}, false, 0)`)
      lines.push(`import_apply ${n} rows: ${apply.toFixed(0)} ms (${((apply / n) * 1000).toFixed(0)} µs/row)`)
    } catch (e) {
      lines.push(`import_apply ${n} rows: refused (${(e as Error).message.slice(0, 80)})`)
    }
  }
  // import_stage of 3,600 rows (a typical request) into a fresh run
  const stage = await timed(`select public.import_stage(pg_temp.stage_run(), (select j from pg_temp.stage_json))`)
  lines.push(`import_stage 3,600 rows: ${stage.toFixed(0)} ms (${((stage / 3600) * 1000).toFixed(0)} µs/row)`)
  // the enterprise INSERT alone: 1,000 staged rows as import_write inserts them
  const ins = await timed(`insert into public.enterprises (name, credit_code, industry_code, address, employees, location, area_code)
    select p.name, p.credit_code, p.industry_code, p.address, p.employees, p.location, s.data ->> 'area_code'
    from public.import_rows s, jsonb_populate_record(null::public.enterprises, s.data) p
    where s.run_id = '${run}' and s.row_no between 2 and 1001`)
  lines.push(`INSERT of 1,000 enterprises (triggers, checks, keys): ${ins.toFixed(0)} ms`)
  // pieces, over all N staged rows
  for (const [what, q] of [
    [
      'jsonb_populate_record(enterprises) of each row',
      `select count(p.name) from public.import_rows s, jsonb_populate_record(null::public.enterprises, s.data) p where s.run_id = '${run}'`,
    ],
    ['octet_length(data::text) of each row', `select sum(octet_length(data::text)) from public.import_rows where run_id = '${run}'`],
    ['st_geomfromewkt of each location', `select count(extensions.st_geomfromewkt(data ->> 'location')) from public.import_rows where run_id = '${run}'`],
    ['UPDATE of every row, nothing changed (HOT, CHECK, trigger WHEN)', `update public.import_rows set verdict = verdict where run_id = '${run}'`],
    ['UPDATE of every row, data || area_code', `update public.import_rows set data = data || jsonb_build_object('area_code', '4407') where run_id = '${run}'`],
    ['import_area_codes of all rows', `select app.import_area_codes('${run}', 0, 1000000, 'location')`],
    ['import_counts of all rows', `select app.import_counts('${run}', 0, 1000000)`],
  ] as const) {
    const ms = await timed(q)
    lines.push(`${what}: ${ms.toFixed(0)} ms (${((ms / N) * 1000).toFixed(1)} µs/row)`)
  }
  for (const l of lines) console.log(`  ${l}`)
  await profile(`import_apply calls of 1,000 rows`, `select public.import_apply('${run}', 2, 1001, false, 0)`)
  await profile(`import_check calls of 5,000 rows`, `select public.import_check('${run}', 2, 5001)`)
}

async function profile(label: string, q: string): Promise<void> {
  await db.exec(`select pg_stat_reset(); set track_functions = 'all'`)
  await timed(q)
  await db.exec(`set track_functions = 'none'; select pg_stat_force_next_flush()`)
  await db.query(`select 1`)
  await db.exec(`select pg_stat_clear_snapshot()`)
  const { rows } = await db.query<{ f: string; calls: number; self_ms: number; total_ms: number }>(
    `select schemaname || '.' || funcname f, calls::int, round(self_time::numeric, 1)::float8 self_ms, round(total_time::numeric, 1)::float8 total_ms
     from pg_stat_user_functions order by self_time desc limit 20`,
  )
  console.log(`  functions in ${REPS} ${label} (self ms, total ms, calls):`)
  for (const r of rows) console.log(`    ${r.f.padEnd(50)} ${String(r.self_ms).padStart(8)} ${String(r.total_ms).padStart(8)} ${String(r.calls).padStart(7)}`)
}

await db.exec(`
create table pg_temp.stage_json as select jsonb_agg(jsonb_build_object('row', row_no, 'data', data - 'area_code') order by row_no) j
  from public.import_rows where run_id = '${run}' and row_no between 2 and 3601;
create or replace function pg_temp.stage_run() returns uuid language sql as $f$
  select public.import_begin('enterprises', 'profile-stage.csv', repeat('c', 64), 'wgs84', 5000)
$f$;`)
await measure('before')
for (const m of values.migration ?? []) {
  await db.exec(readFileSync(m, 'utf8'))
  await stack.reloadSchema()
  await measure(`after ${m}`)
}
await stack.stop()
process.exit(0)
