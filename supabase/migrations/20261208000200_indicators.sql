-- The plans' indicators (issue 16, second slice): denominators with their history, plan targets
-- in their three forms, and indicator_values(area_code, year), where an area stands against them.
--
--   indicator_denominators  area × year × kind (GDP in 亿元, 工矿商贸 employees, motor vehicles,
--                           operating vehicles, special-equipment units, population), each with its
--                           source and vintage; append-only: a revision (GDP after an economic
--                           census) is a new row, the newest one counts, the older ones stay
--   plan_targets            per plan (name, period, area), indicator and year: a cap, a reduction %
--                           against a base year, or a quota; admins write them
--
-- Rates are computed by summing numerators and denominators over the area and everything inside
-- it first, then dividing; rates are never averaged. An area's denominator is its own figure when
-- recorded, else the sum of its children's when every child has one, else missing: then value is
-- null and status 'no_denominator' (never 0, never infinity).

create table public.indicator_denominators (
  id bigint generated always as identity primary key,
  area_code text not null references public.areas(code),
  year int not null check (year between 1990 and 2100),
  kind text not null check (kind in ('gdp_100m_yuan', 'imt_employees', 'motor_vehicles', 'operating_vehicles',
    'special_equipment_units', 'population')),
  value numeric not null check (value > 0),
  source text not null,
  -- which release of the figure: e.g. '2021 年统计年鉴', '第四次经济普查修订'
  vintage text,
  recorded_at timestamptz not null default now(),
  recorded_by uuid default auth.uid(),
  is_demo boolean not null default false
);

comment on table public.indicator_denominators is
  'Denominators of the plan indicators per area, year and kind, with source and vintage. Append-only: the newest row of (area, year, kind) counts; revisions keep the history. Written through set_indicator_denominator.';

create index indicator_denominators_key_idx on public.indicator_denominators (area_code, year, kind, recorded_at desc, id desc);

create trigger indicator_denominators_append_only before update or delete on public.indicator_denominators
  for each row execute function app.refuse_change('指标分母只可追加，修订请新增一条 / indicator_denominators is append-only (%s refused): a revision is a new row',
    'set_indicator_denominator(area_code, year, kind, value, source)');

create table public.plan_targets (
  id uuid primary key default gen_random_uuid(),
  plan_code text not null check (plan_code ~ '^[A-Za-z0-9_-]{1,40}$'),
  plan_name text not null,
  period text,
  area_code text not null references public.areas(code),
  indicator text not null check (indicator in ('deaths_per_100m_gdp', 'deaths_per_100k_imt_workers', 'deaths_per_10k_vehicles',
    'deaths_per_10k_special_equipment', 'accidents', 'deaths', 'larger_accidents')),
  year int not null check (year between 1990 and 2100),
  target_kind text not null check (target_kind in ('cap', 'reduction', 'quota')),
  cap numeric check (cap >= 0),
  reduction_pct numeric check (reduction_pct > 0 and reduction_pct < 100),
  base_year int check (base_year between 1990 and 2100),
  quota numeric check (quota >= 0),
  -- the vehicle rate's denominator: motor vehicles (万车) or operating vehicles (营运车辆, 汕尾)
  denominator_kind text check (denominator_kind in ('motor_vehicles', 'operating_vehicles')),
  -- a target taken from another place's plan for the demo city says so here
  borrowed_from text,
  note text,
  is_demo boolean not null default false,
  updated_at timestamptz not null default now(),
  constraint plan_targets_form check (
    target_kind = 'cap' and cap is not null and reduction_pct is null and base_year is null and quota is null
    or target_kind = 'reduction' and reduction_pct is not null and base_year is not null and base_year < year and cap is null and quota is null
    or target_kind = 'quota' and quota is not null and cap is null and reduction_pct is null and base_year is null),
  constraint plan_targets_quota_counts check (target_kind <> 'quota' or indicator in ('accidents', 'deaths', 'larger_accidents')),
  constraint plan_targets_vehicle_denominator check (denominator_kind is null or indicator = 'deaths_per_10k_vehicles'),
  unique (plan_code, area_code, indicator, year)
);

comment on table public.plan_targets is
  'Targets of the safety plans per plan, area, indicator and year: cap (value ≤ cap), reduction (value ≤ base-year value × (1 − pct/100)) or quota (count ≤ quota). Admins write them.';

