-- The dry run's updates of the staged rows joined their target to the decided range by run_id alone
-- (issue 14; found by bench:import --native, test-results/bench-import-plans.txt). When a run is new
-- to the planner's statistics it estimates one staged row, puts the target side outside in a nested
-- loop and scans the range once per row of the whole run: the first import_check call of a 100,000-
-- row re-import on native PostgreSQL took 80-107 s (99.3 million rows removed by the join filter),
-- far past the hosted 8 s timeout; later calls, after autovacuum's ANALYZE, took 0.05-2 s. Every
-- such update now bounds its target to the same range (row_no between lo and hi, on the primary
-- key), and pass 2 computes its verdicts once (a materialized CTE) before the update joins them:
-- whichever way the planner orders the join, it touches the range, never the run. Bodies otherwise
-- as app.import_decide (20270108000100, renamed app.import_decide_records_generic by
-- 20270124000100 and 20270127000100) and app.import_decide_pipelines (20270127000100).

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
  select string_agg(case when c = gcol
      then format('(s.data ? %L and not extensions.st_equals(p.%I, t.%I))', c, c, c)
      else format('(s.data ? %L and p.%I is distinct from t.%I)', c, c, c) end, ' or ')
    into differs from unnest(cols) c;
  execute format($q$
    with x as materialized (select s.row_no, t.id, case
            when t.id is null then 'insert'
            when $4 and not coalesce(t.area_code like any($5), false) then 'error'
            when %s then 'update' else 'unchanged' end as verdict
          from public.import_rows s left join lateral (select t.* from public.%I t where %s offset 0) t on true
            cross join lateral jsonb_populate_record(null::public.%I, s.data) p
          where s.run_id = $1 and s.row_no between $2 and $3 and %s)
    update public.import_rows u set verdict = x.verdict, target_id = x.id,
      error_column = case when x.verdict = 'error' then 'location' end,
      error_message = case when x.verdict = 'error'
        then '已有的记录不在你的辖区内，不能修改 / the existing record is outside your jurisdiction' end
    from x where u.run_id = $1 and u.row_no between $2 and $3 and u.row_no = x.row_no
  $q$, differs, tbl, key_join, tbl, open_rows) using r.id, lo, hi, scoped, patterns;
end
$$;

create or replace function app.import_decide_pipelines(r public.import_runs, from_row integer, to_row integer, keys_only boolean default false) returns void
language plpgsql volatile
set search_path = ''
as $$
declare
  cols text[] := app.import_columns('pipelines');
  lo integer := coalesce(from_row, 0);
  hi integer := coalesce(to_row, 2147483647);
  scoped boolean := app.user_role() = 'regulator';
  full_decision boolean := not keys_only
    or exists (select 1 from public.import_rows where run_id = r.id and row_no between lo and hi and verdict is null);
  differs text;
