// npm run import (supabase/local/import-cli.ts) as a user would run it: exit codes, the --json
// last line, a mapping template, signed in as a user (RLS) or with the service key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { strToU8 } from 'fflate'
import { sql, stackInfo, useStack } from '../helpers/stack.ts'
import { demoUser } from '../../supabase/seed/demo-users.ts'
import { ENTERPRISE_HEADERS, allFixtures, encodeGbk, enterpriseRows, toCsv, xlsxBytes } from '../fixtures/import/generate.ts'

useStack()

// Other files import at the same time (the native pass shares one database; test/db/import.test.ts
// imports the shared fixtures' enterprises, serials 1000-5999): this file's enterprises are its own
// (serials 7000-7999: codes 9344070400007…) and its files are named cli-…; it counts and deletes only those.
const OWN = `credit_code like '9344070400007%'`
const ownEnterprises = async (): Promise<number> => (await sql().query<{ n: number }>(`select count(*)::int n from public.enterprises where ${OWN}`)).rows[0]!.n

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'import-cli-'))
  for (const [name, bytes] of Object.entries(allFixtures())) writeFileSync(join(dir, `cli-${name}`), bytes)
  // the fixture enterprises in the same formats, under this file's serials
  const ents = enterpriseRows(20, { district: '440704', serialBase: 7000 })
  const csv = toCsv(ENTERPRISE_HEADERS, ents)
  writeFileSync(join(dir, 'cli-enterprises-utf8.csv'), strToU8(csv))
  writeFileSync(join(dir, 'cli-enterprises-gbk.csv'), encodeGbk(csv))
  writeFileSync(join(dir, 'cli-enterprises.xlsx'), xlsxBytes([[...ENTERPRISE_HEADERS], ...ents]))
})
const cleanup = async () => {
  await sql().query(`delete from public.enterprises where ${OWN}`)
  await sql().query(`delete from public.import_runs where file_name like 'cli-%'`)
}
beforeAll(cleanup)
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
  await cleanup()
})

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const { url, serviceRoleKey, anonKey } = stackInfo()
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'supabase/local/import-cli.ts', ...args],
      {
        env: { ...process.env, SUPABASE_URL: url, SUPABASE_ANON_KEY: anonKey, SUPABASE_SERVICE_ROLE_KEY: serviceRoleKey, ...env },
        maxBuffer: 64 * 1024 * 1024,
      },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    )
  })
}
const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop()!)

