// Benchmark of the relocation planner's drag (npm run bench:drag [-- --targets 1m]).
//
// On a fresh native PostgreSQL 15 + PostGIS (test/bench/pg.ts) behind the project's own stack
// (migrations, PostgREST, gateway; no demo seed) it loads the synthetic 江门 of the violations
// benchmark (test/bench/violations/load.ts: protective targets clustered around ~20 towns, some
// footprints), builds a small page (test/bench/drag/page) with the planner's own module
// src/domain/plannerGeo.ts, and in headless Chromium drags a candidate point across the city
// (鹤山 → 棠下 → 蓬江 → 江海 → 新会, --moves positions). Per move the page fetches the
// planner_targets tiles the candidate needs (as the app does, through PostgREST with a staff JWT),
// then times, over the same loaded targets:
//   ours        TargetStore.evaluate: flatbush per tile + ellipsoidal metres (what the app runs)
//   no index    TargetStore.evaluateAll: the same metric, every loaded target tested
//   turf        turf.distance / turf.pointToPolygonDistance over every loaded target (baseline)
// and prints median / p95 per move; every --confirm-every moves it also calls evaluate_site (the
// app's "on drop") and compares its targets with ours. Times are printed, never asserted. JSON: test-results/bench-drag.json.
//
// Options: --targets 1000000 --sources 1000 --moves 300 --seed 42 --baseline-every 1 --confirm-every 10
//          --distances 1000,1000,600,300,200 --out … --max-minutes 40
import { mkdir, writeFile } from 'node:fs/promises'
import { cpus, loadavg } from 'node:os'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import pg from 'pg'
import type { Browser } from 'playwright-core'
import { REPO_ROOT } from '../../supabase/local/paths.ts'
import { ANON_KEY } from '../../supabase/local/keys.ts'
import { launchBrowser } from '../helpers/browser.ts'
import { Cleanup } from './cleanup.ts'
import { buildAndServe } from './vite-page.ts'
import { startBenchPostgres } from './pg.ts'
import { startBenchStack } from './stack.ts'
import { loadCity } from './violations/load.ts'
import { tokenFor } from './wire.ts'
import { destination } from '../helpers/geodesy.ts'
import type { DragOptions, DragResult, Stats } from './drag/protocol.ts'
import type { Distances } from '../../src/domain/plannerGeo.ts'

const t0Run = performance.now()
const log = (m: string): void => console.log(`${((performance.now() - t0Run) / 1000).toFixed(0).padStart(4)}s ${m}`)

function parseCount(s: string, what: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(s.trim().replace(/[_,]/g, ''))
  if (!m) throw new Error(`bad ${what} "${s}" (use e.g. 1000, 10k, 1m)`)
  return Math.round(Number(m[1]) * { '': 1, k: 1e3, m: 1e6 }[m[2]!.toLowerCase() as '' | 'k' | 'm'])
}

const { values: args } = parseArgs({
  options: {
    targets: { type: 'string', default: '1000000' },
    sources: { type: 'string', default: '1000' },
    moves: { type: 'string', default: '300' },
    seed: { type: 'string', default: '42' },
    'baseline-every': { type: 'string', default: '1' },
    'confirm-every': { type: 'string', default: '10' },
    distances: { type: 'string', default: '1000,1000,600,300,200' },
    out: { type: 'string', default: 'test-results/bench-drag.json' },
    'max-minutes': { type: 'string', default: '40' },
  },
})
const nTargets = parseCount(args.targets!, '--targets')
const nSources = parseCount(args.sources!, '--sources')
const nMoves = parseCount(args.moves!, '--moves')
const seed = Number(args.seed)
const dist = args.distances!.split(',').map(Number)
if (dist.length !== 5 || dist.some((d) => !(d >= 0 && d <= 50000)))
  throw new Error('--distances: five metres, high_sensitivity,important,general_1,general_2,general_3')
const distances: Distances = { high_sensitivity: dist[0]!, important: dist[1]!, general_1: dist[2]!, general_2: dist[3]!, general_3: dist[4]! }
const outPath = resolve(REPO_ROOT, args.out!)

/** The drag: through the dense towns of the bench city (test/bench/violations/load.ts TOWNS). */
const WAYPOINTS: [number, number][] = [
  [112.96, 22.77],
  [113.02, 22.68],
  [113.08, 22.6],
  [113.12, 22.56],
  [113.03, 22.46],
]

/** `n` positions evenly spaced (geodesically) along the waypoints. */
function dragPath(n: number): { path: [number, number][]; lengthM: number } {
  const legs = WAYPOINTS.slice(1).map((b, i) => {
    const a = WAYPOINTS[i]!
    const kx = 111320 * Math.cos((((a[1] + b[1]) / 2) * Math.PI) / 180),
      ky = 110574
    return { a, b, m: Math.hypot((b[0] - a[0]) * kx, (b[1] - a[1]) * ky), bearing: (Math.atan2((b[0] - a[0]) * kx, (b[1] - a[1]) * ky) * 180) / Math.PI }
  })
  const total = legs.reduce((s, l) => s + l.m, 0)
  const path: [number, number][] = []
  for (let i = 0; i < n; i++) {
    let along = (total * i) / Math.max(1, n - 1)
    let leg = legs[0]!
    for (const l of legs) {
      leg = l
      if (along <= l.m) break
      along -= l.m
    }
    const p = destination({ lon: leg.a[0], lat: leg.a[1] }, leg.bearing, Math.min(along, leg.m))
    path.push([p.lon, p.lat])
  }
  return { path, lengthM: total }
}

