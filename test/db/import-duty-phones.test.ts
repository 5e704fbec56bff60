// Emergency resources' duty phones in the import (issue 14, 20270201000100_import_duty_phones.sql),
// through supabase-js on the real stack: the dry run's verdicts (a phone that differs is an update,
// the same phone unchanged, a bad phone an error by row and column, a new resource with a phone an
// insert), the commit writes emergency_resource_contacts (one transaction and in import_apply
// ranges), an empty cell leaves the stored phone alone, the undo (import_revert) and the rollback
// (import_rollback) give the phones back, a regulator is refused outside its area, and roles that
// may not read phones get none through the export or the import's RPCs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SupabaseClient } from '@supabase/supabase-js'
import { strToU8 } from 'fflate'
import { signIn, sql, stackInfo, useStack } from '../helpers/stack.ts'
import { demoUser } from '../../supabase/seed/demo-users.ts'
import { buildExport, fetchExport, loadRefLists, readCsv, runImport, type ImportReport } from '../../src/import/index.ts'
import { fromWgs84 } from '../../src/geo/crs.ts'
import { pointsIn, toCsv } from '../fixtures/import/generate.ts'

useStack()

const FILE = 'import-duty-phones'
const EXT = 'PHONE-TEST-'
const HEADERS = ['外部编号', '名称', '类型', '经度', '纬度', '值班电话']
type Row = [ext: string, phone: string | null, where?: 'jianghai' | 'taishan']

let admin: SupabaseClient
let regulator: SupabaseClient
let planner: SupabaseClient
let command: SupabaseClient
let enterprise: SupabaseClient
let jianghai: [number, number][]
let taishan: [number, number][]

const cleanup = async () => {
  await sql().query(`delete from public.emergency_resources where external_id like $1`, [EXT + '%'])
  // runs with undo events stay (import_run_events is append-only)
  await sql().query(
    `delete from public.import_runs r where file_name like $1 and not exists (select 1 from public.import_run_events e where e.run_id = r.id)`,
    [FILE + '%'],
  )
}

beforeAll(async () => {
  const users = ['admin', 'regulator', 'planner', 'command', 'enterprise'] as const
  ;[admin, regulator, planner, command, enterprise] = await Promise.all(users.map((u) => signIn(demoUser(u).email, demoUser(u).password)))
  await cleanup()
  jianghai = pointsIn('440704', 20, 31)
  taishan = pointsIn('440781', 5, 31)
}, 120_000)
afterAll(cleanup)

const csv = (rows: Row[], headers = HEADERS) =>
  strToU8(
    toCsv(
      headers,
      rows.map(([ext, phone, where], i) => {
        const n = Number(ext.replace(/\D/g, '')) || i
        const [lng, lat] = where === 'taishan' ? taishan[n % 5]! : jianghai[n % 20]!
        return [EXT + ext, `电话测试站${ext}`, '消防站', lng, lat, phone].slice(0, headers.length)
      }),
    ),
  )
const run = (client: SupabaseClient, rows: Row[], o: { dryRun?: boolean; tag: string; applyRows?: number; skipErrors?: boolean }): Promise<ImportReport> =>
  runImport(client as never, {
    kind: 'emergency_resources',
    fileName: `${FILE}-${o.tag}.csv`,
    bytes: csv(rows),
    dryRun: o.dryRun ?? false,
    skipErrors: o.skipErrors ?? false,
    ...(o.applyRows ? { applyRows: o.applyRows, checkRows: o.applyRows } : {}),
  })

/** The stored phone of each test resource by its external id (null: no contact; absent: no resource). */
async function phones(): Promise<Record<string, string | null>> {
  const r = await sql().query<{ ext: string; phone: string | null }>(
    `select r.external_id ext, c.duty_phone phone from public.emergency_resources r
     left join public.emergency_resource_contacts c on c.resource_id = r.id where r.external_id like $1 order by 1`,
    [EXT + '%'],
  )
  return Object.fromEntries(r.rows.map((x) => [x.ext.slice(EXT.length), x.phone]))
}
const setPhone = (ext: string, phone: string) =>
  sql().query(
    `insert into public.emergency_resource_contacts (resource_id, duty_phone) select id, $2 from public.emergency_resources where external_id = $1
     on conflict (resource_id) do update set duty_phone = excluded.duty_phone`,
    [EXT + ext, phone],
  )
const revert = async (client: SupabaseClient, runId: string) => {
  const { data, error } = await client.rpc('import_revert', { run_id: runId })
  return { data: data as { status: string; message?: string; problems?: { row: number; reason: string }[] } | null, error }
}

