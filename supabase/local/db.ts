// The one database interface the stack, the migrations runner and the demo-data loader share,
// whichever Postgres answers (PGlite in-process, or native PostgreSQL through `pg`).

/** Minimal SQL access. `query` runs one statement (with $1… parameters); `exec` runs a script
 * of any number of statements without parameters (simple query protocol). */
export type SqlExecutor = {
  query<T = any>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>
  exec(sql: string): Promise<void>
}

/** A started database backend as stack.ts needs it. */
export interface DbBackend {
  readonly kind: 'pglite' | 'native'
  /** Direct access. For PGlite only safe while nothing else uses the database (before
   * `serve()`, or under the gateway's exclusive gate: see stack.ts). */
  readonly sql: SqlExecutor
  /** Start accepting Postgres wire-protocol connections (no-op for native). */
  serve(): Promise<void>
  /** libpq URI PostgREST connects with. */
  readonly postgrestUri: string
  /** PostgREST's pool size: PGlite has a single backend session, native has many. */
  readonly postgrestPool: number
  /** PGlite: whether its one session is inside a transaction block now (see gate.ts). */
  readonly inTransaction?: () => boolean
  /** Human-readable location, for logs. */
  readonly describe: string
  close(): Promise<void>
}

/** Fields both pg's and PGlite's DatabaseError carry. */
type PgErrorLike = { message?: string; position?: string; where?: string; detail?: string; hint?: string; code?: string }

/** 1-based line and column of a 1-based character offset in `text`. */
export function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, position - 1))
  const lines = before.split('\n')
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 }
}

/** One readable line (plus context lines) for a Postgres error raised by `sqlText`. */
export function describePgError(err: unknown, sqlText?: string): string {
  const e = (err ?? {}) as PgErrorLike
  const parts = [e.code ? `${e.message} (SQLSTATE ${e.code})` : String(e.message ?? err)]
  const pos = e.position ? Number(e.position) : NaN
  if (sqlText && Number.isFinite(pos)) {
    const { line, column } = lineAndColumn(sqlText, pos)
    const src = sqlText.split('\n')[line - 1] ?? ''
    parts.push(`at line ${line}, column ${column}: ${src.trim()}`)
  }
  if (e.detail) parts.push(`detail: ${e.detail}`)
  if (e.hint) parts.push(`hint: ${e.hint}`)
  if (e.where) parts.push(`where: ${e.where}`)
  return parts.join('\n  ')
}
