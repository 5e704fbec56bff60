// Pipelines in src/import (issues 14 and 19): the registry's headers map to the fields, media are
// read by the names people write, a GeoJSON or zipped Shapefile of lines becomes MULTILINESTRING
// rows (every vertex through the CRS transform), what a line cannot be is refused by row and
// column, a table (CSV) is refused as a whole, and the export writes lines that read back the same.
import { describe, expect, it } from 'vitest'
import { strToU8 } from 'fflate'
import {
  FIELDS,
  ImportFileError,
  autoMap,
  buildExport,
  buildXlsxExport,
  exportHeaders,
  fileColumnName,
  identityToWgs84,
  prepareRows,
  readFile,
  refLists,
  type ExportRecord,
  type RefLists,
  type ToWgs84,
} from '../../../src/import/index.ts'
import { pointOfEwkt } from '../../../src/import/verdictPoints.ts'
import { fixtureCreditCode, geojsonBytes, shapefileZip, toCsv } from '../../fixtures/import/generate.ts'

const REFS: RefLists = refLists({ industries: [], protective_target_types: [], risk_point_categories: [] })
const HEADERS = ['外部编号', '名称', '介质', '运营单位统一社会信用代码', '管径(mm)', '设计压力(MPa)', '埋深(m)', '建设年份']
const OP = fixtureCreditCode(42)

type Line = [number, number][]
const feature = (props: Record<string, string | number | null>, g: GeoJSON.Geometry | null): GeoJSON.Feature => ({
  type: 'Feature',
  properties: props,
  geometry: g as GeoJSON.Geometry,
})
const ls = (l: Line): GeoJSON.LineString => ({ type: 'LineString', coordinates: l })
const props = (ext: string, name: string, medium = '天然气', op: string | null = OP) => ({
  外部编号: ext,
  名称: name,
  介质: medium,
  运营单位统一社会信用代码: op,
  '管径(mm)': 508,
  '设计压力(MPa)': 4,
  '埋深(m)': 1.5,
  建设年份: 2010,
})
const L1: Line = [
  [113.1, 22.55],
  [113.11, 22.56],
  [113.12, 22.561],
]
const L2: Line = [
  [113.13, 22.57],
  [113.14, 22.58],
]

async function prepare(bytes: Uint8Array, fileName: string, toWgs84: ToWgs84 = identityToWgs84, crs: 'wgs84' | 'gcj02' = 'wgs84') {
  const table = await readFile(bytes, fileName)
  return { table, ...prepareRows(table, { kind: 'pipelines', mapping: autoMap('pipelines', table.headers), refs: REFS, crs, toWgs84 }) }
}

describe('pipelines: fields and mapping', () => {
  it("the registry's headers map to the fields (and a Shapefile's short ones)", () => {
    expect(autoMap('pipelines', HEADERS)).toEqual({
      id: null,
      external_id: '外部编号',
      name: '名称',
      medium: '介质',
      operator_credit_code: '运营单位统一社会信用代码',
      diameter_mm: '管径(mm)',
      pressure_mpa: '设计压力(MPa)',
      burial_depth_m: '埋深(m)',
      built_year: '建设年份',
    })
    expect(autoMap('pipelines', ['NAME', 'MEDIUM', 'DIAMETER', 'PRESSURE', 'DEPTH', 'YEAR', 'FID'])).toMatchObject({
      name: 'NAME',
      medium: 'MEDIUM',
      diameter_mm: 'DIAMETER',
      pressure_mpa: 'PRESSURE',
      burial_depth_m: 'DEPTH',
      built_year: 'YEAR',
      external_id: 'FID',
    })
    // no position columns: a pipeline's position is its line
    expect(FIELDS.pipelines.some((f) => f.type === 'lng' || f.type === 'lat')).toBe(false)
  })

  it('media by the names people write → the database codes; an unknown one with the closest name', async () => {
    const media = ['天然气', '燃气', 'natural_gas', '原油', '成品油', '柴油', '液化石油气', '液化气', 'LPG', '化工物料', '化工', '自来水']
    const { rows, errors } = await prepare(
      geojsonBytes(media.map((m, i) => feature(props(`M${i}`, `管道${i}号`, m), ls([L1[0]!, [113.1 + i * 0.001, 22.56]])))),
      'm.geojson',
    )
    expect(rows.map((r) => r.data.medium)).toEqual([
      'natural_gas',
      'natural_gas',
      'natural_gas',
      'crude_oil',
      'refined_oil',
      'refined_oil',
      'lpg',
      'lpg',
      'lpg',
      'chemical',
      'chemical',
    ])
    expect(errors).toEqual([
      { row: 13, column: '介质', message: expect.stringMatching(/^未知的介质“自来水”，最接近的是“.+”（\w+） \/ unknown medium "自来水"/) },
    ])
  })
})

