-- Import speed (issue 14, session 26): pass 2 of the decision populates a file row as a record
-- only where a stored record is there to compare it with.
--
-- app.import_decide_records_generic's pass 2 (insert / update / unchanged) turned every open
-- staged row into a record of the table (jsonb_populate_record, a cross join lateral) before
-- looking at the stored one; a row with no stored record is an insert whatever its columns, so for
-- a first import of 100,000 enterprises that was 100,000 records built for nothing in the dry run
-- and 100,000 again in the commit's decision (~10–20 µs each on PGlite: jsonb to record, the
-- position parsed). The comparison is now a scalar subquery in the CASE branch reached only when
-- the stored record exists (and the regulator rule has not refused it): the same expression on
-- the same record, so the same verdict (null counting as not different, as before).
-- Body otherwise as in 20270215000100_import_speed.sql (test/db/import-speed-2.test.ts runs that
-- body on the same staged rows).

create or replace function app.import_decide_records_generic(r public.import_runs, from_row integer, to_row integer, keys_only boolean default false) returns void
language plpgsql volatile
set search_path = ''
as $$
declare
  tbl text := r.kind;
  gcol text := app.import_geom_column(r.kind);
  cols text[] := app.import_columns(r.kind);
  lo integer := coalesce(from_row, 0);
  hi integer := coalesce(to_row, 2147483647);
  scoped boolean := app.user_role() = 'regulator';
  patterns text[] := app.scope_patterns();
  by_enterprise boolean := r.kind in ('hazard_sources', 'risk_points');
  full_decision boolean := not keys_only
    or exists (select 1 from public.import_rows where run_id = r.id and row_no between lo and hi and verdict is null);
  -- the rows pass 2 decides: after a full decision those without a refusal; keys_only, every row
  -- the dry run did not refuse
  open_rows text := 's.verdict is null';
  key_join text;
  differs text;
