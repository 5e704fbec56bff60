// Undo a committed run of the two kinds whose records carry more than their own row (issue 14):
// hazard sources with their inventory (the inventory rows, the grade the trigger derived from them,
// the kept distance violations) and pipelines (the route, and the high-consequence segments the
// statement triggers keep). import_revert must give every one of them back as it was before the run,
// through the same triggers, and delete what the run inserted with everything derived from it.
// (Enterprises and duty phones: import-revert.test.ts, import-duty-phones.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { strToU8 } from 'fflate'
import { signIn, sql, useStack } from '../helpers/stack.ts'
import { demoUser } from '../../supabase/seed/demo-users.ts'
import { runImport, type ImportReport } from '../../src/import/index.ts'
import { pointsIn, toCsv } from '../fixtures/import/generate.ts'

useStack()

const FILE = 'import-revert-kinds'
const HS = 'REV-HS-'
const PL = 'REV-PL-'
let admin: SupabaseClient
let credit: string
let operatorId: string

const cleanup = async () => {
  await sql().query(`delete from public.hazard_sources where external_id like $1`, [HS + '%'])
  await sql().query(`delete from public.pipelines where external_id like $1`, [PL + '%'])
  // the runs stay: their undo events are append-only and refer to them
}

beforeAll(async () => {
  admin = await signIn(demoUser('admin').email, demoUser('admin').password)
  await cleanup()
  const e = (await sql().query<{ id: string; c: string }>(`select id, credit_code c from public.enterprises order by credit_code limit 1`)).rows[0]!
  credit = e.c
  operatorId = e.id
}, 120_000)
afterAll(cleanup)

const revert = async (runId: string) => {
  const { data, error } = await admin.rpc('import_revert', { run_id: runId })
  expect(error).toBeNull()
  return data as { status: string; deleted?: number; restored?: number; remaining?: number; message?: string }
}

describe('undoing a hazard-source run with its inventory', () => {
  const pts = pointsIn('440704', 3, 21)
  const HEADERS = ['外部编号', '危险源名称', '所属企业统一社会信用代码', '单元类型', '危险化学品', '最大储量(t)', '经度', '纬度']
  type Row = [ext: string, name: string, substance: string, qty: number | null, at: number]
  const run = (rows: Row[], tag: string): Promise<ImportReport> =>
    runImport(admin as never, {
      kind: 'hazard_sources',
      fileName: `${FILE}-${tag}.csv`,
      bytes: strToU8(
        toCsv(
          HEADERS,
          rows.map(([ext, name, s, q, at]) => [HS + ext, name, credit, '储存单元', s, q, pts[at]![0], pts[at]![1]]),
        ),
      ),
    })

  /** Everything the run may have changed about the test sources, derived rows included, by external id. */
  const snapshot = async () =>
    (
      await sql().query<{ r: unknown }>(
        `select jsonb_build_object(
           'ext', h.external_id, 'name', h.name, 'geom', extensions.st_astext(h.geom),
           's', h.s_value, 'r', h.r_value, 'major', h.is_major, 'grade', h.major_grade, 'grading', h.grading,
           'inventory', (select coalesce(jsonb_agg(jsonb_build_array(i.substance_id, i.max_quantity_t) order by i.substance_id), '[]')
                         from public.hazard_source_inventory i where i.hazard_source_id = h.id),
           'violations', (select coalesce(jsonb_agg(jsonb_build_array(v.target_id, v.distance_m, v.required_m) order by v.target_id), '[]')
                          from public.distance_violations v where v.hazard_source_id = h.id)) r
         from public.hazard_sources h where h.external_id like $1 order by h.external_id`,
        [HS + '%'],
      )
    ).rows.map((x) => x.r)

  it('the inventory, the grade and the kept violations of an updated source come back; an inserted source goes with its derived rows', async () => {
    const first = await run(
      [
        ['1', '撤销测试液氯储罐', '液氯', 20, 0],
        ['2', '撤销测试综合库', '液氯:20;液氨:5', null, 1],
      ],
      'a',
    )
    expect(first).toMatchObject({ inserted: 2, committed: true, errors: [] })
    const before = await snapshot()
    expect(before).toHaveLength(2)
    // the demo city's chlorine at 20 t is a major hazard with required distances: the comparison is not of empty sets
    expect(before[0]).toMatchObject({ ext: HS + '1', major: true })

    // a wrong file: source 2 loses its chlorine (a downgrade of its grade) and moves; a third source appears
    const wrong = await run(
      [
        ['1', '撤销测试液氯储罐', '液氯', 20, 0],
        ['2', '撤销测试综合库', '液氨', 5, 2],
        ['3', '撤销测试新增库', '液氯', 50, 2],
      ],
      'b',
    )
    expect(wrong).toMatchObject({ inserted: 1, updated: 1, unchanged: 1, committed: true, errors: [] })
    const during = await snapshot()
    expect(during).toHaveLength(3)
    expect(during[1]).not.toEqual(before[1])
    const third = (await sql().query<{ id: string }>(`select id from public.hazard_sources where external_id = $1`, [HS + '3'])).rows[0]!.id
    const derivedOf = async (id: string) =>
      (
        await sql().query<{ n: string }>(
          `select (select count(*) from public.hazard_source_inventory where hazard_source_id = $1)
                + (select count(*) from public.distance_violations where hazard_source_id = $1) n`,
          [id],
        )
      ).rows[0]!.n
    expect(Number(await derivedOf(third))).toBeGreaterThan(0)

    expect(await revert(wrong.run_id!)).toMatchObject({ status: 'reverted', deleted: 1, restored: 1, remaining: 0 })
    expect(await snapshot()).toEqual(before)
    expect(Number(await derivedOf(third))).toBe(0)
  }, 300_000)
})

