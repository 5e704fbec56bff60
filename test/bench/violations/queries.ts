// The SQL the safety-distance benchmark runs. The function itself is called as it is migrated;
// what is inlined here is only what EXPLAIN and the sample comparison need: the `v` CTE of
// public.safety_distance_violations (supabase/migrations/20261204100900_safety_distance_planner.sql),
// same joins, same predicates.

/** The function as the app calls it (PostgREST: POST /rpc/safety_distance_violations). */
export const CALL_SQL = 'select * from public.safety_distance_violations($1::text)'

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
