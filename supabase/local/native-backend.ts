// Native PostgreSQL (+ PostGIS) chosen by DATABASE_URL: for parity tests of the migrations on the
// server Supabase runs, and for benchmarks at scale. PGlite is not loaded at all.
import pg from 'pg'
import type { DbBackend, SqlExecutor } from './db.ts'

export async function openNative(databaseUrl: string): Promise<DbBackend> {
  // One session, like PGlite: transactions opened with exec('begin') span later calls, which
  // the demo loader may rely on. Callers that need parallelism connect themselves.
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'local-stack' })
  await client.connect()
  // A dropped connection must not crash the stack process with an unhandled 'error' event.
  client.on('error', (err) => console.error(`[db] native connection error: ${err.message}`))

  const sql: SqlExecutor = {
    async query<T = any>(text: string, params?: unknown[]) {
      const result = await client.query(text, params as any[] | undefined)
      return { rows: result.rows as T[] }
    },
    async exec(text: string) {
      // Without parameters pg uses the simple query protocol: multi-statement scripts work.
      await client.query(text)
    },
  }

  const url = new URL(databaseUrl)
  return {
    kind: 'native',
    sql,
    describe: `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`,
    postgrestUri: databaseUrl,
    postgrestPool: 10,
    async serve() {
      // Already a server.
    },
    async close() {
      await client.end().catch(() => {})
    },
  }
}
