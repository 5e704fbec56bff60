-- Freshness (issue 15): an assessment that is old, or that the world has moved past, is flagged.
--   待复评 (review due): a risk point whose assessment (risk_points.assessed_at) is older than
--     freshness_settings.risk_point_review_months (12) or missing.
--   待重评 (re-assessment due): a major hazard source, by 危险化学品重大危险源监督管理暂行规定
--     (令40号, 2015 revision) art. 11: its last safety assessment (安全评估) is older than
--     major_hazard_reassess_years (3) or missing (item 1); its inventory changed since (item 3);
--     it was moved or its footprint changed since (item 2); a protective target came inside its
--     external safety distance since (item 4, 外界生态环境变化); an accident at the enterprise since
--     killed someone or injured ten or more (item 5).
-- The safety assessment is a document with a date: hazard_source_assessments keeps them, append-only
-- (the GB 18218 grading the database recomputes on every inventory change is not one).
-- Changes are recorded as events by triggers at the time the system learns of them, only for sources
-- that already have an assessment on record, and count against the assessment recorded before them
-- (or in the same transaction: a tie counts as a change, the cautious side):
-- so a bulk load (the seed, an import) does not flag every source, and recording a new assessment
-- clears what happened before it. Accidents count by when they happened (occurred_at vs assessed_on).

create table public.freshness_settings (
  id boolean primary key default true check (id),
  risk_point_review_months int not null default 12
    constraint freshness_settings_review_months_1_to_120 check (risk_point_review_months between 1 and 120),
  major_hazard_reassess_years int not null default 3
    constraint freshness_settings_reassess_years_1_to_10 check (major_hazard_reassess_years between 1 and 10),
  updated_at timestamptz not null default now()
);

insert into public.freshness_settings default values;

alter table public.freshness_settings enable row level security;

create policy freshness_settings_read on public.freshness_settings for select to anon, authenticated using (true);

create policy freshness_settings_write on public.freshness_settings for update to authenticated
  using ((select app.user_role()) = 'admin') with check ((select app.user_role()) = 'admin');

revoke insert, delete, truncate on public.freshness_settings from anon, authenticated, service_role;

revoke update on public.freshness_settings from anon;

grant select on public.freshness_settings to anon, authenticated;

-- The safety assessments (安全评估报告) of hazard sources, append-only: a new report is a new row.
create table public.hazard_source_assessments (
  id uuid primary key default gen_random_uuid(),
  hazard_source_id uuid not null references public.hazard_sources(id) on delete cascade,
  assessed_on date not null
    constraint hazard_source_assessments_date check (assessed_on >= date '2000-01-01'),
  report_ref text,
  assessor text,
  recorded_at timestamptz not null default now(),
  recorded_role text not null default coalesce(app.user_role(), 'system'),
  is_demo boolean not null default false
);

create index hazard_source_assessments_source_idx on public.hazard_source_assessments (hazard_source_id, recorded_at desc);

-- A report dated in the future is a typo, refused with the date (now() is not immutable: a trigger).
create or replace function app.hazard_source_assessment_checks() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.assessed_on > current_date then
    raise exception '安全评估日期 % 晚于今天 / the assessment date % is in the future', new.assessed_on, new.assessed_on
      using errcode = '22023';
  end if;
  new.recorded_at := now();
  new.recorded_role := coalesce(app.user_role(), 'system');
  return new;
end
$$;

create trigger hazard_source_assessments_checks before insert on public.hazard_source_assessments
  for each row execute function app.hazard_source_assessment_checks();

