-- Hazard-source inventory in the import and the export (issue 14): a hazard_sources row may carry
-- its inventory, which becomes hazard_source_inventory rows; the export writes it back, so that
-- export → re-import stays all "unchanged".
--
-- Design
--   One row per hazard source, as for every other kind (a row's verdict, its stored image for the
--   rollback and its error are one record's). Several rows for the same source (by record id,
--   external id or (enterprise, name)) would make one record's outcome depend on other rows, and
--   the ranges of import_apply could split them: not done. The inventory is in the row:
--     危险化学品 = "液氯", 最大储量(t) = 20          one substance (the import's existing two columns)
--     危险化学品 = "液氯:20;液氨:5", 最大储量 empty  several: name:quantity (t) parts, separated by ; or
--                                                   ；or a line break (not by 、 or , which are
--                                                   part of names: 甲烷、天然气, 1,3-丁二烯); : or ：,
--                                                   an optional unit t or 吨 after the number
--   A row that gives an inventory gives the source's WHOLE inventory: substances not listed are
--   removed from it. A row without either column leaves the stored inventory alone (as every
--   other column the file does not have).
--
--   Names resolve as everywhere (app.try_resolve_substance: GB 18218 table 1's names, the aliases,
--   trade names, English names and CAS numbers of public.substance_names, after the normalisation
--   of app.substance_key). A name that does not resolve refuses the row with its row number and
--   the column 危险化学品 (error_column 'substance', which the client names as the file does,
--   with its Excel letter), in Chinese and English, with the closest names. Other refusals:
--   a quantity without a substance (column 最大储量), a substance without a quantity, a quantity
--   that is not a number or outside 0–1e8 t, the same substance twice in one row (液氯 and 氯),
--   more than 200 substances, a cell over 4,000 characters.
--
--   "unchanged" with inventory: the record's columns as before AND the row's inventory, resolved
--   to (substance, quantity) pairs, equals the stored inventory as a set (quantities compared as
--   numbers: 20 = 20.0). A different inventory makes the row an "update" even when the record's
--   own columns are the same.
--
--   The grading is the trigger's (hazard_source_inventory_regrade_*: app.regrade_hazard_source);
--   the import never computes a grade. The inventory of each written source is set in ONE
--   statement (app.set_inventories: the removals and the upserts in one statement, so the
--   statement triggers re-grade each source once, from its final inventory, and no intermediate
--   grade reaches grading_history). Importers are admins and regulators, whose lowering takes
--   effect (an enterprise's would become a proposal, README "grading review").
--
--   Export: a source with one substance writes 危险化学品 = its table-1 name and 最大储量 = the
--   quantity; with several, 危险化学品 = "氯:20;氨:5" (table-1 names, by substance id) and
--   最大储量 empty; with none, both empty (so a re-import leaves it alone). Table-1 names resolve
--   to themselves, so the re-import finds the same pairs: "unchanged".
--
-- How (the record logic of 20270108000100 is untouched):
--   app.import_decide   renamed app.import_decide_records; app.import_decide is that, then for
--                       hazard sources app.import_decide_inventory over the same range (only rows
--                       that carry an inventory: one extra update of those rows).
--   app.import_write    renamed app.import_write_records; app.import_write is that, then the
--                       inventories of the rows it wrote (the stored inventory of each updated
--                       source saved in import_rows.before -> 'inventory' for the rollback).
--   app.import_undo     renamed app.import_undo_records; app.import_undo first restores the saved
--                       inventories of the updated sources it undoes (inserted sources take
--                       theirs with them: on delete cascade).
--   import_commit       (one transaction, ≤ 1,000 rows) writes through app.import_write, so its
--                       inserted records get their ids where the inventory can find them.
--   export_page         hazard sources carry 'substance' and 'max_quantity_t'.
-- A later migration that redefines app.import_decide / import_write / import_undo must keep these
-- wrappers (or redefine the *_records functions instead).

-- ----------------------------------------------------------------------------- one row's inventory
-- The inventory a row gives: {"items": [{"substance_id", "max_quantity_t"}, …]} (by substance id),
-- null when the row gives none, or {"column", "message"} when it is refused.
-- app.import_inventory_parse is the work without the closest names: an unknown substance gives
-- {"column": "substance", "unknown": name}; the decision finds the closest names of all the unknown
-- names of a range in one set-based call (app.substance_suggestions_for), not one search per row.
create or replace function app.import_inventory_parse(cell text, qty text) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  parts text[];
  part text;
  m text[];
  nm text;
  q numeric;
  q_text text;
  sid smallint;
  seen jsonb := '{}'::jsonb;
  items jsonb := '[]'::jsonb;
  col_q numeric;
  n int := 0;
  num constant text := '^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$';
begin
  cell := nullif(btrim(cell, E' \t\r\n\u3000\ufeff'), '');
  qty := nullif(btrim(qty, E' \t\r\n\u3000\ufeff'), '');
  if qty is not null then
    if qty !~ num then
      return jsonb_build_object('column', 'max_quantity_t', 'message',
        format('最大储量“%s”不是不小于 0 的数字（吨） / maximum quantity "%s" is not a number of tonnes ≥ 0', qty, qty));
    end if;
    col_q := qty::numeric;
  end if;
  if cell is null then
    if col_q is not null then
      return jsonb_build_object('column', 'max_quantity_t', 'message',
        '填写了最大储量，但没有危险化学品 / a maximum quantity without a substance');
    end if;
    return null;
  end if;
  if char_length(cell) > 4000 then
    return jsonb_build_object('column', 'substance', 'message',
      format('危险化学品一栏过长：最多 4000 个字符 / the substance cell is too long: at most 4,000 characters (got %s)', char_length(cell)));
  end if;
  parts := array(select btrim(p, E' \t\r\n\u3000\ufeff') from regexp_split_to_table(cell, E'[;；\\r\\n]+') p
                 where btrim(p, E' \t\r\n\u3000\ufeff') <> '');
  if cardinality(parts) > 200 then
    return jsonb_build_object('column', 'substance', 'message',
      format('最多 200 种危险化学品（收到 %s 种） / at most 200 substances (got %s)', cardinality(parts), cardinality(parts)));
  end if;
  foreach part in array parts loop
    n := n + 1;
    m := regexp_match(part, '^(.+?)[[:space:]]*[:：][[:space:]]*([0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?)[[:space:]]*(t|T|吨)?$');
    if m is not null then
      nm := btrim(m[1]);
      q_text := m[2];
      if col_q is not null then
        return jsonb_build_object('column', 'max_quantity_t', 'message',
          '储量已写在危险化学品一栏（如 液氯:20），最大储量一栏须留空 / the quantities are in the substance cell (液氯:20): leave the maximum quantity empty');
      end if;
    elsif cardinality(parts) = 1 then
      nm := part;
      q_text := qty;
      if q_text is null then
        return jsonb_build_object('column', 'max_quantity_t', 'message',
          format('危险化学品“%s”缺少最大储量（吨） / substance "%s" has no maximum quantity (t)', nm, nm));
      end if;
    else
      return jsonb_build_object('column', 'substance', 'message',
        format('“%s”缺少储量：多种危险化学品写作 液氯:20;液氨:5 / "%s" has no quantity: write several substances as 液氯:20;液氨:5', part, part));
    end if;
    q := q_text::numeric;
    if q > 100000000 then
      return jsonb_build_object('column', case when m is null then 'max_quantity_t' else 'substance' end, 'message',
        format('“%s”的储量 %s 吨超过 100000000 吨 / the quantity of "%s", %s t, is over 100,000,000 t', nm, q, nm, q));
    end if;
    if char_length(nm) > 200 then
      return jsonb_build_object('column', 'substance', 'message',
        format('物质名称过长：最多 200 个字符 / substance name is too long: at most 200 characters (got %s)', char_length(nm)));
    end if;
    sid := app.try_resolve_substance(nm);
    if sid is null then
      return jsonb_build_object('column', 'substance', 'unknown', nm);
    end if;
    if seen ? sid::text then
      return jsonb_build_object('column', 'substance', 'message',
        format('“%s”与“%s”是同一种物质（%s），只能写一次 / "%s" and "%s" are the same substance (%s): list it once',
          seen ->> sid::text, nm, (select s.name_zh from public.substances s where s.id = sid),
          seen ->> sid::text, nm, (select s.name_zh from public.substances s where s.id = sid)));
    end if;
    seen := seen || jsonb_build_object(sid::text, nm);
    items := items || jsonb_build_array(jsonb_build_object('substance_id', sid, 'max_quantity_t', q));
  end loop;
  return jsonb_build_object('items',
    (select jsonb_agg(e order by (e ->> 'substance_id')::int) from jsonb_array_elements(items) e));
end
$$;
comment on function app.import_inventory_parse(text, text) is
  'app.import_inventory without the closest names: an unknown substance gives {"column": "substance", "unknown": name} (issue 14).';

-- The refusal of an unknown substance, with the closest names (app.substance_suggestions_for's form).
create or replace function app.unknown_substance_message(nm text, suggestions jsonb) returns text
language sql immutable
set search_path = ''
as $$
  select format('未知物质“%s”（不是 GB 18218 表1 的名称、别名、商品名或 CAS 号）%s/ unknown substance "%s" (not a GB 18218 table 1 name, alias, trade name or CAS number)%s',
    nm, case when h <> '' then '，最接近：' || h || ' ' else ' ' end, nm, case when h <> '' then '; closest: ' || h else '' end)
  from (select app.substance_suggestion_text(coalesce(suggestions, '[]'::jsonb)) as h) x
$$;

-- One row's inventory with its refusal in words: {"items": [...]}, null, or {"column", "message"}.
create or replace function app.import_inventory(cell text, qty text) returns jsonb
language sql stable
set search_path = ''
as $$
  select case when p ? 'unknown'
    then jsonb_build_object('column', 'substance', 'message',
      app.unknown_substance_message(p ->> 'unknown', app.substance_suggestions(p ->> 'unknown')))
    else p end
  from (select app.import_inventory_parse(cell, qty) as p) x
$$;
comment on function app.import_inventory(text, text) is
  'A hazard-source import row''s inventory (危险化学品 "液氯" + 最大储量, or "液氯:20;液氨:5"): {"items": [...]} by substance id, null when none is given, or {"column", "message"} (issue 14).';

-- The stored inventory of a source in the form app.import_inventory gives.
create or replace function app.stored_inventory(p_id uuid) returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object('substance_id', i.substance_id, 'max_quantity_t', i.max_quantity_t)
    order by i.substance_id), '[]'::jsonb)
  from public.hazard_source_inventory i where i.hazard_source_id = p_id
$$;

-- Sets the inventories of sources: [{"id": source, "items": [{"substance_id", "max_quantity_t"}]}].
-- One statement: the substances no longer listed removed, the others inserted or changed (an
-- unchanged quantity is not written), so each source is re-graded from its final inventory.
create or replace function app.set_inventories(sets jsonb) returns void
language plpgsql volatile
set search_path = ''
as $$
begin
  if sets is null or jsonb_array_length(sets) = 0 then
    return;
  end if;
  with src as (
    select (x ->> 'id')::uuid as hid, x -> 'items' as items from jsonb_array_elements(sets) x
  ), want as (
    select src.hid, (e ->> 'substance_id')::smallint as sid, (e ->> 'max_quantity_t')::numeric as q
    from src cross join lateral jsonb_array_elements(src.items) e
  ), del as (
    delete from public.hazard_source_inventory i using src
    where i.hazard_source_id = src.hid
      and not exists (select 1 from want w where w.hid = i.hazard_source_id and w.sid = i.substance_id)
    returning 1
  )
  insert into public.hazard_source_inventory (hazard_source_id, substance_id, max_quantity_t)
  select w.hid, w.sid, w.q from want w
  on conflict (hazard_source_id, substance_id) do update set max_quantity_t = excluded.max_quantity_t
    where public.hazard_source_inventory.max_quantity_t is distinct from excluded.max_quantity_t;
end
$$;

-- ----------------------------------------------------------------------------- deciding
-- Rows [lo, hi] whose record was decided (insert / update / unchanged) and that carry an
-- inventory: refused with the inventory's column and reason, or their resolved inventory kept in
-- data -> 'inventory' and an "unchanged" record with a different stored inventory made an update.
-- data -> 'inventory' is only ever this function's: one staged by a client (import_stage takes
-- any keys) without the substance columns is dropped here, never written unresolved.
create or replace function app.import_decide_inventory(r public.import_runs, lo integer, hi integer) returns void
language plpgsql volatile
set search_path = ''
as $$
begin
  with p as materialized (
    select s.row_no, app.import_inventory_parse(s.data ->> 'substance', s.data ->> 'max_quantity_t') as inv
    from public.import_rows s
    where s.run_id = r.id and s.row_no between lo and hi and s.verdict in ('insert', 'update', 'unchanged')
      and (s.data ? 'substance' or s.data ? 'max_quantity_t' or s.data ? 'inventory')
  ),
  -- the closest names of every distinct unknown name, in one call (a registry repeats its own names)
  unknown as materialized (
    select array_agg(n order by n) as names from (select distinct p.inv ->> 'unknown' as n from p where p.inv ? 'unknown') d
  ),
  hints as materialized (
    select u.names[f.ord] as n, f.suggestions
    from unknown u, app.substance_suggestions_for(array(select app.substance_key(n) from unnest(u.names) with ordinality t(n, o) order by o)) f
    where u.names is not null
  ),
  x as (
    select p.row_no, case when p.inv ? 'unknown'
      then jsonb_build_object('column', 'substance', 'message',
        app.unknown_substance_message(p.inv ->> 'unknown', h.suggestions))
      else p.inv end as inv
    from p left join hints h on h.n = p.inv ->> 'unknown'
  )
  update public.import_rows s set
    data = case when x.inv ? 'items' then s.data || jsonb_build_object('inventory', x.inv -> 'items') else s.data - 'inventory' end,
    verdict = case
      when x.inv ? 'message' then 'error'
      when s.verdict = 'unchanged' and x.inv ? 'items' and (x.inv -> 'items') <> app.stored_inventory(s.target_id) then 'update'
      else s.verdict end,
    error_column = case when x.inv ? 'message' then x.inv ->> 'column' else s.error_column end,
    error_message = case when x.inv ? 'message' then x.inv ->> 'message' else s.error_message end
  from x where s.run_id = r.id and s.row_no = x.row_no;
