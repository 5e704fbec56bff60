-- Dangerous-goods vehicles tracked live (issue 19, the vehicles half): the register, restricted
-- zones, positions partitioned by day, the latest fix per vehicle, and alerts raised in the
-- database at ingestion with the fix's time.
--
--   dg_hazard_classes          reference: GB 6944-2012 / UN classes 1–9 with their divisions
--   dg_vehicles                a dangerous-goods vehicle: plate (unique), carrier enterprise, cargo
--                              UN number and hazard class, capacity, in service
--   vehicle_restricted_zones   禁行区: name, polygon, optional daily hours (China time, UTC+8)
--   vehicle_positions          (vehicle, t) → position, speed, heading; range-partitioned by UTC
--                              day, partitions in schema app (never exposed) plus a DEFAULT one
--   vehicle_latest             per vehicle: last fix, zones it is inside, the stop under way, the
--                              open signal-lost alert (the wall and the alert rules read this)
--   vehicle_alerts             restricted_zone, stopped_near_sensitive, signal_lost and
--                              signal_restored; append-only
--
--   ingest_vehicle_positions(positions jsonb)  the terminals' platform RPC (one-by-one refusals)
--   vehicle_sweep(at timestamptz)              signal_lost after 5 minutes without a fix
--   vehicle_maintain_partitions(at)            day partitions ahead, 6 months' retention behind
--   vehicle_network_rates(on_day date)         入网率 / 上线率 per carrier
--   vehicle_track(vehicle_id, on_day)          one vehicle's fixes of a day as column arrays (playback)
--
-- Positions are WGS-84 as the terminal sends them (JT/T 808): never shifted to GCJ-02 here.
-- Who ingests: the carrier's ingestion identity, app_metadata {"app_role": "ingest",
-- "enterprise_id": <carrier>} (the same claims model as monitoring), writes its own vehicles
-- only; admins and the service role any vehicle; everyone else, anon included, none.
-- pg_partman is not available on the local stacks (see monitoring): vehicle_maintain_partitions
-- does its job; on hosted Supabase call it daily with pg_cron.

