-- GB 18218-2018 major hazard identification and grading.
--   S = Σ qᵢ/Qᵢ; major when S ≥ 1.   R = α · Σ βᵢ·qᵢ/Qᵢ; 一级 R ≥ 100, 二级 50–100, 三级 10–50, 四级 < 10.
-- α from the people within 500 m of the unit (a spatial query on protective targets), unless
-- given or overridden with a recorded reason. Bands are reference tables, not literals.

create table public.major_hazard_alpha_bands (
  min_people integer primary key check (min_people >= 0),
  alpha numeric not null check (alpha > 0)
);
insert into public.major_hazard_alpha_bands values (100, 2.0), (50, 1.5), (30, 1.2), (1, 1.0), (0, 0.5);

create table public.major_hazard_grade_bands (
  grade smallint primary key check (grade between 1 and 4),
  min_r numeric not null unique check (min_r >= 0),
  name_zh text not null
);
insert into public.major_hazard_grade_bands values (1, 100, '一级'), (2, 50, '二级'), (3, 10, '三级'), (4, 0, '四级');

-- The radius the standard counts exposed people in (厂区边界向外扩展500米).
create table public.major_hazard_settings (
  id boolean primary key default true check (id),
  exposure_radius_m numeric not null default 500 check (exposure_radius_m > 0)
);
insert into public.major_hazard_settings default values;

alter table public.major_hazard_alpha_bands enable row level security;
alter table public.major_hazard_grade_bands enable row level security;
alter table public.major_hazard_settings enable row level security;
create policy major_hazard_alpha_bands_read on public.major_hazard_alpha_bands for select to anon, authenticated using (true);
create policy major_hazard_grade_bands_read on public.major_hazard_grade_bands for select to anon, authenticated using (true);
create policy major_hazard_settings_read on public.major_hazard_settings for select to anon, authenticated using (true);
revoke insert, update, delete, truncate on public.major_hazard_alpha_bands, public.major_hazard_grade_bands,
  public.major_hazard_settings from anon, authenticated;

alter table public.hazard_sources
  add column alpha_override numeric check (alpha_override > 0),
  add column alpha_override_reason text,
  add column grading jsonb,
  add constraint hazard_sources_override_has_reason
    check (alpha_override is null or length(btrim(coalesce(alpha_override_reason, ''))) >= 4);

create or replace function app.alpha_for_population(people integer) returns numeric
language sql stable
set search_path = ''
as $$
  select b.alpha from public.major_hazard_alpha_bands b
  where b.min_people <= greatest(people, 0)
  order by b.min_people desc limit 1
$$;

create or replace function app.major_grade_for_r(r numeric) returns smallint
language sql stable
set search_path = ''
as $$
  select b.grade from public.major_hazard_grade_bands b where b.min_r <= r order by b.min_r desc limit 1
$$;

-- People in protective targets within the exposure radius of a geometry, geodesic metres.
create or replace function app.population_near(g extensions.geometry) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  -- A scalar, not a join: a one-row settings table joined in made the planner guess
  -- thousands of rows (and JIT-compile) on every call.
  radius float8 := (select s.exposure_radius_m from public.major_hazard_settings s);
  result jsonb;
begin
  select jsonb_build_object('kind', 'protective_targets_within_radius', 'radius_m', radius,
    'population', coalesce(sum(t.population), 0), 'targets', count(t.id))
  into result
  from public.protective_targets t
  where extensions.st_dwithin(t.geom::extensions.geography, g::extensions.geography, radius);
  return result;
end
$$;

-- The pure part: items → S, R, grade, per-item breakdown. alpha must be known here.
create or replace function app.assess_items(items jsonb, alpha numeric) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  item jsonb;
  idx int := 0;
  label text;
  qty numeric;
  sub record;
  cat record;
  sub_name text;
  sub_cas text;
  q_crit numeric;
  beta numeric;
  beta_source text;
  s numeric := 0;
  weighted numeric := 0;
  out_items jsonb := '[]'::jsonb;
  r numeric;
