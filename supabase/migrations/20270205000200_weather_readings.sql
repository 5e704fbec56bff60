-- The wall's weather feed read on the SERVER (issue 21): `npm run weather:read`
-- (supabase/local/weather-reader.ts) reads weather_feed_settings with the service key, fetches
-- `url` every `refresh_minutes`, parses it with the wall's own module (src/domain/weatherFeed.ts)
-- and appends the checked reading — or the failure in words — to weather_readings. With
-- weather_feed_settings.reader = 'server' the wall reads the latest rows here instead of fetching
-- the feed in the browser: no CORS, no mixed content, and a QWeather key never reaches a browser
-- request. Default 'browser' (as before).
-- Same audience as weather_feed_settings: government staff read; only the service role writes
-- (append-only); rows older than 30 days are pruned on insert.

alter table public.weather_feed_settings add column reader text not null default 'browser'
  constraint weather_feed_settings_reader_known check (reader in ('browser', 'server'));
comment on column public.weather_feed_settings.reader is
  'Who reads the feed: browser (each wall fetches url) or server (npm run weather:read writes weather_readings; the wall reads those).';
insert into app.input_limits (relation, col, kind, label_zh, pattern, pattern_zh, pattern_en) values
  ('weather_feed_settings', 'reader', 'pattern', '读取方式', '^(browser|server)$',
    '须为 browser（大屏浏览器读取）或 server（服务器端读取程序）', 'must be browser (each wall reads the feed) or server (the server-side reader)');
select app.install_input_limits('weather_feed_settings');

create table public.weather_readings (
  id bigint generated always as identity primary key,
  fetched_at timestamptz not null default now(),
  -- the settings it was read with
  format text not null
    constraint weather_readings_format_known check (format in ('plain', 'open-meteo', 'qweather')),
  observed_at timestamptz,
  -- where the wind blows FROM, degrees (0 = north), as src/domain/weather.ts
  wind_from_deg smallint
    constraint weather_readings_wind_from_0_359 check (wind_from_deg between 0 and 359),
  wind_speed_m_s numeric(3, 1)
    constraint weather_readings_wind_speed_0_60 check (wind_speed_m_s between 0 and 60),
  temp_c numeric(3, 1)
    constraint weather_readings_temp_m50_60 check (temp_c between -50 and 60),
  station text
    constraint weather_readings_station_length check (length(station) between 1 and 40),
  -- why the read failed, in both languages (null: a good reading)
  error_zh text
    constraint weather_readings_error_zh_length check (length(error_zh) between 1 and 300),
  error_en text
    constraint weather_readings_error_en_length check (length(error_en) between 1 and 300),
  constraint weather_readings_reading_or_error check (
    (error_zh is null and error_en is null and observed_at is not null and wind_from_deg is not null and wind_speed_m_s is not null)
    or (error_zh is not null and error_en is not null and observed_at is null and wind_from_deg is null
        and wind_speed_m_s is null and temp_c is null and station is null))
);
comment on table public.weather_readings is
  'The server-side weather reader''s readings and failures (issue 21), newest first by fetched_at; 30 days kept.';

create index weather_readings_fetched_at on public.weather_readings (fetched_at desc);
create index weather_readings_good_fetched_at on public.weather_readings (fetched_at desc) where error_zh is null;

-- A bounded history: each insert statement drops what is older than 30 days.
create function app.weather_readings_prune() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.weather_readings where fetched_at < now() - interval '30 days';
  return null;
end
$$;
revoke all on function app.weather_readings_prune() from public, anon, authenticated;
create trigger weather_readings_prune after insert on public.weather_readings
  for each statement execute function app.weather_readings_prune();

alter table public.weather_readings enable row level security;

revoke all on public.weather_readings from anon, authenticated, service_role;
grant select on public.weather_readings to authenticated, service_role;
grant insert on public.weather_readings to service_role;

create policy weather_readings_read on public.weather_readings for select to authenticated
  using ((select app.user_role()) in ('admin', 'command', 'planner', 'regulator', 'service'));