describe('the rule (app.duty_phone_is_valid, the contacts table’s check)', () => {
  it('short service numbers and ordinary phones are valid; words, 2 digits, 21 characters, a slash are not; the table refuses the same', async () => {
    const valid = async (p: string) => (await sql().query<{ v: boolean }>(`select app.duty_phone_is_valid($1) v`, [p])).rows[0]!.v
    for (const p of ['119', '12350', '0750-3456789', '+86 750 3456789', '13800138000']) expect(await valid(p), p).toBe(true)
    for (const p of ['call me', '12', '1'.repeat(21), '0750/3456789', '0750-3456789 转 8']) expect(await valid(p), p).toBe(false)
    const c = await sql().query<{ def: string }>(
      `select pg_get_constraintdef(oid) def from pg_constraint where conname = 'emergency_resource_contacts_duty_phone_check'`,
    )
    expect(c.rows[0]!.def).toMatch(/app\.duty_phone_is_valid\(duty_phone\)/)
  })
})

describe('importing emergency resources with their duty phones', () => {
  let second: ImportReport

  it('a first commit: new resources get their contacts; a row without a phone gets none', async () => {
    const r = await run(
      admin,
      [
        ['1', '0750-1111111'],
        ['2', null],
        ['3', '119'],
      ],
      { tag: 'first' },
    )
    expect(r).toMatchObject({ inserted: 3, committed: true, errors: [] })
    expect(await phones()).toEqual({ '1': '0750-1111111', '2': null, '3': '119' })
  }, 120_000)

  const SECOND: Row[] = [
    ['1', '0750-1111111'], // the same phone: unchanged
    ['2', '12350'], // a phone where there was none: update
    ['3', '0750-2222222'], // another phone: update
    ['4', 'call me'], // refused: row 5, 值班电话 (列 F)
    ['5', '0750 6666666'], // new with a phone: insert
  ]

  it('dry run: unchanged / update / update / error by row and column / insert; nothing written', async () => {
    const r = await run(admin, SECOND, { dryRun: true, tag: 'second-dry' })
    expect(r).toMatchObject({ rows: 5, inserted: 1, updated: 2, unchanged: 1, committed: false })
    expect(r.errors.map((e) => [e.row, e.column])).toEqual([[5, '值班电话 (列 F)']])
    expect(r.errors[0]!.message).toMatch(/^值班电话“call me”无效.* \/ duty phone "call me" is not valid/)
    const v = await sql().query<{ row_no: number; verdict: string }>(`select row_no, verdict from public.import_rows where run_id = $1 order by row_no`, [
      r.run_id,
    ])
    expect(v.rows.map((x) => x.verdict)).toEqual(['unchanged', 'update', 'update', 'error', 'insert'])
    expect(await phones()).toEqual({ '1': '0750-1111111', '2': null, '3': '119' })
  }, 120_000)

  it('commit in import_apply ranges of 2 rows (skipping the bad row): the contacts written with the resources', async () => {
    second = await run(admin, SECOND, { tag: 'second', applyRows: 2, skipErrors: true })
    expect(second).toMatchObject({ inserted: 1, updated: 2, unchanged: 1, committed: true })
    expect(await phones()).toEqual({ '1': '0750-1111111', '2': '12350', '3': '0750-2222222', '5': '0750 6666666' })
  }, 120_000)

  it('an empty phone cell (or no phone column) leaves the stored phone alone', async () => {
    const r = await run(
      admin,
      [
        ['2', ''],
        ['3', null],
      ],
      { tag: 'empty' },
    )
    expect(r).toMatchObject({ inserted: 0, updated: 0, unchanged: 2, errors: [] })
    const noCol = await runImport(admin as never, {
      kind: 'emergency_resources',
      fileName: `${FILE}-nocol.csv`,
      bytes: csv([['2', null]], HEADERS.slice(0, 5)),
      dryRun: false,
    })
    expect(noCol).toMatchObject({ unchanged: 1, errors: [] })
    expect(await phones()).toEqual({ '1': '0750-1111111', '2': '12350', '3': '0750-2222222', '5': '0750 6666666' })
  }, 120_000)

  it('undo (import_revert) of the second run: the phones it changed come back, the contact it created goes, its new resource goes with its contact', async () => {
    const contact5 = await sql().query(
      `select c.resource_id from public.emergency_resource_contacts c join public.emergency_resources r on r.id = c.resource_id where r.external_id = $1`,
      [EXT + '5'],
    )
    expect(contact5.rows).toHaveLength(1)
    const u = await revert(admin, second.run_id!)
    expect(u.error).toBeNull()
    expect(u.data).toMatchObject({ status: 'reverted' })
    expect(await phones()).toEqual({ '1': '0750-1111111', '2': null, '3': '119' })
    const orphan = await sql().query(`select 1 from public.emergency_resource_contacts where resource_id = $1`, [contact5.rows[0]!.resource_id])
    expect(orphan.rows).toEqual([])
  }, 120_000)

  it('undo refused, nothing changed, when a phone the run wrote was changed since', async () => {
    const r = await run(admin, [['1', '0750-3333333']], { tag: 'changed' })
    expect(r).toMatchObject({ updated: 1, committed: true })
    await setPhone('1', '0750-4444444')
    const u = await revert(admin, r.run_id!)
    expect(u.data).toMatchObject({ status: 'refused' })
    expect(u.data!.problems!.map((p) => p.row)).toEqual([2])
    expect(u.data!.problems![0]!.reason).toMatch(/已被修改（duty_phone）/)
    expect((await phones())['1']).toBe('0750-4444444')
    // settled (the phone the run wrote again): the undo goes through and gives back the phone before the run
    await setPhone('1', '0750-3333333')
    expect((await revert(admin, r.run_id!)).data).toMatchObject({ status: 'reverted' })
    expect((await phones())['1']).toBe('0750-1111111')
  }, 120_000)

  it('a failed chunked commit rolled back (import_rollback) restores the phone it had written', async () => {
    const dry = await run(admin, [['3', '0750-5555555']], { dryRun: true, tag: 'rollback' })
    expect(dry).toMatchObject({ updated: 1, errors: [] })
    const apply = await admin.rpc('import_apply', { run_id: dry.run_id, from_row: 2, to_row: 2, skip_errors: false, client_errors: 0 })
    expect(apply.error).toBeNull()
    expect((await phones())['3']).toBe('0750-5555555')
    expect(await admin.rpc('import_rollback', { run_id: dry.run_id })).toMatchObject({ data: 0, error: null })
    expect((await phones())['3']).toBe('119')
  }, 120_000)
})

