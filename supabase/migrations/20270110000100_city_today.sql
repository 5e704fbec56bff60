-- The city's today. `current_date` is the session's date, and hosted Supabase runs in UTC: between
-- 00:00 and 08:00 Beijing time the database thought it was still yesterday, so a regulator could
-- not date an assessment, a filing, a drill or a review "today" (refused as in the future), a
-- deadline turned overdue eight hours late, and the accident rule (already in Beijing days) and
-- the freshness rules disagreed about which day a report was filed on. The product serves Chinese
-- cities; China keeps one time zone (UTC+8, no daylight saving), so the city's day is Beijing's.
--
-- app.today() replaces current_date everywhere: in every function and view of app and public, and
-- in column defaults. Rather than restate some thirty function bodies by hand (and risk restating
-- an older version of one), this migration rewrites the live definitions: whatever each object
-- is at this point, with current_date replaced. test/db/city-today.test.ts keeps it so: it fails
-- if any function, view, default, policy or constraint in app or public uses current_date again.

create or replace function app.today() returns date
language sql
stable
parallel safe
set search_path = ''
as $$ select (now() at time zone 'Asia/Shanghai')::date $$;

comment on function app.today() is 'The city''s calendar day (Asia/Shanghai); use instead of current_date, which is the session''s (UTC on hosted Supabase).';

grant execute on function app.today() to anon, authenticated, service_role;

do $$
declare
  r record;
  uses constant text := '\mcurrent_date\M';
  n_fn int := 0;
  n_view int := 0;
  n_default int := 0;
begin
  -- Functions and procedures (not those an extension owns: PostGIS and pgTAP are not ours).
  for r in
    select p.oid
    from pg_proc p
    join pg_namespace s on s.oid = p.pronamespace
    where s.nspname in ('app', 'public')
      and p.prokind in ('f', 'p')
      and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
      and pg_get_functiondef(p.oid) ~* uses
  loop
    execute regexp_replace(pg_get_functiondef(r.oid), uses, 'app.today()', 'gi');
    n_fn := n_fn + 1;
  end loop;

  -- Views: the same query with current_date replaced; their options (security_invoker,
  -- security_barrier) restated, because CREATE OR REPLACE VIEW resets what it does not name.
  for r in
    select c.oid, s.nspname, c.relname, c.reloptions
    from pg_class c
    join pg_namespace s on s.oid = c.relnamespace
    where s.nspname in ('app', 'public') and c.relkind = 'v'
      and pg_get_viewdef(c.oid) ~* uses
  loop
    execute format('create or replace view %I.%I%s as %s', r.nspname, r.relname,
      case when r.reloptions is null then '' else ' with (' || array_to_string(r.reloptions, ', ') || ')' end,
      regexp_replace(pg_get_viewdef(r.oid), uses, 'app.today()', 'gi'));
    n_view := n_view + 1;
  end loop;

  -- Column defaults (a listing's listed_on, a review's reviewed_on, …).
  for r in
    select s.nspname, c.relname, a.attname
    from pg_attrdef d
    join pg_class c on c.oid = d.adrelid
    join pg_namespace s on s.oid = c.relnamespace
    join pg_attribute a on a.attrelid = d.adrelid and a.attnum = d.adnum
    where s.nspname in ('app', 'public') and pg_get_expr(d.adbin, d.adrelid) ~* uses
  loop
    execute format('alter table %I.%I alter column %I set default app.today()', r.nspname, r.relname, r.attname);
    n_default := n_default + 1;
  end loop;

  raise notice 'city today: % functions, % views, % column defaults now use app.today()', n_fn, n_view, n_default;
end
$$;

-- The same for instants turned into days and back: a cast between timestamptz and date uses the
-- session's zone too. Three functions did that where the city's day is meant.
create or replace function app.city_date(t timestamptz) returns date
language sql
stable
parallel safe
set search_path = ''
as $$ select (t at time zone 'Asia/Shanghai')::date $$;

comment on function app.city_date(timestamptz) is 'The city''s calendar day (Asia/Shanghai) of an instant; use instead of ::date on a timestamptz.';

create or replace function app.city_midnight(d date) returns timestamptz
language sql
stable
parallel safe
set search_path = ''
as $$ select d::timestamp at time zone 'Asia/Shanghai' $$;

comment on function app.city_midnight(date) is 'The instant the city''s day d begins (00:00 Asia/Shanghai); use instead of ::timestamptz on a date.';

grant execute on function app.city_date(timestamptz), app.city_midnight(date) to anon, authenticated, service_role;

do $$
declare
  edit record;
  def text;
  fixed text;
begin
  for edit in
    select * from (values
      -- a danger verified on the day it was found (after 16:00 UTC) was refused as verified before it
      ('public.transition_hidden_danger(uuid, text, text, jsonb)'::text, 'd.found_at::date', 'app.city_date(d.found_at)'),
      -- a deadline is overdue from the city's midnight after it, and the wall alerts from then
      ('public.wall_changes(timestamptz)', '(d.deadline + 1)::timestamptz', 'app.city_midnight(d.deadline + 1)'),
      ('public.wall_changes(timestamptz)', '(since_eff)::date', 'app.city_date(since_eff)'),
      -- the wall's closures by week: the city's weeks (Monday 00:00 Beijing), labelled by their Monday
      ('public.wall_summary(text)', 'date_trunc(''week'', now())', 'date_trunc(''week'', now(), ''Asia/Shanghai'')'),
      ('public.wall_summary(text)', 'gs::date', 'app.city_date(gs)'),
      ('public.wall_summary(text)', 'date_trunc(''week'', d.closed_at)::date', 'app.city_date(date_trunc(''week'', d.closed_at, ''Asia/Shanghai''))')
    ) v(fn, was, now_is)
  loop
    def := pg_get_functiondef(edit.fn::regprocedure);
    fixed := replace(def, edit.was, edit.now_is);
    if fixed = def then
      -- the function changed since this was written: fail rather than leave it on the session's day
      raise exception 'city today: % no longer contains %', edit.fn, edit.was;
    end if;
    execute fixed;
  end loop;
end
$$;
