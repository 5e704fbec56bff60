// The import pipeline through the real stack (supabase-js, as each role): src/import reads and
// checks, migration 20261205000200_import.sql stages, decides verdicts and commits in one
// transaction. Idempotent re-import, a changed cell, roles, broken files, a failing commit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { strToU8 } from 'fflate'
import { serviceClient, signIn, sql, useStack } from '../helpers/stack.ts'
import { demoUser } from '../../supabase/seed/demo-users.ts'
import { ImportFileError, runImport, type ImportOptions, type ImportReport } from '../../src/import/index.ts'
import { ENTERPRISE_HEADERS, allFixtures, enterpriseRows, fixtureCreditCode, oversize, pointsIn, toCsv } from '../fixtures/import/generate.ts'

useStack()

const fx = allFixtures()
let service: SupabaseClient
let admin: SupabaseClient
let regulator: SupabaseClient
let planner: SupabaseClient
let enterprise: SupabaseClient

const as = async (role: 'admin' | 'regulator' | 'planner' | 'enterprise') => {
  const u = demoUser(role)
  return signIn(u.email, u.password)
}

beforeAll(async () => {
  service = serviceClient()
  admin = await as('admin')
  regulator = await as('regulator')
  planner = await as('planner')
  enterprise = await as('enterprise')
}, 120_000)

// Other files import at the same time (the native pass shares one database): this file's rows are
// its fixture enterprises (serials 1000-5999: codes 9344070400001… to …5…), targets, resources and park,
// and its runs are those of the file names below; it reads, counts and deletes only those.
const OWN = `credit_code like any (array['9344070400001%', '9344070400002%', '9344070400003%', '9344070400004%', '9344070400005%'])`
const FILES = [
  ...['enterprises-utf8.csv', 'enterprises-gbk.csv', 'enterprises-utf8-bom.csv', 'enterprises.xlsx', 'changed.csv', 'bad.csv', 'e.csv'],
  ...['reg.csv', 'reg2.csv', 'lost.csv', 'lost2.csv', 'x', 'x.csv', 'y.csv', 'big.csv'],
  ...['empty.csv', 'header-only.csv', 'truncated.xlsx', 'formulas.xlsx', 'merged-header.xlsx', 'no-dbf.zip'],
  ...['targets.geojson', 'targets.zip', 'resources.csv', 'parks.geojson', 'parks.zip'],
]
const cleanup = async () => {
  await sql().query(`delete from public.enterprises where ${OWN}`)
  await sql().query(`delete from public.protective_targets where name like '测试学校%'`)
  await sql().query(`delete from public.emergency_resources where name like '测试消防站%'`)
  await sql().query(`delete from public.chemical_parks where name = '测试化工园区'`)
  await sql().query(`delete from public.import_runs where file_name = any($1::text[])`, [FILES])
}
beforeAll(cleanup)
afterAll(cleanup)

const run = (client: SupabaseClient, o: Partial<ImportOptions> & Pick<ImportOptions, 'bytes' | 'fileName'>): Promise<ImportReport> =>
  runImport(client as never, { kind: 'enterprises', ...o })

const count = async (where: string): Promise<number> =>
  (await sql().query<{ n: number }>(`select count(*)::int n from public.enterprises where ${where}`)).rows[0]!.n
const runs = async (): Promise<number> =>
  (await sql().query<{ n: number }>(`select count(*)::int n from public.import_runs where file_name = any($1::text[])`, [FILES])).rows[0]!.n

