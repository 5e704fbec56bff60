// XLSX through read-excel-file (maintained, Node and browser, no advisories; values of formula
// cells come from the cached results), with fflate (its own dependency) to look inside the zip
// first: a truncated file, formulas and merged header cells are refused with one message each.
import { strFromU8, unzipSync } from 'fflate'
import { readSheet } from 'read-excel-file/universal'
import { ImportFileError, type SourceRow, type SourceTable } from './types.ts'

function firstSheetPath(files: Record<string, Uint8Array>): string {
  const wb = files['xl/workbook.xml']
  const rels = files['xl/_rels/workbook.xml.rels']
  if (!wb || !rels) throw new ImportFileError('不是有效的 XLSX 文件（缺少工作簿）', 'not a valid XLSX file (no workbook inside)')
  const rid = /<(?:\w+:)?sheet\b[^>]*\br:id="([^"]+)"/.exec(strFromU8(wb))?.[1]
  const relXml = strFromU8(rels)
  const target = rid ? new RegExp(`<Relationship\\b[^>]*Id="${rid}"[^>]*>`).exec(relXml)?.[0].match(/Target="([^"]+)"/)?.[1] : undefined
  if (!target) throw new ImportFileError('XLSX 文件中没有工作表', 'the XLSX file has no worksheet')
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`
}

/** "B3" → row 3. */
const rowOf = (ref: string) => Number(/\d+/.exec(ref)?.[0] ?? 0)

export function checkXlsxStructure(bytes: Uint8Array): void {
  let files: Record<string, Uint8Array>
  try {
    files = unzipSync(bytes)
  } catch (e) {
    throw new ImportFileError(
      'XLSX 文件已损坏或不完整（可能下载或复制时被截断）',
      'the XLSX file is damaged or incomplete (truncated while downloading or copying?)',
      { cause: e },
    )
  }
  const path = firstSheetPath(files)
  const sheetBytes = files[path]
  if (!sheetBytes) throw new ImportFileError('XLSX 文件中找不到第一个工作表', 'the first worksheet is missing from the XLSX file')
  const xml = strFromU8(sheetBytes)
  const formula = /<c\b[^>]*\br="([A-Z]+[0-9]+)"[^>]*>(?:(?!<\/c>).)*?<f[\s>/]/s.exec(xml)
  if (formula) {
    throw new ImportFileError(
      `工作表含有公式（如单元格 ${formula[1]}），请复制后“选择性粘贴 → 数值”再导入`,
      `the worksheet holds formulas (e.g. cell ${formula[1]}): copy and paste as values, then import`,
    )
  }
  for (const m of xml.matchAll(/<mergeCell\b[^>]*\bref="([A-Z]+[0-9]+):([A-Z]+[0-9]+)"/g)) {
    if (rowOf(m[1]!) <= 1) {
      throw new ImportFileError(
        `表头有合并单元格（${m[1]}:${m[2]}），第 1 行应为每列一个列名`,
        `the header has merged cells (${m[1]}:${m[2]}): row 1 must hold one name per column`,
      )
    }
  }
}

const cellText = (v: unknown): string | null => {
  if (v === null || v === undefined) return null
  if (v instanceof Date) return v.toISOString().slice(0, 10)
  return String(v)
}

export async function readXlsx(bytes: Uint8Array): Promise<SourceTable> {
  checkXlsxStructure(bytes)
  let data: unknown[][]
  try {
    const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
    data = (await readSheet(buf, { trim: false })) as unknown[][]
  } catch (e) {
    throw new ImportFileError('无法读取 XLSX 文件', 'cannot read the XLSX file', { cause: e })
  }
  if (data.length === 0) throw new ImportFileError('工作表是空的', 'the worksheet is empty')
  const headers = (data[0] ?? []).map((h) => (cellText(h) ?? '').trim())
  const rows: SourceRow[] = []
  for (let i = 1; i < data.length; i++) {
    const cells = (data[i] ?? []).map(cellText)
    if (cells.every((c) => c === null || c.trim() === '')) continue
    rows.push({ row: i + 1, cells })
  }
  return { format: 'xlsx', headers, rows }
}
