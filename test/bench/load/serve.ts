// The stack under load, in its own process so that the load generator's CPU is not counted
// against it (PGlite runs in the stack's one Node thread). Prints one JSON line
// {url, serviceRoleKey, anonKey, kind, pids} when ready; stops everything on SIGTERM/SIGINT or
// when stdin closes (the bench died).
//   node --import tsx test/bench/load/serve.ts --db pglite|native --port 25300 --scale 1
import { parseArgs } from 'node:util'
import { startStack } from '../../../supabase/local/stack.ts'
import { startNativePostgres } from '../../helpers/native-pg.ts'

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'pglite' },
    port: { type: 'string', default: '25300' },
    scale: { type: 'string', default: '1' },
  },
})
const port = Number(values.port)
const log = (m: string): void => console.error(`[${values.db}] ${m}`)

const native = values.db === 'native' ? await startNativePostgres({ database: 'load' }) : null
if (values.db === 'native' && !native) throw new Error('native PostgreSQL 15 + PostGIS is not installed here')

const stack = await startStack({
  dataDir: 'memory://',
  databaseUrl: native?.databaseUrl,
  ports: { gateway: port, db: port + 1, postgrest: port + 10 },
  seed: { seed: 42, scale: Number(values.scale) },
  cacheTtlMs: 0, // the bench sets it per phase through /local/v1/cache
  log,
})
// Fresh statistics after the load, as a running city would have them.
await stack.db.exec('analyze')

let stopping = false
const stop = async (): Promise<void> => {
  if (stopping) return
  stopping = true
  await stack.stop()
  await native?.stop()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
process.stdin.on('close', () => void stop())
process.stdin.resume()

console.log(JSON.stringify({ url: stack.url, anonKey: stack.anonKey, serviceRoleKey: stack.serviceRoleKey, kind: stack.kind, pid: process.pid }))
