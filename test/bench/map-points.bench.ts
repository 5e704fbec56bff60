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

import { readFileSync } from 'node:fs'
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
import { callMapPoints, measureBaselineWire, measureMapPoints, median, tokenFor, type BenchRole, type MapPointsWire } from './wire.ts'
import { functionTime, trackFunctions } from './function-time.ts'

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

/** The previous binning body (before 20270214000100: every point of the view, cells of
 * app.lod_cell), recreated as bench_old.binned_points beside the live one. */
function previousBinning(): string {
  const text = readFileSync(resolve(REPO_ROOT, 'supabase/migrations/20261207000300_current_level_on_map.sql'), 'utf8')
  const start = text.indexOf('create or replace function app.binned_points(')
  const end = text.indexOf('$$;', text.indexOf('as $$', start) + 5)
  return text.slice(start, end + 3).replace('app.binned_points(', 'bench_old.binned_points(')
}

interface PyramidReport {
  rebuildMs: number
  vacuumMs: number
  rows: number
  mb: number
  insert10k: { withTriggerMs: number; withoutTriggerMs: number }
  /** median ms of 7 alternating runs, in SQL on one connection (server time + loopback) */
  calls: Array<{ what: string; newMs: number; oldMs: number; newCells: number; oldCells: number }>
  loadAverage: [number, number]
}

/** The kept cells after a bulk load (which bypasses triggers), their upkeep on a 10,000-row insert,
 * and map_points / public_map_points against the previous body, in the same run. */
