// Bulk-loads N synthetic risk points into public.risk_points, generated in SQL (no rows cross
// the wire), deterministic for a seed.
//
// Shape: clustered around the urban centres of 江门市's districts (a Gaussian each) plus a
// uniform background over the city's bounding box, levels ≈ 3 / 12 / 35 / 50 % (major /
// significant / general / low), as a real risk register is skewed towards the low levels.
//
// Speed: the per-row triggers (grading, updated_at, industry copy) and FK checks are skipped with
// session_replication_role = replica (score and level are inserted precomputed and consistent with
// the LEC bands instead), and the table's secondary indexes are dropped and rebuilt from their own
// definitions afterwards: one sorted build is far cheaper than a million GiST insertions. Then
// ANALYZE, so the planner knows the table it is benchmarked on.
import type pg from 'pg'

/** 江门市, roughly: the view the city-wide map frames. [west, south, east, north] */
export const CITY_BBOX = [112.0, 21.5, 113.3, 22.9] as const

/** District centres: lon, lat, σ (degrees), share of all points. The rest (15 %) is uniform. */
export const CENTRES: ReadonlyArray<readonly [name: string, lon: number, lat: number, sigma: number, weight: number]> = [
  ['蓬江', 113.08, 22.6, 0.04, 0.22],
  ['江海', 113.12, 22.56, 0.03, 0.12],
  ['新会', 113.03, 22.46, 0.05, 0.16],
  ['鹤山', 112.96, 22.77, 0.05, 0.1],
  ['开平', 112.69, 22.38, 0.05, 0.09],
  ['台山', 112.79, 22.25, 0.07, 0.09],
  ['恩平', 112.31, 22.18, 0.05, 0.07],
]

/** The densest centre: where the street-zoom view looks. */
export const STREET_CENTRE = [CENTRES[0]![1], CENTRES[0]![2]] as const

/** Cumulative level shares: level 1 below 0.03, 2 below 0.15, 3 below 0.50, else 4. */
const LEVEL_CUTS = [0.03, 0.15, 0.5]
/** LEC factors (L, E, C) per level, allowed values whose product D falls in that level's band
 * (public.risk_level_bands: ≥320 → 1, ≥160 → 2, ≥70 → 3, else 4). */
const LEC_BY_LEVEL = [
  [6, 6, 15], // 540
  [3, 6, 15], // 270
  [3, 6, 7], // 126
  [1, 6, 7], // 42
]
const CATEGORIES = [
  'hazardous_process',
  'storage_tank',
  'warehouse',
  'confined_space',
  'dust_explosion',
  'high_temp_metal',
  'gas_station',
  'gas_pipeline',
  'bridge',
  'tunnel',
  'crowded_place',
  'construction_site',
  'high_rise',
  'slope',
]

export interface LoadResult {
  rows: number
  ms: { insert: number; indexes: number; analyze: number }
  tableMB: number
  levels: Record<string, number>
}

const sqlNum = (x: number): string => String(x)

