// Hazard-source inventory in the import and the export (issue 14, migration
// 20270124000100_import_inventory.sql): a row's 危险化学品 (+ 最大储量, or "液氯:20;液氨:5") resolves
// through the substance names and becomes hazard_source_inventory rows; the grading trigger grades
// the source; an unknown substance is refused with its row and column; the same file again is
// "unchanged", a different inventory an "update"; a rolled-back commit restores the inventory; the
// export writes it back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { strToU8 } from 'fflate'
import { signIn, sql, useStack } from '../helpers/stack.ts'
import { demoUser } from '../../supabase/seed/demo-users.ts'
import { buildExport, fetchExport, loadRefLists, runImport, type ImportReport } from '../../src/import/index.ts'
import { fromWgs84 } from '../../src/geo/crs.ts'
import { pointsIn, toCsv } from '../fixtures/import/generate.ts'

useStack()

const FILE = 'import-inventory'
const EXT = 'INV-TEST-'
let admin: SupabaseClient
let credit: string
let pts: [number, number][]
const sub: Record<string, { id: number; critical: number }> = {}

const cleanup = async () => {
  await sql().query(`delete from public.hazard_sources where external_id like $1`, [EXT + '%'])
  await sql().query(`delete from public.import_runs where file_name like $1`, [FILE + '%'])
}

beforeAll(async () => {
  admin = await signIn(demoUser('admin').email, demoUser('admin').password)
  await cleanup()
  credit = (await sql().query<{ c: string }>(`select credit_code c from public.enterprises order by credit_code limit 1`)).rows[0]!.c
  pts = pointsIn('440704', 3)
  for (const r of (
    await sql().query<{ name_zh: string; id: number; critical_t: string }>(
      `select name_zh, id, critical_t from public.substances where name_zh in ('氯', '氨')`,
    )
  ).rows)
    sub[r.name_zh] = { id: r.id, critical: Number(r.critical_t) }
}, 120_000)
afterAll(cleanup)

const HEADERS = ['外部编号', '危险源名称', '所属企业统一社会信用代码', '单元类型', '危险化学品', '最大储量(t)', '经度', '纬度']
type Row = [ext: string, name: string, substance: string, qty: number | null]
const csv = (rows: Row[]) =>
  strToU8(
    toCsv(
      HEADERS,
      rows.map(([ext, name, s, q], i) => [EXT + ext, name, credit, '储存单元', s, q, pts[i % 3]![0], pts[i % 3]![1]]),
    ),
  )
const run = (rows: Row[], dryRun: boolean, tag: string): Promise<ImportReport> =>
  runImport(admin as never, { kind: 'hazard_sources', fileName: `${FILE}-${tag}.csv`, bytes: csv(rows), dryRun, skipErrors: true })

/** The stored inventory of a test source: [substance name_zh, tonnes], by substance id. */
async function inventory(ext: string): Promise<[string, number][]> {
  const r = await sql().query<{ n: string; q: string }>(
    `select s.name_zh n, i.max_quantity_t q from public.hazard_source_inventory i join public.substances s on s.id = i.substance_id
     join public.hazard_sources h on h.id = i.hazard_source_id where h.external_id = $1 order by s.id`,
    [EXT + ext],
  )
  return r.rows.map((x) => [x.n, Number(x.q)])
}
async function grade(ext: string) {
  const r = await sql().query<{ s: string; is_major: boolean; major_grade: number | null; by_r: number | null; items: string[] }>(
    `select h.s_value s, h.is_major, h.major_grade, app.major_grade_for_r(h.r_value) by_r,
       array(select e ->> 'substance' from jsonb_array_elements(h.grading -> 'items') e order by 1) items
     from public.hazard_sources h where h.external_id = $1`,
    [EXT + ext],
  )
  return r.rows[0]!
}

