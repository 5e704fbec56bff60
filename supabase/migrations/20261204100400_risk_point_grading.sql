-- Four-colour grading of risk points: the level follows from the stored inputs by the bands in
-- risk_level_bands, never typed in. lec_level / matrix_level are pure calculators exposed as RPC
-- to every role (anon included); src/domain/grading.ts computes the same in the browser.

create or replace function app.level_for_score(p_method text, p_score numeric) returns smallint
language sql stable
set search_path = ''
as $$
  select b.level from public.risk_level_bands b
  where b.method = p_method and b.min_score <= p_score
  order by b.min_score desc
  limit 1
$$;

create or replace function app.level_result(p_method text, p_score numeric) returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object('level', l.level, 'colour', l.colour, 'name_zh', l.name_zh, 'name_en', l.name_en)
  from public.risk_levels l
  where l.level = app.level_for_score(p_method, p_score)
$$;

create or replace function app.require_lec_factor(p_factor text, p_value numeric) returns void
language plpgsql stable
set search_path = ''
as $$
begin
  if p_value is null or not exists (
    select 1 from public.lec_factor_values v where v.factor = p_factor and v.value = p_value) then
    raise exception 'LEC factor % must be one of % (got %)', p_factor,
      (select string_agg(trim_scale(v.value)::text, ', ' order by v.value desc)
         from public.lec_factor_values v where v.factor = p_factor),
      coalesce(p_value::text, 'null')
      using errcode = '22023', hint = 'See 作业条件危险性评价法 (LEC) factor tables.';
  end if;
end
$$;

create or replace function public.lec_level(l numeric, e numeric, c numeric) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  d numeric;
begin
  perform app.require_lec_factor('L', l);
  perform app.require_lec_factor('E', e);
  perform app.require_lec_factor('C', c);
  d := trim_scale(l * e * c);
  return jsonb_build_object('d', d) || app.level_result('lec', d);
end
$$;

create or replace function public.matrix_level(l int, s int) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  r int;
begin
  if l is null or l not between 1 and 5 then
    raise exception 'risk matrix factor L (likelihood) must be an integer from 1 to 5 (got %)', coalesce(l::text, 'null')
      using errcode = '22023';
  end if;
  if s is null or s not between 1 and 5 then
    raise exception 'risk matrix factor S (severity) must be an integer from 1 to 5 (got %)', coalesce(s::text, 'null')
      using errcode = '22023';
  end if;
  r := l * s;
  return jsonb_build_object('r', r) || app.level_result('matrix', r);
end
$$;

-- ------------------------------------------------------------------ risk points
-- Re-grade on every change of inputs, and refuse an enterprise's direct lowering.
create or replace function app.grade_risk_point() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.method = 'lec' then
    perform app.require_lec_factor('L', new.lec_l);
    perform app.require_lec_factor('E', new.lec_e);
    perform app.require_lec_factor('C', new.lec_c);
    new.score := trim_scale(new.lec_l * new.lec_e * new.lec_c);
    new.matrix_l := null;
    new.matrix_s := null;
  else
    if new.matrix_l is null or new.matrix_l not between 1 and 5 then
      raise exception 'risk matrix factor L (likelihood) must be an integer from 1 to 5 (got %)', coalesce(new.matrix_l::text, 'null')
        using errcode = '22023';
    end if;
    if new.matrix_s is null or new.matrix_s not between 1 and 5 then
      raise exception 'risk matrix factor S (severity) must be an integer from 1 to 5 (got %)', coalesce(new.matrix_s::text, 'null')
        using errcode = '22023';
    end if;
    new.score := new.matrix_l * new.matrix_s;
    new.lec_l := null;
    new.lec_e := null;
    new.lec_c := null;
  end if;
  new.level := app.level_for_score(new.method::text, new.score);
  -- The enterprise may raise at once; lowering waits for the regulator (a larger number is lower).
  if tg_op = 'UPDATE' and new.level > old.level and app.user_role() = 'enterprise' then
    raise exception 'lowering risk point "%" from level % to % needs the confirmation of the regulator of its area',
      old.name, app.level_label(old.level), app.level_label(new.level)
      using errcode = '42501',
      hint = 'Call propose_risk_assessment(risk_point_id, inputs, reason) to submit the new assessment for review; raising a level takes effect at once.';
  end if;
  return new;
end
$$;

-- score/level are filled by this trigger; defaults keep NOT NULL satisfied before it runs.
alter table public.risk_points alter column score set default 0, alter column level set default 4;

create trigger risk_points_grade before insert or update of method, lec_l, lec_e, lec_c, matrix_l, matrix_s, score, level
  on public.risk_points
  for each row execute function app.grade_risk_point();

grant execute on function public.lec_level(numeric, numeric, numeric) to anon, authenticated;

grant execute on function public.matrix_level(int, int) to anon, authenticated;
