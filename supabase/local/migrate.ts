// Applies supabase/local/bootstrap.sql and then supabase/migrations/*.sql the way the Supabase
// CLI does: filename order, one transaction per file, history in
// supabase_migrations.schema_migrations, already-applied versions skipped.
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { BOOTSTRAP_SQL, MIGRATIONS_DIR } from './paths.ts'
import { describePgError, type SqlExecutor } from './db.ts'

/** A migration (or the bootstrap) failed; start-up must stop. */
export class MigrationError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super(`Migration ${file} failed:\n  ${detail}`)
    this.name = 'MigrationError'
  }
}

/** Supabase CLI file naming: `<version>_<name>.sql`, version digits. */
const MIGRATION_FILE = /^(\d+)_(.+)\.sql$/

export interface MigrationFile {
  file: string
  version: string
  name: string
  path: string
}

export async function listMigrations(dir: string = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }
  return names
    .filter((n) => MIGRATION_FILE.test(n))
    .sort() // filename order == version order for fixed-width timestamps, as the CLI assumes
    .map((file) => {
      const [, version, name] = MIGRATION_FILE.exec(file)!
      return { file, version: version!, name: name!, path: join(dir, file) }
    })
}

/** What Supabase provides before any migration (roles, auth schema…). Idempotent. */
export async function applyBootstrap(db: SqlExecutor, path: string = BOOTSTRAP_SQL): Promise<void> {
  const sql = await readFile(path, 'utf8')
  try {
    await db.exec(sql)
  } catch (err) {
    throw new MigrationError('supabase/local/bootstrap.sql', describePgError(err, sql))
  }
}

export interface MigrateResult {
  applied: string[]
  skipped: number
  /** Applied earlier, but the file differs now (not re-applied). */
  changed: string[]
}

export async function applyMigrations(db: SqlExecutor, opts: { dir?: string; log?: (msg: string) => void } = {}): Promise<MigrateResult> {
  const log = opts.log ?? (() => {})
  const files = await listMigrations(opts.dir)
  const { rows } = await db.query<{ version: string; statements: string[] | null }>('select version, statements from supabase_migrations.schema_migrations')
  const done = new Map(rows.map((r) => [r.version, r.statements]))
  // A database built from migrations that are no longer in the folder (the baseline squash of
  // 2026-12-04 replaced them) cannot take the newer files on top: say so instead of failing
  // on the first `create table` that already exists.
  const known = new Set(files.map((m) => m.version))
  const gone = [...done.keys()].filter((v) => !known.has(v)).sort()
  if (gone.length > 0 && files.some((m) => !done.has(m.version))) {
    throw new MigrationError(
      gone[0]!,
      `this database was built from ${gone.length} migration(s) no longer in supabase/migrations (e.g. ${gone[0]}), ` +
        'replaced by the baseline; rebuild it once (npm start -- --reset, or a fresh database)',
    )
  }
  const result: MigrateResult = { applied: [], skipped: 0, changed: [] }

  for (const m of files) {
    const sql = await readFile(m.path, 'utf8')
    if (done.has(m.version)) {
      result.skipped++
      // Like the Supabase CLI we never re-apply a version; but an edited file would silently
      // not take effect on an existing data folder, so say so.
      const recorded = done.get(m.version)
      if (recorded && recorded.length === 1 && recorded[0] !== sql) {
        result.changed.push(m.file)
        log(`[migrate] WARNING: ${m.file} changed after it was applied here; it is not re-run (start with --reset to rebuild the database)`)
      }
      continue
    }
    const started = performance.now()
    // The file runs as one script (simple query protocol) inside our transaction, so a failing
    // statement leaves nothing behind and the error position maps onto the file's own text.
    await db.exec('begin')
    try {
      await db.exec(sql)
    } catch (err) {
      await db.exec('rollback').catch(() => {})
      throw new MigrationError(m.file, describePgError(err, sql))
    }
    try {
      // The CLI stores the statements one per element; we keep the file as one element
      // rather than re-implement its SQL splitter (nothing reads this column back).
      await db.query('insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)', [m.version, m.name, [sql]])
      await db.exec('commit')
    } catch (err) {
      await db.exec('rollback').catch(() => {})
      throw new MigrationError(m.file, describePgError(err))
    }
    result.applied.push(m.file)
    log(`[migrate] ${m.file} applied in ${Math.round(performance.now() - started)} ms`)
  }
  return result
}
