// The list of past import runs on #/import (migration 20270131000100_import_runs_recent.sql):
// import_runs_recent(max_items ≤ 20) returns exactly the runs import_runs' RLS shows the caller
// (dry runs aside), newest first, bounded, each with what the page may offer: undo 'yes' (committed,
// inside 30 days, images kept), 'continue' (reverting), 'expired', 'not_kept', 'nothing', or null.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { strToU8 } from 'fflate'
import { anonClient, clientWithClaims, serviceClient, signIn, sql, useStack } from '../helpers/stack.ts'
import { demoUser } from '../../supabase/seed/demo-users.ts'
import { runImport, type ImportReport } from '../../src/import/index.ts'
import { ENTERPRISE_HEADERS, enterpriseRows, toCsv } from '../fixtures/import/generate.ts'

useStack()

let admin: SupabaseClient
let regulator: SupabaseClient
let planner: SupabaseClient
let enterprise: SupabaseClient
/** what hosted Supabase issues to a self sign-up: authenticated, no app_role */
let noRole: SupabaseClient

type Row = (string | number)[]
interface Recent {
  id: string
  kind: string
  file_name: string
  actor_role: string
  mine: boolean
  status: string
  inserted: number
  updated: number
  undo: string | null
}
let codes: string[] = []
const rowsOf = (n: number, serialBase: number) => {
  const rows = enterpriseRows(n, { district: '440704', serialBase, seed: serialBase % 97 })
  codes = [...codes, ...rows.map((r) => String(r[1]))]
  return rows
}
const importAs = (client: SupabaseClient, rows: Row[], fileName: string, dryRun = false): Promise<ImportReport> =>
  runImport(client as never, { kind: 'enterprises', bytes: strToU8(toCsv(ENTERPRISE_HEADERS, rows)), fileName, dryRun })

const recent = async (client: SupabaseClient, maxItems = 20) => {
  const { data, error } = await client.rpc('import_runs_recent', { max_items: maxItems })
  if (error) throw new Error(error.message)
  return data as Recent[]
}
/** What import_runs' own RLS shows the caller, the same filter and order. */
const plainSelect = async (client: SupabaseClient) => {
  const { data, error } = await client
    .from('import_runs')
    .select('id')
    .neq('status', 'staging')
    .order('created_at', { ascending: false })
    .order('id', { ascending: false })
    .limit(20)
  if (error) throw new Error(error.message)
  return (data as { id: string }[]).map((r) => r.id)
}

const runs: Record<string, string> = {}

beforeAll(async () => {
  admin = await signIn(demoUser('admin').email, demoUser('admin').password)
  regulator = await signIn(demoUser('regulator').email, demoUser('regulator').password)
  planner = await signIn(demoUser('planner').email, demoUser('planner').password)
  enterprise = await signIn(demoUser('enterprise').email, demoUser('enterprise').password)
  noRole = await clientWithClaims({ sub: '00000000-0000-4000-8000-0000000000ee', role: 'authenticated', aud: 'authenticated', email: 'self@example.com' })
  // oldest first: the list is newest first
  const a = await importAs(admin, rowsOf(3, 59_600_000), 'recent-admin.csv')
  const dry = await importAs(regulator, rowsOf(2, 59_610_000), 'recent-dry.csv', true)
  const reg = await importAs(regulator, rowsOf(4, 59_620_000), 'recent-regulator.csv')
  const again = await importAs(admin, rowsOf(3, 59_600_000), 'recent-unchanged.csv') // all unchanged: wrote nothing
  for (const [k, r] of Object.entries({ a, dry, reg, again })) {
    expect(r.run_id, k).toBeTruthy()
    runs[k] = r.run_id!
  }
  expect(reg).toMatchObject({ inserted: 4, committed: true })
  expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, committed: true })
}, 180_000)

afterAll(async () => {
  if (codes.length) await sql().query(`delete from public.enterprises where credit_code = any($1)`, [codes])
})

