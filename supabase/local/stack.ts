// startStack(): database → bootstrap → migrations → demo data → PostgREST → gateway, in one call.
// Used by `npm start` (start.ts) and by the test helpers.
import { mkdir, open, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { basename, dirname, join, resolve } from 'node:path'
import type { DbBackend, SqlExecutor } from './db.ts'
import { Gate } from './gate.ts'
import { nativeTransaction, pgliteTransaction } from './db-transaction.ts'
import { BLOBS_DDL } from './storage-routes.ts'
import { startGateway, type Gateway } from './gateway.ts'
import { ANON_KEY, DEFAULT_PORTS, JWT_SECRET, SERVICE_ROLE_KEY, type StackPorts } from './keys.ts'
import { applyBootstrap, applyMigrations } from './migrate.ts'
import { DEFAULT_DATA_DIR } from './paths.ts'
import { startPostgrest, type PostgrestProcess } from './postgrest.ts'
import { cacheTtlFromEnv } from './response-cache.ts'
import { seedIfEmpty, type SeedOptions } from './seed.ts'

export interface StackOptions {
  /** PGlite data folder, or 'memory://' (tests). Default `.data/pglite`. Ignored with databaseUrl. */
  dataDir?: string
  /** Use this native PostgreSQL instead of PGlite. */
  databaseUrl?: string
  /** Default 54321 / 54322 / 54331. PostgREST's admin server takes `postgrest + 1`. */
  ports?: Partial<StackPorts>
  /** Demo data on first run (default seed 42, scale 1); false for none. */
  seed?: SeedOptions | false
  /** Migrations folder (default supabase/migrations). */
  migrationsDir?: string
  /** The gateway's shared response cache for read RPCs (response-cache.ts), in ms; 0 = off.
   * Default: GATEWAY_CACHE_TTL_MS, else 1000. */
  cacheTtlMs?: number
  log?: (msg: string) => void
}

export interface Stack {
  /** API origin, like a Supabase project URL. */
  url: string
  anonKey: string
  serviceRoleKey: string
  jwtSecret: string
  /** Postgres wire-protocol URI (PGlite socket or DATABASE_URL), for psql. On PGlite keep such
   * sessions light and short: they share PostgREST's single backend session (see gate.ts). */
  dbUrl: string
  kind: 'pglite' | 'native'
  ports: StackPorts
  /**
   * Superuser SQL, safe at any time. On PGlite each call waits until no PostgREST request is
   * in flight and runs alone, but *between* calls requests may run: a transaction must be one
   * `exec()` script, not exec('begin') … exec('commit'). Session settings (SET …) would leak into
   * PostgREST's session on PGlite: use SET LOCAL inside such a script. Native: one pg session.
   */
  db: SqlExecutor
  /** Make PostgREST see DDL done through `db` (tables, functions, grants). */
  reloadSchema(): Promise<void>
  /** Milliseconds per start-up phase. */
  timings: Record<string, number>
  /** Stops gateway, PostgREST, socket server and database, in that order. Idempotent. */
  stop(): Promise<void>
}

/** Fail in milliseconds, not after the 10 s database start, when a port is taken. */
async function assertPortFree(port: number, what: string): Promise<void> {
  await new Promise<void>((resolvePort, reject) => {
    const probe = createServer()
    probe.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new Error(
          err.code === 'EADDRINUSE'
            ? `Port ${port} (${what}) is in use: is another local stack running? Stop it or choose other ports.`
            : `Port ${port} (${what}): ${err.message}`,
        ),
      ),
    )
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolvePort()))
  })
}

const lockPathOf = (dataDir: string): string => join(dirname(dataDir), `${basename(dataDir)}.lock`)

/** The live process using a PGlite folder (per its lock file), if any. */
export async function dataDirOwner(dataDir: string): Promise<number | null> {
  const pid = Number((await readFile(lockPathOf(resolve(dataDir)), 'utf8').catch(() => '')).trim())
  if (!(pid > 0) || pid === process.pid) return null
  try {
    process.kill(pid, 0)
    return pid
  } catch {
    return null // stale: its owner died without cleaning up
  }
}

