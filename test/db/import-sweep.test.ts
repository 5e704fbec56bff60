// The import sweep (20270206000200_import_sweep.sql): a run abandoned mid-commit (a closed tab
// between import_apply calls) is rolled back by the timetable, without waiting for someone's next
// import_begin. Called as pg_cron calls it (SQL without request claims) and as the service role;
// refused for every other role (an enterprise, anon and a signed-in user with no role included); a run not yet idle for 5 minutes, or a live one, is left alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { strToU8 } from 'fflate'
import { anonClient, clientWithClaims, serviceClient, signIn, sql, useStack } from '../helpers/stack.ts'
import { demoUser } from '../../supabase/seed/demo-users.ts'
import { commitImport, runImport, type ImportReport } from '../../src/import/index.ts'
import { ENTERPRISE_HEADERS, enterpriseRows, toCsv } from '../fixtures/import/generate.ts'

useStack()

const CHUNK = 300
let admin: SupabaseClient
let regulator: SupabaseClient

// fixtureCreditCode(59_500_000 + i): every code of this file starts '934407045950'
const cleanup = async () => {
  await sql().query(`delete from public.enterprises where credit_code like '93440704595%'`)
}

beforeAll(async () => {
  admin = await signIn(demoUser('admin').email, demoUser('admin').password)
  regulator = await signIn(demoUser('regulator').email, demoUser('regulator').password)
  await cleanup()
}, 120_000)
afterAll(cleanup)

const file = (rows: (string | number)[][]) => strToU8(toCsv(ENTERPRISE_HEADERS, rows))
const written = async (run: string) =>
  (await sql().query<{ n: number }>(`select count(*)::int n from public.enterprises where import_run_id = $1`, [run])).rows[0]!.n
const statusOf = async (run: string) => (await sql().query<{ status: string }>(`select status from public.import_runs where id = $1`, [run])).rows[0]!.status
const age = (run: string, minutes: number) =>
  sql().exec(
    `set session_replication_role = replica; update public.import_runs set updated_at = now() - interval '${minutes} minutes' where id = '${run}'; set session_replication_role = origin`,
  )

/** A dry-run checked run with `applied` rows written by import_apply and never finished. */
async function abandoned(serial: number, n: number, applied: number, tag: string): Promise<ImportReport> {
  const rows = enterpriseRows(n, { district: '440704', serialBase: serial, seed: serial % 97 })
  const dry = await runImport(admin as never, {
    kind: 'enterprises',
    checkRows: CHUNK,
    applyRows: CHUNK,
    bytes: file(rows),
    fileName: `sweep-${tag}.csv`,
    dryRun: true,
  })
  expect(dry).toMatchObject({ inserted: n, errors: [] })
  for (let lo = 2; lo < 2 + applied; lo += CHUNK) {
    const hi = Math.min(lo + CHUNK - 1, 1 + applied)
    const { error } = await admin.rpc('import_apply', { run_id: dry.run_id, from_row: lo, to_row: hi, skip_errors: false, client_errors: 0 })
    expect(error).toBeNull()
  }
  expect(await written(dry.run_id!)).toBe(applied)
  expect(await statusOf(dry.run_id!)).toBe('applying')
  return dry
}

describe('import_sweep', () => {
  it('rolls back a run idle for 5 minutes as pg_cron calls it (no claims); leaves a run idle for less alone', async () => {
    const old = await abandoned(59_500_000, 700, 600, 'a')
    const recent = await abandoned(59_510_000, 40, 40, 'b')
    await age(old.run_id!, 6)
    await age(recent.run_id!, 2)

    const { rows } = await sql().query<{ r: { steps: number; rows_undone: number; abandoned_runs_left: number } }>(`select public.import_sweep() r`)
    expect(rows[0]!.r).toMatchObject({ steps: 1, rows_undone: 600, abandoned_runs_left: 0 })
    expect(await written(old.run_id!)).toBe(0)
    expect(await statusOf(old.run_id!)).toBe('staging')
    expect(await written(recent.run_id!)).toBe(40)
    expect(await statusOf(recent.run_id!)).toBe('applying')

    // the rolled-back run can still be committed as a whole; the live one finishes normally
    expect(await commitImport(admin as never, old, false, undefined, CHUNK)).toMatchObject({ inserted: 700, committed: true })
    expect((await admin.rpc('import_finish', { run_id: recent.run_id })).error).toBeNull()
    expect(await statusOf(recent.run_id!)).toBe('committed')
    expect(await written(recent.run_id!)).toBe(40)
  }, 300_000)

  it('a run of more than 1,000 written rows goes in steps of 1,000 within one call; the service role may call it', async () => {
    const big = await abandoned(59_520_000, 1500, 1500, 'c')
    await age(big.run_id!, 10)
    const { data, error } = await serviceClient().rpc('import_sweep')
    expect(error).toBeNull()
    expect(data).toMatchObject({ steps: 2, rows_undone: 1500, abandoned_runs_left: 0 })
    expect(await written(big.run_id!)).toBe(0)
    expect(await statusOf(big.run_id!)).toBe('staging')
  }, 300_000)

  it('is refused for every other caller, changing nothing', async () => {
    const run = await abandoned(59_530_000, 20, 20, 'd')
    await age(run.run_id!, 6)
    const callers: [string, SupabaseClient][] = [
      ['regulator', regulator],
      ['planner', await signIn(demoUser('planner').email, demoUser('planner').password)],
      ['enterprise', await signIn(demoUser('enterprise').email, demoUser('enterprise').password)],
      ['anon', anonClient()],
      // a self sign-up: signed in, no staff role (and a role it wrote itself where users may write)
      [
        'no role',
        await clientWithClaims({
          sub: '00000000-0000-4000-8000-0000000000ef',
          role: 'authenticated',
          aud: 'authenticated',
          app_metadata: { provider: 'email' },
          user_metadata: { app_role: 'admin' },
        }),
      ],
    ]
    for (const [who, c] of callers) {
      const { error } = await c.rpc('import_sweep')
      expect(error?.code, who).toBe('42501')
    }
    expect(await written(run.run_id!)).toBe(20)
    // an administrator may run it by hand
    const { data, error } = await admin.rpc('import_sweep')
    expect(error).toBeNull()
    expect(data).toMatchObject({ rows_undone: 20 })
  }, 300_000)
})