-- 1. Reference: dangerous-goods classes (GB 6944-2012, the UN Model Regulations' classes) -------

create table public.dg_hazard_classes (
  code text primary key check (code ~ '^[1-9](\.[1-6])?$'),
  class smallint not null check (class between 1 and 9),
  name_zh text not null,
  name_en text not null
);
comment on table public.dg_hazard_classes is
  'Dangerous-goods classes and divisions (GB 6944-2012 危险货物分类和品名编号, UN Model Regulations).';

insert into public.dg_hazard_classes (code, class, name_zh, name_en) values
  ('1.1', 1, '爆炸品：有整体爆炸危险', 'Explosives: mass explosion hazard'),
  ('1.2', 1, '爆炸品：有迸射危险', 'Explosives: projection hazard'),
  ('1.3', 1, '爆炸品：有燃烧危险', 'Explosives: fire hazard'),
  ('1.4', 1, '爆炸品：不呈现重大危险', 'Explosives: no significant hazard'),
  ('1.5', 1, '爆炸品：很不敏感的整体爆炸物质', 'Explosives: very insensitive, mass explosion hazard'),
  ('1.6', 1, '爆炸品：极不敏感物品', 'Explosives: extremely insensitive articles'),
  ('2.1', 2, '易燃气体', 'Flammable gases'),
  ('2.2', 2, '非易燃无毒气体', 'Non-flammable, non-toxic gases'),
  ('2.3', 2, '毒性气体', 'Toxic gases'),
  ('3', 3, '易燃液体', 'Flammable liquids'),
  ('4.1', 4, '易燃固体、自反应物质和固态退敏爆炸品', 'Flammable solids, self-reactive substances, solid desensitized explosives'),
  ('4.2', 4, '易于自燃的物质', 'Substances liable to spontaneous combustion'),
  ('4.3', 4, '遇水放出易燃气体的物质', 'Substances which emit flammable gases in contact with water'),
  ('5.1', 5, '氧化性物质', 'Oxidizing substances'),
  ('5.2', 5, '有机过氧化物', 'Organic peroxides'),
  ('6.1', 6, '毒性物质', 'Toxic substances'),
  ('6.2', 6, '感染性物质', 'Infectious substances'),
  ('7', 7, '放射性物质', 'Radioactive material'),
  ('8', 8, '腐蚀性物质', 'Corrosive substances'),
  ('9', 9, '杂项危险物质和物品', 'Miscellaneous dangerous substances and articles');

insert into app.input_limits (relation, col, kind, label_zh, required, min_len, max_len) values
  ('dg_hazard_classes', 'name_zh', 'text', '中文名称', true, null, 100),
  ('dg_hazard_classes', 'name_en', 'text', '英文名称', true, null, 200);
select app.install_input_limits('dg_hazard_classes');

alter table public.dg_hazard_classes enable row level security;
revoke all on public.dg_hazard_classes from anon, authenticated;
grant select on public.dg_hazard_classes to anon, authenticated;
grant all on public.dg_hazard_classes to service_role;
create policy dg_hazard_classes_read on public.dg_hazard_classes for select to anon, authenticated using (true);

-- 2. Settings (private) ---------------------------------------------------------------------------

create table app.vehicle_settings (
  id boolean primary key default true check (id),
  -- 道路运输车辆动态监督管理办法: tracks are kept at least 6 months.
  retention interval not null default interval '6 months',
  max_batch int not null default 5000,
  future_tolerance interval not null default interval '5 minutes',
  max_speed_kmh float8 not null default 200,
  -- the served region: the districts' bounding box widened by this many degrees (~5.5 km)
  region_margin_deg float8 not null default 0.05,
  stopped_speed_kmh float8 not null default 5,
  -- a stop ends when the vehicle is this far from where it stopped (GPS wander stays one stop)
  stop_radius_m float8 not null default 100,
  stopped_after interval not null default interval '10 minutes',
  sensitive_radius_m float8 not null default 200,
  signal_lost_after interval not null default interval '5 minutes',
  -- China has one time zone and no daylight saving: zone hours are UTC+8.
  local_offset interval not null default interval '8 hours'
);
comment on table app.vehicle_settings is
  'Vehicle limits: retention (6 months), batch size, future tolerance, GPS-jump speed, served-region margin, stop and signal-lost rules, local offset of zone hours.';
insert into app.vehicle_settings default values;
revoke all on app.vehicle_settings from public, anon, authenticated;

-- 3. Vehicles -------------------------------------------------------------------------------------

create table public.dg_vehicles (
  id uuid primary key default gen_random_uuid(),
  plate text not null unique,
  carrier_enterprise_id uuid not null references public.enterprises(id) on delete restrict,
  -- copied from the carrier by trigger (row-level security: the carrier's regulator)
  area_code text references public.areas(code),
  un_number text,
  hazard_class text not null references public.dg_hazard_classes(code),
  capacity_t numeric,
  in_service boolean not null default true,
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index dg_vehicles_carrier_idx on public.dg_vehicles (carrier_enterprise_id);
create index dg_vehicles_area_idx on public.dg_vehicles (area_code text_pattern_ops);
comment on table public.dg_vehicles is
  'Dangerous-goods road vehicles (issue 19): plate, carrier, cargo UN number and GB 6944 class, capacity (t), in service.';

insert into app.input_limits (relation, col, kind, label_zh, pattern, pattern_zh, pattern_en) values
  ('dg_vehicles', 'plate', 'pattern', '车牌号',
    '^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z]([A-HJ-NP-Z0-9]{5,6}|[A-HJ-NP-Z0-9]{4}挂)$',
    '须为车牌号：省份简称 + 发牌机关字母 + 5–6 位字母数字（挂车为 4 位 + 挂），如 粤G12345',
    'must be a Chinese plate: province character, issuing-office letter, then 5 or 6 letters or digits (a trailer: 4 and 挂), e.g. 粤G12345'),
  ('dg_vehicles', 'un_number', 'pattern', '联合国编号',
    '^UN[0-9]{4}$', '须为 UN 加 4 位数字，如 UN1203', 'must be UN and 4 digits, e.g. UN1203');
insert into app.input_limits (relation, col, kind, label_zh, ref_table, ref_col) values
  ('dg_vehicles', 'hazard_class', 'ref', '危险货物类别', 'dg_hazard_classes', 'code');
insert into app.input_limits (relation, col, kind, label_zh, min_num, max_num) values
  ('dg_vehicles', 'capacity_t', 'number', '核定载质量（吨）', 0, 100);
select app.install_input_limits('dg_vehicles');

create or replace function app.dg_vehicle_rules() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  select e.area_code into new.area_code from public.enterprises e where e.id = new.carrier_enterprise_id;
  if not found then
    perform app.refuse_input('dg_vehicles.carrier_enterprise_id', '承运企业', '不存在', 'is not a known enterprise');
  end if;
  return new;
end
$$;
revoke all on function app.dg_vehicle_rules() from public, anon, authenticated;
create trigger ab_dg_vehicle_rules before insert or update on public.dg_vehicles
  for each row execute function app.dg_vehicle_rules();
create trigger touch_updated_at before update on public.dg_vehicles
  for each row execute function app.touch_updated_at();

alter table public.dg_vehicles enable row level security;
revoke all on public.dg_vehicles from anon, authenticated;
grant select, insert, update, delete on public.dg_vehicles to authenticated;
grant all on public.dg_vehicles to service_role;
-- Read: admin, command, planner all; the carrier's regulator; the carrier its own.
-- Write: admins, the carrier's regulator, the carrier its own register.
do $$
begin
  execute format('create policy dg_vehicles_read on public.dg_vehicles for select to authenticated using %s',
    app.rls_read('area_code', 'carrier_enterprise_id'));
  execute format('create policy dg_vehicles_insert on public.dg_vehicles for insert to authenticated with check %s',
    app.rls_write('area_code', 'carrier_enterprise_id'));
  execute format('create policy dg_vehicles_update on public.dg_vehicles for update to authenticated using %s with check %s',
    app.rls_write('area_code', 'carrier_enterprise_id'), app.rls_write('area_code', 'carrier_enterprise_id'));
  execute format('create policy dg_vehicles_delete on public.dg_vehicles for delete to authenticated using %s',
    app.rls_write('area_code', 'carrier_enterprise_id'));
end
$$;

-- 4. Restricted zones (禁行区) ------------------------------------------------------------------------

create table public.vehicle_restricted_zones (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  geom extensions.geometry(Geometry, 4326) not null
    constraint vehicle_restricted_zones_geom_type check (extensions.geometrytype(geom) in ('POLYGON', 'MULTIPOLYGON')),
  -- Daily hours in China time (UTC+8), [from, to); to < from wraps past midnight; both null: always.
  hours_from time,
  hours_to time,
  area_code text references public.areas(code),
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint vehicle_restricted_zones_hours check ((hours_from is null) = (hours_to is null) and (hours_from is null or hours_from <> hours_to))
);
create index vehicle_restricted_zones_geom_idx on public.vehicle_restricted_zones using gist (geom);
create index vehicle_restricted_zones_area_idx on public.vehicle_restricted_zones (area_code text_pattern_ops);
comment on table public.vehicle_restricted_zones is
  'Zones closed to dangerous-goods vehicles (禁行区), always or during daily hours [hours_from, hours_to) in China time (UTC+8).';

insert into app.input_limits (relation, col, kind, label_zh, required, min_len, max_len) values
  ('vehicle_restricted_zones', 'name', 'text', '禁行区名称', true, null, 200),
  ('vehicle_restricted_zones', 'geom', 'shape', '禁行区范围', false, null, 10000);
select app.install_input_limits('vehicle_restricted_zones');

create or replace function app.vehicle_zone_rules() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform app.check_lonlat(new.geom, 'vehicle_restricted_zones.geom');
  if not extensions.st_isvalid(new.geom) then
    perform app.refuse_input('vehicle_restricted_zones.geom', '禁行区范围', '不是有效的多边形（自相交或环未闭合）',
      'is not a valid polygon (self-intersecting or unclosed ring)');
  end if;
  if (new.hours_from is null) <> (new.hours_to is null) or new.hours_from = new.hours_to then
    perform app.refuse_input('vehicle_restricted_zones.hours_to', '禁行时段', '起止时间须同时给出且不相同（都不填表示全天禁行）',
      'hours_from and hours_to go together and differ (neither: closed all day)');
  end if;
  return new;
end
$$;
create trigger ab_vehicle_zone_rules before insert or update on public.vehicle_restricted_zones
  for each row execute function app.vehicle_zone_rules();
create trigger touch_updated_at before update on public.vehicle_restricted_zones
  for each row execute function app.touch_updated_at();

alter table public.vehicle_restricted_zones enable row level security;
revoke all on public.vehicle_restricted_zones from anon, authenticated;
grant select, insert, update, delete on public.vehicle_restricted_zones to authenticated;
grant all on public.vehicle_restricted_zones to service_role;
-- Every staff role reads the zones (shared context, like the city's protective targets); admins
-- and the area's regulator write them (a zone without an area: admins only).
create policy vehicle_restricted_zones_read on public.vehicle_restricted_zones for select to authenticated
  using ((select app.user_role()) in ('admin', 'command', 'planner', 'regulator', 'enterprise', 'service'));
do $$
begin
  execute format('create policy vehicle_restricted_zones_insert on public.vehicle_restricted_zones for insert to authenticated with check %s',
    app.rls_write('area_code', null));
  execute format('create policy vehicle_restricted_zones_update on public.vehicle_restricted_zones for update to authenticated using %s with check %s',
    app.rls_write('area_code', null), app.rls_write('area_code', null));
  execute format('create policy vehicle_restricted_zones_delete on public.vehicle_restricted_zones for delete to authenticated using %s',
    app.rls_write('area_code', null));
end
$$;

-- Does a zone apply at t? (its daily hours in China time; none: always)
create or replace function app.vehicle_zone_applies(hours_from time, hours_to time, t timestamptz, local_offset interval) returns boolean
language sql immutable
set search_path = ''
as $$
  select case
    when hours_from is null then true
    when hours_from < hours_to then ((t at time zone 'UTC') + local_offset)::time >= hours_from and ((t at time zone 'UTC') + local_offset)::time < hours_to
    else ((t at time zone 'UTC') + local_offset)::time >= hours_from or ((t at time zone 'UTC') + local_offset)::time < hours_to
  end
$$;

-- 5. Positions, partitioned by UTC day -------------------------------------------------------------

create table public.vehicle_positions (
  vehicle_id uuid not null references public.dg_vehicles(id) on delete cascade,
  t timestamptz not null,
  geom extensions.geometry(Point, 4326) not null,
  speed_kmh real,
  heading real,
  received_at timestamptz not null default now(),
  primary key (vehicle_id, t)
) partition by range (t);
comment on table public.vehicle_positions is
  'Vehicle fixes (WGS-84 as sent, never GCJ-02-shifted), partitioned by UTC day (partitions in schema app), kept 6 months; written only by ingest_vehicle_positions.';
create table app.vehicle_positions_default partition of public.vehicle_positions default;

create or replace function app.vehicle_ensure_partition(d date) returns boolean
language plpgsql
set search_path = ''
as $$
declare
  name text := 'vehicle_positions_' || to_char(d, 'YYYYMMDD');
begin
  if to_regclass('app.' || name) is not null then
    return false;
  end if;
  begin
    execute format('create table app.%I partition of public.vehicle_positions for values from (%L) to (%L)',
      name, d::text || ' 00:00:00+00', (d + 1)::text || ' 00:00:00+00');
  exception when duplicate_table or check_violation then
    -- made meanwhile by another session, or the DEFAULT partition already holds rows of that day
    return false;
  end;
  return true;
end
$$;
revoke all on function app.vehicle_ensure_partition(date) from public, anon, authenticated;

-- Yesterday … the day after tomorrow (UTC) exist; partitions wholly older than the retention (6
-- months) are dropped. Alerts are history and stay. Admins and the service role (pg_cron daily).
create or replace function public.vehicle_maintain_partitions(at timestamptz default now())
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  s app.vehicle_settings;
  made int := 0;
  dropped int := 0;
  p record;
  today date;
begin
  if app.user_role() not in ('admin', 'service') and app.claims() ->> 'role' is not null then
    raise exception 'vehicle_maintain_partitions: 仅管理员和服务角色 / admins and the service role only' using errcode = '42501';
  end if;
  perform app.require_arg(at, 'at');
  select * into s from app.vehicle_settings;
  today := (at at time zone 'UTC')::date;
  for i in -1..2 loop
    if app.vehicle_ensure_partition(today + i) then made := made + 1; end if;
  end loop;
  for p in
    select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'public.vehicle_positions'::regclass and c.relname ~ '^vehicle_positions_[0-9]{8}$'
      and ((to_date(right(c.relname, 8), 'YYYYMMDD') + 1)::text || ' 00:00:00+00')::timestamptz <= at - s.retention
  loop
    execute format('drop table app.%I', p.relname);
    dropped := dropped + 1;
  end loop;
  delete from app.vehicle_positions_default where t < at - s.retention;
  return jsonb_build_object('created', made, 'dropped', dropped, 'retention', s.retention::text);
end
$$;
revoke execute on function public.vehicle_maintain_partitions(timestamptz) from public, anon;
grant execute on function public.vehicle_maintain_partitions(timestamptz) to authenticated, service_role;

-- 6. Latest fix and rule state per vehicle ------------------------------------------------------------

create table public.vehicle_latest (
  vehicle_id uuid primary key references public.dg_vehicles(id) on delete cascade,
  first_t timestamptz,
  t timestamptz,
  geom extensions.geometry(Point, 4326),
  speed_kmh real,
  heading real,
  -- zones the last fix lies in (an entry is a zone not in this set before)
  zone_ids uuid[] not null default '{}',
  -- the stop under way: since when, where it began, and whether its alert was raised
  stopped_since timestamptz,
  stop_geom extensions.geometry(Point, 4326),
  stop_alerted boolean not null default false,
  signal_lost_alert_id uuid,
  updated_at timestamptz not null default now()
);
create index vehicle_latest_geom_idx on public.vehicle_latest using gist (geom);
create index vehicle_latest_t_idx on public.vehicle_latest (t);
comment on table public.vehicle_latest is 'Last fix and rule state per vehicle (the map and the wall read this), kept by ingest_vehicle_positions and vehicle_sweep.';
-- Written only by ingest_vehicle_positions from fixes already checked: the limits guard the invariant.
insert into app.input_limits (relation, col, kind, label_zh, min_num, max_num) values
  ('vehicle_latest', 'speed_kmh', 'number', '速度（km/h）', 0, 300),
  ('vehicle_latest', 'heading', 'number', '方向（度）', 0, 360);
select app.install_input_limits('vehicle_latest');

create or replace function app.dg_vehicle_created() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.vehicle_latest (vehicle_id) values (new.id) on conflict do nothing;
  return new;
end
$$;
revoke all on function app.dg_vehicle_created() from public, anon, authenticated;
create trigger dg_vehicle_created after insert on public.dg_vehicles
  for each row execute function app.dg_vehicle_created();

-- 7. Alerts (append-only) -------------------------------------------------------------------------------

create table public.vehicle_alerts (
  id uuid primary key default gen_random_uuid(),
  vehicle_id uuid not null references public.dg_vehicles(id) on delete restrict,
  carrier_enterprise_id uuid not null,
  area_code text,
  kind text not null check (kind in ('restricted_zone', 'stopped_near_sensitive', 'signal_lost', 'signal_restored')),
  -- the fix's time (signal_lost: last fix + 5 minutes; signal_restored: the next fix)
  at timestamptz not null,
  geom extensions.geometry(Point, 4326),
  zone_id uuid references public.vehicle_restricted_zones(id) on delete set null,
  target_id uuid references public.protective_targets(id) on delete set null,
  -- signal_restored: the signal_lost alert it ends
  ref_alert_id uuid references public.vehicle_alerts(id) on delete restrict,
  detail jsonb,
  created_at timestamptz not null default now()
);
create index vehicle_alerts_vehicle_idx on public.vehicle_alerts (vehicle_id, at desc);
create index vehicle_alerts_created_idx on public.vehicle_alerts (created_at desc);
create index vehicle_alerts_carrier_idx on public.vehicle_alerts (carrier_enterprise_id, created_at desc);
comment on table public.vehicle_alerts is
  'Vehicle alerts raised at ingestion with the fix''s time (restricted_zone, stopped_near_sensitive), by vehicle_sweep (signal_lost) and the next fix (signal_restored); append-only.';

insert into app.input_limits (relation, col, kind, label_zh, max_len) values
  ('vehicle_alerts', 'detail', 'json', '详情', 4000);
select app.install_input_limits('vehicle_alerts');

-- The set-null of a deleted zone or target is the one change the foreign keys make; everything
-- else is history.
create or replace function app.vehicle_alert_guard() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if (new.id, new.vehicle_id, new.kind, new.at, new.carrier_enterprise_id, new.ref_alert_id, new.created_at)
       is distinct from (old.id, old.vehicle_id, old.kind, old.at, old.carrier_enterprise_id, old.ref_alert_id, old.created_at)
     or new.area_code is distinct from old.area_code
     or new.detail is distinct from old.detail
     or (new.zone_id is distinct from old.zone_id and new.zone_id is not null)
     or (new.target_id is distinct from old.target_id and new.target_id is not null) then
    raise exception '车辆报警只能追加 / vehicle alerts are append-only: update refused' using errcode = '42501',
      hint = 'alerts are added by ingest_vehicle_positions and vehicle_sweep';
  end if;
  return new;
end
$$;
create trigger vehicle_alerts_append_only before update on public.vehicle_alerts
  for each row execute function app.vehicle_alert_guard();
create trigger vehicle_alerts_no_delete before delete on public.vehicle_alerts
  for each row execute function app.refuse_change('车辆报警只能追加 / vehicle alerts are append-only: %s refused', 'alerts are added by ingest_vehicle_positions and vehicle_sweep');
create trigger vehicle_alerts_no_truncate before truncate on public.vehicle_alerts
  for each statement execute function app.refuse_change('车辆报警只能追加 / vehicle alerts are append-only: %s refused', 'alerts are added by ingest_vehicle_positions and vehicle_sweep');

-- 8. Row-level security of the data tables ---------------------------------------------------------------

alter table public.vehicle_positions enable row level security;
alter table public.vehicle_latest enable row level security;
alter table public.vehicle_alerts enable row level security;
revoke all on public.vehicle_positions, public.vehicle_latest, public.vehicle_alerts from anon, authenticated, service_role;
grant select on public.vehicle_positions, public.vehicle_latest, public.vehicle_alerts to authenticated, service_role;
-- A vehicle's data: whoever reads the vehicle (its own RLS applies inside the sub-select).
create policy vehicle_positions_read on public.vehicle_positions for select to authenticated
  using (exists (select 1 from public.dg_vehicles v where v.id = vehicle_id));
create policy vehicle_latest_read on public.vehicle_latest for select to authenticated
  using (exists (select 1 from public.dg_vehicles v where v.id = vehicle_id));
do $$
begin
  execute format('create policy vehicle_alerts_read on public.vehicle_alerts for select to authenticated using %s',
    app.rls_read('area_code', 'carrier_enterprise_id'));
end
$$;

-- 9. Ingestion and the alert rules ------------------------------------------------------------------------

-- The platform's RPC. positions: [{"plate", "t", "lon", "lat", "speed_kmh"?, "heading"?}, …] →
-- {"accepted", "duplicates", "late", "rejected": [{"index", "message"}]}. Refused one by one
-- (index from 0), the good ones kept: not an object, unknown plate, a vehicle of another carrier
-- (ingestion identity), t not ISO 8601 with a zone, more than 5 minutes in the future, older than
-- the retention, lon/lat not numbers or off the earth, outside the served region (the districts'
-- bounding box + 0.05°), speed or heading out of range, and a fix implying more than 200 km/h
-- from the vehicle's previous accepted fix (a GPS jump; the fix is refused and the next one is
-- measured from the last accepted fix). Per vehicle the fixes are taken in time order whatever
-- their order in the batch. The same (vehicle, t) again is a duplicate (the first stays). A fix
-- older than the vehicle's latest (补传, sent late) is stored for the track and checked for a jump
-- against the stored fix before it, but moves no rule state ("late").
create or replace function public.ingest_vehicle_positions(positions jsonb)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  caller text := case when app.claims() ->> 'role' is null then 'service' else app.user_role() end;
  own uuid := app.enterprise_id();
  s app.vehicle_settings;
  n int;
  region extensions.geometry;
  rejected jsonb := '[]';
  accepted int := 0;
  duplicates int := 0;
  late int := 0;
  f record;
  cur uuid := null;
  st public.vehicle_latest;
  veh public.dg_vehicles;
  p extensions.geometry;
  prev_t timestamptz;
  prev_geom extensions.geometry;
  dist float8;
  kmh float8;
  moving float8;
  inside uuid[];
  z record;
  tgt uuid;
  dirty boolean := false;
  lost_id uuid;
begin
  if caller not in ('ingest', 'admin', 'service') then
    raise exception 'ingest_vehicle_positions: 只有承运企业的数据接入身份（app_role ingest）、管理员和服务角色可以写入定位 / only a carrier''s ingestion identity (app_role ingest), admins and the service role may write positions'
      using errcode = '42501';
  end if;
  if caller = 'ingest' and own is null then
    raise exception 'ingest_vehicle_positions: 数据接入身份未指定企业（app_metadata.enterprise_id）/ the ingestion identity names no enterprise (app_metadata.enterprise_id)'
      using errcode = '42501';
  end if;
  select * into s from app.vehicle_settings;
  if positions is null or jsonb_typeof(positions) <> 'array' then
    raise exception 'positions: 须为数组 [{"plate", "t", "lon", "lat", "speed_kmh", "heading"}, …] / must be an array of {"plate", "t", "lon", "lat", "speed_kmh", "heading"}'
      using errcode = '22023';
  end if;
  n := jsonb_array_length(positions);
  if n > s.max_batch then
    raise exception 'positions: 每次最多 % 条（收到 % 条）/ at most % positions per call (got %)', s.max_batch, n, s.max_batch, n
      using errcode = '22023';
  end if;
  if n = 0 then
    return jsonb_build_object('accepted', 0, 'duplicates', 0, 'late', 0, 'rejected', '[]'::jsonb);
  end if;
  perform app.vehicle_ensure_partition((now() at time zone 'UTC')::date);
  perform app.vehicle_ensure_partition((now() at time zone 'UTC')::date + 1);
  select extensions.st_expand(extensions.st_setsrid(extensions.st_extent(a.geom)::extensions.geometry, 4326), s.region_margin_deg)
    into region from public.areas a where a.level = 'district';

  for f in
    with items as (
      select (x.ord - 1)::int as idx, x.e, jsonb_typeof(x.e) = 'object' as obj
      from jsonb_array_elements(positions) with ordinality x(e, ord)
    ), fields as (
      select it.idx, it.e, it.obj,
        case when it.obj then it.e ->> 'plate' end as plate,
        case when it.obj and jsonb_typeof(it.e -> 't') = 'string' then it.e ->> 't' end as ts,
        case when it.obj then it.e -> 'lon' end as lonj,
        case when it.obj then it.e -> 'lat' end as latj,
        case when it.obj then it.e -> 'speed_kmh' end as spj,
        case when it.obj then it.e -> 'heading' end as hdj
      from items it
    ), parsed as (
      select fl.*, v.id as vehicle_id, v.carrier_enterprise_id, app.monitoring_parse_time(fl.ts) as t,
        case when jsonb_typeof(fl.lonj) = 'number' and abs((fl.lonj)::text::numeric) <= 1000 then (fl.lonj)::text::float8 end as lon,
        case when jsonb_typeof(fl.latj) = 'number' and abs((fl.latj)::text::numeric) <= 1000 then (fl.latj)::text::float8 end as lat,
        case when jsonb_typeof(fl.spj) = 'number' and abs((fl.spj)::text::numeric) <= 1000 then (fl.spj)::text::float8 end as speed,
        case when jsonb_typeof(fl.hdj) = 'number' and abs((fl.hdj)::text::numeric) <= 1000 then (fl.hdj)::text::float8 end as heading
      from fields fl left join public.dg_vehicles v on v.plate = fl.plate
    )
    select pp.idx, pp.vehicle_id, pp.t, pp.lon, pp.lat, pp.speed, pp.heading,
      case
        when not pp.obj then '定位须为对象 {"plate", "t", "lon", "lat"} / a position must be an object {"plate", "t", "lon", "lat"}'
        when pp.plate is null or btrim(pp.plate) = '' then 'plate: 必填 / required'
        when pp.vehicle_id is null then format('plate %s: 未登记的车辆 / unknown plate', left(pp.plate, 20))
        when caller = 'ingest' and pp.carrier_enterprise_id <> own then
          format('plate %s: 不是本企业的车辆，不能写入 / not a vehicle of your carrier: you may not write it', left(pp.plate, 20))
        when pp.ts is null then 't: 必填，ISO 8601 时间字符串 / required: an ISO 8601 time string'
        when pp.t is null then format('t: 不是带时区的 ISO 8601 时间（收到 %s）/ not an ISO 8601 time with a time zone (got %s)', left(pp.ts, 40), left(pp.ts, 40))
        when pp.t > now() + s.future_tolerance then
          format('t: 超前当前时间 %s 以上 / more than %s in the future (got %s)', s.future_tolerance, s.future_tolerance, pp.ts)
        when pp.t < now() - s.retention then
          format('t: 早于轨迹保留期 %s / older than the track retention of %s (got %s)', s.retention, s.retention, pp.ts)
        when jsonb_typeof(pp.lonj) is distinct from 'number' or jsonb_typeof(pp.latj) is distinct from 'number' then
          'lon, lat: 须为数字（WGS-84 度）/ must be numbers (WGS-84 degrees)'
        when pp.lon is null or pp.lat is null or pp.lon not between -180 and 180 or pp.lat not between -90 and 90 then
          format('lon, lat: 不在地球上（经度 −180…180，纬度 −90…90，收到 %s, %s）/ off the earth: longitude must be within [-180, 180] and latitude within [-90, 90] (got %s, %s)',
            left(pp.lonj::text, 30), left(pp.latj::text, 30), left(pp.lonj::text, 30), left(pp.latj::text, 30))
        when region is not null and not (pp.lon between extensions.st_xmin(region) and extensions.st_xmax(region)
                                         and pp.lat between extensions.st_ymin(region) and extensions.st_ymax(region)) then
          format('lon, lat: （%s, %s）不在本平台服务区域内 / (%s, %s) is outside the region this service covers', pp.lon, pp.lat, pp.lon, pp.lat)
        when pp.spj is not null and jsonb_typeof(pp.spj) <> 'null' and (pp.speed is null or pp.speed < 0 or pp.speed > 300) then
          'speed_kmh: 须为 0–300 的数字 / must be a number from 0 to 300'
        when pp.hdj is not null and jsonb_typeof(pp.hdj) <> 'null' and (pp.heading is null or pp.heading < 0 or pp.heading > 360) then
          'heading: 须为 0–360 的数字（度，正北为 0）/ must be a number from 0 to 360 (degrees from north)'
      end as err
    from parsed pp
    -- one lock order (vehicle id) for every batch and the sweep: no deadlocks between them
    order by pp.vehicle_id nulls first, pp.t, pp.idx
  loop
    if f.err is not null then
      rejected := rejected || jsonb_build_object('index', f.idx, 'message', f.err);
      continue;
    end if;
    if cur is distinct from f.vehicle_id then
      if dirty then
        update public.vehicle_latest set first_t = st.first_t, t = st.t, geom = st.geom, speed_kmh = st.speed_kmh, heading = st.heading,
          zone_ids = st.zone_ids, stopped_since = st.stopped_since, stop_geom = st.stop_geom, stop_alerted = st.stop_alerted,
          signal_lost_alert_id = st.signal_lost_alert_id, updated_at = now()
        where vehicle_id = cur;
      end if;
      cur := f.vehicle_id;
      dirty := false;
      select * into veh from public.dg_vehicles where id = cur;
      select * into st from public.vehicle_latest where vehicle_id = cur for update;
      if not found then
        insert into public.vehicle_latest (vehicle_id) values (cur) on conflict do nothing;
        select * into st from public.vehicle_latest where vehicle_id = cur for update;
      end if;
    end if;
    p := extensions.st_setsrid(extensions.st_makepoint(f.lon, f.lat), 4326);

    -- the fix before this one: the latest, or (a late fix) the stored one just before it
    if st.t is null or f.t > st.t then
      prev_t := st.t; prev_geom := st.geom;
    elsif f.t = st.t then
      duplicates := duplicates + 1;
      continue;
    else
      select x.t, x.geom into prev_t, prev_geom from public.vehicle_positions x
      where x.vehicle_id = cur and x.t <= f.t order by x.t desc limit 1;
      if prev_t = f.t then
        duplicates := duplicates + 1;
        continue;
      end if;
    end if;
    kmh := null;
    if prev_t is not null then
      dist := extensions.st_distance(prev_geom::extensions.geography, p::extensions.geography);
      kmh := dist / 1000 / (extract(epoch from f.t - prev_t) / 3600);
      if kmh > s.max_speed_kmh then
        rejected := rejected || jsonb_build_object('index', f.idx, 'message',
          format('位置跳变：距上一个定位（%s）%s 米，折合 %s km/h，超过 %s km/h / a GPS jump: %s m from the previous accepted fix (%s) implies %s km/h, above %s km/h',
            to_char(prev_t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), round(dist::numeric), round(kmh::numeric), s.max_speed_kmh,
            round(dist::numeric), to_char(prev_t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), round(kmh::numeric), s.max_speed_kmh));
        continue;
      end if;
    end if;

    insert into public.vehicle_positions (vehicle_id, t, geom, speed_kmh, heading)
    values (cur, f.t, p, f.speed, f.heading)
    on conflict do nothing;
    if not found then
      duplicates := duplicates + 1;
      continue;
    end if;
    accepted := accepted + 1;
    if st.t is not null and f.t < st.t then
      late := late + 1;
      continue;
    end if;

    -- a new latest fix: the rules, by the fix's time
    dirty := true;
    st.first_t := coalesce(st.first_t, f.t);
    if st.signal_lost_alert_id is not null then
      lost_id := st.signal_lost_alert_id;
      insert into public.vehicle_alerts (vehicle_id, carrier_enterprise_id, area_code, kind, at, geom, ref_alert_id)
      values (cur, veh.carrier_enterprise_id, veh.area_code, 'signal_restored', f.t, p, lost_id);
      st.signal_lost_alert_id := null;
    end if;

    -- restricted zones: one alert per entry into a zone that applies at the fix's time
    inside := '{}';
    for z in
      select rz.id, rz.name, rz.hours_from, rz.hours_to from public.vehicle_restricted_zones rz
      where rz.geom operator(extensions.&&) p and extensions.st_covers(rz.geom, p)
    loop
      inside := inside || z.id;
      if not (z.id = any (st.zone_ids)) and app.vehicle_zone_applies(z.hours_from, z.hours_to, f.t, s.local_offset) then
        insert into public.vehicle_alerts (vehicle_id, carrier_enterprise_id, area_code, kind, at, geom, zone_id, detail)
        values (cur, veh.carrier_enterprise_id, veh.area_code, 'restricted_zone', f.t, p, z.id, jsonb_build_object('zone', z.name));
      end if;
    end loop;
    st.zone_ids := inside;

    -- stopped: the reported speed (or, without one, the speed implied from the previous fix) at
    -- most 5 km/h and within 100 m of where the stop began
    moving := coalesce(f.speed, kmh, 0);
    if moving <= s.stopped_speed_kmh and st.stopped_since is not null
       and extensions.st_dwithin(st.stop_geom::extensions.geography, p::extensions.geography, s.stop_radius_m) then
      if not st.stop_alerted and f.t - st.stopped_since > s.stopped_after then
        select pt.id into tgt from public.protective_targets pt
        where pt.target_class = 'high_sensitivity'
          and pt.geom operator(extensions.&&) extensions.st_expand(p, 0.01)
          and extensions.st_dwithin(pt.geom::extensions.geography, p::extensions.geography, s.sensitive_radius_m)
        order by extensions.st_distance(pt.geom::extensions.geography, p::extensions.geography), pt.id
        limit 1;
        if tgt is not null then
          insert into public.vehicle_alerts (vehicle_id, carrier_enterprise_id, area_code, kind, at, geom, target_id, detail)
          select cur, veh.carrier_enterprise_id, veh.area_code, 'stopped_near_sensitive', f.t, p, tgt,
            jsonb_build_object('stopped_since', st.stopped_since, 'target', pt.name,
              'distance_m', round(extensions.st_distance(pt.geom::extensions.geography, p::extensions.geography)::numeric, 1))
          from public.protective_targets pt where pt.id = tgt;
          st.stop_alerted := true;
        end if;
      end if;
    elsif moving <= s.stopped_speed_kmh then
      st.stopped_since := f.t; st.stop_geom := p; st.stop_alerted := false;
    else
      st.stopped_since := null; st.stop_geom := null; st.stop_alerted := false;
    end if;

    st.t := f.t; st.geom := p; st.speed_kmh := f.speed; st.heading := f.heading;
  end loop;
  if dirty then
    update public.vehicle_latest set first_t = st.first_t, t = st.t, geom = st.geom, speed_kmh = st.speed_kmh, heading = st.heading,
      zone_ids = st.zone_ids, stopped_since = st.stopped_since, stop_geom = st.stop_geom, stop_alerted = st.stop_alerted,
      signal_lost_alert_id = st.signal_lost_alert_id, updated_at = now()
    where vehicle_id = cur;
  end if;

  return jsonb_build_object('accepted', accepted, 'duplicates', duplicates, 'late', late,
    'rejected', (select coalesce(jsonb_agg(r order by (r ->> 'index')::int), '[]') from jsonb_array_elements(rejected) r));
end
$$;
revoke execute on function public.ingest_vehicle_positions(jsonb) from public, anon;
grant execute on function public.ingest_vehicle_positions(jsonb) to authenticated, service_role;

-- 10. Signal lost ------------------------------------------------------------------------------------------

-- A vehicle in service whose last fix is more than 5 minutes before `at` gets one signal_lost
-- alert at last fix + 5 minutes; its next fix raises signal_restored (at that fix's time). A
-- vehicle that never reported has not been connected (入网) yet: no alert. Idempotent; run every
-- few seconds (the local stack's simulator does; pg_cron on hosted Supabase).
create or replace function public.vehicle_sweep(at timestamptz default now())
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  s app.vehicle_settings;
  n_lost int;
begin
  if app.user_role() not in ('admin', 'service') and app.claims() ->> 'role' is not null then
    raise exception 'vehicle_sweep: 仅管理员和服务角色（定时任务）/ admins and the service role (the scheduler) only' using errcode = '42501';
  end if;
  perform app.require_arg(at, 'at');
  select * into s from app.vehicle_settings;
  with due as (
    select l.vehicle_id, v.carrier_enterprise_id, v.area_code, l.t + s.signal_lost_after as due_at, l.geom
    from public.vehicle_latest l join public.dg_vehicles v on v.id = l.vehicle_id
    where v.in_service and l.t is not null and l.signal_lost_alert_id is null and l.t + s.signal_lost_after < at
    order by l.vehicle_id
    for update of l
  ), raised as (
    insert into public.vehicle_alerts (vehicle_id, carrier_enterprise_id, area_code, kind, at, geom)
    select d.vehicle_id, d.carrier_enterprise_id, d.area_code, 'signal_lost', d.due_at, d.geom from due d
    returning id, vehicle_id
  ), upd as (
    update public.vehicle_latest l set signal_lost_alert_id = r.id, updated_at = now()
    from raised r where l.vehicle_id = r.vehicle_id
    returning 1
  )
  select count(*) into n_lost from upd;
  return jsonb_build_object('signal_lost', n_lost);
end
$$;
revoke execute on function public.vehicle_sweep(timestamptz) from public, anon;
grant execute on function public.vehicle_sweep(timestamptz) to authenticated, service_role;

-- 11. 入网率 / 上线率 per carrier --------------------------------------------------------------------------

-- Per carrier the caller may read (its RLS): vehicles registered in service, networked (入网: have
-- ever reported, by the end of `on_day`) and online (上线: reported during `on_day`, China time), and
-- the two rates as the 联网联控 targets define them: 入网率 = networked ÷ registered, 上线率 =
-- online ÷ networked (null when the denominator is 0). `on_day` defaults to today (UTC+8).
create or replace function public.vehicle_network_rates(on_day date default null)
returns table (carrier_enterprise_id uuid, carrier_name text, registered int, networked int, online int,
  network_rate numeric, online_rate numeric)
language sql
stable
security invoker
set search_path = ''
as $$
  -- the day in China time (UTC+8, as app.vehicle_settings.local_offset; that table is private)
  with b as (
    select ((d::timestamp - interval '8 hours') at time zone 'UTC') as t0,
           (((d + 1)::timestamp - interval '8 hours') at time zone 'UTC') as t1
    from (select coalesce(on_day, ((now() at time zone 'UTC') + interval '8 hours')::date) as d) x
  ), per as (
    select v.carrier_enterprise_id,
      count(*)::int as registered,
      count(*) filter (where l.first_t < b.t1)::int as networked,
      count(*) filter (where l.first_t < b.t1 and (l.t >= b.t0 and l.t < b.t1
        or exists (select 1 from public.vehicle_positions p where p.vehicle_id = v.id and p.t >= b.t0 and p.t < b.t1)))::int as online
    from public.dg_vehicles v cross join b
    left join public.vehicle_latest l on l.vehicle_id = v.id
    where v.in_service
    group by v.carrier_enterprise_id
  )
  select per.carrier_enterprise_id, e.name, per.registered, per.networked, per.online,
    round(per.networked::numeric / nullif(per.registered, 0), 4),
    round(per.online::numeric / nullif(per.networked, 0), 4)
  from per left join public.enterprises e on e.id = per.carrier_enterprise_id
  order by e.name nulls last, per.carrier_enterprise_id
$$;
revoke execute on function public.vehicle_network_rates(date) from public, anon;
grant execute on function public.vehicle_network_rates(date) to authenticated, service_role;

-- 11b. One vehicle's track of a day (playback) --------------------------------------------------------------

-- The fixes of one vehicle during one day (China time, UTC+8; default today) as column arrays
-- in one JSON object, so a day of fixes every 10 s (8,640) is one answer however low the API's
-- row limit: {"vehicle_id", "day", "n", "t0", "t": [s since t0], "path": [[lon, lat]], "speed":
-- [km/h], "heading": [°]}, in time order. Under the caller's RLS: a vehicle the caller may not
-- read is refused as unknown.
create or replace function public.vehicle_track(vehicle_id uuid, on_day date default null)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  d date := coalesce(on_day, ((now() at time zone 'UTC') + interval '8 hours')::date);
  t0 timestamptz := (d::timestamp - interval '8 hours') at time zone 'UTC';
  out jsonb;
begin
  perform app.require_arg(vehicle_track.vehicle_id, 'vehicle_id');
  if not exists (select 1 from public.dg_vehicles v where v.id = vehicle_track.vehicle_id) then
    raise exception 'vehicle_id %: 不存在或无权查看 / no such vehicle you may read', vehicle_track.vehicle_id using errcode = '42501';
  end if;
  select jsonb_build_object('vehicle_id', vehicle_track.vehicle_id, 'day', d, 'n', count(*), 't0', t0,
      't', coalesce(jsonb_agg(extract(epoch from p.t - t0) order by p.t), '[]'),
      'path', coalesce(jsonb_agg(jsonb_build_array(round(extensions.st_x(p.geom)::numeric, 6), round(extensions.st_y(p.geom)::numeric, 6)) order by p.t), '[]'),
      'speed', coalesce(jsonb_agg(p.speed_kmh order by p.t), '[]'),
      'heading', coalesce(jsonb_agg(p.heading order by p.t), '[]'))
    into out
  from public.vehicle_positions p
  where p.vehicle_id = vehicle_track.vehicle_id and p.t >= t0 and p.t < t0 + interval '1 day';
  return out;
end
$$;
revoke execute on function public.vehicle_track(uuid, date) from public, anon;
grant execute on function public.vehicle_track(uuid, date) to authenticated, service_role;

-- 12. Demo fixes ------------------------------------------------------------------------------------------

-- A first fix for every demo vehicle in service that has none, 10 s ago, through
-- ingest_vehicle_positions: on the straight line between a chemical park and a district's centre
-- (synthetic routes), and every eighth vehicle inside a demo restricted zone, so the wall starts
-- with a few alerts. Called by the local stack's first start (supabase/local/seed.ts) and its
-- simulator. Idempotent.
create or replace function app.vehicle_seed_demo() returns int
language plpgsql
set search_path = ''
as $$
declare
  batch jsonb;
  n int := 0;
begin
  for batch in
    with v as (
      select d.plate, row_number() over (order by d.plate) as rn from public.dg_vehicles d
      join public.vehicle_latest l on l.vehicle_id = d.id
      where d.is_demo and d.in_service and l.t is null
    ), parks as (
      select extensions.st_pointonsurface(geom) as p, row_number() over (order by id) - 1 as k, count(*) over () as m
      from public.chemical_parks
    ), dists as (
      select extensions.st_pointonsurface(geom) as p, row_number() over (order by code) - 1 as k, count(*) over () as m
      from public.areas where level = 'district'
    ), zones as (
      select extensions.st_pointonsurface(geom) as p, row_number() over (order by id) - 1 as k, count(*) over () as m
      from public.vehicle_restricted_zones where is_demo and hours_from is null
    ), pos as (
      select v.rn, v.plate,
        coalesce(
          case when v.rn % 8 = 1 then (select z.p from zones z where z.k = v.rn % z.m) end,
          extensions.st_lineinterpolatepoint(extensions.st_makeline(
            (select pk.p from parks pk where pk.k = v.rn % pk.m),
            (select ds.p from dists ds where ds.k = (v.rn / 2) % ds.m)), ((v.rn * 37) % 100) / 100.0)) as p
      from v
    )
    select jsonb_agg(jsonb_build_object('plate', pos.plate,
        't', to_char((date_trunc('second', now()) - interval '10 seconds') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        'lon', round(extensions.st_x(pos.p)::numeric, 6), 'lat', round(extensions.st_y(pos.p)::numeric, 6),
        'speed_kmh', case when pos.rn % 8 = 1 then 30 else 40 + pos.rn % 30 end, 'heading', (pos.rn * 47) % 360))
    from pos where pos.p is not null
    group by (pos.rn - 1) / 5000
  loop
    n := n + (public.ingest_vehicle_positions(batch) ->> 'accepted')::int;
  end loop;
  return n;
end
$$;
revoke all on function app.vehicle_seed_demo() from public, anon, authenticated;

select public.vehicle_maintain_partitions(now());
