// One transaction on a session nobody else uses meanwhile, for the gateway's own routes that run
// SQL as the caller (storage-routes.ts): PGlite under the exclusive gate (its single session is
// PostgREST's too, see gate.ts), native PostgreSQL on a small pool of its own.
import pg from 'pg'
import type { SqlExecutor } from './db.ts'
import type { Gate } from './gate.ts'
import type { Transaction } from './storage-routes.ts'

async function inTransaction<T>(sql: SqlExecutor, fn: (sql: SqlExecutor) => Promise<T>): Promise<T> {
  await sql.exec('begin')
  try {
    const result = await fn(sql)
    await sql.exec('commit')
    return result
  } catch (err) {
    await sql.exec('rollback').catch(() => {})
    throw err
  }
}

export function pgliteTransaction(sql: SqlExecutor, gate: Gate): Transaction {
  return (fn) => gate.exclusive(() => inTransaction(sql, fn))
}

export function nativeTransaction(databaseUrl: string): { transaction: Transaction; close(): Promise<void> } {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4, application_name: 'local-storage' })
  pool.on('error', (err) => console.error(`[storage] native pool error: ${err.message}`))
  return {
    async transaction(fn) {
      const client = await pool.connect()
      try {
        const sql: SqlExecutor = {
          query: async (text, params) => ({ rows: (await client.query(text, params as unknown[] | undefined)).rows }),
          exec: async (text) => {
            await client.query(text)
          },
        }
        return await inTransaction(sql, fn)
      } finally {
        client.release()
      }
    },
    close: () => pool.end(),
  }
}
