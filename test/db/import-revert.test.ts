// Undo a committed import run (migration 20270129000100_import_revert.sql): import_revert deletes the
// run's inserted records and restores the updated ones, in bounded calls, whichever commit path
// wrote the run (import_commit for a small file, import_apply … import_finish for a large one);
// refused, changing nothing and saying which records and why, when a record was changed since, an
// inserted one is referenced, a later run wrote the same records, or the run is not committed.
// Every call is recorded in the append-only import_run_events.
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
let enterprise: SupabaseClient

type Row = (string | number)[]
const file = (rows: Row[]) => strToU8(toCsv(ENTERPRISE_HEADERS, rows))
const codesOf = (rows: Row[]) => rows.map((r) => String(r[1]))
let allCodes: string[] = []
const track = (rows: Row[]) => {
  allCodes = [...new Set([...allCodes, ...codesOf(rows)])]
  return rows
}

/** Every column of the enterprises of these credit codes (updated_at aside: any write touches it). */
const snapshot = async (codes: string[]) =>
  (await sql().query(`select to_jsonb(e) - 'updated_at' as r from public.enterprises e where credit_code = any($1) order by credit_code`, [codes])).rows.map(
    (x) => x.r,
  )

const importAs = (client: SupabaseClient, rows: Row[], fileName: string, applyRows?: number): Promise<ImportReport> =>
  runImport(client as never, { kind: 'enterprises', bytes: file(rows), fileName, ...(applyRows ? { applyRows, checkRows: applyRows } : {}) })

const revert = async (client: SupabaseClient, runId: string, maxRows?: number) => {
  const { data, error } = await client.rpc('import_revert', { run_id: runId, ...(maxRows ? { max_rows: maxRows } : {}) })
  return {
    data: data as {
      status: string
      message?: string
      deleted?: number
      restored?: number
      remaining?: number
      problems?: { row: number; id: string; reason: string }[]
    } | null,
    error,
  }
}
const runOf = async (id: string) => (await sql().query(`select status, reverted_at is not null as done from public.import_runs where id = $1`, [id])).rows[0]
const eventsOf = async (id: string) =>
  (await sql().query(`select action, actor_role, deleted, restored, remaining, message from public.import_run_events where run_id = $1 order by id`, [id])).rows

const cleanup = async () => {
  // the test's hidden danger stays (its history is append-only), no longer on a test enterprise
  await sql().query(`update public.hidden_dangers set enterprise_id = null where title = '撤销测试隐患'`)
  if (allCodes.length) await sql().query(`delete from public.enterprises where credit_code = any($1)`, [allCodes])
}

beforeAll(async () => {
  admin = await signIn(demoUser('admin').email, demoUser('admin').password)
  regulator = await signIn(demoUser('regulator').email, demoUser('regulator').password)
  enterprise = await signIn(demoUser('enterprise').email, demoUser('enterprise').password)
}, 120_000)
afterAll(cleanup)

