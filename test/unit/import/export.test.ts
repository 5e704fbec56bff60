// Export files (issue 14): the headers an export writes map back to the same fields on import,
// CSV has a BOM and keeps formulas as text, XLSX reads back cell for cell, GCJ-02 moves every coordinate, GeoJSON is a FeatureCollection.
import { describe, expect, it } from 'vitest'
import { fromWgs84 } from '../../../src/geo/crs.ts'
import {
  IMPORT_KINDS,
  autoMap,
  buildExport,
  buildXlsxExport,
  XLSX_MIME,
  columnLetter,
  exportFields,
  exportHeaders,
  fileColumnName,
  readFile,
  refLists,
  type ExportRecord,
} from '../../../src/import/index.ts'

const refs = refLists({
  industries: [{ code: 'C26', name_zh: '化学原料和化学制品制造业', name_en: 'chemicals' }],
  protective_target_types: [],
  risk_point_categories: [],
})

describe('export headers', () => {
  it('every kind: each header maps back to the field it came from', () => {
    for (const kind of IMPORT_KINDS) {
      for (const format of ['csv', 'geojson'] as const) {
        const headers = exportHeaders(kind, format)
        const m = autoMap(kind, headers)
        const fields = exportFields(kind).filter((f) => format === 'csv' || (f.type !== 'lng' && f.type !== 'lat'))
        for (const f of fields) expect(m[f.key], `${kind}/${format}/${f.key}`).toBe(f.zh)
      }
    }
  })
})

describe('hazard sources: the inventory goes out', () => {
  it('危险化学品 and 最大储量 are exported columns; one substance in two cells, several in one, none empty', async () => {
    expect(exportHeaders('hazard_sources', 'csv')).toEqual(expect.arrayContaining(['危险化学品', '最大储量(t)']))
    expect(exportHeaders('hazard_sources', 'geojson')).toEqual(expect.arrayContaining(['危险化学品', '最大储量(t)']))
    const src = (id: string, substance: string | null, q: number | null): ExportRecord => ({
      id,
      name: '储罐区',
      unit_type: 'storage',
      enterprise_credit_code: '91440700MA4UXXXX0X',
      substance,
      max_quantity_t: q,
      geometry: { type: 'Point', coordinates: [113.08, 22.58] },
    })
    const f = buildExport(
      'hazard_sources',
      [
        src('00000000-0000-4000-8000-000000000001', '氯', 20),
        src('00000000-0000-4000-8000-000000000002', '氨:5;氯:20.5', null),
        src('00000000-0000-4000-8000-000000000003', null, null),
      ],
      { format: 'csv', crs: 'wgs84', refs, fromWgs84 },
    )
    const t = await readFile(f.bytes, f.fileName)
    const col = (h: string) => t.headers.indexOf(h)
    expect(t.rows.map((r) => [r.cells[col('危险化学品')], r.cells[col('最大储量(t)')]])).toEqual([
      ['氯', '20'],
      ['氨:5;氯:20.5', ''],
      ['', ''],
    ])
  })
})

const ent = (over: Partial<ExportRecord> = {}): ExportRecord => ({
  id: '00000000-0000-4000-8000-000000000001',
  name: '=HYPERLINK("x")化工',
  credit_code: '91440700MA4UXXXX0X',
  industry_code: 'C26',
  address: '江门市蓬江区, "一号"',
  employees: 120,
  standardization_grade: null,
  geometry: { type: 'Point', coordinates: [113.0812345678901, 22.58765432109876] },
  ...over,
})

