// One import from bytes to a report, through a Supabase client (supabase-js, as the caller's role):
// read → map → check rows here → stage in chunks → dry run in the database (verdict per row) →
// commit in one transaction. The page's Web Worker and the CLI both call runImport.
import { applyTemplate, autoMap, type Mapping, type MappingTemplate } from './mapping.ts'
import { readFile } from './read.ts'
import { refLists, type RefItem, type RefLists } from './refs.ts'
import { GEOM_COLUMN, identityToWgs84, prepareRows, type StagedRow } from './validate.ts'
import { buildVerdictPoints, pointOfEwkt, readVerdicts, type VerdictPoints } from './verdictPoints.ts'
import { splitOversizeRows } from './stageSize.ts'
import { LINE_KINDS } from './fields.ts'
import type { EncodingChoice } from './encoding.ts'
import { nameErrorColumns, type FileColumns } from './errorColumns.ts'
import { ImportFileError, type CrsId, type ImportKind, type RowError, type ToWgs84 } from './types.ts'
import {
  afterTimeout,
  applyAfterTimeout,
  applyFirstRows,
  APPLY_MAX_ROWS,
  applyMinRows,
  CHECK_FIRST_ROWS,
  isStatementTimeout,
  nextApplyRows,
  nextCheckRows,
} from './checkChunks.ts'

/** The part of a SupabaseClient the pipeline uses. */
export interface ImportClient {
  rpc(fn: string, args: Record<string, unknown>): PromiseLike<{ data: unknown; error: { message: string; code?: string } | null }>
  from(table: string): { select(cols: string): ImportQuery }
}
interface ImportQuery extends PromiseLike<{ data: unknown; error: { message: string } | null }> {
  eq(column: string, value: string): ImportQuery
  gt(column: string, value: number): ImportQuery
  limit(n: number): ImportQuery
  order(column: string): ImportQuery
  range(from: number, to: number): ImportQuery
}

/** One import_stage request: at most this many rows and bytes of JSON (the API caps bodies at 4 MB). */
export const STAGE_ROWS = 10000
export const STAGE_BYTES = 2 * 1024 * 1024
/** Rows of the first import_check request; the next ones are sized by measured time (checkChunks.ts). */
export const CHECK_CHUNK = CHECK_FIRST_ROWS
/**
 * A commit writing more rows than this goes in bounded calls (import_apply … import_finish,
 * import_rollback on failure), each well inside the authenticated role's 8 s statement timeout; a
 * smaller one is one import_commit transaction. Also the first import_apply call's rows: the next
 * ones are sized by measured time up to APPLY_MAX_ROWS (checkChunks.ts); rollback and undo steps.
 */
export const APPLY_ROWS = 1000

export interface ImportOptions {
  kind: ImportKind
  fileName: string
  bytes: Uint8Array
  /** 'auto': a Shapefile's .prj, else WGS-84 (GeoJSON is WGS-84 by RFC 7946) */
  crs?: CrsId | 'auto'
  encoding?: EncodingChoice
  template?: MappingTemplate
  mapping?: Mapping
  dryRun?: boolean
  skipErrors?: boolean
  /** The CRS transform (src/geo/crs.ts's toWgs84 once merged); default: WGS-84/CGCS2000 only. */
  toWgs84?: ToWgs84
  /** A Shapefile's .prj → CRS (src/geo/crs.ts's crsFromPrj); default: geographic WGS-84/CGCS2000 only. */
  crsFromPrj?: (prj: string) => CrsId | null
  onProgress?: (phase: 'read' | 'stage' | 'check' | 'map' | 'commit', done: number, total: number) => void
  signal?: AbortSignal
  /** a dry run also returns the verdict map's points (`report.points`; the page asks, the CLI does not) */
  verdictPoints?: boolean
  /** rows per import_check / import_apply call (default: import_check sized by measured time, see
   * checkChunks.ts, and APPLY_ROWS; the database caps them); a given checkRows is used as is */
  checkRows?: number
  applyRows?: number
}

export interface ImportReport {
  rows: number
  inserted: number
  updated: number
  unchanged: number
  errors: RowError[]
  crs: CrsId
  run_id: string | null
  committed: boolean
  mapping: Mapping
  encoding?: string
  /** the rows refused before staging (by the reader and the row checks), part of `errors` */
  client_errors: RowError[]
  /** the dry run's points coloured by verdict (when asked with `verdictPoints`) */
  points?: VerdictPoints
  /** the kind and the file's columns, to name the database's error columns as the file does */
  kind?: ImportKind
  file?: FileColumns
  /** the highest row number staged (the chunked commit's last range) */
  last_row?: number
}

