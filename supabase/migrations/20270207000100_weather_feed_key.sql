-- The weather feed's URL carries the feed's key (QWeather: …&key=<KEY>) (issue 21). Until now every
-- staff role read weather_feed_settings.url, and every change of it was logged whole in
-- config_changes (read by all government staff). Enforced here:
--   * admins (and the service role, i.e. the server-side reader) read the URL always;
--   * command, planner and regulator read it ONLY while reader = 'browser' (their walls must
--     fetch it, so the key is in every staff browser anyway — the admin form says so);
--   * with reader = 'server' they get null: the key stays with admins and the reader;
--   * enterprise, a user without a role and anon never.
-- How: the API role `authenticated` loses SELECT on the column `url` (it keeps the other columns,
-- under the same row policy), and reads the URL through public.weather_feed_url(), a definer
-- function that applies the rule above. `has_url` (generated) tells a wall whether a feed is set
-- without telling it where. The change log keeps the URL with its query values and any user:password
-- masked (app.redact_url); the rows already logged are masked the same way once, here.

alter table public.weather_feed_settings add column has_url boolean generated always as (url is not null) stored;
comment on column public.weather_feed_settings.has_url is
  'Whether a feed URL is set (readable by every staff role; the URL itself only through weather_feed_url()).';
comment on column public.weather_feed_settings.url is
  'The feed URL, often with its key. Not granted to authenticated: admins read it always, other staff only while reader = browser, through public.weather_feed_url().';

revoke select on public.weather_feed_settings from authenticated;
grant select (id, format, refresh_minutes, label, reader, has_url, updated_at) on public.weather_feed_settings to authenticated;

-- The URL for the caller, or null (no feed, or the caller may not have it). stable: PostgREST
-- serves it on GET, which the local gateway treats as a read.
create function public.weather_feed_url() returns text
language sql
stable
security definer
set search_path = ''
as $$
  select s.url from public.weather_feed_settings s
  where app.user_role() in ('admin', 'service')
     or (app.user_role() in ('command', 'planner', 'regulator') and s.reader = 'browser')
  limit 1
$$;
comment on function public.weather_feed_url() is
  'The weather feed URL (with its key): admins and the service role always; command, planner, regulator only while reader = browser; else null.';
revoke all on function public.weather_feed_url() from public, anon;
grant execute on function public.weather_feed_url() to authenticated, service_role;

-- A URL for a log or a message: user:password@ and every query value masked (names kept, so the
-- log still says location=… and key=… were set).
create function app.redact_url(u text) returns text
language sql
immutable
set search_path = ''
as $$
  select regexp_replace(regexp_replace(u, '^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/?#@]*@', '\1***@'), '([?&][^=&#]*)=[^&#]*', '\1=***', 'g')
$$;
revoke all on function app.redact_url(text) from public, anon, authenticated;

-- The log of weather_feed_settings: app.log_config_change's row, with the URL masked.
create function app.log_weather_feed_change() returns trigger
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
    case when tg_op in ('UPDATE', 'DELETE') then to_jsonb(old) || jsonb_build_object('url', app.redact_url(old.url)) end,
    case when tg_op in ('INSERT', 'UPDATE') then to_jsonb(new) || jsonb_build_object('url', app.redact_url(new.url)) end);
  return null;
end
$$;
revoke execute on function app.log_weather_feed_change() from public, anon, authenticated;

drop trigger weather_feed_settings_log on public.weather_feed_settings;
create trigger weather_feed_settings_log after insert or update or delete on public.weather_feed_settings
  for each row execute function app.log_weather_feed_change();

-- The keys already in the log: masked once. The log is append-only for everyone else; this one
-- correction removes secrets, it changes no who/when/what.
alter table public.config_changes disable trigger config_changes_no_update;
update public.config_changes c set
  old = case when c.old ? 'url' then c.old || jsonb_build_object('url', app.redact_url(c.old ->> 'url')) else c.old end,
  new = case when c.new ? 'url' then c.new || jsonb_build_object('url', app.redact_url(c.new ->> 'url')) else c.new end
where c.table_name = 'weather_feed_settings'
  and (app.redact_url(c.old ->> 'url') is distinct from c.old ->> 'url' or app.redact_url(c.new ->> 'url') is distinct from c.new ->> 'url');
alter table public.config_changes enable trigger config_changes_no_update;