describe('pipelines: a GeoJSON of lines', () => {
  it('LineString and MultiLineString → MULTILINESTRING, numbers as numbers, the operator as its credit code', async () => {
    const { rows, errors } = await prepare(
      geojsonBytes([
        feature(props('P1', '测试一号线'), ls(L1)),
        feature(props('P2', '测试二号线', '成品油', null), { type: 'MultiLineString', coordinates: [L1, L2] }),
      ]),
      'p.geojson',
    )
    expect(errors).toEqual([])
    expect(rows[0]).toEqual({
      row: 2,
      data: {
        external_id: 'P1',
        name: '测试一号线',
        medium: 'natural_gas',
        operator_credit_code: OP,
        diameter_mm: 508,
        pressure_mpa: 4,
        burial_depth_m: 1.5,
        built_year: 2010,
        geom: 'SRID=4326;MULTILINESTRING((113.1 22.55,113.11 22.56,113.12 22.561))',
      },
    })
    expect(rows[1]!.data).not.toHaveProperty('operator_credit_code')
    expect(rows[1]!.data.geom).toBe('SRID=4326;MULTILINESTRING((113.1 22.55,113.11 22.56,113.12 22.561),(113.13 22.57,113.14 22.58))')
  })

  it('every vertex goes through the CRS transform', async () => {
    const seen: [number, number][] = []
    const shift: ToWgs84 = (x, y) => {
      seen.push([x, y])
      return [x - 0.005, y + 0.002]
    }
    const { rows } = await prepare(
      geojsonBytes([feature(props('P1', '测试一号线'), { type: 'MultiLineString', coordinates: [L1, L2] })]),
      'g.geojson',
      shift,
      'gcj02',
    )
    expect(seen).toEqual([...L1, ...L2])
    const want = [L1, L2].map((l) => `(${l.map(([x, y]) => `${x - 0.005} ${y + 0.002}`).join(',')})`).join(',')
    expect(rows[0]!.data.geom).toBe(`SRID=4326;MULTILINESTRING(${want})`)
  })

  it('what a line cannot be is refused by row and column; the other rows go on', async () => {
    const many: Line = Array.from({ length: 20_001 }, (_, i) => [113.1 + i * 1e-6, 22.55])
    const parts: Line[] = Array.from({ length: 101 }, (_, i) => [
      [113.1 + i * 1e-4, 22.55],
      [113.1 + i * 1e-4, 22.56],
    ])
    const bad = OP.slice(0, 17) + (OP.endsWith('0') ? '1' : '0')
    const { rows, errors } = await prepare(
      geojsonBytes([
        feature(props('OK', '测试合格线'), ls(L1)),
        feature(props('PT', '测试点'), { type: 'Point', coordinates: [113.1, 22.55] }),
        feature(props('PG', '测试面'), { type: 'Polygon', coordinates: [[...L1, L1[0]!]] }),
        feature(props('NO', '测试无几何'), null),
        feature(props('V', '测试顶点'), ls(many)),
        feature(props('PA', '测试分段'), { type: 'MultiLineString', coordinates: parts }),
        feature(props('ONE', '测试单点段'), { type: 'MultiLineString', coordinates: [L1, [[113.2, 22.6]]] }),
        feature({ ...props('D', '测试管径'), '管径(mm)': 5000 }, ls(L2)),
        feature({ ...props('CC', '测试信用代码'), 运营单位统一社会信用代码: bad }, ls(L2)),
        feature(props('', '测试无编号线'), ls(L2)), // no external id: keyed by (name, operator)
        feature(props('', '测试无编号线'), ls(L1)), // the same (name, operator) as row 11
        feature(props('OK', '测试重复编号'), ls(L2)), // the same external id as row 2
        feature({ ...props('', '测试无介质'), 介质: null }, ls(L2)),
      ]),
      'bad.geojson',
    )
    expect(rows.map((r) => r.row)).toEqual([2, 11])
    const by = Object.fromEntries(errors.map((e) => [e.row, e]))
    expect(by[3]).toMatchObject({ column: 'geometry', message: expect.stringMatching(/几何类型 Point 不适用，应为线/) })
    expect(by[4]).toMatchObject({ column: 'geometry', message: expect.stringMatching(/几何类型 Polygon 不适用/) })
    expect(by[5]).toMatchObject({ column: 'geometry', message: expect.stringMatching(/^没有走向/) })
    expect(by[6]).toMatchObject({ column: 'geometry', message: expect.stringMatching(/顶点过多：最多 20000 个，收到 20001 个/) })
    expect(by[7]).toMatchObject({ column: 'geometry', message: expect.stringMatching(/分段过多：最多 100 段，收到 101 段/) })
    expect(by[8]).toMatchObject({ column: 'geometry', message: expect.stringMatching(/第 2 段不足两个点/) })
    expect(by[9]).toMatchObject({ column: '管径(mm)', message: expect.stringMatching(/管径\(mm\)应在 10–2000 之间/) })
    expect(by[10]).toMatchObject({ column: '运营单位统一社会信用代码' })
    expect(by[12]).toMatchObject({ column: '名称', message: expect.stringMatching(/与第 11 行重复（同一名称和运营单位）/) })
    expect(by[13]).toMatchObject({ column: '外部编号', message: expect.stringMatching(/与第 2 行重复（同一外部编号）/) })
    expect(by[14]).toMatchObject({ column: '介质', message: expect.stringMatching(/介质不能为空/) })
    expect(errors).toHaveLength(11)
  })

  it('a table (CSV) cannot hold a line: refused as a whole, with the reason', async () => {
    const csv = strToU8(toCsv(HEADERS, [['P1', '测试一号线', '天然气', OP, 508, 4, 1.5, 2010]]))
    await expect(prepare(csv, 'p.csv')).rejects.toThrow(ImportFileError)
    await expect(prepare(csv, 'p.csv')).rejects.toThrow(/油气管道需要线几何（走向）：请用 GeoJSON 或 Shapefile/)
  })

  it('the verdict map shows a line at the mean of its first part’s vertices', async () => {
    const { rows } = await prepare(geojsonBytes([feature(props('P1', '测试一号线'), { type: 'MultiLineString', coordinates: [L1, L2] })]), 'v.geojson')
    const [x, y] = pointOfEwkt(rows[0]!.data.geom as string)!
    expect(x).toBeCloseTo((113.1 + 113.11 + 113.12) / 3, 9)
    expect(y).toBeCloseTo((22.55 + 22.56 + 22.561) / 3, 9)
  })

  it("the database's columns are named as the file names them", () => {
    const file = { headers: HEADERS, geometry: true }
    const mapping = autoMap('pipelines', HEADERS)
    expect(fileColumnName('pipelines', mapping, file, 'operator_credit_code')).toBe('运营单位统一社会信用代码 (列 D)')
    expect(fileColumnName('pipelines', mapping, file, 'built_year')).toBe('建设年份 (列 H)')
    expect(fileColumnName('pipelines', mapping, file, 'geom')).toBe('几何 geometry')
  })
})