/** The INSERT … SELECT that makes the points. Exported for inspection. */
export function insertSql(n: number): string {
  const [W, S, E, N] = CITY_BBOX
  let cum = 0
  const cuts = CENTRES.map((c) => (cum += c[4]))
  const lon = `array[${CENTRES.map((c) => sqlNum(c[1])).join(',')}]::float8[]`
  const lat = `array[${CENTRES.map((c) => sqlNum(c[2])).join(',')}]::float8[]`
  const sig = `array[${CENTRES.map((c) => sqlNum(c[3])).join(',')}]::float8[]`
  const lec = (k: number): string => `array[${LEC_BY_LEVEL.map((f) => f[k]).join(',')}]::numeric[]`
  const cats = `array[${CATEGORIES.map((c) => `'${c}'`).join(',')}]`
  // random() draws happen in target-list order for each row of a serial plan: the same seed gives
  // the same city. k = 0 means "background"; 1..7 a centre. Box–Muller for the Gaussian; points a
  // Gaussian throws outside the city box fall back to the uniform draw rather than pile up on the
  // border. width_bucket(u, [0, c1 … c7]) is 1..7 inside the centres' shares and 8 in the remaining
  // 15 %, which "% 8" maps to 0 = background.
  return `
insert into public.risk_points (name, category_code, location, method, lec_l, lec_e, lec_c, score, level, is_demo, assessed_at)
select 'bench ' || i, (${cats})[1 + i % ${CATEGORIES.length}],
       extensions.st_setsrid(extensions.st_makepoint(
         case when inside then gx else ${W} + ux * ${E - W} end,
         case when inside then gy else ${S} + uy * ${N - S} end), 4326),
       'lec', (${lec(0)})[lvl], (${lec(1)})[lvl], (${lec(2)})[lvl],
       (${lec(0)})[lvl] * (${lec(1)})[lvl] * (${lec(2)})[lvl], lvl::smallint, true, date '2026-01-01'
from (
  select i, ux, uy, lvl, gx, gy,
         k > 0 and gx between ${W} and ${E} and gy between ${S} and ${N} as inside
  from (
    select i, k, ux, uy, lvl,
           case when k > 0 then (${lon})[k] + (${sig})[k] * sqrt(-2 * ln(1 - u1)) * cos(2 * pi() * u2) end as gx,
           case when k > 0 then (${lat})[k] + (${sig})[k] * sqrt(-2 * ln(1 - u1)) * sin(2 * pi() * u2) end as gy
    from (
      select i,
             width_bucket(random(), array[0, ${cuts.map(sqlNum).join(', ')}]::float8[]) % ${CENTRES.length + 1} as k,
             random() as u1, random() as u2, random() as ux, random() as uy,
             width_bucket(random(), array[0, ${LEVEL_CUTS.join(', ')}]::float8[]) as lvl
      from generate_series(1, ${n}) as i
    ) draws
  ) g
) p`
}

export async function loadRiskPoints(client: pg.Client, n: number, seed: number): Promise<LoadResult> {
  if (!Number.isInteger(n) || n < 1) throw new Error(`bad point count ${n}`)
  await client.query(`set session_replication_role = replica`)
  // For this session's index builds only; queries run with the server's defaults.
  await client.query(`set maintenance_work_mem = '512MB'`)
  // cascade: tables that refer to risk points (hidden_dangers.risk_point_id, the level logs) are emptied too; this is the bench's throw-away database
  await client.query(`truncate public.risk_points cascade`)
  const { rows: idx } = await client.query<{ name: string; def: string }>(
    `select i.relname as name, pg_get_indexdef(x.indexrelid) as def
     from pg_index x join pg_class i on i.oid = x.indexrelid
     where x.indrelid = 'public.risk_points'::regclass and not x.indisprimary
     order by 1`,
  )
  for (const { name } of idx) await client.query(`drop index public.${client.escapeIdentifier(name)}`)

  const t0 = performance.now()
  await client.query('select setseed($1)', [((seed % 1000) + 0.5) / 1000])
  // One process, no parallel plan: keeps random()'s sequence (and the data) reproducible.
  await client.query('set max_parallel_workers_per_gather = 0')
  await client.query(insertSql(n))
  await client.query('reset max_parallel_workers_per_gather')
  const t1 = performance.now()
  for (const { def } of idx) await client.query(def)
  const t2 = performance.now()
  await client.query('analyze public.risk_points')
  const t3 = performance.now()
  await client.query(`set session_replication_role = origin`)
  await client.query(`reset maintenance_work_mem`)

  const { rows: stats } = await client.query<{ level: number; n: string }>('select level, count(*) as n from public.risk_points group by level order by level')
  const { rows: size } = await client.query<{ mb: number }>(`select pg_total_relation_size('public.risk_points') / 1048576.0 as mb`)
  const levels: Record<string, number> = {}
  let rows = 0
  for (const s of stats) {
    levels[String(s.level)] = Number(s.n)
    rows += Number(s.n)
  }
  return {
    rows,
    ms: { insert: Math.round(t1 - t0), indexes: Math.round(t2 - t1), analyze: Math.round(t3 - t2) },
    tableMB: Math.round(Number(size[0]!.mb)),
    levels,
  }
}
