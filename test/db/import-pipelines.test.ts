// Pipelines in the import (issues 14 and 19, migration 20270127000100_import_pipelines.sql): the
// same staging, dry run, commit and rollback as the other kinds, through the API as each role.
// Lines are inserted with their operator found by credit code, the same rows again are unchanged,
// a changed row updates by external id, an unknown operator and every bound of the write trigger
// are refused by row and column (never an aborted commit), a regulator's line must cross its
// districts, and a rolled-back commit restores what it changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { signIn, sql, useStack } from '../helpers/stack.ts'
import { demoUser } from '../../supabase/seed/demo-users.ts'
import { fixtureCreditCode, geojsonBytes, pointsIn } from '../fixtures/import/generate.ts'
import { fromWgs84 } from '../../src/geo/crs.ts'
import { buildExport, fetchExport, loadRefLists, runImport, type ExportRecord } from '../../src/import/index.ts'
import { settled } from '../helpers/settled.ts'

useStack()

const FILE = 'import-pipelines'
const EXT = 'PL-TEST-'
let admin: SupabaseClient
let regulator: SupabaseClient
let credit: string
let operatorId: string
let inJianghai: [number, number][]
let inTaishan: [number, number][]

const cleanup = async () => {
  await sql().query(`delete from public.pipelines where external_id like $1`, [EXT + '%'])
  await sql().query(`delete from public.import_runs where file_name like $1`, [FILE + '%'])
}

beforeAll(async () => {
  admin = await signIn(demoUser('admin').email, demoUser('admin').password)
  regulator = await signIn(demoUser('regulator').email, demoUser('regulator').password)
  await cleanup()
  const e = (await sql().query<{ id: string; c: string }>(`select id, credit_code c from public.enterprises order by credit_code limit 1`)).rows[0]!
  credit = e.c
  operatorId = e.id
  inJianghai = pointsIn('440704', 12, 7)
  inTaishan = pointsIn('440781', 4, 7)
}, 120_000)
afterAll(cleanup)

type Data = Record<string, string | number | null>
const wkt = (parts: [number, number][][]) => `SRID=4326;MULTILINESTRING(${parts.map((p) => `(${p.map(([x, y]) => `${x} ${y}`).join(',')})`).join(',')})`
const line = (a: [number, number], b: [number, number]) => wkt([[a, b]])

/** import_begin + import_stage + import_check as the client; returns the run and the check's answer. */
async function dryRun(client: SupabaseClient, tag: string, rows: Data[]) {
  const begin = await client.rpc('import_begin', {
    kind: 'pipelines',
    file_name: `${FILE}-${tag}.geojson`,
    file_sha256: '0'.repeat(64),
    crs: 'wgs84',
    total_rows: rows.length,
  })
  expect(begin.error).toBeNull()
  const run = begin.data as string
  const stage = await client.rpc('import_stage', { run_id: run, rows: rows.map((data, i) => ({ row: i + 2, data })) })
  expect(stage.error).toBeNull()
  const check = await client.rpc('import_check', { run_id: run })
  expect(check.error).toBeNull()
  return {
    run,
    counts: check.data as { insert: number; update: number; unchanged: number; error: number; errors: { row: number; column: string; message: string }[] },
  }
}
const commit = async (client: SupabaseClient, run: string, skip = false) => client.rpc('import_commit', { run_id: run, skip_errors: skip })

async function stored(ext: string) {
  const r = await sql().query<{
    id: string
    name: string
    medium: string
    operator_enterprise_id: string | null
    diameter_mm: string | null
    pressure_mpa: string | null
    burial_depth_m: string | null
    built_year: number | null
    area_codes: string[]
    import_run_id: string | null
    updated_at: string
    parts: number
    wkt: string
  }>(
    `select id, name, medium::text, operator_enterprise_id, diameter_mm, pressure_mpa, burial_depth_m, built_year, area_codes, import_run_id,
       updated_at::text, extensions.st_numgeometries(geom) parts, extensions.st_astext(geom) wkt
     from public.pipelines where external_id = $1`,
    [EXT + ext],
  )
  return r.rows[0]
}

