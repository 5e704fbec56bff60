// import_check in calls sized by measured time (src/import/checkChunks.ts): as an authenticated
// user each call is one statement under the role's 8 s statement timeout (hosted Supabase cancels
// it, the local PGlite gateway answers 504), so the dry run starts small, grows each call to about
// 2 s from the time per row it measured, and a call that timed out is asked again with half the
// rows (the timed-out statement wrote nothing). Through supabase-js as the demo admin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { strToU8 } from 'fflate'
import { signIn, sql, useStack } from '../helpers/stack.ts'
import { demoUser } from '../../supabase/seed/demo-users.ts'
import { APPLY_MAX_ROWS, APPLY_ROWS, CHECK_FIRST_ROWS, CHECK_MAX_ROWS, runImport, type ImportClient } from '../../src/import/index.ts'
import { ENTERPRISE_HEADERS, enterpriseRows, toCsv } from '../fixtures/import/generate.ts'

useStack()

const N = 2500
// fixtureCreditCode(58_300_000 + i): every code of this file starts '9344070458'
const cleanup = async () => {
  await sql().query(`delete from public.enterprises where credit_code like '9344070458%'`)
  await sql().query(`delete from public.import_runs where file_name like 'check-chunks-%'`)
}
let admin: SupabaseClient

beforeAll(async () => {
  admin = await signIn(demoUser('admin').email, demoUser('admin').password)
  await cleanup()
}, 120_000)
afterAll(cleanup)

const bytes = () => strToU8(toCsv(ENTERPRISE_HEADERS, enterpriseRows(N, { district: '440704', serialBase: 58_300_000 })))
type Call = { fn: string; args: Record<string, unknown>; error?: { message: string; code?: string } | null }

/** Records every RPC; `fail` may answer one instead of the database (as a timed-out call answers). */
const through = (client: SupabaseClient, calls: Call[], fail?: (c: Call) => { message: string; code?: string } | null): ImportClient => ({
  from: (t: string) => client.from(t) as never,
  rpc: async (fn: string, args: Record<string, unknown>) => {
    const c: Call = { fn, args }
    calls.push(c)
    const injected = fail?.(c) ?? null
    if (injected) {
      c.error = injected
      return { data: null, error: injected }
    }
    const r = await client.rpc(fn, args)
    c.error = r.error
    return r
  },
})
const ranges = (calls: Call[]) => calls.filter((c) => c.fn === 'import_check').map((c) => [c.args.from_row as number, c.args.to_row as number])

describe('import_check call sizes', () => {
  it('starts small, covers every row once in adjacent ranges, none over the cap, none timed out', async () => {
    const calls: Call[] = []
    const r = await runImport(through(admin, calls), { kind: 'enterprises', bytes: bytes(), fileName: 'check-chunks-a.csv', dryRun: true })
    expect(r).toMatchObject({ rows: N, inserted: N, errors: [] })
    const checks = calls.filter((c) => c.fn === 'import_check')
    expect(checks.map((c) => c.error ?? null)).toEqual(checks.map(() => null))
    const rs = ranges(calls)
    expect(rs[0]).toEqual([0, CHECK_FIRST_ROWS - 1])
    for (let i = 1; i < rs.length; i++) expect(rs[i]![0]).toBe(rs[i - 1]![1] + 1)
    expect(rs.at(-1)![1]).toBeGreaterThanOrEqual(N + 1)
    for (const [lo, hi] of rs) expect(hi - lo + 1).toBeLessThanOrEqual(CHECK_MAX_ROWS)
  }, 300_000)

  it('asks a timed-out range again with half the rows, and the verdicts are those of a dry run without a timeout', async () => {
    const calls: Call[] = []
    let failed = 0
    const timeout = { code: '57014', message: '查询超时（上限 8 秒） / canceling statement due to statement timeout (limit 8 s)' }
    const r = await runImport(
      through(admin, calls, (c) => (c.fn === 'import_check' && failed++ < 2 ? timeout : null)),
      { kind: 'enterprises', bytes: bytes(), fileName: 'check-chunks-b.csv', dryRun: true },
    )
    expect(r).toMatchObject({ rows: N, inserted: N, updated: 0, unchanged: 0, errors: [] })
    const rs = ranges(calls)
    expect(rs.slice(0, 3)).toEqual([
      [0, CHECK_FIRST_ROWS - 1],
      [0, CHECK_FIRST_ROWS / 2 - 1],
      [0, CHECK_FIRST_ROWS / 4 - 1],
    ])
    // every staged row has its verdict from the calls that went through
    const {
      rows: [v],
    } = await sql().query(
      `select count(*)::int n, count(*) filter (where verdict = 'insert' and data ? 'area_code')::int ins from public.import_rows where run_id = $1`,
      [r.run_id],
    )
    expect(v).toEqual({ n: N, ins: N })
  }, 300_000)

  it('does not retry what is not a timeout, and a fixed checkRows is not resized', async () => {
    const calls: Call[] = []
    const refused = { code: '22023', message: 'import_check: something else' }
    await expect(
      runImport(
        through(admin, calls, (c) => (c.fn === 'import_check' ? refused : null)),
        {
          kind: 'enterprises',
          bytes: bytes(),
          fileName: 'check-chunks-c.csv',
          dryRun: true,
        },
      ),
    ).rejects.toThrow('something else')
    expect(ranges(calls)).toEqual([[0, CHECK_FIRST_ROWS - 1]])

    const fixed: Call[] = []
    await runImport(through(admin, fixed), { kind: 'enterprises', bytes: bytes(), fileName: 'check-chunks-d.csv', dryRun: true, checkRows: 900 })
    expect(ranges(fixed).map(([lo, hi]) => hi - lo + 1)).toEqual([900, 900, 900])
  }, 300_000)
})

