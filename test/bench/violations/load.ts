// Bulk-loads the safety-distance benchmark's synthetic city into a fresh database: enterprises
// (valid GB 32100 credit codes), hazard sources (points, some small polygons) with their
// required distances per protective-target class, and protective targets (mostly points, some
// small polygons), all clustered around ~20 town centres of 江门市 with a uniform background.
//
// Generated in SQL (no rows cross the wire) and deterministic for a seed: setseed() before each
// INSERT, serial plans (random() draws in a fixed order), ids from md5 of the serial number.
// Like test/bench/load-points.ts: triggers and FK checks are skipped with
// session_replication_role = replica (CHECK constraints still apply, hence real credit codes),
// the targets' secondary indexes are dropped and rebuilt after the insert, then ANALYZE.
import type pg from 'pg'
import { makeCreditCode } from '../../../supabase/seed/credit-code.ts'
import { CITY_BBOX } from '../load-points.ts'

/** Towns: name, lon, lat, σ (degrees), share of the clustered targets, district code. */
export const TOWNS: ReadonlyArray<readonly [name: string, lon: number, lat: number, sigma: number, weight: number, area: string]> = [
  ['蓬江', 113.08, 22.6, 0.035, 0.14, '440703'],
  ['江海', 113.12, 22.56, 0.025, 0.08, '440704'],
  ['新会', 113.03, 22.46, 0.04, 0.1, '440705'],
  ['鹤山', 112.96, 22.77, 0.035, 0.07, '440784'],
  ['开平', 112.69, 22.38, 0.035, 0.07, '440783'],
  ['台山', 112.79, 22.25, 0.04, 0.07, '440781'],
  ['恩平', 112.31, 22.18, 0.035, 0.05, '440785'],
  ['棠下', 113.02, 22.68, 0.015, 0.03, '440703'],
  ['杜阮', 113.0, 22.6, 0.015, 0.03, '440703'],
  ['荷塘', 113.13, 22.7, 0.015, 0.03, '440703'],
  ['礼乐', 113.1, 22.52, 0.015, 0.03, '440704'],
  ['司前', 112.95, 22.52, 0.015, 0.03, '440705'],
  ['崖门', 113.07, 22.28, 0.015, 0.03, '440705'],
  ['共和', 112.9, 22.7, 0.015, 0.03, '440784'],
  ['水口', 112.63, 22.43, 0.015, 0.03, '440783'],
  ['赤坎', 112.57, 22.32, 0.015, 0.03, '440783'],
  ['广海', 112.78, 21.95, 0.015, 0.03, '440781'],
  ['都斛', 112.9, 22.1, 0.015, 0.03, '440781'],
  ['斗山', 112.65, 22.0, 0.015, 0.02, '440781'],
  ['大槐', 112.4, 22.22, 0.015, 0.02, '440785'],
]
/** District codes (the city is 440700), with the district name for the areas table. */
export const DISTRICTS: ReadonlyArray<readonly [code: string, name: string]> = [
  ['440703', '蓬江区'],
  ['440704', '江海区'],
  ['440705', '新会区'],
  ['440781', '台山市'],
  ['440783', '开平市'],
  ['440784', '鹤山市'],
  ['440785', '恩平市'],
]

export const CLASSES = ['high_sensitivity', 'important', 'general_1', 'general_2', 'general_3'] as const
/** Required distance range per class, metres (rounded to 10 m). */
export const REQUIRED_M: Record<(typeof CLASSES)[number], [number, number]> = {
  high_sensitivity: [500, 1500],
  important: [500, 1500],
  general_1: [300, 800],
  general_2: [150, 500],
  general_3: [50, 300],
}
/** Share of targets per class (cumulative cuts below), type codes (3 each), population range. */
const CLASS_SHARE = [0.03, 0.02, 0.1, 0.45, 0.4]
const TYPES = [
  ['school', 'kindergarten', 'hospital'],
  ['government', 'heritage', 'infrastructure'],
  ['residential_large', 'mall', 'stadium'],
  ['residential', 'office', 'hotel'],
  ['village', 'shop', 'factory'],
]
const POP_LO = [200, 50, 500, 50, 5]
const POP_HI = [2000, 500, 5000, 1000, 100]
const INDUSTRIES = ['chemical', 'chemical_storage', 'petroleum', 'pharmaceutical', 'gas_supply', 'fireworks', 'metallurgy']

