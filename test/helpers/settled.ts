// Whole-table answers in a database other files write to at the same time (the native pass runs
// every test/db file against ONE PostgreSQL database, files concurrently, and pg_cron's sweeps write
// too): an RPC's aggregate can only be compared with an independent count of the same rows while
// those rows hold still.
import { isDeepStrictEqual } from 'node:util'

/**
 * Reads the independent count, then the RPC, then the count again, and returns the pair only when
 * both counts agree (nothing the count sees changed around the RPC). Retried a few times with a
 * growing pause; a product that answers wrongly still differs from a count that held still.
 */
export async function settled<T>(rpc: () => Promise<T>, independent: () => Promise<T>, tries = 10): Promise<{ rpc: T; independent: T }> {
  for (let attempt = 0; attempt < tries; attempt++) {
    const a = await independent()
    const r = await rpc()
    const b = await independent()
    if (isDeepStrictEqual(a, b)) return { rpc: r, independent: a }
    await new Promise((resolve) => setTimeout(resolve, 200 + attempt * 300))
  }
  throw new Error(`the independent count kept changing during ${tries} reads: other files write too often to compare`)
}
