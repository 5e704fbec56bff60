// app.pipeline_hca_of restated (20270221000100): its class 3 windows (GB 50251 §4.2.2, 2 km of line
// anchored at each settlement) are one window function over the settlements of a part ordered by
// position instead of a self-join. The answer must not change: the previous body (read from
// 20261212000200, run from a scratch schema) and the new one are compared row by row, geometry
// included, on a dense fixture: five lines (gas with a large and a small impact radius, crude and
// refined oil, LPG; two of them of several parts, one bent), hundreds of villages and residential
// areas within and just beyond 200 m (points and small polygons), pairs at the same position along
// the line (mirrored across a meridian line, and duplicates at the same point), and schools,
// hospitals, stadiums among them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Geodesic } from 'geographiclib-geodesic'
import { sql, useStack } from '../helpers/stack.ts'
import { previousFunctionBody } from '../helpers/previous-body.ts'

useStack()

const PREFIX = '测试HCA窗口'
const SCHEMA = 'hca_windows_prev'
const COLS =
  'pipeline_id, pipeline_name, medium, part, from_m, to_m, hca_class, criterion, reason_zh, reason_en, radius_m, targets, population, households, target_ids, geometry'

const cleanup = async () => {
  await sql().exec(`
    delete from public.pipelines where name like '${PREFIX}%';
    delete from public.protective_targets where name like '${PREFIX}%';
    drop schema if exists ${SCHEMA} cascade;`)
}

// Lines at lon x (江海区, south of the demo data), 6 km north from lat 22.50 (1° of latitude ≈ 110.7 km).
// B is bent (its vertices alternate 300 m east and west), C has three parts (the third starts where
// the second ends and turns back along it, 80 m east), E two parts far apart.
const LINES: Array<{ key: string; medium: string; d: number | null; p: number | null; wkt: string }> = [
  { key: 'A', medium: 'natural_gas', d: 813, p: 7, wkt: 'MULTILINESTRING((113.130 22.500,113.130 22.554))' },
  {
    key: 'B',
    medium: 'crude_oil',
    d: 508,
    p: 6.3,
    wkt: 'MULTILINESTRING((113.140 22.500,113.143 22.509,113.140 22.518,113.143 22.527,113.140 22.536,113.143 22.545,113.140 22.554))',
  },
  {
    key: 'C',
    medium: 'refined_oil',
    d: 323,
    p: 4,
    wkt: 'MULTILINESTRING((113.150 22.500,113.150 22.520),(113.150 22.522,113.150 22.545),(113.1508 22.545,113.1508 22.525))',
  },
  { key: 'D', medium: 'lpg', d: null, p: null, wkt: 'MULTILINESTRING((113.160 22.500,113.160 22.554))' },
  { key: 'E', medium: 'natural_gas', d: 219, p: 1.2, wkt: 'MULTILINESTRING((113.170 22.500,113.170 22.525),(113.170 22.530,113.170 22.554))' },
  { key: 'F', medium: 'crude_oil', d: 273, p: 4, wkt: 'MULTILINESTRING((113.180 22.500,113.180 22.610))' },
]

// Line F's villages, at metres along it, 50 m east (w: west) of it, households = people ÷ 2.62:
// windows exactly at the 2 km bound. p1: 60 + 40 households 1,995 m apart (class 3); p2: 60 + 40
// 2,005 m apart (not); q: three of 30 at the same position (two mirrored, one a duplicate point) and
// 10 at 1,990 m further (class 3 only with all three peers).
const F_VILLAGES: Array<{ key: string; s: number; pop: number; w?: boolean }> = [
  { key: 'p1a', s: 500, pop: 157 },
  { key: 'p1b', s: 2495, pop: 105 },
  { key: 'p2a', s: 5000, pop: 157 },
  { key: 'p2b', s: 7005, pop: 105 },
  { key: 'q1', s: 9500, pop: 79 },
  { key: 'q2', s: 9500, pop: 79, w: true },
  { key: 'q3', s: 9500, pop: 79 },
  { key: 'q4', s: 11490, pop: 26 },
]
const fPoint = (v: { s: number; w?: boolean }) => {
  const g = Geodesic.WGS84
  const a = g.Direct(22.5, 113.18, 0, v.s)
  const b = g.Direct(a.lat2!, a.lon2!, v.w ? 270 : 90, 50)
  return `SRID=4326;POINT(${b.lon2} ${a.lat2})`
}
const fid: Record<string, string> = {}

