// Benchmark of the relocation worklist, public.safety_distance_violations
// (npm run bench:violations [-- --sources 10000 --targets 1000000]).
//
// On a fresh native PostgreSQL 15 + PostGIS (test/bench/pg.ts; migrations applied by the
// project's own stack, no demo seed) it loads a synthetic 江门 (test/bench/violations/load.ts):
// N hazard sources with required distances for the 5 protective-target classes and M protective
// targets, then, in the same run:
//   1. times the function as the superuser (RLS bypassed), city-wide and with an area filter,
//      and as an admin (RLS applies) in SQL and through PostgREST with an admin JWT;
//   2. EXPLAIN (ANALYZE, BUFFERS) of the function's core query (its `v` CTE, same predicates):
//      is the GiST index protective_targets_geom_geog_idx used? MET / NOT MET;
//   3. the naive formulation (ST_Distance(…) <= required_m, no index possible) on a
//      deterministic sample of sources, extrapolated linearly to all N, and the indexed
//      formulation on the same sample: per-source violation counts must agree (exit 1 if not).
// The kept relation (issue 15, migration 20261207000100): the loader bypasses triggers, so the
// run first times the full rebuild (public.rebuild_distance_violations()); the function above
// then reads the relation, and the same run times today's on-the-fly formulation (the function's
// body before 20261207000100, LEGACY_CALL_SQL) and checks both give the same rows; then the cost
// of one edit (a school moved ~200 m, triggers included, --edits of them, then moved back), and
// a second rebuild whose rows must equal what the triggers kept (exit 1 if not). The rebuild is
// timed against its previous body (before 20270208000100, LEGACY_REBUILD_SQL) on the same data in
// the same run, with the load average beside both; their rows must be identical (exit 1 if not).
// Times are printed, never asserted. JSON goes to test-results/bench-violations.json.
//
// Options: --sources 10000 --targets 1000000 --sample 20 --runs 3 --area 440703 --seed 42 --edits 20
// --naive-timeout-minutes 10 --no-http --no-old-rebuild --out … --max-minutes 40 (hard stop, with cleanup)

import { mkdir, writeFile } from 'node:fs/promises'
import { cpus, loadavg } from 'node:os'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { REPO_ROOT } from '../../supabase/local/paths.ts'
import { Cleanup } from './cleanup.ts'
import { CLAIMS } from './explain.ts'
import { startBenchPostgres } from './pg.ts'
import { startBenchStack } from './stack.ts'
import { fmtInt, fmtMs, INDEX_NAMES, planLines, table, usesIndex } from './violations/format.ts'
import { loadCity, type LoadResult } from './violations/load.ts'
import {
  CALL_SQL,
  CORE_SQL,
  DIFF_SQL,
  LEGACY_CALL_SQL,
  LEGACY_REBUILD_SQL,
  MOVE_SQL,
  REBUILD_SQL,
  SAMPLE_IDS_SQL,
  SAMPLE_INDEXED_SQL,
  SAMPLE_NAIVE_SQL,
  SCHOOLS_SQL,
} from './violations/queries.ts'
import { median, rpc, tokenFor } from './wire.ts'

const t0Run = performance.now()
const log = (m: string): void => {
  const lead = /^\s*/.exec(m)![0]
  console.log(m.trimStart().startsWith('[') ? `${lead}${((performance.now() - t0Run) / 1000).toFixed(0).padStart(4)}s ${m.trimStart()}` : m)
}

function parseCount(s: string, what: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(s.trim().replace(/[_,]/g, ''))
  if (!m) throw new Error(`bad ${what} "${s}" (use e.g. 1000, 10k, 1m)`)
  const n = Math.round(Number(m[1]) * { '': 1, k: 1e3, m: 1e6 }[m[2]!.toLowerCase() as '' | 'k' | 'm'])
  if (n < 1) throw new Error(`${what} must be at least 1`)
  return n
}

