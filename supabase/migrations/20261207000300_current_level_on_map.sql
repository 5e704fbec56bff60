-- Dynamic risk level on the map (issue 15, slice 2): the risk-point layer, its counts and the
-- public's counts colour and count by risk_points.current_level (the assessed level raised by
-- the dynamic rules, 20261207000200) instead of the assessed level. The bodies are the live ones
-- of 20261206000200 (app.binned_points, public_layer_counts) and 20261204200200
-- (app.layer_count_cells_changed, layer_counts) with `level` of risk points read as
-- `current_level`, nothing else changed; the per-cell counts are rebuilt by current level.
-- Wherever no rule applies current_level = level, so every answer is as before until a major
-- hidden danger is linked to a point.

create or replace function app.binned_points(
  layer_code int, west float8, south float8, east float8, north float8, zoom float8,
  levels int[], industry text, area text, min_deg float8)
returns bytea
language plpgsql stable
security invoker
set search_path = ''
-- A bbox of the whole city and one of a street want different plans: never a cached generic one.
set plan_cache_mode = force_custom_plan
set work_mem = '32MB'
as $$
declare
  cell float8[];
  x0 float8;
  y0 float8;
  env extensions.geometry;
  apat text;
  body bytea;
  n int;
  small boolean;
  -- enum orders, read once per call: enum_range() per row cost ~6 µs (a catalog lookup)
  classes public.protective_class[] := enum_range(null::public.protective_class);
  statuses public.hidden_danger_status[] := enum_range(null::public.hidden_danger_status);
begin
  cell := app.lod_cell(zoom, (south + north) / 2, min_deg);
  -- Align the grid globally so cells don't shift as the view pans.
  x0 := floor(west / cell[1]) * cell[1];
  y0 := floor(south / cell[2]) * cell[2];
  if (east - x0) / cell[1] > 65535 or (north - y0) / cell[2] > 65535 then
    raise exception 'bounding box is too large for zoom % (more than 65535 cells across)', zoom using errcode = '22023';
  end if;
  env := extensions.st_makeenvelope(west, south, east, north, 4326);
  apat := app.code_prefix(area) || '%';
  small := (east - west) * (north - south) <= app.small_box_deg2();
  select count(*), string_agg(app.cell_record(gx, gy, code, cnt), ''::bytea) into n, body
  from (
    select floor((extensions.st_x(p.location) - x0) / cell[1])::int as gx,
           floor((extensions.st_y(p.location) - y0) / cell[2])::int as gy,
           min(p.code) as code, count(*) as cnt
    from (
      select r.location, r.current_level::int as code
      from public.risk_points r
      where layer_code in (1, 4)
        and (case when small then r.id = any (array(select app.box_ids(1, env))) else r.location operator(extensions.&&) env end)
        and (levels is null or r.current_level = any (levels))
        and (industry is null or r.industry_code = industry)
        and (area is null or r.area_code like apat)
      union all
      -- app.hidden_danger_code, with the enum order read once
      select d.location, (array_position(statuses, d.status) - 1)
               | (case when d.deadline is not null and d.deadline < current_date and d.status not in ('closed', 'rejected') then 0 else 8 end)
               | (case when d.severity = 'major' then 0 else 16 end)
      from public.hidden_dangers d
      where layer_code = 2
        and (case when small then d.id = any (array(select app.box_ids(2, env))) else d.location operator(extensions.&&) env end)
        and (area is null or d.area_code like apat)
      union all
      select t.location, array_position(classes, t.target_class)::int
      from public.protective_targets t
      where layer_code = 3
        and (case when small then t.id = any (array(select app.box_ids(3, env))) else t.location operator(extensions.&&) env end)
        and (area is null or t.area_code like apat)
    ) p
    group by 1, 2
  ) cells;
  return app.pack_cells(layer_code, x0, y0, cell[1], cell[2], body, n);
end
$$;

