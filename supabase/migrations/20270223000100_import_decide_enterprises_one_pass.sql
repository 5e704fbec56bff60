-- Import speed (issue 14, session 27): the dry run decides an enterprise row in one statement.
--
-- app.import_decide_records_generic decides a range in two UPDATEs of import_rows: pass 1 (area,
-- served region, jurisdiction; every row rewritten with its area_code and verdict null or error),
-- then pass 2 (the stored record by credit code: insert / update / unchanged, or a regulator's
-- refusal) rewriting every open row again. For enterprises nothing of pass 2 needs pass 1's write:
-- the key is the file's credit code (no enterprise_id to look up first) and the compared columns
-- (app.import_columns) are neither area_code nor enterprise_id, the only keys pass 1 changes. So a
-- dry run rewrote each of the 100,000 staged rows twice (a new row version each time, the CHECK on
-- data::text evaluated each time, a second scan of the range) where one write gives the same row.
--
-- app.import_decide_enterprises is pass 1 and pass 2 of that body as one UPDATE: the same
-- expressions (area from app.import_area_codes, outside, swapped, not_ours, the stored record by
-- one index search per row, the same column comparisons), each row written once with the verdict,
-- target, refusal and data pass 2 would have left. A row refused by pass 1 keeps pass 1's refusal
-- and no target, as before (pass 2 looked only at rows whose verdict was still null).
-- Used for the full decision only (import_check, not keys_only); the commit's keys_only decision,
-- which writes no row when nothing changed since the dry run, stays in the generic body.
-- test/db/import-speed-3.test.ts runs the generic body on the same staged rows and compares.

create or replace function app.import_decide_enterprises(r public.import_runs, from_row integer, to_row integer) returns void
language plpgsql volatile
set search_path = ''
as $$
declare
  lo integer := coalesce(from_row, 0);
  hi integer := coalesce(to_row, 2147483647);
  scoped boolean := app.user_role() = 'regulator';
  patterns text[] := app.scope_patterns();
  differs text;
begin
  perform app.import_area_codes(r.id, lo, hi, 'location');
  -- the file row's column differs from the stored one (as pass 2 builds it; v.d is the staged data
  -- without area_code and enterprise_id, which are not among the compared columns)
  select string_agg(case when c = 'location'
      then format('(v.d ? %L and not extensions.st_equals(p.%I, t.%I))', c, c, c)
      else format('(v.d ? %L and p.%I is distinct from t.%I)', c, c, c) end, ' or ')
    into differs from unnest(app.import_columns('enterprises')) c;
  execute format($q$
    with b as materialized (
      select s.row_no, s.data - 'enterprise_id' - 'area_code' as d, extensions.st_geomfromewkt(s.data ->> 'location') as g
      from public.import_rows s
      where s.run_id = $1 and s.row_no between $2 and $3
    ), a as materialized (
      select b.*, ia.code as area
      from b left join pg_temp.import_area ia on ia.row_no = b.row_no
    ), o as materialized (
      select a.*, not coalesce(ax.level <> 'city', false)
        and not exists (select 1 from public.areas x where x.level = 'district' and extensions.st_intersects(x.geom, a.g))
        and not exists (select 1 from public.areas x where x.level = 'district'
          and x.geom operator(extensions.&&) extensions.st_expand(a.g, 0.02)
          and extensions.st_dwithin(x.geom::extensions.geography, a.g::extensions.geography, 1000)) as outside
      from a left join public.areas ax on ax.code = a.area  -- one hash join, not a lookup per row
    ), v as (
      select o.*, $4 and not o.outside and not coalesce(o.area like any($5), false) as not_ours
      from o
    ), k as materialized (
      -- pass 2 for the rows pass 1 leaves open: the stored record by one index search per row
      -- (offset 0 keeps the lateral join), the file's record built only where one is stored
      select v.*, case when v.outside or v.not_ours then null else t.id end as target, case
          when v.outside or v.not_ours then 'error'
          when t.id is null then 'insert'
          when $4 and not coalesce(t.area_code like any($5), false) then 'error'
          when (select %s from jsonb_populate_record(null::public.enterprises, v.d) p) then 'update' else 'unchanged' end as verdict
      from v left join lateral (select t.* from public.enterprises t
        where not (v.outside or v.not_ours) and t.credit_code = v.d ->> 'credit_code' offset 0) t on true
    )
    update public.import_rows s set
      data = k.d || jsonb_build_object('area_code', k.area),
      verdict = k.verdict,
      target_id = k.target,
      error_column = case when k.verdict = 'error' then 'location' end,
      error_message = case
        when k.outside and extensions.geometrytype(k.g) = 'POINT' and exists (select 1 from public.areas x where x.level = 'district'
          and extensions.st_intersects(x.geom, extensions.st_setsrid(extensions.st_makepoint(extensions.st_y(k.g), extensions.st_x(k.g)), 4326)))
        then format('经纬度可能填反了：应为经度 %%s、纬度 %%s？ / longitude and latitude look swapped: did you mean longitude %%s, latitude %%s?',
          extensions.st_y(k.g), extensions.st_x(k.g), extensions.st_y(k.g), extensions.st_x(k.g))
        when k.outside then format('位置（%%s）不在本市辖区内（含 1 公里缓冲） / the position (%%s) is outside the city''s districts (+1 km)',
          extensions.st_astext(extensions.st_pointonsurface(k.g)), extensions.st_astext(extensions.st_pointonsurface(k.g)))
        when k.not_ours then '位置不在你的辖区内 / the position is outside your jurisdiction'
        when k.verdict = 'error' then '已有的记录不在你的辖区内，不能修改 / the existing record is outside your jurisdiction'
      end
    from k where s.run_id = $1 and s.row_no between $2 and $3 and s.row_no = k.row_no
  $q$, differs) using r.id, lo, hi, scoped, patterns;
end
$$;

-- The dispatcher of 20270127000100_import_pipelines.sql, plus enterprises' full decision.
create or replace function app.import_decide_records(r public.import_runs, from_row integer, to_row integer, keys_only boolean default false) returns void
language plpgsql volatile
set search_path = ''
as $$
begin
  if r.kind = 'pipelines' then
    perform app.import_decide_pipelines(r, from_row, to_row, keys_only);
  elsif r.kind = 'enterprises' and not keys_only then
    perform app.import_decide_enterprises(r, from_row, to_row);
  else
    perform app.import_decide_records_generic(r, from_row, to_row, keys_only);
  end if;
end
$$;

revoke all on function app.import_decide_enterprises(public.import_runs, integer, integer),
  app.import_decide_records(public.import_runs, integer, integer, boolean) from public, anon, authenticated;