create trigger plan_targets_touch before insert or update on public.plan_targets
  for each row execute function app.touch_updated_at();

insert into app.input_limits (relation, col, kind, label_zh, required, min_len, max_len) values
  ('indicator_denominators', 'source', 'text', '数据来源', true, 2, 200),
  ('indicator_denominators', 'vintage', 'text', '数据版本', false, null, 100),
  ('plan_targets', 'plan_name', 'text', '规划名称', true, 2, 200),
  ('plan_targets', 'period', 'text', '规划期', false, null, 50),
  ('plan_targets', 'borrowed_from', 'text', '目标来源', false, null, 200),
  ('plan_targets', 'note', 'text', '备注', false, null, 1000);

insert into app.input_limits (relation, col, kind, label_zh, min_num, max_num) values
  ('indicator_denominators', 'value', 'number', '分母数值', 0, 1000000000000),
  ('indicator_denominators', 'year', 'number', '年份', 1990, 2100),
  ('plan_targets', 'cap', 'number', '控制上限', 0, 1000000000),
  ('plan_targets', 'reduction_pct', 'number', '下降百分比', 0, 100),
  ('plan_targets', 'quota', 'number', '控制指标', 0, 1000000),
  ('plan_targets', 'year', 'number', '年份', 1990, 2100),
  ('plan_targets', 'base_year', 'number', '基准年', 1990, 2100);

select app.install_input_limits('indicator_denominators');
select app.install_input_limits('plan_targets');

alter table public.indicator_denominators enable row level security;
alter table public.plan_targets enable row level security;

revoke all on public.indicator_denominators, public.plan_targets from anon;
revoke insert, update, delete, truncate on public.indicator_denominators from authenticated, service_role;
grant select on public.indicator_denominators to authenticated, service_role;
grant select, insert, update, delete on public.plan_targets to authenticated;

-- Statistics and targets are public documents: every staff role reads them.
create policy indicator_denominators_read on public.indicator_denominators for select to authenticated
  using ((select app.is_staff()));

create policy plan_targets_read on public.plan_targets for select to authenticated
  using ((select app.is_staff()));

create policy plan_targets_admin_write on public.plan_targets for all to authenticated
  using ((select app.user_role()) = 'admin') with check ((select app.user_role()) = 'admin');

-- set_indicator_denominator(area_code, year, kind, value, source) → the stored figure and the one it
-- replaces. Admins and the service role anywhere, regulators inside their area.
create or replace function public.set_indicator_denominator(area_code text, year int, kind text, value numeric, source text)
returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  kinds constant text[] := array['gdp_100m_yuan', 'imt_employees', 'motor_vehicles', 'operating_vehicles', 'special_equipment_units', 'population'];
  role text := app.user_role();
  prev numeric;
  rec public.indicator_denominators;
begin
  perform app.require_arg(area_code, 'area_code');
  perform app.require_arg(year, 'year');
  perform app.require_arg(kind, 'kind');
  perform app.require_arg(value, 'value');
  perform app.require_arg(source, 'source');
  if role not in ('admin', 'service', 'regulator') then
    raise exception '只有管理员和监管部门可以录入指标分母（当前角色 %） / only admins and regulators record indicator denominators (role %)', role, role
      using errcode = '42501';
  end if;
  if not exists (select 1 from public.areas a where a.code = set_indicator_denominator.area_code) then
    raise exception 'area_code：没有此行政区划 % / area_code: no area %', area_code, area_code using errcode = '22023', detail = 'field: area_code';
  end if;
  if role = 'regulator' and not (area_code like any (app.scope_patterns())) then
    raise exception 'area_code：% 不在你的辖区内 / area % is outside your jurisdiction', area_code, area_code using errcode = '42501', detail = 'field: area_code';
  end if;
  if year not between 1990 and 2100 then
    raise exception 'year：须在 1990 到 2100 之间（收到 %） / year must be between 1990 and 2100 (got %)', year, year using errcode = '22023', detail = 'field: year';
  end if;
  if not (kind = any (kinds)) then
    raise exception 'kind：未知的分母类型 %（可用：%） / kind % is not one of %', kind, array_to_string(kinds, ', '), kind, array_to_string(kinds, ', ')
      using errcode = '22023', detail = 'field: kind';
  end if;
  if value = 'NaN'::numeric or value <= 0 or value > 1000000000000 then
    raise exception 'value：须为大于 0 的数（收到 %） / value must be a number above 0 (got %)', value, value using errcode = '22023', detail = 'field: value';
  end if;
  select d.value into prev from public.indicator_denominators d
  where d.area_code = set_indicator_denominator.area_code and d.year = set_indicator_denominator.year and d.kind = set_indicator_denominator.kind
  order by d.recorded_at desc, d.id desc limit 1;
  insert into public.indicator_denominators (area_code, year, kind, value, source)
  values (set_indicator_denominator.area_code, set_indicator_denominator.year, set_indicator_denominator.kind, set_indicator_denominator.value, set_indicator_denominator.source)
  returning * into rec;
  return jsonb_build_object('id', rec.id, 'area_code', rec.area_code, 'year', rec.year, 'kind', rec.kind, 'value', rec.value,
    'source', rec.source, 'recorded_at', rec.recorded_at, 'previous_value', prev);
