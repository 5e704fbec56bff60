// `npm start`: the local Supabase-compatible stack plus the Vite dev server pointed at it.
//   npm start                  stack (PGlite in .data/pglite) + app on http://127.0.0.1:5173
//   npm run stack              stack only (same as `npm start -- --no-app`)
//   DATABASE_URL=postgres://…  native PostgreSQL instead of PGlite
//   SUPABASE_URL=… SUPABASE_ANON_KEY=…   no local stack: the app against that Supabase
//   --seed N --scale X         demo data parameters for a first run (default 42 and 1)
//   --data-dir PATH            PGlite folder (default .data/pglite)
//   --reset                    delete that folder first (fresh database, migrations and demo data)
//   --no-sim                   no monitoring simulator (supabase/local/simulator.ts)
// With the local stack it also runs the weather feed's server-side reader (weather-reader.ts).
import { rm } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { DEFAULT_DATA_DIR, REPO_ROOT } from './paths.ts'
import { dataDirOwner, startStack, type Stack } from './stack.ts'

const { values: args } = parseArgs({
  options: {
    'no-app': { type: 'boolean', default: false },
    seed: { type: 'string' },
    scale: { type: 'string' },
    'data-dir': { type: 'string' },
    reset: { type: 'boolean', default: false },
    'no-sim': { type: 'boolean', default: false },
  },
  strict: true,
})

const log = (msg: string): void => console.log(msg)
const t0 = performance.now()

let stack: Stack | null = null
/** Pending while the stack starts: a Ctrl-C then waits for it, so PGlite is closed cleanly. */
let starting: Promise<Stack> | null = null
let vite: { close(): Promise<void> } | null = null
let sim: { stop(): Promise<void> } | null = null
let timetable: { stop(): void } | null = null
let weather: { stop(): void } | null = null
let stopping = false

async function shutdown(signal: string): Promise<void> {
  if (stopping) {
    // Second Ctrl-C: give up on a clean stop (children still die via their exit hooks).
    console.log('\nforced exit')
    process.exit(130)
  }
  stopping = true
  console.log(`\n${signal}: stopping…`)
  if (starting) console.log('(waiting for start-up to reach a safe point, so the data folder stays consistent; Ctrl-C again to force)')
  const since = performance.now()
  try {
    const started = starting ? await starting.catch(() => null) : null
    await vite?.close()
    await sim?.stop()
    timetable?.stop()
    weather?.stop()
    await (stack ?? started)?.stop()
    console.log(`stopped cleanly in ${Math.round(performance.now() - since)} ms`)
    process.exit(0)
  } catch (err) {
    console.error('error while stopping:', err)
    process.exit(1)
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'))
process.on('SIGTERM', () => void shutdown('SIGTERM'))
process.on('SIGHUP', () => void shutdown('SIGHUP'))

async function main(): Promise<void> {
  let url: string
  let anonKey: string
  const remoteUrl = process.env.SUPABASE_URL
  const remoteKey = process.env.SUPABASE_ANON_KEY

  if (remoteUrl && remoteKey) {
    if (args['no-app']) {
      log('SUPABASE_URL is set and --no-app given: nothing to start.')
      return
    }
    log(`Using the Supabase project at ${remoteUrl} (SUPABASE_URL): no local stack.`)
    url = remoteUrl
    anonKey = remoteKey
  } else {
    const seed = Number(args.seed ?? process.env.SEED ?? 42)
    const scale = Number(args.scale ?? process.env.SEED_SCALE ?? 1)
    if (!Number.isFinite(seed) || !Number.isFinite(scale) || scale <= 0) {
      throw new Error('--seed must be a number and --scale a positive number')
    }
    const databaseUrl = process.env.DATABASE_URL || undefined
    const dataDir = resolve(args['data-dir'] ?? DEFAULT_DATA_DIR)
    if (args.reset) {
      if (databaseUrl) throw new Error('--reset only applies to the PGlite data folder, not to DATABASE_URL')
      const owner = await dataDirOwner(dataDir)
      if (owner) throw new Error(`${dataDir} is in use by process ${owner}: stop that stack first`)
      log(`[db] --reset: deleting ${dataDir}`)
      await rm(dataDir, { recursive: true, force: true })
    }
    starting = startStack({
      dataDir,
      databaseUrl,
      seed: { seed, scale },
      log,
    })
    stack = await starting
    starting = null
    url = stack.url
    anonKey = stack.anonKey
    if (stopping) return // shutdown() is stopping it
    log('')
    log(`  API URL:          ${stack.url}`)
    log(`  DB URL:           ${stack.dbUrl}`)
    log(`  JWT secret:       ${stack.jwtSecret}`)
    log(`  anon key:         ${stack.anonKey}`)
    log(`  service_role key: ${stack.serviceRoleKey}`)
    log('')
    const { startTimetable } = await import('./timetable.ts')
    timetable = startTimetable({ url: stack.url, serviceRoleKey: stack.serviceRoleKey, log })
    // the weather feed's server-side reader (idle unless an admin sets reader 'server' and a URL)
    const { startWeatherReader } = await import('./weather-reader.ts')
    weather = startWeatherReader({ url: stack.url, serviceRoleKey: stack.serviceRoleKey, log })
    if (!args['no-sim']) {
      const { startSimulator } = await import('./simulator.ts')
      sim = await startSimulator({ url: stack.url, anonKey: stack.anonKey, serviceRoleKey: stack.serviceRoleKey, db: stack.db, log })
    }
  }

  if (!args['no-app']) {
    process.env.VITE_SUPABASE_URL = url
    process.env.VITE_SUPABASE_ANON_KEY = anonKey
    const { createServer } = await import('vite')
    const sigtermBefore = process.listeners('SIGTERM')
    const stdinEndBefore = process.stdin.listeners('end')
    const server = await createServer({
      root: REPO_ROOT,
      server: { host: '127.0.0.1', port: 5173, strictPort: true },
    })
    vite = server
    // Vite's dev server exits the process on SIGTERM (and at stdin's end) as soon as *it* has
    // closed, which would cut PGlite's close short. Our handler closes Vite too.
    for (const l of process.listeners('SIGTERM')) if (!sigtermBefore.includes(l)) process.off('SIGTERM', l)
    for (const l of process.stdin.listeners('end')) if (!stdinEndBefore.includes(l)) process.stdin.off('end', l as () => void)
    await server.listen()
    log(`  App:              http://127.0.0.1:5173/`)
  }
  log(`Ready in ${((performance.now() - t0) / 1000).toFixed(1)} s. Ctrl-C stops everything.`)
}

main().catch(async (err: unknown) => {
  if (stopping) return // interrupted during start-up: shutdown() reports
  console.error(`\nStart-up failed: ${err instanceof Error ? err.message : String(err)}`)
  stopping = true
  await vite?.close().catch(() => {})
  await stack?.stop().catch(() => {})
  process.exit(1)
})
