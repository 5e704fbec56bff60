// Scale benchmark of the map's point layer (npm run bench:map [-- --sizes 10k,100k,1m]).
//
// For each size N it loads N synthetic risk points into a fresh native PostgreSQL + PostGIS
// (the migrations applied by the project's own stack), then measures, in the same run:
//   wire     map_points (binned binary) through the real gateway and PostgREST at the city view
//            and at a street view, against the two baselines' payloads (GeoJSON, raw float32);
//   plans    EXPLAIN (ANALYZE, BUFFERS) of the query inside map_points at both zooms;
//   browser  request → first drawn frame and JS heap in headless Chromium at 1920×1080: ours,
//            one MapLibre GeoJSON source, a plain deck.gl ScatterplotLayer;
// prints one table per size with the targets of ARCHITECTURE.md marked MET / NOT MET (never
// asserted), and writes everything to test-results/bench-map.json.
//
// Options: --sizes 10k,100k,1m   --role service|admin   --seed 42   --no-browser
// --out test-results/bench-map.json   --max-minutes 30 (hard stop, with cleanup)
//
// --role: whose token the main figures use. The default is the service_role key (RLS bypassed),
// which measures the query, payload and rendering as designed; the other role (an admin user,
// through the row-level-security policies) is measured beside it at the sizes where that stays
// affordable, so the policies' cost is visible in every table without dominating the run time.

import { mkdir, writeFile } from 'node:fs/promises'
import { cpus, loadavg } from 'node:os'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { ANON_KEY } from '../../supabase/local/keys.ts'
import { REPO_ROOT } from '../../supabase/local/paths.ts'
import { createBenchFunctions, shimOctetStream } from './bench-sql.ts'
import { launchBrowser, VIEWPORT, type BenchBrowser, type BrowserOutcome } from './browser.ts'
import { Cleanup } from './cleanup.ts'
import { explainMapPoints, skippedPlan, type PlanReport } from './explain.ts'
import { loadRiskPoints } from './load-points.ts'
import { buildAndServePage, type PageServer } from './page-server.ts'
import type { RunOptions, Scenario } from './page/protocol.ts'
import { startBenchPostgres } from './pg.ts'
import { checkTargets, formatSize, type SizeResult } from './report.ts'
import { startBenchStack } from './stack.ts'
import { cityView, streetView, type View } from './views.ts'
import { measureBaselineWire, measureMapPoints, tokenFor, type BenchRole, type MapPointsWire } from './wire.ts'

const t0Run = performance.now()
/** Progress lines carry the elapsed time; the tables are printed without it. */
const log = (m: string): void => {
  const lead = /^\s*/.exec(m)![0]
  console.log(
    m.startsWith('[') || m.trimStart().startsWith('[') ? `${lead}${((performance.now() - t0Run) / 1000).toFixed(0).padStart(4)}s ${m.trimStart()}` : m,
  )
}

function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(s.trim().replace(/[_,]/g, ''))
  if (!m) throw new Error(`bad size "${s}" (use e.g. 10k, 100k, 1m or 250000)`)
  const mult = { '': 1, k: 1e3, m: 1e6 }[m[2]!.toLowerCase() as '' | 'k' | 'm']
  return Math.round(Number(m[1]) * mult)
}

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10k,100k,1m' },
    role: { type: 'string', default: 'service' },
    seed: { type: 'string', default: '42' },
    'no-browser': { type: 'boolean', default: false },
    out: { type: 'string', default: 'test-results/bench-map.json' },
    'max-minutes': { type: 'string', default: '30' },
  },
})
const sizes = args.sizes!.split(/[ ,]+/).filter(Boolean).map(parseSize)
if (args.role !== 'service' && args.role !== 'admin') throw new Error('--role must be service or admin')
const role = args.role as BenchRole
const otherRole: BenchRole = role === 'admin' ? 'service' : 'admin'
const seed = Number(args.seed)
const outPath = resolve(REPO_ROOT, args.out!)

/** Browser time limits per scenario: generous, since the baselines are slow by design. */
const BROWSER_TIMEOUT_MS: Record<Scenario, number> = { ours: 240_000, deck: 240_000, geojson: 240_000 }
/** A call slower than this is not repeated for the other role (see below). */
const SLOW_MS = 20_000
/** The other role is not measured at all when its call is predicted to take longer than this. */
const SKIP_PREDICTED_MS = 60_000
/** A single EXPLAIN ANALYZE may take as long as the slowest call measured over HTTP, plus margin. */
const explainTimeout = (slowestMs: number): number => Math.min(300_000, Math.max(30_000, slowestMs * 3))