describe('npm run import', () => {
  it('--dry-run --json: the last line is the report; exit 0; nothing written', async () => {
    const r = await cli([join(dir, 'cli-enterprises-gbk.csv'), '--into', 'enterprises', '--dry-run', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const j = lastJson(r.stdout)
    expect(Object.keys(j).sort()).toEqual(['crs', 'errors', 'inserted', 'rows', 'run_id', 'unchanged', 'updated'])
    expect(j).toMatchObject({ rows: 20, inserted: 20, updated: 0, unchanged: 0, errors: [], crs: 'wgs84' })
    expect(await ownEnterprises()).toBe(0)
  })

  it('commit, then the same file again changes nothing', async () => {
    const r = await cli([join(dir, 'cli-enterprises.xlsx'), '--into', 'enterprises', '--json', '--crs', 'cgcs2000'])
    expect(r.code, r.stderr).toBe(0)
    expect(lastJson(r.stdout)).toMatchObject({ inserted: 20, crs: 'cgcs2000' })
    const again = await cli([join(dir, 'cli-enterprises-utf8.csv'), '--into', 'enterprises', '--json', '--encoding', 'utf-8'])
    expect(lastJson(again.stdout)).toMatchObject({ inserted: 0, updated: 0, unchanged: 20 })
    // the same numbers read as GCJ-02 (AMap) are other positions (src/geo/crs.ts): every row an update
    const gcj = await cli([join(dir, 'cli-enterprises-utf8.csv'), '--into', 'enterprises', '--json', '--dry-run', '--crs', 'gcj02'])
    expect(gcj.code, gcj.stderr).toBe(0)
    expect(lastJson(gcj.stdout)).toMatchObject({ inserted: 0, updated: 20, unchanged: 0, crs: 'gcj02', errors: [] })
  })

  it('rows with errors: exit 1, nothing written; --skip-errors imports the rest', async () => {
    const rows = enterpriseRows(3, { district: '440704', serialBase: 7500 })
    rows[1]![2] = '外星工业'
    writeFileSync(join(dir, 'cli-bad.csv'), strToU8(toCsv(['单位名称', '信用代码', '所属行业', '详细地址', 'lon', 'lat', '员工人数'], rows)))
    const r = await cli([join(dir, 'cli-bad.csv'), '--into', 'enterprises', '--json'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/nothing was written/)
    expect(lastJson(r.stdout).errors).toEqual([{ row: 3, column: '所属行业', message: expect.stringMatching(/unknown industry "外星工业"/) }])
    expect((await sql().query(`select count(*)::int n from public.enterprises where credit_code like '934407040000750%'`)).rows[0].n).toBe(0)
    const s = await cli([join(dir, 'cli-bad.csv'), '--into', 'enterprises', '--json', '--skip-errors'])
    expect(s.code).toBe(0)
    expect(lastJson(s.stdout)).toMatchObject({ inserted: 2, errors: [{ row: 3 }] })
  })

  it('--mapping: a saved template maps headers no synonym knows', async () => {
    const rows = enterpriseRows(2, { district: '440704', serialBase: 7600 })
    writeFileSync(join(dir, 'cli-odd.csv'), strToU8(toCsv(['甲', '乙', '丙', '丁', '戊', '己', '庚'], rows)))
    writeFileSync(
      join(dir, 'cli-tpl.json'),
      JSON.stringify({
        name: '某局格式',
        kind: 'enterprises',
        mapping: {
          name: '甲',
          credit_code: '乙',
          industry_code: '丙',
          address: '丁',
          lng: '戊',
          lat: '己',
          employees: '庚',
        },
      }),
    )
    const no = await cli([join(dir, 'cli-odd.csv'), '--into', 'enterprises', '--dry-run'])
    expect(no.code).toBe(2)
    expect(no.stderr).toMatch(/required columns not found: name, credit code, industry, longitude, latitude/)
    const r = await cli([join(dir, 'cli-odd.csv'), '--into', 'enterprises', '--json', '--mapping', join(dir, 'cli-tpl.json')])
    expect(r.code, r.stderr).toBe(0)
    expect(lastJson(r.stdout)).toMatchObject({ inserted: 2 })
  })

  it('unreadable files exit 2 with a message on stderr; a role that may not import exits 4', async () => {
    for (const f of ['truncated.xlsx', 'empty.csv', 'no-dbf.zip', 'missing.csv']) {
      const r = await cli([join(dir, `cli-${f}`), '--into', 'enterprises', '--json'])
      expect(r.code, f).toBe(2)
      expect(r.stderr.trim().length, f).toBeGreaterThan(10)
    }
    const u = demoUser('planner')
    const p = await cli([join(dir, 'cli-enterprises.xlsx'), '--into', 'enterprises'], { IMPORT_EMAIL: u.email, IMPORT_PASSWORD: u.password })
    expect(p.code).toBe(4)
    expect(p.stderr).toMatch(/only admins and regulators/)
    expect((await cli([join(dir, 'cli-enterprises.xlsx'), '--into', 'villages'])).code).toBe(3)
    expect((await cli([join(dir, 'cli-enterprises.xlsx'), '--into', 'enterprises', '--crs', 'mars'])).code).toBe(3)
  })

  it('as a regulator (IMPORT_EMAIL): its district only, RLS and the functions decide', async () => {
    const u = demoUser('regulator')
    const r = await cli([join(dir, 'cli-enterprises-utf8.csv'), '--into', 'enterprises', '--json', '--dry-run'], {
      IMPORT_EMAIL: u.email,
      IMPORT_PASSWORD: u.password,
    })
    expect(r.code, r.stderr).toBe(0)
    expect(lastJson(r.stdout)).toMatchObject({ rows: 20, unchanged: 20, errors: [] })
  })
})
