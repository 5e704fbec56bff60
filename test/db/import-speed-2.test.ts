// The import's speed cuts of session 26 change no result:
//   1. 20270220000100_inline_input_helpers.sql: app.is_blank, app.clean_text, app.out_of_range,
//      app.credit_code_is_valid and app.area_follows_location lose their SET clause (and the credit
//      code check becomes one SQL expression) so the planner inlines them into the row triggers and
//      the CHECK constraint. Each gives the answer of its previous body (read from the migration
//      that last defined it, run from a scratch schema) on the same inputs, and is inlined.
//   2. 20270220000200_import_apply_larger_calls.sql: import_apply takes up to 10,000 rows a call.
//      The same checked file committed in calls of 300 rows and in a call of 1,099 rows writes
//      the same records and keeps the same images for undo; a failure after a large call rolls
//      back everything in steps of at most 1,000 rows.
//   3. 20270220000300_import_decide_populate_when_stored.sql: pass 2 builds the file row's record
//      only where a stored record exists; the previous body (20270215000100) leaves the same
//      verdicts, targets and errors on the same staged rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { strToU8 } from 'fflate'
import { signIn, sql, useStack } from '../helpers/stack.ts'
import { previousFunctionBody } from '../helpers/previous-body.ts'
import { demoUser } from '../../supabase/seed/demo-users.ts'
import { commitImport, revertRun, runImport, type ImportClient } from '../../src/import/index.ts'
import { creditCheckChar } from '../../src/import/creditCode.ts'
import { ENTERPRISE_HEADERS, enterpriseRows, toCsv } from '../fixtures/import/generate.ts'

useStack()

const SCRATCH = 'import_speed2_prev'
// fixtureCreditCode(58_700_000 + i): every code of this file starts with PREFIX
const PREFIX = '934407045870'
const cleanup = async () => {
  await sql().query(`delete from public.enterprises where credit_code like '${PREFIX}%'`)
  // (runs that were undone stay: their import_run_events are append-only)
  await sql().query(
    `delete from public.import_runs r where r.file_name like 'import-speed2-%' and not exists (select 1 from public.import_run_events e where e.run_id = r.id)`,
  )
  await sql().query(`drop schema if exists ${SCRATCH} cascade`)
}
let admin: SupabaseClient
beforeAll(async () => {
  await cleanup()
  admin = await signIn(demoUser('admin').email, demoUser('admin').password)
}, 120_000)
afterAll(cleanup)

const HELPERS: [migration: string, name: string][] = [
  ['20261204101300_limits.sql', 'is_blank'],
  ['20261204100800_hidden_dangers.sql', 'clean_text'],
  ['20261204101300_limits.sql', 'out_of_range'],
  ['20270110000200_credit_code_one_expression.sql', 'credit_code_is_valid'],
  ['20261204100300_core.sql', 'area_follows_location'],
]