const { values: args } = parseArgs({
  options: {
    sources: { type: 'string', default: '10000' },
    targets: { type: 'string', default: '1000000' },
    sample: { type: 'string', default: '20' },
    runs: { type: 'string', default: '3' },
    area: { type: 'string', default: '440703' },
    seed: { type: 'string', default: '42' },
    edits: { type: 'string', default: '20' },
    'no-naive': { type: 'boolean', default: false },
    'naive-timeout-minutes': { type: 'string', default: '10' },
    'no-http': { type: 'boolean', default: false },
    'no-old-rebuild': { type: 'boolean', default: false },
    out: { type: 'string', default: 'test-results/bench-violations.json' },
    'max-minutes': { type: 'string', default: '40' },
  },
})
const nSources = parseCount(args.sources!, '--sources')
const nTargets = parseCount(args.targets!, '--targets')
const sampleSize = Math.min(parseCount(args.sample!, '--sample'), nSources)
const runs = parseCount(args.runs!, '--runs')
const area = args.area!
const seed = Number(args.seed)
const nEdits = parseCount(args.edits!, '--edits')
const naiveTimeoutMs = Number(args['naive-timeout-minutes']) * 60_000
const outPath = resolve(REPO_ROOT, args.out!)
/** Any one statement of the timed part: bounded, so a bad plan cannot hang the run. */
const STATEMENT_TIMEOUT_MS = 10 * 60_000
/** The admin role is measured through PostgREST only when one SQL call took less than this. */
const HTTP_MAX_MS = 120_000
/** Upper bound of the admin (RLS) call in SQL. */
const ADMIN_MAX_MS = 2 * 60_000

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

interface Timed {
  label: string
  runsMs: number[]
  medianMs: number
  rows: number
  error?: string
}

/** A second session, so role and timeouts never leak into the loader's. */
async function session(databaseUrl: string, name: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: databaseUrl, application_name: name })
  c.on('error', (e) => log(`[bench] ${name} connection: ${e.message}`))
  await c.connect()
  cleanup.add(`${name} client`, () => c.end())
  return c
}

/** Runs `sql` `n` times in a transaction as `role` (superuser when null), statement_timeout bounded. */
async function timeAs(
  c: pg.Client,
  label: string,
  role: 'admin' | null,
  sql: string,
  params: unknown[],
  n: number,
  timeoutMs = STATEMENT_TIMEOUT_MS,
  keep?: (rows: Record<string, unknown>[]) => void,
): Promise<Timed> {
  const out: Timed = { label, runsMs: [], medianMs: NaN, rows: NaN }
  for (let i = 0; i < n; i++) {
    await c.query('begin')
    try {
      await c.query(`set local statement_timeout = ${Math.round(timeoutMs)}`)
      if (role) {
        await c.query('set local role authenticated')
        await c.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(CLAIMS[role])])
      }
      const t = performance.now()
      const r = await c.query(sql, params)
      out.runsMs.push(performance.now() - t)
      out.rows = r.rowCount ?? r.rows.length
      if (keep && i === 0) keep(r.rows)
      await c.query('commit')
    } catch (err) {
      await c.query('rollback').catch(() => {})
      const e = err as { code?: string; message: string }
      out.error = e.code === '57014' ? `timed out after ${fmtMs(timeoutMs)}` : e.message
      break
    }
    // A call longer than a minute is not repeated: one figure is enough and the run stays bounded.
    if (out.runsMs[out.runsMs.length - 1]! > 60_000) break
  }
  if (out.runsMs.length) out.medianMs = median(out.runsMs)
  log(
    `  [time] ${label}: ${out.error ? out.error : `${fmtMs(out.medianMs)} (median of ${out.runsMs.length}: ${out.runsMs.map(fmtMs).join(', ')}), ${fmtInt(out.rows)} rows`}`,
  )
  return out
}

async function explain(
  c: pg.Client,
  role: 'admin' | null,
  sql: string,
  params: unknown[],
  timeoutMs: number,
  analyze = true,
): Promise<{ plan: string | null; error?: string }> {
  await c.query('begin')
  try {
    await c.query(`set local statement_timeout = ${Math.round(timeoutMs)}`)
    if (role) {
      await c.query('set local role authenticated')
      await c.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(CLAIMS[role])])
    }
    const r = await c.query<{ 'QUERY PLAN': string }>(`explain ${analyze ? '(analyze, buffers)' : ''} ${sql}`, params)
    await c.query('commit')
    return { plan: r.rows.map((x) => x['QUERY PLAN']).join('\n') }
  } catch (err) {
    await c.query('rollback').catch(() => {})
    const e = err as { code?: string; message: string }
    return { plan: null, error: e.code === '57014' ? `did not finish within ${fmtMs(timeoutMs)}` : e.message }
  }
}

