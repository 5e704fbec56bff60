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

-- S = Σ β·q/Q over the inventory items, with two caps: at most 200 items (GB 18218 table 1 lists
-- 85 substances; 10,000 items ran 50 s and froze every client on PGlite) and quantities within
-- 0..1e8 t.
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
  if jsonb_array_length(items) > 200 then
    raise exception 'items: at most 200 substances per assessment (got %)', jsonb_array_length(items) using errcode = '22023';
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
    if qty > 100000000 then
      raise exception 'item % (%): quantity_t must be at most 100000000 t (got %)', idx, nullif(label, ''), qty using errcode = '22023';
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

-- ------------------------------------------------------------------ hazard sources
-- Stored grade of a hazard source from its inventory and the people around it. A lower grade
-- computed while an enterprise is the caller (its inventory edit, its move of the source, its
-- re-grade request) is not stored: it becomes a pending proposal and the stored grading stays
-- whole (S, R, α and grade together, so the record stays consistent). While a proposal is open,
-- a lower grade computed for anyone else (e.g. a regulator's edit of a protective target nearby)
-- is not stored either: only the confirmation lowers it. Raises are stored at once.
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
  old_rank int;
  new_rank int;
  ctx jsonb := app.grading_context();
  confirming uuid;
  open_id uuid;
  p_new uuid;
  a jsonb := app.actor();
  v_reason text;
begin
  select x.id, x.name, x.geom, x.alpha_override, x.alpha_override_reason, x.major_grade, x.is_major, x.alpha,
    x.grading, x.enterprise_id, x.area_code
    into h from public.hazard_sources x where x.id = p_id;
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
  old_rank := coalesce(h.major_grade, 5);
  new_rank := coalesce((result ->> 'grade')::int, 5);
  -- Only a reviewer's confirmation counts (belt and braces: API clients cannot set the context).
  confirming := case when ctx ->> 'kind' = 'confirmed' and ctx ->> 'subject_id' = p_id::text
                      and app.user_role() in ('admin', 'service', 'regulator')
                     then (ctx ->> 'proposal_id')::uuid end;
  select x.id into open_id from public.grading_proposals x
  where x.subject = 'hazard_source' and x.subject_id = p_id and x.status = 'pending';

  if new_rank > old_rank and confirming is null and (app.user_role() = 'enterprise' or open_id is not null) then
    -- The same result already awaits review: nothing new to propose.
    if app.user_role() = 'enterprise' and open_id is not null
       and (select x.new_inputs from public.grading_proposals x where x.id = open_id) = result then
      return;
    end if;
    if app.user_role() = 'enterprise' then
      v_reason := coalesce(app.grading_text('reason', ctx ->> 'reason', false),
        '库存或位置变更后按 GB 18218 重新计算 / re-computed by GB 18218 after a change of inventory or position');
      perform app.supersede_open_proposal('hazard_source', p_id, null, 'superseded by a newer proposal');
      insert into public.grading_proposals (subject, subject_id, subject_name, enterprise_id, area_code, old_inputs,
        new_inputs, old_level, new_level, reason, proposed_by, proposed_email, proposed_role)
      values ('hazard_source', p_id, h.name, h.enterprise_id, h.area_code, coalesce(h.grading, '{}'::jsonb), result,
        h.major_grade, (result ->> 'grade')::smallint, v_reason,
        case when (a ->> 'id') ~* '^[0-9a-f-]{36}$' then (a ->> 'id')::uuid end, a ->> 'email', a ->> 'role')
      returning id into p_new;
      perform app.record_grading(p_new, 'hazard_source', p_id, h.name, h.enterprise_id, h.area_code, 'proposed',
        h.grading, result, h.major_grade, (result ->> 'grade')::smallint, v_reason);
    end if;
    return;
  end if;

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

  -- History: grade or α changed (or a confirmation), by someone with a JWT.
  if (old_rank <> new_rank or h.alpha is distinct from v_alpha or confirming is not null)
     and a ->> 'role' <> 'system' then
    perform app.record_grading(confirming, 'hazard_source', p_id, h.name, h.enterprise_id, h.area_code,
      case when confirming is not null then 'confirmed' else 'applied' end,
      h.grading, result, h.major_grade, (result ->> 'grade')::smallint, ctx ->> 'reason');
    perform app.supersede_open_proposal('hazard_source', p_id, confirming,
      'superseded: the hazard source was re-graded (' || app.grade_label((result ->> 'grade')::smallint) || ') before a decision');
  end if;
end
$$;

create or replace function public.regrade_hazard_source(id uuid) returns jsonb
language plpgsql
security invoker
set search_path = ''
as $$
declare
  g jsonb;
begin
  perform app.require_arg(id, 'id');
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

-- Grading review: the regulated party must not be able to lower its own risk unseen.
--
-- Enterprises identify and grade their own risk points (企业是风险分级管控的主体): inserts and
-- raises take effect at once. A change by an enterprise that would LOWER a risk point's level
-- (level 1 = red is highest) or a major hazard source's grade (一级 highest; "not major" ranks
-- below 四级) becomes a pending proposal that a regulator of the area (or an admin / the service
-- role) confirms or refuses. α overrides, the stored (verified) grading columns of hazard sources
-- and area assessments are for regulators and admins only.
--
-- Tables:
--   grading_proposals  one row per proposal; its status moves pending → confirmed | refused |
--                      superseded, only through the RPCs below (API roles have no write grant).
--                      At most one pending proposal per record: a newer proposal, or any change
--                      that takes effect on the record, supersedes it (its "before" would be stale,
--                      and the newest assessment is what the regulator must judge).
--   grading_history    append-only (app.refuse_change): every proposal, confirmation, refusal,
--                      supersession and every change that took effect, with who (id, e-mail,
--                      role), when, old/new inputs, old/new level or grade, and why.
-- Direct PATCH of a risk point by an enterprise that would lower its level is REFUSED (403 with
-- a message telling the client to propose), not diverted: a client that sent a PATCH and got
-- 200 would believe the level changed.

