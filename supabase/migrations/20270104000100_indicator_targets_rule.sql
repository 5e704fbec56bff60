-- Several plans setting a target for the same area, indicator and year (issue 16): until now
-- indicator_values took the first plan by code and ignored the rest. An area answers to every plan
-- that applies to it, so:
--   * an area's own targets (borrowed_from null) apply; a target borrowed from another place's plan
--     (the demo city's) applies only where the area has none of its own for that indicator and year;
--   * each applying target is judged on its own figures (a vehicle rate against motor vehicles or
--     operating vehicles, a reduction against its own base year);
--   * the one that decides — reported in the row's target columns and status — is the one the area
--     is furthest from meeting: not met / off track before met / on track, then the highest value
--     against the target (the tightest), then plan code; a target that cannot be judged (no
--     denominator, no base value) decides only when no other can be judged; a target on another
--     denominator than the indicator's own (the road rate per operating vehicle, 汕尾) decides only
--     where no target on the indicator's own applies, so the card's figure and the trend stay one series;
--   * the others come in other_targets (jsonb, plan code order) with their own figures and status,
--     so the card can say "also 汕尾 −13 %: met".
-- Return type grows by other_targets: dropped and recreated (indicator_trend and
-- indicator_by_district call it by name and pick their columns, so they need no change).

drop function if exists public.indicator_values(text, int);

-- One target judged for an area and year: its figures, its threshold and its status.
create or replace function app.indicator_target_judgement(code text, yr int, ind text, t public.plan_targets, elapsed numeric)
returns table (numerator numeric, denominator numeric, denominator_kind text, value numeric, target numeric, base_value numeric,
  status text, projected_numerator numeric, projected_value numeric, tightness numeric)
language plpgsql stable
set search_path = ''
as $$
declare
  f record;
  b record;
begin
  select * into f from app.indicator_figures(code, yr, ind, t.denominator_kind);
  numerator := f.numerator;
  denominator := f.denominator;
  denominator_kind := f.denominator_kind;
  value := f.value;
  projected_numerator := case when elapsed > 0 then round(f.numerator / elapsed, 4) end;
  projected_value := case when elapsed > 0 and f.denominator_kind is null then round(f.numerator / elapsed, 4)
    when elapsed > 0 and f.denominator > 0 then round(f.numerator / elapsed * f.per / f.denominator, 4) end;
  base_value := null;
  target := null;
  if t.target_kind = 'cap' then
    target := t.cap;
  elsif t.target_kind = 'quota' then
    target := t.quota;
  elsif t.target_kind = 'reduction' then
    select * into b from app.indicator_figures(code, t.base_year, ind, t.denominator_kind);
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
  -- how close to (or far past) its target the area is: the judged figure over the target
  tightness := case when status in ('met', 'not_met', 'on_track', 'off_track') then
    case when target > 0 then coalesce(case when elapsed is not null then projected_value end, value) / target
      when coalesce(case when elapsed is not null then projected_value end, value) > 0 then 1e9
      else 0 end end;
  return next;
end
$$;

revoke execute on function app.indicator_target_judgement(text, int, text, public.plan_targets, numeric) from public, anon;

create function public.indicator_values(area_code text, year int)
returns table (indicator text, numerator numeric, denominator numeric, denominator_kind text, value numeric, target numeric,
  target_kind text, base_year int, base_value numeric, quota numeric, plan_name text, borrowed_from text, status text,
  projected_numerator numeric, projected_value numeric, year_elapsed numeric, other_targets jsonb)
language plpgsql stable security definer
set search_path = ''
as $$
declare
  ind text;
  t public.plan_targets;
  j record;
  best record;
  best_t public.plan_targets;
  best_rank int;
  best_tight numeric;
  this_rank int;
  judged jsonb;
  others jsonb;
  best_code text;
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
    best := null;
    best_t := null;
    best_rank := -1;
    best_tight := null;
    judged := '[]'::jsonb;
    for t in
      select * from public.plan_targets p
      where p.area_code = indicator_values.area_code and p.year = indicator_values.year and p.indicator = ind
        and (p.borrowed_from is null or not exists (
          select 1 from public.plan_targets o
          where o.area_code = p.area_code and o.year = p.year and o.indicator = p.indicator and o.borrowed_from is null))
      order by p.plan_code
    loop
      select * into j from app.indicator_target_judgement(area_code, year, ind, t, elapsed);
      this_rank := case when j.status in ('not_met', 'off_track') then 2 when j.status in ('met', 'on_track') then 1 else 0 end
        -- the card's figure is the indicator's own (motor vehicles for the road rate): a target on
        -- another denominator (汕尾's operating vehicles) decides only where no other applies
        + case when t.denominator_kind is distinct from 'operating_vehicles' then 10 else 0 end;
      judged := judged || jsonb_build_object('plan_code', t.plan_code, 'plan_name', t.plan_name, 'borrowed_from', t.borrowed_from,
        'target_kind', t.target_kind, 'target', j.target, 'base_year', t.base_year, 'base_value', j.base_value,
        'reduction_pct', t.reduction_pct, 'denominator_kind', j.denominator_kind, 'value', j.value,
        'projected_value', j.projected_value, 'status', j.status);
      if this_rank > best_rank or this_rank = best_rank and this_rank % 10 > 0 and j.tightness > best_tight then
        best := j;
        best_t := t;
        best_rank := this_rank;
        best_tight := j.tightness;
      end if;
    end loop;
    if best_t.id is null then
      -- no target: the figures alone
      select * into best from app.indicator_target_judgement(area_code, year, ind, null::public.plan_targets, elapsed);
    end if;
    best_code := best_t.plan_code;
    select coalesce(jsonb_agg(e order by e ->> 'plan_code'), '[]'::jsonb) into others
    from jsonb_array_elements(judged) e where e ->> 'plan_code' is distinct from best_code;
    indicator := ind;
    numerator := best.numerator;
    denominator := best.denominator;
    denominator_kind := best.denominator_kind;
    value := best.value;
    target := best.target;
    target_kind := best_t.target_kind;
    base_year := best_t.base_year;
    base_value := best.base_value;
    quota := best_t.quota;
    plan_name := best_t.plan_name;
    borrowed_from := best_t.borrowed_from;
    status := best.status;
    projected_numerator := best.projected_numerator;
    projected_value := best.projected_value;
    year_elapsed := elapsed;
    other_targets := others;
    return next;
  end loop;
end
$$;

comment on function public.indicator_values(text, int) is
  'Per indicator: figures summed over the area, the deciding target (own targets before borrowed ones; among those that apply, the one furthest from being met) and the other applying targets in other_targets.';

revoke execute on function public.indicator_values(text, int) from public, anon;
grant execute on function public.indicator_values(text, int) to authenticated, service_role;
