-- Export of the registries the import takes (issue 14, "Export"): one page of rows a call, as the
-- caller may see them (SECURITY INVOKER: the tables' RLS decides), in the import's own columns so
-- that export → re-import changes nothing. Geometry as GeoJSON (WGS-84, up to 15 decimals: exact
-- doubles for this region); hazard sources and risk points carry their enterprise's credit code.
--
--   export_page(kind, after_id, page_size) → {"rows": [...], "last_id": uuid | null}
--
-- Keyset pages by id (page_size 1–1000, the API's row cap); the client pages until last_id is null
-- and stops at 200,000 rows (the import's limit). Signed-in users only: the public view offers no
-- export, so anon is refused (42501) whatever the tables' policies let it read.

create or replace function public.export_page(kind text, after_id uuid default null, page_size integer default 1000)
returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  cols text[] := app.import_columns(kind);
  gcol text := app.import_geom_column(kind);
  sel text;
  join_ent text := '';
  result jsonb;
begin
  perform app.require_arg(kind, 'kind');
  perform app.require_arg(page_size, 'page_size');
  if app.user_role() = 'anon' then
    raise exception '请先登录再导出（公众视图不提供导出） / sign in to export (the public view offers no export)' using errcode = '42501';
  end if;
  if cols is null then
    raise exception '未知的导出类型“%” / unknown export kind "%"', kind, kind using errcode = '22023';
  end if;
  if page_size < 1 or page_size > 1000 then
    raise exception '每页 1–1000 行（收到 %） / a page holds 1 to 1000 rows (got %)', page_size, page_size using errcode = '22023';
  end if;
  select string_agg(format('%L, t.%I', c, c), ', ') into sel
  from unnest(cols) c where c <> gcol and c <> 'enterprise_id';
  sel := sel || format(', ''geometry'', extensions.st_asgeojson(t.%I, 15)::jsonb', gcol);
  if kind in ('hazard_sources', 'risk_points') then
    join_ent := 'left join public.enterprises e on e.id = t.enterprise_id';
    sel := sel || ', ''enterprise_credit_code'', e.credit_code';
  end if;
  execute format($q$
    select jsonb_build_object('rows', coalesce(jsonb_agg(x.r order by x.id), '[]'::jsonb),
      'last_id', case when count(*) = $2 then max(x.id::text) end)
    from (select t.id, jsonb_build_object('id', t.id, %s) r
          from public.%I t %s
          where $1 is null or t.id > $1
          order by t.id limit $2) x
  $q$, sel, kind, join_ent) into result using after_id, page_size;
  return result;
end
$$;

comment on function public.export_page(text, uuid, integer) is
  'One page (≤1000) of a registry the import takes, as the caller may see it, in the import''s columns (issue 14).';
revoke all on function public.export_page(text, uuid, integer) from public, anon;
grant execute on function public.export_page(text, uuid, integer) to authenticated, service_role;