describe('a regulator', () => {
  it('imports phones inside its area; refused by row outside it, for a new resource and for a stored one; nothing of those written', async () => {
    // a resource in 台山 (not the regulator's 江海区), made by the admin
    expect(await run(admin, [['20', '0750-2020202', 'taishan']], { tag: 'reg-prep' })).toMatchObject({ inserted: 1, committed: true })
    const dry = await run(
      regulator,
      [
        ['21', '0750-2121212'],
        ['22', '0750-2222000', 'taishan'],
        ['20', '0750-9999999', 'taishan'],
      ],
      { dryRun: true, tag: 'reg-dry' },
    )
    expect(dry).toMatchObject({ inserted: 1, updated: 0, unchanged: 0 })
    expect(dry.errors.map((e) => e.row)).toEqual([3, 4])
    for (const e of dry.errors) expect(e.message).toMatch(/不在你的辖区内|outside your jurisdiction/)
    // the stored resource outside its area: a new phone alone may not change it either (row 4)
    const done = await run(
      regulator,
      [
        ['21', '0750-2121212'],
        ['22', '0750-2222000', 'taishan'],
        ['20', '0750-9999999', 'taishan'],
      ],
      {
        tag: 'reg',
        skipErrors: true,
      },
    )
    expect(done).toMatchObject({ inserted: 1, committed: true })
    const p = await phones()
    expect(p['21']).toBe('0750-2121212')
    expect(p['20']).toBe('0750-2020202')
    expect(p).not.toHaveProperty('22')
  }, 120_000)

  it('the regulator’s undo restores its own run only; an enterprise user may neither undo nor import', async () => {
    const runId = (await sql().query<{ id: string }>(`select id from public.import_runs where file_name = $1`, [`${FILE}-reg.csv`])).rows[0]!.id
    const e = await revert(enterprise, runId)
    expect(e.error?.code).toBe('42501')
    const begin = await enterprise.rpc('import_begin', {
      kind: 'emergency_resources',
      file_name: `${FILE}-ent.csv`,
      file_sha256: '0'.repeat(64),
      crs: 'wgs84',
      total_rows: 1,
    })
    expect(begin.error?.code).toBe('42501')
    expect((await revert(regulator, runId)).data).toMatchObject({ status: 'reverted' })
    expect(await phones()).not.toHaveProperty('21')
  }, 120_000)
})