begin
  if items is null or jsonb_typeof(items) <> 'array' then
    raise exception 'items must be a JSON array of {"substance": name or CAS, "quantity_t": number}' using errcode = '22023';
  end if;
  for item in select value from jsonb_array_elements(items) loop
    idx := idx + 1;
    if jsonb_typeof(item) <> 'object' then
      raise exception 'item %: must be an object {"substance": …, "quantity_t": …}', idx using errcode = '22023';
    end if;
    label := btrim(coalesce(item ->> 'substance', ''));
    if jsonb_typeof(item -> 'quantity_t') is distinct from 'number' then
      raise exception 'item % (%): quantity_t must be a number of tonnes (got %)', idx, nullif(label, ''),
        coalesce(item ->> 'quantity_t', 'nothing') using errcode = '22023';
    end if;
    qty := (item ->> 'quantity_t')::numeric;
    if qty < 0 then
      raise exception 'item % (%): quantity_t must not be negative (got %)', idx, nullif(label, ''), qty using errcode = '22023';
    end if;
    select x.name_zh, x.cas, x.critical_t, x.toxic_gas_beta, x.hazard_category into sub
    from public.substances x where x.name_zh = label or x.cas = label limit 1;
    if found then
      sub_name := sub.name_zh;
      sub_cas := sub.cas;
      q_crit := sub.critical_t;
      if sub.toxic_gas_beta is not null then
        beta := sub.toxic_gas_beta;
        beta_source := 'table3';
      else
        select c.beta into beta from public.hazard_categories c where c.code = sub.hazard_category;
        beta_source := 'table4:' || sub.hazard_category;
      end if;
    elsif item ? 'category' then
      -- Not in table 1: identified by its hazard category (table 2), β from table 4.
      select c.code, c.critical_t, c.beta into cat from public.hazard_categories c where c.code = item ->> 'category';
      if not found then
        raise exception 'item % (%): unknown hazard category "%" (expected a GB 18218 table 2 symbol such as W5.3 or J1)',
          idx, nullif(label, ''), item ->> 'category' using errcode = '22023';
      end if;
      q_crit := cat.critical_t;
      beta := cat.beta;
      beta_source := 'table4:' || cat.code;
      sub_name := label;
      sub_cas := null;
    else
      raise exception 'item %: unknown substance "%" (not in GB 18218 table 1 by Chinese name or CAS; give "category" for other substances)',
        idx, label using errcode = '22023';
    end if;
    s := s + qty / q_crit;
    weighted := weighted + beta * qty / q_crit;
    out_items := out_items || jsonb_build_object(
      'substance', sub_name, 'cas', sub_cas, 'quantity_t', qty, 'critical_t', q_crit,
      'q_over_q', round(qty / q_crit, 6), 'beta', beta, 'beta_source', beta_source);
  end loop;
  r := alpha * weighted;
  return jsonb_build_object(
    's', round(s, 6),
    'is_major', s >= 1,
    'alpha', alpha,
    'r', round(r, 6),
    'grade', case when s >= 1 then app.major_grade_for_r(r) end,
    'items', out_items);
end
$$;

-- RPC. Pure when no hazard source is given (callable by anon); with a hazard source the caller
-- must be able to read it (SECURITY INVOKER: RLS decides).
create or replace function public.major_hazard_assessment(items jsonb, exposed_population int default null,
  hazard_source_id uuid default null)
returns jsonb
language plpgsql stable
security invoker
set search_path = ''
as $$
declare
  src record;
  population jsonb;
  alpha numeric;
begin
  if exposed_population is not null and exposed_population < 0 then
    raise exception 'exposed_population must not be negative (got %)', exposed_population using errcode = '22023';
  end if;
  if exposed_population is not null then
    population := jsonb_build_object('kind', 'given', 'population', exposed_population);
    alpha := app.alpha_for_population(exposed_population);
  elsif hazard_source_id is not null then
    select h.geom, h.alpha_override, h.alpha_override_reason into src
    from public.hazard_sources h where h.id = major_hazard_assessment.hazard_source_id;
    if not found then
      raise exception 'hazard source % not found or not visible to you', hazard_source_id using errcode = '42501';
    end if;
    population := app.population_near(src.geom);
    if src.alpha_override is not null then
      alpha := src.alpha_override;
      population := population || jsonb_build_object('alpha_override', src.alpha_override, 'alpha_override_reason', src.alpha_override_reason);
    else
      alpha := app.alpha_for_population((population ->> 'population')::int);
    end if;
  else
    raise exception 'give exposed_population (people within 500 m) or a hazard_source_id to count them from the map'
      using errcode = '22023';
  end if;
  return app.assess_items(items, alpha) || jsonb_build_object('population_source', population);
end
$$;

-- Stored grade of a hazard source from its inventory and the people around it.
create or replace function app.regrade_hazard_source(p_id uuid) returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  h record;
  items jsonb;
  population jsonb;
  v_alpha numeric;
  result jsonb;
begin
  select x.id, x.geom, x.alpha_override, x.alpha_override_reason into h from public.hazard_sources x where x.id = p_id;
  if not found then
    return;
  end if;
  select coalesce(jsonb_agg(jsonb_build_object('substance', s.name_zh, 'quantity_t', i.max_quantity_t) order by s.id), '[]')
    into items
  from public.hazard_source_inventory i join public.substances s on s.id = i.substance_id
  where i.hazard_source_id = p_id;
  population := app.population_near(h.geom);
  v_alpha := coalesce(h.alpha_override, app.alpha_for_population((population ->> 'population')::int));
  result := app.assess_items(items, v_alpha) || jsonb_build_object('population_source', population
    || case when h.alpha_override is not null then jsonb_build_object('alpha_override', h.alpha_override,
         'alpha_override_reason', h.alpha_override_reason) else '{}'::jsonb end);
  update public.hazard_sources set
    s_value = (result ->> 's')::numeric,
    is_major = (result ->> 'is_major')::boolean,
    major_grade = (result ->> 'grade')::smallint,
    alpha = v_alpha,
    r_value = (result ->> 'r')::numeric,
    exposed_population = (population ->> 'population')::int,
    grading = result,
    graded_at = now()
  where id = p_id;