describe('undoing a pipelines run', () => {
  const pts = pointsIn('440704', 8, 23)
  type Data = Record<string, string | number | null>
  const line = (a: [number, number], b: [number, number]) => `SRID=4326;MULTILINESTRING((${a[0]} ${a[1]},${b[0]} ${b[1]}))`
  // 50 m off: beside line A's first route, so near the same targets
  const near = ([x, y]: [number, number]): [number, number] => [+(x + 0.0005).toFixed(6), y]
  const A = (to = 1): Data => ({
    external_id: PL + 'A',
    name: '撤销测试管道甲',
    medium: 'natural_gas',
    operator_credit_code: credit,
    diameter_mm: 508,
    pressure_mpa: 4,
    geom: line(pts[0]!, pts[to]!),
  })
  const B = (): Data => ({ external_id: PL + 'B', name: '撤销测试管道乙', medium: 'refined_oil', diameter_mm: 219, geom: line(pts[2]!, pts[3]!) })
  const C = (): Data => ({ external_id: PL + 'C', name: '撤销测试管道丙', medium: 'natural_gas', pressure_mpa: 1.6, geom: line(near(pts[0]!), near(pts[1]!)) })

  /** import_begin + stage + check + commit as the admin: the run id. */
  async function commitRows(tag: string, rows: Data[]) {
    const begin = await admin.rpc('import_begin', {
      kind: 'pipelines',
      file_name: `${FILE}-${tag}.geojson`,
      file_sha256: '0'.repeat(64),
      crs: 'wgs84',
      total_rows: rows.length,
    })
    expect(begin.error).toBeNull()
    const run = begin.data as string
    expect((await admin.rpc('import_stage', { run_id: run, rows: rows.map((data, i) => ({ row: i + 2, data })) })).error).toBeNull()
    expect((await admin.rpc('import_check', { run_id: run })).error).toBeNull()
    const c = await admin.rpc('import_commit', { run_id: run, skip_errors: false })
    expect(c.error).toBeNull()
    return { run, counts: c.data as { insert: number; update: number; unchanged: number; error: number } }
  }

  /** The test lines and the high-consequence segments the triggers keep for them. */
  const snapshot = async () =>
    (
      await sql().query<{ r: unknown }>(
        `select jsonb_build_object(
           'ext', p.external_id, 'name', p.name, 'medium', p.medium, 'operator', p.operator_enterprise_id,
           'diameter', p.diameter_mm, 'pressure', p.pressure_mpa, 'areas', p.area_codes, 'geom', extensions.st_astext(p.geom),
           'hca', (select coalesce(jsonb_agg(jsonb_build_array(s.part, round(s.from_m::numeric, 3), round(s.to_m::numeric, 3), s.hca_class, s.targets)
                                             order by s.part, s.from_m), '[]')
                   from app.pipeline_hca_segments s where s.pipeline_id = p.id)) r
         from public.pipelines p where p.external_id like $1 order by p.external_id`,
        [PL + '%'],
      )
    ).rows.map((x) => x.r)

  it('a moved line gets its route, figures and high-consequence segments back; an inserted line goes with its segments', async () => {
    const first = await commitRows('a', [A(), B()])
    expect(first.counts).toMatchObject({ insert: 2, error: 0 })
    const before = await snapshot()
    expect(before).toMatchObject([{ ext: PL + 'A', operator: operatorId }, { ext: PL + 'B' }])

    const wrong = await commitRows('b', [{ ...A(7), diameter_mm: 610 }, B(), C()])
    expect(wrong.counts).toMatchObject({ insert: 1, update: 1, unchanged: 1, error: 0 })
    const during = await snapshot()
    expect(during).toHaveLength(3)
    expect(during[0]).not.toEqual(before[0])
    // the move changed what the triggers keep, and the new line has segments of its own
    const hca = (x: unknown) => (x as { hca: unknown[] }).hca
    expect(hca(before[0])).not.toEqual([])
    expect(hca(during[0])).not.toEqual(hca(before[0]))
    expect(hca(during[2])).not.toEqual([])
    const cId = (await sql().query<{ id: string }>(`select id from public.pipelines where external_id = $1`, [PL + 'C'])).rows[0]!.id

    expect(await revert(wrong.run)).toMatchObject({ status: 'reverted', deleted: 1, restored: 1, remaining: 0 })
    expect(await snapshot()).toEqual(before)
    expect((await sql().query(`select 1 from app.pipeline_hca_segments where pipeline_id = $1`, [cId])).rows).toEqual([])
    // the kept segments equal what the line's computation gives now (not merely the old snapshot)
    const fresh = await sql().query<{ same: boolean }>(
      `select (select count(*) from app.pipeline_hca_segments s where s.pipeline_id = p.id)
              = (select count(*) from app.pipeline_hca_of(array[p.id])) same
         from public.pipelines p where p.external_id = $1`,
      [PL + 'A'],
    )
    expect(fresh.rows[0]!.same).toBe(true)
  }, 300_000)
})