end
$$;

revoke execute on function public.set_indicator_denominator(text, int, text, numeric, text) from public, anon;
grant execute on function public.set_indicator_denominator(text, int, text, numeric, text) to authenticated, service_role;

-- An area's denominator: its own newest figure, else the sum of its children's when every child
-- has one (recursively), else null.
create or replace function app.indicator_denominator(code text, yr int, kind text) returns numeric
language plpgsql stable
set search_path = ''
as $$
declare
  own numeric;
  total numeric := 0;
  child text;
  v numeric;
  n int := 0;
begin
  select d.value into own from public.indicator_denominators d
  where d.area_code = code and d.year = yr and d.kind = indicator_denominator.kind
  order by d.recorded_at desc, d.id desc limit 1;
  if own is not null then
    return own;
  end if;
  for child in select a.code from public.areas a where a.parent_code = indicator_denominator.code order by a.code loop
    v := app.indicator_denominator(child, yr, kind);
    if v is null then
      return null;
    end if;
    total := total + v;
    n := n + 1;
  end loop;
  return case when n > 0 then total end;
end
$$;

-- Numerators of one area (and everything inside it) and one Beijing year, up to `until`.
create or replace function app.accident_numerators(code text, yr int, until timestamptz)
returns table (accidents numeric, deaths numeric, larger_accidents numeric, imt_deaths numeric, road_deaths numeric, special_equipment_deaths numeric)
language sql stable
set search_path = ''
as $$
  select count(*)::numeric, coalesce(sum(a.deaths), 0)::numeric, (count(*) filter (where a.grade <= 3))::numeric,
    coalesce(sum(a.deaths) filter (where s.is_imt), 0)::numeric,
    coalesce(sum(a.deaths) filter (where a.sector_code = 'road_traffic'), 0)::numeric,
    coalesce(sum(a.deaths) filter (where a.sector_code = 'special_equipment'), 0)::numeric
  from public.accidents a
  join public.accident_sectors s on s.code = a.sector_code
  where a.area_code like app.code_prefix(accident_numerators.code) || '%'
    and a.occurred_at >= app.beijing_year_start(yr)
    and a.occurred_at < least(app.beijing_year_start(yr + 1), until)
$$;

-- One indicator's numerator, denominator and value for an area and a year (full year, or up to
-- now for the current one).
create or replace function app.indicator_figures(code text, yr int, indicator text, vehicle_kind text)
returns table (numerator numeric, denominator numeric, value numeric, denominator_kind text, per numeric)
language plpgsql stable
set search_path = ''
as $$
declare
  n record;
  dk text;
  mult numeric;
begin
  select * into n from app.accident_numerators(code, yr, 'infinity'::timestamptz);
  case indicator
    when 'accidents' then return query select n.accidents, null::numeric, n.accidents, null::text, null::numeric; return;
    when 'deaths' then return query select n.deaths, null::numeric, n.deaths, null::text, null::numeric; return;
    when 'larger_accidents' then return query select n.larger_accidents, null::numeric, n.larger_accidents, null::text, null::numeric; return;
    when 'deaths_per_100m_gdp' then numerator := n.deaths; dk := 'gdp_100m_yuan'; mult := 1;
    when 'deaths_per_100k_imt_workers' then numerator := n.imt_deaths; dk := 'imt_employees'; mult := 100000;
    when 'deaths_per_10k_vehicles' then numerator := n.road_deaths; dk := coalesce(vehicle_kind, 'motor_vehicles'); mult := 10000;
    when 'deaths_per_10k_special_equipment' then numerator := n.special_equipment_deaths; dk := 'special_equipment_units'; mult := 10000;
  end case;
  denominator := app.indicator_denominator(code, yr, dk);
  return query select numerator, denominator,
    case when denominator is not null and denominator > 0 then round(numerator * mult / denominator, 4) end, dk, mult;