const ms = (x: number) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(2) : x.toFixed(1)) : '—')
const row = (label: string, s: Stats) => `  ${label.padEnd(44)} ${ms(s.median).padStart(9)} ${ms(s.p95).padStart(9)} ${ms(s.max).padStart(9)}  (${s.n} moves)`

async function main(): Promise<void> {
  const cleanup = new Cleanup(log)
  cleanup.installSignalHandlers()
  const hardStop = setTimeout(
    () => {
      log(`--max-minutes ${args['max-minutes']} reached: stopping`)
      void cleanup.run().finally(() => process.exit(3))
    },
    Number(args['max-minutes']) * 60_000,
  )
  hardStop.unref()
  try {
    log(`[bench] drag: ${nTargets.toLocaleString('en')} protective targets, ${nMoves} moves; ${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(2)}`)
    const db = await startBenchPostgres(log)
    cleanup.add('postgres', () => db.stop())
    const stack = await startBenchStack(db.databaseUrl, log)
    cleanup.add('stack', () => stack.stop())
    const client = new pg.Client({ connectionString: db.databaseUrl, application_name: 'bench-drag-load' })
    await client.connect()
    cleanup.add('load client', () => client.end())
    log('[load] generating the city…')
    const loaded = await loadCity(client, { sources: nSources, targets: nTargets, seed }, (m) => log(m.trim()))
    log(
      `[load] ${loaded.targets.toLocaleString('en')} targets (${loaded.targetPolygons.toLocaleString('en')} footprints) in ${(loaded.ms.total / 1000).toFixed(1)} s, ${loaded.targetsMB} MB`,
    )
    const token = await tokenFor('admin')
    const page = await buildAndServe(resolve(dirname(fileURLToPath(import.meta.url)), 'drag/page'), { isolated: true })
    cleanup.add('page server', () => page.close())
    log(`[page] served at ${page.url}`)
    const browser: Browser = await launchBrowser()
    cleanup.add('browser', () => browser.close())
    const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
    const tab = await ctx.newPage()
    tab.on('pageerror', (e) => log(`[page error] ${e.message}`))
    await tab.goto(page.url)
    await tab.waitForFunction(() => typeof window.dragBench?.run === 'function')
    const { path, lengthM } = dragPath(nMoves)
    log(
      `[drag] ${nMoves} moves over ${(lengthM / 1000).toFixed(1)} km (${(lengthM / Math.max(1, nMoves - 1)).toFixed(0)} m per move), distances ${dist.join('/')} m`,
    )
    const opts: DragOptions = {
      api: stack.url,
      apikey: ANON_KEY,
      token,
      path,
      distances,
      prefetchM: 1500,
      baselineEvery: Number(args['baseline-every']),
      confirmEvery: Number(args['confirm-every']),
    }
    const t = performance.now()
    const r = (await tab.evaluate((o) => window.dragBench.run(o), opts)) as DragResult
    log(`[drag] cross-origin isolated page (fine timer): ${await tab.evaluate(() => window.crossOriginIsolated)}`)
    log(`[drag] done in ${((performance.now() - t) / 1000).toFixed(1)} s (fetching included)`)

    console.log('')
    console.log(`Drag of a candidate point across the city: ${loaded.targets.toLocaleString('en')} protective targets in the database,`)
    console.log(
      `${r.loadedTargets.toLocaleString('en')} loaded by the page in ${r.loadedTiles} tiles of 0.02° (${(r.tileFetch.bytes / 1e6).toFixed(1)} MB JSON, tile fetch median ${ms(r.tileFetch.medianMs)} ms, p95 ${ms(r.tileFetch.p95Ms)} ms);`,
    )
    console.log(
      `${r.movesWaitingForTiles} of ${r.moves} moves needed a tile first. Median ${r.violationsMedian} targets inside per move, ${r.testedMedian} exact distance tests after the index.`,
    )
    console.log('')
    console.log(`  ${'browser-side evaluation per move (ms)'.padEnd(44)} ${'median'.padStart(9)} ${'p95'.padStart(9)} ${'max'.padStart(9)}`)
    console.log(row('ours: flatbush per tile + ellipsoidal metres', r.ours))
    console.log(row('same metric, no index (all loaded targets)', r.oursNoIndex))
    console.log(row('baseline: turf, no index (all loaded targets)', r.turfBaseline))
    const speed = r.turfBaseline.median / r.ours.median
    console.log('')
    console.log(
      `  ours vs turf baseline: ${Number.isFinite(speed) ? speed.toFixed(0) : '—'}× faster at the median; counts differed on ${r.countMismatches} moves (at most ${r.maxCountDiff}), turf measuring on a sphere.`,
    )
    const c = r.confirm
    console.log(`  evaluate_site (PostGIS, through PostgREST, as on drop) at ${c.n} positions: median ${ms(c.ms.median)} ms, p95 ${ms(c.ms.p95)} ms;`)
    console.log(
      `  agreed with ours at ${c.agreed} of ${c.n} (same targets, distances within 0.5 %; largest difference ${(c.maxRelDiff * 100).toFixed(3)} %, ${c.worst}; ${c.borderline} targets within 0.5 % of their required distance listed by one side only).`,
    )
    for (const d of c.disagreements) console.log(`    disagreement: ${d}`)
    await mkdir(dirname(outPath), { recursive: true })
    await writeFile(
      outPath,
      JSON.stringify(
        {
          when: new Date().toISOString(),
          targets: loaded.targets,
          footprints: loaded.targetPolygons,
          distances,
          lengthM,
          result: r,
          cpus: cpus().length,
          load: loadavg(),
        },
        null,
        2,
      ),
    )
    log(`[bench] JSON in ${outPath}`)
  } finally {
    clearTimeout(hardStop)
    await cleanup.run()
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e)
    process.exit(1)
  },
)
