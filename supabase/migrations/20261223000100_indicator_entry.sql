-- Entering the plans' denominators and targets on #/indicators (issue 16, the entry forms).
--
--   indicator_denominator_history(area_code, year)
--                               every recorded figure of an area and year, newest first, with the
--                               figure it replaced, its source and who recorded it (their name,
--                               and their role); signed-in staff, as the table's read policy
--   set_plan_target(target jsonb)
--                               adds or replaces one target (plan, area, indicator, year) in one of
--                               its three forms, each refusal with a clear message. Admins and the
--                               service role anywhere; regulators inside their jurisdiction (the
--                               district's 应急管理局 enters its own plan and the city's quota).
--                               Planners, the command centre, enterprises and the public may not.
-- The table's own policy stays admin-only for direct writes: regulators write through the RPC only.

-- indicator_denominator_history(area_code, year) → every figure recorded for the area and year
-- (all kinds), newest first, each with the figure it replaced (previous_value, null for the first),
-- its source and vintage, when and by whom (the account's display name, else its e-mail; null
-- for the demo loader and imports, and for enterprise callers) and in which role. At most 500 rows.
create or replace function public.indicator_denominator_history(area_code text, year int)
returns table (id bigint, kind text, value numeric, previous_value numeric, source text, vintage text, recorded_at timestamptz,
  recorded_by_name text, recorded_by_role text, is_demo boolean)
language plpgsql stable security definer
set search_path = ''
as $$
begin
  perform app.require_staff('indicator_denominator_history');
  perform app.require_arg(area_code, 'area_code');
  perform app.require_arg(year, 'year');
  if year not between 1990 and 2100 then
    raise exception 'year：须在 1990 到 2100 之间（收到 %） / year must be between 1990 and 2100 (got %)', year, year using errcode = '22023';
  end if;
  return query
    -- enterprises see the recorder's role, not the account's name
    select h.id, h.kind, h.value, h.previous_value, h.source, h.vintage, h.recorded_at,
      case when app.user_role() = 'enterprise' then null else h.who end, h.who_role, h.is_demo
    from (
      select d.id, d.kind, d.value, d.source, d.vintage, d.recorded_at, d.is_demo,
        lag(d.value) over (partition by d.kind order by d.recorded_at, d.id) as previous_value,
        coalesce(nullif(u.raw_user_meta_data ->> 'name', ''), u.email)::text as who,
        case when u.id is not null then app.role_label(u.raw_app_meta_data ->> 'app_role') end as who_role
      from public.indicator_denominators d
      left join auth.users u on u.id = d.recorded_by
      where d.area_code = indicator_denominator_history.area_code and d.year = indicator_denominator_history.year
    ) h
    order by h.recorded_at desc, h.id desc
    limit 500;
end
$$;

revoke execute on function public.indicator_denominator_history(text, int) from public, anon;
grant execute on function public.indicator_denominator_history(text, int) to authenticated, service_role;

-- A number field of a target document: absent or null → null; otherwise a JSON number within
-- [lo, hi], refused by name with its Chinese label.
create or replace function app.plan_target_number(doc jsonb, key text, label text, lo numeric, hi numeric) returns numeric
language plpgsql immutable
set search_path = ''
as $$
declare
  v jsonb := doc -> key;
  n numeric;
begin
  if v is null or v = 'null'::jsonb then
    return null;
  end if;
  if jsonb_typeof(v) <> 'number' then
    raise exception '%（%）：须为数字（收到 %） / % must be a number (got %)', key, label, v, key, v using errcode = '22023', detail = 'field: ' || key;
  end if;
  n := v::text::numeric;
  if n < lo or n > hi then
    raise exception '%（%）：须在 % 到 % 之间（收到 %） / % must be between % and % (got %)', key, label, lo, hi, n, key, lo, hi, n
      using errcode = '22023', detail = 'field: ' || key;
  end if;
  return n;
end
$$;

-- set_plan_target(target jsonb) → the stored target. Keys: plan_code, plan_name, period, area_code,
-- indicator, year, target_kind ('cap' | 'reduction' | 'quota'), cap, reduction_pct, base_year,
-- quota, denominator_kind (vehicle rate only), borrowed_from, note. A target of the same plan,
-- area, indicator and year is replaced.
create or replace function public.set_plan_target(target jsonb)
returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  allowed constant text[] := array['plan_code', 'plan_name', 'period', 'area_code', 'indicator', 'year', 'target_kind', 'cap',
    'reduction_pct', 'base_year', 'quota', 'denominator_kind', 'borrowed_from', 'note'];
  indicators constant text[] := array['deaths_per_100m_gdp', 'deaths_per_100k_imt_workers', 'deaths_per_10k_vehicles',
    'deaths_per_10k_special_equipment', 'accidents', 'deaths', 'larger_accidents'];
  role text := app.user_role();
  k text;
  v_plan text;
  v_name text;
  v_area text;
  v_indicator text;
  v_kind text;
  v_year numeric;
  v_cap numeric;
  v_pct numeric;
  v_base numeric;
  v_quota numeric;
  v_dk text;
  rec public.plan_targets;
