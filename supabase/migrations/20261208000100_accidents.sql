-- Production-safety accidents (issue 16, first slice): the records, their grade by
-- 生产安全事故报告和调查处理条例 art. 3, the reporting chain (首报 within 1 h, 续报 within 30 days,
-- 7 days for road traffic and fire, later changes only with a reason) and its append-only history.
--
--   accident_sectors     reference: 工矿商贸 and its industries, 道路交通, 火灾, 水上交通 … with the
--                        续报 window of each (days)
--   accident_categories  reference: the 20 categories of GB 6441-1986
--   accidents            one row per accident; grade, grade_decided_by and late_report are computed
--                        by the database (trigger), never taken from the writer
--   accident_reports     append-only: the first report and every later change, written by triggers
--                        on accidents (so no writer, not even the service role, can skip it)
--
-- Writes go only through the RPCs record_accident / update_accident (SECURITY DEFINER, which
-- check who may write where); the tables grant no writes to the API roles. Reads: admins,
-- command centre and planners everything, regulators their area, enterprises their own; the
-- public only public_accidents() (published accidents, no names, no description, ~100 m positions).

-- 1. Reference ---------------------------------------------------------------------------------

create table public.accident_sectors (
  code text primary key check (code ~ '^[a-z_]{2,40}$'),
  parent_code text references public.accident_sectors(code),
  name_zh text not null,
  name_en text not null,
  -- 续报 window: casualty changes are reported within this many days of the accident (条例 art. 13:
  -- 30 days; road traffic and fire 7 days)
  followup_days int not null check (followup_days in (7, 30)),
  -- counts towards the 工矿商贸 workers rate (the sector itself or its parent is 'imt')
  is_imt boolean not null default false,
  sort_order int not null default 0
);

comment on table public.accident_sectors is
  'Accident sectors (工矿商贸 and its industries, 道路交通, 火灾 …) with the 续报 window in days; reference data.';

insert into public.accident_sectors (code, parent_code, name_zh, name_en, followup_days, is_imt, sort_order) values
  ('imt', null, '工矿商贸', 'industry, mining and trade', 30, true, 10),
  ('imt_mining', 'imt', '矿山', 'mining', 30, true, 11),
  ('imt_hazchem', 'imt', '危险化学品', 'hazardous chemicals', 30, true, 12),
  ('imt_fireworks', 'imt', '烟花爆竹', 'fireworks', 30, true, 13),
  ('imt_construction', 'imt', '建筑施工', 'construction', 30, true, 14),
  ('imt_manufacturing', 'imt', '工贸', 'manufacturing and trade', 30, true, 15),
  ('imt_other', 'imt', '其他工矿商贸', 'other industry, mining and trade', 30, true, 16),
  ('road_traffic', null, '道路交通', 'road traffic', 7, false, 20),
  ('fire', null, '火灾', 'fire', 7, false, 30),
  ('waterway', null, '水上交通', 'waterway traffic', 30, false, 40),
  ('railway', null, '铁路交通', 'railway traffic', 30, false, 50),
  ('agricultural_machinery', null, '农业机械', 'agricultural machinery', 30, false, 60),
  ('fishing_vessel', null, '渔业船舶', 'fishing vessels', 30, false, 70),
  ('special_equipment', null, '特种设备', 'special equipment', 30, false, 80),
  ('aviation', null, '民航飞行', 'civil aviation', 30, false, 90);

create table public.accident_categories (
  code text primary key check (code ~ '^[a-z_]{2,40}$'),
  name_zh text not null,
  name_en text not null,
  sort_order int not null
);

comment on table public.accident_categories is 'GB 6441-1986 accident categories (20); reference data.';

insert into public.accident_categories (code, name_zh, name_en, sort_order) values
  ('struck_by_object', '物体打击', 'struck by object', 1),
  ('vehicle', '车辆伤害', 'vehicle injury', 2),
  ('machinery', '机械伤害', 'machinery injury', 3),
  ('lifting', '起重伤害', 'lifting injury', 4),
  ('electric_shock', '触电', 'electric shock', 5),
  ('drowning', '淹溺', 'drowning', 6),
  ('scald_burn', '灼烫', 'scald and burn', 7),
  ('fire', '火灾', 'fire', 8),
  ('fall_from_height', '高处坠落', 'fall from height', 9),
  ('collapse', '坍塌', 'collapse', 10),
  ('roof_fall', '冒顶片帮', 'roof and rib fall', 11),
  ('water_inrush', '透水', 'water inrush', 12),
  ('blasting', '放炮', 'blasting', 13),
  ('explosive_explosion', '火药爆炸', 'explosive explosion', 14),
  ('gas_explosion', '瓦斯爆炸', 'firedamp explosion', 15),
  ('boiler_explosion', '锅炉爆炸', 'boiler explosion', 16),
  ('vessel_explosion', '容器爆炸', 'pressure vessel explosion', 17),
  ('other_explosion', '其它爆炸', 'other explosion', 18),
  ('poisoning_asphyxia', '中毒和窒息', 'poisoning and asphyxia', 19),
  ('other_injury', '其它伤害', 'other injury', 20);

