// The chunked commit (migration 20270106000100_import_chunked_commit.sql, src/import/run.ts
// commitImport): a run writing more than APPLY_ROWS rows goes in bounded import_apply calls, then
// import_finish; a failure in any call rolls back what earlier calls wrote (import_rollback), and a
// run whose client went away is rolled back by the database. Each call is one statement as the
// authenticated role (admin, regulator), so on PostgreSQL each stays under the role's 8 s
// statement timeout (migration 20261204101300_limits.sql sets it, as hosted Supabase does).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { strToU8 } from 'fflate'
import { anonClient, clientWithClaims, signIn, sql, useStack } from '../helpers/stack.ts'
import { demoUser } from '../../supabase/seed/demo-users.ts'
import { APPLY_ROWS, commitImport, runImport, type ImportClient, type ImportReport } from '../../src/import/index.ts'
import { ENTERPRISE_HEADERS, enterpriseRows, toCsv } from '../fixtures/import/generate.ts'

useStack()

// Small ranges keep each call short on a loaded PGlite too (its gateway answers 504 after 8 s, as
// hosted Supabase cancels); the database's own cap (10,000 rows a call) is tested below.
const CHUNK = 300
const N = 700 // three ranges: 2–301, 302–601, 602–701
let admin: SupabaseClient
let regulator: SupabaseClient

// fixtureCreditCode(57_000_000 + i) = '93' + '440704' + '5700…': every code of this file starts '934407045'
const PREFIX = '934407045700'
const cleanup = async () => {
  await sql().query(`delete from public.enterprises where credit_code like '934407045%'`)
  await sql().query(`delete from public.import_runs where file_name like 'chunked-%'`)
}

beforeAll(async () => {
  admin = await signIn(demoUser('admin').email, demoUser('admin').password)
  regulator = await signIn(demoUser('regulator').email, demoUser('regulator').password)
  await cleanup()
}, 120_000)
afterAll(cleanup)

const file = (rows: (string | number)[][]) => strToU8(toCsv(ENTERPRISE_HEADERS, rows))
const base = () => enterpriseRows(N, { district: '440704', serialBase: 57_000_000 })
const count = async (where: string): Promise<number> =>
  (await sql().query<{ n: number }>(`select count(*)::int n from public.enterprises where credit_code like '934407045%' and ${where}`)).rows[0]!.n
const runStatus = async (id: string): Promise<{ status: string; applied: number }> =>
  (
    await sql().query(
      `select r.status, (select count(*)::int from public.import_rows s where s.run_id = r.id and s.applied) applied from public.import_runs r where r.id = $1`,
      [id],
    )
  ).rows[0]

/** A client that records every RPC (name and arguments) on its way through. */
const recording = (client: SupabaseClient, calls: { fn: string; args: Record<string, unknown> }[]): ImportClient => ({
  from: (t: string) => client.from(t) as never,
  rpc: (fn: string, args: Record<string, unknown>) => {
    calls.push({ fn, args })
    return client.rpc(fn, args)
  },
})

