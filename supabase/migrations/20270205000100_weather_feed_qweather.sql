-- The wall's weather feed (issue 21): a third format, 'qweather' — QWeather (和风天气) 实时天气
-- API v7, /v7/weather/now?location=…&key=… (parsed by src/domain/weatherFeed.ts: string values,
-- windSpeed km/h, obsTime with zone). The format's check constraint and its readable refusal
-- (app.input_limits) restated with it.

alter table public.weather_feed_settings drop constraint weather_feed_settings_format_known;
alter table public.weather_feed_settings add constraint weather_feed_settings_format_known
  check (format in ('plain', 'open-meteo', 'qweather'));

update app.input_limits set
  pattern = '^(plain|open-meteo|qweather)$',
  pattern_zh = '须为 plain（本系统 JSON）、open-meteo 或 qweather（和风天气）',
  pattern_en = 'must be plain (this system''s JSON), open-meteo or qweather (QWeather)'
where relation = 'weather_feed_settings' and col = 'format' and kind = 'pattern';
select app.install_input_limits('weather_feed_settings');
