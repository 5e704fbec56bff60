// The database's refusals name the file's column, not the database's (issue 14): a position
// outside the city is "经度/纬度 (列 E/F)" as the file's own headers and Excel letters say, an unknown
// enterprise is the file's credit-code header and its letter, and a GeoJSON's is its geometry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { strToU8 } from 'fflate'
import { serviceClient, sql, useStack } from '../helpers/stack.ts'
import { runImport } from '../../src/import/index.ts'
import { fixtureCreditCode, geojsonBytes, pointsIn, toCsv } from '../fixtures/import/generate.ts'

useStack()

let service: SupabaseClient
const FILE = 'error-columns'
beforeAll(() => {
  service = serviceClient()
})
const cleanup = () => sql().query(`delete from public.import_runs where file_name like $1`, [FILE + '%'])
beforeAll(cleanup)
afterAll(cleanup)

describe('database errors name the file’s columns', () => {
  it('hazard sources: an unknown enterprise names 企业信用代码 (列 C); a position outside the city 东经/北纬 (列 E/F)', async () => {
    const [x, y] = pointsIn('440704', 1)[0]!
    const csv = toCsv(
      ['编号', '危险源名称', '企业信用代码', '单元类型', '东经', '北纬'],
      [
        ['EC-1', '测试罐区甲', fixtureCreditCode(9871), '储存单元', x, y],
        ['EC-2', '测试罐区乙', fixtureCreditCode(9872), '储存单元', 113.2644, 23.1291],
      ],
    )
    const r = await runImport(service as never, { kind: 'hazard_sources', bytes: strToU8(csv), fileName: `${FILE}.csv`, dryRun: true })
    expect(r.errors.map((e) => [e.row, e.column])).toEqual([
      [2, '企业信用代码 (列 C)'],
      [3, '企业信用代码 (列 C)'],
    ])
    expect(r.errors[0]!.message).toMatch(/没有统一社会信用代码为 .* 的企业/)
  })

  it('emergency resources: outside the city is 东经/北纬 (列 E/F); from GeoJSON it is the geometry', async () => {
    const csv = toCsv(['编号', '名称', '资源类型', '数量', '东经', '北纬'], [['EC-3', '测试救援队', '救援队伍', 10, 113.2644, 23.1291]])
    const r = await runImport(service as never, { kind: 'emergency_resources', bytes: strToU8(csv), fileName: `${FILE}.csv`, dryRun: true })
    expect(r.errors).toEqual([{ row: 2, column: '东经/北纬 (列 E/F)', message: expect.stringMatching(/不在本市辖区内/) }])
    const gj = geojsonBytes([
      { type: 'Feature', properties: { 名称: '测试救援队', 类型: '救援队伍' }, geometry: { type: 'Point', coordinates: [113.2644, 23.1291] } },
    ])
    const g = await runImport(service as never, { kind: 'emergency_resources', bytes: gj, fileName: `${FILE}.geojson`, dryRun: true })
    expect(g.errors.map((e) => [e.row, e.column])).toEqual([[2, '几何 geometry']])
  })
})