begin
  if role not in ('admin', 'service', 'regulator') then
    raise exception '只有管理员和监管部门可以录入规划目标（当前角色 %） / only admins and regulators enter plan targets (role %)', role, role
      using errcode = '42501';
  end if;
  perform app.require_arg(target, 'target');
  if jsonb_typeof(target) <> 'object' then
    raise exception 'target：须为对象，如 {"plan_code": "004", …} / target must be a JSON object' using errcode = '22023';
  end if;
  if octet_length(target::text) > 8192 then
    raise exception 'target：过大，最多 8192 字节 / target is too large: at most 8192 bytes' using errcode = '22023';
  end if;
  for k in select jsonb_object_keys(target) loop
    if not (k = any (allowed)) then
      raise exception '未知字段 %（可用：%） / unknown key % (known: %)', k, array_to_string(allowed, ', '), k, array_to_string(allowed, ', ')
        using errcode = '22023', detail = 'field: ' || k;
    end if;
  end loop;
  for k in select unnest(array['plan_code', 'plan_name', 'period', 'area_code', 'indicator', 'target_kind', 'denominator_kind', 'borrowed_from', 'note']) loop
    if target ? k and jsonb_typeof(target -> k) not in ('string', 'null') then
      raise exception '%：须为文字（收到 %） / % must be a string (got %)', k, target -> k, k, target -> k using errcode = '22023', detail = 'field: ' || k;
    end if;
  end loop;

  v_plan := btrim(coalesce(target ->> 'plan_code', ''));
  if v_plan !~ '^[A-Za-z0-9_-]{1,40}$' then
    raise exception 'plan_code（规划编号）：须为 1–40 个字母、数字、- 或 _（收到 “%”） / plan_code must be 1–40 letters, digits, - or _ (got "%")', v_plan, v_plan
      using errcode = '22023', detail = 'field: plan_code';
  end if;
  v_name := btrim(coalesce(target ->> 'plan_name', ''));
  if length(v_name) < 2 or length(v_name) > 200 then
    raise exception 'plan_name（规划名称）：须为 2–200 个字 / plan_name must be 2–200 characters' using errcode = '22023', detail = 'field: plan_name';
  end if;
  v_area := target ->> 'area_code';
  if v_area is null or not exists (select 1 from public.areas a where a.code = v_area) then
    raise exception 'area_code：没有此行政区划 % / area_code: no area %', coalesce(v_area, '（空）'), coalesce(v_area, '(none)')
      using errcode = '22023', detail = 'field: area_code';
  end if;
  if role = 'regulator' and not (v_area like any (app.scope_patterns())) then
    raise exception 'area_code：% 不在你的辖区内 / area % is outside your jurisdiction', v_area, v_area using errcode = '42501', detail = 'field: area_code';
  end if;
  v_indicator := target ->> 'indicator';
  if v_indicator is null or not (v_indicator = any (indicators)) then
    raise exception 'indicator：未知指标 %（可用：%） / indicator % is not one of %', coalesce(v_indicator, '（空）'), array_to_string(indicators, ', '),
      coalesce(v_indicator, '(none)'), array_to_string(indicators, ', ') using errcode = '22023', detail = 'field: indicator';
  end if;
  v_year := app.plan_target_number(target, 'year', '目标年份', 1990, 2100);
  if v_year is null or v_year <> trunc(v_year) then
    raise exception 'year（目标年份）：必填，须为 1990 到 2100 之间的整数 / year is required: a whole number from 1990 to 2100' using errcode = '22023', detail = 'field: year';
  end if;
  v_kind := target ->> 'target_kind';
  if v_kind is null or v_kind not in ('cap', 'reduction', 'quota') then
    raise exception 'target_kind：目标形式须为 cap（上限）、reduction（较基准年下降）或 quota（控制指标）（收到 %） / target_kind must be cap, reduction or quota (got %)',
      coalesce(v_kind, '（空）'), coalesce(v_kind, '(none)') using errcode = '22023', detail = 'field: target_kind';
  end if;
  v_cap := app.plan_target_number(target, 'cap', '控制上限', 0, 1000000000);
  v_pct := app.plan_target_number(target, 'reduction_pct', '下降百分比', 0, 100);
  v_base := app.plan_target_number(target, 'base_year', '基准年', 1990, 2100);
  v_quota := app.plan_target_number(target, 'quota', '控制指标', 0, 1000000);
  if v_kind = 'cap' then
    if v_cap is null then
      raise exception 'cap（控制上限）：上限形式的目标须填写上限值 / a cap target needs cap' using errcode = '22023', detail = 'field: cap';
    end if;
    if v_pct is not null or v_base is not null or v_quota is not null then
      raise exception '上限形式的目标只填 cap，不填下降百分比、基准年或控制指标 / a cap target takes cap only (no reduction_pct, base_year or quota)' using errcode = '22023', detail = 'field: target_kind';
    end if;
  elsif v_kind = 'reduction' then
    if v_pct is null or v_pct <= 0 or v_pct >= 100 then
      raise exception 'reduction_pct（下降百分比）：须大于 0、小于 100 / reduction_pct must be above 0 and below 100' using errcode = '22023', detail = 'field: reduction_pct';
    end if;
    if v_base is null or v_base <> trunc(v_base) or v_base >= v_year then
      raise exception 'base_year（基准年）：须为早于目标年份 % 的整数年份 / base_year must be a whole year before the target year %', v_year, v_year
        using errcode = '22023', detail = 'field: base_year';
    end if;
    if v_cap is not null or v_quota is not null then
      raise exception '下降形式的目标只填下降百分比和基准年 / a reduction target takes reduction_pct and base_year only' using errcode = '22023', detail = 'field: target_kind';
    end if;
  else
    if v_indicator not in ('accidents', 'deaths', 'larger_accidents') then
      raise exception '控制指标（quota）只适用于事故起数、死亡人数和较大以上事故起数，不适用于 % / a quota applies to counts (accidents, deaths, larger_accidents), not %', v_indicator, v_indicator
        using errcode = '22023', detail = 'field: target_kind';
    end if;
    if v_quota is null or v_quota <> trunc(v_quota) then
      raise exception 'quota（控制指标）：须为 0 到 1000000 的整数 / quota must be a whole number from 0 to 1000000' using errcode = '22023', detail = 'field: quota';
    end if;
    if v_cap is not null or v_pct is not null or v_base is not null then
      raise exception '控制指标形式的目标只填 quota / a quota target takes quota only' using errcode = '22023', detail = 'field: target_kind';
    end if;
  end if;
  v_dk := nullif(target ->> 'denominator_kind', '');
  if v_dk is not null and v_indicator <> 'deaths_per_10k_vehicles' then
    raise exception 'denominator_kind：只有万车死亡率可选分母（机动车或营运车辆） / denominator_kind applies to deaths_per_10k_vehicles only' using errcode = '22023', detail = 'field: denominator_kind';
  end if;
  if v_dk is not null and v_dk not in ('motor_vehicles', 'operating_vehicles') then
    raise exception 'denominator_kind：须为 motor_vehicles（机动车）或 operating_vehicles（营运车辆）（收到 %） / denominator_kind must be motor_vehicles or operating_vehicles (got %)', v_dk, v_dk
      using errcode = '22023', detail = 'field: denominator_kind';
  end if;

  insert into public.plan_targets as p (plan_code, plan_name, period, area_code, indicator, year, target_kind, cap, reduction_pct, base_year,
    quota, denominator_kind, borrowed_from, note)
  values (v_plan, v_name, nullif(btrim(coalesce(target ->> 'period', '')), ''), v_area, v_indicator, v_year::int, v_kind, v_cap, v_pct, v_base::int,
    v_quota, v_dk, nullif(btrim(coalesce(target ->> 'borrowed_from', '')), ''), nullif(btrim(coalesce(target ->> 'note', '')), ''))
  on conflict (plan_code, area_code, indicator, year) do update set
    plan_name = excluded.plan_name, period = excluded.period, target_kind = excluded.target_kind, cap = excluded.cap,
    reduction_pct = excluded.reduction_pct, base_year = excluded.base_year, quota = excluded.quota,
    denominator_kind = excluded.denominator_kind, borrowed_from = excluded.borrowed_from, note = excluded.note, is_demo = false
  returning * into rec;
  return to_jsonb(rec);
end
$$;

revoke execute on function public.set_plan_target(jsonb) from public, anon;
grant execute on function public.set_plan_target(jsonb) to authenticated, service_role;