async function measurePyramid(db: pg.Client, city: View, street: View): Promise<PyramidReport> {
  const la0 = loadavg()[0]!
  log('  [pyramid] app.rebuild_map_cells() after the bulk load…')
  let t = performance.now()
  await db.query('select app.rebuild_map_cells()')
  const rebuildMs = performance.now() - t
  // upkeep: one INSERT … SELECT of 10,000 copies (rolled back), with and without the map_cells triggers
  const copy = `insert into public.risk_points (name, category_code, location, method, lec_l, lec_e, lec_c, score, level, is_demo, assessed_at)
    select 'bench copy', category_code, extensions.st_translate(location, 0.0001, 0.0001), method, lec_l, lec_e, lec_c, score, level, true, assessed_at
    from public.risk_points where name like 'bench %' order by id limit 10000`
  const timedCopy = async (): Promise<number> => {
    await db.query('begin')
    const t0 = performance.now()
    await db.query(copy)
    const ms = performance.now() - t0
    await db.query('rollback')
    return ms
  }
  const withT: number[] = []
  const withoutT: number[] = []
  for (let i = 0; i < 3; i++) {
    withT.push(await timedCopy())
    await db.query('alter table public.risk_points disable trigger map_cells_insert')
    withoutT.push(await timedCopy())
    await db.query('alter table public.risk_points enable trigger map_cells_insert')
  }
  const insert10k = { withTriggerMs: median(withT), withoutTriggerMs: median(withoutT) }
  log(
    `  [pyramid] 10,000-row insert: ${Math.round(insert10k.withTriggerMs)} ms with the map_cells trigger, ${Math.round(insert10k.withoutTriggerMs)} ms without`,
  )

  // after the insert measurement: its rolled-back upserts clear pages' all-visible bits
  t = performance.now()
  await db.query('vacuum analyze app.map_cells, public.risk_points')
  const vacuumMs = performance.now() - t
  const { rows: sz } = await db.query<{ n: string; mb: number }>(
    `select (select count(*) from app.map_cells) as n, pg_total_relation_size('app.map_cells') / 1048576.0 as mb`,
  )
  log(
    `  [pyramid] ${Number(sz[0]!.n).toLocaleString('en-US')} cells kept (${Math.round(sz[0]!.mb)} MB) in ${Math.round(rebuildMs)} ms + vacuum ${Math.round(vacuumMs)} ms`,
  )

  await db.query('drop schema if exists bench_old cascade; create schema bench_old; grant usage on schema bench_old to authenticated, anon')
  await db.query(previousBinning())
  await db.query('grant execute on all functions in schema bench_old to authenticated')
  const admin = JSON.stringify({ role: 'authenticated', app_metadata: { app_role: 'admin' } })
  const calls: PyramidReport['calls'] = []
  for (const v of [city, street]) {
    const [w, s, e, n] = v.fetchBbox
    const a = `${w}, ${s}, ${e}, ${n}, ${v.serverZoom}`
    const cases = [
      { what: `${v.name}, admin`, claims: admin, neu: `public.map_points('risk_points', ${a})`, old: `bench_old.binned_points(1, ${a}, null, null, null, 0)` },
      // the public: the definer's rights (here the bench's superuser), as public_map_points runs
      { what: `${v.name}, public`, claims: null, neu: `public.public_map_points(${a})`, old: `bench_old.binned_points(4, ${a}, null, null, null, 0.001)` },
    ]
    for (const c of cases) {
      const run = async (q: string): Promise<[number, number]> => {
        await db.query('begin')
        if (c.claims) {
          await db.query(`select set_config('request.jwt.claims', $1, true)`, [c.claims])
          await db.query('set local role authenticated')
        }
        const t0 = performance.now()
        const { rows } = await db.query<{ n: number }>(
          `select (get_byte(b, 4) << 24) | (get_byte(b, 5) << 16) | (get_byte(b, 6) << 8) | get_byte(b, 7) as n from (select ${q} as b) x`,
        )
        const ms = performance.now() - t0
        await db.query('rollback')
        return [ms, rows[0]!.n]
      }
      const nm: number[] = []
      const om: number[] = []
      let newCells = 0
      let oldCells = 0
      for (let i = 0; i < 7; i++) {
        const [a1, c1] = await run(c.neu)
        const [a2, c2] = await run(c.old)
        nm.push(a1)
        om.push(a2)
        newCells = c1
        oldCells = c2
      }
      calls.push({ what: c.what, newMs: median(nm), oldMs: median(om), newCells, oldCells })
      log(`  [pyramid] ${c.what}: new ${Math.round(median(nm))} ms (${newCells} cells), previous body ${Math.round(median(om))} ms (${oldCells} cells)`)
    }
  }
  await db.query('drop schema bench_old cascade')
  return { rebuildMs, vacuumMs, rows: Number(sz[0]!.n), mb: Number(sz[0]!.mb), insert10k, calls, loadAverage: [la0, loadavg()[0]!] }
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
  await trackFunctions(db) // the server time of map_points as PostgREST calls it (function-time.ts)

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
  const pyramids: Array<PyramidReport & { n: number }> = []
  const token = await tokenFor(role)
  const serviceToken = await tokenFor('service') // the baselines' (see below)
  let otherPerPoint = 0 // ms per point of the other role's city call at the last size measured
  let prevN = 0

  for (const n of sizes) {
    const t0 = performance.now()
    const loadAvgStart = loadavg()[0]!
    log(`\n[bench] ${n.toLocaleString('en-US')} points: loading…`)
    const load = await loadRiskPoints(db, n, seed)
    pyramids.push({ n, ...(await measurePyramid(db, city, street)) })

    log('  [wire] map_points, city and street views…')
    const wireCity = await measureMapPoints(stack.url, role, city)
    const wireStreet = await measureMapPoints(stack.url, role, street)
    log(
      `  [wire] city ${wireCity.cells} cells, ${wireCity.bytes} B, ${Math.round(wireCity.medianMs)} ms; street ${wireStreet.cells} cells, ${Math.round(wireStreet.medianMs)} ms`,
    )
    // issue 15's targets are server time for a signed-in user: the database's own time in
    // map_points, called through PostgREST with an admin's token (RLS applies)
    log('  [server] time PostgreSQL spends in map_points per call, admin token, through PostgREST…')
    const adminToken = await tokenFor('admin')
    const serverTime = {
      city: await functionTime(db, 'public', 'map_points', () => callMapPoints(stack.url, adminToken, city)),
      street: await functionTime(db, 'public', 'map_points', () => callMapPoints(stack.url, adminToken, street)),
    }
    log(
      `  [server] city ${serverTime.city.meanMs.toFixed(1)} ms, street ${serverTime.street.meanMs.toFixed(1)} ms (mean of ${serverTime.street.counted} counted / ${serverTime.street.made} made)`,
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
      serverTime,
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
        pyramids,
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