describe('import_runs_recent', () => {
  it('returns exactly the runs RLS shows each role (dry runs aside), newest first', async () => {
    for (const client of [admin, regulator, planner, enterprise, noRole]) {
      expect((await recent(client)).map((r) => r.id)).toEqual(await plainSelect(client))
    }
    const forAdmin = (await recent(admin)).map((r) => r.id)
    expect(forAdmin.slice(0, 3)).toEqual([runs.again, runs.reg, runs.a])
    expect(forAdmin).not.toContain(runs.dry)

    const forRegulator = await recent(regulator)
    expect(forRegulator.map((r) => r.id)).toContain(runs.reg)
    expect(forRegulator.map((r) => r.id)).not.toContain(runs.a) // an admin's run: not the regulator's
    expect(forRegulator.every((r) => r.mine)).toBe(true)
    expect(await recent(planner)).toEqual([])
    // an enterprise (imports are the government's) and a user with no role see no run either
    expect(await recent(enterprise)).toEqual([])
    expect(await recent(noRole)).toEqual([])

    const mine = (await recent(admin)).find((r) => r.id === runs.reg)!
    expect(mine).toMatchObject({
      actor_role: 'regulator',
      mine: false,
      file_name: 'recent-regulator.csv',
      kind: 'enterprises',
      status: 'committed',
      inserted: 4,
    })
    expect(mine).not.toHaveProperty('created_by')
  })

  it('is bounded: 1–20 items, anon refused', async () => {
    expect(await recent(admin, 2)).toHaveLength(2)
    for (const n of [0, 21]) {
      const { error } = await admin.rpc('import_runs_recent', { max_items: n })
      expect(error?.message, String(n)).toMatch(/最多列出 20/)
    }
    const { error } = await anonClient().rpc('import_runs_recent', { max_items: 5 })
    expect(error?.message).toMatch(/permission denied/)
    expect((await serviceClient().rpc('import_runs_recent', { max_items: 20 })).data).toHaveLength(await plainSelect(admin).then((x) => x.length))
  })

  it('says what undo to offer: yes, nothing, continue, reverted (none), expired, not kept', async () => {
    const undoOf = async (id: string) => (await recent(admin)).find((r) => r.id === id)!
    expect(await undoOf(runs.reg!)).toMatchObject({ undo: 'yes' })
    expect(await undoOf(runs.again!)).toMatchObject({ undo: 'nothing' })

    // one record undone of four: the run is 'reverting', the list offers to continue
    const step = await regulator.rpc('import_revert', { run_id: runs.reg, max_rows: 1 })
    expect(step.data).toMatchObject({ status: 'reverting', remaining: 3 })
    expect(await undoOf(runs.reg!)).toMatchObject({ status: 'reverting', undo: 'continue' })
    const rest = await regulator.rpc('import_revert', { run_id: runs.reg })
    expect(rest.data).toMatchObject({ status: 'reverted' })
    expect(await undoOf(runs.reg!)).toMatchObject({ status: 'reverted', undo: null })

    // committed 31 days ago: expired (import_revert refuses it too)
    await sql().query(`update public.import_runs set committed_at = now() - interval '31 days' where id = $1`, [runs.a])
    expect(await undoOf(runs.a!)).toMatchObject({ undo: 'expired' })
    // images not kept (a run committed before undo existed)
    await sql().query(`update public.import_runs set committed_at = now() where id = $1`, [runs.a])
    expect(await undoOf(runs.a!)).toMatchObject({ undo: 'yes' })
    await sql().query(`delete from app.import_revert_rows where run_id = $1 and row_no = 2`, [runs.a])
    expect(await undoOf(runs.a!)).toMatchObject({ undo: 'not_kept' })
    const refused = await admin.rpc('import_revert', { run_id: runs.a })
    expect(refused.data).toMatchObject({ status: 'refused' })
  })
})