describe('enterprises from CSV', () => {
  it('dry run: every row a verdict, nothing written', async () => {
    const r = await run(service, { bytes: fx['enterprises-utf8.csv']!, fileName: 'enterprises-utf8.csv', dryRun: true })
    expect(r).toMatchObject({ rows: 20, inserted: 20, updated: 0, unchanged: 0, errors: [], committed: false, crs: 'wgs84' })
    expect(await count(OWN)).toBe(0)
  })

  it('commit inserts, records the run; the same file again (any encoding or format) changes nothing', async () => {
    const r = await run(service, { bytes: fx['enterprises-utf8.csv']!, fileName: 'enterprises-utf8.csv' })
    expect(r).toMatchObject({ rows: 20, inserted: 20, updated: 0, unchanged: 0, errors: [], committed: true })
    const {
      rows: [runRow],
    } = await sql().query(`select * from public.import_runs where id = $1`, [r.run_id])
    expect(runRow).toMatchObject({
      kind: 'enterprises',
      file_name: 'enterprises-utf8.csv',
      status: 'committed',
      inserted: 20,
      crs: 'wgs84',
      actor_role: 'service',
    })
    expect(runRow.file_sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(await count(`import_run_id = '${r.run_id}' and area_code like '440704%'`)).toBe(20)
    const before = (await sql().query(`select id, updated_at from public.enterprises where ${OWN} order by id`)).rows
    for (const name of ['enterprises-utf8.csv', 'enterprises-gbk.csv', 'enterprises-utf8-bom.csv', 'enterprises.xlsx']) {
      const again = await run(service, { bytes: fx[name]!, fileName: name })
      expect(again, name).toMatchObject({ inserted: 0, updated: 0, unchanged: 20, errors: [] })
    }
    const after = (await sql().query(`select id, updated_at from public.enterprises where ${OWN} order by id`)).rows
    expect(after).toEqual(before)
  })

  it('a changed cell updates that row only', async () => {
    const rows = enterpriseRows(20, { district: '440704', serialBase: 1000 })
    rows[4]![3] = '江门市新地址路 8 号'
    const r = await run(service, { bytes: strToU8(toCsv(ENTERPRISE_HEADERS, rows)), fileName: 'changed.csv' })
    expect(r).toMatchObject({ inserted: 0, updated: 1, unchanged: 19, errors: [] })
    const { rows: changed } = await sql().query(`select credit_code, address from public.enterprises where import_run_id = $1`, [r.run_id])
    expect(changed).toEqual([{ credit_code: fixtureCreditCode(1004), address: '江门市新地址路 8 号' }])
  })

  it('bad rows are named (row, column, reason) and make the commit refuse; --skip-errors imports the rest', async () => {
    const rows = enterpriseRows(8, { district: '440704', serialBase: 2000 })
    rows[0]![1] = fixtureCreditCode(2000).slice(0, 17) + (fixtureCreditCode(2000)[17] === '0' ? '1' : '0') // check digit
    rows[1]![0] = '' // empty name
    rows[2]![2] = '危险化学品生厂' // unknown industry (a typo)
    rows[3]![4] = 113.2644
    rows[3]![5] = 23.1291 // Guangzhou: outside the city
    const [lng, lat] = pointsIn('440704', 1)[0]!
    rows[4]![4] = lat
    rows[4]![5] = lng // swapped
    rows[5]![1] = rows[6]![1] // duplicate in the file
    const bytes = strToU8(toCsv(ENTERPRISE_HEADERS, rows))
    const before = await runs()
    const r = await run(service, { bytes, fileName: 'bad.csv' })
    expect(r.committed).toBe(false)
    expect(await count(`credit_code like '9344070400002%'`)).toBe(0)
    const byRow = Object.fromEntries(r.errors.map((e) => [e.row, e]))
    expect(Object.keys(byRow).map(Number)).toEqual([2, 3, 4, 5, 6, 8])
    expect(byRow[2]).toMatchObject({ column: '统一社会信用代码', message: expect.stringMatching(/check character/) })
    expect(byRow[3]).toMatchObject({ column: '企业名称', message: expect.stringMatching(/required/) })
    expect(byRow[4]).toMatchObject({ column: '行业', message: expect.stringMatching(/closest: "Hazardous chemical production" \(chemical\)/) })
    expect(byRow[5]).toMatchObject({ column: '经度/纬度 (列 E/F)', message: expect.stringMatching(/outside the city's districts/) })
    expect(byRow[6]).toMatchObject({
      column: '经度',
      message: expect.stringContaining(`look swapped: latitude ${lng} is beyond ±90; did you mean longitude ${lng}, latitude ${lat}?`),
    })
    expect(byRow[8]).toMatchObject({ column: '统一社会信用代码', message: expect.stringMatching(/duplicate of row 7/) })
    expect(await runs()).toBe(before + 1) // the dry run's run, never committed

    // the database refuses too, whatever a client does
    const { error } = await service.rpc('import_commit', { run_id: r.run_id, skip_errors: false, client_errors: 5 })
    expect(error?.message).toMatch(/nothing was written/)
    expect(await count(`credit_code like '9344070400002%'`)).toBe(0)

    const skip = await run(service, { bytes, fileName: 'bad.csv', skipErrors: true })
    expect(skip).toMatchObject({ committed: true, inserted: 2 })
    expect(skip.errors).toHaveLength(6)
    expect(await count(`credit_code like '9344070400002%'`)).toBe(2)
  })
})

describe('who may import', () => {
  it('planners and enterprise users are refused by the database (42501)', async () => {
    for (const c of [planner, enterprise]) {
      await expect(run(c, { bytes: fx['enterprises-utf8.csv']!, fileName: 'e.csv', dryRun: true })).rejects.toThrow(/only admins and regulators/)
    }
  })

  it('a regulator imports inside its district; rows elsewhere are errors by name', async () => {
    const inside = enterpriseRows(3, { district: '440704', serialBase: 3000, seed: 5 })
    const outside = enterpriseRows(2, { district: '440781', serialBase: 3100, seed: 5 })
    const r = await run(regulator, { bytes: strToU8(toCsv(ENTERPRISE_HEADERS, [...inside, ...outside])), fileName: 'reg.csv', skipErrors: true })
    expect(r).toMatchObject({ committed: true, inserted: 3 })
    expect(r.errors.map((e) => [e.row, e.message])).toEqual([
      [5, expect.stringMatching(/outside your jurisdiction/)],
      [6, expect.stringMatching(/outside your jurisdiction/)],
    ])
    // a record outside the district may not be changed through an import either
    const {
      rows: [other],
    } = await sql().query(
      `select name, credit_code, industry_code, extensions.st_x(location) x, extensions.st_y(location) y from public.enterprises where area_code like '440703%' limit 1`,
    )
    const row = [other.name + '改', other.credit_code, other.industry_code, '', other.x, other.y, '']
    const r2 = await run(regulator, { bytes: strToU8(toCsv(ENTERPRISE_HEADERS, [row])), fileName: 'reg2.csv', dryRun: true })
    expect(r2.errors[0]?.message).toMatch(/outside your jurisdiction/)
    // it sees its own runs, not the service's
    const { data } = await regulator.from('import_runs').select('id, file_name').in('file_name', FILES)
    expect(data!.map((x) => x.file_name).sort()).toEqual(['reg.csv', 'reg2.csv'])
    const { data: all } = await admin.from('import_runs').select('id').in('file_name', FILES)
    expect(all!.length).toBe(await runs())
    const { error } = await regulator
      .from('import_runs')
      .insert({ kind: 'enterprises', file_name: 'x', file_sha256: '0'.repeat(64), crs: 'wgs84', total_rows: 1, actor_role: 'admin' })
    expect(error?.code).toBe('42501')
  })
})

describe('broken files write nothing', () => {
  it.each(['empty.csv', 'header-only.csv', 'truncated.xlsx', 'formulas.xlsx', 'merged-header.xlsx', 'no-dbf.zip'])('%s', async (name) => {
    const before = await runs()
    await expect(run(admin, { bytes: fx[name]!, fileName: name })).rejects.toBeInstanceOf(ImportFileError)
    expect(await runs()).toBe(before)
  })

  it('50 MB', async () => {
    const before = await runs()
    await expect(run(admin, { bytes: oversize(50 * 1024 * 1024), fileName: 'big.csv' })).rejects.toThrow(/over the 32 MB limit/)
    expect(await runs()).toBe(before)
  })
})

describe('an answer lost on the way', () => {
  // The gateway's 504 (or a dropped connection) can arrive after the database committed: the
  // report must follow the database, not the lost answer.
  const losing = (client: SupabaseClient, callFirst: boolean) => ({
    from: (t: string) => client.from(t),
    rpc: async (fn: string, args: Record<string, unknown>) => {
      if (fn !== 'import_commit') return client.rpc(fn, args)
      if (callFirst) await client.rpc(fn, args)
      return { data: null, error: { message: 'canceling statement due to statement timeout', code: '57014' } }
    },
  })
  const file = () => {
    const rows = enterpriseRows(4, { district: '440704', serialBase: 5000 })
    rows[3]![4] = 113.2644
    rows[3]![5] = 23.1291 // Guangzhou: outside the city, an error row the commit skips
    return strToU8(toCsv(ENTERPRISE_HEADERS, rows))
  }

  it('a commit that completed is reported as committed, with the counts and errors the database kept', async () => {
    const r = await runImport(losing(admin, true) as never, { kind: 'enterprises', bytes: file(), fileName: 'lost.csv', skipErrors: true })
    expect(r).toMatchObject({ committed: true, inserted: 3, updated: 0, unchanged: 0 })
    expect(r.errors.map((e) => [e.row, e.column])).toEqual([[5, '经度/纬度 (列 E/F)']])
    expect(await count(`credit_code like '934407040000500%'`)).toBe(3)
  })

  it('a commit that never ran is reported as the failure it is, and nothing is written', async () => {
    const rows = enterpriseRows(2, { district: '440704', serialBase: 5100 })
    const bytes = strToU8(toCsv(ENTERPRISE_HEADERS, rows))
    await expect(runImport(losing(admin, false) as never, { kind: 'enterprises', bytes, fileName: 'lost2.csv' })).rejects.toThrow(
      /import_commit: canceling statement/,
    )
    expect(await count(`credit_code like '934407040000510%'`)).toBe(0)
  })
})

describe('one transaction', () => {
  it('a row the database refuses at commit leaves nothing of the run written', async () => {
    const { data: runId, error } = await admin.rpc('import_begin', {
      kind: 'enterprises',
      file_name: 'x.csv',
      file_sha256: 'a'.repeat(64),
      crs: 'wgs84',
      total_rows: 3,
    })
    expect(error).toBeNull()
    const pts = pointsIn('440704', 3, 3)
    const data = (i: number, name: string) => ({
      name,
      credit_code: fixtureCreditCode(4000 + i),
      industry_code: 'machinery',
      location: `SRID=4326;POINT(${pts[i]![0]} ${pts[i]![1]})`,
    })
    // a one-character name passes the (bypassed) reader, not the database's input limit
    const rows = [
      { row: 2, data: data(0, '正常企业甲') },
      { row: 3, data: data(1, '正常企业乙') },
      { row: 4, data: data(2, '甲') },
    ]
    expect((await admin.rpc('import_stage', { run_id: runId, rows })).error).toBeNull()
    const check = await admin.rpc('import_check', { run_id: runId })
    expect(check.data).toMatchObject({ insert: 3, error: 0 })
    const commit = await admin.rpc('import_commit', { run_id: runId, skip_errors: false, client_errors: 0 })
    expect(commit.error?.message).toMatch(/enterprises\.name/)
    expect(await count(`credit_code like '934407040000400%'`)).toBe(0)
    const {
      rows: [st],
    } = await sql().query(`select status from public.import_runs where id = $1`, [runId])
    expect(st.status).toBe('staging')
  })

  it('staging checks its input: a run that is not yours, too many rows, a committed run', async () => {
    const { data: runId } = await admin.rpc('import_begin', {
      kind: 'enterprises',
      file_name: 'y.csv',
      file_sha256: 'b'.repeat(64),
      crs: 'wgs84',
      total_rows: 1,
    })
    expect((await regulator.rpc('import_stage', { run_id: runId, rows: [] })).error?.code).toBe('42501')
    const two = [
      { row: 2, data: { name: 'a' } },
      { row: 3, data: { name: 'b' } },
    ]
    expect((await admin.rpc('import_stage', { run_id: runId, rows: two })).error?.message).toMatch(/more rows staged/)
    expect(
      (await admin.rpc('import_begin', { kind: 'villages', file_name: 'y.csv', file_sha256: 'b'.repeat(64), crs: 'wgs84', total_rows: 1 })).error?.message,
    ).toMatch(/unknown import kind/)
  })
})

describe('other kinds', () => {
  it('protective targets from GeoJSON and from a GBK Shapefile: by external id, idempotent', async () => {
    const r = await runImport(admin as never, { kind: 'protective_targets', bytes: fx['targets.geojson']!, fileName: 'targets.geojson' })
    expect(r).toMatchObject({ inserted: 5, errors: [], committed: true })
    const { rows } = await sql().query(
      `select external_id, type_code, target_class, population from public.protective_targets where import_run_id = $1 order by external_id`,
      [r.run_id],
    )
    expect(rows[0]).toEqual({ external_id: 'PT-1', type_code: 'school', target_class: 'high_sensitivity', population: 100 })
    const again = await runImport(admin as never, { kind: 'protective_targets', bytes: fx['targets-gbk.zip']!, fileName: 'targets.zip' })
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 5, errors: [] })
  })

  it('emergency resources by (name, type, position within 10 m); chemical parks as polygons', async () => {
    const r = await runImport(admin as never, { kind: 'emergency_resources', bytes: fx['resources.csv']!, fileName: 'resources.csv' })
    expect(r).toMatchObject({ inserted: 4, errors: [], committed: true })
    expect(await runImport(admin as never, { kind: 'emergency_resources', bytes: fx['resources.csv']!, fileName: 'resources.csv' })).toMatchObject({
      inserted: 0,
      unchanged: 4,
    })
    const p = await runImport(admin as never, { kind: 'chemical_parks', bytes: fx['parks.geojson']!, fileName: 'parks.geojson' })
    expect(p).toMatchObject({ inserted: 1, errors: [], committed: true })
    expect(await runImport(admin as never, { kind: 'chemical_parks', bytes: fx['parks.zip']!, fileName: 'parks.zip' })).toMatchObject({ unchanged: 1 })
    await expect(runImport(admin as never, { kind: 'chemical_parks', bytes: fx['parks-noprj.zip']!, fileName: 'parks.zip' })).rejects.toThrow(
      /no recognisable \.prj/,
    )
  })
})
