// PostgreSQL 18 + PostGIS in WebAssembly, in this process, served on the Postgres wire protocol
// for PostgREST. The default backend: needs nothing but npm.
import { mkdir } from 'node:fs/promises'
import { resolve } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto'
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist'
import { postgis } from '@electric-sql/pglite-postgis'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import type { DbBackend, SqlExecutor } from './db.ts'
import { withWireProtocolFix } from './wire-fix.ts'

/** Postgres type OID of int8. */
const INT8 = 20

export interface PgliteOptions {
  /** A folder (created if missing) or 'memory://'. */
  dataDir: string
  /** Loopback port of the wire-protocol server. */
  port: number
  log: (msg: string) => void
}

/**
 * pglite-socket 0.2.11 accepts `maxConnections` clients (default 1) and interleaves their
 * protocol messages through one queue. PostgREST keeps one connection, but on SIGUSR1 (schema
 * reload) or after an idle timeout it opens the new connection before the old one's close event
 * has been handled, and a limit of 1 then answers "Too many connections". A few spare slots
 * also let a developer look in with psql; see gate.ts for why such clients must stay light.
 */
const MAX_SOCKET_CONNECTIONS = 4

export async function openPglite(opts: PgliteOptions): Promise<DbBackend> {
  const inMemory = opts.dataDir.startsWith('memory://')
  const dataDir = inMemory ? opts.dataDir : resolve(opts.dataDir)
  if (!inMemory) await mkdir(dataDir, { recursive: true })

  const pg = await PGlite.create(dataDir, {
    extensions: { postgis, pgcrypto, btree_gist },
    // node-postgres returns int8 as a string (it may not fit a JS number); do the same so code
    // written against SqlExecutor behaves identically on both backends.
    parsers: { [INT8]: (value: string) => value },
  })

  const sql: SqlExecutor = {
    async query<T = any>(text: string, params?: unknown[]) {
      const result = await pg.query<T>(text, params as any[] | undefined)
      return { rows: result.rows }
    },
    async exec(text: string) {
      await pg.exec(text)
    },
  }

  let server: PGLiteSocketServer | null = null
  return {
    kind: 'pglite',
    sql,
    describe: inMemory ? 'PGlite (in memory)' : `PGlite (${dataDir})`,
    // sslmode=disable: the socket server only answers 'N' to SSLRequest; skip the round trip.
    postgrestUri: `postgres://postgres@127.0.0.1:${opts.port}/postgres?sslmode=disable`,
    postgrestPool: 1,
    inTransaction: () => !pg.closed && pg.isInTransaction(),
    async serve() {
      server = new PGLiteSocketServer({
        db: withWireProtocolFix(pg),
        host: '127.0.0.1',
        port: opts.port,
        maxConnections: MAX_SOCKET_CONNECTIONS,
      })
      await server.start()
    },
    async close() {
      // Stop the socket first so no client can start a transaction, then close PGlite, which
      // checkpoints and flushes the data folder (killing the process instead risks corruption).
      if (server) await server.stop().catch(() => {})
      server = null
      // pglite-socket detaches its clients without awaiting them: let their close handlers
      // (which may ROLLBACK an open transaction) run while the database is still open.
      await new Promise((resolve) => setTimeout(resolve, 50))
      if (!pg.closed) await pg.close()
    },
  }
}