-- ------------------------------------------------------------------ tables
create table public.grading_proposals (
  id uuid primary key default gen_random_uuid(),
  subject text not null check (subject in ('risk_point', 'hazard_source')),
  subject_id uuid not null,
  subject_name text not null,
  -- Copied at proposal time so RLS decides on the row itself (like risk_point_level_changes).
  enterprise_id uuid,
  area_code text,
  old_inputs jsonb not null,
  new_inputs jsonb not null,
  -- Risk level 1..4, or major-hazard grade 1..4 (null = not a major hazard source).
  old_level smallint,
  new_level smallint,
  reason text not null check (length(btrim(reason)) >= 4),
  proposed_by uuid,
  proposed_email text,
  proposed_role text not null,
  proposed_at timestamptz not null default now(),
  status text not null default 'pending' check (status in ('pending', 'confirmed', 'refused', 'superseded')),
  decided_by uuid,
  decided_email text,
  decided_role text,
  decided_at timestamptz,
  decision_note text
);

create unique index grading_proposals_one_open on public.grading_proposals (subject, subject_id) where status = 'pending';

create index grading_proposals_area_idx on public.grading_proposals (area_code, proposed_at) where status = 'pending';

create table public.grading_history (
  id bigint generated always as identity primary key,
  proposal_id uuid,
  subject text not null check (subject in ('risk_point', 'hazard_source')),
  subject_id uuid not null,
  subject_name text,
  enterprise_id uuid,
  area_code text,
  event text not null check (event in ('proposed', 'applied', 'confirmed', 'refused', 'superseded')),
  actor_id uuid,
  actor_email text,
  actor_role text not null,
  at timestamptz not null default now(),
  old_inputs jsonb,
  new_inputs jsonb,
  old_level smallint,
  new_level smallint,
  reason text,
  constraint grading_history_reason_required
    check (event not in ('proposed', 'refused') or length(btrim(coalesce(reason, ''))) >= 4)
);

create index grading_history_subject_idx on public.grading_history (subject, subject_id, at);

create trigger grading_history_no_update before update or delete on public.grading_history
  for each row execute function app.refuse_change(
    'the grading history is append-only: %s is not allowed', 'Propose, confirm or refuse through propose_risk_assessment / review_assessment instead.');