const A = (): Data => ({
  external_id: EXT + 'A',
  name: '导入测试管道甲',
  medium: 'natural_gas',
  operator_credit_code: credit,
  diameter_mm: 508,
  pressure_mpa: 4,
  burial_depth_m: 1.5,
  built_year: 2010,
  geom: line(inJianghai[0]!, inJianghai[1]!),
})
const B = (): Data => ({
  external_id: EXT + 'B',
  name: '导入测试管道乙',
  medium: 'refined_oil',
  diameter_mm: 219,
  geom: wkt([
    [inJianghai[2]!, inJianghai[3]!],
    [inJianghai[4]!, inJianghai[5]!],
  ]),
})

describe('importing pipelines (admin)', () => {
  it('dry run: two inserts, an unknown operator refused with its column; nothing written', async () => {
    const unknown = fixtureCreditCode(99_123_456)
    const { counts } = await dryRun(admin, 'dry', [A(), B(), { ...A(), external_id: EXT + 'X', name: '导入测试管道未知单位', operator_credit_code: unknown }])
    expect(counts).toMatchObject({ insert: 2, update: 0, unchanged: 0, error: 1 })
    expect(counts.errors).toEqual([
      {
        row: 4,
        column: 'operator_credit_code',
        message: expect.stringMatching(new RegExp(`^没有统一社会信用代码为 ${unknown} 的企业.* / no enterprise with credit code ${unknown}`)),
      },
    ])
    expect(await stored('A')).toBeUndefined()
  }, 120_000)

  it('commit: the lines, their operator by credit code, the districts they cross, the run', async () => {
    const { run, counts } = await dryRun(admin, 'insert', [A(), B()])
    expect(counts).toMatchObject({ insert: 2, error: 0 })
    const c = await commit(admin, run)
    expect(c.error).toBeNull()
    expect(c.data).toMatchObject({ insert: 2, update: 0, unchanged: 0, error: 0 })
    const a = (await stored('A'))!
    expect(a).toMatchObject({
      name: '导入测试管道甲',
      medium: 'natural_gas',
      operator_enterprise_id: operatorId,
      built_year: 2010,
      parts: 1,
      import_run_id: run,
    })
    expect([Number(a.diameter_mm), Number(a.pressure_mpa), Number(a.burial_depth_m)]).toEqual([508, 4, 1.5])
    expect(a.area_codes).toContain('440704')
    // the trigger's own area codes, computed independently here
    const want = await sql().query<{ c: string[] }>(
      `select coalesce(array_agg(code order by code), '{}') c from public.areas where level in ('district', 'street')
         and extensions.st_intersects(geom, extensions.st_geomfromewkt($1))`,
      [A().geom],
    )
    expect(a.area_codes).toEqual(want.rows[0]!.c)
    const b = (await stored('B'))!
    expect(b).toMatchObject({ medium: 'refined_oil', operator_enterprise_id: null, pressure_mpa: null, parts: 2 })
    const r = await sql().query(`select status, inserted, kind from public.import_runs where id = $1`, [run])
    expect(r.rows[0]).toEqual({ status: 'committed', inserted: 2, kind: 'pipelines' })
  }, 120_000)

  it('the same rows again are unchanged (a LineString equals the stored one-part MultiLineString); by (name, operator) too', async () => {
    const before = await stored('A')
    const asLineString = { ...A(), geom: `SRID=4326;LINESTRING(${inJianghai[0]!.join(' ')},${inJianghai[1]!.join(' ')})` }
    const byName = { ...A() }
    delete byName.external_id
    const { run, counts } = await dryRun(admin, 'again', [asLineString, B(), byName])
    expect(counts).toMatchObject({ insert: 0, update: 0, unchanged: 3, error: 0 })
    const found = await sql().query<{ row_no: number; target_id: string }>(
      `select row_no, target_id from public.import_rows where run_id = $1 order by row_no`,
      [run],
    )
    expect(found.rows.map((x) => x.target_id)).toEqual([before!.id, (await stored('B'))!.id, before!.id])
    expect((await commit(admin, run)).error).toBeNull()
    expect(await stored('A')).toEqual(before)
  }, 120_000)

  it('a changed row updates its line only, found by external id (a new route, a new diameter)', async () => {
    const b0 = (await stored('B'))!
    const moved = { ...A(), diameter_mm: 610, geom: line(inJianghai[0]!, inJianghai[6]!) }
    const { run, counts } = await dryRun(admin, 'update', [moved, B()])
    expect(counts).toMatchObject({ insert: 0, update: 1, unchanged: 1, error: 0 })
    expect((await commit(admin, run)).error).toBeNull()
    const a = (await stored('A'))!
    expect(Number(a.diameter_mm)).toBe(610)
    expect(a.import_run_id).toBe(run)
    const same = await sql().query<{ eq: boolean }>(
      `select extensions.st_equals(geom, extensions.st_geomfromewkt($1)) eq from public.pipelines where external_id = $2`,
      [moved.geom, EXT + 'A'],
    )
    expect(same.rows[0]!.eq).toBe(true)
    expect(await stored('B')).toEqual(b0)
  }, 120_000)

  it('every bound of a line is refused by its row and column; the good row still commits with skip_errors', async () => {
    const [p, q] = [inJianghai[7]!, inJianghai[8]!]
    const many = Array.from({ length: 20_001 }, (_, i): [number, number] => [p[0] + ((q[0] - p[0]) * i) / 20_000, p[1] + ((q[1] - p[1]) * i) / 20_000])
    const parts = Array.from({ length: 101 }, (_, i): [number, number][] => [
      [p[0] + i * 1e-5, p[1]],
      [p[0] + i * 1e-5, p[1] + 1e-4],
    ])
    const ok = { ...A(), external_id: EXT + 'OK', name: '导入测试管道合格', geom: line(p, q) }
    const rows: Data[] = [
      ok,
      { ...ok, external_id: EXT + 'V', name: '导入测试管道顶点', geom: wkt([many]) },
      { ...ok, external_id: EXT + 'P', name: '导入测试管道分段', geom: wkt(parts) },
      { ...ok, external_id: EXT + 'L', name: '导入测试管道过长', geom: line(p, [125, 30]) },
      {
        ...ok,
        external_id: EXT + 'Z',
        name: '导入测试管道零长',
        geom: wkt([
          [p, q],
          [p, p],
        ]),
      },
      { ...ok, external_id: EXT + 'T', name: '导入测试管道点', geom: `SRID=4326;POINT(${p[0]} ${p[1]})` },
      { ...ok, external_id: EXT + 'O', name: '导入测试管道市外', geom: line([100, 10], [100.1, 10.1]) },
      { ...ok, external_id: EXT + 'D', name: '导入测试管道管径', diameter_mm: 5000 },
      { ...ok, external_id: EXT + 'Y', name: '导入测试管道年份', built_year: 2999 },
      { ...ok, external_id: EXT + 'M', name: '导入测试管道介质', medium: 'water' },
      { ...ok, external_id: EXT + 'N', name: '测' },
    ]
    const { run, counts } = await dryRun(admin, 'bounds', rows)
    expect(counts).toMatchObject({ insert: 1, error: rows.length - 1 })
    const by = new Map(counts.errors.map((e) => [e.row, e]))
    const expectRow = (row: number, column: string, message: RegExp) =>
      expect(by.get(row), `row ${row}`).toMatchObject({ column, message: expect.stringMatching(message) })
    expectRow(3, 'geom', /顶点过多：最多 20000 个，收到 20001 个 \/ .*too many vertices/)
    expectRow(4, 'geom', /分段过多：最多 100 段，收到 101 段/)
    expectRow(5, 'geom', /过长：最长 1000 千米.* \/ the route is too long/)
    expectRow(6, 'geom', /第 2 段长度为零/)
    expectRow(7, 'geom', /须为线（LineString 或 MultiLineString），收到 POINT/)
    expectRow(8, 'geom', /不在本市任何区县内/)
    expectRow(9, 'diameter_mm', /管径（毫米）须在 10 到 2000 之间（收到 5000）/)
    expectRow(10, 'built_year', /建设年份须在 1900 到 \d{4} 之间（收到 2999）/)
    expectRow(11, 'medium', /介质“water”/)
    expectRow(12, 'name', /2–200 个字符/)
    // without skip_errors nothing is written; with it, the good line only
    const refused = await commit(admin, run)
    expect(refused.error?.message).toMatch(/有 10 行错误，未写入任何数据/)
    expect(await stored('OK')).toBeUndefined()
    const c = await commit(admin, run, true)
    expect(c.error).toBeNull()
    expect(c.data).toMatchObject({ insert: 1, error: 10 })
    expect(await stored('OK')).toBeDefined()
    expect(await stored('V')).toBeUndefined()
  }, 120_000)

  it('a staged row is at most 1 MB for pipelines, 64 KB for the other kinds (refused by its row)', async () => {
    const begin = await admin.rpc('import_begin', {
      kind: 'enterprises',
      file_name: `${FILE}-big.csv`,
      file_sha256: '0'.repeat(64),
      crs: 'wgs84',
      total_rows: 1,
    })
    expect(begin.error).toBeNull()
    const big = await admin.rpc('import_stage', { run_id: begin.data, rows: [{ row: 2, data: { name: 'x'.repeat(70_000) } }] })
    expect(big.error?.message).toMatch(/第 2 行的数据过大：\d+ 字节，上限 65536 字节/)
    const pb = await admin.rpc('import_begin', {
      kind: 'pipelines',
      file_name: `${FILE}-big.geojson`,
      file_sha256: '0'.repeat(64),
      crs: 'wgs84',
      total_rows: 2,
    })
    const fits = await admin.rpc('import_stage', { run_id: pb.data, rows: [{ row: 2, data: { name: 'x'.repeat(500_000) } }] })
    expect(fits.error).toBeNull()
    const over = await admin.rpc('import_stage', { run_id: pb.data, rows: [{ row: 3, data: { name: 'x'.repeat(1_100_000) } }] })
    expect(over.error?.message).toMatch(/第 3 行的数据过大：\d+ 字节，上限 1048576 字节/)
  }, 120_000)

  it('operator_enterprise_id and area_codes from the file are never taken', async () => {
    const other = (await sql().query<{ id: string }>(`select id from public.enterprises where id <> $1 order by id limit 1`, [operatorId])).rows[0]!.id
    const { run, counts } = await dryRun(admin, 'forged', [{ ...A(), operator_enterprise_id: other, area_codes: '{440781}' } as Data])
    // A was moved by the update above: this row is an update, keyed and checked like any other
    expect(counts).toMatchObject({ update: 1, error: 0 })
    const d = await sql().query<{ op: string }>(`select data ->> 'operator_enterprise_id' op from public.import_rows where run_id = $1`, [run])
    expect(d.rows[0]!.op).toBe(operatorId)
  }, 120_000)
})