end
$$;

-- indicator_values(area_code, year) → one row per indicator: the numerator and denominator summed
-- over the area and everything inside it, the value, the target (from plan_targets of that area and
-- year, the first plan by code when several set one) and its form, the status and, for the
-- current year, the figures projected to the year's end (the numerator scaled by the elapsed share
-- of the year; the denominator is the year's).
--   status: no_denominator (a rate without its denominator: value null), no_target, and for a past
--   year met / not_met, for the current year on_track / off_track (by the projection).
-- Who: signed-in staff (aggregates only, no names).
create or replace function public.indicator_values(area_code text, year int)
returns table (indicator text, numerator numeric, denominator numeric, denominator_kind text, value numeric, target numeric,
  target_kind text, base_year int, base_value numeric, quota numeric, plan_name text, borrowed_from text, status text,
  projected_numerator numeric, projected_value numeric, year_elapsed numeric)
language plpgsql stable security definer
set search_path = ''
as $$
declare
  ind text;
  t public.plan_targets;
  f record;
  b record;
  now_year int := extract(year from (now() at time zone 'UTC') + interval '8 hours')::int;
  elapsed numeric;
begin
  perform app.require_staff('indicator_values');
  perform app.require_arg(area_code, 'area_code');
  perform app.require_arg(year, 'year');
  if not exists (select 1 from public.areas a where a.code = indicator_values.area_code) then
    raise exception 'area_code：没有此行政区划 % / area_code: no area %', area_code, area_code using errcode = '22023';
  end if;
  if year < 1990 or year > now_year then
    raise exception 'year：须在 1990 到 % 之间（收到 %） / year must be between 1990 and % (got %)', now_year, year, now_year, year using errcode = '22023';
  end if;
  if year = now_year then
    elapsed := round(extract(epoch from now() - app.beijing_year_start(year))::numeric
      / extract(epoch from app.beijing_year_start(year + 1) - app.beijing_year_start(year))::numeric, 6);
  end if;
  foreach ind in array array['deaths_per_100m_gdp', 'deaths_per_100k_imt_workers', 'deaths_per_10k_vehicles',
      'deaths_per_10k_special_equipment', 'accidents', 'deaths', 'larger_accidents'] loop
    select * into t from public.plan_targets p
    where p.area_code = indicator_values.area_code and p.year = indicator_values.year and p.indicator = ind
    order by p.plan_code limit 1;
    select * into f from app.indicator_figures(area_code, year, ind, t.denominator_kind);
    indicator := ind;
    numerator := f.numerator;
    denominator := f.denominator;
    denominator_kind := f.denominator_kind;
    value := f.value;
    target_kind := t.target_kind;
    base_year := t.base_year;
    quota := t.quota;
    plan_name := t.plan_name;
    borrowed_from := t.borrowed_from;
    base_value := null;
    target := null;
    year_elapsed := elapsed;
    projected_numerator := case when elapsed > 0 then round(f.numerator / elapsed, 4) end;
    projected_value := case when elapsed > 0 and f.denominator_kind is null then round(f.numerator / elapsed, 4)
      when elapsed > 0 and f.denominator > 0 then round(f.numerator / elapsed * f.per / f.denominator, 4) end;
    if t.target_kind = 'cap' then
      target := t.cap;
    elsif t.target_kind = 'quota' then
      target := t.quota;
    elsif t.target_kind = 'reduction' then
      select * into b from app.indicator_figures(area_code, t.base_year, ind, t.denominator_kind);
      base_value := b.value;
      target := round(b.value * (1 - t.reduction_pct / 100), 4);
    end if;
    status := case
      when f.denominator_kind is not null and f.denominator is null then 'no_denominator'
      when t.id is null then 'no_target'
      when t.target_kind = 'reduction' and base_value is null then 'no_denominator'
      when elapsed is not null then case when projected_value <= target then 'on_track' else 'off_track' end
      when value <= target then 'met'
      else 'not_met'
    end;
    return next;
  end loop;
end
$$;

revoke execute on function public.indicator_values(text, int) from public, anon;
grant execute on function public.indicator_values(text, int) to authenticated, service_role;