alter table public.accident_sectors enable row level security;
alter table public.accident_categories enable row level security;
create policy accident_sectors_read on public.accident_sectors for select to anon, authenticated using (true);
create policy accident_categories_read on public.accident_categories for select to anon, authenticated using (true);
revoke insert, update, delete, truncate on public.accident_sectors, public.accident_categories from anon, authenticated;
grant select on public.accident_sectors, public.accident_categories to anon, authenticated;

-- 2. The grade (条例 art. 3) ------------------------------------------------------------------

-- The grade by one criterion; "以上" includes the number, "以下" excludes it:
--   特别重大 (1): deaths ≥ 30, serious injuries ≥ 100, loss ≥ 1 亿元 (10,000 万元)
--   重大 (2):     deaths ≥ 10, serious ≥ 50, loss ≥ 5,000 万元
--   较大 (3):     deaths ≥ 3, serious ≥ 10, loss ≥ 1,000 万元
--   一般 (4):     the rest
create or replace function app.accident_grade_by(criterion text, amount numeric) returns smallint
language sql immutable parallel safe
set search_path = ''
as $$
  select (case criterion
    when 'deaths' then case when amount >= 30 then 1 when amount >= 10 then 2 when amount >= 3 then 3 else 4 end
    when 'serious_injuries' then case when amount >= 100 then 1 when amount >= 50 then 2 when amount >= 10 then 3 else 4 end
    when 'direct_loss_10k_yuan' then case when amount >= 10000 then 1 when amount >= 5000 then 2 when amount >= 1000 then 3 else 4 end
  end)::smallint
$$;

-- The most severe criterion met decides (the smallest grade number).
create or replace function app.accident_grade_level(deaths int, serious_injuries int, direct_loss_10k_yuan numeric)
returns smallint
language sql immutable parallel safe
set search_path = ''
as $$
  select least(app.accident_grade_by('deaths', coalesce(deaths, 0)),
    app.accident_grade_by('serious_injuries', coalesce(serious_injuries, 0)),
    app.accident_grade_by('direct_loss_10k_yuan', coalesce(direct_loss_10k_yuan, 0)))
$$;

-- The criteria that reach the decided grade, in the order deaths, serious injuries, loss.
create or replace function app.accident_grade_decided_by(deaths int, serious_injuries int, direct_loss_10k_yuan numeric)
returns text[]
language sql immutable parallel safe
set search_path = ''
as $$
  with g as (select app.accident_grade_level(deaths, serious_injuries, direct_loss_10k_yuan) as lvl)
  select array_remove(array[
    case when app.accident_grade_by('deaths', coalesce(deaths, 0)) = g.lvl then 'deaths' end,
    case when app.accident_grade_by('serious_injuries', coalesce(serious_injuries, 0)) = g.lvl then 'serious_injuries' end,
    case when app.accident_grade_by('direct_loss_10k_yuan', coalesce(direct_loss_10k_yuan, 0)) = g.lvl then 'direct_loss_10k_yuan' end
  ], null)
  from g
$$;

create or replace function app.accident_grade_name(grade smallint, lang text) returns text
language sql immutable parallel safe
set search_path = ''
as $$
  select case when lang = 'zh' then (array['特别重大事故', '重大事故', '较大事故', '一般事故'])[grade]
    else (array['particularly serious', 'serious', 'relatively serious', 'ordinary'])[grade] end
$$;

-- A count argument: a whole number from 0 to 100,000 (a figure above any accident ever recorded).
create or replace function app.check_accident_count(value int, name text) returns void
language plpgsql immutable
set search_path = ''
as $$
begin
  perform app.require_arg(value, name);
  if value < 0 or value > 100000 then
    raise exception '%（人数）须为 0 到 100000 的整数（收到 %） / % must be a whole number from 0 to 100000 (got %)', name, value, name, value
      using errcode = '22023', detail = 'field: ' || name;
  end if;
end
$$;

create or replace function app.check_accident_loss(value numeric) returns void
language plpgsql immutable
set search_path = ''
as $$
begin
  perform app.require_arg(value, 'direct_loss_10k_yuan');
  if app.out_of_range(value, 0, 100000000) then
    raise exception 'direct_loss_10k_yuan（直接经济损失，万元）须为 0 到 100000000 之间的数（收到 %） / direct_loss_10k_yuan (万元) must be a number from 0 to 100000000 (got %)',
      value, value using errcode = '22023', detail = 'field: direct_loss_10k_yuan';
  end if;
end
$$;

