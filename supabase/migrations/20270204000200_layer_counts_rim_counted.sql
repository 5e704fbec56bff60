-- layer_counts at a street view at scale (issue 15, found by bench:rpcs: 1.70 s p50 at 1,000,000
-- risk points and 1,000,000 targets, as an admin over the densest town centre).
-- layer_counts adds the kept counts of the whole 0.02° cells inside the box to an exact count of
-- the box's rim (20261204200200). At a street view (about 0.23° × 0.12°: 10 × 4 inner cells) the
-- rim is two fifths of the box: EXPLAIN ANALYZE as an admin showed 78,370 risk points and as many
-- targets in it. Their ids came from the geography index in a definer (app.count_rim_ids), and
-- then every one of them was read again by primary key under the caller's RLS (uuid equality is
-- leakproof, && is not): 78,370 index probes per layer, more than half of the call.
-- Now the rim is counted where it is found: app.count_rim (definer, the same GiST strips and
-- cell test as app.count_rim_ids) counts the rim's rows per level with the caller's filters and
-- the caller's read rule, written by the same function that wrote the kept cells' policy
-- (app.rls_read('area_code', null) for risk points; the staff roles for targets). The cells
-- path is taken only by the staff roles (admin, command, planner, regulator, service), for whom
-- that rule is exactly the tables' read policy (the enterprise branch never applies), as the
-- inner cells already rely on. It returns counts only and lives in schema app (not exposed);
-- called directly by anyone else it counts nothing they may not read.
-- Everything else in layer_counts is the body of 20261207000300. Same answers:
-- test/db/load-counts.test.ts compares with counting every row, for every role, boxes of every
-- size and on cell edges, with each filter, and after writes.

do $do$
begin
  execute format($f$
create or replace function app.count_rim(layer int,
  strip_w extensions.geometry, strip_e extensions.geometry, strip_s extensions.geometry, strip_n extensions.geometry,
  i0 int, i1 int, j0 int, j1 int, levels int[], area_pat text)
returns table (level smallint, n int)
language sql stable
security definer
set search_path = ''
as $$
  select r.current_level, count(*)::int from public.risk_points r
  where layer = 1
    and (r.location operator(extensions.&&) strip_w or r.location operator(extensions.&&) strip_e
         or r.location operator(extensions.&&) strip_s or r.location operator(extensions.&&) strip_n)
    and not (floor(extensions.st_x(r.location) / app.count_cell_deg())::int between i0 and i1
             and floor(extensions.st_y(r.location) / app.count_cell_deg())::int between j0 and j1)
    and (levels is null or r.current_level = any (levels))
    and (area_pat is null or r.area_code like area_pat)
    and %s
  group by r.current_level
  union all
  select 0::smallint, count(*)::int from public.protective_targets t
  where layer = 3
    and (t.location operator(extensions.&&) strip_w or t.location operator(extensions.&&) strip_e
         or t.location operator(extensions.&&) strip_s or t.location operator(extensions.&&) strip_n)
    and not (floor(extensions.st_x(t.location) / app.count_cell_deg())::int between i0 and i1
             and floor(extensions.st_y(t.location) / app.count_cell_deg())::int between j0 and j1)
    and (area_pat is null or t.area_code like area_pat)
    and (select app.user_role()) in ('admin', 'command', 'planner', 'regulator', 'service')
$$$f$, app.rls_read('r.area_code', null));
end
$do$;

revoke execute on function app.count_rim(int, extensions.geometry, extensions.geometry, extensions.geometry, extensions.geometry,
  int, int, int, int, int[], text) from public, anon;
grant execute on function app.count_rim(int, extensions.geometry, extensions.geometry, extensions.geometry, extensions.geometry,
  int, int, int, int, int[], text) to authenticated, service_role;

create or replace function public.layer_counts(west float8, south float8, east float8, north float8,
  levels int[] default null, industry text default null, area text default null)
returns jsonb
language plpgsql stable
security invoker
set search_path = ''
as $$
declare
  env extensions.geometry;
  apat text;
  result jsonb;
  role text := app.user_role();
  ent uuid := case when app.user_role() = 'enterprise' then app.enterprise_id() end;
  c constant float8 := app.count_cell_deg();
  eps float8 := app.count_cell_deg() * 1e-6;
  i0 int; i1 int; j0 int; j1 int;
  strip_w extensions.geometry; strip_e extensions.geometry; strip_s extensions.geometry; strip_n extensions.geometry;
  cells boolean;
  rp jsonb;
  hs jsonb;
  hd jsonb;
  pt bigint;
  er bigint;