async function main(): Promise<number> {
  const started = performance.now()
  log(`[bench] safety_distance_violations: ${fmtInt(nSources)} hazard sources × ${fmtInt(nTargets)} protective targets, seed ${seed}, sample ${sampleSize}`)
  const pgx = await startBenchPostgres(log)
  cleanup.add('postgres', () => pgx.stop())
  const stack = await startBenchStack(pgx.databaseUrl, log)
  cleanup.add('stack', () => stack.stop())
  const db = await session(pgx.databaseUrl, 'bench-load')
  const q = await session(pgx.databaseUrl, 'bench-query')

  const settings = (
    await db.query<{ name: string; setting: string; unit: string | null }>(
      `select name, setting, unit from pg_settings where name in ('server_version', 'shared_buffers', 'work_mem', 'jit', 'max_parallel_workers_per_gather') order by name`,
    )
  ).rows.map((s) => `${s.name}=${s.setting}${s.unit ?? ''}`)
  const postgis = (await db.query<{ v: string }>('select extensions.postgis_lib_version() as v')).rows[0]!.v
  log(`[pg] ${settings.join(', ')}, PostGIS ${postgis}; ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)}`)

  log(`\n[load] synthetic 江门: ${fmtInt(nSources)} sources, ${fmtInt(nTargets)} targets…`)
  const load: LoadResult = await loadCity(db, { sources: nSources, targets: nTargets, seed }, log)
  const L = load.ms
  log(
    `[load] ${fmtInt(load.enterprises)} enterprises ${fmtMs(L.enterprises)}; ${fmtInt(load.sources)} hazard sources (${fmtInt(load.sourcePolygons)} polygons) ${fmtMs(L.sources)}; ${fmtInt(load.distances)} required distances ${fmtMs(L.distances)}`,
  )
  log(
    `[load] ${fmtInt(load.targets)} protective targets (${fmtInt(load.targetPolygons)} polygons; ${Object.entries(load.targetsByClass)
      .map(([c, n]) => `${c} ${fmtInt(n)}`)
      .join(
        ', ',
      )}) ${fmtMs(L.targets)}, indexes ${fmtMs(L.indexes)}, analyze ${fmtMs(L.analyze)}; total ${fmtMs(L.total)}, targets table+indexes ${load.targetsMB} MB`,
  )

  // 0. The kept relation: the loader bypassed the triggers, so the full rebuild fills it.
  log('\n[rebuild] public.rebuild_distance_violations() after the bulk load…')
  const rebuild1 = await timeAs(q, 'full rebuild after the bulk load', null, REBUILD_SQL, [], 1)
  log(
    `  [rebuild] load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' / ')} (1 / 5 / 15 min)`,
  )
  // The previous body (before 20270208000100) in the same run, on the same data: its rows must
  // be the new body's, row for row.
  await q.query('drop table if exists pg_temp.dv_snapshot')
  await q.query('create temp table dv_snapshot as select * from public.distance_violations')
  const rebuildOld: Timed = { label: 'previous rebuild body (before 20270208000100)', runsMs: [], medianMs: NaN, rows: NaN }
  if (args['no-old-rebuild']) {
    rebuildOld.error = 'skipped (--no-old-rebuild)'
  } else {
    await q.query('begin')
    try {
      await q.query(`set local statement_timeout = ${STATEMENT_TIMEOUT_MS}`)
      const t = performance.now()
      await q.query(LEGACY_REBUILD_SQL[0]!)
      const r = await q.query(LEGACY_REBUILD_SQL[1]!)
      rebuildOld.runsMs.push(performance.now() - t)
      rebuildOld.medianMs = rebuildOld.runsMs[0]!
      rebuildOld.rows = r.rowCount ?? NaN
      await q.query('commit')
    } catch (err) {
      await q.query('rollback').catch(() => {})
      const e = err as { code?: string; message: string }
      rebuildOld.error = e.code === '57014' ? `timed out after ${fmtMs(STATEMENT_TIMEOUT_MS)}` : e.message
    }
  }
  const oldDiff = rebuildOld.error ? null : (await q.query<{ extra: string; missing: string; n: string }>(DIFF_SQL)).rows[0]!
  const rebuildOldSame = oldDiff ? Number(oldDiff.extra) === 0 && Number(oldDiff.missing) === 0 : null
  log(
    `  [time] ${rebuildOld.label}: ${rebuildOld.error ?? `${fmtMs(rebuildOld.medianMs)} (1 run), ${fmtInt(rebuildOld.rows)} rows; load average ${loadavg()[0]!.toFixed(1)}`}`,
  )
  if (oldDiff)
    log(
      `  [check] new rebuild vs the previous body: ${rebuildOldSame ? 'IDENTICAL' : 'DIFFERENT'} (${fmtInt(Number(oldDiff.n))} rows; ${oldDiff.missing} only in the new, ${oldDiff.extra} only in the previous)`,
    )
  await q.query('analyze public.distance_violations')

  // 1. The function, as it is called (it reads the kept relation).
  log('\n[time] public.safety_distance_violations (reads distance_violations)…')
  let allRows: Record<string, unknown>[] = []
  const suAll = await timeAs(q, 'superuser, city-wide', null, CALL_SQL, [null], runs, STATEMENT_TIMEOUT_MS, (r) => (allRows = r))
  const suArea = await timeAs(q, `superuser, area ${area}`, null, CALL_SQL, [area], runs)
  const stats = {
    sources: allRows.length,
    pairs: allRows.reduce((a, r) => a + Number(r.violating_targets), 0),
    people: allRows.reduce((a, r) => a + Number(r.population_inside), 0),
  }
  const violSources = Number(stats.sources)
  const violPairs = Number(stats.pairs)
  log(
    `  [time] ${fmtInt(violSources)} of ${fmtInt(nSources)} sources (${((100 * violSources) / nSources).toFixed(1)} %) have violations; ${fmtInt(violPairs)} (source, target) violations, ${fmtInt(Number(stats.people))} people inside`,
  )

  // Under row-level security the call can be orders of magnitude slower (see its plan below):
  // bounded by a timeout relative to the superuser's time, so the run stays bounded.
  const adminTimeoutMs = Math.min(ADMIN_MAX_MS, Math.max(30_000, 30 * suAll.medianMs))
  const adminSql = await timeAs(q, 'admin JWT claims in SQL (RLS applies), city-wide', 'admin', CALL_SQL, [null], runs, adminTimeoutMs)
  let adminHttp: Timed | null = null
  if (!args['no-http'] && !adminSql.error && adminSql.medianMs < HTTP_MAX_MS) {
    const token = await tokenFor('admin')
    adminHttp = { label: 'admin JWT through PostgREST, city-wide', runsMs: [], medianMs: NaN, rows: NaN }
    try {
      for (let i = 0; i < runs; i++) {
        const call = await rpc(stack.url, token, 'safety_distance_violations', {}, 'application/json')
        adminHttp.runsMs.push(call.ms)
        adminHttp.rows = (JSON.parse(new TextDecoder().decode(call.body)) as unknown[]).length
      }
      adminHttp.medianMs = median(adminHttp.runsMs)
      log(
        `  [time] ${adminHttp.label}: ${fmtMs(adminHttp.medianMs)} (median of ${runs}: ${adminHttp.runsMs.map(fmtMs).join(', ')}), ${fmtInt(adminHttp.rows)} rows`,
      )
    } catch (err) {
      adminHttp.error = (err as Error).message.slice(0, 200)
      log(`  [time] ${adminHttp.label}: ${adminHttp.error}`)
    }
  }

  // 1b. Today's on-the-fly worklist in the same run, and the same rows?
  log("\n[time] the on-the-fly worklist (the function's body before 20261207000100)…")
  let legacyRows: Record<string, unknown>[] = []
  const legacyAll = await timeAs(q, 'on-the-fly, superuser, city-wide', null, LEGACY_CALL_SQL, [null], runs, STATEMENT_TIMEOUT_MS, (r) => (legacyRows = r))
  const legacyAdmin = await timeAs(q, 'on-the-fly, admin JWT claims in SQL (RLS applies), city-wide', 'admin', LEGACY_CALL_SQL, [null], 1, adminTimeoutMs)
  const norm = (rs: Record<string, unknown>[]): string[] => rs.map((r) => JSON.stringify(r))
  const sameWorklist = !legacyAll.error && JSON.stringify(norm(allRows)) === JSON.stringify(norm(legacyRows))
  log(
    `  [check] kept-relation worklist ${sameWorklist ? 'EQUALS' : 'DIFFERS FROM'} the on-the-fly worklist (${fmtInt(allRows.length)} vs ${fmtInt(legacyRows.length)} rows)`,
  )

  // 1c. One edit: move a school ~200 m (triggers included), each in its own transaction; then back.
  const schools = (await q.query<{ ids: string[] | null }>(SCHOOLS_SQL, [nEdits])).rows[0]!.ids ?? []
  log(`\n[edit] moving ${schools.length} schools ~200 m and back, one committed UPDATE each (incl. the upkeep of distance_violations)…`)
  const editMs: number[] = []
  for (const dir of [1, -1]) {
    for (const id of schools) {
      const t = performance.now()
      await q.query('begin')
      await q.query(dir > 0 ? MOVE_SQL : MOVE_SQL.replace('0.002, 0', '-0.002, 0'), [id])
      await q.query('commit')
      editMs.push(performance.now() - t)
    }
  }
  const editSorted = [...editMs].sort((a, b) => a - b)
  const edit = {
    n: editMs.length,
    medianMs: median(editMs),
    p95Ms: editSorted[Math.min(editSorted.length - 1, Math.floor(0.95 * editSorted.length))] ?? NaN,
    maxMs: editSorted[editSorted.length - 1] ?? NaN,
  }
  log(`  [edit] one school moved: median ${fmtMs(edit.medianMs)}, p95 ${fmtMs(edit.p95Ms)}, max ${fmtMs(edit.maxMs)} (${edit.n} edits)`)

  // 1d. Rebuild again; its rows must equal what the triggers kept through the edits.
  await q.query('drop table if exists pg_temp.dv_snapshot')
  await q.query('create temp table dv_snapshot as select * from public.distance_violations')
  const rebuild2 = await timeAs(q, 'full rebuild after the edits', null, REBUILD_SQL, [], 1)
  log(
    `  [rebuild] load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' / ')} (1 / 5 / 15 min)`,
  )
  const diff = (await q.query<{ extra: string; missing: string; n: string }>(DIFF_SQL)).rows[0]!
  const rebuildSame = Number(diff.extra) === 0 && Number(diff.missing) === 0
  log(
    `  [check] rebuild vs incremental: ${rebuildSame ? 'IDENTICAL' : 'DIFFERENT'} (${fmtInt(Number(diff.n))} rows; ${diff.extra} only in the rebuild, ${diff.missing} only in the kept relation)`,
  )

  // 2. The plan of the core query.
  log("\n[plan] EXPLAIN (ANALYZE, BUFFERS) of the function's core (`v` CTE + per-source aggregation), superuser…")
  const explainTimeout = Math.min(STATEMENT_TIMEOUT_MS, Math.max(60_000, (suAll.medianMs || 60_000) * 3))
  const planSu = await explain(q, null, CORE_SQL, [null], explainTimeout)
  let planAdmin: { plan: string | null; error?: string; analyzed: boolean }
  if (!adminSql.error && adminSql.medianMs < HTTP_MAX_MS) {
    log('[plan] … and as admin (RLS applies)…')
    planAdmin = { ...(await explain(q, 'admin', CORE_SQL, [null], explainTimeout)), analyzed: true }
  } else {
    // Too slow to run again under ANALYZE: the plan without executing it shows why.
    log('[plan] … and as admin (RLS applies), plan only (EXPLAIN without ANALYZE: the call is too slow to repeat)…')
    planAdmin = { ...(await explain(q, 'admin', CORE_SQL, [null], 60_000, false)), analyzed: false }
  }

  // 3. Sample: the naive formulation against the indexed one, same sources.
  const ids = (await q.query<{ ids: string[] }>(SAMPLE_IDS_SQL, [sampleSize])).rows[0]!.ids
  log(`\n[sample] ${ids.length} sources (the first by id), indexed vs naive formulation…`)
  const sampleIdx = await timeAs(q, `indexed (ST_DWithin), ${ids.length} sources`, null, SAMPLE_INDEXED_SQL, [ids], runs)
  const idxCounts = new Map<string, number>()
  {
    const r = await q.query<{ id: string; n: string }>(SAMPLE_INDEXED_SQL, [ids])
    for (const row of r.rows) idxCounts.set(row.id, Number(row.n))
  }
  let naiveCounts: Map<string, number> | null = null
  const sampleNaive: Timed = { label: `naive (ST_Distance <= required_m), ${ids.length} sources`, runsMs: [], medianMs: NaN, rows: NaN }
  if (args['no-naive']) {
    sampleNaive.error = 'skipped (--no-naive)'
    log(`  [time] ${sampleNaive.label}: ${sampleNaive.error}`)
  } else {
    await q.query('begin')
    try {
      await q.query(`set local statement_timeout = ${Math.round(naiveTimeoutMs)}`)
      const t = performance.now()
      const r = await q.query<{ id: string; n: string }>(SAMPLE_NAIVE_SQL, [ids])
      sampleNaive.runsMs.push(performance.now() - t)
      sampleNaive.medianMs = sampleNaive.runsMs[0]!
      sampleNaive.rows = r.rowCount ?? r.rows.length
      naiveCounts = new Map(r.rows.map((row) => [row.id, Number(row.n)]))
      await q.query('commit')
      log(`  [time] ${sampleNaive.label}: ${fmtMs(sampleNaive.medianMs)} (1 run)`)
    } catch (err) {
      await q.query('rollback').catch(() => {})
      const e = err as { code?: string; message: string }
      sampleNaive.error = e.code === '57014' ? `timed out after ${fmtMs(naiveTimeoutMs)}` : e.message
      log(`  [time] ${sampleNaive.label}: ${sampleNaive.error}`)
    }
  }
  const mismatches: Array<{ id: string; indexed: number; naive: number }> = []
  if (naiveCounts) {
    for (const id of ids) {
      const a = idxCounts.get(id) ?? 0
      const b = naiveCounts.get(id) ?? 0
      if (a !== b) mismatches.push({ id, indexed: a, naive: b })
    }
  }
  const sampleViolations = [...idxCounts.values()].reduce((a, b) => a + b, 0)
  const naiveExtrapolatedMs = sampleNaive.medianMs * (nSources / ids.length)
  const indexedExtrapolatedMs = sampleIdx.medianMs * (nSources / ids.length)

  // Report.
  const out: string[] = []
  out.push(
    `\n=== safety_distance_violations: ${fmtInt(nSources)} hazard sources × ${fmtInt(nTargets)} protective targets (native PostgreSQL ${settings.find((s) => s.startsWith('server_version'))?.split('=')[1]}, PostGIS ${postgis}) ===`,
  )
  out.push(
    `load: enterprises ${fmtMs(L.enterprises)}, sources ${fmtMs(L.sources)}, distances ${fmtMs(L.distances)}, targets ${fmtMs(L.targets)}, target indexes ${fmtMs(L.indexes)}, analyze ${fmtMs(L.analyze)} (total ${fmtMs(L.total)})`,
  )
  out.push(
    `result: ${fmtInt(violSources)} sources with violations (${((100 * violSources) / nSources).toFixed(1)} %), ${fmtInt(violPairs)} violating (source, target) pairs; machine load average now ${loadavg()[0]!.toFixed(1)} (${cpus().length} CPUs)`,
  )
  const ratio = (a: number, b: number): string => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(a / b >= 10 ? 0 : 1)}×` : '—')
  const row = (name: string, src: string, t: Timed | null, note = ''): string[] =>
    t
      ? [
          name,
          src,
          fmtInt(nTargets),
          t.error ?? `${fmtMs(t.medianMs)}${t.runsMs.length > 1 ? ` (median of ${t.runsMs.length})` : ''}`,
          Number.isFinite(t.rows) ? fmtInt(t.rows) : '—',
          note,
        ]
      : [name, src, fmtInt(nTargets), 'skipped', '—', note]
  const rows: string[][] = [
    ['formulation', 'sources', 'targets', 'time', 'rows', 'vs function (superuser)'],
    row('safety_distance_violations() = kept relation, superuser (RLS bypassed)', fmtInt(nSources), suAll, '1×'),
    row(
      `safety_distance_violations('${area}'), superuser`,
      `${fmtInt(Number((await q.query(`select count(*) as n from public.hazard_sources where area_code like app.code_prefix($1) || '%'`, [area])).rows[0].n))} in area`,
      suArea,
      ratio(suArea.medianMs, suAll.medianMs),
    ),
    row('safety_distance_violations(), admin JWT in SQL (RLS)', fmtInt(nSources), adminSql, ratio(adminSql.medianMs, suAll.medianMs)),
    row('safety_distance_violations(), admin JWT via PostgREST', fmtInt(nSources), adminHttp, adminHttp ? ratio(adminHttp.medianMs, suAll.medianMs) : ''),
    row("on-the-fly worklist (the function's body before 20261207000100), superuser", fmtInt(nSources), legacyAll, ratio(legacyAll.medianMs, suAll.medianMs)),
    row(
      'on-the-fly worklist, admin JWT in SQL (RLS)',
      fmtInt(nSources),
      legacyAdmin,
      `${ratio(legacyAdmin.medianMs, adminSql.medianMs)} the kept read as admin`,
    ),
    row('rebuild_distance_violations() after the bulk load', fmtInt(nSources), rebuild1, ''),
    row(
      'previous rebuild body (before 20270208000100), same data',
      fmtInt(nSources),
      rebuildOld,
      `${ratio(rebuildOld.medianMs, rebuild1.medianMs)} the new; rows ${rebuildOldSame === null ? 'not compared' : rebuildOldSame ? 'identical' : 'DIFFERENT'}`,
    ),
    row('rebuild_distance_violations() after the edits', fmtInt(nSources), rebuild2, ''),
    [
      `indexed core (ST_DWithin), sample`,
      fmtInt(ids.length),
      fmtInt(nTargets),
      sampleIdx.error ?? `${fmtMs(sampleIdx.medianMs)} (median of ${sampleIdx.runsMs.length})`,
      `${fmtInt(sampleViolations)} violations`,
      '',
    ],
    [
      `naive (ST_Distance <= required_m), sample, measured`,
      fmtInt(ids.length),
      fmtInt(nTargets),
      sampleNaive.error ?? `${fmtMs(sampleNaive.medianMs)} (1 run)`,
      naiveCounts ? `${fmtInt([...naiveCounts.values()].reduce((a, b) => a + b, 0))} violations` : '—',
      `${ratio(sampleNaive.medianMs, sampleIdx.medianMs)} the indexed sample`,
    ],
    [
      `naive, EXTRAPOLATED ×${fmtInt(nSources / ids.length)} from the ${ids.length}-source sample`,
      fmtInt(nSources),
      fmtInt(nTargets),
      sampleNaive.error ? '—' : `≈ ${fmtMs(naiveExtrapolatedMs)}`,
      '—',
      ratio(naiveExtrapolatedMs, suAll.medianMs),
    ],
  ]
  out.push(table(rows))
  out.push(
    `  kept relation: worklist read ${fmtMs(suAll.medianMs)} (superuser), ${fmtMs(adminSql.medianMs)} (admin, RLS) vs on-the-fly ${fmtMs(legacyAll.medianMs)} / ${fmtMs(legacyAdmin.medianMs)}: ${ratio(legacyAll.medianMs, suAll.medianMs)} / ${ratio(legacyAdmin.medianMs, adminSql.medianMs)}; same rows: ${sameWorklist ? 'yes' : 'NO'}`,
  )
  out.push(
    `  one edit (a school moved ~200 m, committed, upkeep included): median ${fmtMs(edit.medianMs)}, p95 ${fmtMs(edit.p95Ms)}, max ${fmtMs(edit.maxMs)} over ${edit.n} edits; rebuild ${fmtMs(rebuild1.medianMs)} / ${fmtMs(rebuild2.medianMs)}; rebuild vs incremental: ${rebuildSame ? 'IDENTICAL' : `DIFFERENT (${diff.extra} extra, ${diff.missing} missing)`} (${fmtInt(Number(diff.n))} rows)`,
  )
  out.push(
    `  The naive figure for all ${fmtInt(nSources)} sources is NOT measured: it is the ${ids.length}-source sample's time × ${fmtInt(nSources)}/${ids.length} (linear: the naive plan computes the distance to every target of the class for every source). The indexed sample extrapolated the same way would be ≈ ${fmtMs(indexedExtrapolatedMs)}.`,
  )
  out.push(
    naiveCounts
      ? mismatches.length
        ? `  CORRECTNESS: FAILED — ${mismatches.length} of ${ids.length} sample sources differ: ${mismatches
            .slice(0, 5)
            .map((m) => `${m.id} indexed ${m.indexed} vs naive ${m.naive}`)
            .join('; ')}`
        : `  correctness: indexed and naive formulations agree on the violation count of each of the ${ids.length} sample sources (${fmtInt(sampleViolations)} violations in all)`
      : `  correctness: not checked (naive formulation ${sampleNaive.error})`,
  )

  const verdict = (p: { plan: string | null; error?: string; analyzed?: boolean }, who: string): string[] => {
    if (!p.plan) return [`  ${who}: ${p.error}`]
    const used = usesIndex(p.plan)
    const exec = /Execution Time: ([\d.]+) ms/.exec(p.plan)?.[1]
    return [
      `  [${used ? 'MET' : 'NOT MET'}] index used (${INDEX_NAMES.join(' or ')}), ${who}; ${p.analyzed === false ? 'EXPLAIN without ANALYZE (not executed)' : `execution ${exec ? fmtMs(Number(exec)) : '?'} under EXPLAIN ANALYZE`}`,
      ...planLines(p.plan),
    ]
  }
  out.push("\nEXPLAIN (ANALYZE, BUFFERS) of the core query (the function's `v` CTE, same joins and predicates, aggregated per source):")
  out.push(...verdict(planSu, 'superuser'))
  out.push(...verdict(planAdmin, 'admin JWT claims (RLS applies)'))
  console.log(out.join('\n'))

  await mkdir(dirname(outPath), { recursive: true })
  await writeFile(
    outPath,
    JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        machine: { cpus: cpus().length, node: process.version },
        postgres: { settings, postgis, source: pgx.describe },
        options: { sources: nSources, targets: nTargets, sample: ids.length, runs, area, seed },
        load,
        result: { sourcesWithViolations: violSources, violatingPairs: violPairs, people: Number(stats.people) },
        timings: { superuser: suAll, superuserArea: suArea, adminSql, adminHttp, legacyAll, legacyAdmin, rebuild1, rebuildOld, rebuild2 },
        kept: {
          sameWorklist,
          edit,
          editMs,
          rebuildVsIncremental: { extra: Number(diff.extra), missing: Number(diff.missing), rows: Number(diff.n), identical: rebuildSame },
          rebuildVsPreviousBody: oldDiff
            ? { extra: Number(oldDiff.extra), missing: Number(oldDiff.missing), rows: Number(oldDiff.n), identical: rebuildOldSame }
            : null,
        },
        sample: {
          ids,
          indexed: sampleIdx,
          naive: sampleNaive,
          naiveExtrapolatedMs,
          extrapolation: `naive sample time × ${nSources}/${ids.length} (linear), not measured`,
          indexedCounts: Object.fromEntries(idxCounts),
          naiveCounts: naiveCounts ? Object.fromEntries(naiveCounts) : null,
          mismatches,
        },
        plans: {
          superuser: { indexUsed: planSu.plan ? usesIndex(planSu.plan) : null, plan: planSu.plan, error: planSu.error },
          admin: { indexUsed: planAdmin.plan ? usesIndex(planAdmin.plan) : null, analyzed: planAdmin.analyzed, plan: planAdmin.plan, error: planAdmin.error },
        },
      },
      (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v),
      2,
    ),
  )
  log(`\n[bench] results written to ${outPath}; total ${((performance.now() - started) / 1000).toFixed(0)} s`)
  return mismatches.length || !rebuildSame || !sameWorklist || rebuildOldSame === false ? 1 : 0
}

try {
  process.exitCode = await main()
} catch (err) {
  console.error(`\n[bench] FAILED: ${(err as Error).stack ?? err}`)
  process.exitCode = 1
} finally {
  await cleanup.run()
  clearTimeout(hardStop)
}
