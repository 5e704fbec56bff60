// node --import tsx test/bench/import/profile-apply.ts [--rows 20000]
// import_apply per row at 1,000 / 5,000 / 10,000 rows a call, alternating (each rolled back), and
// EXPLAIN ANALYZE of the kept-images statement of one 1,000-row and one 10,000-row call.
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { createClient } from '@supabase/supabase-js'
import { strToU8 } from 'fflate'
import { clientOptions, startTestStack } from '../../helpers/stack.ts'
import { runImport } from '../../../src/import/index.ts'
import { ENTERPRISE_HEADERS, enterpriseRows, toCsv } from '../../fixtures/import/generate.ts'

const { values } = parseArgs({ options: { rows: { type: 'string', default: '20000' }, stored: { type: 'string', default: '0' } } })
const N = Number(values.rows)
const stack = await startTestStack({ log: () => {} })
const db = stack.db
const service = createClient(stack.url, stack.serviceRoleKey, clientOptions)
if (Number(values.stored) > 0) {
  const pre = strToU8(toCsv(ENTERPRISE_HEADERS, enterpriseRows(Number(values.stored), { district: null, serialBase: 40_000_000 })))
  await runImport(service as never, { kind: 'enterprises', fileName: 'pre.csv', bytes: pre })
}
const csv = strToU8(toCsv(ENTERPRISE_HEADERS, enterpriseRows(N, { district: null, serialBase: 10_000_000 })))
const dry = await runImport(service as never, { kind: 'enterprises', fileName: 'profile.csv', bytes: csv, dryRun: true })
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
end $f$;
create or replace function pg_temp.explain_apply(run uuid, lo int, hi int) returns text language plpgsql as $f$
declare r public.import_runs; todo int[]; l text; o text := ''; t0 timestamptz;
begin
  perform set_config('request.jwt.claims', '{"role":"service_role"}', true);
  begin
    update public.import_runs set status = 'applying' where id = run;
    select * into r from public.import_runs where id = run;
    t0 := clock_timestamp();
    perform app.import_decide(r, lo, hi, true);
    o := o || 'decide again ' || (extract(epoch from clock_timestamp() - t0) * 1000)::int || E' ms\n';
    todo := array(select s.row_no from public.import_rows s where s.run_id = r.id and s.row_no between lo and hi and s.verdict in ('insert', 'update') and not s.applied);
    t0 := clock_timestamp();
    perform app.import_write_unkept(r, lo, hi);
    o := o || 'write (insert, update, staged rows) ' || (extract(epoch from clock_timestamp() - t0) * 1000)::int || E' ms\n';
    for l in execute $q$explain (analyze, costs off, timing off)
      insert into app.import_revert_rows (run_id, row_no, target_id, verdict, before, after)
      select s.run_id, s.row_no, s.target_id, s.verdict, s.before, to_jsonb(t) - 'updated_at'
      from public.import_rows s join public.enterprises t on t.id = s.target_id
      where s.run_id = $1 and s.row_no = any($2) and s.applied
      on conflict (run_id, row_no) do update set target_id = excluded.target_id, verdict = excluded.verdict,
        before = excluded.before, after = excluded.after$q$ using r.id, todo loop
      o := o || l || E'\n';
    end loop;
    t0 := clock_timestamp();
    perform app.import_counts(r.id, lo, hi);
    o := o || 'counts ' || (extract(epoch from clock_timestamp() - t0) * 1000)::int || E' ms\n';
    raise exception using errcode = 'P0099', message = 'undo';
  exception when sqlstate 'P0099' then null;
  end;
  return o;
end $f$;`)
const timed = async (q: string) => (await db.query<{ ms: number }>(`select pg_temp.timed($1) as ms`, [q])).rows[0]!.ms
console.log(
  `load ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
)
for (let rep = 0; rep < 3; rep++)
  for (const n of [1000, 5000, 10000]) {
    if (n > N) continue
    const ms = await timed(`select public.import_apply('${run}', 2, ${1 + n}, false, 0)`)
    console.log(`import_apply ${n} rows: ${ms.toFixed(0)} ms, ${((ms / n) * 1000).toFixed(0)} µs/row`)
  }
for (const n of [1000, 10000]) {
  if (n > N) continue
  console.log(`--- ${n} rows\n${(await db.query<{ o: string }>(`select pg_temp.explain_apply($1, 2, $2) o`, [run, 1 + n])).rows[0]!.o}`)
}
console.log(
  `load ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
)
await stack.stop()
process.exit(0)