create trigger grading_history_no_truncate before truncate on public.grading_history
  for each statement execute function app.refuse_change(
    'the grading history is append-only: %s is not allowed', 'Propose, confirm or refuse through propose_risk_assessment / review_assessment instead.');

-- A proposal's content never changes; only a pending one may be decided, once.
create or replace function app.guard_grading_proposal() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'grading proposals are kept: delete is not allowed' using errcode = '42501',
      hint = 'Refuse it through review_assessment instead.';
  end if;
  if old.status <> 'pending' then
    raise exception 'grading proposal % is already %: a decision is final', old.id, old.status using errcode = '42501';
  end if;
  if (new.subject, new.subject_id, new.old_inputs, new.new_inputs, new.old_level, new.new_level, new.reason,
      new.proposed_by, new.proposed_role, new.proposed_at)
     is distinct from (old.subject, old.subject_id, old.old_inputs, old.new_inputs, old.old_level, old.new_level,
      old.reason, old.proposed_by, old.proposed_role, old.proposed_at) then
    raise exception 'a grading proposal''s content cannot be changed' using errcode = '42501',
      hint = 'Make a new proposal; it supersedes the open one.';
  end if;
  return new;
end
$$;

create trigger grading_proposals_guard before update or delete on public.grading_proposals
  for each row execute function app.guard_grading_proposal();

-- Reads: admins, the command centre and the service role everything; a regulator its
-- jurisdiction; an enterprise its own records. Planners get none (not spatial data; names and
-- e-mails of staff). E-mail columns are not granted to API roles at all: the review queue RPC
-- shows them to those who may see them.
alter table public.grading_proposals enable row level security;

alter table public.grading_history enable row level security;

revoke all on public.grading_proposals, public.grading_history from anon, authenticated;

revoke insert, update, delete, truncate on public.grading_proposals, public.grading_history from service_role;

grant select on public.grading_proposals, public.grading_history to service_role;

grant select (id, subject, subject_id, subject_name, enterprise_id, area_code, old_inputs, new_inputs, old_level,
  new_level, reason, proposed_by, proposed_role, proposed_at, status, decided_by, decided_role, decided_at,
  decision_note) on public.grading_proposals to authenticated;

grant select (id, proposal_id, subject, subject_id, subject_name, enterprise_id, area_code, event, actor_id,
  actor_role, at, old_inputs, new_inputs, old_level, new_level, reason) on public.grading_history to authenticated;

create or replace function app.reads_grading(row_area text, row_enterprise uuid) returns boolean
language sql stable
set search_path = ''
as $$
  select coalesce(app.user_role() in ('admin', 'command', 'service')
    or (app.user_role() = 'regulator' and row_area like any (app.scope_patterns()))
    or (app.user_role() = 'enterprise' and row_enterprise = app.enterprise_id()), false)
$$;

create policy grading_proposals_read on public.grading_proposals for select to authenticated, service_role
  using (app.reads_grading(area_code, enterprise_id));

create policy grading_history_read on public.grading_history for select to authenticated, service_role
  using (app.reads_grading(area_code, enterprise_id));

-- ------------------------------------------------------------------ helpers
-- Context an RPC hands to the triggers below (reason, proposal being confirmed), transaction-
-- local. It grants nothing: who may do what is decided from the JWT, never from here.
create or replace function app.grading_context() returns jsonb
language sql stable
set search_path = ''
as $$ select coalesce(nullif(current_setting('app.grading_context', true), '')::jsonb, '{}'::jsonb) $$;

create or replace function app.set_grading_context(ctx jsonb) returns void
language sql
set search_path = ''
as $$ select set_config('app.grading_context', coalesce(ctx::text, ''), true) $$;

create or replace function app.risk_point_inputs(r public.risk_points) returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_strip_nulls(jsonb_build_object('method', r.method, 'lec_l', r.lec_l, 'lec_e', r.lec_e, 'lec_c', r.lec_c,
    'matrix_l', r.matrix_l, 'matrix_s', r.matrix_s, 'score', r.score))
$$;