beforeAll(async () => {
  await cleanup()
  for (const l of LINES) {
    await sql().query(
      `insert into public.pipelines (name, medium, diameter_mm, pressure_mpa, geom)
       values ($1, $2::public.pipeline_medium, $3, $4, extensions.st_geomfromtext($5, 4326))`,
      [`${PREFIX} ${l.key}`, l.medium, l.d, l.p, l.wkt],
    )
  }
  // Settlements and specific places along each line (x: its mean longitude, 1° of longitude ≈ 102.9 km
  // here): 1 in 4 of them beyond 200 m (up to 260 m), 1 in 8 a polygon of 20–60 m; the first 3.5 km
  // dense and populous, the rest sparse and small (windows below and above 100 households).
  await sql().exec(`
    select setseed(0.21);
    insert into public.protective_targets (name, target_class, type_code, population, geom)
    select '${PREFIX} ' || l.k || ' ' || g.i, tt.default_class::public.protective_class, tt.code, g.pop, g.geom
    from (values ('A', 113.130), ('B', 113.1415), ('C', 113.1504), ('D', 113.160), ('E', 113.170)) l(k, x)
    cross join lateral (
      select i,
        case when r3 < 0.7 then (array['village', 'residential', 'residential_large'])[1 + floor(r4 * 3)::int]
          else (array['school', 'hospital', 'stadium', 'kindergarten', 'mall'])[1 + floor(r4 * 5)::int] end as type,
        case when lat < 22.532 then 20 + floor(r5 * 400)::int else 5 + floor(r5 * 20)::int end as pop,
        case when r6 < 0.125
          then extensions.st_expand(extensions.st_setsrid(extensions.st_makepoint(l.x + dx, lat), 4326), 0.0001 + r6 * 0.003)
          else extensions.st_setsrid(extensions.st_makepoint(l.x + dx, lat), 4326) end as geom
      from (
        select i, random() as r3, random() as r4, random() as r5, random() as r6,
          (case when random() < 0.5 then -1 else 1 end) * (case when random() < 0.75 then random() * 0.00194 else 0.00194 + random() * 0.0006 end) as dx,
          case when i <= 100 then 22.499 + random() * 0.033 else 22.532 + random() * 0.023 end as lat
        from generate_series(1, 120) i
      ) r
    ) g
    join public.protective_target_types tt on tt.code = g.type;
    -- the same position along the line: mirrored across A, D and E (meridians), and duplicates
    insert into public.protective_targets (name, target_class, type_code, population, geom)
    select '${PREFIX} ' || t.name || ' mirror', t.target_class, t.type_code, t.population + 7,
      extensions.st_setsrid(extensions.st_makepoint(2 * l.x - extensions.st_x(t.geom), extensions.st_y(t.geom)), 4326)
    from public.protective_targets t
    join (values ('A', 113.130), ('D', 113.160), ('E', 113.170)) l(k, x) on t.name like '${PREFIX} ' || l.k || ' %'
    where extensions.geometrytype(t.geom) = 'POINT' and t.type_code in ('village', 'residential', 'residential_large')
      and (t.name like '%0' or t.name like '%5');
    insert into public.protective_targets (name, target_class, type_code, population, geom)
    select t.name || ' twin', t.target_class, t.type_code, t.population, t.geom
    from public.protective_targets t
    where t.name like '${PREFIX} % %' and t.type_code in ('village', 'residential', 'residential_large') and t.name ~ '[37]$';
    create schema ${SCHEMA};
    ${previousFunctionBody('20261212000200_pipeline_hca.sql', 'pipeline_hca_of', SCHEMA, 'app')}`)
  for (const v of F_VILLAGES) {
    const { rows } = await sql().query<{ id: string }>(
      `insert into public.protective_targets (name, target_class, type_code, population, geom)
       values ($1, 'general_3', 'village', $2, extensions.st_geomfromewkt($3)) returning id`,
      [`${PREFIX} F-${v.key}`, v.pop, v.key === 'q3' ? fPoint(F_VILLAGES[4]!) : fPoint(v)],
    )
    fid[v.key] = rows[0]!.id
  }
}, 120_000)
afterAll(cleanup)

