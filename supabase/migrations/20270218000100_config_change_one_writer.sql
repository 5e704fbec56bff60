-- One writer of the configuration change log. app.log_weather_feed_change (20270207000100) repeated
-- app.log_config_change's insert to mask the feed URL's key; both triggers now hand their row images
-- to app.record_config_change, so the log's columns and the actor rule live in one place.
create or replace function app.record_config_change(p_table text, p_op text, p_old jsonb, p_new jsonb) returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  a jsonb := app.actor();
begin
  insert into public.config_changes (actor_id, actor_role, actor_email, table_name, operation, old, new)
  values (case when (a ->> 'id') ~* '^[0-9a-f-]{36}$' then (a ->> 'id')::uuid end, a ->> 'role', a ->> 'email',
    p_table, lower(p_op), p_old, p_new);
end
$$;
revoke execute on function app.record_config_change(text, text, jsonb, jsonb) from public, anon, authenticated;

create or replace function app.log_config_change() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform app.record_config_change(tg_table_name, tg_op,
    case when tg_op in ('UPDATE', 'DELETE') then to_jsonb(old) end,
    case when tg_op in ('INSERT', 'UPDATE') then to_jsonb(new) end);
  return null;
end
$$;

-- weather_feed_settings: the same row, with the URL's secrets masked.
create or replace function app.log_weather_feed_change() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform app.record_config_change(tg_table_name, tg_op,
    case when tg_op in ('UPDATE', 'DELETE') then to_jsonb(old) || jsonb_build_object('url', app.redact_url(old.url)) end,
    case when tg_op in ('INSERT', 'UPDATE') then to_jsonb(new) || jsonb_build_object('url', app.redact_url(new.url)) end);
  return null;
end
$$;
