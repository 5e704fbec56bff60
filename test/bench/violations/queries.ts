// The SQL the safety-distance benchmark runs. The function itself is called as it is migrated;
// what is inlined here is only what EXPLAIN and the sample comparison need: the `v` CTE of
// public.safety_distance_violations (supabase/migrations/20261204100900_safety_distance_planner.sql),
// same joins, same predicates.

/** The function as the app calls it (PostgREST: POST /rpc/safety_distance_violations). Since
 * 20261207000100 it aggregates the kept relation public.distance_violations. */
export const CALL_SQL = 'select * from public.safety_distance_violations($1::text)'

/** The worklist as it was computed on every request before 20261207000100 (the body of
 * public.safety_distance_violations in 20261204100900, verbatim but for the parameter): the
 * on-the-fly formulation the kept relation is measured against, in the same run. */
export const LEGACY_CALL_SQL = `
  with v as (
    select d.hazard_source_id, t.target_class, t.population, d.required_m - t.distance_m as shortfall
    from public.hazard_sources h
    join public.hazard_source_distances d on d.hazard_source_id = h.id and d.required_m > 0
    cross join lateral app.targets_of_class_within(h.geom, d.target_class, d.required_m::float8) t
    where $1::text is null
       or h.area_code like app.code_prefix($1::text) || '%'
  ), per_class as (
    select v.hazard_source_id, v.target_class, count(*) as n, sum(v.population) as people, max(v.shortfall) as worst
    from v group by 1, 2
  ), per_source as (
    select p.hazard_source_id, jsonb_object_agg(p.target_class, p.n) as by_class, sum(p.n)::bigint as n,
      sum(p.people)::bigint as people, max(p.worst) as worst
    from per_class p group by 1
  )
  select h.id as hazard_source_id, h.name as hazard_source_name, e.id as enterprise_id, e.name as enterprise_name,
    e.industry_code, h.area_code, e.relocation_status, h.is_major, h.major_grade,
    s.by_class as violations_by_class, s.n as violating_targets, s.people as population_inside,
    round(s.worst::numeric, 2)::float8 as worst_shortfall_m, extensions.st_x(h.location) as lon, extensions.st_y(h.location) as lat
  from per_source s
  join public.hazard_sources h on h.id = s.hazard_source_id
  join public.enterprises e on e.id = h.enterprise_id
  order by s.worst desc, h.id`

/** The full rebuild of the kept relation (a bulk load bypassed the triggers). */
export const REBUILD_SQL = 'select public.rebuild_distance_violations() as n'

/** The rebuild's body before 20270208000100 (20261207000400, verbatim but for the role check):
 * one index probe of protective_targets_class_geog_idx per (source, class), 737k rows inserted
 * one by one with their foreign-key checks. Timed in the same run as the new body, in a
 * transaction of its own; its rows must equal the new body's (DIFF_SQL against a snapshot). */
export const LEGACY_REBUILD_SQL = [
  'truncate public.distance_violations, app.distance_violation_sources',
  `insert into public.distance_violations (hazard_source_id, target_id, target_class, population, distance_m, required_m, shortfall_m)
  select * from app.distance_violations_of_sources(null)`,
]

/** Schools to move for the one-edit cost: deterministic, spread (ids are md5 of the serial). */
export const SCHOOLS_SQL = `select array_agg(id::text order by id) as ids from (
  select id from public.protective_targets where type_code = 'school' order by id limit $1) s`

/** One edit: a school moved ~200 m east; the triggers re-probe its violations in the same statement. */
export const MOVE_SQL = `update public.protective_targets set geom = extensions.st_translate(geom, 0.002, 0) where id = $1::uuid`

/** The kept relation's rows not in the snapshot, and the snapshot's not in the relation. */
export const DIFF_SQL = `select
  (select count(*) from (select * from public.distance_violations except all select * from pg_temp.dv_snapshot) a) as extra,
  (select count(*) from (select * from pg_temp.dv_snapshot except all select * from public.distance_violations) b) as missing,
  (select count(*) from public.distance_violations) as n`

/** The function's core: `v` joined and aggregated per source (area filter as in the function). */
export const CORE_SQL = `
select v.hazard_source_id, count(*) as n, sum(v.population) as people, max(v.shortfall) as worst
from (
  select d.hazard_source_id, t.target_class, t.population,
    d.required_m - extensions.st_distance(t.geom::extensions.geography, h.geom::extensions.geography) as shortfall
  from public.hazard_sources h
  join public.hazard_source_distances d on d.hazard_source_id = h.id and d.required_m > 0
  join public.protective_targets t
    on t.target_class = d.target_class
   and extensions.st_dwithin(t.geom::extensions.geography, h.geom::extensions.geography, d.required_m::float8)
  where $1::text is null or h.area_code like app.code_prefix($1::text) || '%'
) v
group by 1`

/** Violations per source for a set of sources: the indexed formulation (ST_DWithin). */
export const SAMPLE_INDEXED_SQL = `
select h.id::text as id, count(t.id) as n
from public.hazard_sources h
join public.hazard_source_distances d on d.hazard_source_id = h.id and d.required_m > 0
left join public.protective_targets t
  on t.target_class = d.target_class
 and extensions.st_dwithin(t.geom::extensions.geography, h.geom::extensions.geography, d.required_m::float8)
where h.id = any($1::uuid[])
group by 1 order by 1`

/** The naive formulation: every target of the class, distance computed, compared. No index can
 * serve it: ST_Distance(…) <= x is not an indexable predicate. */
export const SAMPLE_NAIVE_SQL = `
select h.id::text as id, count(t.id) as n
from public.hazard_sources h
join public.hazard_source_distances d on d.hazard_source_id = h.id and d.required_m > 0
left join public.protective_targets t
  on t.target_class = d.target_class
 and extensions.st_distance(t.geom::extensions.geography, h.geom::extensions.geography) <= d.required_m
where h.id = any($1::uuid[])
group by 1 order by 1`

/** A deterministic sample: the first k sources by id (ids are md5 of the serial: a spread). */
export const SAMPLE_IDS_SQL = 'select array_agg(id::text order by id) as ids from (select id from public.hazard_sources order by id limit $1) s'
