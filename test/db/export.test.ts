// Export (issue 14) through the real stack: export_page pages what the caller may see (RLS), the
// files carry the import's headers (CSV with a BOM), and export → re-import dry run finds every
// row unchanged, for every kind the import takes. Anon is refused; page sizes are bounded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, signIn, sql, useStack } from '../helpers/stack.ts'
import { demoUser } from '../../supabase/seed/demo-users.ts'
import { fromWgs84 } from '../../src/geo/crs.ts'
import { IMPORT_KINDS, buildExport, buildXlsxExport, exportHeaders, fetchExport, loadRefLists, runImport, type ImportKind } from '../../src/import/index.ts'

useStack()

let admin: SupabaseClient
let enterprise: SupabaseClient
const FILE = 'export-roundtrip'

beforeAll(async () => {
  admin = await signIn(demoUser('admin').email, demoUser('admin').password)
  enterprise = await signIn(demoUser('enterprise').email, demoUser('enterprise').password)
}, 120_000)
const cleanup = () => sql().query(`delete from public.import_runs where file_name like $1`, [FILE + '%'])
beforeAll(cleanup)
afterAll(cleanup)

const count = async (table: string): Promise<number> => (await sql().query<{ n: number }>(`select count(*)::int n from public.${table}`)).rows[0]!.n

async function roundTrip(kind: ImportKind, format: 'csv' | 'xlsx' | 'geojson') {
  const records = await fetchExport(admin as never, kind)
  const refs = await loadRefLists(admin as never)
  const o = { crs: 'wgs84' as const, refs, fromWgs84, baseName: `${FILE}-${kind}` }
  const file = format === 'xlsx' ? await buildXlsxExport(kind, records, o) : buildExport(kind, records, { ...o, format })
  const report = await runImport(admin as never, { kind, fileName: file.fileName, bytes: file.bytes, dryRun: true })
  return { records, file, report }
}