begin
  if full_decision then
    -- Pass 1. The row's enterprise by its credit code (hazard sources, risk points); the area of
    -- its position (representative point; the commit writes it, so the row triggers need not
    -- look it up); the served region (inside the city's districts or within 1 km; a point that
    -- would be inside with longitude and latitude swapped says so; a position in a district,
    -- street or grid is inside, only the others are measured); a regulator's own districts.
    -- enterprise_id and area_code are derived here only, never taken from the file.
    perform app.import_area_codes(r.id, lo, hi, gcol);
    execute format($q$
      with b as materialized (
        select s.row_no, s.data - 'enterprise_id' - 'area_code' as d, e.id as enterprise_id,
          ($4 and s.data ? 'enterprise_credit_code' and e.id is null) as no_enterprise,
          extensions.st_geomfromewkt(s.data ->> %L) as g
        from public.import_rows s
          left join lateral (select e.id from public.enterprises e
            where $4 and e.credit_code = s.data ->> 'enterprise_credit_code' offset 0) e on true
        where s.run_id = $1 and s.row_no between $2 and $3
      ), a as materialized (
        select b.*, case when not b.no_enterprise then ia.code end as area
        from b left join pg_temp.import_area ia on ia.row_no = b.row_no
      ), o as materialized (
        select a.*, not a.no_enterprise
          and not coalesce(ax.level <> 'city', false)
          and not exists (select 1 from public.areas x where x.level = 'district' and extensions.st_intersects(x.geom, a.g))
          and not exists (select 1 from public.areas x where x.level = 'district'
            and x.geom operator(extensions.&&) extensions.st_expand(a.g, 0.02)
            and extensions.st_dwithin(x.geom::extensions.geography, a.g::extensions.geography, 1000)) as outside
        from a left join public.areas ax on ax.code = a.area  -- one hash join, not a lookup per row
      ), v as (
        select o.*, $5 and not o.no_enterprise and not o.outside and not coalesce(o.area like any($6), false) as not_ours
        from o
      )
      update public.import_rows s set
        data = case when v.no_enterprise then v.d
          else v.d || case when v.enterprise_id is not null then jsonb_build_object('enterprise_id', v.enterprise_id) else '{}' end
            || jsonb_build_object('area_code', v.area) end,
        verdict = case when v.no_enterprise or v.outside or v.not_ours then 'error' end,
        target_id = null,
        error_column = case when v.no_enterprise then 'enterprise_credit_code' when v.outside or v.not_ours then 'location' end,
        error_message = case
          when v.no_enterprise then format('没有统一社会信用代码为 %%s 的企业（请先导入企业） / no enterprise with credit code %%s (import the enterprises first)',
            v.d ->> 'enterprise_credit_code', v.d ->> 'enterprise_credit_code')
          when v.outside and extensions.geometrytype(v.g) = 'POINT' and exists (select 1 from public.areas x where x.level = 'district'
            and extensions.st_intersects(x.geom, extensions.st_setsrid(extensions.st_makepoint(extensions.st_y(v.g), extensions.st_x(v.g)), 4326)))
          then format('经纬度可能填反了：应为经度 %%s、纬度 %%s？ / longitude and latitude look swapped: did you mean longitude %%s, latitude %%s?',
            extensions.st_y(v.g), extensions.st_x(v.g), extensions.st_y(v.g), extensions.st_x(v.g))
          when v.outside then format('位置（%%s）不在本市辖区内（含 1 公里缓冲） / the position (%%s) is outside the city''s districts (+1 km)',
            extensions.st_astext(extensions.st_pointonsurface(v.g)), extensions.st_astext(extensions.st_pointonsurface(v.g)))
          when v.not_ours then '位置不在你的辖区内 / the position is outside your jurisdiction'
        end
      from v where s.run_id = $1 and s.row_no between $2 and $3 and s.row_no = v.row_no
    $q$, gcol) using r.id, lo, hi, by_enterprise, scoped, patterns;
  elsif r.kind = 'enterprises' then
    -- keys_only (the commit, after a complete dry run): what depends only on the staged row
    -- stands; pass 2 decides keys and differences again for every row the dry run did not refuse.
    open_rows := 's.verdict is distinct from ''error''';
  else
    update public.import_rows set verdict = null, target_id = null
    where run_id = r.id and row_no between lo and hi and verdict in ('insert', 'update', 'unchanged');
  end if;

  -- Natural keys: enterprises by credit code in pass 2 itself; the other kinds here.
  if r.kind = 'enterprises' then
    key_join := 't.credit_code = s.data ->> ''credit_code''';
  else
    key_join := 't.id = s.target_id';
    -- The record's own id (系统编号, written by an export): an exported file finds its records
    -- again even where names repeat or no external id was ever given.
    execute format($q$
      update public.import_rows s set target_id = t.id from public.%I t
      where s.run_id = $1 and s.row_no between $2 and $3 and s.verdict is null
        and s.data ->> 'id' ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
        and t.id = (s.data ->> 'id')::uuid
    $q$, tbl) using r.id, lo, hi;
    execute format($q$
      update public.import_rows s set target_id = t.id from public.%I t
      where s.run_id = $1 and s.row_no between $2 and $3 and s.verdict is null and s.target_id is null
        and s.data ? 'external_id' and t.external_id = s.data ->> 'external_id'
    $q$, tbl) using r.id, lo, hi;
    if by_enterprise then
      execute format($q$
        update public.import_rows s set target_id = x.id from (
          select s2.row_no, (select t.id from public.%I t
            where t.enterprise_id = (s2.data ->> 'enterprise_id')::uuid and t.name = s2.data ->> 'name' order by t.id limit 1) as id
          from public.import_rows s2
          where s2.run_id = $1 and s2.row_no between $2 and $3 and s2.verdict is null and not s2.data ? 'external_id'
            and s2.data ? 'enterprise_id' and s2.target_id is null) x
        where s.run_id = $1 and s.row_no between $2 and $3 and s.row_no = x.row_no and x.id is not null
      $q$, tbl) using r.id, lo, hi;
    elsif r.kind = 'chemical_parks' then
      update public.import_rows s set target_id = t.id from public.chemical_parks t
      where s.run_id = r.id and s.row_no between lo and hi and s.verdict is null and not s.data ? 'external_id'
        and t.name = s.data ->> 'name' and s.target_id is null;
    else
      execute format($q$
        update public.import_rows s set target_id = x.id from (
          select s2.row_no, (select t.id from public.%I t
            where t.name = s2.data ->> 'name' and t.%I::text = s2.data ->> %L
              and extensions.st_dwithin(t.%I::extensions.geography, extensions.st_geomfromewkt(s2.data ->> %L)::extensions.geography, 10)
            order by t.id limit 1) as id
          from public.import_rows s2
          where s2.run_id = $1 and s2.row_no between $2 and $3 and s2.verdict is null and not s2.data ? 'external_id'
            and s2.target_id is null) x
        where s.run_id = $1 and s.row_no between $2 and $3 and s.row_no = x.row_no and x.id is not null
      $q$, tbl, case r.kind when 'protective_targets' then 'type_code' else 'resource_type' end,
        case r.kind when 'protective_targets' then 'type_code' else 'resource_type' end, gcol, gcol) using r.id, lo, hi;
    end if;
  end if;

  -- Pass 2: insert / update / unchanged, or refused where a regulator would change a record
  -- outside its area. The stored record by one index search per row (offset 0 keeps the lateral
  -- join: without statistics on the staged range the planner hashed the whole table for every
  -- range, 100,000 enterprises for each call of a re-import). A file's column that differs from the stored value makes an update;
  -- geometry compares as shapes (a Shapefile's clockwise ring is the GeoJSON's counter-clockwise one).
  -- Only the rows whose verdict, target or refusal changes are written (a commit after its dry run
  -- decides the same verdicts again: no row needs a new version).
  select string_agg(case when c = gcol
      then format('(s.data ? %L and not extensions.st_equals(p.%I, t.%I))', c, c, c)
      else format('(s.data ? %L and p.%I is distinct from t.%I)', c, c, c) end, ' or ')
    into differs from unnest(cols) c;
  execute format($q$
    with v as materialized (select s.row_no, t.id, case
            when t.id is null then 'insert'
            when $4 and not coalesce(t.area_code like any($5), false) then 'error'
            when (select %s from jsonb_populate_record(null::public.%I, s.data) p) then 'update' else 'unchanged' end as verdict
          from public.import_rows s left join lateral (select t.* from public.%I t where %s offset 0) t on true
          where s.run_id = $1 and s.row_no between $2 and $3 and %s),
    x as (select v.*, case when v.verdict = 'error' then 'location' end as error_column,
            case when v.verdict = 'error'
              then '已有的记录不在你的辖区内，不能修改 / the existing record is outside your jurisdiction' end as error_message
          from v)
    update public.import_rows u set verdict = x.verdict, target_id = x.id,
      error_column = x.error_column, error_message = x.error_message
    from x where u.run_id = $1 and u.row_no between $2 and $3 and u.row_no = x.row_no
      and (u.verdict, u.target_id, u.error_column, u.error_message)
        is distinct from (x.verdict, x.id, x.error_column, x.error_message)
  $q$, differs, tbl, tbl, key_join, open_rows) using r.id, lo, hi, scoped, patterns;
end
$$;

revoke all on function app.import_decide_records_generic(public.import_runs, integer, integer, boolean) from public, anon, authenticated;