describe('a regulator imports pipelines', () => {
  it('a line crossing its district is an insert; one elsewhere, and a stored line elsewhere, are refused by row', async () => {
    const theirs = await sql().query<{ ext: string }>(`select external_id ext from public.pipelines where external_id = $1`, [EXT + 'OK'])
    expect(theirs.rows.length).toBe(1)
    // a stored line outside 江海区, made by the admin
    const out = { ...A(), external_id: EXT + 'TS', name: '导入测试管道台山', geom: line(inTaishan[0]!, inTaishan[1]!) }
    const seed = await dryRun(admin, 'taishan', [out])
    expect((await commit(admin, seed.run)).error).toBeNull()
    expect((await stored('TS'))!.area_codes.some((c) => c.startsWith('440704'))).toBe(false)

    const mine = { ...A(), external_id: EXT + 'R1', name: '导入测试管道监管', geom: line(inJianghai[9]!, inJianghai[10]!) }
    const elsewhere = { ...A(), external_id: EXT + 'R2', name: '导入测试管道外区', geom: line(inTaishan[2]!, inTaishan[3]!) }
    // the Taishan line moved into 江海区: the new route is in scope, the stored one is not
    const changeTheirs = { ...out, diameter_mm: 300, geom: line(inJianghai[9]!, inJianghai[11]!) }
    const { run, counts } = await dryRun(regulator, 'regulator', [mine, elsewhere, changeTheirs])
    expect(counts).toMatchObject({ insert: 1, error: 2 })
    expect(counts.errors).toEqual([
      { row: 3, column: 'geom', message: '管道不经过你的辖区 / the line does not cross your jurisdiction' },
      { row: 4, column: 'geom', message: '已有的管道不经过你的辖区，不能修改 / the existing line does not cross your jurisdiction' },
    ])
    const c = await commit(regulator, run, true)
    expect(c.error).toBeNull()
    expect(await stored('R1')).toMatchObject({ import_run_id: run })
    expect(await stored('R2')).toBeUndefined()
    expect(Number((await stored('TS'))!.diameter_mm)).toBe(508)
  }, 120_000)

  it('saves a mapping template for pipelines (the kind is known to the templates too)', async () => {
    const name = `${FILE} 管道模板`
    const mapping = { name: '名称', medium: '介质', operator_credit_code: '运营单位统一社会信用代码', external_id: '外部编号' }
    const { data, error } = await regulator
      .from('import_templates')
      .insert({ name, kind: 'pipelines', mapping, shared: false })
      .select('kind, mapping')
      .single()
    expect(error).toBeNull()
    expect(data).toEqual({ kind: 'pipelines', mapping })
    await sql().query(`delete from public.import_templates where name = $1`, [name])
  }, 120_000)

  it('a planner may not import pipelines', async () => {
    const planner = await signIn(demoUser('planner').email, demoUser('planner').password)
    const r = await planner.rpc('import_begin', {
      kind: 'pipelines',
      file_name: `${FILE}-planner.geojson`,
      file_sha256: '0'.repeat(64),
      crs: 'wgs84',
      total_rows: 1,
    })
    expect(r.error?.code).toBe('42501')
  }, 120_000)
})