end
$$;

alter function app.import_decide(public.import_runs, integer, integer, boolean) rename to import_decide_records;

create or replace function app.import_decide(r public.import_runs, from_row integer, to_row integer, keys_only boolean default false) returns void
language plpgsql volatile
set search_path = ''
as $$
begin
  perform app.import_decide_records(r, from_row, to_row, keys_only);
  if r.kind = 'hazard_sources' then
    perform app.import_decide_inventory(r, coalesce(from_row, 0), coalesce(to_row, 2147483647));
  end if;
end
$$;

-- ----------------------------------------------------------------------------- writing
alter function app.import_write(public.import_runs, integer, integer) rename to import_write_records;

create or replace function app.import_write(r public.import_runs, lo integer, hi integer) returns void
language plpgsql volatile
set search_path = ''
as $$
declare
  todo integer[];
  sets jsonb;
begin
  if r.kind = 'hazard_sources' then
    todo := array(select s.row_no from public.import_rows s
      where s.run_id = r.id and s.row_no between lo and hi and s.verdict in ('insert', 'update') and not s.applied
        and s.data ? 'inventory');
  end if;
  perform app.import_write_records(r, lo, hi);
  if cardinality(todo) > 0 then
    -- the stored inventory of each updated source, for the rollback (the record write leaves it alone)
    update public.import_rows s set before = s.before || jsonb_build_object('inventory', app.stored_inventory(s.target_id))
    where s.run_id = r.id and s.row_no = any(todo) and s.verdict = 'update';
    select jsonb_agg(jsonb_build_object('id', s.target_id, 'items', s.data -> 'inventory') order by s.row_no) into sets
    from public.import_rows s where s.run_id = r.id and s.row_no = any(todo);
    perform app.set_inventories(sets);
  end if;