create or replace function app.level_label(l smallint) returns text
language sql stable
set search_path = ''
as $$ select coalesce((select l || ' ' || x.name_zh || ' / ' || x.name_en from public.risk_levels x where x.level = l), 'none') $$;

create or replace function app.grade_label(g smallint) returns text
language sql stable
set search_path = ''
as $$
  select case when g is null then '非重大危险源 / not major'
    else coalesce((select b.name_zh from public.major_hazard_grade_bands b where b.grade = g), g::text) || ' / grade ' || g end
$$;

-- One history row, written as the caller (actor from the JWT).
create or replace function app.record_grading(p_proposal uuid, p_subject text, p_subject_id uuid, p_name text,
  p_enterprise uuid, p_area text, p_event text, p_old_inputs jsonb, p_new_inputs jsonb, p_old smallint,
  p_new smallint, p_reason text) returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  a jsonb := app.actor();
begin
  insert into public.grading_history (proposal_id, subject, subject_id, subject_name, enterprise_id, area_code, event,
    actor_id, actor_email, actor_role, old_inputs, new_inputs, old_level, new_level, reason)
  values (p_proposal, p_subject, p_subject_id, p_name, p_enterprise, p_area, p_event,
    case when (a ->> 'id') ~* '^[0-9a-f-]{36}$' then (a ->> 'id')::uuid end, a ->> 'email', a ->> 'role',
    p_old_inputs, p_new_inputs, p_old, p_new, p_reason);
end
$$;