describe('a commit in bounded calls', () => {
  it('writes every row in ranges of at most 1,000 rows, records the run, and the same file again changes nothing', async () => {
    const calls: { fn: string; args: Record<string, unknown> }[] = []
    const r = await runImport(recording(admin, calls), {
      kind: 'enterprises',
      checkRows: CHUNK,
      applyRows: CHUNK,
      bytes: file(base()),
      fileName: 'chunked-a.csv',
    })
    expect(r).toMatchObject({ rows: N, inserted: N, updated: 0, unchanged: 0, errors: [], committed: true })
    const applies = calls.filter((c) => c.fn === 'import_apply').map((c) => [c.args.from_row, c.args.to_row])
    expect(applies).toEqual([
      [2, 301],
      [302, 601],
      [602, 701],
    ])
    expect(APPLY_ROWS).toBe(1000)
    expect(calls.filter((c) => c.fn === 'import_commit')).toEqual([])
    expect(calls.at(-1)?.fn).toBe('import_finish')
    expect(await count(`import_run_id = '${r.run_id}' and area_code like '440704%'`)).toBe(N)
    expect(await runStatus(r.run_id!)).toEqual({ status: 'committed', applied: 0 })
    const {
      rows: [run],
    } = await sql().query(`select inserted, updated, unchanged, errors, actor_role from public.import_runs where id = $1`, [r.run_id])
    expect(run).toEqual({ inserted: N, updated: 0, unchanged: 0, errors: 0, actor_role: 'admin' })

    const again = await runImport(admin as never, { kind: 'enterprises', checkRows: CHUNK, applyRows: CHUNK, bytes: file(base()), fileName: 'chunked-a2.csv' })
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: N, errors: [], committed: true })
    expect(await count(`import_run_id = '${r.run_id}'`)).toBe(N)
  }, 300_000)

  it('a row refused in the third range rolls back the first two: inserts deleted, updates restored', async () => {
    // every row's address changes (updates), and 100 new rows (inserts) in the first range's place
    const rows = base().map((x) => [...x])
    for (const x of rows) x[3] = `${x[3]}（新址）`
    const extra = enterpriseRows(100, { district: '440704', serialBase: 57_100_000, seed: 2 })
    const dry = await runImport(admin as never, {
      kind: 'enterprises',
      checkRows: CHUNK,
      applyRows: CHUNK,
      bytes: file([...extra, ...rows]),
      fileName: 'chunked-b.csv',
      dryRun: true,
    })
    expect(dry).toMatchObject({ inserted: 100, updated: N, errors: [] })
    // a name the reader let through but the database refuses (its input limit), in row 650
    await sql().query(`update public.import_rows set data = data || '{"name": "甲"}' where run_id = $1 and row_no = 650`, [dry.run_id])
    const before = (await sql().query(`select id, address, import_run_id from public.enterprises where credit_code like '${PREFIX}%' order by id`)).rows
    const calls: { fn: string; args: Record<string, unknown> }[] = []
    await expect(commitImport(recording(admin, calls), dry, false, undefined, CHUNK)).rejects.toThrow(/enterprises\.name/)
    expect(calls.filter((c) => c.fn === 'import_apply')).toHaveLength(3)
    expect(calls.filter((c) => c.fn === 'import_rollback').length).toBeGreaterThanOrEqual(2) // 600 applied rows, 300 a call
    const after = (await sql().query(`select id, address, import_run_id from public.enterprises where credit_code like '${PREFIX}%' order by id`)).rows
    expect(after).toEqual(before)
    expect(await count(`credit_code like '934407045710%'`)).toBe(0) // none of the 100 new ones
    expect(await runStatus(dry.run_id!)).toEqual({ status: 'staging', applied: 0 })

    // the same file without the bad cell commits, updates every row; then again: nothing changes
    const ok = await runImport(admin as never, {
      kind: 'enterprises',
      checkRows: CHUNK,
      applyRows: CHUNK,
      bytes: file([...extra, ...rows]),
      fileName: 'chunked-b2.csv',
    })
    expect(ok).toMatchObject({ inserted: 100, updated: N, unchanged: 0, committed: true })
    expect(await count(`address like '%（新址）'`)).toBe(N)
    const again = await runImport(admin as never, {
      kind: 'enterprises',
      checkRows: CHUNK,
      applyRows: CHUNK,
      bytes: file([...extra, ...rows]),
      fileName: 'chunked-b3.csv',
    })
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: N + 100, committed: true })
  }, 300_000)

  it('a client that goes away mid-commit: the database rolls the run back (import_begin, after 5 minutes idle)', async () => {
    const rows = enterpriseRows(N, { district: '440704', serialBase: 57_200_000, seed: 3 })
    const dry = await runImport(admin as never, {
      kind: 'enterprises',
      checkRows: CHUNK,
      applyRows: CHUNK,
      bytes: file(rows),
      fileName: 'chunked-c.csv',
      dryRun: true,
    })
    expect(dry).toMatchObject({ inserted: N, errors: [] })
    for (const [lo, hi] of [
      [2, 301],
      [302, 601],
    ]) {
      const { error } = await admin.rpc('import_apply', { run_id: dry.run_id, from_row: lo, to_row: hi, skip_errors: false, client_errors: 0 })
      expect(error).toBeNull()
    }
    // the client is gone: 600 rows written, the run in 'applying', never finished
    const mine = `import_run_id = '${dry.run_id}'`
    const n = async () => (await sql().query<{ n: number }>(`select count(*)::int n from public.enterprises where ${mine}`)).rows[0]!.n
    expect(await n()).toBe(600)
    expect(await runStatus(dry.run_id!)).toEqual({ status: 'applying', applied: 600 })
    // not yet idle for 5 minutes: a new run leaves it alone
    const begin = () =>
      regulator.rpc('import_begin', { kind: 'enterprises', file_name: 'chunked-probe.csv', file_sha256: 'c'.repeat(64), crs: 'wgs84', total_rows: 1 })
    expect((await begin()).error).toBeNull()
    expect(await n()).toBe(600)
    await sql().exec(
      `set session_replication_role = replica; update public.import_runs set updated_at = now() - interval '6 minutes' where id = '${dry.run_id}'; set session_replication_role = origin`,
    )
    expect((await begin()).error).toBeNull() // anyone's import_begin undoes ≤ 1,000 rows of it
    expect(await n()).toBe(0)
    expect(await runStatus(dry.run_id!)).toEqual({ status: 'staging', applied: 0 })
    // and the run can still be committed as a whole
    const done = await commitImport(admin as never, dry, false, undefined, CHUNK)
    expect(done).toMatchObject({ inserted: N, committed: true })
    expect(await n()).toBe(N)
  }, 300_000)

  it('bounds: at most 10,000 rows a call; a second apply of a written range writes nothing twice; a finished run is closed', async () => {
    const rows = enterpriseRows(30, { district: '440704', serialBase: 57_300_000, seed: 4 })
    const dry = await runImport(admin as never, {
      kind: 'enterprises',
      checkRows: CHUNK,
      applyRows: CHUNK,
      bytes: file(rows),
      fileName: 'chunked-d.csv',
      dryRun: true,
    })
    const apply = (lo: number, hi: number) => admin.rpc('import_apply', { run_id: dry.run_id, from_row: lo, to_row: hi, skip_errors: false, client_errors: 0 })
    expect((await apply(2, 1001)).error).toBeNull()
    expect((await apply(2, 1001)).data).toMatchObject({ insert: 30 }) // a retry after a lost answer
    expect((await sql().query(`select count(*)::int n from public.enterprises where import_run_id = $1`, [dry.run_id])).rows[0].n).toBe(30)
    expect((await apply(2, 10_002)).error?.message).toMatch(/at most 10,000 rows a call/) // 1,000 before 20270220000200
    expect((await admin.rpc('import_rollback', { run_id: dry.run_id, max_rows: 1001 })).error?.message).toMatch(/at most 1,000/)
    expect((await admin.rpc('import_finish', { run_id: dry.run_id })).error).toBeNull()
    expect((await apply(2, 100)).error?.message).toMatch(/is committed/)
    expect((await admin.rpc('import_rollback', { run_id: dry.run_id })).error?.message).toMatch(/cannot be rolled back/)
    // a commit before a complete dry run is refused
    const { data: fresh } = await admin.rpc('import_begin', {
      kind: 'enterprises',
      file_name: 'chunked-e.csv',
      file_sha256: 'd'.repeat(64),
      crs: 'wgs84',
      total_rows: 1,
    })
    await admin.rpc('import_stage', { run_id: fresh, rows: [{ row: 2, data: { name: '未检查企业' } }] })
    expect((await admin.rpc('import_apply', { run_id: fresh, from_row: 2, to_row: 2 })).error?.message).toMatch(/dry run/)
  }, 120_000)
})