/** Targets outside the towns (uniform over the city box). */
const TARGET_BACKGROUND = 0.05
/** Enterprises sit on the towns' industrial fringe (σ × 4) or, half of them, anywhere. */
const ENTERPRISE_SIGMA_MUL = 4
const ENTERPRISE_BACKGROUND = 0.5
/** Share of polygon geometries (a small square around the point). */
const SOURCE_POLYGONS = 0.15
const TARGET_POLYGONS = 0.1

const f8 = (xs: readonly number[]): string => `array[${xs.join(',')}]::float8[]`
const txt = (xs: readonly string[]): string => `array[${xs.map((x) => `'${x}'`).join(',')}]`

/**
 * Subquery (i, x, y, area, r1, r2, r3, r4) of n points: town k (Gaussian, σ × sigmaMul) with
 * probability ∝ its weight, or uniform over the city box with probability `background`.
 * A Gaussian draw outside the box falls back to the uniform one.
 */
export function pointsSql(n: number, sigmaMul: number, background: number): string {
  const [W, S, E, N] = CITY_BBOX
  const total = TOWNS.reduce((a, t) => a + t[4], 0)
  let cum = 0
  const cuts = TOWNS.map((t) => (cum += (t[4] / total) * (1 - background)))
  const areas = txt(TOWNS.map((t) => t[5]))
  const districts = txt(DISTRICTS.map((d) => d[0]))
  return `(
  select i, r1, r2, r3, r4,
         case when inside then gx else ${W} + ux * ${E - W} end as x,
         case when inside then gy else ${S} + uy * ${N - S} end as y,
         case when inside then (${areas})[k] else (${districts})[1 + i % ${DISTRICTS.length}] end as area
  from (
    select i, k, ux, uy, gx, gy, r1, r2, r3, r4,
           k > 0 and gx between ${W} and ${E} and gy between ${S} and ${N} as inside
    from (
      select i, k, ux, uy, r1, r2, r3, r4,
             case when k > 0 then (${f8(TOWNS.map((t) => t[1]))})[k] + ${sigmaMul} * (${f8(TOWNS.map((t) => t[3]))})[k] * sqrt(-2 * ln(1 - u1)) * cos(2 * pi() * u2) end as gx,
             case when k > 0 then (${f8(TOWNS.map((t) => t[2]))})[k] + ${sigmaMul} * (${f8(TOWNS.map((t) => t[3]))})[k] * sqrt(-2 * ln(1 - u1)) * sin(2 * pi() * u2) end as gy
      from (
        select i,
               width_bucket(random(), array[0, ${cuts.join(', ')}]::float8[]) % ${TOWNS.length + 1} as k,
               random() as u1, random() as u2, random() as ux, random() as uy,
               random() as r1, random() as r2, random() as r3, random() as r4
        from generate_series(1, ${n}) as i
      ) draws
    ) g
  ) p
)`
}

export interface LoadResult {
  enterprises: number
  sources: number
  sourcePolygons: number
  distances: number
  targets: number
  targetPolygons: number
  targetsByClass: Record<string, number>
  ms: { enterprises: number; sources: number; distances: number; targets: number; indexes: number; analyze: number; total: number }
  targetsMB: number
}

async function seeded<T>(client: pg.Client, seed: number, salt: number, fn: () => Promise<T>): Promise<T> {
  await client.query('select setseed($1)', [(((seed * 7 + salt) % 1000) + 0.5) / 1000 - 0.5])
  return fn()
}