const cleanup = new Cleanup(log)
cleanup.installSignalHandlers()
const hardStop = setTimeout(
  () => {
    log(`\n[bench] --max-minutes ${args['max-minutes']} reached: stopping`)
    void cleanup.run().finally(() => process.exit(3))
  },
  Number(args['max-minutes']) * 60_000,
)
hardStop.unref()

async function measureOther(api: string, view: View): Promise<MapPointsWire | { error: string }> {
  try {
    return await measureMapPoints(api, otherRole, view)
  } catch (err) {
    return { error: (err as Error).message.slice(0, 120) }
  }
}

async function runBrowser(
  browser: BenchBrowser | null,
  page: PageServer | null,
  base: Omit<RunOptions, 'scenario' | 'timeoutMs'>,
  scenario: Scenario,
): Promise<BrowserOutcome | null> {
  if (!browser || !page) return null
  log(`  [browser] ${scenario}…`)
  const outcome = await browser.run(page.url, { ...base, scenario, timeoutMs: BROWSER_TIMEOUT_MS[scenario] })
  if (outcome.ok) log(`  [browser] ${scenario}: first frame ${Math.round(outcome.result.ms.firstFrame)} ms, ${outcome.result.drawn} drawn`)
  else log(`  [browser] ${scenario}: ${outcome.failure} after ${Math.round(outcome.afterMs)} ms (${outcome.message})`)
  return outcome
}

