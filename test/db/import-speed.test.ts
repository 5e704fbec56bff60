// The import's speed cuts (migration 20270215000100_import_speed.sql) change no result:
//   1. import_rows' input-limits trigger runs only when a length is over its bound (a WHEN clause):
//      the same refusals, at the same bounds, on insert and on update.
//   2. pass 2 of app.import_decide_records_generic writes only the staged rows whose verdict,
//      target or refusal changes: the previous body (read from 20270210000100, run from a scratch
//      schema on the same staged rows) and the new one leave the same verdicts, targets and errors,
//      and a commit's second decision after its dry run no longer makes new row versions.
//   3. app.import_write keeps an enterprise's image as to_jsonb(t) - 'updated_at' in its statement:
//      the kept images equal app.import_record_image of the records written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { strToU8 } from 'fflate'
import { serviceClient, sql, useStack } from '../helpers/stack.ts'
import { previousFunctionBody } from '../helpers/previous-body.ts'
import { runImport } from '../../src/import/index.ts'
import { ENTERPRISE_HEADERS, enterpriseRows, toCsv } from '../fixtures/import/generate.ts'

useStack()

// fixtureCreditCode(58_600_000 + i): every code of this file starts with PREFIX
const PREFIX = '934407045860'
const cleanup = async () => {
  await sql().query(`delete from public.enterprises where credit_code like '${PREFIX}%'`)
  await sql().query(`delete from public.import_runs where file_name like 'import-speed-%'`)
  await sql().query(`drop schema if exists import_speed_prev cascade`)
}
beforeAll(cleanup, 60_000)
afterAll(cleanup)

type Row = (string | number)[]
const file = (rows: Row[]) => strToU8(toCsv(ENTERPRISE_HEADERS, rows))
const rows = enterpriseRows(60, { district: '440704', serialBase: 58_600_000 })

const staged = async (runId: string) =>
  (await sql().query(`select row_no, verdict, target_id, error_column, error_message, data from public.import_rows where run_id = $1 order by row_no`, [runId]))
    .rows

describe('import_rows input limits (trigger with WHEN)', () => {
  it('refuses an over-long error column or message on insert and on update, accepts the bound', async () => {
    const { data: runId, error } = await serviceClient().rpc('import_begin', {
      kind: 'enterprises',
      file_name: 'import-speed-limits.csv',
      file_sha256: 'a'.repeat(64),
      crs: 'wgs84',
      total_rows: 3,
    })
    expect(error).toBeNull()
    const ins = (row: number, col: string, msg: string) =>
      sql().query(`insert into public.import_rows (run_id, row_no, data, error_column, error_message) values ($1, $2, '{}', $3, $4)`, [runId, row, col, msg])
    await expect(ins(2, 'c'.repeat(200), 'm'.repeat(2000))).resolves.toBeTruthy()
    await expect(ins(3, 'c'.repeat(201), 'm')).rejects.toThrow(/出错的列.*过长：最多 200 个字符，收到 201 个/)
    await expect(ins(3, 'c', 'm'.repeat(2001))).rejects.toThrow(/错误原因.*过长：最多 2000 个字符，收到 2001 个/)
    const upd = (set: string, v: string) => sql().query(`update public.import_rows set ${set} = $2 where run_id = $1 and row_no = 2`, [runId, v])
    await expect(upd('error_message', 'm'.repeat(2001))).rejects.toThrow(/过长：最多 2000 个字符，收到 2001 个/)
    await expect(upd('error_column', 'c'.repeat(201))).rejects.toThrow(/过长：最多 200 个字符，收到 201 个/)
    await expect(upd('error_message', 'short')).resolves.toBeTruthy()
  })
})

