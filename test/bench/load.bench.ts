// npm run bench:load -- [--clients 200] [--seconds 60] [--db pglite|native|both] [--scale 1] [--ttl 1000]
//
// N concurrent clients on loopback against the whole stack (gateway → PostgREST → database), with
// the realistic mix of test/bench/load/mix.ts (public map and counts, signed-in map, the wall's
// summary, changes and alarms, the vehicle alerts, the dangers list, one write in 57), on PGlite and on native PostgreSQL 15
// (PostgREST's pool there) with the same demo city. Per database two phases in one run: the
// baseline (the gateway's response cache off: every request reaches the database, as before it
// existed) and the cache on (TTL --ttl ms). Prints requests/s, p50/p95/p99 and errors by kind
// side by side (also test-results/bench-load.json). Figures are printed, never asserted.
import { mkdir, writeFile } from 'node:fs/promises'
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { serveStack } from './load/child.ts'
import { prepare } from './load/mix.ts'
import { runPhase, type PhaseResult } from './load/runner.ts'
import { cpuDelta, treeCpu } from './load/cpu.ts'
import { nativePostgresUnavailable } from '../helpers/native-pg.ts'

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '60' },
    db: { type: 'string', default: 'both' },
    scale: { type: 'string', default: '1' },
    ttl: { type: 'string', default: '1000' },
    port: { type: 'string', default: '25300' },
    'no-baseline': { type: 'boolean', default: false },
  },
})
const clients = Number(values.clients)
const seconds = Number(values.seconds)
const ttl = Number(values.ttl)
if (!(clients >= 1 && clients <= 2000)) throw new Error('--clients must be 1…2000')
if (!(seconds >= 1 && seconds <= 600)) throw new Error('--seconds must be 1…600 (the bench is bounded in time)')
if (!['pglite', 'native', 'both'].includes(values.db!)) throw new Error('--db must be pglite, native or both')
const dbs = (values.db === 'both' ? ['pglite', 'native'] : [values.db]) as Array<'pglite' | 'native'>
const log = (m: string): void => console.log(m)

async function setCacheTtl(url: string, key: string, ms: number): Promise<{ hits: number; misses: number }> {
  const r = await fetch(`${url}/local/v1/cache`, {
    method: 'POST',
    headers: { apikey: key, Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ ttl_ms: ms }),
  })
  if (!r.ok) throw new Error(`/local/v1/cache: ${r.status}`)
  return r.json() as Promise<{ hits: number; misses: number }>
}

async function cacheStats(url: string, key: string): Promise<{ hits: number; misses: number }> {
  const r = await fetch(`${url}/local/v1/cache`, { headers: { apikey: key, Authorization: `Bearer ${key}` } })
  return r.json() as Promise<{ hits: number; misses: number }>
}

