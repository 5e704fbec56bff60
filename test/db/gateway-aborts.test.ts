// Clients that go away mid-request must not wedge the local stack. On PGlite, API requests and
// superuser SQL take turns at a gate (supabase/local/gate.ts); a browser page closed while its
// requests waited behind the test's SQL once left the gate held for good, and every later request
// and SQL hung (CI: wall.test.ts, every test after the offline one timed out). Here many REST
// requests are aborted at random moments while superuser SQL keeps arriving; afterwards both
// kinds of traffic must still be answered (within a minute: a wedged stack never answers, a loaded one is slow). On native PostgreSQL there is no gate: the same
// traffic must pass all the same.
import { describe, it, expect } from 'vitest'
import { sql, stackInfo, useStack } from '../helpers/stack.ts'

useStack()

/** Resolves to the value, or rejects when `ms` pass first (a wedged stack never answers). */
function within<T>(ms: number, p: Promise<T>, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms))])
}

describe('the local gateway under aborted requests', () => {
  it('keeps answering REST and superuser SQL after clients abort while queued', { timeout: 180_000 }, async () => {
    const { url, anonKey } = stackInfo()
    const rest = (signal?: AbortSignal) =>
      fetch(`${url}/rest/v1/areas?select=code,name`, {
        headers: { apikey: anonKey, Authorization: `Bearer ${anonKey}` },
        signal,
      })
    let aborted = 0
    for (let round = 0; round < 12; round++) {
      const work: Promise<unknown>[] = []
      for (let i = 0; i < 8; i++) {
        const ctl = new AbortController()
        // an abort may land before the answer or while its body is read: both are expected
        work.push(
          rest(ctl.signal)
            .then((r) => r.arrayBuffer())
            .catch(() => null),
        )
        // some abort at once, some while queued behind the SQL below, some after their answer
        setTimeout(() => ctl.abort(), (i * 7 + round * 3) % 40)
        aborted++
        if (i % 3 === 0) work.push(sql().query('select count(*) from public.areas'))
      }
      await within(60_000, Promise.all(work), `round ${round}`)
    }
    expect(aborted).toBe(96)
    // the gate is free again: SQL and REST both answer
    const { rows } = await within(60_000, sql().query<{ n: number }>('select count(*)::int n from public.areas'), 'superuser SQL after the aborts')
    expect(rows[0]!.n).toBeGreaterThan(0)
    const r = await within(60_000, rest(), 'REST after the aborts')
    expect(r.status).toBe(200)
    await r.arrayBuffer()
  })
})