describe('pass 2 writes only the rows it changes', () => {
  it('leaves the verdicts, targets and errors of the previous body; the commit decides without new row versions', async () => {
    // stored: the first 40 rows (20 of them to be changed by the file), then a file of all 60 rows,
    // 5 of them moved outside the city (refused in pass 1)
    const first = await runImport(serviceClient() as never, { kind: 'enterprises', bytes: file(rows.slice(0, 40)), fileName: 'import-speed-a.csv' })
    expect(first).toMatchObject({ committed: true, inserted: 40 })
    const second = rows.map((r, i) =>
      i < 20 ? [r[0]!, r[1]!, r[2]!, `${r[3]}（新址）`, r[4]!, r[5]!, r[6]!] : i >= 55 ? [r[0]!, r[1]!, r[2]!, r[3]!, 100.5, 10.5, r[6]!] : r,
    )
    const dry = await runImport(serviceClient() as never, { kind: 'enterprises', bytes: file(second), fileName: 'import-speed-b.csv', dryRun: true })
    expect(dry).toMatchObject({ updated: 20, unchanged: 20, inserted: 15 })
    expect(dry.errors).toHaveLength(5)
    const runId = dry.run_id!
    const after = await staged(runId)

    // the previous body, run from a scratch schema on the same staged rows: same decisions
    await sql().exec(
      `create schema import_speed_prev; ` +
        previousFunctionBody('20270210000100_import_decide_bounded_target.sql', 'import_decide_records_generic', 'import_speed_prev', 'app'),
    )
    const decide = (fn: string, keysOnly: boolean) => sql().query(`select ${fn}(r, 0, 100, ${keysOnly}) from public.import_runs r where r.id = $1`, [runId])
    await decide('import_speed_prev.import_decide_records_generic', false)
    expect(await staged(runId)).toEqual(after)
    await decide('import_speed_prev.import_decide_records_generic', true)
    expect(await staged(runId)).toEqual(after)

    // the commit's decision (keys only) of rows decided the same: no row written again
    const versions = async () => (await sql().query(`select row_no, ctid::text as v from public.import_rows where run_id = $1 order by row_no`, [runId])).rows
    const before = await versions()
    await decide('app.import_decide_records_generic', true)
    expect(await staged(runId)).toEqual(after)
    expect(await versions()).toEqual(before)
    // … whereas the previous body wrote every open row again (the check above can fail)
    await decide('import_speed_prev.import_decide_records_generic', true)
    const rewritten = (await versions()).filter((x, i) => x.v !== before[i]!.v)
    expect(rewritten).toHaveLength(55)

    // a stored record changed since the dry run: its row is decided again and written
    await sql().query(`update public.enterprises set address = '别处' where credit_code = $1`, [String(rows[30]![1])])
    await decide('app.import_decide_records_generic', true)
    const now = await staged(runId)
    expect(now.find((x) => x.row_no === 32)).toMatchObject({ verdict: 'update' })
    expect(now.filter((x, i) => JSON.stringify(x) !== JSON.stringify(after[i]))).toHaveLength(1)
    await sql().query(`update public.enterprises set address = $2 where credit_code = $1`, [String(rows[30]![1]), String(rows[30]![3])])
  })
})

describe('kept images (app.import_write)', () => {
  it('keeps each written enterprise as app.import_record_image gives it', async () => {
    const r = await runImport(serviceClient() as never, {
      kind: 'enterprises',
      bytes: file(rows.map((x, i) => (i % 2 ? [x[0]!, x[1]!, x[2]!, `${x[3]}（二）`, x[4]!, x[5]!, x[6]!] : x))),
      fileName: 'import-speed-c.csv',
      skipErrors: true,
      applyRows: 25,
      checkRows: 25,
    })
    expect(r).toMatchObject({ committed: true, inserted: 20, updated: 20, unchanged: 20 })
    const { rows: kept } = await sql().query(
      `select k.verdict, k.after = app.import_record_image('enterprises', to_jsonb(e)) as same, k.after ? 'updated_at' as has_updated_at,
         k.after ->> 'credit_code' = e.credit_code as own
       from app.import_revert_rows k join public.enterprises e on e.id = k.target_id where k.run_id = $1`,
      [r.run_id],
    )
    expect(kept).toHaveLength(r.inserted + r.updated)
    expect(kept.filter((k) => !k.same || k.has_updated_at || !k.own)).toEqual([])
    expect(new Set(kept.map((k) => k.verdict))).toEqual(new Set(['insert', 'update']))
  })
})