export class ImportDbError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message)
  }
}

async function call<T>(client: ImportClient, fn: string, args: Record<string, unknown>): Promise<T> {
  const { data, error } = await client.rpc(fn, args)
  if (error) throw new ImportDbError(`${fn}: ${error.message}`, error.code)
  return data as T
}

export async function loadRefLists(client: ImportClient): Promise<RefLists> {
  const get = async (table: string, cols: string): Promise<RefItem[]> => {
    const { data, error } = await client.from(table).select(cols)
    if (error) throw new ImportDbError(`${table}: ${error.message}`)
    return data as RefItem[]
  }
  return refLists({
    industries: await get('industries', 'code, name_zh, name_en'),
    protective_target_types: await get('protective_target_types', 'code, name_zh, name_en, default_class'),
    risk_point_categories: await get('risk_point_categories', 'code, name_zh, name_en'),
  })
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const d = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

interface Counts {
  insert: number
  update: number
  unchanged: number
  error: number
  errors: RowError[]
}

function rethrow(e: unknown): never {
  throw e
}

/**
 * The counts of a run the database shows as committed, or null when it is not. The run's own
 * errors are the staged rows it kept with verdict 'error' (the client's own errors are added by
 * the caller).
 */
export async function committedRun(client: ImportClient, runId: string): Promise<Counts | null> {
  const runs = await client.from('import_runs').select('id, status, inserted, updated, unchanged').eq('id', runId)
  if (runs.error) return null
  const run = (runs.data as { status: string; inserted: number; updated: number; unchanged: number }[])[0]
  if (!run || run.status !== 'committed') return null
  const errors: RowError[] = []
  // pages of 1000, the API's row cap
  for (let from = 0; ; from += 1000) {
    const page = await client
      .from('import_rows')
      .select('row_no, error_column, error_message')
      .eq('run_id', runId)
      .eq('verdict', 'error')
      .order('row_no')
      .range(from, from + 999)
    if (page.error) throw new ImportDbError(`import_rows: ${page.error.message}`)
    const rows = page.data as { row_no: number; error_column: string | null; error_message: string | null }[]
    for (const r of rows) errors.push({ row: r.row_no, column: r.error_column ?? '', message: r.error_message ?? '' })
    if (rows.length < 1000) break
  }
  return { insert: run.inserted, update: run.updated, unchanged: run.unchanged, error: errors.length, errors }
}

export async function runImport(client: ImportClient, o: ImportOptions): Promise<ImportReport> {
  const abort = () => {
    if (o.signal?.aborted) throw new ImportFileError('导入已取消', 'the import was cancelled')
  }
  o.onProgress?.('read', 0, 1)
  const table = await readFile(o.bytes, o.fileName, { encoding: o.encoding, crsFromPrj: o.crsFromPrj })
  const crs: CrsId = !o.crs || o.crs === 'auto' ? ((table.prj as CrsId | undefined) ?? 'wgs84') : o.crs
  if (table.format === 'shapefile' && (!o.crs || o.crs === 'auto') && !table.prj) {
    throw new ImportFileError('Shapefile 没有可识别的 .prj：请指定坐标系（--crs）', 'the Shapefile has no recognisable .prj: choose the CRS (--crs)')
  }
  const mapping = o.mapping ?? (o.template ? applyTemplate(o.kind, table.headers, o.template) : autoMap(o.kind, table.headers))
  const refs = await loadRefLists(client)
  const prepared = prepareRows(table, { kind: o.kind, mapping, refs, crs, toWgs84: o.toWgs84 ?? identityToWgs84 })
  const file: FileColumns = { headers: table.headers, geometry: table.rows.some((r) => r.geometry) }
  // a row over import_stage's bound would refuse the whole call: it is refused here by its row
  // number (and still shown on the verdict map where its geometry is), the others are staged
  const sized = splitOversizeRows(o.kind, prepared.rows, mapping, file)
  if (sized.errors.length) {
    prepared.rows = sized.rows
    prepared.errors = [...prepared.errors, ...sized.errors].sort((a, b) => a.row - b.row)
    for (const r of sized.refused) {
      const at = pointOfEwkt(String(r.data[GEOM_COLUMN[o.kind]] ?? ''))
      if (at) prepared.errorAt.set(r.row, at)
    }
  }
  abort()

  const runId = await call<string>(client, 'import_begin', {
    kind: o.kind,
    file_name: o.fileName.split(/[\\/]/).pop()!.slice(0, 255),
    file_sha256: await sha256Hex(o.bytes),
    crs,
    total_rows: prepared.total,
  })
  const staged: StagedRow[] = prepared.rows
  for (let i = 0; i < staged.length;) {
    abort()
    const chunk: { row: number; data: StagedRow['data'] }[] = []
    let bytes = 0
    while (i < staged.length && chunk.length < STAGE_ROWS) {
      const r = staged[i]!
      const size = JSON.stringify(r.data).length * 3 + 32 // UTF-8: at most 3 bytes a UTF-16 unit
      if (chunk.length > 0 && bytes + size > STAGE_BYTES) break
      chunk.push({ row: r.row, data: r.data })
      bytes += size
      i++
    }
    await call(client, 'import_stage', { run_id: runId, rows: chunk })
    o.onProgress?.('stage', i, staged.length)
  }

  const counts: Counts = { insert: 0, update: 0, unchanged: 0, error: 0, errors: [] }
  const lastRow = staged.length ? staged[staged.length - 1]!.row : 0
  o.onProgress?.('check', 0, lastRow)
  // ranges of row numbers; a range that timed out wrote nothing and is asked again, halved
  let checkRows = o.checkRows ?? CHECK_CHUNK
  for (let lo = 0; lo <= lastRow && staged.length;) {
    abort()
    const started = Date.now()
    let c: Counts
    try {
      c = await call<Counts>(client, 'import_check', { run_id: runId, from_row: lo, to_row: lo + checkRows - 1 })
    } catch (e) {
      const smaller = o.checkRows ? null : isStatementTimeout(e as ImportDbError) ? afterTimeout(checkRows) : null
      if (smaller === null) throw e
      checkRows = smaller
      continue
    }
    counts.insert += c.insert
    counts.update += c.update
    counts.unchanged += c.unchanged
    counts.error += c.error
    counts.errors.push(...c.errors)
    lo += checkRows
    o.onProgress?.('check', Math.min(lo, lastRow), lastRow)
    if (!o.checkRows) checkRows = nextCheckRows(checkRows, Date.now() - started)
  }
  const dbErrors = nameErrorColumns(o.kind, mapping, file, counts.errors)
  const errors = [...prepared.errors, ...dbErrors].sort((a, b) => a.row - b.row)
  const report: ImportReport = {
    rows: prepared.total,
    inserted: counts.insert,
    updated: counts.update,
    unchanged: counts.unchanged,
    errors,
    crs,
    run_id: runId,
    committed: false,
    mapping,
    encoding: table.encoding,
    client_errors: prepared.errors,
    kind: o.kind,
    file,
    last_row: lastRow,
  }
  if (o.verdictPoints && o.dryRun) {
    abort()
    const verdicts = await readVerdicts(client, runId, (n) => o.onProgress?.('map', n, staged.length))
    const refused = prepared.errors.map((e) => ({ row: e.row, at: prepared.errorAt.get(e.row) ?? null }))
    report.points = buildVerdictPoints(staged, GEOM_COLUMN[o.kind], (row) => verdicts.get(row), refused, { paths: LINE_KINDS.has(o.kind) })
  }
  if (o.dryRun || (errors.length > 0 && !o.skipErrors)) return report

  abort()
  o.onProgress?.('commit', 0, 1)
  const committed = await commitImport(client, report, !!o.skipErrors, (done, total) => o.onProgress?.('commit', done, total), o.applyRows)
  o.onProgress?.('commit', 1, 1)
  return committed
}

/**
 * Commits a run that a dry run staged and checked (the page commits the run the user looked at
 * instead of staging the file again). The database decides keys and differences again and
 * refuses while rows have errors, unless skipErrors. A file of up to APPLY_ROWS rows (pipelines: 5,
 * checkChunks.ts applyFirstRows): one import_commit transaction; more: import_apply in ranges of APPLY_ROWS rows, then import_finish,
 * and on any failure import_rollback until nothing of the run is written.
 */
export async function commitImport(
  client: ImportClient,
  report: ImportReport,
  skipErrors: boolean,
  onProgress?: (done: number, total: number) => void,
  /** rows per import_apply call, used as is; default: APPLY_ROWS, sized by measured time (checkChunks.ts) */
  fixedApplyRows?: number,
): Promise<ImportReport> {
  const applyRows = fixedApplyRows ?? applyFirstRows(report.kind, APPLY_ROWS)
  if (!report.run_id) throw new ImportDbError('import_commit: the report names no run')
  const runId = report.run_id
  const lastRow = report.last_row ?? report.rows + 1
  let done: Counts
  try {
    // by the rows the commit decides again (every staged row), not only those it writes
    if (lastRow - 1 <= applyRows) {
      try {
        done = await call<Counts>(client, 'import_commit', { run_id: runId, skip_errors: skipErrors, client_errors: report.client_errors.length })
      } catch (e) {
        // one transaction that timed out wrote nothing: the same rows in smaller calls
        const smaller =
          fixedApplyRows === undefined && isStatementTimeout(e as ImportDbError) ? applyAfterTimeout(Math.max(lastRow - 1, 1), applyMinRows(report.kind)) : null
        if (smaller === null) throw e
        done = await commitInChunks(client, runId, lastRow, skipErrors, report.client_errors.length, smaller, true, onProgress, applyMinRows(report.kind))
      }
    } else {
      done = await commitInChunks(
        client,
        runId,
        lastRow,
        skipErrors,
        report.client_errors.length,
        applyRows,
        fixedApplyRows === undefined,
        onProgress,
        applyMinRows(report.kind),
      )
    }
  } catch (e) {
    // An answer lost on the way (a gateway timeout, a dropped connection) says nothing about the
    // transaction: ask the run itself before reporting a failure.
    done = (await committedRun(client, runId)) ?? rethrow(e)
  }
  return {
    ...report,
    inserted: done.insert,
    updated: done.update,
    unchanged: done.unchanged,
    errors: [...report.client_errors, ...(report.kind ? nameErrorColumns(report.kind, report.mapping, report.file, done.errors) : done.errors)].sort(
      (a, b) => a.row - b.row,
    ),
    committed: true,
  }
}

async function commitInChunks(
  client: ImportClient,
  runId: string,
  lastRow: number,
  skipErrors: boolean,
  clientErrors: number,
  applyRows: number,
  /** size calls by measured time (the first applyRows, then at most APPLY_MAX_ROWS) and halve a timed-out one; else applyRows as is */
  adaptive: boolean,
  onProgress?: (done: number, total: number) => void,
  /** the smallest call for the run's kind (checkChunks.ts applyMinRows) */
  minRows?: number,
): Promise<Counts> {
  try {
    // a range that timed out wrote nothing and is asked again, halved
    let rows = applyRows
    for (let lo = 2; lo <= lastRow;) {
      const hi = Math.min(lo + rows - 1, lastRow)
      const started = Date.now()
      const n = hi - lo + 1
      try {
        await call(client, 'import_apply', { run_id: runId, from_row: lo, to_row: hi, skip_errors: skipErrors, client_errors: clientErrors })
      } catch (e) {
        const smaller = adaptive && isStatementTimeout(e as ImportDbError) ? applyAfterTimeout(rows, minRows) : null
        if (smaller === null) throw e
        rows = smaller
        continue
      }
      onProgress?.(hi, lastRow)
      lo = hi + 1
      if (adaptive) rows = nextApplyRows(n, Date.now() - started, APPLY_MAX_ROWS, minRows)
    }
    await call(client, 'import_finish', { run_id: runId })
  } catch (e) {
    if (await committedRun(client, runId).catch(() => null)) throw e // finished after all: the caller reads it
    // undo what was written; should the undo fail too (the network is gone), the database undoes
    // a run left half-applied at the next import_begin after 5 minutes
    await rollbackRun(client, runId, applyRows).catch(() => {})
    throw e
  }
  // the finished run's counts and the error rows it kept
  return (await committedRun(client, runId)) ?? rethrow(new ImportDbError('import_finish: the run is not committed'))
}

/**
 * Undoes whatever a chunked commit of the run wrote, in bounded calls, until nothing remains.
 * A run whose client is gone is undone by the database itself (import_begin, after 5 minutes).
 */
export async function rollbackRun(client: ImportClient, runId: string, maxRows = APPLY_ROWS): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    const remaining = await call<number>(client, 'import_rollback', { run_id: runId, max_rows: Math.min(maxRows, APPLY_ROWS) })
    if (remaining === 0) return
  }
}
