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