describe('export → re-import: nothing changes', () => {
  for (const kind of IMPORT_KINDS) {
    it(`${kind} as GeoJSON: every row the admin sees, every row unchanged`, async () => {
      const { records, report } = await roundTrip(kind, 'geojson')
      expect(records.length).toBe(await count(kind))
      expect(records.length).toBeGreaterThan(0)
      expect(report.errors).toEqual([])
      expect(report).toMatchObject({ rows: records.length, inserted: 0, updated: 0, unchanged: records.length })
    }, 120_000)
  }
  for (const kind of ['enterprises', 'emergency_resources', 'risk_points'] as const) {
    it(`${kind} as CSV (UTF-8 with BOM, the import's headers): every row unchanged`, async () => {
      const { records, file, report } = await roundTrip(kind, 'csv')
      expect([...file.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
      const text = new TextDecoder().decode(file.bytes.slice(3))
      expect(text.split('\r\n')[0]).toBe(exportHeaders(kind, 'csv').join(','))
      expect(file.withoutPosition).toBe(0)
      expect(report.errors).toEqual([])
      expect(report).toMatchObject({ rows: records.length, inserted: 0, updated: 0, unchanged: records.length })
    }, 120_000)
  }
})

describe('export as XLSX → re-import: nothing changes', () => {
  for (const kind of ['enterprises', 'risk_points', 'emergency_resources'] as const) {
    it(`${kind} as an Excel sheet: every row the admin sees, every row unchanged`, async () => {
      const { records, file, report } = await roundTrip(kind, 'xlsx')
      expect(file.fileName).toBe(`${FILE}-${kind}.xlsx`)
      expect(records.length).toBe(await count(kind))
      expect(file.withoutPosition).toBe(0)
      expect(report.errors).toEqual([])
      expect(report).toMatchObject({ rows: records.length, inserted: 0, updated: 0, unchanged: records.length })
    }, 120_000)
  }
})

describe('a regulator: export → re-import', () => {
  it('enterprises it may see, every row unchanged (or refused by name when outside its area)', async () => {
    const regulator = await signIn(demoUser('regulator').email, demoUser('regulator').password)
    const records = await fetchExport(regulator as never, 'enterprises')
    expect(records.length).toBeGreaterThan(0)
    const refs = await loadRefLists(regulator as never)
    const file = buildExport('enterprises', records, { format: 'csv', crs: 'wgs84', refs, fromWgs84, baseName: `${FILE}-regulator` })
    const report = await runImport(regulator as never, { kind: 'enterprises', fileName: file.fileName, bytes: file.bytes, dryRun: true })
    const areas = (demoUser('regulator').appMetadata as { area_codes: string[] }).area_codes
    const { rows } = await sql().query<{ n: number }>(
      `select count(*)::int n from public.enterprises where id = any($1::uuid[]) and not coalesce(area_code like any($2::text[]), false)`,
      [records.map((r) => r.id), areas.map((a) => a + '%')],
    )
    const outside = rows[0]!.n
    expect(report).toMatchObject({ rows: records.length, inserted: 0, updated: 0, unchanged: records.length - outside })
    expect(report.errors).toHaveLength(outside)
  }, 120_000)
})

describe('export → edit one cell → re-import', () => {
  it('risk points (names repeat inside an enterprise): exactly the edited row updates, found by 系统编号', async () => {
    const records = await fetchExport(admin as never, 'risk_points')
    const refs = await loadRefLists(admin as never)
    const twins = records.filter((r, i) => records.some((o, j) => j !== i && o.name === r.name && o.enterprise_credit_code === r.enterprise_credit_code))
    expect(twins.length).toBeGreaterThan(1) // the case the natural key (enterprise, name) cannot tell apart
    const edited = records.map((r) => (r.id === twins[0]!.id ? { ...r, assessed_by: '导出往返测试评估人' } : r))
    const file = buildExport('risk_points', edited, { format: 'csv', crs: 'wgs84', refs, fromWgs84, baseName: `${FILE}-edit` })
    const report = await runImport(admin as never, { kind: 'risk_points', fileName: file.fileName, bytes: file.bytes, dryRun: true })
    expect(report).toMatchObject({ rows: records.length, inserted: 0, updated: 1, unchanged: records.length - 1, errors: [] })
    const row = (await sql().query(`select data ->> 'id' id from public.import_rows where run_id = $1 and verdict = 'update'`, [report.run_id])).rows
    expect(row).toEqual([{ id: twins[0]!.id }])
  }, 120_000)
})

describe('export_page', () => {
  it('keyset pages of 7 give the same rows, in order, as one page of 1000', async () => {
    const one = await admin.rpc('export_page', { kind: 'enterprises', after_id: null, page_size: 1000 })
    expect(one.error).toBeNull()
    const all = (one.data as { rows: { id: string }[] }).rows.map((r) => r.id)
    const paged: string[] = []
    let after: string | null = null
    for (let i = 0; i < 1000; i++) {
      const p = await admin.rpc('export_page', { kind: 'enterprises', after_id: after, page_size: 7 })
      expect(p.error).toBeNull()
      const d = p.data as { rows: { id: string }[]; last_id: string | null }
      expect(d.rows.length).toBeLessThanOrEqual(7)
      paged.push(...d.rows.map((r) => r.id))
      if (!d.last_id) break
      after = d.last_id
    }
    expect(all.length).toBe(await count('enterprises'))
    expect(paged).toEqual(all)
  })

  it('an enterprise user exports only what its RLS shows it', async () => {
    const records = await fetchExport(enterprise as never, 'enterprises')
    const seen = await enterprise.from('enterprises').select('id').order('id')
    expect(seen.error).toBeNull()
    expect(records.map((r) => r.id)).toEqual((seen.data as { id: string }[]).map((r) => r.id))
    expect(records.length).toBeLessThan(await count('enterprises'))
  })

  it('refuses anon, a page over 1000 or under 1, and an unknown kind', async () => {
    const anon = await anonClient().rpc('export_page', { kind: 'enterprises', after_id: null, page_size: 10 })
    expect(anon.error).not.toBeNull()
    expect(['42501', 'PGRST202']).toContain(anon.error!.code)
    for (const page_size of [0, 1001]) {
      const r = await admin.rpc('export_page', { kind: 'enterprises', after_id: null, page_size })
      expect(r.error?.code).toBe('22023')
      expect(r.error?.message).toMatch(/每页 1–1000 行/)
    }
    const bad = await admin.rpc('export_page', { kind: 'vehicles', after_id: null, page_size: 10 })
    expect(bad.error?.code).toBe('22023')
    expect(bad.error?.message).toMatch(/未知的导出类型/)
  })

  it('chemical parks cannot go to CSV (polygons): one clear message', async () => {
    const refs = await loadRefLists(admin as never)
    expect(() => buildExport('chemical_parks', [], { format: 'csv', crs: 'wgs84', refs, fromWgs84 })).toThrow(/化工园区是面，CSV 装不下/)
  })
})