create or replace function public.public_layer_counts(west float8, south float8, east float8, north float8,
  levels int[] default null, area text default null)
returns jsonb
language plpgsql stable
security definer
set search_path = ''
as $$
declare
  env extensions.geometry;
  apat text;
begin
  perform app.check_levels(levels);
  perform app.check_bbox(west, south, east, north);
  env := extensions.st_makeenvelope(west, south, east, north, 4326);
  apat := app.code_prefix(area) || '%';
  return jsonb_build_object(
    'risk_points', (select jsonb_build_object('1', count(*) filter (where r.current_level = 1), '2', count(*) filter (where r.current_level = 2),
                                              '3', count(*) filter (where r.current_level = 3), '4', count(*) filter (where r.current_level = 4))
                    from public.risk_points r
                    where r.location operator(extensions.&&) env
                      and (levels is null or r.current_level = any (levels))
                      and (area is null or r.area_code like apat)),
    'major_hazards', (select count(*) from public.hazard_sources h
                      where h.is_major and h.geom operator(extensions.&&) env and (area is null or h.area_code like apat)),
    'emergency_resources', (select count(*) from public.emergency_resources x
                            where x.resource_type in ('shelter', 'hospital', 'fire_station')
                              and x.location operator(extensions.&&) env and (area is null or x.area_code like apat)));
end
$$;

create or replace function app.layer_count_cells_changed() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  src text := case tg_table_name
    when 'risk_points' then 'select 1::smallint as layer, x.location, x.area_code, x.current_level::smallint as level, %s as d from %s x'
    else 'select 3::smallint as layer, x.location, x.area_code, 0::smallint as level, %s as d from %s x' end;
  rows_sql text := case tg_op
    when 'INSERT' then format(src, 1, 'new_rows')
    when 'DELETE' then format(src, -1, 'old_rows')
    else format(src, 1, 'new_rows') || ' union all ' || format(src, -1, 'old_rows') end;
begin
  execute format($q$
    insert into app.layer_count_cells as c (layer, cy, cx, area_code, level, n)
    select r.layer, floor(extensions.st_y(r.location) / app.count_cell_deg())::int, floor(extensions.st_x(r.location) / app.count_cell_deg())::int,
      r.area_code, r.level, sum(r.d)
    from (%s) r
    where r.location is not null
    group by 1, 2, 3, 4, 5
    having sum(r.d) <> 0
    order by 1, 2, 3, 4, 5
    on conflict on constraint layer_count_cells_key do update set n = c.n + excluded.n$q$, rows_sql);
  delete from app.layer_count_cells c where c.n = 0;
  return null;
end
$$;

-- The per-cell counts of risk points, by current level.
delete from app.layer_count_cells where layer = 1;
insert into app.layer_count_cells (layer, cy, cx, area_code, level, n)
select 1, floor(extensions.st_y(r.location) / app.count_cell_deg())::int, floor(extensions.st_x(r.location) / app.count_cell_deg())::int,
  r.area_code, r.current_level, count(*)
from public.risk_points r where r.location is not null group by 1, 2, 3, 4, 5;

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
      select r.current_level, 1 from public.risk_points r
      where r.id = any (array(select app.count_rim_ids(1, strip_w, strip_e, strip_s, strip_n, i0, i1, j0, j1)))
        and (levels is null or r.current_level = any (levels))
        and (area is null or r.area_code like apat)) x;
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
      select 1 from public.protective_targets t
      where t.id = any (array(select app.count_rim_ids(3, strip_w, strip_e, strip_s, strip_n, i0, i1, j0, j1)))
        and (area is null or t.area_code like apat)) x;
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
        'overdue', count(*) filter (where (d.deadline is not null and d.deadline < current_date and d.status not in ('closed', 'rejected'))),
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
        'overdue', count(*) filter (where (d.deadline is not null and d.deadline < current_date and d.status not in ('closed', 'rejected'))),
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
