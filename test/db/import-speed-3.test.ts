// The import's speed cuts of session 27 change no result:
//   1. 20270223000100_import_decide_enterprises_one_pass.sql: an enterprise dry run decides each
//      staged row in one UPDATE (pass 1 and pass 2 of app.import_decide_records_generic merged).
//      On the same staged rows, as an admin and as a regulator (whose rules add two refusals), the
//      new body leaves the data, verdicts, targets and errors the previous two-pass body
//      (20270220000300) leaves, each starting from rows scrambled on purpose.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { strToU8 } from 'fflate'
import { signIn, sql, useStack } from '../helpers/stack.ts'
import { previousFunctionBody, ROLE_CLAIMS } from '../helpers/previous-body.ts'
import { demoUser } from '../../supabase/seed/demo-users.ts'
import { runImport } from '../../src/import/index.ts'
import { ENTERPRISE_HEADERS, enterpriseRows, toCsv } from '../fixtures/import/generate.ts'

useStack()

const SCRATCH = 'import_speed3_prev'
// fixtureCreditCode(58_720_000 + i): every code of this file starts with PREFIX
const PREFIX = '934407045872'
const cleanup = async () => {
  await sql().query(`delete from public.enterprises where credit_code like '${PREFIX}%'`)
  await sql().query(
    `delete from public.import_runs r where r.file_name like 'import-speed3-%' and not exists (select 1 from public.import_run_events e where e.run_id = r.id)`,
  )
  await sql().query(`drop schema if exists ${SCRATCH} cascade`)
}
let admin: SupabaseClient
beforeAll(async () => {
  await cleanup()
  admin = await signIn(demoUser('admin').email, demoUser('admin').password)
}, 120_000)
afterAll(cleanup)

type Row = (string | number)[]
const file = (rows: Row[]) => strToU8(toCsv(ENTERPRISE_HEADERS, rows))