describe('a regulator (RLS and its area)', () => {
  it('commits in bounded calls inside its district; rows elsewhere are errors; another user’s run is not its to apply or undo', async () => {
    const inside = enterpriseRows(400, { district: '440704', serialBase: 57_400_000, seed: 6 })
    const outside = enterpriseRows(3, { district: '440781', serialBase: 57_500_000, seed: 6 })
    const calls: { fn: string; args: Record<string, unknown> }[] = []
    const r: ImportReport = await runImport(recording(regulator, calls), {
      kind: 'enterprises',
      checkRows: CHUNK,
      applyRows: CHUNK,
      bytes: file([...inside, ...outside]),
      fileName: 'chunked-reg.csv',
      skipErrors: true,
    })
    expect(r).toMatchObject({ committed: true, inserted: 400 })
    expect(calls.filter((c) => c.fn === 'import_apply')).toHaveLength(2)
    expect(r.errors.map((e) => [e.row, e.message])).toEqual([
      [402, expect.stringMatching(/outside your jurisdiction/)],
      [403, expect.stringMatching(/outside your jurisdiction/)],
      [404, expect.stringMatching(/outside your jurisdiction/)],
    ])
    expect(await count(`import_run_id = '${r.run_id}' and area_code like '440704%'`)).toBe(400)
    expect(await count(`credit_code like '934407045750%'`)).toBe(0)
    // an admin's run in 'applying' is not the regulator's
    const dry = await runImport(admin as never, {
      kind: 'enterprises',
      bytes: file(enterpriseRows(10, { district: '440704', serialBase: 57_600_000, seed: 7 })),
      fileName: 'chunked-adm.csv',
      dryRun: true,
    })
    expect((await admin.rpc('import_apply', { run_id: dry.run_id, from_row: 2, to_row: 11 })).error).toBeNull()
    expect((await regulator.rpc('import_rollback', { run_id: dry.run_id })).error?.code).toBe('42501')
    expect((await regulator.rpc('import_apply', { run_id: dry.run_id, from_row: 12, to_row: 20 })).error?.code).toBe('42501')
    expect((await regulator.rpc('import_finish', { run_id: dry.run_id })).error?.code).toBe('42501')
    // nor an enterprise's, an anonymous visitor's or a signed-in user's with no staff role
    const enterprise = await signIn(demoUser('enterprise').email, demoUser('enterprise').password)
    const none = await clientWithClaims({
      sub: '00000000-0000-4000-8000-0000000000ed',
      role: 'authenticated',
      aud: 'authenticated',
      app_metadata: { provider: 'email' },
      user_metadata: { app_role: 'admin' },
    })
    for (const [who, c] of [
      ['enterprise', enterprise],
      ['anon', anonClient()],
      ['no role', none],
    ] as const) {
      expect((await c.rpc('import_apply', { run_id: dry.run_id, from_row: 2, to_row: 11 })).error?.code, who).toBe('42501')
      expect((await c.rpc('import_rollback', { run_id: dry.run_id })).error?.code, who).toBe('42501')
      expect((await c.rpc('import_finish', { run_id: dry.run_id })).error?.code, who).toBe('42501')
    }
    expect(await count(`credit_code like '934407045760%'`)).toBe(10)
    expect(await admin.rpc('import_rollback', { run_id: dry.run_id })).toMatchObject({ data: 0, error: null })
    expect(await count(`credit_code like '934407045760%'`)).toBe(0)
  }, 300_000)
})