describe('app.import_inventory: one row’s inventory, resolved', () => {
  const inv = async (cell: string | null, qty: string | null) =>
    (await sql().query<{ v: Record<string, unknown> | null }>(`select app.import_inventory($1, $2) v`, [cell, qty])).rows[0]!.v

  it('one name with 最大储量, a list with quantities (： and 吨 too), a CAS number, an English name', async () => {
    expect(await inv('液氯', '20')).toEqual({ items: [{ substance_id: sub['氯']!.id, max_quantity_t: 20 }] })
    const two = {
      items: [
        { substance_id: sub['氨']!.id, max_quantity_t: 5 },
        { substance_id: sub['氯']!.id, max_quantity_t: 20.5 },
      ],
    }
    two.items.sort((a, b) => a.substance_id - b.substance_id)
    expect(await inv('液氯:20.5;液氨：5吨', null)).toEqual(two)
    expect(await inv(' 液氨 : 5 ；\n氯气:20.5；', null)).toEqual(two)
    expect(await inv('CAS 7782-50-5', '3')).toEqual({ items: [{ substance_id: sub['氯']!.id, max_quantity_t: 3 }] })
    expect(await inv('Chlorine', '0')).toEqual({ items: [{ substance_id: sub['氯']!.id, max_quantity_t: 0 }] })
    expect(await inv(null, null)).toBeNull()
    expect(await inv('  ', null)).toBeNull()
  })

  it('refusals name their column and say why, in Chinese and English', async () => {
    const unknown = await inv('氯化钠', '1')
    expect(unknown).toMatchObject({ column: 'substance' })
    expect(unknown!.message).toMatch(/^未知物质“氯化钠”.* \/ unknown substance "氯化钠"/)
    expect(unknown!.message).toMatch(/最接近：.*氯/)
    expect(await inv('液氯:20;氯:5', null)).toMatchObject({ column: 'substance', message: expect.stringMatching(/同一种物质（氯）.*same substance/) })
    expect(await inv('液氯', null)).toMatchObject({ column: 'max_quantity_t', message: expect.stringMatching(/缺少最大储量.*no maximum quantity/) })
    expect(await inv(null, '5')).toMatchObject({ column: 'max_quantity_t', message: expect.stringMatching(/没有危险化学品.*without a substance/) })
    expect(await inv('液氯:20;液氨', null)).toMatchObject({ column: 'substance', message: expect.stringMatching(/“液氨”缺少储量/) })
    expect(await inv('液氯:20', '20')).toMatchObject({ column: 'max_quantity_t', message: expect.stringMatching(/须留空/) })
    expect(await inv('液氯', '-1')).toMatchObject({ column: 'max_quantity_t' })
    expect(await inv('液氯', 'abc')).toMatchObject({ column: 'max_quantity_t', message: expect.stringMatching(/不是.*数字/) })
    expect(await inv('液氯:200000000', null)).toMatchObject({ column: 'substance', message: expect.stringMatching(/超过 100000000 吨/) })
  })
})

