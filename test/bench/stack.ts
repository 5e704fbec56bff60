// The project's own stack (supabase/local/stack.ts: bootstrap + migrations, PostgREST, gateway)
// against the bench's native PostgreSQL, on free ports so that a developer's `npm start` on the
// default ports is not disturbed.
import { createServer } from 'node:net'
import { startStack, type Stack } from '../../supabase/local/stack.ts'
import { freePort } from './pg.ts'

async function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer()
    srv.once('error', () => resolve(false))
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)))
  })
}

/** PostgREST needs `port` and `port + 1` (its admin server). */
async function freePortPair(): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const p = await freePort()
    if (p < 65535 && (await isFree(p + 1))) return p
  }
  throw new Error('no two adjacent free ports for PostgREST')
}

export async function startBenchStack(databaseUrl: string, log: (m: string) => void): Promise<Stack> {
  const gateway = await freePort()
  const postgrest = await freePortPair()
  return startStack({
    databaseUrl,
    seed: false, // the benchmark loads its own points; demo data would only blur the figures
    cacheTtlMs: 0, // server times of repeated questions, not of the gateway's response cache
    ports: { gateway, postgrest, db: 0 },
    log: (m) => log(`  ${m}`),
  })
}
