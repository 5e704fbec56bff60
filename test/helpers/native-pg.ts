// A throw-away native PostgreSQL 15 + PostGIS cluster for parity tests (the server Supabase
// runs), from the Debian packages postgresql-15 and postgresql-15-postgis-3. Returns null when
// they are not installed, so callers can skip with a reason; CI installs them.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chown, mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { canUsePdeathsig, spawnTied, stopChild } from '../../supabase/local/children.ts'

const run = promisify(execFile)

export const PG_BIN = '/usr/lib/postgresql/15/bin'
const POSTGIS_CONTROL = '/usr/share/postgresql/15/extension/postgis.control'
const PGCRYPTO_CONTROL = '/usr/share/postgresql/15/extension/pgcrypto.control'
/** Debian's postgresql-15-cron: when present the cluster preloads pg_cron (hosted Supabase has it). */
export const PG_CRON_LIB = '/usr/lib/postgresql/15/lib/pg_cron.so'

export interface NativePostgres {
  /** postgres://postgres@127.0.0.1:<port>/<db> (trust authentication). */
  databaseUrl: string
  stop(): Promise<void>
}

/** Why native PostgreSQL can't run here, or null when it can. */
export function nativePostgresUnavailable(): string | null {
  for (const f of [`${PG_BIN}/initdb`, `${PG_BIN}/postgres`, POSTGIS_CONTROL, PGCRYPTO_CONTROL]) {
    if (!existsSync(f)) return `${f} not found (apt-get install postgresql-15 postgresql-15-postgis-3)`
  }
  // As root we drop to the postgres user with setpriv (util-linux).
  if (process.getuid?.() === 0 && !canUsePdeathsig) return 'running as root without /usr/bin/setpriv'
  return null
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

/** uid/gid of the `postgres` system user (initdb and postgres refuse to run as root). */
async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const { stdout } = await run('getent', ['passwd', 'postgres'])
  const [, , uid, gid] = stdout.trim().split(':')
  if (uid === undefined || gid === undefined) throw new Error('no postgres system user')
  return { uid: Number(uid), gid: Number(gid) }
}

export async function startNativePostgres(opts: { database?: string } = {}): Promise<NativePostgres | null> {
  if (nativePostgresUnavailable()) return null
  const database = opts.database ?? 'parity'
  const dir = await mkdtemp(join(tmpdir(), 'native-pg-'))
  const dataDir = join(dir, 'data')
  const asRoot = process.getuid?.() === 0

  // As root: run both programs as `postgres` via setpriv, which execs in place (unlike su or
  // runuser), so the pid we signal is the postmaster's own.
  let setprivArgs: string[] = []
  if (asRoot) {
    const { uid, gid } = await postgresUser()
    await chown(dir, uid, gid)
    setprivArgs = [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups']
  }
  const asUser = (cmd: string, args: string[]): [string, string[]] => (asRoot ? ['setpriv', [...setprivArgs, '--', cmd, ...args]] : [cmd, args])

  try {
    const [initCmd, initArgs] = asUser(`${PG_BIN}/initdb`, ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'])
    await run(initCmd, initArgs, { cwd: dir })
  } catch (err) {
    await rm(dir, { recursive: true, force: true })
    throw new Error(`initdb failed: ${(err as { stderr?: string }).stderr ?? (err as Error).message}`, { cause: err })
  }

  const port = await freePort()
  const child = spawnTied(
    `${PG_BIN}/postgres`,
    [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${dir}`,
      // Throw-away cluster: durability off for speed.
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      // pg_cron, loadable in this one database, its jobs run by background workers (no libpq login)
      ...(existsSync(PG_CRON_LIB)
        ? [
            '-c',
            'shared_preload_libraries=pg_cron',
            '-c',
            `cron.database_name=${database}`,
            '-c',
            'cron.use_background_workers=on',
            '-c',
            'max_worker_processes=16',
          ]
        : []),
    ],
    { setprivArgs, cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000)
  })

  const stop = async (): Promise<void> => {
    await stopChild(child, 'SIGINT', 10_000) // SIGINT = fast shutdown
    await rm(dir, { recursive: true, force: true })
  }

  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`
  const deadline = Date.now() + 30_000
  for (;;) {
    const client = new pg.Client({ connectionString: adminUrl })
    try {
      await client.connect()
      await client.query(`create database ${database}`)
      await client.end()
      break
    } catch (err) {
      await client.end().catch(() => {})
      if (child.exitCode !== null || Date.now() > deadline) {
        await stop()
        throw new Error(`native PostgreSQL did not start: ${(err as Error).message}\n${stderr}`, { cause: err })
      }
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  return { databaseUrl: `postgres://postgres@127.0.0.1:${port}/${database}`, stop }
}
