-- The wall's weather feed (issue 21): one row of configuration a city admin changes without a
-- rebuild. The wall reads it and, in the browser, fetches `url` every `refresh_minutes`, parses
-- the answer by `format` (src/domain/weatherFeed.ts) and shows the wind and temperature with
-- the source and the observation time; the operator's manual entry overrides it until cleared.
--   format 'plain':      {observed_at, wind_from_deg, wind_speed_m_s, temp_c, station} (documented in README)
--   format 'open-meteo': Open-Meteo's forecast API with current=wind_speed_10m,wind_direction_10m,temperature_2m
-- `url` null: no feed (the operator enters the weather). The feed must allow the wall's origin (CORS).
-- Government staff read it (the URL may name an intranet server); admins write it; every change is
-- logged in config_changes. No insert or delete: the row is always there.

create table public.weather_feed_settings (
  id boolean primary key default true check (id),
  url text
    constraint weather_feed_settings_url_http check (url ~ '^https?://[^[:space:]]+$' and length(url) <= 500),
  format text not null default 'plain'
    constraint weather_feed_settings_format_known check (format in ('plain', 'open-meteo')),
  refresh_minutes int not null default 10
    constraint weather_feed_settings_refresh_1_to_60 check (refresh_minutes between 1 and 60),
  -- what the wall names as the source (e.g. 市气象台); the plain format's `station` is shown beside it
  label text
    constraint weather_feed_settings_label_length check (length(label) between 1 and 40),
  updated_at timestamptz not null default now()
);

insert into public.weather_feed_settings default values;

create trigger weather_feed_settings_touch before update on public.weather_feed_settings
  for each row execute function app.touch_updated_at();

alter table public.weather_feed_settings enable row level security;

revoke all on public.weather_feed_settings from anon, authenticated;
grant select, update on public.weather_feed_settings to authenticated;
revoke insert, delete, truncate on public.weather_feed_settings from service_role;

create policy weather_feed_settings_read on public.weather_feed_settings for select to authenticated
  using ((select app.user_role()) in ('admin', 'command', 'planner', 'regulator', 'service'));

create policy weather_feed_settings_write on public.weather_feed_settings for update to authenticated
  using ((select app.user_role()) = 'admin') with check ((select app.user_role()) = 'admin');

create trigger weather_feed_settings_log after insert or update or delete on public.weather_feed_settings
  for each row execute function app.log_config_change();

insert into app.input_limits (relation, col, kind, label_zh, max_len) values
  ('weather_feed_settings', 'url', 'text', '气象源地址', 500);
insert into app.input_limits (relation, col, kind, label_zh, min_len, max_len) values
  ('weather_feed_settings', 'label', 'text', '气象源名称', 1, 40);
insert into app.input_limits (relation, col, kind, label_zh, pattern, pattern_zh, pattern_en) values
  ('weather_feed_settings', 'url', 'pattern', '气象源地址', '^https?://[^[:space:]]+$',
    '须以 http:// 或 https:// 开头，且不含空格', 'must start with http:// or https:// and contain no spaces'),
  ('weather_feed_settings', 'format', 'pattern', '气象源格式', '^(plain|open-meteo)$',
    '须为 plain（本系统 JSON）或 open-meteo', 'must be plain (this system''s JSON) or open-meteo');
insert into app.input_limits (relation, col, kind, label_zh, min_num, max_num) values
  ('weather_feed_settings', 'refresh_minutes', 'number', '刷新间隔分钟数', 1, 60);
select app.install_input_limits('weather_feed_settings');