/** A small deterministic generator, so a failure names the same inputs on the next run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

// every character the blank and clean-text rules name, and ordinary ones around them
const CHARS = [
  ' ',
  '\t',
  '\n',
  '\r',
  '\v',
  '\f',
  '\u0085',
  '\u00a0',
  '\u1680',
  '\u180e',
  '\u2000',
  '\u2005',
  '\u200a',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u200e',
  '\u200f',
  '\u2010',
  '\u2028',
  '\u2029',
  '\u202a',
  '\u202e',
  '\u202f',
  '\u205f',
  '\u2060',
  '\u2064',
  '\u2065',
  '\u3000',
  '\ufeff',
  'a',
  'Z',
  '0',
  '中',
  '企',
  '-',
  '_',
  '.',
  '\u00ad',
]
function texts(n: number): string[] {
  const rnd = lcg(2026)
  const out = ['', ...CHARS, ...CHARS.map((c) => `${c}${c}x${c}`), ...CHARS.map((c) => `甲${c}乙`)]
  for (let i = 0; i < n; i++) out.push(Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => CHARS[Math.floor(rnd() * CHARS.length)]!).join(''))
  return out
}
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
function codes(n: number): string[] {
  const rnd = lcg(32100)
  const pick = (chars: string) => chars[Math.floor(rnd() * chars.length)]!
  const out = ['', ' '.repeat(18), '91350100M000100Y4', '91350100M000100Y43', '91350100M000100Y4300']
  for (let i = 0; i < n; i++) {
    const first17 = Array.from({ length: 17 }, () => pick(ALPHABET)).join('')
    const good = first17 + creditCheckChar(first17)!
    out.push(good, first17 + pick(ALPHABET.replace(good[17]!, '')))
    const at = Math.floor(rnd() * 18)
    out.push(good.slice(0, at) + pick('IOSVZa中\n') + good.slice(at + 1), `${good}\n`, good.toLowerCase())
  }
  return out
}

describe('the inlined helpers (20270220000100)', () => {
  beforeAll(async () => {
    await sql().exec(`create schema ${SCRATCH}; ` + HELPERS.map(([m, f]) => previousFunctionBody(m, f, SCRATCH, 'app')).join('\n'))
  }, 60_000)

  it('have no SET clause and are inlined where they are called', async () => {
    const { rows } = await sql().query<{ f: string; config: string[] | null; lang: string }>(
      `select p.proname f, p.proconfig config, l.lanname lang from pg_proc p join pg_language l on l.oid = p.prolang
       where p.pronamespace = 'app'::regnamespace and p.proname = any($1) order by 1`,
      [HELPERS.map(([, f]) => f)],
    )
    expect(rows).toEqual(
      HELPERS.map(([, f]) => f)
        .sort()
        .map((f) => ({ f, config: null, lang: 'sql' })),
    )
    // inlined: the plan shows the body's expression, not a call of the function
    const plan = async (q: string) =>
      (await sql().query<{ 'QUERY PLAN': string }>(`explain (verbose, costs off) ${q}`)).rows.map((r) => r['QUERY PLAN']).join('\n')
    // (from unnest: a VALUES row would be folded to a constant before the plan shows anything)
    const t = `from unnest(array['91350100M000100Y43']::text[], array[5]::numeric[]) v(x, n)`
    expect(await plan(`select app.credit_code_is_valid(x) ${t}`)).toMatch(/strpos/)
    expect(await plan(`select app.is_blank(x), app.clean_text(x), app.out_of_range(n, 0, 3) ${t}`)).not.toMatch(/is_blank|clean_text|out_of_range/)
    expect(await plan(`select app.area_follows_location()`)).not.toMatch(/area_follows_location/)
  })

  it('give the previous bodies\u2019 answers on the same inputs', async () => {
    const ts = texts(3000)
    const blank = await sql().query<{ x: string; now: boolean | string; prev: boolean | string }>(
      `select x, app.is_blank(x)::text || '|' || app.clean_text(x) as now, ${SCRATCH}.is_blank(x)::text || '|' || ${SCRATCH}.clean_text(x) as prev
       from unnest($1::text[] || array[null::text]) x`,
      [ts],
    )
    expect(blank.rows).toHaveLength(ts.length + 1)
    expect(blank.rows.filter((r) => r.now !== r.prev)).toEqual([])
    expect(new Set(blank.rows.map((r) => String(r.now).split('|')[0]))).toEqual(new Set(['true', 'false']))

    const nums = ['NaN', 'Infinity', '-Infinity', '-1', '-0.0001', '0', '0.5', '1', '2.9999', '3', '3.0001', '1000000', '1000000.1', '-1e30', '1e30']
    const range = await sql().query<{ n: string | null; lo: string; hi: string; now: boolean; prev: boolean }>(
      `select n, lo, hi, app.out_of_range(n, lo, hi) now, ${SCRATCH}.out_of_range(n, lo, hi) prev
       from unnest($1::numeric[] || array[null::numeric]) n, (values (0::numeric, 3::numeric), (1, 1000000), (-1, 0), (0.1, 10)) b(lo, hi)`,
      [nums],
    )
    expect(range.rows).toHaveLength((nums.length + 1) * 4)
    expect(range.rows.filter((r) => r.now !== r.prev)).toEqual([])
    expect(new Set(range.rows.map((r) => r.now))).toEqual(new Set([true, false]))

    const cs = codes(2000)
    const credit = await sql().query<{ c: string | null; now: boolean; prev: boolean }>(
      `select c, app.credit_code_is_valid(c) now, ${SCRATCH}.credit_code_is_valid(c) prev from unnest($1::text[] || array[null::text]) c`,
      [cs],
    )
    expect(credit.rows).toHaveLength(cs.length + 1)
    expect(credit.rows.filter((r) => r.now !== r.prev)).toEqual([])
    expect(credit.rows.filter((r) => r.now).length).toBeGreaterThanOrEqual(2000)
    expect(credit.rows.find((r) => r.c === null)).toEqual({ c: null, now: false, prev: false })

    // area_follows_location by caller: superuser, the API roles with and without an admin claim
    // (each in its own transaction of one script; the answers land in a scratch table)
    const callers: [string | null, object][] = [
      [null, {}],
      ['service_role', { role: 'service_role' }],
      ['authenticated', { role: 'authenticated', app_metadata: { app_role: 'admin' } }],
      ['authenticated', { role: 'authenticated', app_metadata: { app_role: 'regulator', area_codes: ['440704'] } }],
      ['anon', { role: 'anon' }],
    ]
    await sql().exec(
      `create table ${SCRATCH}.follows (k int, now boolean, prev boolean);
       grant usage on schema ${SCRATCH} to anon, authenticated, service_role;
       grant insert on ${SCRATCH}.follows to anon, authenticated, service_role;` +
        callers
          .map(
            ([role, claims], k) => `begin; select set_config('request.jwt.claims', '${JSON.stringify(claims)}', true);
             ${role ? `set local role ${role};` : ''}
             insert into ${SCRATCH}.follows select ${k}, app.area_follows_location(), ${SCRATCH}.area_follows_location(); commit;`,
          )
          .join('\n'),
    )
    const follows = (await sql().query<{ k: number; now: boolean; prev: boolean }>(`select k, now, prev from ${SCRATCH}.follows order by k`)).rows
    expect(follows).toEqual([false, false, false, true, true].map((v, k) => ({ k, now: v, prev: v })))
  })

  it('refuse what they refused before, through the enterprise triggers and the CHECK', async () => {
    const first17 = `${PREFIX}99999`
    const good = first17 + creditCheckChar(first17)!
    const bad = first17 + ALPHABET.replace(good[17]!, '')[0]!
    const ins = (cols: Record<string, unknown>) =>
      sql().query(
        `insert into public.enterprises (name, credit_code, industry_code, address, employees, location)
         values ($1, $2, 'chemical', '江门', $3, 'SRID=4326;POINT(113.08 22.58)')`,
        [cols.name ?? '测试企业速度二', cols.code ?? good, cols.employees ?? 10],
      )
    await expect(ins({ name: '\u3000\u200b ' })).rejects.toThrow(/enterprises\.name.*不能为空/)
    await expect(ins({ name: ' 甲\u200b ' })).rejects.toThrow(/enterprises\.name.*过短/)
    await expect(ins({ employees: 1000001 })).rejects.toThrow(/enterprises\.employees/)
    await expect(ins({ code: bad })).rejects.toThrow(/enterprises\.credit_code/)
    // and the CHECK constraint itself, past the triggers (replica mode fires none; one statement,
    // so its transaction ends with it)
    const pastTriggers = (code: string) =>
      sql().exec(`do $d$ begin
        set local session_replication_role = replica;
        insert into public.enterprises (name, credit_code, industry_code, location) values ('测试企业速度二', '${code}', 'chemical', 'SRID=4326;POINT(113.08 22.58)');
        raise exception 'inserted';
      end $d$`)
    await expect(pastTriggers(bad)).rejects.toThrow(/enterprises_credit_code_valid/)
    await expect(pastTriggers(good)).rejects.toThrow(/inserted/)
  })
})

// 2 ------------------------------------------------------------------------------------------
type Row = (string | number)[]
const file = (rows: Row[]) => strToU8(toCsv(ENTERPRISE_HEADERS, rows))
const M = 1100
const UPDATED = Array.from({ length: M / 2 }, (_, i) => i).filter((i) => i % 3 === 0).length
const all = enterpriseRows(M, { district: '440704', serialBase: 58_700_000 })
// the file: the first half stored already, every third of them with a new address; the second half new
const changed = all.map((r, i) => (i < M / 2 && i % 3 === 0 ? [r[0]!, r[1]!, r[2]!, `${r[3]}（新址）`, r[4]!, r[5]!, r[6]!] : r))

const recording = (client: SupabaseClient, calls: { fn: string; args: Record<string, unknown> }[]): ImportClient => ({
  from: (t: string) => client.from(t) as never,
  rpc: (fn: string, args: Record<string, unknown>) => {
    calls.push({ fn, args })
    return client.rpc(fn, args)
  },
})
/** The registry's records of this file, without what differs by design (new ids, times, the run;
 * in the kept images an inserted record's id and created_at). */
