// Run by hand (no npm script, not in npm test):
//   node --import tsx test/bench/pipeline-hca.bench.ts [--db native|pglite] [--port 25125] [--targets 20000] [--runs 3]
// pipeline_map's high-consequence-area screening (issue 19, zoom ≥ 9: app.pipeline_hca_of over the
// lines in view) on the demo data and then on a larger synthetic set: `targets` extra residential
// targets scattered over the demo city's lines' box (bench-only rows, in a throw-away stack).
// Times pipeline_map as the command centre (supabase-js → PostgREST) over the city and over one
// district at zoom 8 (no screening: the baseline, measured in the same run) and at zoom 9 (with
// screening), median of `runs`; then EXPLAIN (ANALYZE) of app.pipeline_near_targets, the search the
// screening starts from: is the GiST index protective_targets_geom_geog_idx used? Times are
// printed, never asserted.
import { parseArgs } from 'node:util'
import { createClient } from '@supabase/supabase-js'
import { SignJWT } from 'jose'
import { jwtSecretKey } from '../../supabase/local/keys.ts'
import { httpSqlExecutor } from '../../supabase/local/sql-http.ts'
import { clientOptions } from '../helpers/stack.ts'
import { serveStack } from './load/child.ts'

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'native' },
    port: { type: 'string', default: '25125' },
    targets: { type: 'string', default: '20000' },
    runs: { type: 'string', default: '3' },
  },
})
const runs = Number(values.runs)
const nTargets = Number(values.targets)
if (!['pglite', 'native'].includes(values.db!)) throw new Error('--db must be pglite or native')
if (!(nTargets >= 0 && nTargets <= 500_000)) throw new Error('--targets must be 0 to 500,000')
const log = (m: string): void => console.log(m)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const stack = await serveStack(values.db as 'native' | 'pglite', Number(values.port), 1, log)
try {
  const sql = httpSqlExecutor(stack.url, stack.serviceRoleKey)
  const now = Math.floor(Date.now() / 1000)
  const token = await new SignJWT({
    iat: now,
    exp: now + 7200,
    sub: '00000000-0000-4000-8000-00000000b121',
    role: 'authenticated',
    aud: 'authenticated',
    app_metadata: { app_role: 'command' },
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(jwtSecretKey())
  const client = createClient(stack.url, stack.anonKey, { ...clientOptions, global: { headers: { Authorization: `Bearer ${token}` } } })

  const { rows: boxRow } = await sql.query<{ w: number; s: number; e: number; n: number; lines: number }>(
    `select extensions.st_xmin(b) w, extensions.st_ymin(b) s, extensions.st_xmax(b) e, extensions.st_ymax(b) n, c lines
     from (select extensions.st_extent(geom)::extensions.geometry b, count(*)::int c from public.pipelines) x`,
  )
  const city = { west: +boxRow[0]!.w, south: +boxRow[0]!.s, east: +boxRow[0]!.e, north: +boxRow[0]!.n }
  // the district the most lines cross
  const { rows: d } = await sql.query<{ w: number; s: number; e: number; n: number; name: string }>(
    `select extensions.st_xmin(a.geom) w, extensions.st_ymin(a.geom) s, extensions.st_xmax(a.geom) e, extensions.st_ymax(a.geom) n, a.name
     from public.areas a where a.level = 'district'
     order by (select count(*) from public.pipelines p where extensions.st_intersects(p.geom, a.geom)) desc limit 1`,
  )
  const district = { west: +d[0]!.w, south: +d[0]!.s, east: +d[0]!.e, north: +d[0]!.n }

  async function time(box: typeof city, zoom: number): Promise<{ ms: number; lines: number; hca: number }> {
    const ms: number[] = []
    let lines = 0
    let hca = 0
    for (let i = 0; i < runs + 1; i++) {
      const t0 = performance.now()
      const { data, error } = await client.rpc('pipeline_map', { ...box, zoom })
      if (error) throw new Error(`pipeline_map: ${error.message}`)
      if (i > 0) ms.push(performance.now() - t0) // the first call warms up
      lines = data.lines.length
      hca = data.hca.length
    }
    return { ms: Math.round(median(ms)), lines, hca }
  }

  async function explainNear(): Promise<string> {
    const { rows } = await sql.query<{ 'QUERY PLAN': string }>(
      `explain (analyze, costs off, timing off, summary on)
       select count(*) from app.pipeline_near_targets((select array_agg(id) from public.pipelines), 200, true)`,
    )
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n')
    return plan
  }
  // pipeline_near_targets is a SQL function: EXPLAIN shows only a Function Scan, so its body is explained too
  async function explainBody(): Promise<string> {
    const { rows } = await sql.query<{ 'QUERY PLAN': string }>(
      `explain (analyze, costs off, timing off, summary on)
       select distinct p.id, t.id
       from public.pipelines p
       cross join lateral extensions.st_dumpsegments(p.geom) s
       join public.protective_targets t
         on extensions.st_dwithin(t.geom::extensions.geography, s.geom::extensions.geography,
           greatest(200, app.pipeline_place_radius(p.medium, p.diameter_mm, p.pressure_mpa)))`,
    )
    return rows.map((r) => r['QUERY PLAN']).join('\n')
  }

  async function report(label: string): Promise<void> {
    const { rows } = await sql.query<{ n: number }>(`select count(*)::int n from public.protective_targets`)
    log(`\n== ${label}: ${boxRow[0]!.lines} lines, ${rows[0]!.n} protective targets (${values.db}) ==`)
    for (const [name, box] of [
      ['city', city],
      [`district ${d[0]!.name}`, district],
    ] as const) {
      const base = await time(box, 8)
      const hca = await time(box, 9)
      log(`  ${name.padEnd(16)} zoom 8 (baseline, no screening): ${String(base.ms).padStart(6)} ms, ${base.lines} lines`)
      log(`  ${''.padEnd(16)} zoom 9 (screening):             ${String(hca.ms).padStart(6)} ms, ${hca.lines} lines, ${hca.hca} HCA segments`)
    }
    const body = await explainBody()
    const indexed = /protective_targets_geom_geog_idx/.test(body)
    log(`  near-target search: GiST index protective_targets_geom_geog_idx ${indexed ? 'USED' : 'NOT USED'}`)
    log(
      body
        .split('\n')
        .filter((l) => /Scan|Join|Loop|Execution Time|Index Cond|Filter/.test(l))
        .map((l) => `    ${l}`)
        .join('\n'),
    )
    void explainNear
  }

  await report('demo data')
  if (nTargets > 0) {
    // residential targets scattered over the lines' box (people 30–400), bench-only rows
    await sql.exec(`
      insert into public.protective_targets (name, target_class, type_code, population, geom, is_demo)
      select '压测居民区' || g, 'general_2', 'residential', 30 + (g * 37) % 370,
        extensions.st_setsrid(extensions.st_makepoint(${city.west} + random() * ${city.east - city.west}, ${city.south} + random() * ${city.north - city.south}), 4326), true
      from generate_series(1, ${nTargets}) g;
      analyze public.protective_targets;`)
    await report(`+ ${nTargets} synthetic targets`)
  }
} finally {
  await stack.stop()
}
