// A staged row's size, checked before import_stage. The database refuses a whole import_stage call
// when one row's data is over its kind's bound (1 MB for a line, 64 KB for every other kind:
// 20270127000100_import_pipelines.sql), so one oversized polygon would stop the file; the client
// refuses that row by its row number and column instead and stages the others. The server's check
// stays (defence): this one measures the same thing, octet_length(data::text) of the jsonb.
import { fileColumnName, type FileColumns } from './errorColumns.ts'
import type { Mapping } from './mapping.ts'
import type { ImportKind, RowError } from './types.ts'
import type { Cell, StagedRow } from './validate.ts'

/** import_stage's bound on one row's data, in bytes (as the migration's `cap`). */
export function stageRowCap(kind: ImportKind): number {
  return kind === 'pipelines' ? 1024 * 1024 : 64 * 1024
}

const utf8 = new TextEncoder()
const bytesOf = (s: string) => utf8.encode(s).length

/**
 * Bytes of `data::text` for the jsonb the database stores: PostgreSQL writes an object as
 * `{"k": v, "k2": v2}` (a space after each colon and comma), strings escaped as JSON does, in
 * UTF-8. Numbers are written as JavaScript writes them (the same for the values a row holds).
 */
export function stagedBytes(data: Record<string, Cell>): number {
  const entries = Object.entries(data).filter(([, v]) => v !== undefined)
  if (entries.length === 0) return 2
  let n = 2 + 2 * (entries.length - 1) // braces; ", " between entries
  for (const [k, v] of entries) n += bytesOf(JSON.stringify(k)) + 2 + bytesOf(JSON.stringify(v)) // key, ": ", value
  return n
}

const group = (n: number) => n.toLocaleString('en-US')
const capText = (cap: number) => (cap >= 1024 * 1024 ? `${cap / (1024 * 1024)} MB` : `${cap / 1024} KB`)

/**
 * Splits staged rows into those import_stage takes and a row error for each one over the kind's
 * bound, naming its largest value's column (the geometry, in practice) as the file names it.
 */
export function splitOversizeRows(
  kind: ImportKind,
  rows: readonly StagedRow[],
  mapping: Mapping,
  file: FileColumns,
): { rows: StagedRow[]; errors: RowError[]; refused: StagedRow[] } {
  const cap = stageRowCap(kind)
  const keep: StagedRow[] = []
  const errors: RowError[] = []
  const refused: StagedRow[] = []
  for (const r of rows) {
    // cheap first: a row far below the bound needs no exact count (3 bytes a UTF-16 unit at most)
    if (JSON.stringify(r.data).length * 3 + 4 * Object.keys(r.data).length <= cap) {
      keep.push(r)
      continue
    }
    const bytes = stagedBytes(r.data)
    if (bytes <= cap) {
      keep.push(r)
      continue
    }
    let largest = ''
    let most = -1
    for (const [k, v] of Object.entries(r.data)) {
      const b = v === null ? 4 : bytesOf(String(v))
      if (b > most) [largest, most] = [k, b]
    }
    errors.push({
      row: r.row,
      column: fileColumnName(kind, mapping, file, largest),
      message:
        `这一行的数据过大：${group(bytes)} 字节，上限 ${group(cap)} 字节（${capText(cap)}），请简化几何（减少顶点）或拆分 / ` +
        `the row is too large: ${group(bytes)} bytes, at most ${group(cap)} (${capText(cap)}); simplify the geometry (fewer vertices) or split it`,
    })
    refused.push(r)
  }
  return { rows: keep, errors, refused }
}
