// A candidate fix for safety_distance_violations under row-level security, created in the
// benchmark's throw-away database only (with --try-fix); the migrations are not touched.
//
// Why: under RLS, protective_targets carries a security qual (protective_targets_read:
// (select app.is_staff())). PostgreSQL may push a join clause into an index scan below a
// security qual only if it is LEAKPROOF; ST_DWithin / && are not, so the planner cannot use
// protective_targets_geom_geog_idx and falls back to a hash join on target_class with ST_DWithin
// as a join filter: every source × every target of the class.
//
// The candidate: the target search moves into a SECURITY DEFINER helper (no RLS on the table
// inside it, so the index is usable) that applies the same read rule itself: the caller's claims
// (request.jwt.claims is a setting, unchanged by SECURITY DEFINER) must be staff's. Hazard sources
// and their distances stay SECURITY INVOKER, under their own policies.
export const FIX_SQL = `
create or replace function app.bench_targets_within(shape extensions.geometry, cls public.protective_class, dist_m float8)
returns table (target_class public.protective_class, population integer, distance_m double precision)
language sql stable
security definer
set search_path = ''
as $$
  select t.target_class, t.population, extensions.st_distance(t.geom::extensions.geography, shape::extensions.geography)
  from public.protective_targets t
  where (select app.is_staff())
    and t.target_class = cls
    and extensions.st_dwithin(t.geom::extensions.geography, shape::extensions.geography, dist_m)
$$;
revoke execute on function app.bench_targets_within(extensions.geometry, public.protective_class, float8) from public, anon;
grant execute on function app.bench_targets_within(extensions.geometry, public.protective_class, float8) to authenticated;

create or replace function public.bench_safety_distance_violations_fixed(area_code text default null)
returns table (hazard_source_id uuid, hazard_source_name text, enterprise_id uuid, enterprise_name text,
  industry_code text, area_code text, relocation_status public.relocation_status, is_major boolean,
  major_grade smallint, violations_by_class jsonb, violating_targets bigint, population_inside bigint,
  worst_shortfall_m double precision, lon double precision, lat double precision)
language sql stable
security invoker
set search_path = ''
as $$
  with v as (
    select d.hazard_source_id, x.target_class, x.population, d.required_m - x.distance_m as shortfall
    from public.hazard_sources h
    join public.hazard_source_distances d on d.hazard_source_id = h.id and d.required_m > 0
    cross join lateral app.bench_targets_within(h.geom, d.target_class, d.required_m::float8) x
    where bench_safety_distance_violations_fixed.area_code is null
       or h.area_code like app.code_prefix(bench_safety_distance_violations_fixed.area_code) || '%'
  ), per_class as (
    select v.hazard_source_id, v.target_class, count(*) as n, sum(v.population) as people, max(v.shortfall) as worst
    from v group by 1, 2
  ), per_source as (
    select p.hazard_source_id, jsonb_object_agg(p.target_class, p.n) as by_class, sum(p.n)::bigint as n,
      sum(p.people)::bigint as people, max(p.worst) as worst
    from per_class p group by 1
  )
  select h.id, h.name, e.id, e.name, e.industry_code, h.area_code, e.relocation_status, h.is_major, h.major_grade,
    s.by_class, s.n, s.people, round(s.worst::numeric, 2)::float8, extensions.st_x(h.location), extensions.st_y(h.location)
  from per_source s
  join public.hazard_sources h on h.id = s.hazard_source_id
  join public.enterprises e on e.id = h.enterprise_id
  order by s.worst desc, h.id
$$;
revoke execute on function public.bench_safety_distance_violations_fixed(text) from public, anon;
grant execute on function public.bench_safety_distance_violations_fixed(text) to authenticated;
`;

export const FIX_CALL_SQL = 'select * from public.bench_safety_distance_violations_fixed($1::text)';

/** The same rows? (id, count, people, worst shortfall, in order) */
export function sameRows(a: Record<string, unknown>[], b: Record<string, unknown>[]): boolean {
  const key = (r: Record<string, unknown>): string =>
    [r.hazard_source_id, r.violating_targets, r.population_inside, r.worst_shortfall_m, JSON.stringify(r.violations_by_class)].join('|');
  return a.length === b.length && a.every((r, i) => key(r) === key(b[i]!));
}

// A second candidate, for the time at scale: the geography GiST index cannot narrow by class, so
// each (source, class) probe reads every target of every class in the box and throws the other
// classes away (the plan's "Rows Removed by Filter"); the rare classes have the largest distances.
// A two-column GiST index (btree_gist, which handles enums) on (target_class, geom::geography)
// lets the probe match class and box in the index. Bench database only.
export const CLASS_INDEX_SQL = `
create extension if not exists btree_gist with schema extensions;
create index bench_protective_targets_class_geog_idx on public.protective_targets
  using gist (target_class, (geom::extensions.geography));
analyze public.protective_targets;
`;
export const CLASS_INDEX_NAME = 'bench_protective_targets_class_geog_idx';
