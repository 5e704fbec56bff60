-- Least privilege, part 4: the configuration tables (issue 12).
-- Admins (and the service role) edit the bands and settings the grading uses; nobody else
-- writes them. Every edit is logged append-only (who, when, table, old, new), readable by
-- government staff, and re-grades what depends on it in the same transaction: risk points'
-- levels from the bands (an UPDATE that fires the grading trigger) and hazard sources' α and
-- grade (app.regrade_hazard_source, the grading migration's own function: called, not copied).

create table public.config_changes (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_id uuid,
  actor_role text not null,
  actor_email text,
  table_name text not null,
  operation text not null check (operation in ('insert', 'update', 'delete')),
  old jsonb,
  new jsonb
);
create index config_changes_at_idx on public.config_changes (at);
alter table public.config_changes enable row level security;
revoke all on public.config_changes from anon;
revoke insert, update, delete, truncate on public.config_changes from authenticated, service_role;
grant select on public.config_changes to authenticated, service_role;
-- Government staff read the log; enterprises and the public do not (it names staff).
create policy config_changes_read on public.config_changes for select to authenticated
  using ((select app.user_role()) in ('admin', 'command', 'planner', 'regulator', 'service'));
create trigger config_changes_no_update before update or delete on public.config_changes
  for each row execute function app.refuse_change(
    'the configuration change log is append-only: %s is not allowed', 'Change the configuration again; that is logged too.');
create trigger config_changes_no_truncate before truncate on public.config_changes
  for each statement execute function app.refuse_change(
    'the configuration change log is append-only: %s is not allowed', 'Change the configuration again; that is logged too.');

-- One row per changed row, as the change happens.
create or replace function app.log_config_change() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  a jsonb := app.actor();
begin
  insert into public.config_changes (actor_id, actor_role, actor_email, table_name, operation, old, new)
  values (case when (a ->> 'id') ~* '^[0-9a-f-]{36}$' then (a ->> 'id')::uuid end, a ->> 'role', a ->> 'email',
    tg_table_name, lower(tg_op),
    case when tg_op in ('UPDATE', 'DELETE') then to_jsonb(old) end,
    case when tg_op in ('INSERT', 'UPDATE') then to_jsonb(new) end);
  return null;
end
$$;
revoke execute on function app.log_config_change() from public, anon, authenticated;

-- After each statement: the configuration must still make sense (else the re-grade below
-- would fail on a raw constraint), then everything that depends on it is re-graded.
create or replace function app.config_changed() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  bad text;
  n int;
begin
  if tg_table_name = 'risk_level_bands' then
    select m into bad from (values ('lec'), ('matrix')) v(m)
    where (select count(distinct b.level) from public.risk_level_bands b where b.method = v.m) <> 4
       or not exists (select 1 from public.risk_level_bands b where b.method = v.m and b.level = 4 and b.min_score = 0)
       or exists (select 1 from public.risk_level_bands b1 join public.risk_level_bands b2 on b2.method = b1.method
                  where b1.method = v.m and b1.level < b2.level and b1.min_score <= b2.min_score)
    limit 1;
    if bad is not null then
      raise exception 'risk_level_bands: method % needs one band per level 1–4, level 4 starting at min_score 0 and higher levels at higher min_score', bad
        using errcode = '23514';
    end if;
    -- Only the points whose level the new bands change; the trigger re-derives it (and the
    -- level-change log records it).
    update public.risk_points r set level = r.level
    where r.level is distinct from app.level_for_score(r.method::text, r.score);
  elsif tg_table_name = 'lec_factor_values' then
    select count(*) into n from public.risk_points r
    where r.method = 'lec' and (
      not exists (select 1 from public.lec_factor_values f where f.factor = 'L' and f.value = r.lec_l)
      or not exists (select 1 from public.lec_factor_values f where f.factor = 'E' and f.value = r.lec_e)
      or not exists (select 1 from public.lec_factor_values f where f.factor = 'C' and f.value = r.lec_c));
    if n > 0 then
      raise exception 'lec_factor_values: % risk point(s) use a factor value this change removes; re-assess them first', n
        using errcode = '23503';
    end if;
  elsif tg_table_name = 'major_hazard_alpha_bands' then
    if not exists (select 1 from public.major_hazard_alpha_bands where min_people = 0) then
      raise exception 'major_hazard_alpha_bands: a band starting at min_people 0 is required (α for no people)' using errcode = '23514';
    end if;
    perform app.regrade_hazard_source(h.id) from public.hazard_sources h;
  elsif tg_table_name = 'major_hazard_grade_bands' then
    if (select count(*) from public.major_hazard_grade_bands) <> 4
       or not exists (select 1 from public.major_hazard_grade_bands where grade = 4 and min_r = 0)
       or exists (select 1 from public.major_hazard_grade_bands b1 join public.major_hazard_grade_bands b2
                  on b1.grade < b2.grade and b1.min_r <= b2.min_r) then
      raise exception 'major_hazard_grade_bands: grades 1–4 are required, grade 4 starting at min_r 0 and higher grades at higher min_r'
        using errcode = '23514';
    end if;
    perform app.regrade_hazard_source(h.id) from public.hazard_sources h where h.is_major;
  elsif tg_table_name = 'major_hazard_settings' then
    perform app.regrade_hazard_source(h.id) from public.hazard_sources h;
  end if;
  return null;
end
$$;
revoke execute on function app.config_changed() from public, anon, authenticated;

do $$
declare
  t text;
begin
  foreach t in array array['risk_level_bands', 'lec_factor_values', 'major_hazard_alpha_bands',
    'major_hazard_grade_bands', 'major_hazard_settings', 'public_report_settings', 'individual_risk_criteria'] loop
    execute format('create trigger %I after insert or update or delete on public.%I for each row execute function app.log_config_change()',
      t || '_log', t);
    execute format('create trigger %I after insert or update or delete on public.%I for each statement execute function app.config_changed()',
      t || '_regrade', t);
    execute format('grant insert, update, delete on public.%I to authenticated', t);
    execute format('create policy %I on public.%I for all to authenticated using ((select app.user_role()) = ''admin'') with check ((select app.user_role()) = ''admin'')',
      t || '_admin_write', t);
  end loop;
end
$$;