// The commit's import_apply calls the same way (checkChunks.ts: nextApplyRows / applyAfterTimeout):
// a hazard source graded by its trigger can take ~12 ms a row on a loaded server, so 1,000 rows a
// call could pass the 8 s timeout; a timed-out call wrote nothing and is asked again, halved.
const applies = (calls: Call[]) =>
  calls.filter((c) => c.fn === 'import_apply').map((c) => [c.args.from_row as number, c.args.to_row as number, c.error ? 'timeout' : 'ok'])
const TIMEOUT = { code: '57014', message: '查询超时（上限 8 秒） / canceling statement due to statement timeout (limit 8 s)' }

describe('import_apply call sizes', () => {
  it('asks a timed-out range again with half the rows; every row written once, the run finished, nothing rolled back', async () => {
    const calls: Call[] = []
    let failed = 0
    const file = strToU8(toCsv(ENTERPRISE_HEADERS, enterpriseRows(N, { district: '440704', serialBase: 58_310_000 })))
    const r = await runImport(
      through(admin, calls, (c) => (c.fn === 'import_apply' && failed++ < 1 ? TIMEOUT : null)),
      { kind: 'enterprises', bytes: file, fileName: 'check-chunks-e.csv' },
    )
    expect(r).toMatchObject({ rows: N, inserted: N, errors: [], committed: true })
    const rs = applies(calls)
    expect(rs.slice(0, 2)).toEqual([
      [2, APPLY_ROWS + 1, 'timeout'],
      [2, APPLY_ROWS / 2 + 1, 'ok'],
    ])
    const ok = rs.filter((x) => x[2] === 'ok')
    for (let i = 1; i < ok.length; i++) expect(ok[i]![0]).toBe((ok[i - 1]![1] as number) + 1)
    expect(ok.at(-1)![1]).toBe(N + 1)
    // after the first call the sizes grow by measured time, up to APPLY_MAX_ROWS (20270220000200)
    for (const [lo, hi] of ok) expect((hi as number) - (lo as number) + 1).toBeLessThanOrEqual(APPLY_MAX_ROWS)
    expect(calls.filter((c) => c.fn === 'import_rollback')).toEqual([])
    expect(calls.filter((c) => c.fn === 'import_finish')).toHaveLength(1)
    const {
      rows: [n],
    } = await sql().query(`select count(*)::int n from public.enterprises where import_run_id = $1`, [r.run_id])
    expect(n).toEqual({ n: N })
  }, 300_000)

  it('a small file whose one import_commit timed out is written in halved import_apply calls instead', async () => {
    const calls: Call[] = []
    const M = 400
    const file = strToU8(toCsv(ENTERPRISE_HEADERS, enterpriseRows(M, { district: '440704', serialBase: 58_320_000 })))
    const r = await runImport(
      through(admin, calls, (c) => (c.fn === 'import_commit' ? TIMEOUT : null)),
      { kind: 'enterprises', bytes: file, fileName: 'check-chunks-f.csv' },
    )
    expect(r).toMatchObject({ rows: M, inserted: M, errors: [], committed: true })
    expect(calls.filter((c) => c.fn === 'import_commit')).toHaveLength(1)
    expect(applies(calls)[0]).toEqual([2, M / 2 + 1, 'ok'])
    expect(applies(calls).at(-1)![1]).toBe(M + 1)
    const {
      rows: [n],
    } = await sql().query(`select count(*)::int n from public.enterprises where import_run_id = $1`, [r.run_id])
    expect(n).toEqual({ n: M })
  }, 300_000)

  it('a fixed applyRows is used as is, and a timeout there is not retried', async () => {
    const calls: Call[] = []
    const file = strToU8(toCsv(ENTERPRISE_HEADERS, enterpriseRows(300, { district: '440704', serialBase: 58_330_000 })))
    await expect(
      runImport(
        through(admin, calls, (c) => (c.fn === 'import_apply' ? TIMEOUT : null)),
        {
          kind: 'enterprises',
          bytes: file,
          fileName: 'check-chunks-g.csv',
          applyRows: 100,
        },
      ),
    ).rejects.toThrow(/statement timeout/)
    expect(applies(calls)).toEqual([[2, 101, 'timeout']])
  }, 300_000)
})