/** A zipped Shapefile of PolyLines (shape type 3), by the fixture writer. */
function polylineShapefile(lines: Line[][], rows: Record<string, string>[]): Uint8Array {
  return shapefileZip(
    'lines',
    lines.map((parts) => ({ type: 'MultiLineString' as const, coordinates: parts })),
    rows,
  )
}

describe('pipelines: a zipped Shapefile of lines', () => {
  it('a .dbf cuts field names at 10 bytes: UTF-8 mid-character (外部编�), GBK at 5 characters; they still map', () => {
    expect(autoMap('pipelines', ['外部编\ufffd', '名称', '介质', '运营单\ufffd', '管径', '建设年\ufffd'])).toMatchObject({
      external_id: '外部编\ufffd',
      operator_credit_code: '运营单\ufffd',
      built_year: '建设年\ufffd',
    })
    expect(autoMap('pipelines', ['外部编号', '名称', '介质', '运营单位统', '建设年份'])).toMatchObject({ operator_credit_code: '运营单位统' })
    // a cut too short to say anything maps nothing
    expect(autoMap('pipelines', ['名称', '介质', '建\ufffd']).built_year).toBeNull()
  })

  it('PolyLines with their .dbf attributes (names cut by the .dbf) → the same rows as GeoJSON', async () => {
    const zip = polylineShapefile(
      [[L1], [L1, L2]],
      [
        { 外部编号: 'S1', 名称: '测试一号线', 介质: '天然气', 管径: '508', 埋深: '1.5', 建设年份: '2010' },
        { 外部编号: 'S2', 名称: '测试二号线', 介质: '成品油', 管径: '219', 埋深: '2', 建设年份: '1998' },
      ],
    )
    const { table, rows, errors } = await prepare(zip, 'lines.zip')
    expect(table.format).toBe('shapefile')
    expect(errors).toEqual([])
    expect(rows.map((r) => r.data)).toEqual([
      {
        external_id: 'S1',
        name: '测试一号线',
        medium: 'natural_gas',
        diameter_mm: 508,
        burial_depth_m: 1.5,
        built_year: 2010,
        geom: 'SRID=4326;MULTILINESTRING((113.1 22.55,113.11 22.56,113.12 22.561))',
      },
      {
        external_id: 'S2',
        name: '测试二号线',
        medium: 'refined_oil',
        diameter_mm: 219,
        burial_depth_m: 2,
        built_year: 1998,
        geom: 'SRID=4326;MULTILINESTRING((113.1 22.55,113.11 22.56,113.12 22.561),(113.13 22.57,113.14 22.58))',
      },
    ])
  })
})