describe('rollback of a chunked commit', () => {
  it('import_rollback deletes the inserted lines and restores the updated ones as they were', async () => {
    const a0 = (await stored('A'))!
    const renamed = { ...A(), name: '导入测试管道甲（改）', diameter_mm: 711, geom: line(inJianghai[0]!, inJianghai[11]!) }
    const fresh = { ...A(), external_id: EXT + 'C', name: '导入测试管道丙', geom: line(inJianghai[1]!, inJianghai[11]!) }
    const { run, counts } = await dryRun(admin, 'rollback', [renamed, fresh])
    expect(counts).toMatchObject({ update: 1, insert: 1, error: 0 })
    const apply = await admin.rpc('import_apply', { run_id: run, from_row: 2, to_row: 3, skip_errors: false, client_errors: 0 })
    expect(apply.error).toBeNull()
    expect(await stored('A')).toMatchObject({ name: '导入测试管道甲（改）', import_run_id: run })
    expect(await stored('C')).toBeDefined()
    const back = await admin.rpc('import_rollback', { run_id: run })
    expect(back).toMatchObject({ data: 0, error: null })
    expect(await stored('C')).toBeUndefined()
    const a1 = (await stored('A'))!
    const { updated_at: _u0, ...was } = a0
    const { updated_at: _u1, ...now } = a1
    expect(now).toEqual(was)
    const st = await sql().query(`select status from public.import_runs where id = $1`, [run])
    expect(st.rows[0]).toEqual({ status: 'staging' })
  }, 120_000)
})