describe('who reads phones: the export', () => {
  it('admin, command and regulator get each resource’s duty phone; planner and enterprise get no phone key at all', async () => {
    const stored = await sql().query<{ id: string; phone: string }>(`select resource_id id, duty_phone phone from public.emergency_resource_contacts`)
    expect(stored.rows.length).toBeGreaterThan(0)
    const byId = new Map(stored.rows.map((x) => [x.id, x.phone]))
    for (const [name, client] of [
      ['admin', admin],
      ['command', command],
      ['regulator', regulator],
    ] as const) {
      const recs = await fetchExport(client as never, 'emergency_resources')
      expect(recs.length, name).toBeGreaterThan(0)
      for (const r of recs) expect(r.duty_phone ?? null, `${name} ${r.id}`).toBe(byId.get(r.id) ?? null)
      expect(
        recs.some((r) => typeof r.duty_phone === 'string'),
        name,
      ).toBe(true)
    }
    for (const [name, client] of [
      ['planner', planner],
      ['enterprise', enterprise],
    ] as const) {
      const page = await client.rpc('export_page', { kind: 'emergency_resources', after_id: null, page_size: 1000 })
      expect(page.error, name).toBeNull()
      const rows = (page.data as { rows: Record<string, unknown>[] }).rows
      expect(rows.length, name).toBeGreaterThan(0)
      for (const r of rows) expect(r, name).not.toHaveProperty('duty_phone')
      // and the file has the column, empty
      const refs = await loadRefLists(client as never)
      const f = buildExport('emergency_resources', rows as never, { format: 'csv', crs: 'wgs84', refs, fromWgs84, baseName: `${FILE}-${name}` })
      const t = readCsv(f.bytes)
      const col = t.headers.indexOf('值班电话')
      expect(col, name).toBeGreaterThanOrEqual(0)
      expect(t.rows.length, name).toBe(rows.length)
      expect(
        t.rows.every((r) => r.cells[col] === ''),
        name,
      ).toBe(true)
    }
  }, 120_000)

  it('export → re-import: the admin’s file (phones in it) is all unchanged; the planner’s file (phones empty) re-imported by the admin deletes no phone', async () => {
    const refs = await loadRefLists(admin as never)
    const before = await phones()
    expect(Object.values(before).some((p) => p !== null)).toBe(true)
    for (const [name, client] of [
      ['admin', admin],
      ['planner', planner],
    ] as const) {
      const mine = (await fetchExport(client as never, 'emergency_resources')).filter((r) => String(r.external_id).startsWith(EXT))
      const f = buildExport('emergency_resources', mine, { format: 'csv', crs: 'wgs84', refs, fromWgs84, baseName: `${FILE}-rt-${name}` })
      const r = await runImport(admin as never, { kind: 'emergency_resources', fileName: f.fileName, bytes: f.bytes, dryRun: false })
      expect(r, name).toMatchObject({ rows: mine.length, inserted: 0, updated: 0, unchanged: mine.length, errors: [] })
    }
    expect(await phones()).toEqual(before)
  }, 120_000)
})

describe('npm run import --json', () => {
  it('a bad phone: exit 1, the row, the file’s column and the reason in the JSON; nothing written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-phones-'))
    try {
      const path = join(dir, `${FILE}-cli.csv`)
      writeFileSync(
        path,
        csv([
          ['30', '0750-3030303'],
          ['31', '电话待定'],
        ]),
      )
      const { url, serviceRoleKey, anonKey } = stackInfo()
      const r = await new Promise<{ code: number; stdout: string }>((resolve) =>
        execFile(
          process.execPath,
          ['--import', 'tsx', 'supabase/local/import-cli.ts', path, '--into', 'emergency_resources', '--json'],
          { env: { ...process.env, SUPABASE_URL: url, SUPABASE_ANON_KEY: anonKey, SUPABASE_SERVICE_ROLE_KEY: serviceRoleKey } },
          (err, stdout) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout }),
        ),
      )
      expect(r.code).toBe(1)
      const report = JSON.parse(r.stdout.trim().split('\n').pop()!)
      expect(report).toMatchObject({
        rows: 2,
        inserted: 1,
        errors: [{ row: 3, column: '值班电话 (列 F)', message: expect.stringMatching(/duty phone "电话待定" is not valid/) }],
      })
      expect(await phones()).not.toHaveProperty('30')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
