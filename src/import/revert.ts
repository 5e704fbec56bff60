// Undo a committed import run (issue 14; migration 20270129000100_import_revert.sql): import_revert
// in bounded calls (≤ APPLY_ROWS records each, the last row first) until the run is 'reverted'.
// A refusal (a record changed since, an inserted record now referenced, a later run of the same
// kind wrote it, a run not committed or already reverted) comes back as the database's message,
// Chinese first, to be shown as is; the database changed nothing and recorded the refusal.
import { APPLY_ROWS, ImportDbError, type ImportClient } from './run.ts'
import type { Functions } from '../contract/dbTypes.ts'

export interface RevertProblem {
  row: number
  id: string
  name: string | null
  reason: string
}

interface RevertAnswer {
  status: 'reverting' | 'reverted' | 'refused'
  deleted?: number
  restored?: number
  remaining?: number
  message?: string
  problems?: RevertProblem[]
}

/** The database refused the undo: `message` is its text (Chinese / English), shown as is. */
export class ImportRevertRefused extends Error {
  constructor(
    message: string,
    readonly problems: RevertProblem[],
  ) {
    super(message)
  }
}

export interface RevertResult {
  deleted: number
  restored: number
  calls: number
}

/**
 * Reverts run `runId`: calls import_revert until nothing of the run remains. `total` (the run's
 * inserted + updated) sizes the progress; `onProgress(done, total)` after each call.
 */
export async function revertRun(
  client: ImportClient,
  runId: string,
  total: number,
  onProgress?: (done: number, total: number) => void,
  maxRows = APPLY_ROWS,
): Promise<RevertResult> {
  const step = Math.max(1, Math.min(maxRows, APPLY_ROWS))
  const out: RevertResult = { deleted: 0, restored: 0, calls: 0 }
  // each call undoes ≥ 1 record or refuses: the run's size bounds the calls (plus the last one)
  const limit = Math.ceil(Math.max(total, 1) / step) + 2
  onProgress?.(0, total)
  while (out.calls < limit) {
    const { data, error } = await client.rpc('import_revert', { run_id: runId, max_rows: step })
    out.calls++
    if (error) throw new ImportDbError(error.message, error.code)
    const a = data as RevertAnswer
    if (a.status === 'refused') throw new ImportRevertRefused(a.message ?? '', a.problems ?? [])
    out.deleted += a.deleted ?? 0
    out.restored += a.restored ?? 0
    onProgress?.(out.deleted + out.restored, Math.max(total, out.deleted + out.restored + (a.remaining ?? 0)))
    if (a.status === 'reverted') return out
  }
  throw new ImportDbError(`import_revert: run ${runId} not reverted after ${out.calls} calls`)
}

/** The row of import_runs_recent (20270131000100): a past run and what undo the page may offer. */
export type RecentRun = Functions['import_runs_recent']['Row']

/** The caller's visible runs past the dry run, newest first (at most 20: the RPC's bound). */
export async function recentRuns(client: ImportClient, maxItems: number): Promise<RecentRun[]> {
  const { data, error } = await client.rpc('import_runs_recent', { max_items: maxItems })
  if (error) throw new ImportDbError(error.message, error.code)
  return data as RecentRun[]
}