describe('a GeoJSON file through the import module (as the page and the CLI run it)', () => {
  it('a new line is inserted; an unknown operator is refused with the file’s column and its Excel letter', async () => {
    const f = (ext: string, name: string, op: string, a: [number, number], b: [number, number]): GeoJSON.Feature => ({
      type: 'Feature',
      properties: { 外部编号: EXT + ext, 名称: name, 介质: '燃气', 运营单位统一社会信用代码: op, '管径(mm)': 323.9, '设计压力(MPa)': 1.6, 建设年份: 2015 },
      geometry: { type: 'LineString', coordinates: [a, b] },
    })
    const unknown = fixtureCreditCode(99_654_321)
    const bytes = geojsonBytes([
      f('G1', '导入测试管道文件一', credit, inJianghai[2]!, inJianghai[9]!),
      f('G2', '导入测试管道文件二', unknown, inJianghai[3]!, inJianghai[9]!),
    ])
    const r = await runImport(admin as never, { kind: 'pipelines', fileName: `${FILE}-file.geojson`, bytes, skipErrors: true })
    expect(r).toMatchObject({ rows: 2, inserted: 1, committed: true })
    expect(r.errors).toEqual([{ row: 3, column: '运营单位统一社会信用代码 (列 D)', message: expect.stringMatching(/^没有统一社会信用代码为/) }])
    expect(await stored('G1')).toMatchObject({ medium: 'natural_gas', operator_enterprise_id: operatorId, built_year: 2015, import_run_id: r.run_id })
    expect(Number((await stored('G1'))!.diameter_mm)).toBe(323.9)
  }, 120_000)
})

