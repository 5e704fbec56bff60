// LOCAL STACK ONLY. /local/v1/sql runs any SQL as the database superuser: it exists only in the
// local gateway (supabase/local/gateway.ts), never on hosted Supabase, and a local stack must
// never be reachable beyond 127.0.0.1 (the gateway binds to loopback; do not proxy or tunnel it).
//
// SqlExecutor over HTTP, through the gateway's /local/v1/sql (service_role key only). The safe
// way for other processes (test workers, scripts) to run superuser SQL on a running local
// stack: on PGlite the gateway serialises it with PostgREST's traffic (see gate.ts), which a
// second wire-protocol connection could not guarantee.
import type { SqlExecutor } from './db.ts'

/** A Postgres error as the gateway relays it. */
export class RemoteSqlError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly detail?: string,
    readonly hint?: string,
    readonly position?: string,
  ) {
    super(message)
    this.name = 'RemoteSqlError'
  }
}

export interface HttpSqlExecutor extends SqlExecutor {
  /** Make PostgREST pick up DDL (new tables, functions, grants). */
  reloadSchema(): Promise<void>
}

export function httpSqlExecutor(url: string, serviceRoleKey: string): HttpSqlExecutor {
  const post = async (path: string, body: unknown): Promise<any> => {
    const r = await fetch(`${url.replace(/\/+$/, '')}/local/v1/${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${serviceRoleKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    })
    const json = (await r.json().catch(() => ({ message: `HTTP ${r.status}` }))) as Record<string, any>
    if (!r.ok) throw new RemoteSqlError(String(json.message), json.code, json.detail, json.hint, json.position)
    return json
  }
  return {
    async query<T = any>(sql: string, params?: unknown[]) {
      const { rows } = (await post('sql', { sql, params })) as { rows: T[] }
      return { rows }
    },
    async exec(sql: string) {
      await post('sql', { sql, exec: true })
    },
    async reloadSchema() {
      await post('reload-schema', {})
    },
  }
}