describe('the enterprise dry run in one pass (20270223000100)', () => {
  it('leaves what the two-pass body leaves, as an admin and as a regulator', async () => {
    // stored: 30 in the regulator's district 440704, 10 in 440703
    const ours = enterpriseRows(55, { district: '440704', serialBase: 58_720_000 })
    const theirs = enterpriseRows(15, { district: '440703', serialBase: 58_720_100 })
    const stored = [...ours.slice(0, 30), ...theirs.slice(0, 10)]
    const first = await runImport(admin as never, { kind: 'enterprises', bytes: file(stored), fileName: 'import-speed3-a.csv' })
    expect(first).toMatchObject({ committed: true, inserted: 40 })

    const moved = (r: Row, dx: number): Row => [r[0]!, r[1]!, r[2]!, r[3]!, Number(r[4]) + dx, r[5]!, r[6]!]
    const second: Row[] = [
      // ours: 10 new addresses, one new head count, one moved, 18 unchanged
      ...ours
        .slice(0, 30)
        .map((r, i) =>
          i < 10
            ? [r[0]!, r[1]!, r[2]!, `${r[3]}（新址）`, r[4]!, r[5]!, r[6]!]
            : i === 10
              ? [...r.slice(0, 6), Number(r[6]) + 1]
              : i === 11
                ? moved(r, 0.001)
                : r,
        ),
      // theirs: 5 with a new address, 5 moved into 440704 (a regulator may change neither: the
      // first by the file's position, the others by the stored record's area)
      ...theirs
        .slice(0, 10)
        .map((r, i) =>
          i < 5 ? [r[0]!, r[1]!, r[2]!, `${r[3]}（新址）`, r[4]!, r[5]!, r[6]!] : [r[0]!, r[1]!, r[2]!, r[3]!, ours[45 + i]![4]!, ours[45 + i]![5]!, r[6]!],
        ),
      // new: 15 in 440704, 5 in 440703 (outside the regulator's districts), 3 outside the city
      ...ours.slice(30, 45),
      ...theirs.slice(10, 15),
      ...ours.slice(45, 48).map((r) => [r[0]!, r[1]!, r[2]!, r[3]!, 100.5, 10.5, r[6]!]),
    ]
    const dry = await runImport(admin as never, { kind: 'enterprises', bytes: file(second), fileName: 'import-speed3-b.csv', dryRun: true })
    expect(dry).toMatchObject({ updated: 22, unchanged: 18, inserted: 20 })
    expect(dry.errors).toHaveLength(3)
    const run = dry.run_id!

    const staged = async () =>
      (
        await sql().query<{ row_no: number; verdict: string; target_id: string | null; error_column: string | null; error_message: string | null }>(
          `select row_no, verdict, target_id, error_column, error_message, data from public.import_rows where run_id = $1 order by row_no`,
          [run],
        )
      ).rows
    // every column the decision writes set to something it never leaves, so a column a body
    // forgot to write shows
    const scramble = () =>
      sql().query(
        `update public.import_rows set verdict = 'unchanged', target_id = gen_random_uuid(), error_column = 'x', error_message = 'y',
           data = data || '{"area_code": "999999", "enterprise_id": "00000000-0000-0000-0000-000000000000"}' where run_id = $1`,
        [run],
      )
    await sql().exec(
      `create schema if not exists ${SCRATCH}; ` +
        previousFunctionBody('20270220000300_import_decide_populate_when_stored.sql', 'import_decide_records_generic', SCRATCH, 'app'),
    )
    const decide = async (fn: string, role: 'admin' | 'regulator') => {
      await scramble()
      await sql().exec(
        `begin; select set_config('request.jwt.claims', '${JSON.stringify(ROLE_CLAIMS[role])}', true);
         select ${fn}(r, 0, 100, false) from public.import_runs r where r.id = '${run}'; commit;`,
      )
      return staged()
    }
    const count = (rows: { verdict: string }[]) => rows.reduce<Record<string, number>>((n, r) => ({ ...n, [r.verdict]: (n[r.verdict] ?? 0) + 1 }), {})

    for (const role of ['admin', 'regulator'] as const) {
      const before = await decide(`${SCRATCH}.import_decide_records_generic`, role)
      const now = await decide('app.import_decide_records', role)
      expect(now).toEqual(before)
      if (role === 'admin') {
        expect(count(now)).toEqual({ update: 22, unchanged: 18, insert: 20, error: 3 })
      } else {
        // theirs: 5 moved refused as records outside; 5 with a new address and the 5 new ones there
        // as positions outside
        expect(count(now)).toEqual({ update: 12, unchanged: 18, insert: 15, error: 18 })
        expect(now.filter((r) => r.error_message?.includes('existing record is outside your jurisdiction'))).toHaveLength(5)
        expect(now.filter((r) => r.error_message?.includes('position is outside your jurisdiction'))).toHaveLength(10)
      }
      expect(now.filter((r) => r.error_message?.includes("outside the city's districts"))).toHaveLength(3)
      // the stored record's id where one is and the row is not refused by its position
      expect(now.filter((r) => r.verdict === 'update' || r.verdict === 'unchanged').every((r) => r.target_id !== null)).toBe(true)
    }

    // a position a regulator may not use, swapped coordinates and a stored record changed since:
    // the same again after each
    await sql().query(
      `update public.import_rows set data = jsonb_set(data, '{location}', to_jsonb('SRID=4326;POINT(22.58 113.08)'::text)) where run_id = $1 and row_no = 3`,
      [run],
    )
    await sql().query(`update public.enterprises set employees = employees + 7 where credit_code = $1`, [String(ours[20]![1])])
    for (const role of ['admin', 'regulator'] as const) {
      const before = await decide(`${SCRATCH}.import_decide_records_generic`, role)
      const now = await decide('app.import_decide_records', role)
      expect(now).toEqual(before)
      expect(now.find((r) => r.row_no === 22)).toMatchObject({ verdict: 'update' })
      expect(now.find((r) => r.row_no === 3)).toMatchObject({ verdict: 'error', error_column: 'location', target_id: null })
    }
  }, 180_000)
})
