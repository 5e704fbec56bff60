// Reading files (src/import/read.ts, xlsx.ts, encoding.ts): every format and encoding of the
// generated fixtures, and one clear refusal per broken kind.
import { describe, expect, it } from 'vitest'
import { strToU8 } from 'fflate'
import { ImportFileError, MAX_FILE_BYTES, readFile } from '../../../src/import/index.ts'
import { ENTERPRISE_HEADERS, allFixtures, enterpriseRows, oversize, toCsv, xlsxBytes } from '../../fixtures/import/generate.ts'

const fx = allFixtures()
const expected = enterpriseRows(20, { district: '440704', serialBase: 1000 })

async function refusal(bytes: Uint8Array, name: string, opts = {}): Promise<ImportFileError> {
  try {
    await readFile(bytes, name, opts)
  } catch (e) {
    expect(e).toBeInstanceOf(ImportFileError)
    return e as ImportFileError
  }
  throw new Error(`${name} was read`)
}

describe('formats and encodings', () => {
  it.each(['enterprises-utf8.csv', 'enterprises-utf8-bom.csv', 'enterprises-gbk.csv', 'enterprises-gb18030.csv', 'enterprises.xlsx'])(
    '%s: the same headers and cells, rows numbered as in Excel',
    async (name) => {
      const t = await readFile(fx[name]!, name)
      expect(t.headers).toEqual([...ENTERPRISE_HEADERS])
      expect(t.rows).toHaveLength(20)
      expect(t.rows[0]!.row).toBe(2)
      expect(t.rows[19]!.row).toBe(21)
      expect(t.rows[3]!.cells.map((c) => (c === null ? null : String(c)))).toEqual(expected[3]!.map(String))
    },
  )

  it('detects UTF-8 and GB18030 (GBK bytes) when auto; an explicit wrong encoding is named', async () => {
    expect((await readFile(fx['enterprises-utf8.csv']!, 'a.csv')).encoding).toBe('utf-8')
    expect((await readFile(fx['enterprises-gbk.csv']!, 'a.csv')).encoding).toBe('gb18030')
    expect((await readFile(fx['enterprises-gbk.csv']!, 'a.csv', { encoding: 'gbk' })).headers[0]).toBe('企业名称')
    const e = await refusal(fx['enterprises-gbk.csv']!, 'a.csv', { encoding: 'utf-8' })
    expect(e.en).toMatch(/not valid UTF-8/)
  })

  it('blank lines keep the numbering of the rows after them', async () => {
    const csv = toCsv(ENTERPRISE_HEADERS, [expected[0]!, ['', '', '', '', '', '', ''], expected[1]!])
    const t = await readFile(strToU8(csv), 'a.csv')
    expect(t.rows.map((r) => r.row)).toEqual([2, 4])
  })

  it('GeoJSON: properties become columns, geometry is kept', async () => {
    const t = await readFile(fx['targets.geojson']!, 'targets.geojson')
    expect(t.headers).toEqual(['编号', '名称', '类型', '人数'])
    expect(t.rows[0]!.geometry?.type).toBe('Point')
    expect(t.rows[0]!.row).toBe(2)
  })
})

describe('broken files: one message each', () => {
  it.each([
    ['empty.csv', /empty/],
    ['header-only.csv', /no data rows/],
    ['truncated.xlsx', /damaged or incomplete/],
    ['formulas.xlsx', /formulas \(e\.g\. cell G3\)/],
    ['merged-header.xlsx', /merged cells \(A1:B1\)/],
    ['no-dbf.zip', /no \.dbf/],
  ])('%s', async (name, re) => {
    const e = await refusal(fx[name]!, name)
    expect(e.en).toMatch(re)
    expect(e.zh.length).toBeGreaterThan(3)
  })

  it(`a file over ${MAX_FILE_BYTES / 1048576} MB (50 MB) is refused before it is parsed`, async () => {
    const e = await refusal(oversize(50 * 1024 * 1024), 'big.csv')
    expect(e.en).toMatch(/50\.0 MB, over the 32 MB limit/)
  })

  it('legacy .xls, unknown types and duplicate header names', async () => {
    expect((await refusal(strToU8('x'), 'a.xls')).en).toMatch(/legacy \.xls/)
    expect((await refusal(strToU8('x'), 'a.docx')).en).toMatch(/unsupported file type/)
    expect((await refusal(strToU8('名称,名称\n1,2\n'), 'a.csv')).en).toMatch(/two columns are both named "名称"/)
  })

  it('an XLSX whose formula is in a data row far down is still found', async () => {
    const rows = [[...ENTERPRISE_HEADERS], ...enterpriseRows(30, { district: '440704' })]
    expect((await refusal(xlsxBytes(rows, { formulaAt: [31, 0] }), 'a.xlsx')).en).toMatch(/cell A31/)
  })
})

describe('Shapefiles (.zip)', () => {
  it.each(['targets-gbk.zip', 'targets-gbk-nocpg.zip'])('%s: GBK attributes (from .cpg, or detected), points, WGS-84 from .prj', async (name) => {
    const t = await readFile(fx[name]!, name)
    const g = await readFile(fx['targets.geojson']!, 'targets.geojson')
    expect(t.headers).toEqual(['编号', '名称', '类型', '人数'])
    expect(t.rows.map((r) => r.cells)).toEqual(g.rows.map((r) => r.cells))
    expect(t.rows.map((r) => r.geometry)).toEqual(g.rows.map((r) => r.geometry))
    expect(t.encoding).toBe('gbk')
    expect(t.prj).toBe('wgs84')
  })

  it('a polygon layer; without .prj the CRS is unknown (null), never guessed', async () => {
    const t = await readFile(fx['parks-noprj.zip']!, 'parks.zip')
    expect(t.rows[0]!.geometry?.type).toBe('Polygon')
    expect(t.prj).toBeNull()
    expect((await readFile(fx['parks.zip']!, 'parks.zip')).prj).toBe('wgs84')
  })
})