describe('app.pipeline_hca_of: class 3 windows as a window function', () => {
  it('the fixture is dense: equal positions, several parts, windows below and above 100 households', async () => {
    const { rows } = await sql().query<{ same_pos: number; settlements: number; parts: number; c3: number; multi: number }>(`
      with l as (select id from public.pipelines where name like '${PREFIX}%'),
      pos as (
        select p.id, d.path[1] as part, t.id as tid,
          app.pipeline_part_metres(d.geom, extensions.st_linelocatepoint(d.geom, extensions.st_closestpoint(d.geom, t.geom))) as m
        from public.pipelines p cross join lateral extensions.st_dump(p.geom) d
        join public.protective_targets t on t.name like '${PREFIX}%' and t.type_code in ('village', 'residential', 'residential_large')
          and extensions.st_dwithin(t.geom::extensions.geography, d.geom::extensions.geography, 200)
        where p.id in (select id from l))
      select (select count(*) from (select 1 from pos group by id, part, m having count(*) > 1) x)::int as same_pos,
        (select count(*) from pos)::int as settlements,
        (select count(distinct (id, part)) from pos)::int as parts,
        (select count(*) from app.pipeline_hca_of((select array_agg(id) from l)) where criterion = 'class_3_area')::int as c3,
        (select count(*) from app.pipeline_hca_of((select array_agg(id) from l)) where criterion = 'class_3_area' and targets > 3)::int as multi`)
    const f = rows[0]!
    expect(f.same_pos).toBeGreaterThanOrEqual(20)
    expect(f.settlements).toBeGreaterThanOrEqual(300)
    expect(f.parts).toBe(9)
    expect(f.c3).toBeGreaterThanOrEqual(5)
    expect(f.multi).toBeGreaterThanOrEqual(3)
    // some settlements anchor a window under 100 households (the sparse north): not every window qualifies
    const { rows: w } = await sql().query<{ under: number }>(`
      with l as (select id from public.pipelines where name like '${PREFIX}%')
      select count(*)::int as under from public.protective_targets t
      where t.name like '${PREFIX}%' and t.type_code in ('village', 'residential', 'residential_large')
        and extensions.st_y(extensions.st_centroid(t.geom)) > 22.540
        and not exists (select 1 from app.pipeline_hca_of((select array_agg(id) from l)) h
          where h.criterion = 'class_3_area' and t.id = any (h.target_ids))
        and exists (select 1 from public.pipelines p where p.id in (select id from l)
          and extensions.st_dwithin(t.geom::extensions.geography, p.geom::extensions.geography, 200))`)
    expect(w[0]!.under).toBeGreaterThanOrEqual(5)
  })

  it('bounds a window at 2,000 m inclusive, its peers at the same position included', async () => {
    const { rows } = await sql().query<{ target_ids: string[]; households: number }>(
      `select h.target_ids, h.households from app.pipeline_hca_of(array[(select id from public.pipelines where name = $1)]) h
       where h.criterion = 'class_3_area' order by h.from_m`,
      [`${PREFIX} F`],
    )
    const ids = (...k: string[]) => k.map((x) => fid[x]!).sort()
    expect(rows).toEqual([
      { target_ids: ids('p1a', 'p1b'), households: 100 },
      { target_ids: ids('q1', 'q2', 'q3', 'q4'), households: 100 },
    ])
  })

  it('answers exactly as the previous body, row by row, geometry included', async () => {
    // both in one statement (one snapshot): every line, then the fixture's lines in order
    const { rows } = await sql().query<{ prev: unknown[]; next: unknown[]; missing: number; extra: number; n: number }>(`
      with l as (select array_agg(id) as ids from public.pipelines where name like '${PREFIX}%'),
      o as (select ${COLS} from ${SCHEMA}.pipeline_hca_of(null)),
      n as (select ${COLS} from app.pipeline_hca_of(null))
      select (select count(*) from (select * from o except all select * from n) x)::int as missing,
        (select count(*) from (select * from n except all select * from o) x)::int as extra,
        (select count(*) from n)::int as n,
        (select jsonb_agg(to_jsonb(h) order by h.pipeline_name, h.part, h.from_m, h.to_m, h.criterion, h.target_ids)
          from ${SCHEMA}.pipeline_hca_of((select ids from l)) h) as prev,
        (select jsonb_agg(to_jsonb(h) order by h.pipeline_name, h.part, h.from_m, h.to_m, h.criterion, h.target_ids)
          from app.pipeline_hca_of((select ids from l)) h) as next`)
    const r = rows[0]!
    expect({ missing: r.missing, extra: r.extra }).toEqual({ missing: 0, extra: 0 })
    expect(r.next.length).toBeGreaterThanOrEqual(20)
    expect(r.next).toHaveLength(r.prev.length)
    for (let i = 0; i < r.prev.length; i++) expect(r.next[i], `row ${i}`).toEqual(r.prev[i])
    // the kept table (filled by the triggers, through the new body) holds the same for these lines
    const K = COLS.replace('pipeline_name, medium, ', '')
    const { rows: kept } = await sql().query<{ d: number }>(`
      with l as (select array_agg(id) as ids from public.pipelines where name like '${PREFIX}%'),
      o as (select ${K} from ${SCHEMA}.pipeline_hca_of((select ids from l))),
      k as (select ${K} from app.pipeline_hca_segments where pipeline_id = any ((select ids from l)::uuid[]))
      select count(*)::int as d from ((select * from o except all select * from k) union all (select * from k except all select * from o)) x`)
    expect(kept[0]!.d).toBe(0)
  })
})
