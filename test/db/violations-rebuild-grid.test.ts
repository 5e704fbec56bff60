// The full rebuild restated set-based (issue 15, migration 20270208000100): cells of the
// (source, class) boxes hash-joined with the targets instead of one index probe per source and
// class, and the relation's b-trees rebuilt instead of 700k random insertions. Its rows must be
// the previous body's rows exactly: the previous rebuild inserted
// app.distance_violations_of_sources(null), so the relation after the new rebuild is compared
// with that, row for row, distances included, on seeded random sources and targets around 江门
// (points, small squares, a source and targets too large for the cells, which take the old
// path, and targets placed within half a metre of their source's required distance, inside and
// outside). The relation keeps its constraints, indexes and per-source figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql, useStack } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID } from '../../supabase/seed/demo-users.ts'

useStack()

const RUN = Math.random().toString(36).slice(2, 8)
const PREFIX = `DVR-${RUN}-`
const SEED = Number(process.env.DVR_SEED ?? 23)

/** The relation against the previous rebuild's rows (one statement, one snapshot). */
const COMPARE_SQL = `
with want as (select * from app.distance_violations_of_sources(null)),
have as (select hazard_source_id, target_id, target_class, population, distance_m, required_m, shortfall_m from public.distance_violations),
agg as (
  select p.hazard_source_id, jsonb_object_agg(p.target_class, p.n) as by_class, sum(p.n)::bigint as n, sum(p.people)::bigint as people, max(p.worst) as worst
  from (select hazard_source_id, target_class, count(*) as n, sum(population) as people, max(shortfall_m) as worst
        from public.distance_violations group by 1, 2) p group by 1
), kept as (select hazard_source_id, by_class, n, people, worst from app.distance_violation_sources)
select (select count(*)::int from want) as want, (select count(*)::int from have) as have,
  (select count(*)::int from ((select * from agg except select * from kept) union all (select * from kept except select * from agg)) d) as summary_diff,
  (select coalesce(jsonb_agg(to_jsonb(m)), '[]') from (select * from (select * from want except all select * from have) m limit 5) m) as missing,
  (select coalesce(jsonb_agg(to_jsonb(x)), '[]') from (select * from (select * from have except all select * from want) x limit 5) x) as extra`

/** What the rebuild must leave as it was: constraints, indexes, policies, triggers, grants. */
const SHAPE_SQL = `select
  (select jsonb_agg(c.conname || ' ' || pg_get_constraintdef(c.oid) order by c.conname) from pg_constraint c where c.conrelid = 'public.distance_violations'::regclass) as constraints,
  (select jsonb_agg(i.indexname || ' ' || i.indexdef order by i.indexname) from pg_indexes i where i.schemaname = 'public' and i.tablename = 'distance_violations') as indexes,
  (select jsonb_agg(p.policyname || ' ' || p.qual order by p.policyname) from pg_policies p where p.tablename = 'distance_violations') as policies,
  (select jsonb_agg(t.tgname order by t.tgname) from pg_trigger t where t.tgrelid = 'public.distance_violations'::regclass) as triggers,
  (select c.relrowsecurity from pg_class c where c.oid = 'public.distance_violations'::regclass) as rls,
  (select c.relacl::text from pg_class c where c.oid = 'public.distance_violations'::regclass) as acl`

beforeAll(async () => {
  const db = sql()
  await db.query('select setseed($1)', [(SEED % 1000) / 1000])
  // 40 sources around 江门: points, 15 % squares of 60–300 m, and one 0.15° × 0.12° polygon
  // (an industrial park: wider than the rebuild's cells take, so the old per-source path)
  await db.query(
    `insert into public.hazard_sources (enterprise_id, name, unit_type, geom)
     select $1, $2 || i, 'storage',
       case when i = 1 then extensions.st_makeenvelope(113.0, 22.5, 113.15, 22.62, 4326)
            when r < 0.15 then extensions.st_expand(extensions.st_setsrid(extensions.st_makepoint(x, y), 4326), 0.0003 + r * 0.008)
            else extensions.st_setsrid(extensions.st_makepoint(x, y), 4326) end
     from (select i, 113.0 + random() * 0.12 as x, 22.5 + random() * 0.1 as y, random() as r from generate_series(1, 40) i) p`,
    [DEMO_ENTERPRISE_ID, `${PREFIX}源`],
  )
  await db.query(
    `insert into public.hazard_source_distances (hazard_source_id, target_class, required_m, basis, basis_reference)
     select h.id, c, round((50 + random() * 1450)::numeric, 1), 'assessment_report', 'test'
     from public.hazard_sources h cross join unnest(enum_range(null::public.protective_class)) c
     where h.name like $1 || '%'
     on conflict (hazard_source_id, target_class) do update set required_m = excluded.required_m`,
    [PREFIX],
  )
  // 800 targets of every class (points, 10 % small squares, 4 squares of 0.02°: the old
  // per-target path) and, per source and class, two targets half a metre either side of its
  // required distance, due north, east, south or west (where the cells' boxes are tightest)
  await db.query(
    `insert into public.protective_targets (name, target_class, type_code, population, geom)
     select $1 || i, (enum_range(null::public.protective_class))[1 + (i % 5)], 'village', 1 + (random() * 500)::int,
       case when i <= 4 then extensions.st_expand(extensions.st_setsrid(extensions.st_makepoint(x, y), 4326), 0.01)
            when r < 0.1 then extensions.st_expand(extensions.st_setsrid(extensions.st_makepoint(x, y), 4326), 0.0001 + r * 0.005)
            else extensions.st_setsrid(extensions.st_makepoint(x, y), 4326) end
     from (select i, 112.98 + random() * 0.16 as x, 22.48 + random() * 0.14 as y, random() as r from generate_series(1, 800) i) p`,
    [`${PREFIX}目标`],
  )
  await db.query(
    `insert into public.protective_targets (name, target_class, type_code, population, geom)
     select $1 || row_number() over (), d.target_class, 'village', 7,
       extensions.st_project(h.geom::extensions.geography, d.required_m::float8 + side * 0.5, floor(random() * 4) * pi() / 2)::extensions.geometry
     from public.hazard_sources h
     join public.hazard_source_distances d on d.hazard_source_id = h.id
     cross join (values (-1), (1)) s(side)
     where h.name like $2 || '%' and extensions.geometrytype(h.geom) = 'POINT'`,
    [`${PREFIX}边界`, PREFIX],
  )
})

