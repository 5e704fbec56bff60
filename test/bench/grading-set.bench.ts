// node --import tsx test/bench/grading-set.bench.ts [--sources 1000] [--runs 3]
//
// Where the grading of hazard sources after an inventory change spends its time (issue 14), on a
// throw-away native PostgreSQL 15 + PostGIS (test/bench/pg.ts, the stack's migrations and the tests'
// seed): N sources placed on the seed's sources (so near its protective targets), one inventory row
// each, then, each in a rolled-back transaction:
//   population_near over the N sources; assess_items over their items; the N single-row UPDATEs of the
//   grading columns (with all of hazard_sources' triggers) against one UPDATE of all of them; the
//   inventory insert graded one source at a time (app.regrade_hazard_source per id, the trigger off)
//   against the same insert graded by the trigger (app.regrade_hazard_sources: set-based).
// Prints ms per source and the load average. Not part of npm test.
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { startTestStack } from '../helpers/stack.ts'
import { startBenchPostgres } from './pg.ts'

const { values } = parseArgs({ options: { sources: { type: 'string', default: '1000' }, runs: { type: 'string', default: '3' } } })
const N = Number(values.sources)
const RUNS = Number(values.runs)
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')

console.log(`load average at start: ${load()}`)
const pgx = await startBenchPostgres(() => {})
process.env.DATABASE_URL = pgx.databaseUrl
const port = Number(process.env.TEST_STACK_PORT || 25020)
const stack = await startTestStack({ ports: { gateway: port, db: port + 1, postgrest: port + 10 }, log: () => {} })
const c = new pg.Client({ connectionString: pgx.databaseUrl })
await c.connect()

try {
  await c.query(`
    insert into public.hazard_sources (enterprise_id, name, unit_type, geom, area_code)
    select h.enterprise_id, 'GRADING-BENCH-' || g, h.unit_type, h.geom, h.area_code
    from generate_series(1, ${N}) g
    cross join lateral (select * from public.hazard_sources x where x.name not like 'GRADING-BENCH-%'
                        order by x.id offset (g % 50) limit 1) h`)
  await c.query(`analyze public.hazard_sources`)
  const claims = `select set_config('request.jwt.claims', '{"role":"service_role"}', true)`
  const ids = `select id from public.hazard_sources where name like 'GRADING-BENCH-%'`
  const insertInventory = `insert into public.hazard_source_inventory (hazard_source_id, substance_id, max_quantity_t)
    select h.id, (select s.id from public.substances s where s.name_zh = '氯'), 1 + (row_number() over (order by h.id)) % 40
    from public.hazard_sources h where h.name like 'GRADING-BENCH-%'`
  const timeIn = async (label: string, sqls: string[], setup: string[] = []): Promise<void> => {
    const times: number[] = []
    for (let r = 0; r < RUNS; r++) {
      await c.query('begin')
      await c.query(claims)
      for (const s of setup) await c.query(s)
      const t0 = performance.now()
      for (const s of sqls) await c.query(s)
      times.push(performance.now() - t0)
      await c.query('rollback')
    }
    times.sort((a, b) => a - b)
    const med = times[Math.floor(times.length / 2)]!
    console.log(`${label.padEnd(70)} ${(med / 1000).toFixed(2)} s median of ${RUNS}, ${((med / N) * 1000).toFixed(0)} µs a source`)
  }
  console.log(`${N} sources; per ${N}:`)
  await timeIn('app.population_near(geom) for each', [`select app.population_near(h.geom) from public.hazard_sources h where h.id in (${ids})`])
  await timeIn('app.assess_items(one item, 1.0) for each', [
    `select app.assess_items(jsonb_build_array(jsonb_build_object('substance', '氯', 'quantity_t', 5)), 1.0)
     from public.hazard_sources h where h.id in (${ids})`,
  ])
  const setCols = `s_value = 1, is_major = true, major_grade = 3, alpha = 1.0, r_value = 20, exposed_population = 10, grading = '{}'::jsonb, graded_at = now()`
  await timeIn('UPDATE of the grading columns, one statement per source (all triggers)', [
    `do $$ declare x uuid; begin for x in ${ids} loop update public.hazard_sources set ${setCols} where id = x; end loop; end $$`,
  ])
  await timeIn('UPDATE of the grading columns, one statement for all', [`update public.hazard_sources set ${setCols} where id in (${ids})`])
  const off = ['ins', 'upd', 'del'].map((op) => `alter table public.hazard_source_inventory disable trigger hazard_source_inventory_regrade_${op}`)
  await timeIn('inventory insert, no grading (trigger off)', [insertInventory], off)
  await timeIn(
    'inventory insert + app.regrade_hazard_source per source (before)',
    [insertInventory, `select app.regrade_hazard_source(id) from (${ids}) x`],
    off,
  )
  await timeIn('inventory insert graded by the trigger (set-based, after)', [insertInventory])
  await timeIn('app.regrade_hazard_sources(all ids) on graded sources (no change)', [`select app.regrade_hazard_sources(array(${ids}))`], [insertInventory])
} finally {
  console.log(`load average at end: ${load()}`)
  await c.end()
  await stack.stop()
  await pgx.stop()
}