end
$$;

-- ----------------------------------------------------------------------------- rolling back
alter function app.import_undo(public.import_runs, integer) rename to import_undo_records;

create or replace function app.import_undo(r public.import_runs, max_rows integer) returns integer
language plpgsql volatile
set search_path = ''
as $$
declare
  cut integer;
  sets jsonb;
begin
  if r.kind = 'hazard_sources' then
    -- the same rows app.import_undo_records undoes: the last max_rows applied
    select min(x.row_no) into cut from (
      select s.row_no from public.import_rows s where s.run_id = r.id and s.applied order by s.row_no desc limit max_rows) x;
    select jsonb_agg(jsonb_build_object('id', s.target_id, 'items', s.before -> 'inventory') order by s.row_no) into sets
    from public.import_rows s
    where s.run_id = r.id and s.applied and s.row_no >= cut and s.verdict = 'update' and s.before ? 'inventory';
    perform app.set_inventories(sets);
  end if;
  return app.import_undo_records(r, max_rows);
end
$$;

revoke all on function app.import_inventory(text, text), app.import_inventory_parse(text, text),
  app.unknown_substance_message(text, jsonb), app.stored_inventory(uuid), app.set_inventories(jsonb),
  app.import_decide_inventory(public.import_runs, integer, integer),
  app.import_decide(public.import_runs, integer, integer, boolean), app.import_write(public.import_runs, integer, integer),
  app.import_undo(public.import_runs, integer) from public, anon, authenticated;