afterAll(async () => {
  await sql().query(`delete from public.protective_targets where name like $1 || '%'`, [PREFIX])
  await sql().query(`delete from public.hazard_sources where name like $1 || '%'`, [PREFIX])
})

describe('rebuild_distance_violations, set-based (20270208000100)', () => {
  it('gives exactly the previous body’s rows on random sources and targets, odd geometries and threshold cases included', async () => {
    const shape = (await sql().query(SHAPE_SQL)).rows[0]
    const { rows } = await sql().query<{ n: string }>('select public.rebuild_distance_violations() as n')
    const c = (await sql().query(COMPARE_SQL)).rows[0] as { want: number; have: number; summary_diff: number; missing: unknown[]; extra: unknown[] }
    expect({ missing: c.missing, extra: c.extra }, `rebuilt (${c.have}) vs the previous body (${c.want})`).toEqual({ missing: [], extra: [] })
    expect(c.have).toBe(c.want)
    expect(Number(rows[0]!.n)).toBe(c.want)
    expect(c.summary_diff, 'kept per-source figures vs the relation').toBe(0)
    // the fixture reached every path: the wide source, the wide targets, and both sides of the threshold
    const { rows: f } = await sql().query<{ wide_source: number; wide_target: number; just_inside: number; just_outside_kept: number; border: number }>(
      `select
         count(*) filter (where h.name = $1 || '源1')::int as wide_source,
         count(*) filter (where t.name in ($1 || '目标1', $1 || '目标2', $1 || '目标3', $1 || '目标4'))::int as wide_target,
         count(*) filter (where t.name like $1 || '边界%' and v.shortfall_m between 0 and 1)::int as just_inside,
         count(*) filter (where t.name like $1 || '边界%' and v.shortfall_m < 0)::int as just_outside_kept,
         (select count(*)::int from public.protective_targets b where b.name like $1 || '边界%') as border
       from public.distance_violations v
       join public.hazard_sources h on h.id = v.hazard_source_id
       join public.protective_targets t on t.id = v.target_id
       where h.name like $1 || '%'`,
      [PREFIX],
    )
    expect(f[0]!.wide_source).toBeGreaterThan(0)
    expect(f[0]!.wide_target).toBeGreaterThan(0)
    expect(f[0]!.border).toBeGreaterThan(300)
    // the half-metre-inside targets are found (some sources' classes reach other border targets too)
    expect(f[0]!.just_inside).toBeGreaterThan(100)
    expect(f[0]!.just_outside_kept).toBe(0)
    expect((await sql().query(SHAPE_SQL)).rows[0], 'constraints, indexes, policies, triggers, RLS, grants unchanged').toEqual(shape)
  })

  it('the relation kept by triggers through edits equals the rebuild (after a move of every fixture target)', async () => {
    await sql().query(`update public.protective_targets set geom = extensions.st_translate(geom, 0.0007, -0.0004) where name like $1 || '目标%'`, [PREFIX])
    const before = await sql().query(`select * from public.distance_violations order by hazard_source_id, target_id`)
    await sql().query('select public.rebuild_distance_violations()')
    const after = await sql().query(`select * from public.distance_violations order by hazard_source_id, target_id`)
    expect(after.rows.length).toBe(before.rows.length)
    expect(after.rows).toEqual(before.rows)
  })
})