describe('importing hazard sources with their inventory', () => {
  const FIRST: Row[] = [
    ['1', '测试液氯储罐', '液氯', 20],
    ['2', '测试综合库', '液氯:20;液氨:5', null],
    ['3', '测试盐库', '氯化钠', 1],
  ]

  it('dry run: two inserts, the unknown substance refused with its row and the file’s column; nothing written', async () => {
    const r = await run(FIRST, true, 'dry')
    expect(r).toMatchObject({ rows: 3, inserted: 2, updated: 0, unchanged: 0 })
    expect(r.errors.map((e) => [e.row, e.column])).toEqual([[4, '危险化学品 (列 E)']])
    expect(r.errors[0]!.message).toMatch(/未知物质“氯化钠”.*unknown substance "氯化钠"/)
    expect(await inventory('1')).toEqual([])
  }, 120_000)

  it('unknown names in a run get the same closest names as one row alone (found for all the run’s names at once)', async () => {
    const rows: Row[] = [
      ['u1', '测试盐库一', '氯化钠', 1],
      ['u2', '测试盐库二', '液氯:2;氯化钠:1', null],
      ['u3', '测试油库', '柴油调合组分', 4],
      ['u4', '测试氨库', '液氨', 4],
    ]
    const r = await run(rows, true, 'unknown')
    expect(r).toMatchObject({ rows: 4, inserted: 1 })
    const alone = async (cell: string, qty: string | null) =>
      (await sql().query<{ m: string }>(`select app.import_inventory($1, $2) ->> 'message' m`, [cell, qty])).rows[0]!.m
    expect(r.errors.map((e) => [e.row, e.column])).toEqual([
      [2, '危险化学品 (列 E)'],
      [3, '危险化学品 (列 E)'],
      [4, '危险化学品 (列 E)'],
    ])
    expect(r.errors[0]!.message).toBe(await alone('氯化钠', '1'))
    expect(r.errors[1]!.message).toBe(await alone('液氯:2;氯化钠:1', null))
    expect(r.errors[2]!.message).toBe(await alone('柴油调合组分', '4'))
    expect(r.errors[0]!.message).toMatch(/最接近：/)
    expect(r.errors[2]!.message).toMatch(/^未知物质“柴油调合组分”/)
  }, 120_000)

  it('commit: the inventory rows, and the grade the trigger gave from them', async () => {
    const r = await run(FIRST, false, 'commit')
    expect(r).toMatchObject({ inserted: 2, committed: true })
    expect(await inventory('1')).toEqual([['氯', 20]])
    const both = [
      ['氨', 5],
      ['氯', 20],
    ].sort((a, b) => sub[a[0] as string]!.id - sub[b[0] as string]!.id)
    expect(await inventory('2')).toEqual(both)
    expect(await inventory('3')).toEqual([])
    const g1 = await grade('1')
    expect(Number(g1.s)).toBeCloseTo(20 / sub['氯']!.critical, 6)
    expect(g1.is_major).toBe(20 / sub['氯']!.critical >= 1)
    expect(g1.major_grade).not.toBeNull()
    expect(g1.major_grade).toBe(g1.by_r)
    expect(g1.items).toEqual(['氯'])
    const g2 = await grade('2')
    expect(Number(g2.s)).toBeCloseTo(20 / sub['氯']!.critical + 5 / sub['氨']!.critical, 6)
    expect(g2.items).toEqual(['氨', '氯'])
  }, 120_000)

  it('the same file again is unchanged; another inventory is an update, and lowering it re-grades the source', async () => {
    const again = await run(FIRST.slice(0, 2), true, 'again')
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 2, errors: [] })
    // the same inventory written another way (aliases, order, 20.0) is still unchanged
    const same = await run(
      [
        ['1', '测试液氯储罐', 'Cl2:20.0', null],
        ['2', '测试综合库', '氨气:5;氯:20', null],
      ],
      true,
      'same',
    )
    expect(same).toMatchObject({ updated: 0, unchanged: 2, errors: [] })
    const lower: Row[] = [FIRST[0]!, ['2', '测试综合库', '液氨', 5]]
    expect(await run(lower, true, 'lower-dry')).toMatchObject({ updated: 1, unchanged: 1, errors: [] })
    expect(await run(lower, false, 'lower')).toMatchObject({ updated: 1, unchanged: 1, committed: true })
    expect(await inventory('2')).toEqual([['氨', 5]])
    const g2 = await grade('2')
    expect(Number(g2.s)).toBeCloseTo(5 / sub['氨']!.critical, 6)
    expect(g2.is_major).toBe(5 / sub['氨']!.critical >= 1)
    expect(g2.major_grade).toBe(g2.is_major ? g2.by_r : null)
  }, 120_000)

  it('a file without the inventory columns leaves the inventory alone', async () => {
    const bytes = strToU8(
      toCsv(
        ['外部编号', '危险源名称', '所属企业统一社会信用代码', '单元类型', '经度', '纬度'],
        [[EXT + '1', '测试液氯储罐', credit, '储存单元', pts[0]![0], pts[0]![1]]],
      ),
    )
    const r = await runImport(admin as never, { kind: 'hazard_sources', fileName: `${FILE}-nocols.csv`, bytes, dryRun: false })
    expect(r).toMatchObject({ unchanged: 1, errors: [] })
    expect(await inventory('1')).toEqual([['氯', 20]])
  }, 120_000)

  it('a commit rolled back restores the inventory it changed (and the grade)', async () => {
    const before = await grade('1')
    const dry = await run([['1', '测试液氯储罐', '液氨:50;液氯:30', null]], true, 'rollback')
    expect(dry).toMatchObject({ updated: 1, errors: [] })
    const apply = await admin.rpc('import_apply', { run_id: dry.run_id, from_row: 2, to_row: 2, skip_errors: false, client_errors: 0 })
    expect(apply.error).toBeNull()
    expect((await inventory('1')).length).toBe(2)
    expect(Number((await grade('1')).s)).toBeCloseTo(50 / sub['氨']!.critical + 30 / sub['氯']!.critical, 6)
    const back = await admin.rpc('import_rollback', { run_id: dry.run_id })
    expect(back).toMatchObject({ data: 0, error: null })
    expect(await inventory('1')).toEqual([['氯', 20]])
    expect(await grade('1')).toEqual(before)
  }, 120_000)

  it('the export writes the inventory back: one substance in two columns, several as 氯:20;氨:5', async () => {
    await run([['2', '测试综合库', '液氯:20;液氨:5', null]], false, 'export-prep')
    const records = await fetchExport(admin as never, 'hazard_sources')
    const one = records.find((x) => x.external_id === EXT + '1')!
    expect(one).toMatchObject({ substance: '氯', max_quantity_t: 20 })
    const two = records.find((x) => x.external_id === EXT + '2')!
    const list = [
      ['氯', 20],
      ['氨', 5],
    ]
      .sort((a, b) => sub[a[0] as string]!.id - sub[b[0] as string]!.id)
      .map(([n, q]) => `${n}:${q}`)
    expect(two).toMatchObject({ substance: list.join(';'), max_quantity_t: null })
    const none = records.find((x) => x.external_id === EXT + '3')
    expect(none).toBeUndefined()
  }, 120_000)

  it('export → re-import: the inventory comes back unchanged (CSV of the test sources; GeoJSON of every source)', async () => {
    const records = await fetchExport(admin as never, 'hazard_sources')
    const refs = await loadRefLists(admin as never)
    const mine = records.filter((x) => String(x.external_id).startsWith(EXT))
    expect(mine.length).toBe(2)
    const c = buildExport('hazard_sources', mine, { format: 'csv', crs: 'wgs84', refs, fromWgs84, baseName: `${FILE}-rt` })
    expect(new TextDecoder().decode(c.bytes)).toContain(mine.find((x) => x.external_id === EXT + '2')!.substance as string)
    const rc = await runImport(admin as never, { kind: 'hazard_sources', fileName: c.fileName, bytes: c.bytes, dryRun: true })
    expect(rc).toMatchObject({ rows: 2, inserted: 0, updated: 0, unchanged: 2, errors: [] })
    // the demo sources' inventories too (several with more than one substance)
    expect(records.filter((x) => typeof x.substance === 'string').length).toBeGreaterThan(2)
    const g = buildExport('hazard_sources', records, { format: 'geojson', crs: 'wgs84', refs, fromWgs84, baseName: `${FILE}-rt-all` })
    const rg = await runImport(admin as never, { kind: 'hazard_sources', fileName: g.fileName, bytes: g.bytes, dryRun: true })
    expect(rg.errors).toEqual([])
    expect(rg).toMatchObject({ rows: records.length, inserted: 0, updated: 0, unchanged: records.length })
    // and a changed quantity in the file is an update
    const changed = mine.map((x) => (x.external_id === EXT + '1' ? { ...x, max_quantity_t: 21 } : x))
    const c2 = buildExport('hazard_sources', changed, { format: 'csv', crs: 'wgs84', refs, fromWgs84, baseName: `${FILE}-rt2` })
    const r2 = await runImport(admin as never, { kind: 'hazard_sources', fileName: c2.fileName, bytes: c2.bytes, dryRun: true })
    expect(r2).toMatchObject({ updated: 1, unchanged: 1, errors: [] })
  }, 120_000)

  it('an inventory staged through the API without the substance columns is dropped, never written unresolved', async () => {
    const geom = (await sql().query<{ g: string }>(`select extensions.st_asewkt(geom) g from public.hazard_sources where external_id = $1`, [EXT + '1']))
      .rows[0]!.g
    const begin = await admin.rpc('import_begin', {
      kind: 'hazard_sources',
      file_name: `${FILE}-api.json`,
      file_sha256: '0'.repeat(64),
      crs: 'wgs84',
      total_rows: 1,
    })
    expect(begin.error).toBeNull()
    const data = {
      external_id: EXT + '1',
      name: '测试液氯储罐（改名）', // an update: the record is written, its staged inventory must not be
      enterprise_credit_code: credit,
      unit_type: 'storage',
      geom,
      inventory: [{ substance_id: sub['氨']!.id, max_quantity_t: 99 }],
    }
    expect((await admin.rpc('import_stage', { run_id: begin.data, rows: [{ row: 2, data }] })).error).toBeNull()
    expect((await admin.rpc('import_check', { run_id: begin.data })).data).toMatchObject({ update: 1, error: 0 })
    expect((await admin.rpc('import_commit', { run_id: begin.data })).error).toBeNull()
    const renamed = await sql().query(`select 1 from public.hazard_sources where external_id = $1 and name = '测试液氯储罐（改名）'`, [EXT + '1'])
    expect(renamed.rows.length).toBe(1)
    expect(await inventory('1')).toEqual([['氯', 20]])
  }, 120_000)
})