-- accident_grade(deaths, serious_injuries, direct_loss_10k_yuan) → {"grade", "name_zh", "name_en",
-- "decided_by"}: the rule the UI mirrors (src/domain/accidents.ts). Counts are int: a fractional
-- count is refused by PostgREST's cast (400), a negative one here.
create or replace function public.accident_grade(deaths int, serious_injuries int, direct_loss_10k_yuan numeric)
returns jsonb
language plpgsql immutable
set search_path = ''
as $$
declare
  lvl smallint;
begin
  perform app.check_accident_count(deaths, 'deaths');
  perform app.check_accident_count(serious_injuries, 'serious_injuries');
  perform app.check_accident_loss(direct_loss_10k_yuan);
  lvl := app.accident_grade_level(deaths, serious_injuries, direct_loss_10k_yuan);
  return jsonb_build_object('grade', lvl,
    'name_zh', app.accident_grade_name(lvl, 'zh'),
    'name_en', app.accident_grade_name(lvl, 'en'),
    'decided_by', to_jsonb(app.accident_grade_decided_by(deaths, serious_injuries, direct_loss_10k_yuan)));
end
$$;

grant execute on function public.accident_grade(int, int, numeric) to anon, authenticated, service_role;

-- 3. Records -----------------------------------------------------------------------------------

create table public.accidents (
  id uuid primary key default gen_random_uuid(),
  occurred_at timestamptz not null,
  -- when the unit's first report arrived (首报); late_report when more than 1 hour after occurred_at
  first_reported_at timestamptz not null default now(),
  location extensions.geometry(Point, 4326) not null,
  area_code text references public.areas(code),
  enterprise_id uuid references public.enterprises(id),
  sector_code text not null references public.accident_sectors(code),
  category_code text references public.accident_categories(code),
  -- deaths include the missing (条例 art. 3)
  deaths int not null default 0 check (deaths >= 0),
  serious_injuries int not null default 0 check (serious_injuries >= 0),
  minor_injuries int not null default 0 check (minor_injuries >= 0),
  direct_loss_10k_yuan numeric(14, 2) not null default 0 check (direct_loss_10k_yuan >= 0),
  description text,
  -- computed by the trigger accidents_derive, whatever the writer sends
  grade smallint not null check (grade between 1 and 4),
  grade_decided_by text[] not null,
  late_report boolean not null,
  -- the public sees published accidents only (public_accidents), without names
  published boolean not null default false,
  created_by uuid default auth.uid(),
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint accidents_reported_after_occurrence check (first_reported_at >= occurred_at)
);

comment on table public.accidents is
  'Production-safety accidents (issue 16). Written through record_accident / update_accident; grade (条例 art. 3), late_report (首报 > 1 h) computed by the database; every change logged in accident_reports.';

create index accidents_location_idx on public.accidents using gist (location);
create index accidents_area_idx on public.accidents (area_code text_pattern_ops);
create index accidents_occurred_idx on public.accidents (occurred_at);
create index accidents_enterprise_idx on public.accidents (enterprise_id);
create index accidents_updated_idx on public.accidents (updated_at);

-- Derived columns: the area from the location (as every point table: app.resolve_area_code), the
-- grade and the late flag. Runs after the input limits (aa_input_limits sorts first).
create or replace function app.accidents_derive() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform app.check_lonlat(new.location, 'accidents.location');
  new.area_code := app.resolve_area_code(new.area_code,
    case when tg_op = 'UPDATE' then old.area_code end, tg_op = 'UPDATE', new.location);
  new.grade := app.accident_grade_level(new.deaths, new.serious_injuries, new.direct_loss_10k_yuan);
  new.grade_decided_by := app.accident_grade_decided_by(new.deaths, new.serious_injuries, new.direct_loss_10k_yuan);
  new.late_report := new.first_reported_at > new.occurred_at + interval '1 hour';
  new.updated_at := now();
  return new;
end
$$;

create trigger accidents_derive before insert or update on public.accidents
  for each row execute function app.accidents_derive();

-- The history: one row per report (first) and per later change, with the figures after it.
create table public.accident_reports (
  id bigint generated always as identity primary key,
  accident_id uuid not null references public.accidents(id),
  -- first: 首报; followup: a change within the 续报 window; correction: a later change (reason required)
  kind text not null check (kind in ('first', 'followup', 'correction')),
  reported_at timestamptz not null default now(),
  deaths int not null,
  serious_injuries int not null,
  minor_injuries int not null,
  direct_loss_10k_yuan numeric(14, 2) not null,
  grade smallint not null,
  -- the columns changed and their values before, e.g. {"deaths": 2}
  changed jsonb not null default '{}',
  reason text,
  actor_id uuid,
  actor_role text not null,
  late boolean not null default false,
  constraint accident_reports_correction_has_reason check (kind <> 'correction' or length(btrim(coalesce(reason, ''))) >= 4)
);

create index accident_reports_accident_idx on public.accident_reports (accident_id, id);