async function main(): Promise<void> {
  const started = performance.now()
  log(`[bench] map_points at ${sizes.map((n) => n.toLocaleString('en-US')).join(' / ')} points, role ${role}, seed ${seed}`)

  const pgx = await startBenchPostgres(log)
  cleanup.add('postgres', () => pgx.stop())
  const stack = await startBenchStack(pgx.databaseUrl, log)
  cleanup.add('stack', () => stack.stop())
  const db = new pg.Client({ connectionString: pgx.databaseUrl, application_name: 'bench' })
  db.on('error', (e) => log(`[bench] database connection: ${e.message}`))
  await db.connect()
  cleanup.add('db client', () => db.end())

  const settings = (
    await db.query<{ name: string; setting: string; unit: string | null }>(
      `select name, setting, unit from pg_settings where name in ('server_version', 'shared_buffers', 'work_mem', 'jit', 'max_parallel_workers_per_gather')`,
    )
  ).rows.map((s) => `${s.name}=${s.setting}${s.unit ?? ''}`)
  const postgis = (await db.query<{ v: string }>('select extensions.postgis_lib_version() as v')).rows[0]!.v
  log(`[pg] ${settings.join(', ')}, PostGIS ${postgis}`)

  const shimmed = await shimOctetStream(db)
  if (shimmed) {
    log('[bench] WARNING: public.map_points returns plain bytea, which PostgREST 12 will not serve as')
    log('        application/octet-stream (HTTP 415, PGRST107). In this bench database only, its return type')
    log('        was changed to the media-type domain public."application/octet-stream" (same body).')
  }
  await createBenchFunctions(db)
  await stack.reloadSchema()

  let page: PageServer | null = null
  let browser: BenchBrowser | null = null
  if (!args['no-browser']) {
    page = await buildAndServePage(log)
    cleanup.add('page server', () => page!.close())
    browser = await launchBrowser(log)
    cleanup.add('chromium', () => browser!.close())
  }

  const city = cityView(VIEWPORT.width, VIEWPORT.height)
  const street = streetView(VIEWPORT.width, VIEWPORT.height)
  const results: SizeResult[] = []
  const token = await tokenFor(role)
  const serviceToken = await tokenFor('service') // the baselines' (see below)
  let otherPerPoint = 0 // ms per point of the other role's city call at the last size measured
  let prevN = 0

  for (const n of sizes) {
    const t0 = performance.now()
    const loadAvgStart = loadavg()[0]!
    log(`\n[bench] ${n.toLocaleString('en-US')} points: loading…`)
    const load = await loadRiskPoints(db, n, seed)

    log('  [wire] map_points, city and street views…')
    const wireCity = await measureMapPoints(stack.url, role, city)
    const wireStreet = await measureMapPoints(stack.url, role, street)
    log(
      `  [wire] city ${wireCity.cells} cells, ${wireCity.bytes} B, ${Math.round(wireCity.medianMs)} ms; street ${wireStreet.cells} cells, ${Math.round(wireStreet.medianMs)} ms`,
    )
    log(`  [wire] the same as ${otherRole}…`)
    // Beyond SLOW_MS a call is measured once, and what would repeat its cost without adding
    // information (the street view doing the same full scan, EXPLAIN ANALYZE of it) is skipped
    // and said so: the run has to finish in bounded time.
    // The other role's cost grows linearly with N when a policy runs per row: predict it from the
    // previous size and skip what would take minutes (the figure is printed as extrapolated).
    const predicted = otherPerPoint ? otherPerPoint * n : 0
    const otherCity: MapPointsWire | { error: string } =
      predicted > SKIP_PREDICTED_MS
        ? { error: `skipped: ≈ ${(predicted / 1000).toFixed(0)} s extrapolated from ${prevN.toLocaleString('en-US')} points` }
        : await measureOther(stack.url, city)
    if (!('error' in otherCity)) {
      otherPerPoint = otherCity.firstMs / n
      prevN = n
    }
    const otherSlow = 'error' in otherCity ? predicted || null : otherCity.firstMs > SLOW_MS ? otherCity.firstMs : null
    const other = {
      city: otherCity,
      street: otherSlow ? { error: `skipped (city view: ≈ ${(otherSlow / 1000).toFixed(0)} s)` } : await measureOther(stack.url, street),
    }

    log('  [plans] EXPLAIN ANALYZE inside map_points…')
    const plans: PlanReport[] = []
    for (const r of [role, otherRole]) {
      for (const v of [city, street]) {
        const measured = r === role ? (v === city ? wireCity : wireStreet) : other[v === city ? 'city' : 'street']
        if (r === otherRole && otherSlow) {
          plans.push(skippedPlan(v, r, `skipped: one call takes ≈ ${(otherSlow / 1000).toFixed(0)} s (the plan at a smaller size shows why)`))
          continue
        }
        const slowest = 'firstMs' in measured ? measured.firstMs : 60_000
        plans.push(await explainMapPoints(pgx.databaseUrl, v, r, explainTimeout(slowest)))
      }
    }

    // The baselines are what a naive client would fetch (every point); they are fetched with the
    // service key whatever --role says: as an admin, the GeoJSON of 1M points passes the
    // authenticated role's 8 s statement timeout, and the policies' cost is not what they compare.
    log('  [wire] baselines: GeoJSON and raw float32 of all points (service key)…')
    const base = await measureBaselineWire(stack.url, 'service')

    const browserBase = {
      api: stack.url,
      apikey: ANON_KEY,
      token,
      center: city.center,
      mapZoom: city.mapZoom,
      fetchBbox: city.fetchBbox,
      serverZoom: city.serverZoom,
    }
    // GeoJSON last: it is the one expected to take the tab down at 1M.
    const ours = await runBrowser(browser, page, browserBase, 'ours')
    const deck = await runBrowser(browser, page, { ...browserBase, token: serviceToken }, 'deck')
    const geojson = await runBrowser(browser, page, { ...browserBase, token: serviceToken }, 'geojson')

    const partial: Omit<SizeResult, 'targets'> = {
      n,
      role,
      load,
      views: { city, street },
      loadAverage: [loadAvgStart, loadavg()[0]!],
      wire: { city: wireCity, street: wireStreet, otherRole: other, geojson: base.geojson, positions: base.positions },
      plans,
      browser: { ours, geojson, deck },
    }
    const result: SizeResult = { ...partial, targets: checkTargets(partial) }
    results.push(result)
    console.log(formatSize(result))
    log(`\n[bench] ${n.toLocaleString('en-US')} points done in ${((performance.now() - t0) / 1000).toFixed(0)} s`)
  }

  log('\n[bench] targets, all sizes:')
  for (const r of results) {
    for (const t of r.targets.filter((x) => x.status !== 'n/a')) log(`  ${r.n.toLocaleString('en-US').padStart(9)}  [${t.status}] ${t.target}: ${t.value}`)
  }

  await mkdir(dirname(outPath), { recursive: true })
  await writeFile(
    outPath,
    JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        machine: { cpus: cpus().length, node: process.version },
        postgres: { settings, postgis, source: pgx.describe },
        chromium: browser?.version ?? null,
        role,
        seed,
        octetStreamShim: shimmed,
        results,
      },
      (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v),
      2,
    ),
  )
  log(`\n[bench] results written to ${outPath}; total ${((performance.now() - started) / 1000).toFixed(0)} s`)
}

try {
  await main()
} catch (err) {
  console.error(`\n[bench] FAILED: ${(err as Error).stack ?? err}`)
  process.exitCode = 1
} finally {
  await cleanup.run()
  clearTimeout(hardStop)
}