end
$$;
revoke execute on function app.regrade_hazard_source(uuid) from public, anon, authenticated;

-- Explicit re-grade action, for whoever may edit the source.
create or replace function public.regrade_hazard_source(id uuid) returns jsonb
language plpgsql
security invoker
set search_path = ''
as $$
declare
  g jsonb;
begin
  if not exists (select 1 from public.hazard_sources h where h.id = regrade_hazard_source.id
                 and app.may_write(h.area_code, h.enterprise_id, true)) then
    raise exception 'hazard source % not found or you may not re-grade it', id using errcode = '42501';
  end if;
  perform app.regrade_hazard_source_definer(id);
  select h.grading into g from public.hazard_sources h where h.id = regrade_hazard_source.id;
  return g;
end
$$;

-- Wrapper so the invoker function can reach the definer one without granting it to everyone.
create or replace function app.regrade_hazard_source_definer(p_id uuid) returns void
language sql
security definer
set search_path = ''
as $$ select app.regrade_hazard_source(p_id) $$;
revoke execute on function app.regrade_hazard_source_definer(uuid) from public, anon;
grant execute on function app.regrade_hazard_source_definer(uuid) to authenticated;

-- Triggers: inventory changes re-grade their source; moving a source re-grades it; protective
-- targets changing near sources re-grade those sources (statement-level, one pass per statement).
-- One function for the three statement triggers: PL/pgSQL parses each statement when it first
-- runs, so each branch may name the transition table that only its own operation has.
create or replace function app.inventory_changed() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  ids uuid[];
  sid uuid;
begin
  if tg_op = 'INSERT' then
    ids := array(select distinct n.hazard_source_id from new_rows n);
  elsif tg_op = 'DELETE' then
    ids := array(select distinct o.hazard_source_id from old_rows o);
  else
    ids := array(select n.hazard_source_id from new_rows n union select o.hazard_source_id from old_rows o);
  end if;
  foreach sid in array ids loop
    perform app.regrade_hazard_source(sid);
  end loop;
  return null;
end
$$;

create trigger hazard_source_inventory_regrade_ins after insert on public.hazard_source_inventory
  referencing new table as new_rows for each statement execute function app.inventory_changed();
create trigger hazard_source_inventory_regrade_upd after update on public.hazard_source_inventory
  referencing new table as new_rows old table as old_rows for each statement execute function app.inventory_changed();
create trigger hazard_source_inventory_regrade_del after delete on public.hazard_source_inventory
  referencing old table as old_rows for each statement execute function app.inventory_changed();

create or replace function app.hazard_source_moved() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform app.regrade_hazard_source(new.id);
  return null;
end
$$;
create trigger hazard_sources_regrade after update of geom, alpha_override on public.hazard_sources
  for each row when (extensions.st_asewkb(old.geom) is distinct from extensions.st_asewkb(new.geom) or old.alpha_override is distinct from new.alpha_override)
  execute function app.hazard_source_moved();

create or replace function app.targets_changed_regrade(changed extensions.geometry[]) returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  sid uuid;
begin
  for sid in
    select distinct h.id
    from unnest(changed) as g(geom)
    join public.hazard_sources h
      on extensions.st_dwithin(h.geom::extensions.geography, g.geom::extensions.geography,
                               (select s.exposure_radius_m from public.major_hazard_settings s))
  loop
    perform app.regrade_hazard_source(sid);
  end loop;
end
$$;

-- Same shape as inventory_changed: one function, a branch per operation.
create or replace function app.targets_changed() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    perform app.targets_changed_regrade(array(select n.geom from new_rows n));
  elsif tg_op = 'DELETE' then
    perform app.targets_changed_regrade(array(select o.geom from old_rows o));
  else
    -- Old and new positions of targets that moved or whose population changed.
    perform app.targets_changed_regrade(array(
      select g from new_rows n join old_rows o on o.id = n.id
      cross join lateral (values (n.geom), (o.geom)) v(g)
      where extensions.st_asewkb(n.geom) is distinct from extensions.st_asewkb(o.geom)
         or n.population is distinct from o.population));
  end if;
  return null;
end
$$;
create trigger protective_targets_regrade_ins after insert on public.protective_targets
  referencing new table as new_rows for each statement execute function app.targets_changed();
create trigger protective_targets_regrade_upd after update on public.protective_targets
  referencing new table as new_rows old table as old_rows for each statement execute function app.targets_changed();
create trigger protective_targets_regrade_del after delete on public.protective_targets
  referencing old table as old_rows for each statement execute function app.targets_changed();

grant execute on function public.major_hazard_assessment(jsonb, int, uuid) to anon, authenticated;
revoke execute on function public.regrade_hazard_source(uuid) from anon, public;
grant execute on function public.regrade_hazard_source(uuid) to authenticated;