const records = async (runId: string | null) =>
  (
    await sql().query(
      `select credit_code, name, address, industry_code, employees, extensions.st_astext(location) location, area_code,
         import_run_id is not distinct from $1::uuid as by_run
       from public.enterprises where credit_code like '${PREFIX}%' order by credit_code`,
      [runId],
    )
  ).rows
const kept = async (runId: string) =>
  (
    await sql().query(
      `select k.row_no, k.verdict, k.before - 'updated_at' before, k.after - 'id' - 'import_run_id' - 'created_at' after
       from app.import_revert_rows k where k.run_id = $1 order by k.row_no`,
      [runId],
    )
  ).rows
const applies = (calls: { fn: string; args: Record<string, unknown> }[]) =>
  calls.filter((c) => c.fn === 'import_apply').map((c) => (c.args.to_row as number) - (c.args.from_row as number) + 1)

describe('import_apply in larger calls (20270220000200)', () => {
  it('writes the same records and images in a call of 1,099 rows as in calls of 300; a later failure rolls all back', async () => {
    const first = await runImport(admin as never, { kind: 'enterprises', bytes: file(all.slice(0, M / 2)), fileName: 'import-speed2-a.csv' })
    expect(first).toMatchObject({ committed: true, inserted: M / 2 })
    const stored = await records(null)

    // small calls (300 rows: short on a loaded PGlite too, like import-chunked.test.ts)
    const small: { fn: string; args: Record<string, unknown> }[] = []
    const dry1 = await runImport(admin as never, { kind: 'enterprises', bytes: file(changed), fileName: 'import-speed2-b.csv', dryRun: true })
    expect(dry1).toMatchObject({ inserted: M / 2, updated: UPDATED, unchanged: M / 2 - UPDATED, errors: [] })
    const done1 = await commitImport(recording(admin, small), dry1, false, undefined, 300)
    expect(applies(small)).toEqual([300, 300, 300, 200])
    const written1 = await records(dry1.run_id)
    const kept1 = await kept(dry1.run_id!)
    expect(kept1).toHaveLength(M / 2 + UPDATED)
    // undone: as stored before
    await revertRun(admin as never, dry1.run_id!, done1.inserted + done1.updated)
    expect(await records(null)).toEqual(stored)

    // the same file in one call of 1,099 rows (and one of the last row: a commit of at most its
    // fixed size would be one import_commit instead)
    const large: { fn: string; args: Record<string, unknown> }[] = []
    const dry2 = await runImport(admin as never, { kind: 'enterprises', bytes: file(changed), fileName: 'import-speed2-c.csv', dryRun: true })
    const done2 = await commitImport(recording(admin, large), dry2, false, undefined, M - 1)
    expect(applies(large)).toEqual([M - 1, 1])
    expect({ ...done2, run_id: null }).toEqual({ ...done1, run_id: null })
    expect(await records(dry2.run_id)).toEqual(written1)
    expect(await kept(dry2.run_id!)).toEqual(kept1)
    await revertRun(admin as never, dry2.run_id!, done2.inserted + done2.updated)
    expect(await records(null)).toEqual(stored)

    // a row the database refuses in the second call (of 50): the first call's 1,050 rows rolled
    // back in import_rollback steps of at most 1,000
    const dry3 = await runImport(admin as never, { kind: 'enterprises', bytes: file(changed), fileName: 'import-speed2-d.csv', dryRun: true })
    await sql().query(`update public.import_rows set data = data || '{"name": "甲"}' where run_id = $1 and row_no = 1080`, [dry3.run_id])
    // the records the first call writes (its rows' insert and update verdicts): undone in
    // ceil(written / 1,000) import_rollback steps
    const written = Number(
      (
        await sql().query(`select count(*) as n from public.import_rows where run_id = $1 and row_no between 2 and 1051 and verdict in ('insert', 'update')`, [
          dry3.run_id,
        ])
      ).rows[0].n,
    )
    expect(written).toBeGreaterThan(0)
    const failing: { fn: string; args: Record<string, unknown> }[] = []
    await expect(commitImport(recording(admin, failing), dry3, false, undefined, 1050)).rejects.toThrow(/enterprises\.name/)
    expect(applies(failing)).toEqual([1050, 50])
    const rollbacks = failing.filter((c) => c.fn === 'import_rollback')
    expect(rollbacks.length).toBe(Math.ceil(written / 1000))
    expect(rollbacks.every((c) => (c.args.max_rows as number) <= 1000)).toBe(true)
    expect(await records(null)).toEqual(stored)
  }, 300_000)

  it('refuses more than 10,000 rows a call', async () => {
    const { data: runId } = await admin.rpc('import_begin', {
      kind: 'enterprises',
      file_name: 'import-speed2-e.csv',
      file_sha256: 'b'.repeat(64),
      crs: 'wgs84',
      total_rows: 1,
    })
    const { error } = await admin.rpc('import_apply', { run_id: runId, from_row: 2, to_row: 10_002, skip_errors: false, client_errors: 0 })
    expect(error?.message).toMatch(/apply at most 10,000 rows a call \(got rows 2 to 10002\)/)
    // 10,000 rows pass the bound (and then meet the run's own checks: nothing staged)
    const ok = await admin.rpc('import_apply', { run_id: runId, from_row: 2, to_row: 10_001, skip_errors: false, client_errors: 0 })
    expect(ok.error?.message).toMatch(/do not add up to the run's 1 rows/)
  })
})

// 3 ------------------------------------------------------------------------------------------
describe('pass 2 populates only where a record is stored (20270220000300)', () => {
  it('leaves the verdicts, targets and errors of the previous body, in a dry run and in the commit\u2019s decision', async () => {
    const rows = enterpriseRows(60, { district: '440704', serialBase: 58_709_000 })
    const first = await runImport(admin as never, { kind: 'enterprises', bytes: file(rows.slice(0, 40)), fileName: 'import-speed2-f.csv' })
    expect(first).toMatchObject({ committed: true, inserted: 40 })
    // 20 of the stored ones changed (one by its number only, one by its position), 5 new ones outside the city
    const second = rows.map((r, i) =>
      i < 18
        ? [r[0]!, r[1]!, r[2]!, `${r[3]}（新址）`, r[4]!, r[5]!, r[6]!]
        : i === 18
          ? [r[0]!, r[1]!, r[2]!, r[3]!, r[4]!, r[5]!, Number(r[6]) + 1]
          : i === 19
            ? [r[0]!, r[1]!, r[2]!, r[3]!, Number(r[4]) + 0.001, r[5]!, r[6]!]
            : i >= 55
              ? [r[0]!, r[1]!, r[2]!, r[3]!, 100.5, 10.5, r[6]!]
              : r,
    )
    const dry = await runImport(admin as never, { kind: 'enterprises', bytes: file(second), fileName: 'import-speed2-g.csv', dryRun: true })
    expect(dry).toMatchObject({ updated: 20, unchanged: 20, inserted: 15 })
    expect(dry.errors).toHaveLength(5)
    const staged = async () =>
      (
        await sql().query(`select row_no, verdict, target_id, error_column, error_message, data from public.import_rows where run_id = $1 order by row_no`, [
          dry.run_id,
        ])
      ).rows
    const after = await staged()
    await sql().exec(
      `create schema if not exists ${SCRATCH}; ` + previousFunctionBody('20270215000100_import_speed.sql', 'import_decide_records_generic', SCRATCH, 'app'),
    )
    const decide = (fn: string, keysOnly: boolean) =>
      sql().query(`select ${fn}(r, 0, 100, ${keysOnly}) from public.import_runs r where r.id = $1`, [dry.run_id])
    for (const keysOnly of [false, true]) {
      await decide(`${SCRATCH}.import_decide_records_generic`, keysOnly)
      expect(await staged()).toEqual(after)
      await decide('app.import_decide_records_generic', keysOnly)
      expect(await staged()).toEqual(after)
    }
    // a stored record changed since: both bodies call its row an update again
    await sql().query(`update public.enterprises set employees = employees + 7 where credit_code = $1`, [String(rows[30]![1])])
    await decide('app.import_decide_records_generic', true)
    const now = await staged()
    expect(now.find((x) => x.row_no === 32)).toMatchObject({ verdict: 'update' })
    await decide(`${SCRATCH}.import_decide_records_generic`, true)
    expect(await staged()).toEqual(now)
  }, 120_000)
})
