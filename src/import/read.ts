// Reading files into a SourceTable: CSV (encoding detected), XLSX, GeoJSON, zipped Shapefile.
// Broken files are refused whole with one message each (ImportFileError); nothing is staged.
import Papa from 'papaparse'
import { decodeText, type EncodingChoice } from './encoding.ts'
import { readShapefileZip, type PrjRecogniser } from './shapefile.ts'
import { readXlsx } from './xlsx.ts'
import { ImportFileError, type SourceRow, type SourceTable } from './types.ts'

/** The largest file accepted (a 50 MB file is refused): 100,000 enterprise rows are ~15 MB of CSV. */
export const MAX_FILE_BYTES = 32 * 1024 * 1024
/** The most data rows in one import. */
export const MAX_ROWS = 200_000

export interface ReadOptions {
  encoding?: EncodingChoice
  /** A Shapefile's .prj → CRS (src/geo/crs.ts's crsFromPrj); default: geographic WGS-84/CGCS2000 only. */
  crsFromPrj?: PrjRecogniser
}

export type FileFormat = SourceTable['format']

export function formatOf(fileName: string): FileFormat {
  const ext = fileName.toLowerCase().split('.').pop() ?? ''
  if (ext === 'csv' || ext === 'txt' || ext === 'tsv') return 'csv'
  if (ext === 'xlsx') return 'xlsx'
  if (ext === 'geojson' || ext === 'json') return 'geojson'
  if (ext === 'zip') return 'shapefile'
  if (ext === 'xls') throw new ImportFileError('不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx', 'legacy .xls is not supported: save as .xlsx in Excel')
  if (ext === 'shp' || ext === 'dbf') {
    throw new ImportFileError(
      'Shapefile 请打包为 .zip（含 .shp、.dbf，最好还有 .prj 和 .cpg）',
      'send a Shapefile as one .zip (.shp, .dbf, ideally .prj and .cpg)',
    )
  }
  throw new ImportFileError(
    `不支持的文件类型“.${ext}”（支持 CSV、XLSX、GeoJSON、Shapefile .zip）`,
    `unsupported file type ".${ext}" (CSV, XLSX, GeoJSON, Shapefile .zip)`,
  )
}

export async function readFile(bytes: Uint8Array, fileName: string, opts: ReadOptions = {}): Promise<SourceTable> {
  const format = formatOf(fileName)
  if (bytes.byteLength === 0) throw new ImportFileError('文件是空的', 'the file is empty')
  if (bytes.byteLength > MAX_FILE_BYTES) {
    throw new ImportFileError(
      `文件 ${(bytes.byteLength / 1048576).toFixed(1)} MB，超过上限 ${MAX_FILE_BYTES / 1048576} MB，请拆分后导入`,
      `the file is ${(bytes.byteLength / 1048576).toFixed(1)} MB, over the ${MAX_FILE_BYTES / 1048576} MB limit: split it`,
    )
  }
  const table =
    format === 'csv'
      ? readCsv(bytes, opts.encoding)
      : format === 'xlsx'
        ? await readXlsx(bytes)
        : format === 'geojson'
          ? readGeoJson(bytes)
          : await readShapefileZip(bytes, opts.encoding, opts.crsFromPrj)
  return checkTable(table)
}

function checkTable(t: SourceTable): SourceTable {
  if (t.headers.every((h) => h.trim() === ''))
    throw new ImportFileError('文件没有表头（第 1 行应为列名）', 'the file has no header (row 1 holds the column names)')
  const seen = new Map<string, number>()
  t.headers.forEach((h, i) => {
    const k = h.trim()
    if (k === '') return
    if (seen.has(k)) {
      throw new ImportFileError(
        `表头有两列都叫“${k}”（第 ${seen.get(k)! + 1} 列和第 ${i + 1} 列）`,
        `two columns are both named "${k}" (columns ${seen.get(k)! + 1} and ${i + 1})`,
      )
    }
    seen.set(k, i)
  })
  if (t.rows.length === 0) throw new ImportFileError('文件只有表头，没有数据行', 'the file has a header but no data rows')
  if (t.rows.length > MAX_ROWS) {
    throw new ImportFileError(
      `文件有 ${t.rows.length} 行，超过一次导入的上限 ${MAX_ROWS} 行`,
      `the file has ${t.rows.length} rows, over the limit of ${MAX_ROWS} per import`,
    )
  }
  return t
}

const blank = (cells: (string | null)[]) => cells.every((c) => c === null || c.trim() === '')

export function readCsv(bytes: Uint8Array, encoding: EncodingChoice = 'auto'): SourceTable {
  const { text, encoding: used } = decodeText(bytes, encoding)
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  if (body.trim() === '') throw new ImportFileError('文件是空的', 'the file is empty')
  const parsed = Papa.parse<string[]>(body, { header: false, skipEmptyLines: false })
  const bad = parsed.errors.find((e) => e.type === 'Quotes')
  if (bad) {
    throw new ImportFileError(
      `CSV 第 ${(bad.row ?? 0) + 1} 行的引号没有闭合（文件可能被截断）`,
      `CSV row ${(bad.row ?? 0) + 1}: unclosed quote (the file may be truncated)`,
    )
  }
  const records = parsed.data
  const headers = (records[0] ?? []).map((h) => h.trim())
  const rows: SourceRow[] = []
  for (let i = 1; i < records.length; i++) {
    const cells = records[i]!
    if (blank(cells)) continue
    rows.push({ row: i + 1, cells })
  }
  return { format: 'csv', headers, rows, encoding: used }
}

export function readGeoJson(bytes: Uint8Array): SourceTable {
  const { text } = decodeText(bytes, 'utf-8')
  let doc: unknown
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  } catch (e) {
    throw new ImportFileError('GeoJSON 不是有效的 JSON（文件可能被截断）', 'the GeoJSON is not valid JSON (the file may be truncated)', { cause: e })
  }
  const fc = doc as GeoJSON.FeatureCollection
  if (!fc || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new ImportFileError('GeoJSON 应为 FeatureCollection', 'the GeoJSON must be a FeatureCollection')
  }
  return featuresToTable('geojson', fc.features)
}

/** Features to a table: the headers are the properties in order of first appearance; a feature's
 * row number is its position + 1 after a header row, as in its attribute table opened in Excel. */
export function featuresToTable(format: 'geojson' | 'shapefile', features: GeoJSON.Feature[]): SourceTable {
  const headers: string[] = []
  const index = new Map<string, number>()
  for (const f of features) {
    for (const k of Object.keys(f?.properties ?? {})) {
      if (!index.has(k)) {
        index.set(k, headers.length)
        headers.push(k)
      }
    }
  }
  const rows: SourceRow[] = features.map((f, i) => {
    const cells: (string | null)[] = headers.map(() => null)
    for (const [k, v] of Object.entries(f?.properties ?? {})) {
      cells[index.get(k)!] = v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : String(v)
    }
    return { row: i + 2, cells, geometry: f?.geometry ?? null }
  })
  if (headers.length === 0) headers.push('')
  return { format, headers, rows }
}