/** Two processes on one PGlite folder would corrupt it: keep a pid file beside the folder. */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockPath = lockPathOf(dataDir)
  await mkdir(dirname(lockPath), { recursive: true })
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, 'wx')
      await handle.writeFile(String(process.pid))
      await handle.close()
      return async () => {
        await rm(lockPath, { force: true })
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const owner = await dataDirOwner(dataDir)
      if (owner) throw new Error(`${dataDir} is in use by process ${owner} (lock ${lockPath}).`, { cause: err })
      await rm(lockPath, { force: true })
    }
  }
  throw new Error(`could not lock ${dataDir}`)
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const log = opts.log ?? ((msg: string) => console.log(msg))
  const ports: StackPorts = { ...DEFAULT_PORTS, ...opts.ports }
  const adminPort = ports.postgrest + 1
  const native = Boolean(opts.databaseUrl)
  const timings: Record<string, number> = {}
  const t0 = performance.now()
  let mark = t0
  const phase = (name: string): number => {
    const now = performance.now()
    timings[name] = Math.round(now - mark)
    mark = now
    return timings[name]!
  }

  await assertPortFree(ports.gateway, 'API gateway')
  await assertPortFree(ports.postgrest, 'PostgREST')
  await assertPortFree(adminPort, 'PostgREST admin')
  if (!native) await assertPortFree(ports.db, 'database')

  // Everything started so far, stopped in reverse on failure or stop().
  const cleanups: Array<() => Promise<void>> = []
  const runCleanups = async (): Promise<void> => {
    while (cleanups.length) {
      const fn = cleanups.pop()!
      await fn().catch((err: unknown) => log(`[stack] while stopping: ${(err as Error).message}`))
    }
  }

  try {
    let backend: DbBackend
    if (native) {
      const { openNative } = await import('./native-backend.ts')
      log(`[db] connecting to native PostgreSQL (DATABASE_URL)…`)
      backend = await openNative(opts.databaseUrl!)
    } else {
      const dataDir = opts.dataDir ?? DEFAULT_DATA_DIR
      if (!dataDir.startsWith('memory://')) cleanups.push(await lockDataDir(resolve(dataDir)))
      log(`[db] starting PGlite + PostGIS (${dataDir})…`)
      // Imported lazily so the native path never loads the WebAssembly.
      const { openPglite } = await import('./pglite-backend.ts')
      backend = await openPglite({ dataDir, port: ports.db, log })
    }
    cleanups.push(() => backend.close())
    log(`[db] ${backend.describe} ready in ${seconds(phase('database'))}`)

    await applyBootstrap(backend.sql)
    const migrated = await applyMigrations(backend.sql, { dir: opts.migrationsDir, log })
    log(`[migrate] bootstrap + ${migrated.applied.length} new migration(s), ${migrated.skipped} already applied, in ${seconds(phase('migrations'))}`)

    if (opts.seed !== false) {
      const seed = opts.seed ?? { seed: 42, scale: 1 }
      const outcome = await seedIfEmpty(backend.sql, seed, log)
      if (outcome === 'seeded') log(`[seed] demo data (seed ${seed.seed}, scale ${seed.scale}) loaded in ${seconds(phase('seed'))}`)
      else phase('seed')
    }

    // In-process SQL on PGlite from here on goes through the gate (see gate.ts).
    const gate = backend.kind === 'pglite' ? new Gate(backend.inTransaction, log) : null
    const db: SqlExecutor = gate
      ? {
          query: (sql, params) => gate.exclusive(() => backend.sql.query(sql, params)),
          exec: (sql) => gate.exclusive(() => backend.sql.exec(sql)),
        }
      : backend.sql

    // Storage's bytes (storage-routes.ts): a local-only table beside the migrations' storage.objects.
    await backend.sql.exec(BLOBS_DDL)
    const storageTx = gate ? { transaction: pgliteTransaction(backend.sql, gate), close: async () => {} } : nativeTransaction(opts.databaseUrl!)
    cleanups.push(() => storageTx.close())

    await backend.serve()
    const dbUrl = backend.kind === 'pglite' ? `postgres://postgres@127.0.0.1:${ports.db}/postgres?sslmode=disable` : opts.databaseUrl!

    const postgrest: PostgrestProcess = await startPostgrest({
      dbUri: backend.postgrestUri,
      port: ports.postgrest,
      adminPort,
      pool: backend.postgrestPool,
      preparedStatements: backend.kind !== 'pglite',
      jwtSecret: JWT_SECRET,
      log,
    })
    cleanups.push(() => postgrest.stop())
    log(`[postgrest] ready on ${postgrest.url} (pid ${postgrest.pid}) in ${seconds(phase('postgrest'))}`)

    // A reload makes PostgREST drop its connection and open a new one. Hold the gate exclusively:
    // no request may be inside a transaction on the old connection when it closes (pglite-socket
    // then rolls the session's transaction back under whoever is using it).
    const reloadSchema = (): Promise<void> => (gate ? gate.exclusive(() => postgrest.reloadSchema()) : postgrest.reloadSchema())

    const gateway: Gateway = await startGateway({
      port: ports.gateway,
      postgrestUrl: postgrest.url,
      gate,
      db,
      reloadSchema,
      log,
      cacheTtlMs: opts.cacheTtlMs ?? cacheTtlFromEnv(1000),
      upstreamSockets: backend.postgrestPool + 2,
      transaction: storageTx.transaction,
    })
    cleanups.push(() => gateway.close())
    phase('gateway')
    timings.total = Math.round(performance.now() - t0)
    log(`[stack] API ready at ${gateway.url} in ${seconds(timings.total)} (${backend.kind})`)

    let stopped: Promise<void> | null = null
    return {
      url: gateway.url,
      anonKey: ANON_KEY,
      serviceRoleKey: SERVICE_ROLE_KEY,
      jwtSecret: JWT_SECRET,
      dbUrl,
      kind: backend.kind,
      ports,
      db,
      reloadSchema,
      timings,
      stop: () => (stopped ??= runCleanups()),
    }
  } catch (err) {
    await runCleanups()
    throw err
  }
}