-- ----------------------------------------------------------------------------- import_commit
-- As in 20261205000200_import.sql, but the inserts and updates go through app.import_write (as
-- import_apply's do): inserted records get their ids there, so their inventories find them.
create or replace function public.import_commit(run_id uuid, skip_errors boolean default false, client_errors integer default 0)
returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  r public.import_runs := app.import_run_of(run_id, 'staging');
  staged integer;
  counts jsonb;
begin
  perform app.require_arg(skip_errors, 'skip_errors');
  perform app.require_arg(client_errors, 'client_errors');
  select count(*) into staged from public.import_rows where import_rows.run_id = r.id;
  if staged + client_errors <> r.total_rows then
    raise exception '暂存了 % 行、文件中有错误 % 行，与批次声明的 % 行不符（上传不完整？） / % rows staged and % refused by the reader do not add up to the run''s % rows (incomplete upload?)',
      staged, client_errors, r.total_rows, staged, client_errors, r.total_rows using errcode = '22023';
  end if;
  perform app.import_decide(r, null, null, true);
  counts := app.import_counts(r.id, 0, 2147483647);
  if ((counts ->> 'error')::int > 0 or client_errors > 0) and not skip_errors then
    raise exception '有 % 行错误，未写入任何数据（可用 skip_errors 跳过错误行） / % rows have errors: nothing was written (skip_errors imports the others)',
      (counts ->> 'error')::int + client_errors, (counts ->> 'error')::int + client_errors using errcode = '22023';
  end if;

  perform app.import_write(r, 0, 2147483647);

  update public.import_runs set status = 'committed', committed_at = now(),
    inserted = (counts ->> 'insert')::int, updated = (counts ->> 'update')::int,
    unchanged = (counts ->> 'unchanged')::int, errors = (counts ->> 'error')::int + client_errors
  where id = r.id;
  -- The staged copies are no longer needed; the run keeps the counts, the rows keep import_run_id.
  delete from public.import_rows where import_rows.run_id = r.id and verdict <> 'error';
  return counts || jsonb_build_object('run_id', r.id);
end
$$;

-- ----------------------------------------------------------------------------- export
-- As in 20261229000100_export.sql, plus the inventory of hazard sources (see the design above).
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
  if kind = 'hazard_sources' then
    join_ent := join_ent || $j$
      left join lateral (
        select count(*) as n, min(s.name_zh) as one_name, min(i.max_quantity_t) as one_q,
          string_agg(s.name_zh || ':' || i.max_quantity_t::text, ';' order by s.id) as list
        from public.hazard_source_inventory i join public.substances s on s.id = i.substance_id
        where i.hazard_source_id = t.id) inv on true$j$;
    sel := sel || ', ''substance'', case when inv.n = 1 then inv.one_name when inv.n > 1 then inv.list end'
      || ', ''max_quantity_t'', case when inv.n = 1 then inv.one_q end';
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
  'One page (≤1000) of a registry the import takes, as the caller may see it, in the import''s columns; hazard sources with their inventory (issue 14).';
revoke all on function public.export_page(text, uuid, integer) from public, anon;
grant execute on function public.export_page(text, uuid, integer) to authenticated, service_role;
