// Loads the generated demo city into a database without demo rows (PGlite in-process or
// PostgreSQL via pg): tables in dependency order, multi-row INSERTs of up to 2,000 rows, each
// table analysed once loaded, the demo users last. One transaction per table when the caller
// has none open; inside the caller's transaction (the embedded stack wraps the first-run seed
// in one, so a failure leaves no half city) it adds none of its own.
import { describePgError } from '../local/db.ts'
import type { SqlExecutor } from './sql-executor.ts'
import { generateCity, type GenerateOptions } from './generate.ts'
import { ANALYZE_UNANALYSED_SQL, DEMO_PRESENT_SQL, chunks, demoUsersSql, insertSql } from './sql.ts'

export interface LoadOptions extends GenerateOptions {
  log?: (message: string) => void
  /** Rows per INSERT statement (default 2,000; big polygons use fewer). */
  chunkSize?: number
}

// Area polygons are large (a coastal street is thousands of vertices): smaller statements.
const CHUNK_OVERRIDE: Record<string, number> = { areas: 200 }

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

/**
 * Outside a transaction block every statement runs in its own transaction, which starts with
 * the statement, so now() (transaction start) equals statement_timestamp(); after an explicit
 * BEGIN they differ.
 */
async function inTransactionBlock(db: SqlExecutor): Promise<boolean> {
  const { rows } = await db.query<{ fresh: boolean }>('select now() = statement_timestamp() as fresh')
  return !rows[0]?.fresh
}

export async function loadDemo(db: SqlExecutor, opts: LoadOptions): Promise<void> {
  const log = opts.log ?? (() => {})
  const started = performance.now()
  const { rows: present } = await db.query<{ present: boolean }>(DEMO_PRESENT_SQL)
  if (present[0]?.present) {
    throw new Error(
      '[seed] this database already holds demo data. Hidden-danger history is append-only, so demo rows are not ' +
        'deleted in place: load into a fresh database (supabase db reset, or remove .data/pglite for the embedded stack).',
    )
  }
  const city = generateCity(opts)
  log(`[seed] generated the skeleton of seed ${city.seed}, scale ${city.scale} in ${seconds(performance.now() - started)}`)

  const ownTransactions = !(await inTransactionBlock(db))
  const inTransaction = async (work: () => Promise<void>) => {
    if (!ownTransactions) return work()
    await db.exec('begin')
    try {
      await work()
      await db.exec('commit')
    } catch (err) {
      await db.exec('rollback').catch(() => {})
      throw err
    }
  }

  const run = async (what: string, sql: string) => {
    try {
      await db.exec(sql)
    } catch (err) {
      throw new Error(`[seed] ${what} failed: ${describePgError(err, sql.length < 20_000 ? sql : undefined)}`, { cause: err })
    }
  }

  let t = performance.now()
  await run('analyze', ANALYZE_UNANALYSED_SQL)
  log(`[seed] statistics of the reference tables in ${seconds(performance.now() - t)}`)

  for (const table of city.tables) {
    t = performance.now()
    const size = CHUNK_OVERRIDE[table.table] ?? opts.chunkSize ?? 2000
    let n = 0
    let nextReport = 100_000
    await inTransaction(async () => {
      for (const rows of chunks(table.rows(), size)) {
        await run(`inserting ${table.table} rows ${n + 1}–${n + rows.length}`, insertSql(table.table, table.columns, rows))
        n += rows.length
        if (n >= nextReport) {
          log(`[seed]   ${table.table}: ${n.toLocaleString('en')} rows, ${seconds(performance.now() - t)}`)
          nextReport += 100_000
        }
      }
      // Fresh statistics before the next tables' triggers query this one.
      await run(`analyze ${table.table}`, `analyze public.${table.table};`)
    })
    log(`[seed] ${table.table}: ${n.toLocaleString('en')} rows in ${seconds(performance.now() - t)}`)
  }

  t = performance.now()
  await inTransaction(() => run('creating the demo users', demoUsersSql()))
  log(`[seed] demo users in ${seconds(performance.now() - t)}`)
  log(`[seed] done in ${seconds(performance.now() - started)}`)
}