export async function loadCity(client: pg.Client, opts: { sources: number; targets: number; seed: number }, log: (m: string) => void): Promise<LoadResult> {
  const { sources, targets, seed } = opts
  const nEnt = Math.max(1, Math.round(sources / 5))
  const tAll = performance.now()
  await client.query('set session_replication_role = replica')
  await client.query(`set maintenance_work_mem = '512MB'`)
  await client.query('set max_parallel_workers_per_gather = 0') // serial: random()'s order fixed
  await client.query('truncate public.protective_targets, public.hazard_source_distances, public.hazard_sources, public.enterprises cascade')

  // Areas: the city and its districts as boxes (FK targets for area_code; the area filter itself
  // is a prefix match on hazard_sources.area_code).
  const [W, S, E, N] = CITY_BBOX
  await client.query(
    `insert into public.areas (code, parent_code, level, name, geom, is_demo)
     values ('440700', null, 'city', '江门市', extensions.st_multi(extensions.st_makeenvelope(${W}, ${S}, ${E}, ${N}, 4326)), true)
     on conflict (code) do nothing`,
  )
  for (const [code, name] of DISTRICTS) {
    const towns = TOWNS.filter((t) => t[5] === code)
    const xs = towns.map((t) => t[1])
    const ys = towns.map((t) => t[2])
    await client.query(
      `insert into public.areas (code, parent_code, level, name, geom, is_demo)
       values ($1, '440700', 'district', $2, extensions.st_multi(extensions.st_makeenvelope($3, $4, $5, $6, 4326)), true)
       on conflict (code) do nothing`,
      [code, name, Math.min(...xs) - 0.12, Math.min(...ys) - 0.12, Math.max(...xs) + 0.12, Math.max(...ys) + 0.12],
    )
  }

  // Enterprises: valid unified social credit codes (check characters computed in TS).
  const codes = Array.from({ length: nEnt }, (_, i) => makeCreditCode('440700', i + 1, seed))
  let t0 = performance.now()
  await seeded(client, seed, 1, () =>
    client.query(
      `insert into public.enterprises (id, name, credit_code, industry_code, location, area_code, employees, is_demo)
       select md5('ent' || i)::uuid, 'bench enterprise ' || i, ($1::text[])[i], (${txt(INDUSTRIES)})[1 + floor(r1 * ${INDUSTRIES.length})::int],
              extensions.st_setsrid(extensions.st_makepoint(x, y), 4326), area, 20 + floor(r2 * 500)::int, true
       from ${pointsSql(nEnt, ENTERPRISE_SIGMA_MUL, ENTERPRISE_BACKGROUND)} p`,
      [codes],
    ),
  )
  const msEnt = performance.now() - t0

  // Hazard sources: within ~300 m of their enterprise; 15 % a square of 60–300 m.
  t0 = performance.now()
  await seeded(client, seed, 2, () =>
    client.query(`
      insert into public.hazard_sources (id, enterprise_id, name, unit_type, geom, area_code, is_major, major_grade, is_demo)
      select md5('hs' || d.i)::uuid, e.id, 'bench source ' || d.i,
             (case when d.r1 < 0.5 then 'production' else 'storage' end)::public.hazard_unit_type,
             case when d.r2 < ${SOURCE_POLYGONS}
               then extensions.st_expand(extensions.st_setsrid(extensions.st_makepoint(extensions.st_x(e.location) + d.dx, extensions.st_y(e.location) + d.dy), 4326), 0.0003 + d.r3 * 0.0012)
               else extensions.st_setsrid(extensions.st_makepoint(extensions.st_x(e.location) + d.dx, extensions.st_y(e.location) + d.dy), 4326) end,
             e.area_code, d.r4 < 0.3, case when d.r4 < 0.3 then (1 + floor(d.r4 / 0.3 * 4))::smallint end, true
      from (
        select i, random() as r1, random() as r2, random() as r3, random() as r4,
               (random() - 0.5) * 0.006 as dx, (random() - 0.5) * 0.006 as dy
        from generate_series(1, ${sources}) as i
      ) d
      join public.enterprises e on e.id = md5('ent' || (1 + (d.i - 1) % ${nEnt}))::uuid`),
  )
  const msSrc = performance.now() - t0

  // Required distances: every class, uniform in its range, rounded to 10 m.
  t0 = performance.now()
  await seeded(client, seed, 3, () =>
    client.query(`
      insert into public.hazard_source_distances (hazard_source_id, target_class, required_m, basis, basis_reference)
      select md5('hs' || i)::uuid, c.cls::public.protective_class, round((c.lo + random() * (c.hi - c.lo))::numeric, -1),
             'assessment_report', 'bench'
      from generate_series(1, ${sources}) as i
      cross join unnest(${txt(CLASSES)}::text[], ${f8(CLASSES.map((c) => REQUIRED_M[c][0]))}, ${f8(CLASSES.map((c) => REQUIRED_M[c][1]))}) with ordinality as c(cls, lo, hi, ord)
      order by i, c.ord`),
  )
  const msDist = performance.now() - t0

  // Protective targets: drop the secondary indexes, insert, rebuild (as load-points.ts does).
  const { rows: idx } = await client.query<{ name: string; def: string }>(
    `select i.relname as name, pg_get_indexdef(x.indexrelid) as def
     from pg_index x join pg_class i on i.oid = x.indexrelid
     where x.indrelid = 'public.protective_targets'::regclass and not x.indisprimary order by 1`,
  )
  for (const { name } of idx) await client.query(`drop index public.${client.escapeIdentifier(name)}`)
  let cum = 0
  const classCuts = CLASS_SHARE.slice(0, -1).map((s) => (cum += s))
  t0 = performance.now()
  await seeded(client, seed, 4, () =>
    client.query(`
      insert into public.protective_targets (id, name, target_class, type_code, population, geom, area_code, is_demo)
      select md5('pt' || i)::uuid, 'bench target ' || i, (${txt(CLASSES)})[c]::public.protective_class,
             (array[${TYPES.map((t) => `[${t.map((x) => `'${x}'`).join(',')}]`).join(',')}])[c][1 + floor(r2 * 3)::int],
             ((${f8(POP_LO)})[c] + floor(r3 * ((${f8(POP_HI)})[c] - (${f8(POP_LO)})[c])))::int,
             case when r4 < ${TARGET_POLYGONS}
               then extensions.st_expand(extensions.st_setsrid(extensions.st_makepoint(x, y), 4326), 0.0001 + (r4 / ${TARGET_POLYGONS}) * 0.0005)
               else extensions.st_setsrid(extensions.st_makepoint(x, y), 4326) end,
             area, true
      from (select *, width_bucket(r1, array[0, ${classCuts.join(', ')}]::float8[]) as c
            from ${pointsSql(targets, 1, TARGET_BACKGROUND)} p0) p`),
  )
  const msTgt = performance.now() - t0
  log(`  [load] targets inserted in ${(msTgt / 1000).toFixed(1)} s; rebuilding ${idx.length} indexes…`)
  t0 = performance.now()
  for (const { def } of idx) await client.query(def)
  const msIdx = performance.now() - t0
  t0 = performance.now()
  for (const t of ['enterprises', 'hazard_sources', 'hazard_source_distances', 'protective_targets', 'areas']) await client.query(`analyze public.${t}`)
  const msAnalyze = performance.now() - t0
  await client.query('reset max_parallel_workers_per_gather')
  await client.query('reset maintenance_work_mem')
  await client.query('set session_replication_role = origin')

  const one = async (sql: string): Promise<number> => Number(Object.values((await client.query(sql)).rows[0] as object)[0])
  const { rows: byClass } = await client.query<{ c: string; n: string }>(
    'select target_class::text as c, count(*) as n from public.protective_targets group by 1 order by 1',
  )
  return {
    enterprises: await one('select count(*) from public.enterprises'),
    sources: await one('select count(*) from public.hazard_sources'),
    sourcePolygons: await one(`select count(*) from public.hazard_sources where extensions.geometrytype(geom) <> 'POINT'`),
    distances: await one('select count(*) from public.hazard_source_distances'),
    targets: await one('select count(*) from public.protective_targets'),
    targetPolygons: await one(`select count(*) from public.protective_targets where extensions.geometrytype(geom) <> 'POINT'`),
    targetsByClass: Object.fromEntries(byClass.map((r) => [r.c, Number(r.n)])),
    ms: {
      enterprises: Math.round(msEnt),
      sources: Math.round(msSrc),
      distances: Math.round(msDist),
      targets: Math.round(msTgt),
      indexes: Math.round(msIdx),
      analyze: Math.round(msAnalyze),
      total: Math.round(performance.now() - tAll),
    },
    targetsMB: Math.round(await one(`select pg_total_relation_size('public.protective_targets') / 1048576.0`)),
  }
}