-- Append-only, except that a hazard source deleted by an admin or its regulator takes its own
-- history with it (the foreign key's cascade runs as a nested trigger; a direct delete does not).
create or replace function app.refuse_change_unless_cascade() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' and pg_trigger_depth() > 1 then
    return old;
  end if;
  raise exception '%', format(tg_argv[0], lower(tg_op)) using errcode = '42501', hint = tg_argv[1];
end
$$;

create trigger hazard_source_assessments_append_only before update or delete on public.hazard_source_assessments
  for each row execute function app.refuse_change_unless_cascade('安全评估记录只可追加 / hazard_source_assessments is append-only: %s refused',
    'record a new assessment instead');

create trigger hazard_source_assessments_no_truncate before truncate on public.hazard_source_assessments
  for each statement execute function app.refuse_change('安全评估记录只可追加 / hazard_source_assessments is append-only: %s refused',
    'record a new assessment instead');

alter table public.hazard_source_assessments enable row level security;

create policy hazard_source_assessments_read on public.hazard_source_assessments for select to authenticated
  using (exists (select 1 from public.hazard_sources h where h.id = hazard_source_id));

-- The enterprise files its own reports; the area's regulator and admins record them too.
create policy hazard_source_assessments_insert on public.hazard_source_assessments for insert to authenticated
  with check (exists (select 1 from public.hazard_sources h where h.id = hazard_source_id
                      and app.may_write(h.area_code, h.enterprise_id, true)));

revoke update, delete, truncate on public.hazard_source_assessments from anon, authenticated, service_role;

revoke all on public.hazard_source_assessments from anon;

grant select, insert on public.hazard_source_assessments to authenticated;

insert into app.input_limits (relation, col, kind, label_zh, required, min_len, max_len) values
  ('hazard_source_assessments', 'report_ref', 'text', '评估报告编号', false, null, 200),
  ('hazard_source_assessments', 'assessor', 'text', '评估机构', false, null, 200);

select app.install_input_limits('hazard_source_assessments');

-- What changed at a source since its assessment: written by triggers only.
create table public.hazard_source_change_events (
  id bigint generated always as identity primary key,
  hazard_source_id uuid not null references public.hazard_sources(id) on delete cascade,
  kind text not null check (kind in ('inventory_changed', 'moved_or_enlarged', 'new_target_inside')),
  at timestamptz not null default now(),
  detail jsonb not null default '{}'::jsonb
);

create index hazard_source_change_events_source_idx on public.hazard_source_change_events (hazard_source_id, at desc);

create trigger hazard_source_change_events_append_only before update or delete on public.hazard_source_change_events
  for each row execute function app.refuse_change_unless_cascade('变更记录只可追加 / hazard_source_change_events is append-only: %s refused',
    'the record of what changed is never changed');

alter table public.hazard_source_change_events enable row level security;

create policy hazard_source_change_events_read on public.hazard_source_change_events for select to authenticated
  using (exists (select 1 from public.hazard_sources h where h.id = hazard_source_id));

revoke all on public.hazard_source_change_events from anon, authenticated, service_role;

grant select on public.hazard_source_change_events to authenticated, service_role;

-- Inventory: one event per source and statement (a bulk edit of one source is one change).
create or replace function app.freshness_inventory_changed() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- PL/pgSQL plans a statement when it first runs: old_rows is only named in the UPDATE branch.
  if tg_op = 'INSERT' then
    insert into public.hazard_source_change_events (hazard_source_id, kind, detail)
    select c.hazard_source_id, 'inventory_changed', jsonb_build_object('op', 'insert', 'substances', count(*))
    from new_rows c
    where exists (select 1 from public.hazard_source_assessments a where a.hazard_source_id = c.hazard_source_id)
    group by c.hazard_source_id;
  else
    insert into public.hazard_source_change_events (hazard_source_id, kind, detail)
    select c.hazard_source_id, 'inventory_changed', jsonb_build_object('op', 'update', 'substances', count(*))
    from new_rows c
    where exists (select 1 from public.hazard_source_assessments a where a.hazard_source_id = c.hazard_source_id)
      and not exists (select 1 from old_rows o where o.hazard_source_id = c.hazard_source_id
                      and o.substance_id = c.substance_id and o.max_quantity_t = c.max_quantity_t)
    group by c.hazard_source_id;
  end if;
  return null;
end
$$;

create or replace function app.freshness_inventory_deleted() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.hazard_source_change_events (hazard_source_id, kind, detail)
  select c.hazard_source_id, 'inventory_changed', jsonb_build_object('op', 'delete', 'substances', c.n)
  from (select o.hazard_source_id, count(*) as n from old_rows o group by o.hazard_source_id) c
  where exists (select 1 from public.hazard_source_assessments a where a.hazard_source_id = c.hazard_source_id)
    and exists (select 1 from public.hazard_sources h where h.id = c.hazard_source_id);
  return null;
end
$$;

create trigger freshness_inventory_insert after insert on public.hazard_source_inventory
  referencing new table as new_rows
  for each statement execute function app.freshness_inventory_changed();

create trigger freshness_inventory_update after update on public.hazard_source_inventory
  referencing new table as new_rows old table as old_rows
  for each statement execute function app.freshness_inventory_changed();

create trigger freshness_inventory_delete after delete on public.hazard_source_inventory
  referencing old table as old_rows
  for each statement execute function app.freshness_inventory_deleted();

-- The source moved or its footprint changed (新建、改建、扩建 show up as a changed geometry).
create or replace function app.freshness_source_moved() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.hazard_source_change_events (hazard_source_id, kind, detail)
  select n.id, 'moved_or_enlarged',
    jsonb_build_object('moved_m', round(extensions.st_distance(o.location::extensions.geography, n.location::extensions.geography)::numeric, 1),
      'area_before_m2', round(extensions.st_area(o.geom::extensions.geography)::numeric),
      'area_after_m2', round(extensions.st_area(n.geom::extensions.geography)::numeric))
  from new_rows n join old_rows o on o.id = n.id
  where not extensions.st_equals(o.geom, n.geom)
    and exists (select 1 from public.hazard_source_assessments a where a.hazard_source_id = n.id);
  return null;
end
$$;

create trigger freshness_source_moved after update on public.hazard_sources
  referencing new table as new_rows old table as old_rows
  for each statement execute function app.freshness_source_moved();

-- A protective target inserted inside, or moved into, a source's required distance for its class.
-- distance_violations is maintained by its own statement triggers on the same table, which run
-- first (triggers fire in name order: distance_violations_* < freshness_*), so it is current here.
create or replace function app.freshness_target_inside() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    insert into public.hazard_source_change_events (hazard_source_id, kind, detail)
    select v.hazard_source_id, 'new_target_inside',
      jsonb_build_object('target_id', n.id, 'target_name', n.name, 'target_class', v.target_class,
        'distance_m', round(v.distance_m::numeric, 1), 'required_m', v.required_m)
    from new_rows n
    join public.distance_violations v on v.target_id = n.id
    where exists (select 1 from public.hazard_source_assessments a where a.hazard_source_id = v.hazard_source_id);
  else
    -- moved or re-classed into the distance: it was not inside before
    insert into public.hazard_source_change_events (hazard_source_id, kind, detail)
    select v.hazard_source_id, 'new_target_inside',
      jsonb_build_object('target_id', n.id, 'target_name', n.name, 'target_class', v.target_class,
        'distance_m', round(v.distance_m::numeric, 1), 'required_m', v.required_m)
    from new_rows n
    join old_rows o on o.id = n.id
    join public.distance_violations v on v.target_id = n.id
    where exists (select 1 from public.hazard_source_assessments a where a.hazard_source_id = v.hazard_source_id)
      and (o.target_class is distinct from n.target_class or not extensions.st_equals(o.geom, n.geom))
      and not (o.target_class = n.target_class and extensions.st_dwithin(o.geom::extensions.geography,
                 (select h.geom::extensions.geography from public.hazard_sources h where h.id = v.hazard_source_id), v.required_m));
  end if;
  return null;
end
$$;

create trigger freshness_target_insert after insert on public.protective_targets
  referencing new table as new_rows
  for each statement execute function app.freshness_target_inside();

create trigger freshness_target_update after update on public.protective_targets
  referencing new table as new_rows old table as old_rows
  for each statement execute function app.freshness_target_inside();

-- A risk point re-assessed through propose_risk_assessment / review_assessment gets its inputs
-- changed, not its date: the date follows the inputs unless the writer set it.
create or replace function app.freshness_risk_point_reassessed() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if (new.method, new.lec_l, new.lec_e, new.lec_c, new.matrix_l, new.matrix_s)
       is distinct from (old.method, old.lec_l, old.lec_e, old.lec_c, old.matrix_l, old.matrix_s)
     and new.assessed_at is not distinct from old.assessed_at then
    new.assessed_at := current_date;
  end if;
  return new;
end
$$;

-- Only updates that touch the inputs fire it (the dynamic-level upkeep updates many points).
create trigger freshness_risk_point_reassessed before update of method, lec_l, lec_e, lec_c, matrix_l, matrix_s on public.risk_points
  for each row execute function app.freshness_risk_point_reassessed();

-- ------------------------------------------------------------------ reading it
-- A major hazard source's freshness: last assessment and the reasons it is due, under the
-- caller's RLS (invoker; the caller must see the source).
create or replace function app.hazard_source_freshness(p_id uuid)
returns jsonb
language sql stable
set search_path = ''
as $$
  with s as (select f.major_hazard_reassess_years as years from public.freshness_settings f),
  h as (select x.id, x.enterprise_id, x.is_major from public.hazard_sources x where x.id = p_id),
  a as (select x.assessed_on, x.recorded_at, x.report_ref, x.assessor from public.hazard_source_assessments x
        where x.hazard_source_id = p_id order by x.assessed_on desc, x.recorded_at desc limit 1),
  reasons as (
    select jsonb_build_object('reason', 'never_assessed') as r, 1 as o from h where not exists (select 1 from a)
    union all
    select jsonb_build_object('reason', 'expired', 'assessed_on', a.assessed_on,
             'due_on', (a.assessed_on + make_interval(years => s.years))::date), 2
    from a, s where a.assessed_on + make_interval(years => s.years) <= current_date
    union all
    select jsonb_build_object('reason', e.kind, 'at', max(e.at), 'count', count(*),
             'detail', (array_agg(e.detail order by e.at desc))[1]), 3
    from public.hazard_source_change_events e, a
    where e.hazard_source_id = p_id and e.at >= a.recorded_at
    group by e.kind
    union all
    select jsonb_build_object('reason', 'accident', 'accident_id', (array_agg(c.id order by c.occurred_at desc))[1],
             'at', max(c.occurred_at), 'deaths', sum(c.deaths), 'count', count(*)), 4
    from public.accidents c, a, h
    -- after the report's day (a Beijing day: a report dated today covers what happened today)
    where c.enterprise_id = h.enterprise_id and c.occurred_at >= ((a.assessed_on + 1)::timestamp at time zone 'Asia/Shanghai')
      and (c.deaths > 0 or c.serious_injuries + c.minor_injuries >= 10)
    having count(*) > 0)
  select jsonb_build_object('hazard_source_id', p_id,
    'applies', coalesce((select h.is_major from h), false),
    'last_assessment', (select to_jsonb(a) from a),
    'due', coalesce((select h.is_major from h), false) and exists (select 1 from reasons),
    'reasons', case when coalesce((select h.is_major from h), false)
                    then coalesce((select jsonb_agg(r order by o) from reasons), '[]'::jsonb) else '[]'::jsonb end)
$$;

create or replace function app.risk_point_review_due(assessed_at date) returns boolean
language sql stable
set search_path = ''
as $$
  select assessed_at is null
      or assessed_at + make_interval(months => (select f.risk_point_review_months from public.freshness_settings f)) <= current_date
$$;

-- Counts of what is due, per child area of `area_code` (the city's districts by default), under
-- the caller's RLS. Staff only.
create or replace function public.freshness_summary(area_code text default null)
returns jsonb
language plpgsql stable
security invoker
set search_path = ''
as $$
declare
  pat text;
  cutoff date;
  depth int;
  result jsonb;
begin
  perform app.require_staff('freshness_summary');
  pat := app.wall_area_pattern(area_code);
  select current_date - make_interval(months => f.risk_point_review_months) into cutoff from public.freshness_settings f;
  -- child areas: the level below the given one (the city's districts when none is given)
  select min(length(a.code)) into depth from public.areas a
  where a.parent_code = coalesce(area_code, (select c.code from public.areas c where c.level = 'city' order by c.code limit 1));
  depth := coalesce(depth, 15);
  with rp as (
    select left(r.area_code, depth) as code, count(*) as total,
      count(*) filter (where r.assessed_at is null or r.assessed_at <= cutoff) as due
    from public.risk_points r
    where r.area_code like pat
    group by 1),
  hs as (
    select left(h.area_code, depth) as code, count(*) as total,
      count(*) filter (where (app.hazard_source_freshness(h.id) ->> 'due')::boolean) as due
    from public.hazard_sources h
    where h.is_major and h.area_code like pat
    group by 1),
  codes as (select code from rp union select code from hs)
  select jsonb_build_object(
    'settings', (select to_jsonb(f) - 'id' from public.freshness_settings f),
    'risk_points_due', coalesce((select sum(due) from rp), 0),
    'risk_points_total', coalesce((select sum(total) from rp), 0),
    'hazard_sources_due', coalesce((select sum(due) from hs), 0),
    'major_hazard_sources_total', coalesce((select sum(total) from hs), 0),
    'areas', coalesce((select jsonb_agg(jsonb_build_object('code', c.code, 'name', app.area_name(c.code),
        'risk_points_due', coalesce(rp.due, 0), 'risk_points_total', coalesce(rp.total, 0),
        'hazard_sources_due', coalesce(hs.due, 0), 'major_hazard_sources_total', coalesce(hs.total, 0)) order by c.code)
      from codes c left join rp on rp.code = c.code left join hs on hs.code = c.code where c.code is not null), '[]'::jsonb))
  into result;
  return result;
end
$$;

-- The list of what is due, oldest first, paged (at most 500 a page; max_rows is 1,000).
create or replace function public.stale_items(kind text, area_code text default null, lim int default 100, off int default 0)
returns jsonb
language plpgsql stable
security invoker
set search_path = ''
as $$
declare
  pat text;
  cutoff date;
  result jsonb;
begin
  perform app.require_staff('stale_items');
  if kind is null or kind not in ('risk_points', 'hazard_sources') then
    raise exception 'kind must be risk_points (待复评) or hazard_sources (待重评), got %', coalesce(kind, 'null') using errcode = '22023';
  end if;
  if lim is null or lim < 1 or lim > 500 then
    raise exception 'lim must be 1 to 500, got %', lim using errcode = '22023';
  end if;
  if off is null or off < 0 or off > 1000000 then
    raise exception 'off must be 0 to 1,000,000, got %', off using errcode = '22023';
  end if;
  pat := app.wall_area_pattern(area_code);
  if kind = 'risk_points' then
    select current_date - make_interval(months => f.risk_point_review_months) into cutoff from public.freshness_settings f;
    select coalesce(jsonb_agg(jsonb_build_object('id', r.id, 'name', r.name, 'level', r.level,
        'current_level', r.current_level, 'assessed_at', r.assessed_at, 'enterprise_name', e.name,
        'area_code', r.area_code, 'area_name', app.area_name(r.area_code),
        'lon', extensions.st_x(r.location), 'lat', extensions.st_y(r.location)) order by r.assessed_at nulls first, r.id), '[]'::jsonb)
    into result
    from (select * from public.risk_points x
          where x.area_code like pat and (x.assessed_at is null or x.assessed_at <= cutoff)
          order by x.assessed_at nulls first, x.id limit lim offset off) r
    left join public.enterprises e on e.id = r.enterprise_id;
  else
    select coalesce(jsonb_agg(x order by (x ->> 'last_assessed_on') nulls first, x ->> 'id'), '[]'::jsonb) into result from (
      select jsonb_build_object('id', h.id, 'name', h.name, 'major_grade', h.major_grade, 'enterprise_name', e.name,
        'area_code', h.area_code, 'area_name', app.area_name(h.area_code),
        'last_assessed_on', f -> 'last_assessment' ->> 'assessed_on', 'reasons', f -> 'reasons',
        'lon', extensions.st_x(h.location), 'lat', extensions.st_y(h.location)) as x
      from public.hazard_sources h
      join public.enterprises e on e.id = h.enterprise_id
      cross join lateral app.hazard_source_freshness(h.id) f
      where h.is_major and h.area_code like pat and (f ->> 'due')::boolean
      order by f -> 'last_assessment' ->> 'assessed_on' nulls first, h.id
      limit lim offset off) s;
  end if;
  return result;
end
$$;

revoke execute on function public.freshness_summary(text) from public, anon;
grant execute on function public.freshness_summary(text) to authenticated, service_role;
revoke execute on function public.stale_items(text, text, int, int) from public, anon;
grant execute on function public.stale_items(text, text, int, int) to authenticated, service_role;

-- ------------------------------------------------------------------ cards
-- The card shows both levels of a risk point (评估 · 当前, with the dynamic rule that raised it),
-- whether its review is due and from when, and a hazard source's freshness. The body is the live
-- one of 20261204100700 with those keys added, nothing else changed.
create or replace function public.feature_card(layer text, id uuid)
returns jsonb
language plpgsql stable
security invoker
set search_path = ''
as $$
declare
  result jsonb;
begin
  perform app.require_arg(layer, 'layer');
  if feature_card.id is null then
    raise exception 'id is required' using errcode = '22023';
  end if;
  if layer = 'risk_points' then
    select jsonb_build_object('layer', layer, 'id', r.id, 'name', r.name, 'category_code', r.category_code,
      'category_name', c.name_zh, 'category_name_en', c.name_en, 'level', r.level, 'method', r.method,
      'lec_l', r.lec_l, 'lec_e', r.lec_e, 'lec_c', r.lec_c, 'matrix_l', r.matrix_l, 'matrix_s', r.matrix_s,
      'score', r.score, 'enterprise_id', r.enterprise_id, 'enterprise_name', e.name, 'area_code', r.area_code,
      'area_name', app.area_name(r.area_code), 'assessed_by', r.assessed_by, 'assessed_at', r.assessed_at,
      'current_level', r.current_level, 'current_level_reason', r.current_level_reason,
      'review_due', app.risk_point_review_due(r.assessed_at),
      'review_due_on', (r.assessed_at + make_interval(months => (select f.risk_point_review_months from public.freshness_settings f)))::date,
      'is_demo', r.is_demo, 'lon', extensions.st_x(r.location), 'lat', extensions.st_y(r.location))
    into result
    from public.risk_points r
    join public.risk_point_categories c on c.code = r.category_code
    left join public.enterprises e on e.id = r.enterprise_id
    where r.id = feature_card.id;
  elsif layer = 'hidden_dangers' then
    select jsonb_build_object('layer', layer, 'id', d.id, 'title', d.title, 'description', d.description,
      'status', d.status, 'severity', d.severity, 'source', d.source,
      'overdue', app.hidden_danger_is_overdue(d.status, d.deadline), 'deadline', d.deadline,
      'listing_level', d.listing_level, 'listing_date', d.listing_date, 'supervising_office', d.supervising_office,
      'enterprise_id', d.enterprise_id, 'enterprise_name', e.name, 'area_code', d.area_code,
      'area_name', app.area_name(d.area_code), 'found_at', d.found_at, 'closed_at', d.closed_at, 'is_demo', d.is_demo,
      'lon', extensions.st_x(d.location), 'lat', extensions.st_y(d.location))
    into result
    from public.hidden_dangers d
    left join public.enterprises e on e.id = d.enterprise_id
    where d.id = feature_card.id;
  elsif layer = 'protective_targets' then
    select jsonb_build_object('layer', layer, 'id', t.id, 'name', t.name, 'target_class', t.target_class,
      'type_code', t.type_code, 'type_name', ty.name_zh, 'type_name_en', ty.name_en, 'population', t.population,
      'area_code', t.area_code, 'area_name', app.area_name(t.area_code), 'is_demo', t.is_demo,
      'geometry_type', extensions.geometrytype(t.geom),
      'lon', extensions.st_x(t.location), 'lat', extensions.st_y(t.location))
    into result
    from public.protective_targets t
    join public.protective_target_types ty on ty.code = t.type_code
    where t.id = feature_card.id;
  elsif layer = 'hazard_sources' then
    select jsonb_build_object('layer', layer, 'id', h.id, 'name', h.name, 'unit_type', h.unit_type,
      'enterprise_id', h.enterprise_id, 'enterprise_name', e.name, 'is_major', h.is_major,
      'major_grade', h.major_grade, 's_value', h.s_value, 'r_value', h.r_value, 'alpha', h.alpha,
      'exposed_population', h.exposed_population, 'area_code', h.area_code, 'area_name', app.area_name(h.area_code),
      'is_demo', h.is_demo, 'freshness', app.hazard_source_freshness(h.id),
      'inventory', coalesce((select jsonb_agg(jsonb_build_object('substance', s.name_zh, 'cas', s.cas,
          'quantity_t', i.max_quantity_t, 'critical_t', s.critical_t) order by s.name_zh)
        from public.hazard_source_inventory i join public.substances s on s.id = i.substance_id
        where i.hazard_source_id = h.id), '[]'::jsonb),
      'distances', coalesce((select jsonb_agg(jsonb_build_object('target_class', x.target_class,
          'required_m', x.required_m, 'basis', x.basis) order by x.target_class)
        from public.hazard_source_distances x where x.hazard_source_id = h.id), '[]'::jsonb),
      'lon', extensions.st_x(h.location), 'lat', extensions.st_y(h.location))
    into result
    from public.hazard_sources h
    join public.enterprises e on e.id = h.enterprise_id
    where h.id = feature_card.id;
  elsif layer = 'emergency_resources' then
    select jsonb_build_object('layer', layer, 'id', x.id, 'name', x.name, 'resource_type', x.resource_type,
      -- The duty phone lives in emergency_resource_contacts, readable by admin,
      -- command and regulators only; app.duty_phone_of answers null for the others.
      'capacity', x.capacity, 'capacity_unit', x.capacity_unit, 'duty_phone', app.duty_phone_of(x.id),
      'area_code', x.area_code, 'area_name', app.area_name(x.area_code), 'is_demo', x.is_demo,
      'lon', extensions.st_x(x.location), 'lat', extensions.st_y(x.location))
    into result
    from public.emergency_resources x
    where x.id = feature_card.id;
  elsif layer = 'enterprises' then
    select jsonb_build_object('layer', layer, 'id', e.id, 'name', e.name, 'credit_code', e.credit_code,
      'industry_code', e.industry_code, 'industry_name', i.name_zh, 'industry_name_en', i.name_en,
      'address', e.address, 'standardization_grade', e.standardization_grade,
      'relocation_status', e.relocation_status, 'area_code', e.area_code, 'area_name', app.area_name(e.area_code),
      'is_demo', e.is_demo, 'lon', extensions.st_x(e.location), 'lat', extensions.st_y(e.location))
    into result
    from public.enterprises e
    join public.industries i on i.code = e.industry_code
    where e.id = feature_card.id;
  else
    raise exception 'unknown layer "%": expected risk_points, hidden_dangers, protective_targets, hazard_sources, emergency_resources or enterprises', layer
      using errcode = '22023';
  end if;
  -- A pending grading proposal on the record (grading review): the card shows it.
  if result is not null and layer in ('risk_points', 'hazard_sources') then
    result := result || jsonb_build_object('pending_review', (
      select jsonb_build_object('id', p.id, 'old_level', p.old_level, 'new_level', p.new_level,
        'new_inputs', p.new_inputs, 'reason', p.reason, 'proposed_role', p.proposed_role, 'proposed_at', p.proposed_at)
      from public.grading_proposals p
      where p.subject = case layer when 'risk_points' then 'risk_point' else 'hazard_source' end
        and p.subject_id = feature_card.id and p.status = 'pending'));
  end if;
  return result;
end
$$;

