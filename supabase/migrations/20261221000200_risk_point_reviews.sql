-- 复评 with the outcome "unchanged" (issue 15, freshness), and a review date the enterprise cannot
-- bend. Before this, risk_points.assessed_at (what 待复评 counts from) took any value in a plain
-- PATCH: an enterprise could date its own points today and nothing would be due. Now:
--   * the date moves with a re-assessment (new inputs: dated today by 20261216000100's trigger),
--     with a recorded review (risk_point_reviews, below), or by a regulator of the area or an
--     admin correcting it (they supervise the record); never by an enterprise's PATCH, and never
--     to a day after today;
--   * risk_point_reviews: the review whose conclusion is that the assessment still holds
--     (复评结论：维持原评估), append-only, with who, when and why. The enterprise records its own
--     points', the area's regulator and admins any in their scope (the same rule as filing a
--     hazard source's safety assessment). Recording one dates the point's assessment today.

create or replace function app.risk_point_assessed_at_guard() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  was date;
begin
  if tg_op = 'UPDATE' then
    was := old.assessed_at;
  end if;
  if new.assessed_at is not distinct from was then
    return new;
  end if;
  if new.assessed_at > current_date then
    raise exception '风险点“%”的评估日期 % 晚于今天 / the assessment date % of risk point "%" is in the future',
      new.name, new.assessed_at, new.assessed_at, new.name using errcode = '22023';
  end if;
  if tg_op = 'INSERT'
     -- a recorded review dates its point (app.risk_point_reviewed sets this for the one row)
     or current_setting('app.reviewed_risk_point', true) = new.id::text
     -- migrations, the demo loader, the service role; admins and the area's regulator (RLS scopes them)
     or coalesce(app.user_role(), 'service') in ('service', 'admin', 'regulator')
     -- a re-assessment: new inputs dated today
     or ((new.method, new.lec_l, new.lec_e, new.lec_c, new.matrix_l, new.matrix_s)
           is distinct from (old.method, old.lec_l, old.lec_e, old.lec_c, old.matrix_l, old.matrix_s)
         and new.assessed_at = current_date) then
    return new;
  end if;
  raise exception '风险点“%”的评估日期只随重新评估或复评记录更新，不能直接修改 / the assessment date of risk point "%" moves only with a re-assessment or a recorded review',
    new.name, new.name
    using errcode = '42501',
    hint = 'Record the review in risk_point_reviews (复评：维持原评估), or submit a new assessment with propose_risk_assessment.';
end
$$;

-- after freshness_risk_point_reassessed (triggers fire by name), so a re-assessment's date is set
create trigger risk_points_review_date_guard before insert or update of assessed_at on public.risk_points
  for each row execute function app.risk_point_assessed_at_guard();

create table public.risk_point_reviews (
  id uuid primary key default gen_random_uuid(),
  risk_point_id uuid not null references public.risk_points(id) on delete cascade,
  outcome text not null default 'unchanged'
    constraint risk_point_reviews_outcome check (outcome in ('unchanged')),
  note text not null
    constraint risk_point_reviews_note_length check (char_length(btrim(note)) between 4 and 500),
  reviewed_on date not null default current_date,
  recorded_at timestamptz not null default now(),
  recorded_role text not null default coalesce(app.user_role(), 'system'),
  recorded_by uuid
);

create index risk_point_reviews_point_idx on public.risk_point_reviews (risk_point_id, recorded_at desc);

-- A review is dated the day it is recorded: no backdating, no post-dating.
create or replace function app.risk_point_review_checks() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.reviewed_on is distinct from current_date then
    raise exception '复评日期应为今天（%），不能补记或预记 / a review is dated the day it is recorded (%), got %',
      current_date, current_date, new.reviewed_on using errcode = '22023';
  end if;
  new.recorded_role := coalesce(app.user_role(), 'system');
  new.recorded_by := case when (app.actor() ->> 'id') ~* '^[0-9a-f-]{36}$' then (app.actor() ->> 'id')::uuid end;
  new.recorded_at := now();
  return new;
end
$$;

create trigger risk_point_reviews_checks before insert on public.risk_point_reviews
  for each row execute function app.risk_point_review_checks();

-- Definer: the reviewer may not PATCH assessed_at; the review row (which RLS let in) dates it.
create or replace function app.risk_point_reviewed() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform set_config('app.reviewed_risk_point', new.risk_point_id::text, true);
  update public.risk_points set assessed_at = new.reviewed_on where id = new.risk_point_id;
  perform set_config('app.reviewed_risk_point', '', true);
  return null;
end
$$;

revoke execute on function app.risk_point_reviewed() from public, anon, authenticated;

create trigger risk_point_reviews_date_point after insert on public.risk_point_reviews
  for each row execute function app.risk_point_reviewed();

create trigger risk_point_reviews_append_only before update or delete on public.risk_point_reviews
  for each row execute function app.refuse_change_unless_cascade('复评记录只可追加 / risk_point_reviews is append-only: %s refused',
    'record a new review instead');

create trigger risk_point_reviews_no_truncate before truncate on public.risk_point_reviews
  for each statement execute function app.refuse_change('复评记录只可追加 / risk_point_reviews is append-only: %s refused',
    'record a new review instead');

alter table public.risk_point_reviews enable row level security;

create policy risk_point_reviews_read on public.risk_point_reviews for select to authenticated
  using (exists (select 1 from public.risk_points r where r.id = risk_point_id));

create policy risk_point_reviews_insert on public.risk_point_reviews for insert to authenticated
  with check (exists (select 1 from public.risk_points r where r.id = risk_point_id
                      and app.may_write(r.area_code, r.enterprise_id, true)));

revoke update, delete, truncate on public.risk_point_reviews from anon, authenticated, service_role;

revoke all on public.risk_point_reviews from anon;

grant select, insert on public.risk_point_reviews to authenticated;

insert into app.input_limits (relation, col, kind, label_zh, required, min_len, max_len) values
  ('risk_point_reviews', 'note', 'text', '复评说明', true, 4, 500);

select app.install_input_limits('risk_point_reviews');
