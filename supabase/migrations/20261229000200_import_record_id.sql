-- Import by the record's own id (issue 14, export → re-import): an export writes each record's id
-- as 系统编号, and the dry run finds the record by it before any natural key, so an exported file
-- re-imports as unchanged even where names repeat inside an enterprise (the natural key
-- (enterprise, name) cannot tell such rows apart) or a risk point belongs to no enterprise.
-- An id that names no record falls through to the natural keys (a file from another system).
-- app.import_decide as in 20261205000200_import.sql, with that one step added and the later key
-- steps leaving a row found by id alone. Enterprises keep their credit code.

create or replace function app.import_decide(r public.import_runs, from_row integer, to_row integer, keys_only boolean default false) returns void
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
  differs text;
begin
  -- keys_only (the commit, after a complete dry run): what depends only on the staged row (its
  -- enterprise, area, region, jurisdiction) stands; keys and differences are decided again, as
  -- the stored records may have changed since.
  if keys_only and not exists (select 1 from public.import_rows where run_id = r.id and verdict is null) then
    update public.import_rows set verdict = null, target_id = null
    where run_id = r.id and verdict in ('insert', 'update', 'unchanged');
  else
  update public.import_rows set verdict = null, target_id = null, error_column = null, error_message = null
  where run_id = r.id and row_no between lo and hi;

  -- The row's enterprise by its credit code (hazard sources, risk points).
  if r.kind in ('hazard_sources', 'risk_points') then
    update public.import_rows s set data = s.data || jsonb_build_object('enterprise_id', e.id)
    from public.enterprises e
    where s.run_id = r.id and s.row_no between lo and hi and e.credit_code = s.data ->> 'enterprise_credit_code';
    update public.import_rows s set verdict = 'error', error_column = 'enterprise_credit_code',
      error_message = format('没有统一社会信用代码为 %s 的企业（请先导入企业） / no enterprise with credit code %s (import the enterprises first)',
        s.data ->> 'enterprise_credit_code', s.data ->> 'enterprise_credit_code')
    where s.run_id = r.id and s.row_no between lo and hi and s.data ? 'enterprise_credit_code' and not s.data ? 'enterprise_id';
  end if;

  -- The area of each position (its representative point), derived here once: the region and
  -- jurisdiction checks use it, and the commit writes it (the row triggers then need not look it up).
  execute format($q$
    update public.import_rows s set data = s.data || jsonb_build_object('area_code',
      app.import_area_code(extensions.st_pointonsurface(extensions.st_geomfromewkt(s.data ->> %L))))
    where s.run_id = $1 and s.row_no between $2 and $3 and s.verdict is null
  $q$, gcol) using r.id, lo, hi;

  -- The served region: inside the city's districts or within 1 km of them; a point that is
  -- outside but would be inside with longitude and latitude swapped says so. A position in a
  -- district, street or grid is inside; only the others are measured.
  execute format($q$
    with g as (
      select s.row_no, extensions.st_geomfromewkt(s.data ->> %L) as g from public.import_rows s
      where s.run_id = $1 and s.row_no between $2 and $3 and s.verdict is null
        and not coalesce((select a.level <> 'city' from public.areas a where a.code = s.data ->> 'area_code'), false)
    ), outside as (
      select g.row_no, g.g from g
      where not exists (select 1 from public.areas a where a.level = 'district' and extensions.st_intersects(a.geom, g.g))
        and not exists (select 1 from public.areas a where a.level = 'district'
          and a.geom operator(extensions.&&) extensions.st_expand(g.g, 0.02)
          and extensions.st_dwithin(a.geom::extensions.geography, g.g::extensions.geography, 1000))
    )
    update public.import_rows s set verdict = 'error', error_column = 'location',
      error_message = case
        when extensions.geometrytype(o.g) = 'POINT' and exists (select 1 from public.areas a where a.level = 'district'
          and extensions.st_intersects(a.geom, extensions.st_setsrid(extensions.st_makepoint(extensions.st_y(o.g), extensions.st_x(o.g)), 4326)))
        then format('经纬度可能填反了：应为经度 %%s、纬度 %%s？ / longitude and latitude look swapped: did you mean longitude %%s, latitude %%s?',
          extensions.st_y(o.g), extensions.st_x(o.g), extensions.st_y(o.g), extensions.st_x(o.g))
        else format('位置（%%s）不在本市辖区内（含 1 公里缓冲） / the position (%%s) is outside the city''s districts (+1 km)',
          extensions.st_astext(extensions.st_pointonsurface(o.g)), extensions.st_astext(extensions.st_pointonsurface(o.g)))
      end
    from outside o where s.run_id = $1 and s.row_no = o.row_no
  $q$, gcol) using r.id, lo, hi;

  -- A regulator: only inside its own districts.
  if scoped then
    update public.import_rows s set verdict = 'error', error_column = 'location',
      error_message = '位置不在你的辖区内 / the position is outside your jurisdiction'
    where s.run_id = r.id and s.row_no between lo and hi and s.verdict is null
      and not coalesce(s.data ->> 'area_code' like any(patterns), false);
  end if;

  end if;

  -- Natural keys.
  if r.kind = 'enterprises' then
    update public.import_rows s set target_id = t.id from public.enterprises t
    where s.run_id = r.id and s.row_no between lo and hi and s.verdict is null and t.credit_code = s.data ->> 'credit_code';
  else
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
    if r.kind in ('hazard_sources', 'risk_points') then
      execute format($q$
        update public.import_rows s set target_id = (select t.id from public.%I t
          where t.enterprise_id = (s.data ->> 'enterprise_id')::uuid and t.name = s.data ->> 'name' order by t.id limit 1)
        where s.run_id = $1 and s.row_no between $2 and $3 and s.verdict is null and not s.data ? 'external_id'
          and s.data ? 'enterprise_id' and s.target_id is null
      $q$, tbl) using r.id, lo, hi;
    elsif r.kind = 'chemical_parks' then
      update public.import_rows s set target_id = t.id from public.chemical_parks t
      where s.run_id = r.id and s.row_no between lo and hi and s.verdict is null and not s.data ? 'external_id'
        and t.name = s.data ->> 'name' and s.target_id is null;
    else
      execute format($q$
        update public.import_rows s set target_id = (
          select t.id from public.%I t
          where t.name = s.data ->> 'name' and t.%I::text = s.data ->> %L
            and extensions.st_dwithin(t.%I::extensions.geography, extensions.st_geomfromewkt(s.data ->> %L)::extensions.geography, 10)
          order by t.id limit 1)
        where s.run_id = $1 and s.row_no between $2 and $3 and s.verdict is null and not s.data ? 'external_id'
          and s.target_id is null
      $q$, tbl, case r.kind when 'protective_targets' then 'type_code' else 'resource_type' end,
        case r.kind when 'protective_targets' then 'type_code' else 'resource_type' end, gcol, gcol) using r.id, lo, hi;
    end if;
  end if;

  -- A regulator may not change a record outside its area.
  if scoped then
    execute format($q$
      update public.import_rows s set verdict = 'error', error_column = 'location',
        error_message = '已有的记录不在你的辖区内，不能修改 / the existing record is outside your jurisdiction'
      from public.%I t
      where s.run_id = $1 and s.row_no between $2 and $3 and s.verdict is null and t.id = s.target_id
        and not coalesce(t.area_code like any($4), false)
    $q$, tbl) using r.id, lo, hi, patterns;
  end if;

  -- insert / unchanged / update: a column of the file that differs from the stored value.
  -- Geometry compares as shapes (a Shapefile's clockwise ring is the GeoJSON's counter-clockwise one).
  select string_agg(case when c = gcol
      then format('(s.data ? %L and not extensions.st_equals(p.%I, t.%I))', c, c, c)
      else format('(s.data ? %L and p.%I is distinct from t.%I)', c, c, c) end, ' or ')
    into differs from unnest(cols) c;
  update public.import_rows s set verdict = 'insert'
  where s.run_id = r.id and s.row_no between lo and hi and s.verdict is null and s.target_id is null;
  execute format($q$
    update public.import_rows u set verdict = x.verdict
    from (select s.row_no, case when %s then 'update' else 'unchanged' end as verdict
          from public.import_rows s join public.%I t on t.id = s.target_id
            cross join lateral jsonb_populate_record(null::public.%I, s.data) p
          where s.run_id = $1 and s.row_no between $2 and $3 and s.verdict is null) x
    where u.run_id = $1 and u.row_no = x.row_no
  $q$, differs, tbl, tbl) using r.id, lo, hi;
end
$$;

revoke all on function app.import_decide(public.import_runs, integer, integer, boolean) from public, anon, authenticated;