begin
  if full_decision then
    -- Pass 1: the operator by its credit code, the row's bounds, the districts the line crosses,
    -- a regulator's jurisdiction. operator_enterprise_id and line_area_codes are derived here only.
    with b as materialized (
      select s.row_no, s.data - 'operator_enterprise_id' - 'area_codes' - 'line_area_codes' as d, e.id as operator_id,
        (s.data ? 'operator_credit_code' and e.id is null) as no_operator
      from public.import_rows s
        left join lateral (select e.id from public.enterprises e
          where s.data ? 'operator_credit_code' and e.credit_code = s.data ->> 'operator_credit_code' offset 0) e on true
      where s.run_id = r.id and s.row_no between lo and hi
    ), c as materialized (
      select b.*, case when not b.no_operator then app.import_pipeline_problem(b.d) end as p from b
    ), v as (
      select c.*, scoped and not c.no_operator and not (c.p ? 'message')
        and not app.pipeline_in_scope(array(select jsonb_array_elements_text(c.p -> 'area_codes'))) as not_ours
      from c
    )
    update public.import_rows s set
      data = case when v.no_operator or v.p ? 'message' then v.d
        else v.d || case when v.operator_id is not null then jsonb_build_object('operator_enterprise_id', v.operator_id) else '{}' end
          || jsonb_build_object('line_area_codes', v.p -> 'area_codes') end,
      verdict = case when v.no_operator or v.p ? 'message' or v.not_ours then 'error' end,
      target_id = null,
      error_column = case when v.no_operator then 'operator_credit_code' when v.p ? 'message' then v.p ->> 'column'
        when v.not_ours then 'geom' end,
      error_message = case
        when v.no_operator then format('没有统一社会信用代码为 %s 的企业（运营单位；请先导入企业） / no enterprise with credit code %s (the operator: import the enterprises first)',
          v.d ->> 'operator_credit_code', v.d ->> 'operator_credit_code')
        when v.p ? 'message' then v.p ->> 'message'
        when v.not_ours then '管道不经过你的辖区 / the line does not cross your jurisdiction'
      end
    from v where s.run_id = r.id and s.row_no between lo and hi and s.row_no = v.row_no;
  else
    update public.import_rows set verdict = null, target_id = null
    where run_id = r.id and row_no between lo and hi and verdict in ('insert', 'update', 'unchanged');
  end if;

  -- Natural keys: the record's own id (系统编号), else external_id, else (name, operator).
  update public.import_rows s set target_id = t.id from public.pipelines t
  where s.run_id = r.id and s.row_no between lo and hi and s.verdict is null
    and s.data ->> 'id' ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
    and t.id = (s.data ->> 'id')::uuid;
  update public.import_rows s set target_id = t.id from public.pipelines t
  where s.run_id = r.id and s.row_no between lo and hi and s.verdict is null and s.target_id is null
    and s.data ? 'external_id' and t.external_id = s.data ->> 'external_id';
  update public.import_rows s set target_id = x.id from (
    select s2.row_no, (select t.id from public.pipelines t
      where t.name = s2.data ->> 'name'
        and t.operator_enterprise_id is not distinct from (s2.data ->> 'operator_enterprise_id')::uuid
      order by t.id limit 1) as id
    from public.import_rows s2
    where s2.run_id = r.id and s2.row_no between lo and hi and s2.verdict is null and not s2.data ? 'external_id'
      and s2.target_id is null) x
  where s.run_id = r.id and s.row_no between lo and hi and s.row_no = x.row_no and x.id is not null;

  -- Pass 2: insert / update / unchanged, or refused where a regulator would change a line that
  -- does not cross its jurisdiction. Geometry compares as shapes (a LineString equals the stored
  -- one-part MultiLineString).
  select string_agg(case when c = 'geom'
      then format('(s.data ? %L and not extensions.st_equals(p.%I, t.%I))', c, c, c)
      else format('(s.data ? %L and p.%I is distinct from t.%I)', c, c, c) end, ' or ')
    into differs from unnest(cols) c;
  execute format($q$
    with x as materialized (select s.row_no, t.id, case
            when t.id is null then 'insert'
            when $4 and not app.pipeline_in_scope(t.area_codes) then 'error'
            when %s then 'update' else 'unchanged' end as verdict
          from public.import_rows s left join lateral (select t.* from public.pipelines t where t.id = s.target_id offset 0) t on true
            cross join lateral jsonb_populate_record(null::public.pipelines, s.data - 'line_area_codes') p
          where s.run_id = $1 and s.row_no between $2 and $3 and s.verdict is null)
    update public.import_rows u set verdict = x.verdict, target_id = x.id,
      error_column = case when x.verdict = 'error' then 'geom' end,
      error_message = case when x.verdict = 'error'
        then '已有的管道不经过你的辖区，不能修改 / the existing line does not cross your jurisdiction' end
    from x where u.run_id = $1 and u.row_no between $2 and $3 and u.row_no = x.row_no
  $q$, differs) using r.id, lo, hi, scoped;
end
$$;