describe('pipelines: the export', () => {
  const rec = (over: Partial<ExportRecord> = {}): ExportRecord => ({
    id: '00000000-0000-4000-8000-000000000001',
    external_id: 'E1',
    name: '测试一号线',
    medium: 'natural_gas',
    operator_credit_code: OP,
    diameter_mm: 508,
    pressure_mpa: 4,
    burial_depth_m: 1.5,
    built_year: 2010,
    geometry: { type: 'MultiLineString', coordinates: [L1, L2] },
    ...over,
  })
  const o = { crs: 'wgs84' as const, refs: REFS, fromWgs84: (x: number, y: number): [number, number] => [x, y] }

  it('GeoJSON: the lines whole, the import headers, media as their Chinese names, the operator as its credit code', () => {
    const f = buildExport('pipelines', [rec(), rec({ id: '00000000-0000-4000-8000-000000000002', medium: 'lpg', operator_credit_code: null })], {
      ...o,
      format: 'geojson',
    })
    const fc = JSON.parse(new TextDecoder().decode(f.bytes)) as GeoJSON.FeatureCollection
    expect(Object.keys(fc.features[0]!.properties!)).toEqual(exportHeaders('pipelines', 'geojson'))
    expect(fc.features[0]!.properties).toMatchObject({ 介质: '天然气', 运营单位统一社会信用代码: OP, '管径(mm)': 508, 建设年份: 2010 })
    expect(fc.features[1]!.properties).toMatchObject({ 介质: '液化石油气', 运营单位统一社会信用代码: null })
    expect(fc.features[0]!.geometry).toEqual({ type: 'MultiLineString', coordinates: [L1, L2] })
  })

  it('export → read back: the same rows the records were (id, codes, the line)', async () => {
    const f = buildExport('pipelines', [rec()], { ...o, format: 'geojson' })
    const { rows, errors } = await prepare(f.bytes, f.fileName)
    expect(errors).toEqual([])
    expect(rows[0]!.data).toEqual({
      id: '00000000-0000-4000-8000-000000000001',
      external_id: 'E1',
      name: '测试一号线',
      medium: 'natural_gas',
      operator_credit_code: OP,
      diameter_mm: 508,
      pressure_mpa: 4,
      burial_depth_m: 1.5,
      built_year: 2010,
      geom: 'SRID=4326;MULTILINESTRING((113.1 22.55,113.11 22.56,113.12 22.561),(113.13 22.57,113.14 22.58))',
    })
  })

  it('CSV and XLSX are refused with the reason (a route does not fit a table)', async () => {
    expect(() => buildExport('pipelines', [rec()], { ...o, format: 'csv' })).toThrow(/油气管道是线，CSV 装不下走向：请导出 GeoJSON/)
    await expect(buildXlsxExport('pipelines', [rec()], o)).rejects.toThrow(/油气管道是线，Excel 表格装不下走向/)
  })
})