describe('export → re-import of pipelines', () => {
  // Other files write pipelines at the same time in the native pass's shared database: the export
  // is compared with the lines read while they held still, and each re-imported row is judged
  // only when its line held still from the export to the dry run.
  type Snap = { id: string; u: string }[]
  const snap = (where: string) => async (): Promise<Snap> =>
    (await sql().query<{ id: string; u: string }>(`select id::text, updated_at::text u from public.pipelines ${where} order by id`)).rows

  async function roundTrip(client: SupabaseClient, where: string, tag: string, edit?: (r: ExportRecord) => ExportRecord) {
    let records: ExportRecord[] = []
    const { independent: before } = await settled(async () => {
      records = await fetchExport(client as never, 'pipelines')
      return [] as Snap
    }, snap(where))
    expect(records.map((r) => r.id).sort()).toEqual(before.map((r) => r.id))
    expect(records.length).toBeGreaterThan(0)
    const refs = await loadRefLists(client as never)
    const file = buildExport('pipelines', edit ? records.map(edit) : records, { format: 'geojson', crs: 'wgs84', refs, fromWgs84, baseName: `${FILE}-${tag}` })
    const report = await runImport(client as never, { kind: 'pipelines', fileName: file.fileName, bytes: file.bytes, dryRun: true })
    expect(report.rows).toBe(records.length)
    const after = new Map((await snap(where)()).map((r) => [r.id, r.u]))
    const was = new Map(before.map((r) => [r.id, r.u]))
    const verdicts = new Map(
      (await sql().query<{ row_no: number; verdict: string }>(`select row_no, verdict from public.import_rows where run_id = $1`, [report.run_id])).rows.map(
        (r) => [r.row_no, r.verdict],
      ),
    )
    const held = records.map((r, i) => ({ r, row: i + 2 })).filter(({ r }) => after.get(r.id) === was.get(r.id))
    return { records, report, held, verdicts }
  }

  it('every line the admin sees, as GeoJSON with the operators’ credit codes: all unchanged; one edited cell is one update', async () => {
    const { records, held, verdicts } = await roundTrip(admin, '', 'export')
    // the demo lines have operators, written as their credit codes
    const ops = new Map(
      (
        await sql().query<{ id: string; c: string }>(
          `select p.id::text, e.credit_code c from public.pipelines p join public.enterprises e on e.id = p.operator_enterprise_id`,
        )
      ).rows.map((r) => [r.id, r.c]),
    )
    expect(ops.size).toBeGreaterThan(0)
    for (const r of records) if (ops.has(r.id)) expect(r.operator_credit_code).toBe(ops.get(r.id))
    expect(records.every((r) => r.geometry?.type === 'MultiLineString')).toBe(true)
    expect(held.filter(({ r }) => String(r.external_id).startsWith(EXT)).length).toBeGreaterThan(3) // this file's lines hold still
    for (const { row } of held) expect(verdicts.get(row), `row ${row}`).toBe('unchanged')

    const a = records.find((r) => r.external_id === EXT + 'A')!
    const edited = await roundTrip(admin, '', 'export-edit', (r) => (r.id === a.id ? { ...r, burial_depth_m: 2.25 } : r))
    for (const { r, row } of edited.held) expect(edited.verdicts.get(row), `row ${row}`).toBe(r.id === a.id ? 'update' : 'unchanged')
    expect(edited.held.some(({ r }) => r.id === a.id)).toBe(true)
  }, 120_000)

  it('a regulator exports the lines crossing its district and re-imports them unchanged', async () => {
    const { held, verdicts, report } = await roundTrip(regulator, `where exists (select 1 from unnest(area_codes) c where c like '440704%')`, 'regulator')
    expect(held.length).toBeGreaterThan(0)
    for (const { row } of held) expect(verdicts.get(row), `row ${row}`).toBe('unchanged')
    expect(report.errors.filter((e) => held.some((h) => h.row === e.row))).toEqual([])
  }, 120_000)

  it('CSV is refused for pipelines: a route does not fit a table', async () => {
    const refs = await loadRefLists(admin as never)
    expect(() => buildExport('pipelines', [], { format: 'csv', crs: 'wgs84', refs, fromWgs84 })).toThrow(/油气管道是线，CSV 装不下走向/)
  })
})
