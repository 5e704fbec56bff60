// A few seconds of bench:load's mix (test/bench/load) with 5 clients against the test stack, the
// response cache on: every request kind answers without an error, and the cache serves some of
// them. Writes are left out so the shared test data stays as the other tests expect. No timing
// is asserted (that is what `npm run bench:load` prints).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stackInfo, useStack } from '../helpers/stack.ts'
import { prepare, type Session } from '../bench/load/mix.ts'
import { runPhase } from '../bench/load/runner.ts'

useStack()

let session: Session | null = null
let previousTtl: number | null = null

async function cache(body?: { ttl_ms: number }): Promise<{ ttlMs: number; hits: number } | null> {
  const { url, serviceRoleKey } = stackInfo()
  const r = await fetch(`${url}/local/v1/cache`, {
    method: body ? 'POST' : 'GET',
    headers: { apikey: serviceRoleKey, Authorization: `Bearer ${serviceRoleKey}`, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  })
  return r.ok ? ((await r.json()) as { ttlMs: number; hits: number }) : null
}

beforeAll(async () => {
  const before = await cache()
  if (!before) return // not a local stack
  previousTtl = before.ttlMs
  const { url, anonKey, serviceRoleKey } = stackInfo()
  session = await prepare(url, anonKey, serviceRoleKey)
  await cache({ ttl_ms: 1000 })
}, 60_000)

afterAll(async () => {
  if (previousTtl !== null) await cache({ ttl_ms: previousTtl })
})

describe('bench:load smoke', () => {
  it('5 clients for 3 s: every kind of request answers, none fails', async (ctx) => {
    if (!session) ctx.skip()
    const hits0 = (await cache())!.hits
    const r = await runPhase(session!, { label: 'smoke', clients: 5, seconds: 3, seed: 1, measure: true, writes: false })
    expect(r.errors).toEqual({})
    expect(r.requests).toBeGreaterThan(10)
    expect(Object.keys(r.byKind).length).toBeGreaterThanOrEqual(5)
    expect((await cache())!.hits).toBeGreaterThan(hits0)
  })
})