describe('buildExport', () => {
  it('CSV: UTF-8 BOM, CRLF, quoted commas, a formula kept as text, codes as Chinese names; reads back the same', async () => {
    const f = buildExport('enterprises', [ent()], { format: 'csv', crs: 'wgs84', refs, fromWgs84 })
    expect(f.fileName).toBe('enterprises.csv')
    expect([...f.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder().decode(f.bytes)
    expect(text).toContain('\t=HYPERLINK')
    expect(text).toContain('化学原料和化学制品制造业')
    const t = await readFile(f.bytes, f.fileName)
    expect(t.headers).toEqual(exportHeaders('enterprises', 'csv'))
    expect(t.rows[0]!.cells).toEqual([
      '\t=HYPERLINK("x")化工',
      '91440700MA4UXXXX0X',
      '化学原料和化学制品制造业',
      '江门市蓬江区, "一号"',
      '113.0812345678901',
      '22.58765432109876',
      '120',
      '',
    ])
  })

  it('GCJ-02: every coordinate moved as fromWgs84 moves it; GeoJSON keeps properties typed', async () => {
    const f = buildExport('enterprises', [ent()], { format: 'geojson', crs: 'gcj02', refs, fromWgs84 })
    expect(f.fileName).toBe('enterprises_GCJ-02.geojson')
    const fc = JSON.parse(new TextDecoder().decode(f.bytes)) as GeoJSON.FeatureCollection
    expect(fc.type).toBe('FeatureCollection')
    const [x, y] = fromWgs84(113.0812345678901, 22.58765432109876, 'gcj02')
    expect((fc.features[0]!.geometry as GeoJSON.Point).coordinates).toEqual([x, y])
    expect(x - 113.0812345678901).toBeGreaterThan(0.001) // really shifted (hundreds of metres)
    expect(fc.features[0]!.properties).toMatchObject({ 企业名称: '=HYPERLINK("x")化工', 从业人数: 120 })
  })

  it('CSV of polygon rows: counted as without position; chemical parks refused', () => {
    const poly: GeoJSON.Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [113, 22.5],
          [113.01, 22.5],
          [113.01, 22.51],
          [113, 22.5],
        ],
      ],
    }
    const f = buildExport('protective_targets', [ent({ name: '学校', geometry: poly, type_code: 'school' })], { format: 'csv', crs: 'wgs84', refs, fromWgs84 })
    expect(f.withoutPosition).toBe(1)
    expect(() => buildExport('chemical_parks', [], { format: 'csv', crs: 'wgs84', refs, fromWgs84 })).toThrow(/GeoJSON/)
  })
})

describe('buildXlsxExport', () => {
  it('an Excel sheet the import reads back: the same headers, text cells (a formula stays text), numbers as numbers', async () => {
    const other = ent({ id: '00000000-0000-4000-8000-000000000002', name: '江门新材料有限公司', employees: null, address: null })
    const f = await buildXlsxExport('enterprises', [ent(), other], { crs: 'wgs84', refs, fromWgs84 })
    expect(f.fileName).toBe('enterprises.xlsx')
    expect(f.mime).toBe(XLSX_MIME)
    expect(f.rows).toBe(2)
    expect([...f.bytes.slice(0, 2)]).toEqual([0x50, 0x4b]) // a zip, as every XLSX
    const t = await readFile(f.bytes, f.fileName)
    expect(t.headers).toEqual(exportHeaders('enterprises', 'xlsx'))
    expect(exportHeaders('enterprises', 'xlsx')).toEqual(exportHeaders('enterprises', 'csv'))
    expect(t.rows).toHaveLength(2)
    // unlike the CSV, no tab before "=": a string cell is never a formula in XLSX
    expect(t.rows[0]!.cells).toEqual([
      '=HYPERLINK("x")化工',
      '91440700MA4UXXXX0X',
      '化学原料和化学制品制造业',
      '江门市蓬江区, "一号"',
      '113.0812345678901',
      '22.58765432109876',
      '120',
      null, // the XLSX reader gives an empty cell as null (the CSV reader as '')
    ])
    expect(t.rows[1]!.cells.slice(0, 2)).toEqual(['江门新材料有限公司', '91440700MA4UXXXX0X'])
    expect(t.rows[1]!.cells[3]).toBeNull()
  })

  it('GCJ-02 in the name and the positions; chemical parks refused (polygons)', async () => {
    const f = await buildXlsxExport('enterprises', [ent()], { crs: 'gcj02', refs, fromWgs84, baseName: 'x' })
    expect(f.fileName).toBe('x_GCJ-02.xlsx')
    const t = await readFile(f.bytes, f.fileName)
    const [x, y] = fromWgs84(113.0812345678901, 22.58765432109876, 'gcj02')
    expect(t.rows[0]!.cells.slice(4, 6).map(Number)).toEqual([x, y])
    await expect(buildXlsxExport('chemical_parks', [], { crs: 'wgs84', refs, fromWgs84 })).rejects.toThrow(/Excel 表格装不下/)
  })
})

describe('database error columns named as the file names them', () => {
  it('Excel letters; location → the mapped longitude/latitude headers; a field → its header; geometry files → geometry', () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA'])
    const headers = ['名称', '信用代码', '行业', '地址', 'X坐标', 'Y坐标']
    const mapping = autoMap('hazard_sources', headers)
    const file = { headers, geometry: false }
    expect(fileColumnName('hazard_sources', mapping, file, 'geom')).toBe('X坐标/Y坐标 (列 E/F)')
    expect(fileColumnName('hazard_sources', mapping, file, 'enterprise_credit_code')).toBe('信用代码 (列 B)')
    expect(fileColumnName('hazard_sources', mapping, { headers, geometry: true }, 'geom')).toBe('几何 geometry')
    expect(fileColumnName('hazard_sources', mapping, file, 'unknown_column')).toBe('unknown_column')
  })
})