comment on table public.accident_reports is
  'Append-only history of accident reports: 首报 (first), 续报 (followup, within 30 days; 7 for road traffic and fire), corrections (later, with a reason). Written by triggers on accidents.';

-- Who wrote: the API role, or 'system' for maintenance and the demo loader (no request claims).
create or replace function app.actor_role() returns text
language sql stable
set search_path = ''
as $$ select case when app.claims() = '{}'::jsonb then 'system' else app.user_role() end $$;

-- The reason of a change, handed from update_accident to the history trigger in the transaction.
create or replace function app.accidents_log() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  window_days int;
  k text;
  diff jsonb := '{}';
  reason text := nullif(current_setting('app.accident_change_reason', true), '');
  cols constant text[] := array['occurred_at', 'first_reported_at', 'location', 'enterprise_id', 'sector_code',
    'category_code', 'deaths', 'serious_injuries', 'minor_injuries', 'direct_loss_10k_yuan', 'description', 'published'];
  o jsonb;
  n jsonb;
begin
  if tg_op = 'INSERT' then
    insert into public.accident_reports (accident_id, kind, reported_at, deaths, serious_injuries, minor_injuries,
      direct_loss_10k_yuan, grade, reason, actor_id, actor_role, late)
    values (new.id, 'first', new.first_reported_at, new.deaths, new.serious_injuries, new.minor_injuries,
      new.direct_loss_10k_yuan, new.grade, null, auth.uid(), app.actor_role(), new.late_report);
    return null;
  end if;
  o := to_jsonb(old);
  n := to_jsonb(new);
  foreach k in array cols loop
    if o -> k is distinct from n -> k then
      diff := diff || jsonb_build_object(k, o -> k);
    end if;
  end loop;
  if diff = '{}' then
    return null;
  end if;
  select s.followup_days into window_days from public.accident_sectors s where s.code = old.sector_code;
  insert into public.accident_reports (accident_id, kind, deaths, serious_injuries, minor_injuries,
    direct_loss_10k_yuan, grade, changed, reason, actor_id, actor_role)
  values (new.id,
    case when now() <= old.occurred_at + make_interval(days => window_days) then 'followup' else 'correction' end,
    new.deaths, new.serious_injuries, new.minor_injuries, new.direct_loss_10k_yuan, new.grade, diff,
    reason, auth.uid(), app.actor_role());
  return null;
end
$$;

create trigger accidents_log after insert or update on public.accidents
  for each row execute function app.accidents_log();

-- Accidents are never deleted: a record entered by mistake is corrected, with its reason.
create trigger accidents_no_delete before delete on public.accidents
  for each row execute function app.refuse_change('事故记录不可删除，请通过 update_accident 更正并说明理由 / accidents are never deleted (%s refused): correct the record through update_accident with a reason',
    'update_accident(id, changes, reason)');

create trigger accident_reports_append_only before update or delete on public.accident_reports
  for each row execute function app.refuse_change('事故报告历史只可追加 / accident_reports is append-only: %s refused', 'the history of an accident is never changed');

create trigger accident_reports_no_truncate before truncate on public.accident_reports
  for each statement execute function app.refuse_change('事故报告历史只可追加 / accident_reports is append-only: %s refused', 'the history of an accident is never changed');

create trigger accidents_no_truncate before truncate on public.accidents
  for each statement execute function app.refuse_change('事故记录不可删除 / accidents are never deleted (%s refused)', 'update_accident(id, changes, reason)');

-- Input limits (app.input_limits, compiled into the aa_input_limits trigger).
insert into app.input_limits (relation, col, kind, label_zh, required, min_len, max_len) values
  ('accidents', 'description', 'text', '事故简要经过', false, null, 4000),
  ('accident_reports', 'reason', 'text', '更正理由', false, null, 2000);

insert into app.input_limits (relation, col, kind, label_zh, min_num, max_num) values
  ('accidents', 'deaths', 'number', '死亡（含失踪）人数', 0, 100000),
  ('accidents', 'serious_injuries', 'number', '重伤人数', 0, 100000),
  ('accidents', 'minor_injuries', 'number', '轻伤人数', 0, 100000),
  ('accidents', 'direct_loss_10k_yuan', 'number', '直接经济损失（万元）', 0, 100000000);

insert into app.input_limits (relation, col, kind, label_zh, ref_table, ref_col) values
  ('accidents', 'sector_code', 'ref', '事故行业领域', 'accident_sectors', 'code'),
  ('accidents', 'category_code', 'ref', '事故类别（GB 6441）', 'accident_categories', 'code');

insert into app.input_limits (relation, col, kind, label_zh, required, min_len, max_len) values
  ('accident_sectors', 'name_zh', 'text', '中文名称', true, null, 100),
  ('accident_sectors', 'name_en', 'text', '英文名称', true, null, 200),
  ('accident_categories', 'name_zh', 'text', '中文名称', true, null, 100),
  ('accident_categories', 'name_en', 'text', '英文名称', true, null, 200);