-- Close the open proposal of a record (other than `keep`) as superseded, with a history row.
create or replace function app.supersede_open_proposal(p_subject text, p_subject_id uuid, p_keep uuid, p_note text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  p public.grading_proposals;
  a jsonb := app.actor();
begin
  for p in select * from public.grading_proposals x
           where x.subject = p_subject and x.subject_id = p_subject_id and x.status = 'pending'
             and x.id is distinct from p_keep
           for update loop
    update public.grading_proposals set status = 'superseded', decided_at = now(), decision_note = p_note,
      decided_by = case when (a ->> 'id') ~* '^[0-9a-f-]{36}$' then (a ->> 'id')::uuid end,
      decided_email = a ->> 'email', decided_role = a ->> 'role'
    where id = p.id;
    perform app.record_grading(p.id, p.subject, p.subject_id, p.subject_name, p.enterprise_id, p.area_code,
      'superseded', p.old_inputs, p.new_inputs, p.old_level, p.new_level, p_note);
  end loop;
end
$$;

-- Text people type: collapsed whitespace, trimmed, capped (a reason is a paragraph, not a file).
create or replace function app.grading_text(p_field text, p_value text, p_required boolean) returns text
language plpgsql stable
set search_path = ''
as $$
declare
  v text := nullif(btrim(regexp_replace(coalesce(p_value, ''), '[\s\u3000\u00a0\u200b\ufeff]+', ' ', 'g')), '');
begin
  if v is not null and length(v) > 2000 then
    raise exception '% is too long: at most 2000 characters (got %)', p_field, length(v) using errcode = '22023';
  end if;
  if p_required and (v is null or length(v) < 4) then
    raise exception '% is required: say why in at least 4 characters', p_field using errcode = '22023';
  end if;
  return v;
end
$$;

-- Every change of a risk point's grading that took effect goes into the history, with the
-- reason and proposal the RPC passed (a plain PATCH has neither). Rows written without a JWT
-- (the demo loader, migrations) are not history of anyone's decision and are skipped.
create or replace function app.record_risk_point_grading() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  ctx jsonb := app.grading_context();
  confirming uuid := case when ctx ->> 'kind' = 'confirmed' and ctx ->> 'subject_id' = new.id::text
                          then (ctx ->> 'proposal_id')::uuid end;
begin
  if app.actor() ->> 'role' = 'system' then
    return null;
  end if;
  perform app.record_grading(confirming, 'risk_point', new.id, new.name, new.enterprise_id, new.area_code,
    case when confirming is not null then 'confirmed' else 'applied' end,
    app.risk_point_inputs(old), app.risk_point_inputs(new), old.level, new.level, ctx ->> 'reason');
  perform app.supersede_open_proposal('risk_point', new.id, confirming,
    'superseded: the risk point was re-assessed (level ' || new.level || ') before a decision');
  return null;
end
$$;

revoke execute on function app.record_risk_point_grading() from public, anon, authenticated;

create trigger risk_points_grading_history after update on public.risk_points
  for each row when ((old.method, old.lec_l, old.lec_e, old.lec_c, old.matrix_l, old.matrix_s, old.score, old.level)
    is distinct from (new.method, new.lec_l, new.lec_e, new.lec_c, new.matrix_l, new.matrix_s, new.score, new.level))
  execute function app.record_risk_point_grading();

-- A deleted record's open proposal has nothing left to decide.
create or replace function app.close_proposals_of_deleted() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform app.supersede_open_proposal(tg_argv[0], old.id, null, 'superseded: the record was deleted');
  return null;
end
$$;

create trigger risk_points_close_proposals after delete on public.risk_points
  for each row execute function app.close_proposals_of_deleted('risk_point');

create trigger hazard_sources_close_proposals after delete on public.hazard_sources
  for each row execute function app.close_proposals_of_deleted('hazard_source');

-- A number from the inputs object, refused by field name when it is not one.
create or replace function app.grading_input_number(inputs jsonb, key text) returns numeric
language plpgsql stable
set search_path = ''
as $$
begin
  if jsonb_typeof(inputs -> key) is distinct from 'number' then
    raise exception 'inputs.% must be a number (got %)', key, coalesce(inputs ->> key, 'nothing') using errcode = '22023';
  end if;
  return (inputs ->> key)::numeric;
end
$$;

-- RPC: submit a new assessment of a risk point. Raises and same-level changes (and every change
-- by a regulator of the area or an admin) take effect at once; an enterprise's lowering is
-- recorded as a pending proposal. SECURITY DEFINER to write the proposal tables, so the caller's
-- right to assess the point is checked here, row by row, as RLS would.
create or replace function public.propose_risk_assessment(risk_point_id uuid, inputs jsonb, reason text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  r public.risk_points;
  v_method text;
  res jsonb;
  new_inputs jsonb;
  v_level smallint;
  v_reason text;
  k text;
  p_id uuid;
  a jsonb := app.actor();
begin
  perform app.require_arg(risk_point_id, 'risk_point_id');
  if app.user_role() not in ('admin', 'service', 'regulator', 'enterprise') then
    raise exception 'only enterprises, regulators and admins may assess risk points (you are %)', app.user_role()
      using errcode = '42501';
  end if;
  if inputs is null or jsonb_typeof(inputs) <> 'object' then
    raise exception 'inputs must be a JSON object: {"method": "lec", "lec_l": …, "lec_e": …, "lec_c": …} or {"method": "matrix", "matrix_l": …, "matrix_s": …}'
      using errcode = '22023';
  end if;
  for k in select jsonb_object_keys(inputs) loop
    if k not in ('method', 'lec_l', 'lec_e', 'lec_c', 'matrix_l', 'matrix_s') then
      raise exception 'inputs.%: unknown field (expected method, lec_l, lec_e, lec_c, matrix_l, matrix_s)', left(k, 60)
        using errcode = '22023';
    end if;
  end loop;
  select * into r from public.risk_points x where x.id = propose_risk_assessment.risk_point_id for update;
  if not found or not app.may_write(r.area_code, r.enterprise_id, true) then
    raise exception 'risk point % not found or you may not assess it', risk_point_id using errcode = '42501';
  end if;
  v_method := coalesce(inputs ->> 'method', r.method::text);
  if v_method = 'lec' then
    res := public.lec_level(app.grading_input_number(inputs, 'lec_l'), app.grading_input_number(inputs, 'lec_e'),
      app.grading_input_number(inputs, 'lec_c'));
    new_inputs := jsonb_build_object('method', 'lec', 'lec_l', (inputs ->> 'lec_l')::numeric,
      'lec_e', (inputs ->> 'lec_e')::numeric, 'lec_c', (inputs ->> 'lec_c')::numeric, 'score', res -> 'd');
  elsif v_method = 'matrix' then
    if app.grading_input_number(inputs, 'matrix_l') <> trunc((inputs ->> 'matrix_l')::numeric)
       or app.grading_input_number(inputs, 'matrix_s') <> trunc((inputs ->> 'matrix_s')::numeric) then
      raise exception 'inputs.matrix_l and inputs.matrix_s must be whole numbers from 1 to 5' using errcode = '22023';
    end if;
    res := public.matrix_level(least(greatest((inputs ->> 'matrix_l')::numeric, -1), 99)::int,
      least(greatest((inputs ->> 'matrix_s')::numeric, -1), 99)::int);
    new_inputs := jsonb_build_object('method', 'matrix', 'matrix_l', (inputs ->> 'matrix_l')::int,
      'matrix_s', (inputs ->> 'matrix_s')::int, 'score', res -> 'r');
  else
    raise exception 'inputs.method must be "lec" or "matrix" (got %)', left(inputs ->> 'method', 60) using errcode = '22023';
  end if;
  v_level := (res ->> 'level')::smallint;
  if app.user_role() = 'enterprise' and v_level > r.level then
    v_reason := app.grading_text('reason', reason, true);
    perform app.supersede_open_proposal('risk_point', r.id, null,
      'superseded by a newer proposal');
    insert into public.grading_proposals (subject, subject_id, subject_name, enterprise_id, area_code, old_inputs,
      new_inputs, old_level, new_level, reason, proposed_by, proposed_email, proposed_role)
    values ('risk_point', r.id, r.name, r.enterprise_id, r.area_code, app.risk_point_inputs(r), new_inputs,
      r.level, v_level, v_reason, case when (a ->> 'id') ~* '^[0-9a-f-]{36}$' then (a ->> 'id')::uuid end,
      a ->> 'email', a ->> 'role')
    returning id into p_id;
    perform app.record_grading(p_id, 'risk_point', r.id, r.name, r.enterprise_id, r.area_code, 'proposed',
      app.risk_point_inputs(r), new_inputs, r.level, v_level, v_reason);
    return jsonb_build_object('status', 'pending', 'proposal_id', p_id, 'old_level', r.level, 'new_level', v_level,
      'level', r.level);
  end if;
  v_reason := app.grading_text('reason', reason, false);
  perform app.set_grading_context(jsonb_build_object('kind', 'applied', 'reason', v_reason));
  update public.risk_points x set method = v_method::public.assessment_method,
    lec_l = (new_inputs ->> 'lec_l')::numeric, lec_e = (new_inputs ->> 'lec_e')::numeric,
    lec_c = (new_inputs ->> 'lec_c')::numeric, matrix_l = (new_inputs ->> 'matrix_l')::smallint,
    matrix_s = (new_inputs ->> 'matrix_s')::smallint
  where x.id = r.id;
  perform app.set_grading_context(null);
  return jsonb_build_object('status', 'applied', 'old_level', r.level, 'new_level', v_level, 'level', v_level);
end
$$;

revoke execute on function public.propose_risk_assessment(uuid, jsonb, text) from public, anon;

grant execute on function public.propose_risk_assessment(uuid, jsonb, text) to authenticated, service_role;

revoke execute on function app.regrade_hazard_source(uuid) from public, anon, authenticated;

-- The grading columns are computed (GB 18218) or verified by regulators; α overrides are the
-- regulator's. An enterprise writing them through the API is refused by name. current_user is
-- 'authenticated' only for the API's own statements: the re-grade runs as the function owner.
create or replace function app.guard_hazard_source_grading() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user <> 'authenticated' or app.user_role() <> 'enterprise' then
    return new;
  end if;
  if (tg_op = 'INSERT' and (new.alpha_override is not null or new.alpha_override_reason is not null))
     or (tg_op = 'UPDATE' and (new.alpha_override, new.alpha_override_reason)
         is distinct from (old.alpha_override, old.alpha_override_reason)) then
    raise exception 'alpha_override: α overrides (and their reason) are set by the regulator of the area or an admin, not by the enterprise'
      using errcode = '42501', hint = 'Ask the regulator; α otherwise comes from the people within 500 m on the map.';
  end if;
  if (tg_op = 'INSERT' and (new.s_value is not null or new.is_major or new.major_grade is not null or new.alpha is not null
        or new.r_value is not null or new.exposed_population is not null or new.grading is not null or new.graded_at is not null))
     or (tg_op = 'UPDATE' and (new.s_value, new.is_major, new.major_grade, new.alpha, new.r_value, new.exposed_population,
        new.grading, new.graded_at) is distinct from (old.s_value, old.is_major, old.major_grade, old.alpha, old.r_value,
        old.exposed_population, old.grading, old.graded_at)) then
    raise exception 'major_grade: the grading of a major hazard source (s_value, is_major, major_grade, alpha, r_value, exposed_population, grading) is computed from its inventory by GB 18218 and verified by regulators; enterprises cannot set it'
      using errcode = '42501', hint = 'Change the inventory (hazard_source_inventory); a lower grade waits for the regulator''s confirmation.';
  end if;
  return new;
end
$$;

create trigger hazard_sources_grading_guard before insert or update on public.hazard_sources
  for each row execute function app.guard_hazard_source_grading();

-- A regulator's or admin's direct write of the verified grade (through the API, not the
-- re-grade, which runs as the function owner and records itself) is history too.
create or replace function app.record_hazard_grade_write() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform app.record_grading(null, 'hazard_source', new.id, new.name, new.enterprise_id, new.area_code, 'applied',
    old.grading, new.grading, old.major_grade, new.major_grade, null);
  perform app.supersede_open_proposal('hazard_source', new.id, null,
    'superseded: the grade was set directly (' || app.grade_label(new.major_grade) || ') before a decision');
  return null;
end
$$;

revoke execute on function app.record_hazard_grade_write() from public, anon, authenticated;

create trigger hazard_sources_grade_write_history after update on public.hazard_sources
  for each row when (current_user in ('authenticated', 'service_role')
    and (old.major_grade, old.is_major) is distinct from (new.major_grade, new.is_major))
  execute function app.record_hazard_grade_write();

-- ------------------------------------------------------------------ review
create or replace function public.review_assessment(proposal_id uuid, decision text, note text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  p public.grading_proposals;
  role text := app.user_role();
  v_note text;
  a jsonb := app.actor();
  n int;
  v_level smallint;
begin
  if role not in ('admin', 'service', 'regulator') then
    raise exception 'only the regulator of the area or an admin may confirm or refuse a grading proposal (you are %)', role
      using errcode = '42501';
  end if;
  if decision is null or decision not in ('confirm', 'refuse') then
    raise exception 'decision must be "confirm" or "refuse" (got %)', coalesce(left(decision, 40), 'nothing') using errcode = '22023';
  end if;
  select * into p from public.grading_proposals x where x.id = review_assessment.proposal_id for update;
  if not found then
    raise exception 'grading proposal % not found', proposal_id using errcode = '22023';
  end if;
  if role = 'regulator' and not coalesce(p.area_code like any (app.scope_patterns()), false) then
    raise exception 'grading proposal % concerns area % (%), outside your jurisdiction', proposal_id, p.area_code,
      coalesce(app.area_name(p.area_code), '?') using errcode = '42501';
  end if;
  if p.status <> 'pending' then
    raise exception 'grading proposal % is already % (at %): a decision is final', proposal_id, p.status, p.decided_at
      using errcode = '22023';
  end if;
  v_note := app.grading_text('note', note, decision = 'refuse');
  if decision = 'refuse' then
    update public.grading_proposals set status = 'refused', decided_at = now(), decision_note = v_note,
      decided_by = case when (a ->> 'id') ~* '^[0-9a-f-]{36}$' then (a ->> 'id')::uuid end,
      decided_email = a ->> 'email', decided_role = a ->> 'role'
    where id = p.id;
    perform app.record_grading(p.id, p.subject, p.subject_id, p.subject_name, p.enterprise_id, p.area_code, 'refused',
      p.old_inputs, p.new_inputs, p.old_level, p.new_level, v_note);
    return jsonb_build_object('proposal_id', p.id, 'status', 'refused', 'level', p.old_level);
  end if;
  perform app.set_grading_context(jsonb_build_object('kind', 'confirmed', 'proposal_id', p.id,
    'subject_id', p.subject_id, 'reason', coalesce(v_note, p.reason)));
  if p.subject = 'risk_point' then
    update public.risk_points x set method = (p.new_inputs ->> 'method')::public.assessment_method,
      lec_l = (p.new_inputs ->> 'lec_l')::numeric, lec_e = (p.new_inputs ->> 'lec_e')::numeric,
      lec_c = (p.new_inputs ->> 'lec_c')::numeric, matrix_l = (p.new_inputs ->> 'matrix_l')::smallint,
      matrix_s = (p.new_inputs ->> 'matrix_s')::smallint
    where x.id = p.subject_id
    returning x.level into v_level;
    get diagnostics n = row_count;
  else
    perform app.regrade_hazard_source(p.subject_id);
    select x.major_grade into v_level from public.hazard_sources x where x.id = p.subject_id;
    get diagnostics n = row_count;
  end if;
  perform app.set_grading_context(null);
  if n = 0 then
    raise exception 'the % of grading proposal % no longer exists', replace(p.subject, '_', ' '), proposal_id using errcode = '22023';
  end if;
  update public.grading_proposals set status = 'confirmed', decided_at = now(), decision_note = v_note,
    decided_by = case when (a ->> 'id') ~* '^[0-9a-f-]{36}$' then (a ->> 'id')::uuid end,
    decided_email = a ->> 'email', decided_role = a ->> 'role'
  where id = p.id;
  return jsonb_build_object('proposal_id', p.id, 'status', 'confirmed', 'level', v_level);
end
$$;

revoke execute on function public.review_assessment(uuid, text, text) from public, anon;

grant execute on function public.review_assessment(uuid, text, text) to authenticated, service_role;

-- The review queue: pending proposals the caller may see, oldest first, with everything the
-- reviewer needs on one row. E-mails only for admins, the command centre, the service role and
-- the regulator of the area; others see the role.
create or replace function public.grading_review_queue(max_rows int default 200)
returns jsonb
language plpgsql stable
security definer
set search_path = ''
as $$
declare
  result jsonb;
begin
  perform app.require_arg(max_rows, 'max_rows');
  if app.user_role() not in ('admin', 'service', 'command', 'regulator', 'enterprise') then
    raise exception 'the grading review queue is for regulators, admins, the command centre and enterprises (you are %)', app.user_role()
      using errcode = '42501';
  end if;
  if max_rows is null or max_rows not between 1 and 1000 then
    raise exception 'max_rows must be between 1 and 1000 (got %)', max_rows using errcode = '22023';
  end if;
  select coalesce(jsonb_agg(q.j order by q.at), '[]') into result from (
    select p.proposed_at as at, jsonb_build_object('id', p.id, 'subject', p.subject, 'subject_id', p.subject_id,
      'subject_name', p.subject_name, 'enterprise_id', p.enterprise_id, 'enterprise_name', e.name,
      'area_code', p.area_code, 'area_name', app.area_name(p.area_code),
      'old_inputs', p.old_inputs, 'new_inputs', p.new_inputs, 'old_level', p.old_level, 'new_level', p.new_level,
      'reason', p.reason, 'proposed_role', p.proposed_role,
      'proposed_email', case when app.user_role() <> 'enterprise' then p.proposed_email end,
      'proposed_at', p.proposed_at,
      'may_review', app.user_role() in ('admin', 'service', 'regulator')) as j
    from public.grading_proposals p
    left join public.enterprises e on e.id = p.enterprise_id
    where p.status = 'pending' and app.reads_grading(p.area_code, p.enterprise_id)
    order by p.proposed_at
    limit max_rows) q;
  return result;
end
$$;

revoke execute on function public.grading_review_queue(int) from public, anon;

grant execute on function public.grading_review_queue(int) to authenticated, service_role;

-- Internal writers of the proposal tables: reached only from the definer functions above.
revoke execute on function app.record_grading(uuid, text, uuid, text, uuid, text, text, jsonb, jsonb, smallint, smallint, text),
  app.supersede_open_proposal(text, uuid, uuid, text), app.set_grading_context(jsonb),
  app.close_proposals_of_deleted(), app.record_risk_point_grading()
  from public, anon, authenticated;
