// The benchmark's database: a throw-away native PostgreSQL 15 + PostGIS cluster from the
// project's own helper (test/helpers/native-pg.ts: a fresh initdb in a temp directory, run as the
// `postgres` system user, durability off, PostgreSQL's defaults otherwise, removed on stop()).
import { createServer } from 'node:net'
import { nativePostgresUnavailable, startNativePostgres } from '../helpers/native-pg.ts'

export interface BenchPostgres {
  databaseUrl: string
  /** Where it came from, for the report. */
  describe: string
  stop(): Promise<void>
}

export async function startBenchPostgres(log: (m: string) => void): Promise<BenchPostgres> {
  const why = nativePostgresUnavailable()
  if (why) throw new Error(`native PostgreSQL is needed for this benchmark: ${why}`)
  const pgx = await startNativePostgres({ database: 'bench' })
  if (!pgx) throw new Error('native PostgreSQL could not be started')
  log(`[pg] fresh cluster from test/helpers/native-pg.ts: ${pgx.databaseUrl}`)
  return { databaseUrl: pgx.databaseUrl, describe: 'test/helpers/native-pg.ts (fsync off, defaults otherwise)', stop: () => pgx.stop() }
}

/** A free TCP port on 127.0.0.1 (the OS picks; the window until it is used is short). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port
      srv.close(() => resolvePort(port))
    })
  })
}