begin
  perform app.check_levels(levels);
  perform app.check_bbox(west, south, east, north);
  env := extensions.st_makeenvelope(west, south, east, north, 4326);
  apat := app.code_prefix(area) || '%';
  -- inner cells: strictly inside the box (see the top of this file)
  i0 := floor(west / c)::int + 1;  i1 := floor(east / c)::int - 1;
  j0 := floor(south / c)::int + 1; j1 := floor(north / c)::int - 1;
  cells := i0 <= i1 and j0 <= j1 and role in ('admin', 'command', 'planner', 'regulator', 'service');
  if cells then
    strip_w := extensions.st_makeenvelope(west, south, least(i0 * c + eps, east), north, 4326);
    strip_e := extensions.st_makeenvelope(greatest((i1 + 1) * c - eps, west), south, east, north, 4326);
    strip_s := extensions.st_makeenvelope(west, south, east, least(j0 * c + eps, north), 4326);
    strip_n := extensions.st_makeenvelope(west, greatest((j1 + 1) * c - eps, south), east, north, 4326);
  end if;

  if ent is not null then
    -- an enterprise: its own risk points (RLS gives it no others; the equality uses the index)
    select jsonb_build_object('1', count(*) filter (where r.current_level = 1), '2', count(*) filter (where r.current_level = 2),
                              '3', count(*) filter (where r.current_level = 3), '4', count(*) filter (where r.current_level = 4))
    into rp from public.risk_points r
    where r.enterprise_id = ent and r.location operator(extensions.&&) env
      and (levels is null or r.current_level = any (levels))
      and (industry is null or r.industry_code = industry)
      and (area is null or r.area_code like apat);
    -- and the targets of its context (RLS gives it no others)
    select count(*) into pt from public.protective_targets t
    where t.id = any (array(select n.id from app.enterprise_nearby_targets n))  -- read by primary key
      and t.location operator(extensions.&&) env and (area is null or t.area_code like apat);
  elsif cells and industry is null then
    select jsonb_build_object('1', coalesce(sum(x.n) filter (where x.level = 1), 0), '2', coalesce(sum(x.n) filter (where x.level = 2), 0),
                              '3', coalesce(sum(x.n) filter (where x.level = 3), 0), '4', coalesce(sum(x.n) filter (where x.level = 4), 0))
    into rp from (
      select k.level, k.n from app.layer_count_cells k
      where k.layer = 1 and k.cy between j0 and j1 and k.cx between i0 and i1
        and (levels is null or k.level = any (levels))
        and (area is null or k.area_code like apat)
      union all
      select m.level, m.n from app.count_rim(1, strip_w, strip_e, strip_s, strip_n, i0, i1, j0, j1, levels,
        case when area is not null then apat end) m) x;
  else
    select jsonb_build_object('1', count(*) filter (where r.current_level = 1), '2', count(*) filter (where r.current_level = 2),
                              '3', count(*) filter (where r.current_level = 3), '4', count(*) filter (where r.current_level = 4))
    into rp from public.risk_points r
    where r.location operator(extensions.&&) env
      and (levels is null or r.current_level = any (levels))
      and (industry is null or r.industry_code = industry)
      and (area is null or r.area_code like apat);
  end if;

  if ent is not null then
    null;  -- counted above
  elsif cells then
    select coalesce(sum(x.n), 0) into pt from (
      select k.n from app.layer_count_cells k
      where k.layer = 3 and k.cy between j0 and j1 and k.cx between i0 and i1
        and (area is null or k.area_code like apat)
      union all
      select m.n from app.count_rim(3, strip_w, strip_e, strip_s, strip_n, i0, i1, j0, j1, null,
        case when area is not null then apat end) m) x;
  else
    select count(*) into pt from public.protective_targets t
    where t.location operator(extensions.&&) env and (area is null or t.area_code like apat);
  end if;

  -- Separate statements per caller kind rather than `(ent is null or …)`: plpgsql keeps a
  -- generic plan of each statement (re-planning these RLS-laden statements on every call cost
  -- more than running them), and a generic plan can use the enterprise_id index only when the
  -- condition is a plain equality.
  if ent is not null then
    select jsonb_build_object('total', count(*), 'major', count(*) filter (where h.is_major)) into hs
    from public.hazard_sources h
    where h.enterprise_id = ent and h.geom operator(extensions.&&) env and (area is null or h.area_code like apat);
    select jsonb_build_object(
        'open', count(*) filter (where d.status not in ('closed', 'rejected')),
        'overdue', count(*) filter (where (d.deadline is not null and d.deadline < app.today() and d.status not in ('closed', 'rejected'))),
        'major', count(*) filter (where d.severity = 'major' and d.status not in ('closed', 'rejected'))) into hd
    from public.hidden_dangers d
    where d.enterprise_id = ent and d.location operator(extensions.&&) env and (area is null or d.area_code like apat);
    select count(*) into er from public.emergency_resources x
    where x.id = any (array(select n.id from app.enterprise_nearby_resources n))
      and x.location operator(extensions.&&) env and (area is null or x.area_code like apat);
  else
    select jsonb_build_object('total', count(*), 'major', count(*) filter (where h.is_major)) into hs
    from public.hazard_sources h
    where h.geom operator(extensions.&&) env and (area is null or h.area_code like apat);
    select jsonb_build_object(
        'open', count(*) filter (where d.status not in ('closed', 'rejected')),
        'overdue', count(*) filter (where (d.deadline is not null and d.deadline < app.today() and d.status not in ('closed', 'rejected'))),
        'major', count(*) filter (where d.severity = 'major' and d.status not in ('closed', 'rejected'))) into hd
    from public.hidden_dangers d
    where d.location operator(extensions.&&) env and (area is null or d.area_code like apat);
    select count(*) into er from public.emergency_resources x
    where x.location operator(extensions.&&) env and (area is null or x.area_code like apat);
  end if;
  result := jsonb_build_object('risk_points', rp, 'hazard_sources', hs, 'hidden_dangers', hd,
    'protective_targets', pt, 'emergency_resources', er);
  return result;
end
$$;

-- layer_counts no longer asks for the rim's ids (app.count_rim counts them where the index finds
-- them), and nothing else called app.count_rim_ids: the definer goes rather than linger granted.
drop function app.count_rim_ids(int, extensions.geometry, extensions.geometry, extensions.geometry, extensions.geometry, int, int, int, int);
