// The time PostgreSQL itself spends in an API function, as PostgREST calls it (its own backends,
// the caller's role, row-level security and plan cache as in production): the growth of
// pg_stat_user_functions.total_time over a number of calls. This is the "server time" of issue 15's
// targets; the client's round trip adds PostgREST, the gateway and the transfer. (PostgREST 12's
// Server-Timing header cannot serve: its durations are not milliseconds, PostgREST issue #4522.)
//
// A backend publishes its function statistics when a transaction ends at most once a second, else
// after 10 s idle (PostgreSQL 15, PGSTAT_MIN_INTERVAL / PGSTAT_IDLE_INTERVAL): the counters are read
// after waiting longer than that, and the number of calls they counted is checked against the
// number made.
import type pg from 'pg'

const FLUSH_WAIT_MS = 11_000

export interface FunctionTime {
  /** mean total_time per call (the function and everything it calls), ms */
  meanMs: number
  /** calls the statistics counted between the two readings (should equal the calls made) */
  counted: number
  made: number
}

/** Turn on per-function statistics for the whole cluster (PostgREST's sessions included). */
export async function trackFunctions(db: pg.Client): Promise<void> {
  await db.query(`alter system set track_functions = 'all'`)
  await db.query('select pg_reload_conf()')
}

async function reading(db: pg.Client, schema: string, fn: string): Promise<{ calls: number; ms: number }> {
  const { rows } = await db.query<{ calls: string | null; ms: number | null }>(
    `select sum(calls) as calls, sum(total_time) as ms from pg_stat_user_functions where schemaname = $1 and funcname = $2`,
    [schema, fn],
  )
  return { calls: Number(rows[0]?.calls ?? 0), ms: Number(rows[0]?.ms ?? 0) }
}

/** One warm call, then `runs` calls of `call`; the mean time the database spent in schema.fn per call. */
export async function functionTime(db: pg.Client, schema: string, fn: string, call: () => Promise<unknown>, runs = 5): Promise<FunctionTime> {
  await call()
  await new Promise((r) => setTimeout(r, FLUSH_WAIT_MS))
  const before = await reading(db, schema, fn)
  for (let i = 0; i < runs; i++) await call()
  await new Promise((r) => setTimeout(r, FLUSH_WAIT_MS))
  const after = await reading(db, schema, fn)
  const counted = after.calls - before.calls
  return { meanMs: counted > 0 ? (after.ms - before.ms) / counted : NaN, counted, made: runs }
}