describe('import_revert', () => {
  it('a one-transaction run (inserts + updates) reverted: the enterprises equal their state before the run, column for column', async () => {
    const base = track(enterpriseRows(20, { district: '440704', serialBase: 58_000_000, seed: 11 }))
    const first = await importAs(admin, base, 'revert-a0.csv')
    expect(first).toMatchObject({ inserted: 20, committed: true })
    const extra = track(enterpriseRows(6, { district: '440704', serialBase: 58_010_000, seed: 12 }))
    const changed = base.map((r, i) => (i < 8 ? [r[0]!, r[1]!, r[2]!, `${r[3]}（错址）`, r[4]!, r[5]!, Number(r[6]) + 1000] : r))
    const before = await snapshot(allCodes)
    expect(before).toHaveLength(20)

    const wrong = await importAs(admin, [...changed, ...extra], 'revert-a1.csv')
    expect(wrong).toMatchObject({ inserted: 6, updated: 8, unchanged: 12, committed: true })
    expect(await snapshot(allCodes)).not.toEqual(before)
    expect(await runOf(wrong.run_id!)).toEqual({ status: 'committed', done: false })

    const { data, error } = await revert(admin, wrong.run_id!)
    expect(error).toBeNull()
    expect(data).toMatchObject({ status: 'reverted', deleted: 6, restored: 8, remaining: 0 })
    expect(await snapshot(allCodes)).toEqual(before)
    expect(await runOf(wrong.run_id!)).toEqual({ status: 'reverted', done: true })
    expect(await eventsOf(wrong.run_id!)).toMatchObject([{ action: 'reverted', actor_role: 'admin', deleted: 6, restored: 8, remaining: 0 }])

    // a second revert: refused, recorded, nothing changes
    const again = await revert(admin, wrong.run_id!)
    expect(again.error).toBeNull()
    expect(again.data?.status).toBe('refused')
    expect(again.data?.message).toMatch(/^导入批次 .*已经撤销过了 \/ .*already been reverted/)
    expect(await snapshot(allCodes)).toEqual(before)
    expect((await eventsOf(wrong.run_id!)).map((e) => e.action)).toEqual(['reverted', 'revert_refused'])

    // the first run is still revertible (the second one gave its records back): all 20 deleted
    const firstBack = await revert(admin, first.run_id!)
    expect(firstBack.data).toMatchObject({ status: 'reverted', deleted: 20, restored: 0 })
    expect(await snapshot(allCodes)).toEqual([])
  }, 300_000)

  it('a run of more than 1,000 rows (chunked commit) is reverted in several bounded calls', async () => {
    const base = track(enterpriseRows(300, { district: '440704', serialBase: 58_100_000, seed: 13 }))
    await importAs(admin, base, 'revert-b0.csv')
    const before = await snapshot(allCodes)
    const changed = base.map((r) => [r[0]!, r[1]!, r[2]!, `${r[3]}（错址）`, r[4]!, r[5]!, r[6]!])
    const extra = track(enterpriseRows(900, { district: '440704', serialBase: 58_110_000, seed: 14 }))
    const big = await importAs(admin, [...extra, ...changed], 'revert-b1.csv', 400)
    expect(big).toMatchObject({ rows: 1200, inserted: 900, updated: 300, committed: true })
    expect(await snapshot(allCodes)).not.toEqual(before)

    await expect(revert(admin, big.run_id!, 1001).then((x) => x.error?.message)).resolves.toMatch(/一次最多撤销 1000 条/)
    const steps = []
    for (let i = 0; i < 10; i++) {
      const { data, error } = await revert(admin, big.run_id!, 500)
      expect(error).toBeNull()
      steps.push(data)
      if (data?.status !== 'reverting') break
      expect(await runOf(big.run_id!)).toEqual({ status: 'reverting', done: false })
    }
    expect(steps.map((s) => s?.status)).toEqual(['reverting', 'reverting', 'reverted'])
    expect(steps.map((s) => s?.remaining)).toEqual([700, 200, 0])
    expect(steps.reduce((n, s) => n + (s?.deleted ?? 0), 0)).toBe(900)
    expect(steps.reduce((n, s) => n + (s?.restored ?? 0), 0)).toBe(300)
    expect(await snapshot(allCodes)).toEqual(before)
    expect((await eventsOf(big.run_id!)).map((e) => e.action)).toEqual(['revert_step', 'revert_step', 'reverted'])
  }, 600_000)

  it('refused for the enterprise role, anon, a regulator on a run not its own and one whose area no longer holds its run; a regulator reverts its own run', async () => {
    const rows = track(enterpriseRows(4, { district: '440704', serialBase: 58_200_000, seed: 15 }))
    const before = await snapshot(allCodes)
    const run = await importAs(admin, rows, 'revert-c.csv')
    expect(run).toMatchObject({ inserted: 4, committed: true })
    const after = await snapshot(allCodes)

    const ent = await revert(enterprise, run.run_id!)
    expect(ent.error?.code).toBe('42501')
    expect(ent.error?.message).toMatch(/只有管理员和监管部门/)
    const anon = await revert(anonClient(), run.run_id!)
    expect(anon.error).not.toBeNull()
    expect(anon.data).toBeNull()
    const reg = await revert(regulator, run.run_id!)
    expect(reg.error?.code).toBe('42501')
    expect(reg.error?.message).toMatch(/不存在或不属于你/)
    expect(await snapshot(allCodes)).toEqual(after)
    expect(await runOf(run.run_id!)).toEqual({ status: 'committed', done: false })

    // the service role may; so may a regulator its own run in its area
    expect((await revert(serviceClient(), run.run_id!)).data).toMatchObject({ status: 'reverted', deleted: 4 })
    expect(await snapshot(allCodes)).toEqual(before)
    const mine = await importAs(regulator, rows, 'revert-c2.csv')
    expect(mine).toMatchObject({ inserted: 4, committed: true })
    // the same regulator whose area no longer covers the run's records (reassigned to 新会区): refused by record
    const moved = await clientWithClaims({
      sub: demoUser('regulator').id,
      role: 'authenticated',
      aud: 'authenticated',
      app_metadata: { app_role: 'regulator', area_codes: ['440705'] },
    })
    const out = await revert(moved, mine.run_id!)
    expect(out.error).toBeNull()
    expect(out.data?.status).toBe('refused')
    expect(out.data?.problems?.map((p) => p.row)).toEqual([2, 3, 4, 5])
    expect(out.data?.message).toMatch(/第 2 行 \/ row 2：.*这条记录不在你的辖区内 \/ the record is outside your jurisdiction/)
    expect(await runOf(mine.run_id!)).toEqual({ status: 'committed', done: false })
    expect((await revert(regulator, mine.run_id!)).data).toMatchObject({ status: 'reverted', deleted: 4 })
    expect(await snapshot(allCodes)).toEqual(before)
    expect(await eventsOf(mine.run_id!)).toMatchObject([
      { action: 'revert_refused', actor_role: 'regulator' },
      { action: 'reverted', actor_role: 'regulator' },
    ])
  }, 300_000)

  it('refused, changing nothing, when a record was edited since and when a later run rewrote a record; allowed once settled', async () => {
    const base = track(enterpriseRows(6, { district: '440704', serialBase: 58_300_000, seed: 16 }))
    await importAs(admin, base.slice(0, 3), 'revert-d0.csv')
    const run = await importAs(
      admin,
      [...base.slice(0, 2).map((r) => [r[0]!, r[1]!, r[2]!, `${r[3]}（改）`, r[4]!, r[5]!, r[6]!]), ...base.slice(3)],
      'revert-d1.csv',
    )
    expect(run).toMatchObject({ inserted: 3, updated: 2, committed: true })

    // 1. an inserted record edited by hand (row 3 of the file = base[3])
    await sql().query(`update public.enterprises set address = '手工改过的地址' where credit_code = $1`, [base[3]![1]])
    const edited = await snapshot(allCodes)
    const r1 = await revert(admin, run.run_id!)
    expect(r1.error).toBeNull()
    expect(r1.data?.status).toBe('refused')
    expect(r1.data?.message).toMatch(/^不能撤销导入批次 .* \/ import run .* cannot be reverted/)
    expect(r1.data?.message).toMatch(/第 4 行 \/ row 4：测试企业58300003号有限公司.*导入后这条记录已被修改（address）/)
    expect(r1.data?.problems).toEqual([expect.objectContaining({ row: 4 })])
    expect(await snapshot(allCodes)).toEqual(edited)
    expect(await runOf(run.run_id!)).toEqual({ status: 'committed', done: false })
    const [ev] = await eventsOf(run.run_id!)
    expect(ev).toMatchObject({ action: 'revert_refused', actor_role: 'admin', deleted: 0, restored: 0 })
    expect(ev.message).toMatch(/第 4 行/)

    // 2. the edit undone by hand: the record is again as the run wrote it
    await sql().query(`update public.enterprises set address = $2 where credit_code = $1`, [base[3]![1], base[3]![3]])

    // 3. a later run of the same kind rewrote a record of this run (row 2: base[1])
    const later = await importAs(
      admin,
      [[base[1]![0]!, base[1]![1]!, base[1]![2]!, `${base[1]![3]}（再改）`, base[1]![4]!, base[1]![5]!, base[1]![6]!]],
      'revert-d2.csv',
    )
    expect(later).toMatchObject({ updated: 1, committed: true })
    const rewritten = await snapshot(allCodes)
    const r3 = await revert(admin, run.run_id!)
    expect(r3.data?.status).toBe('refused')
    expect(r3.data?.problems?.map((p) => p.row)).toEqual([3])
    expect(r3.data?.message).toMatch(/之后的导入批次 .*revert-d2\.csv.*请先撤销那次导入/)
    expect(await snapshot(allCodes)).toEqual(rewritten)

    // undo the later run first, then this one goes through
    expect((await revert(admin, later.run_id!)).data).toMatchObject({ status: 'reverted', restored: 1 })
    expect((await revert(admin, run.run_id!)).data).toMatchObject({ status: 'reverted', deleted: 3, restored: 2 })
    expect((await eventsOf(run.run_id!)).map((e) => e.action)).toEqual(['revert_refused', 'revert_refused', 'reverted'])
  }, 300_000)

  it('refused, changing nothing, when an enterprise the run inserted now has a hidden danger (no cascade-delete of it)', async () => {
    const rows = track(enterpriseRows(3, { district: '440704', serialBase: 58_500_000, seed: 18 }))
    const run = await importAs(admin, rows, 'revert-f.csv')
    expect(run).toMatchObject({ inserted: 3, committed: true })
    const {
      rows: [hd],
    } = await sql().query(
      `insert into public.hidden_dangers (title, location, enterprise_id)
       select '撤销测试隐患', e.location, e.id from public.enterprises e where e.credit_code = $1 returning id`,
      [rows[1]![1]],
    )
    const withDanger = await snapshot(allCodes)
    const r = await revert(admin, run.run_id!)
    expect(r.error).toBeNull()
    expect(r.data?.status).toBe('refused')
    expect(r.data?.problems).toEqual([expect.objectContaining({ row: 3, reason: expect.stringMatching(/^新增的这条记录已被 隐患/) })])
    expect(r.data?.message).toMatch(/第 3 行 \/ row 3：测试企业58500001号有限公司.*已被 隐患 \/ hidden dangers 引用（1 条），撤销会删除别人的工作/)
    expect(await snapshot(allCodes)).toEqual(withDanger)
    expect((await sql().query(`select count(*)::int n from public.hidden_dangers where id = $1`, [hd.id])).rows[0].n).toBe(1)
    expect(await runOf(run.run_id!)).toEqual({ status: 'committed', done: false })
    expect(await eventsOf(run.run_id!)).toMatchObject([{ action: 'revert_refused', deleted: 0, restored: 0 }])
  }, 300_000)

  it('refused for a run still in staging (a dry run); the event log is append-only for everyone', async () => {
    const rows = track(enterpriseRows(2, { district: '440704', serialBase: 58_400_000, seed: 17 }))
    const dry = await runImport(admin as never, { kind: 'enterprises', bytes: file(rows), fileName: 'revert-e.csv', dryRun: true })
    const r = await revert(admin, dry.run_id!)
    expect(r.data?.status).toBe('refused')
    expect(r.data?.message).toMatch(/的状态是 staging，只有已提交的导入可以撤销 \/ .* is staging: only a committed run can be reverted/)
    expect(await runOf(dry.run_id!)).toEqual({ status: 'staging', done: false })

    // readers: the admin sees the event, the regulator not (not its run), writers: nobody
    const { data: seen } = await admin.from('import_run_events').select('action, run_id').eq('run_id', dry.run_id!)
    expect(seen).toEqual([{ action: 'revert_refused', run_id: dry.run_id }])
    const { data: regSeen } = await regulator.from('import_run_events').select('id').eq('run_id', dry.run_id!)
    expect(regSeen).toEqual([])
    for (const c of [admin, serviceClient()]) {
      const upd = await c.from('import_run_events').update({ message: 'x' }).eq('run_id', dry.run_id!).select()
      expect(upd.error?.code).toBe('42501')
      const del = await c.from('import_run_events').delete().eq('run_id', dry.run_id!).select()
      expect(del.error?.code).toBe('42501')
      const ins = await c.from('import_run_events').insert({ run_id: dry.run_id, actor_role: 'admin', action: 'reverted' }).select()
      expect(ins.error?.code).toBe('42501')
    }
    await expect(sql().query(`delete from public.import_run_events where run_id = $1`, [dry.run_id])).rejects.toThrow(/append-only/)
    await expect(sql().query(`update public.import_run_events set message = 'x' where run_id = $1`, [dry.run_id])).rejects.toThrow(/append-only/)
    expect(await eventsOf(dry.run_id!)).toHaveLength(1)
  }, 300_000)
})