const results: Array<{ db: string; phase: PhaseResult; loadBefore: number; cpu: Record<string, number> }> = []
for (const db of dbs) {
  if (db === 'native' && nativePostgresUnavailable()) {
    log(`native: skipped (${nativePostgresUnavailable()})`)
    continue
  }
  log(`\n${db}: starting the stack (demo city, scale ${values.scale})…`)
  const t = performance.now()
  const stack = await serveStack(db, Number(values.port), Number(values.scale), log)
  try {
    log(`${db}: ready in ${((performance.now() - t) / 1000).toFixed(1)} s at ${stack.url}`)
    const session = await prepare(stack.url, stack.anonKey, stack.serviceRoleKey)
    // a short warm-up (plans, caches of the database), not measured
    await setCacheTtl(stack.url, stack.serviceRoleKey, 0)
    await runPhase(session, { label: 'warm-up', clients: Math.min(clients, 20), seconds: 3, seed: 7, measure: false })
    const phases: Array<[string, number]> = values['no-baseline']
      ? [[`cache ${ttl} ms`, ttl]]
      : [
          ['baseline (no cache)', 0],
          [`cache ${ttl} ms`, ttl],
        ]
    for (const [label, ms] of phases) {
      await setCacheTtl(stack.url, stack.serviceRoleKey, ms)
      const before = await cacheStats(stack.url, stack.serviceRoleKey)
      const loadBefore = loadavg()[0]!
      log(`${db}: ${label}: ${clients} clients for ${seconds} s…`)
      const tree0 = treeCpu(stack.pid)
      const bench0 = process.cpuUsage()
      const phase = await runPhase(session, { label, clients, seconds, seed: 42, measure: true })
      const benchCpu = process.cpuUsage(bench0)
      const cpu = { ...cpuDelta(tree0, treeCpu(stack.pid)), 'load generator': +((benchCpu.user + benchCpu.system) / 1e6).toFixed(2) }
      const after = await cacheStats(stack.url, stack.serviceRoleKey)
      phase.cache = ms > 0 ? { hits: after.hits - before.hits, misses: after.misses - before.misses } : null
      results.push({ db, phase, loadBefore, cpu })
      const errs = Object.values(phase.errors).reduce((a, b) => a + b, 0)
      log(`  ${phase.rps} req/s, p50 ${phase.p50} ms, p95 ${phase.p95} ms, p99 ${phase.p99} ms, ${errs} errors`)
      log(
        `  CPU seconds: ${Object.entries(cpu)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
      )
      log(`  slowest: ${phase.slowest.map((x) => `${x.kind} at ${x.at} s: ${x.ms} ms`).join('; ')}`)
    }
  } finally {
    await stack.stop()
  }
}

// The table, one column per (database, phase).
const cols = results.map((r) => `${r.db} · ${r.phase.label}`)
const rows: Array<[string, (r: (typeof results)[number]) => string]> = [
  ['requests/s', (r) => String(r.phase.rps)],
  ['requests', (r) => String(r.phase.requests)],
  ['p50 ms', (r) => String(r.phase.p50)],
  ['p95 ms', (r) => String(r.phase.p95)],
  ['p99 ms', (r) => String(r.phase.p99)],
  ['max ms', (r) => String(r.phase.max)],
  ['errors', (r) => String(Object.values(r.phase.errors).reduce((a, b) => a + b, 0))],
  ['cache hits', (r) => (r.phase.cache ? `${Math.round((100 * r.phase.cache.hits) / Math.max(1, r.phase.cache.hits + r.phase.cache.misses))} %` : '–')],
  [
    'CPU ms per request: gateway (node) · PostgREST · PostgreSQL',
    (r) => {
      const per = (k: string): string => ((1000 * (r.cpu[k] ?? 0)) / Math.max(1, r.phase.requests)).toFixed(1)
      return `${per('node')} · ${per('postgrest')} · ${r.db === 'native' ? per('postgres') : 'in node'}`
    },
  ],
  ['load avg (1 min) before', (r) => r.loadBefore.toFixed(1)],
]
log(`\nbench:load: ${clients} clients, ${seconds} s per phase, loopback, demo city scale ${values.scale}\n`)
log(`| | ${cols.join(' | ')} |`)
log(`| --- |${cols.map(() => ' --- |').join('')}`)
for (const [name, f] of rows) log(`| ${name} | ${results.map(f).join(' | ')} |`)
const kinds = [...new Set(results.flatMap((r) => Object.keys(r.phase.byKind)))].sort()
log(`\np95 ms by request kind (count):`)
log(`| kind | ${cols.join(' | ')} |`)
log(`| --- |${cols.map(() => ' --- |').join('')}`)
for (const k of kinds) log(`| ${k} | ${results.map((r) => (r.phase.byKind[k] ? `${r.phase.byKind[k]!.p95} (${r.phase.byKind[k]!.n})` : '–')).join(' | ')} |`)
for (const r of results) {
  const e = Object.entries(r.phase.errors)
  if (e.length) log(`\nerrors, ${r.db} · ${r.phase.label}:\n${e.map(([k, n]) => `  ${n} × ${k}`).join('\n')}`)
}
await mkdir('test-results', { recursive: true })
await writeFile('test-results/bench-load.json', JSON.stringify({ clients, seconds, scale: Number(values.scale), ttl, results }, null, 2))
log('\n(also test-results/bench-load.json)')