select app.install_input_limits('accident_sectors');
select app.install_input_limits('accident_categories');
select app.install_input_limits('accidents');
select app.install_input_limits('accident_reports');

-- 4. Row security ------------------------------------------------------------------------------

alter table public.accidents enable row level security;
alter table public.accident_reports enable row level security;

revoke all on public.accidents, public.accident_reports from anon;
revoke insert, update, delete, truncate on public.accidents, public.accident_reports from authenticated, service_role;
grant select on public.accidents, public.accident_reports to authenticated, service_role;

create policy accidents_read on public.accidents for select to authenticated
  using ((select app.reads_all())
    or ((select app.user_role()) = 'regulator' and area_code like any ((select app.scope_patterns())::text[]))
    or ((select app.user_role()) = 'enterprise' and enterprise_id = (select app.enterprise_id())));

-- The history follows its accident (the accident's read policy applies inside exists).
create policy accident_reports_read on public.accident_reports for select to authenticated
  using (exists (select 1 from public.accidents a where a.id = accident_id));

-- 5. The API -----------------------------------------------------------------------------------

-- A number from the accident document: absent → default; otherwise a JSON number (a whole one for
-- counts), refused by name.
create or replace function app.accident_json_number(doc jsonb, key text, whole boolean, dflt numeric) returns numeric
language plpgsql immutable
set search_path = ''
as $$
declare
  v jsonb := doc -> key;
begin
  if v is null or v = 'null'::jsonb then
    return dflt;
  end if;
  if jsonb_typeof(v) <> 'number' then
    raise exception '%：须为数字（收到 %） / % must be a number (got %)', key, v, key, v using errcode = '22023', detail = 'field: ' || key;
  end if;
  if whole and (v::text::numeric <> trunc(v::text::numeric)) then
    raise exception '%：人数须为整数（收到 %） / % must be a whole number (got %)', key, v, key, v using errcode = '22023', detail = 'field: ' || key;
  end if;
  if v::text::numeric < 0 then
    raise exception '%：不能为负数（收到 %） / % must not be negative (got %)', key, v, key, v using errcode = '22023', detail = 'field: ' || key;
  end if;
  if not whole and v::text::numeric > 100000000 then
    raise exception '%：须为 0 到 100000000 之间的数（收到 %） / % must be a number from 0 to 100000000 (got %)', key, v, key, v using errcode = '22023', detail = 'field: ' || key;
  end if;
  if whole and v::text::numeric > 100000 then
    raise exception '%：须为 0 到 100000 的整数（收到 %） / % must be a whole number from 0 to 100000 (got %)', key, v, key, v using errcode = '22023', detail = 'field: ' || key;
  end if;
  return v::text::numeric;
end
$$;

create or replace function app.accident_json_time(doc jsonb, key text) returns timestamptz
language plpgsql stable
set search_path = ''
as $$
declare
  v text := doc ->> key;
begin
  if v is null then
    return null;
  end if;
  -- an ISO 8601 time with its offset: a time without one would be read in the server's zone
  if v !~ '^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)$' then
    raise exception '%：须为带时区的 ISO 8601 时间，如 2026-03-05T14:20:00+08:00（收到 %） / % must be an ISO 8601 time with its offset, e.g. 2026-03-05T14:20:00+08:00 (got %)',
      key, v, key, v using errcode = '22023', detail = 'field: ' || key;
  end if;
  begin
    return v::timestamptz;
  exception when others then
    raise exception '%：不是有效的时间（收到 %） / % is not a valid time (got %)', key, v, key, v using errcode = '22023', detail = 'field: ' || key;
  end;
end
$$;

-- The stored record as the API returns it.
create or replace function app.accident_json(a public.accidents) returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object('id', a.id, 'occurred_at', a.occurred_at, 'first_reported_at', a.first_reported_at,
    'lon', extensions.st_x(a.location), 'lat', extensions.st_y(a.location), 'area_code', a.area_code,
    'enterprise_id', a.enterprise_id, 'sector', a.sector_code, 'category', a.category_code,
    'deaths', a.deaths, 'serious_injuries', a.serious_injuries, 'minor_injuries', a.minor_injuries,
    'direct_loss_10k_yuan', a.direct_loss_10k_yuan, 'description', a.description,
    'grade', a.grade, 'grade_name_zh', app.accident_grade_name(a.grade, 'zh'), 'grade_name_en', app.accident_grade_name(a.grade, 'en'),
    'grade_decided_by', to_jsonb(a.grade_decided_by), 'late_report', a.late_report, 'published', a.published,
    'followup_until', a.occurred_at + make_interval(days => (select s.followup_days from public.accident_sectors s where s.code = a.sector_code)))
$$;

-- record_accident(accident jsonb) → the stored record with its grade and area.
-- Keys: occurred_at (ISO 8601 with offset), lon, lat, sector, category, enterprise_id, deaths,
-- serious_injuries, minor_injuries, direct_loss_10k_yuan, description; staff may add reported_at
-- (a report that arrived earlier by telephone, not after now) and published.
-- Who: admins and the service role anywhere; regulators inside their area; enterprises for their own
-- enterprise only (enterprise_id defaults to theirs). Refused: unknown keys, a future time, a place
-- outside the served region, negative or fractional counts, an unknown sector or category.
create or replace function public.record_accident(accident jsonb)
returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  allowed constant text[] := array['occurred_at', 'lon', 'lat', 'sector', 'category', 'enterprise_id', 'deaths',
    'serious_injuries', 'minor_injuries', 'direct_loss_10k_yuan', 'description', 'reported_at', 'published'];
  role text := app.user_role();
  k text;
  occurred timestamptz;
  reported timestamptz;
  lon float8;
  lat float8;
  pt extensions.geometry;
  area text;
  ent uuid;
  ent_area text;
  sector text;
  category text;
  rec public.accidents;
begin
  if role not in ('admin', 'service', 'regulator', 'enterprise') then
    raise exception '只有管理员、监管部门和企业可以报告事故（当前角色 %） / only admins, regulators and enterprises record accidents (role %)', role, role
      using errcode = '42501';
  end if;
  perform app.require_arg(accident, 'accident');
  if jsonb_typeof(accident) <> 'object' then
    raise exception 'accident must be a JSON object with occurred_at, lon, lat, sector, … (事故信息须为对象)' using errcode = '22023';
  end if;
  if octet_length(accident::text) > 16384 then
    raise exception 'accident：过大，最多 16384 字节 / accident is too large: at most 16384 bytes' using errcode = '22023';
  end if;
  for k in select jsonb_object_keys(accident) loop
    if not (k = any (allowed)) then
      raise exception '未知字段 %（可用：%） / unknown key % (known: %)', k, array_to_string(allowed, ', '), k, array_to_string(allowed, ', ')
        using errcode = '22023', detail = 'field: ' || k;
    end if;
  end loop;

  occurred := app.accident_json_time(accident, 'occurred_at');
  if accident ? 'published' and jsonb_typeof(accident -> 'published') <> 'boolean' then
    raise exception 'published：须为 true 或 false / published must be true or false' using errcode = '22023', detail = 'field: published';
  end if;
  if occurred is null then
    raise exception 'occurred_at：必填（事故发生时间） / occurred_at is required (when the accident happened)' using errcode = '22023', detail = 'field: occurred_at';
  end if;
  if occurred > now() + interval '5 minutes' then
    raise exception 'occurred_at：事故发生时间不能晚于现在（收到 %） / occurred_at is in the future (got %)', occurred, occurred
      using errcode = '22023', detail = 'field: occurred_at';
  end if;
  if occurred < timestamptz '1990-01-01 00:00+08' then
    raise exception 'occurred_at：早于 1990 年（收到 %） / occurred_at is before 1990 (got %)', occurred, occurred using errcode = '22023', detail = 'field: occurred_at';
  end if;
  reported := app.accident_json_time(accident, 'reported_at');
  if reported is not null and role = 'enterprise' then
    raise exception 'reported_at：企业的首报时间即提交时间 / reported_at: an enterprise''s report time is the time it is sent' using errcode = '42501', detail = 'field: reported_at';
  end if;
  if reported is not null and (reported > now() + interval '5 minutes' or reported < occurred) then
    raise exception 'reported_at：首报时间须在事故发生之后、不晚于现在（收到 %） / reported_at must lie between occurred_at and now (got %)', reported, reported
      using errcode = '22023', detail = 'field: reported_at';
  end if;
  reported := coalesce(reported, greatest(now(), occurred));

  if jsonb_typeof(accident -> 'lon') is distinct from 'number' or jsonb_typeof(accident -> 'lat') is distinct from 'number' then
    raise exception 'lon, lat：必填，须为数字（事故地点经纬度） / lon and lat are required numbers (where the accident happened)' using errcode = '22023', detail = 'field: lon';
  end if;
  lon := (accident ->> 'lon')::float8;
  lat := (accident ->> 'lat')::float8;
  if lon not between -180 and 180 or lat not between -90 and 90 then
    raise exception 'lon/lat 超出范围（%, %） / lon must be within [-180, 180] and lat within [-90, 90] (got %, %)', lon, lat, lon, lat using errcode = '22023', detail = 'field: lon';
  end if;
  pt := extensions.st_setsrid(extensions.st_makepoint(lon, lat), 4326);
  area := app.area_code_at(pt);
  if area is null then
    raise exception '地点（%, %）不在本平台服务的行政区域内 / the place (%, %) is outside the region this service covers', lon, lat, lon, lat
      using errcode = '22023', detail = 'field: lon';
  end if;

  sector := accident ->> 'sector';
  if sector is null then
    raise exception 'sector：必填（事故行业领域，如 imt_hazchem、road_traffic） / sector is required (e.g. imt_hazchem, road_traffic)' using errcode = '22023', detail = 'field: sector';
  end if;
  if not exists (select 1 from public.accident_sectors s where s.code = sector) then
    raise exception 'sector：未知的事故行业领域 %（见 accident_sectors） / sector % is not a known sector (see accident_sectors)', sector, sector
      using errcode = '22023', detail = 'field: sector';
  end if;
  category := accident ->> 'category';
  if category is not null and not exists (select 1 from public.accident_categories c where c.code = category) then
    raise exception 'category：未知的事故类别 %（GB 6441，见 accident_categories） / category % is not a GB 6441 category (see accident_categories)', category, category
      using errcode = '22023', detail = 'field: category';
  end if;

  if accident ? 'enterprise_id' and accident -> 'enterprise_id' <> 'null'::jsonb then
    if (accident ->> 'enterprise_id') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
      raise exception 'enterprise_id：不是有效的 UUID（收到 %） / enterprise_id is not a UUID (got %)', accident ->> 'enterprise_id', accident ->> 'enterprise_id'
        using errcode = '22023', detail = 'field: enterprise_id';
    end if;
    ent := (accident ->> 'enterprise_id')::uuid;
  end if;
  if role = 'enterprise' then
    if ent is not null and ent is distinct from app.enterprise_id() then
      raise exception '企业只能报告本企业的事故 / an enterprise records accidents of its own enterprise only' using errcode = '42501', detail = 'field: enterprise_id';
    end if;
    ent := app.enterprise_id();
    if ent is null then
      raise exception '此账号未关联企业 / this account belongs to no enterprise' using errcode = '42501';
    end if;
  end if;
  if ent is not null then
    select e.area_code into ent_area from public.enterprises e where e.id = ent;
    if not found then
      raise exception 'enterprise_id：没有此企业 % / enterprise_id: no enterprise %', ent, ent using errcode = '22023', detail = 'field: enterprise_id';
    end if;
  end if;
  if role = 'regulator' and not (area like any (app.scope_patterns())) then
    raise exception '地点（%）不在你的辖区内 / the place (area %) is outside your jurisdiction', area, area
      using errcode = '42501', detail = 'field: lon';
  end if;

  insert into public.accidents (occurred_at, first_reported_at, location, area_code, enterprise_id, sector_code, category_code,
    deaths, serious_injuries, minor_injuries, direct_loss_10k_yuan, description, published, grade, grade_decided_by, late_report)
  values (occurred, reported, pt, area, ent, sector, category,
    app.accident_json_number(accident, 'deaths', true, 0)::int,
    app.accident_json_number(accident, 'serious_injuries', true, 0)::int,
    app.accident_json_number(accident, 'minor_injuries', true, 0)::int,
    app.accident_json_number(accident, 'direct_loss_10k_yuan', false, 0),
    accident ->> 'description',
    case when role = 'enterprise' then false else coalesce((accident ->> 'published')::boolean, false) end,
    4, '{}', false)
  returning * into rec;
  return app.accident_json(rec);
end
$$;

revoke execute on function public.record_accident(jsonb) from public, anon;
grant execute on function public.record_accident(jsonb) to authenticated, service_role;

-- update_accident(id, changes, reason): 续报 and corrections. changes may hold deaths,
-- serious_injuries, minor_injuries, direct_loss_10k_yuan, description, category, published (staff).
-- Within the sector's window (30 days; road traffic and fire 7 days) a change needs no reason;
-- after it, reason (≥ 4 characters) is required. Who: as record_accident (an enterprise its own
-- accidents, regulators their area, admins everywhere).
create or replace function public.update_accident(id uuid, changes jsonb, reason text default null)
returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  allowed constant text[] := array['deaths', 'serious_injuries', 'minor_injuries', 'direct_loss_10k_yuan', 'description', 'category', 'published'];
  role text := app.user_role();
  a public.accidents;
  k text;
  window_days int;
  category text;
begin
  perform app.require_arg(id, 'id');
  perform app.require_arg(changes, 'changes');
  if role not in ('admin', 'service', 'regulator', 'enterprise') then
    raise exception '只有管理员、监管部门和企业可以续报事故（当前角色 %） / only admins, regulators and enterprises report on accidents (role %)', role, role
      using errcode = '42501';
  end if;
  if jsonb_typeof(changes) <> 'object' or changes = '{}' then
    raise exception 'changes 须为非空对象，如 {"deaths": 3} / changes must be a non-empty object, e.g. {"deaths": 3}' using errcode = '22023';
  end if;
  for k in select jsonb_object_keys(changes) loop
    if not (k = any (allowed)) then
      raise exception '不可续报的字段 %（可用：%） / % cannot be changed here (allowed: %)', k, array_to_string(allowed, ', '), k, array_to_string(allowed, ', ')
        using errcode = '22023', detail = 'field: ' || k;
    end if;
  end loop;
  select * into a from public.accidents x where x.id = update_accident.id;
  if not found or not app.may_write(a.area_code, a.enterprise_id, true) then
    raise exception '没有此事故，或你无权续报 / no such accident, or not yours to report on' using errcode = '42501';
  end if;
  if changes ? 'published' and jsonb_typeof(changes -> 'published') <> 'boolean' then
    raise exception 'published：须为 true 或 false / published must be true or false' using errcode = '22023', detail = 'field: published';
  end if;
  if role = 'enterprise' and changes ? 'published' then
    raise exception 'published：由监管部门发布 / published is set by regulators' using errcode = '42501', detail = 'field: published';
  end if;
  if reason is not null and length(reason) > 2000 then
    raise exception 'reason：过长，最多 2000 个字符 / reason is too long: at most 2000 characters' using errcode = '22023', detail = 'field: reason';
  end if;
  select s.followup_days into window_days from public.accident_sectors s where s.code = a.sector_code;
  if now() > a.occurred_at + make_interval(days => window_days) and length(btrim(coalesce(reason, ''))) < 4 then
    raise exception '续报期（事故后 % 日）已过，更正须说明理由（至少 4 个字） / the follow-up window (% days after the accident) has passed: a correction needs a reason (at least 4 characters)',
      window_days, window_days using errcode = '22023', detail = 'field: reason';
  end if;
  category := case when changes ? 'category' then changes ->> 'category' else a.category_code end;
  if category is not null and not exists (select 1 from public.accident_categories c where c.code = category) then
    raise exception 'category：未知的事故类别 %（GB 6441） / category % is not a GB 6441 category', category, category
      using errcode = '22023', detail = 'field: category';
  end if;
  perform set_config('app.accident_change_reason', coalesce(reason, ''), true);
  update public.accidents x set
    deaths = app.accident_json_number(changes, 'deaths', true, a.deaths)::int,
    serious_injuries = app.accident_json_number(changes, 'serious_injuries', true, a.serious_injuries)::int,
    minor_injuries = app.accident_json_number(changes, 'minor_injuries', true, a.minor_injuries)::int,
    direct_loss_10k_yuan = app.accident_json_number(changes, 'direct_loss_10k_yuan', false, a.direct_loss_10k_yuan),
    description = case when changes ? 'description' then changes ->> 'description' else a.description end,
    category_code = category,
    published = case when changes ? 'published' then coalesce((changes ->> 'published')::boolean, false) else a.published end
  where x.id = a.id
  returning * into a;
  perform set_config('app.accident_change_reason', '', true);
  return app.accident_json(a);
end
$$;

revoke execute on function public.update_accident(uuid, jsonb, text) from public, anon;
grant execute on function public.update_accident(uuid, jsonb, text) to authenticated, service_role;

-- 00:00 of 1 January in Beijing time (UTC+8, no daylight saving): years are Beijing years.
create or replace function app.beijing_year_start(year int) returns timestamptz
language sql immutable parallel safe
set search_path = ''
as $$ select (make_date(year, 1, 1)::timestamp - interval '8 hours') at time zone 'UTC' $$;

-- The public's view: published accidents without names or description, positions to ~100 m
-- (0.001°), the day only. A year at a time (at most 1,000 rows, newest first).
create or replace function public.public_accidents(year int)
returns table (id uuid, occurred_on date, district_code text, district_name text, sector text, category text,
  grade smallint, grade_name_zh text, grade_name_en text, deaths int, serious_injuries int, minor_injuries int,
  direct_loss_10k_yuan numeric, lon float8, lat float8)
language plpgsql stable security definer
set search_path = ''
as $$
begin
  perform app.require_arg(year, 'year');
  if year not between 1990 and 2100 then
    raise exception 'year must be between 1990 and 2100 (got %)', year using errcode = '22023';
  end if;
  return query
    select a.id, ((a.occurred_at at time zone 'UTC') + interval '8 hours')::date, d.code, d.name, a.sector_code, a.category_code,
      a.grade, app.accident_grade_name(a.grade, 'zh'), app.accident_grade_name(a.grade, 'en'),
      a.deaths, a.serious_injuries, a.minor_injuries, a.direct_loss_10k_yuan,
      round(extensions.st_x(a.location)::numeric, 3)::float8, round(extensions.st_y(a.location)::numeric, 3)::float8
    from public.accidents a
    left join public.areas d on d.code = left(a.area_code, 6) and d.level = 'district'
    where a.published
      and a.occurred_at >= app.beijing_year_start(year)
      and a.occurred_at < app.beijing_year_start(year + 1)
    order by a.occurred_at desc, a.id
    limit 1000;
end
$$;

grant execute on function public.public_accidents(int) to anon, authenticated, service_role;
