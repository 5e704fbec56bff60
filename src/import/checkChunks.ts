// How many rows each import_check call decides. A call is one statement as the caller's role: as
// an authenticated user it must end well inside the 8 s statement timeout (hosted Supabase
// cancels it; the local PGlite gateway answers 504), on a fast server and on a slow, loaded one.
// The first call is small; each next call is sized from the measured time per row of the last
// one to take about CHECK_TARGET_MS, never more than CHECK_MAX_ROWS rows nor more than twice the
// last size; a call that timed out is retried with half as many rows (it wrote nothing: the
// statement was rolled back), down to CHECK_MIN_ROWS.

export const CHECK_FIRST_ROWS = 1000
export const CHECK_MIN_ROWS = 125
export const CHECK_MAX_ROWS = 10000
/** a quarter of the authenticated role's 8 s statement timeout */
export const CHECK_TARGET_MS = 2000

/** The next call's rows after a call of `rows` rows that took `ms`. */
export function nextCheckRows(rows: number, ms: number): number {
  const perRow = Math.max(ms, 1) / Math.max(rows, 1)
  const want = Math.floor(CHECK_TARGET_MS / perRow)
  return Math.max(CHECK_MIN_ROWS, Math.min(CHECK_MAX_ROWS, rows * 2, want))
}

/** The rows to retry with after a call of `rows` rows timed out, or null when it cannot shrink. */
export function afterTimeout(rows: number): number | null {
  return rows > CHECK_MIN_ROWS ? Math.max(CHECK_MIN_ROWS, Math.floor(rows / 2)) : null
}

/** A statement timeout as PostgREST reports it (57014) or the gateway's 504 for one. */
export function isStatementTimeout(e: { code?: string; message?: string } | null | undefined): boolean {
  return !!e && (e.code === '57014' || /statement timeout/i.test(e.message ?? ''))
}

// import_apply (the chunked commit) is sized the same way, below the database's cap of 10,000 rows
// a call (1,000 before 20270220000200): an enterprise row writes in ~0.3 ms, a hazard source with its inventory is graded by its
// trigger in ~5-12 ms on a loaded server (bench:import --native), so a fixed 1,000 could pass the
// 8 s timeout. A timed-out call wrote nothing (its transaction was rolled back) and is asked again
// with half the rows; the next calls are sized from the measured time per row.
export const APPLY_MIN_ROWS = 25
/** Smaller floors per kind: a pipeline's row recomputes its high-consequence segments in the same
 * statement (the kept-segments trigger), ~0.4 s a line at 1M protective targets under load
 * (native PostgreSQL, load 4.9, 2026-12-08: 25 lines inserted in 10.9 s, past the 8 s timeout), so
 * its calls shrink down to 5 rows (~2 s). */
export const APPLY_MIN_ROWS_BY_KIND: Readonly<Record<string, number>> = { pipelines: 5 }
/** The smallest import_apply call for a kind (APPLY_MIN_ROWS unless APPLY_MIN_ROWS_BY_KIND says less). */
export function applyMinRows(kind?: string): number {
  return (kind && APPLY_MIN_ROWS_BY_KIND[kind]) || APPLY_MIN_ROWS
}
/** The first import_apply call's rows, and the most a commit writes in one import_commit
 * transaction, per kind where the default (`fallback`, run.ts APPLY_ROWS) would pass the timeout:
 * 1,000 pipelines in one transaction would take minutes at 1M targets and be cut at 8 s, then
 * halved call by call, each cut wasting the 8 s; they start at 5 rows and grow by measured time. */
export const APPLY_FIRST_ROWS_BY_KIND: Readonly<Record<string, number>> = { pipelines: 5 }
export function applyFirstRows(kind: string | undefined, fallback: number): number {
  return (kind && APPLY_FIRST_ROWS_BY_KIND[kind]) || fallback
}
/** The most rows an adaptive import_apply call grows to (the database allows 10,000 since
 * 20270220000200). 1,000: on PGlite an enterprise row costs the same in calls of 500 or 1,000 rows
 * (0.19 / 0.37 s a call) but about twice as much in larger ones, which the time-based sizing then
 * grows to (100,000 enterprises, quiet, 2026-12-08: commit 57.7 s in 30 calls of up to ~3,300
 * rows against 38.6 s in 100 calls of 1,000 and 40.7 s in 200 of 500). */
export const APPLY_MAX_ROWS = 1000

/** The next import_apply call's rows after a call of `rows` rows that took `ms` (at most `cap`). */
export function nextApplyRows(rows: number, ms: number, cap: number, min = APPLY_MIN_ROWS): number {
  const perRow = Math.max(ms, 1) / Math.max(rows, 1)
  return Math.max(Math.min(min, cap), Math.min(cap, rows * 2, Math.floor(CHECK_TARGET_MS / perRow)))
}

/** The import_apply rows to retry with after a call of `rows` rows timed out, or null when it cannot shrink. */
export function applyAfterTimeout(rows: number, min = APPLY_MIN_ROWS): number | null {
  return rows > min ? Math.max(min, Math.floor(rows / 2)) : null
}
