-- Live monitoring of major hazard sources (issue 17, first slice): sensor channels, readings
-- partitioned by day, the latest value per channel, 1-minute / 1-hour aggregates, and alarms
-- evaluated in the database by reading time, with an append-only history and acknowledgement.
--
--   monitoring_kinds         reference: kinds of channel with their default unit, range and (gas
--                            detectors, GB/T 50493-2019 §5.5.2) default thresholds
--   monitoring_channels      one sensor channel of a hazard source: code (what a gateway sends),
--                            range, LL / L / H / HH, sampling interval, deadband, clear hold
--   monitoring_readings      (channel, t) → v, range-partitioned by UTC day; the partitions live in
--                            schema app (never exposed), plus a DEFAULT partition as a safety net
--   monitoring_latest        per channel: last reading, state for the wall, and the open episodes
--   monitoring_aggregates    per channel and minute / hour: n, min, max, sum (sparklines)
--   monitoring_alarms        alarm episodes (H, HH, L, LL, fault, offline); never deleted; only
--                            their lifecycle columns change, and only through the functions below
--   monitoring_alarm_events  append-only log of every step (raised, hh, cleared, acknowledged, escalated)
--
--   ingest_readings(readings jsonb)            the gateway's RPC (set-based insert + alarm evaluation)
--   monitoring_sweep(at timestamptz)           offline episodes and 15-minute escalation (every few s)
--   acknowledge_monitoring_alarm(alarm_id, note)  the enterprise (own) or the area's regulator, admins
--   monitoring_maintain_partitions(at)         day partitions ahead, raw retention behind
--
-- pg_partman is not available on the local stacks (PGlite cannot load it, Debian has no package
-- for PostgreSQL 15): app.monitoring_ensure_partition and monitoring_maintain_partitions do its
-- job here (create the day partitions ahead, drop those past the retention). On hosted Supabase,
-- pg_partman (or pg_cron calling monitoring_maintain_partitions daily) does the same.
--
-- Who ingests: a per-enterprise ingestion identity, i.e. a service user (a GoTrue user, or a JWT
-- minted with the service key) whose app_metadata is {"app_role": "ingest", "enterprise_id": …}.
-- It uses the existing claims model unchanged (app_metadata is set only by the service role),
-- reads nothing else (no policy of any other table names the role 'ingest'), and writes only the
-- channels of its enterprise. Admins and the service role ingest for any channel. Never anon.

-- 1. Reference: kinds of channel ------------------------------------------------------------------

create table public.monitoring_kinds (
  code text primary key check (code ~ '^[a-z_]{2,40}$'),
  name_zh text not null,
  name_en text not null,
  default_unit text not null,
  default_range_min float8 not null,
  default_range_max float8 not null,
  -- Absolute default thresholds (flammable gas %LEL, oxygen %VOL) …
  default_l float8,
  default_h float8,
  default_hh float8,
  -- … or multiples of the channel's occupational exposure limit (toxic gas).
  h_times_exposure_limit float8,
  hh_times_exposure_limit float8,
  basis text,
  check (default_range_min < default_range_max)
);
comment on table public.monitoring_kinds is
  'Kinds of monitoring channel with default unit, instrument range and default thresholds (gas detectors: GB/T 50493-2019 §5.5.2).';

insert into public.monitoring_kinds (code, name_zh, name_en, default_unit, default_range_min, default_range_max,
    default_l, default_h, default_hh, h_times_exposure_limit, hh_times_exposure_limit, basis) values
  ('temperature', '温度', 'temperature', '°C', -50, 400, null, null, null, null, null, null),
  ('pressure', '压力', 'pressure', 'MPa', 0, 10, null, null, null, null, null, null),
  ('liquid_level', '液位', 'liquid level', '%', 0, 100, null, null, null, null, null, null),
  ('flammable_gas', '可燃气体浓度', 'flammable gas', '%LEL', 0, 100, null, 25, 50, null, null,
    'GB/T 50493-2019 §5.5.2: 一级报警 ≤ 25 %LEL, 二级报警 ≤ 50 %LEL'),
  ('toxic_gas', '有毒气体浓度', 'toxic gas', 'ppm', 0, 100, null, null, null, 1, 2,
    'GB/T 50493-2019 §5.5.2: 一级报警 ≤ 100 % 职业接触限值, 二级报警 ≤ 200 %'),
  ('oxygen', '氧气浓度', 'oxygen', '%VOL', 0, 30, 19.5, 23.5, null, null, null,
    '缺氧 19.5 %VOL / 富氧 23.5 %VOL'),
  ('flow', '流量', 'flow', 'm³/h', 0, 1000, null, null, null, null, null, null),
  ('other', '其他', 'other', '', 0, 100, null, null, null, null, null, null);

-- Migrations write it; the limits still catch a typo in a later one.
insert into app.input_limits (relation, col, kind, label_zh, required, min_len, max_len) values
  ('monitoring_kinds', 'name_zh', 'text', '中文名称', true, null, 100),
  ('monitoring_kinds', 'name_en', 'text', '英文名称', true, null, 200),
  ('monitoring_kinds', 'default_unit', 'text', '默认单位', false, null, 20),
  ('monitoring_kinds', 'basis', 'text', '依据', false, null, 1000);
select app.install_input_limits('monitoring_kinds');

alter table public.monitoring_kinds enable row level security;
revoke all on public.monitoring_kinds from anon, authenticated;
grant select on public.monitoring_kinds to anon, authenticated;
grant all on public.monitoring_kinds to service_role;
create policy monitoring_kinds_read on public.monitoring_kinds for select to anon, authenticated using (true);

-- 2. Settings (private) ---------------------------------------------------------------------------

create table app.monitoring_settings (
  id boolean primary key default true check (id),
  raw_retention interval not null,
  minute_retention interval not null default interval '90 days',
  hour_retention interval not null default interval '5 years',
  max_batch int not null default 5000,
  future_tolerance interval not null default interval '5 minutes',
  offline_factor int not null default 3,
  escalate_after interval not null default interval '15 minutes'
);
comment on table app.monitoring_settings is
  'Monitoring limits: raw retention (30 days on PostgreSQL, 24 h on PGlite), aggregate retention, batch size, future tolerance, offline factor, escalation delay.';
-- PGlite (WebAssembly, a browser-sized database) keeps raw readings for 24 h only.
insert into app.monitoring_settings (raw_retention)
select case when version() ilike '%emscripten%' or version() ilike '%wasm%' then interval '24 hours' else interval '30 days' end;
revoke all on app.monitoring_settings from public, anon, authenticated;

-- 3. Channels -------------------------------------------------------------------------------------

create table public.monitoring_channels (
  id uuid primary key default gen_random_uuid(),
  hazard_source_id uuid not null references public.hazard_sources(id) on delete cascade,
  -- Copied from the hazard source by trigger (for row-level security and the wall).
  enterprise_id uuid not null references public.enterprises(id) on delete cascade,
  area_code text references public.areas(code),
  code text not null unique,
  name text not null,
  kind text not null references public.monitoring_kinds(code),
  unit text not null,
  range_min float8 not null,
  range_max float8 not null,
  exposure_limit float8,
  ll float8,
  l float8,
  h float8,
  hh float8,
  interval_s integer not null default 10,
  deadband float8 not null,
  clear_hold_s integer not null default 60,
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint monitoring_channels_range check (range_min < range_max),
  constraint monitoring_channels_order check (
    (ll is null or l is null or ll < l) and (l is null or h is null or l < h) and (h is null or hh is null or h < hh)
    and (ll is null or h is null or ll < h) and (l is null or hh is null or l < hh) and (ll is null or hh is null or ll < hh))
);
create index monitoring_channels_source_idx on public.monitoring_channels (hazard_source_id);
create index monitoring_channels_enterprise_idx on public.monitoring_channels (enterprise_id);
create index monitoring_channels_area_idx on public.monitoring_channels (area_code text_pattern_ops);
comment on table public.monitoring_channels is
  'Sensor channels of hazard sources (issue 17): code sent by the gateway, instrument range, LL/L/H/HH, interval, deadband (default 5 % of range), clear hold (default 60 s).';

insert into app.input_limits (relation, col, kind, label_zh, required, min_len, max_len) values
  ('monitoring_channels', 'name', 'text', '通道名称', true, null, 200),
  ('monitoring_channels', 'unit', 'text', '单位', false, null, 20);
insert into app.input_limits (relation, col, kind, label_zh, pattern, pattern_zh, pattern_en) values
  ('monitoring_channels', 'code', 'pattern', '通道编码', '^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$',
    '须为 1–64 个字母、数字或 . _ : / -，以字母或数字开头', 'must be 1 to 64 letters, digits or . _ : / -, starting with a letter or digit');
insert into app.input_limits (relation, col, kind, label_zh, ref_table, ref_col) values
  ('monitoring_channels', 'kind', 'ref', '通道类型', 'monitoring_kinds', 'code');
insert into app.input_limits (relation, col, kind, label_zh, min_num, max_num) values
  ('monitoring_channels', 'range_min', 'number', '量程下限', -1000000000, 1000000000),
  ('monitoring_channels', 'range_max', 'number', '量程上限', -1000000000, 1000000000),
  ('monitoring_channels', 'exposure_limit', 'number', '职业接触限值', 0, 1000000000),
  ('monitoring_channels', 'll', 'number', '低低报', -1000000000, 1000000000),
  ('monitoring_channels', 'l', 'number', '低报', -1000000000, 1000000000),
  ('monitoring_channels', 'h', 'number', '高报', -1000000000, 1000000000),
  ('monitoring_channels', 'hh', 'number', '高高报', -1000000000, 1000000000),
  ('monitoring_channels', 'interval_s', 'number', '采样周期（秒）', 1, 86400),
  ('monitoring_channels', 'deadband', 'number', '死区', 0, 1000000000),
  ('monitoring_channels', 'clear_hold_s', 'number', '消警保持（秒）', 0, 86400);
select app.install_input_limits('monitoring_channels');

-- Defaults and the rules between columns, refused by name (after aa_input_limits).
create or replace function app.monitoring_channel_rules() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  k public.monitoring_kinds;
  src record;
  span float8;
  th record;
begin
  select h.enterprise_id, h.area_code into src from public.hazard_sources h where h.id = new.hazard_source_id;
  if not found then
    perform app.refuse_input('monitoring_channels.hazard_source_id', '危险源', '不存在', 'is not a known hazard source');
  end if;
  new.enterprise_id := src.enterprise_id;
  new.area_code := src.area_code;
  select * into k from public.monitoring_kinds where code = new.kind;
  if tg_op = 'INSERT' then
    new.unit := coalesce(new.unit, k.default_unit);
    new.range_min := coalesce(new.range_min, k.default_range_min);
    new.range_max := coalesce(new.range_max, k.default_range_max);
    -- Gas detectors: thresholds left out entirely take the kind's defaults (GB/T 50493-2019).
    if new.ll is null and new.l is null and new.h is null and new.hh is null then
      if k.h_times_exposure_limit is not null then
        if new.exposure_limit is null then
          perform app.refuse_input('monitoring_channels.exposure_limit', '职业接触限值',
            '有毒气体通道须给出阈值或职业接触限值（默认一级报警 = 100 %、二级 = 200 % 限值）',
            'a toxic gas channel needs thresholds or its occupational exposure limit (default H = 100 %, HH = 200 % of it)');
        end if;
        new.h := k.h_times_exposure_limit * new.exposure_limit;
        new.hh := k.hh_times_exposure_limit * new.exposure_limit;
      else
        new.l := k.default_l;
        new.h := k.default_h;
        new.hh := k.default_hh;
      end if;
    end if;
  end if;
  if new.range_min >= new.range_max then
    perform app.refuse_input('monitoring_channels.range_max', '量程上限', format('须大于量程下限 %s', new.range_min),
      format('must be above range_min %s', new.range_min));
  end if;
  span := new.range_max - new.range_min;
  if new.deadband is null then
    new.deadband := 0.05 * span;
  end if;
  if new.deadband > span then
    perform app.refuse_input('monitoring_channels.deadband', '死区', format('不能大于量程 %s', span), format('must not exceed the range span %s', span));
  end if;
  for th in select * from (values ('ll', '低低报', new.ll, 1), ('l', '低报', new.l, 2), ('h', '高报', new.h, 3), ('hh', '高高报', new.hh, 4)) x(col, label, v, ord) loop
    if th.v is not null and (th.v < new.range_min or th.v > new.range_max) then
      perform app.refuse_input('monitoring_channels.' || th.col, th.label,
        format('须在量程 %s–%s 之内（收到 %s）', new.range_min, new.range_max, th.v),
        format('must lie within the instrument range %s to %s (got %s)', new.range_min, new.range_max, th.v));
    end if;
  end loop;
  if exists (select 1 from (values (1, new.ll), (2, new.l), (3, new.h), (4, new.hh)) a(i, v)
             join (values (1, new.ll), (2, new.l), (3, new.h), (4, new.hh)) b(i, v) on a.i < b.i
             where a.v is not null and b.v is not null and a.v >= b.v) then
    perform app.refuse_input('monitoring_channels.h', '阈值', '须满足 低低报 < 低报 < 高报 < 高高报',
      'thresholds must be ordered ll < l < h < hh');
  end if;
  return new;
end
$$;
revoke all on function app.monitoring_channel_rules() from public, anon, authenticated;
create trigger ab_monitoring_channel_rules before insert or update on public.monitoring_channels
  for each row execute function app.monitoring_channel_rules();
create trigger touch_updated_at before update on public.monitoring_channels
  for each row execute function app.touch_updated_at();

alter table public.monitoring_channels enable row level security;
revoke all on public.monitoring_channels from anon, authenticated;
grant select, insert, update, delete on public.monitoring_channels to authenticated;
grant all on public.monitoring_channels to service_role;
-- Read: as hazard sources (admin, command, planner all; regulator its area; enterprise its own).
-- Write: admins and the area's regulator (thresholds are a safety setting, not the operator's).
do $$
begin
  execute format('create policy monitoring_channels_read on public.monitoring_channels for select to authenticated using %s',
    app.rls_read('area_code', 'enterprise_id'));
  execute format('create policy monitoring_channels_insert on public.monitoring_channels for insert to authenticated with check %s',
    app.rls_write('area_code', null));
  execute format('create policy monitoring_channels_update on public.monitoring_channels for update to authenticated using %s with check %s',
    app.rls_write('area_code', null), app.rls_write('area_code', null));
  execute format('create policy monitoring_channels_delete on public.monitoring_channels for delete to authenticated using %s',
    app.rls_write('area_code', null));
end
$$;

-- 4. Readings, partitioned by UTC day ------------------------------------------------------------

create table public.monitoring_readings (
  channel_id uuid not null references public.monitoring_channels(id) on delete cascade,
  t timestamptz not null,
  v float8 not null,
  received_at timestamptz not null default now(),
  primary key (channel_id, t)
) partition by range (t);
comment on table public.monitoring_readings is
  'Raw readings (channel, t) → v, partitioned by UTC day (partitions in schema app); written only by ingest_readings.';
create table app.monitoring_readings_default partition of public.monitoring_readings default;

create or replace function app.monitoring_ensure_partition(d date) returns boolean
language plpgsql
set search_path = ''
as $$
declare
  name text := 'monitoring_readings_' || to_char(d, 'YYYYMMDD');
begin
  if to_regclass('app.' || name) is not null then
    return false;
  end if;
  begin
    execute format('create table app.%I partition of public.monitoring_readings for values from (%L) to (%L)',
      name, d::text || ' 00:00:00+00', (d + 1)::text || ' 00:00:00+00');
  exception when duplicate_table or check_violation then
    -- another session made it meanwhile, or the DEFAULT partition already holds rows of that day
    -- (they stay there, still readable and unique per channel and time)
    return false;
  end;
  return true;
end
$$;
revoke all on function app.monitoring_ensure_partition(date) from public, anon, authenticated;

-- Today and tomorrow (UTC) exist; partitions wholly older than the raw retention are dropped, and
-- aggregates past their retention deleted. Admins and the service role (pg_cron, the local stack).
create or replace function public.monitoring_maintain_partitions(at timestamptz default now())
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  s app.monitoring_settings;
  made int := 0;
  dropped int := 0;
  p record;
  today date;
begin
  -- No request claims at all: called in SQL directly (migrations, pg_cron, the local stack's own
  -- connection), never through PostgREST, which always sets them (anon included).
  if app.user_role() not in ('admin', 'service') and app.claims() ->> 'role' is not null then
    raise exception 'monitoring_maintain_partitions: admins and the service role only (仅管理员)' using errcode = '42501';
  end if;
  perform app.require_arg(at, 'at');
  select * into s from app.monitoring_settings;
  today := (at at time zone 'UTC')::date;
  for i in -1..2 loop
    if app.monitoring_ensure_partition(today + i) then made := made + 1; end if;
  end loop;
  for p in
    select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'public.monitoring_readings'::regclass and c.relname ~ '^monitoring_readings_[0-9]{8}$'
      and ((to_date(right(c.relname, 8), 'YYYYMMDD') + 1)::text || ' 00:00:00+00')::timestamptz <= at - s.raw_retention
  loop
    execute format('drop table app.%I', p.relname);
    dropped := dropped + 1;
  end loop;
  delete from app.monitoring_readings_default where t < at - s.raw_retention;
  delete from public.monitoring_aggregates where width = '1m' and bucket < at - s.minute_retention;
  delete from public.monitoring_aggregates where width = '1h' and bucket < at - s.hour_retention;
  return jsonb_build_object('created', made, 'dropped', dropped, 'raw_retention', s.raw_retention::text);
end
$$;

-- 5. Latest value and state per channel -------------------------------------------------------------

create table public.monitoring_latest (
  channel_id uuid primary key references public.monitoring_channels(id) on delete cascade,
  t timestamptz,
  v float8,
  -- worst open episode: offline > fault > HH > LL > H > L > normal; no_data before the first reading
  status text not null default 'no_data' check (status in ('no_data', 'normal', 'L', 'H', 'LL', 'HH', 'fault', 'offline')),
  high_alarm_id uuid,
  low_alarm_id uuid,
  fault_alarm_id uuid,
  offline_alarm_id uuid,
  -- since which reading the value has stayed inside the clear band of the open high / low episode
  high_clear_since timestamptz,
  low_clear_since timestamptz,
  updated_at timestamptz not null default now()
);
create index monitoring_latest_status_idx on public.monitoring_latest (status) where status <> 'normal';
comment on table public.monitoring_latest is 'Latest reading and alarm state per channel (the wall reads this), kept by ingest_readings and monitoring_sweep.';

create or replace function app.monitoring_channel_created() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.monitoring_latest (channel_id) values (new.id) on conflict do nothing;
  return new;
end
$$;
revoke all on function app.monitoring_channel_created() from public, anon, authenticated;
create trigger monitoring_channel_created after insert on public.monitoring_channels
  for each row execute function app.monitoring_channel_created();

-- 6. Aggregates -----------------------------------------------------------------------------------

create table public.monitoring_aggregates (
  channel_id uuid not null references public.monitoring_channels(id) on delete cascade,
  width text not null check (width in ('1m', '1h')),
  bucket timestamptz not null,
  n integer not null,
  vmin float8 not null,
  vmax float8 not null,
  vsum float8 not null,
  primary key (channel_id, width, bucket)
);
-- Written only by ingest_readings from readings already checked: the limit guards the invariant.
insert into app.input_limits (relation, col, kind, label_zh, min_num, max_num) values
  ('monitoring_aggregates', 'n', 'number', '读数个数', 1, 100000000);
select app.install_input_limits('monitoring_aggregates');
create index monitoring_aggregates_bucket_idx on public.monitoring_aggregates (width, bucket);
comment on table public.monitoring_aggregates is '1-minute and 1-hour aggregates per channel (n, min, max, sum), kept longer than raw readings.';

-- 7. Alarms and their history -------------------------------------------------------------------------

create table public.monitoring_alarms (
  id uuid primary key default gen_random_uuid(),
  channel_id uuid not null references public.monitoring_channels(id) on delete restrict,
  hazard_source_id uuid not null,
  enterprise_id uuid not null,
  area_code text,
  kind text not null check (kind in ('H', 'HH', 'L', 'LL', 'fault', 'offline')),
  direction text generated always as (case when kind in ('H', 'HH') then 'high' when kind in ('L', 'LL') then 'low' else kind end) stored,
  threshold float8,
  raised_at timestamptz not null,
  escalated_to_hh_at timestamptz,
  peak float8,
  peak_at timestamptz,
  cleared_at timestamptz,
  acknowledged_by uuid,
  acknowledged_role text,
  acknowledged_at timestamptz,
  ack_note text,
  escalated_at timestamptz,
  created_at timestamptz not null default now(),
  constraint monitoring_alarms_cleared_after check (cleared_at is null or cleared_at >= raised_at)
);
-- One open episode per channel and direction: the rule, enforced.
create unique index monitoring_alarms_one_open on public.monitoring_alarms (channel_id, direction) where cleared_at is null;
create index monitoring_alarms_channel_idx on public.monitoring_alarms (channel_id, raised_at desc);
create index monitoring_alarms_source_idx on public.monitoring_alarms (hazard_source_id, raised_at desc);
create index monitoring_alarms_open_idx on public.monitoring_alarms (raised_at) where cleared_at is null;
create index monitoring_alarms_unacked_idx on public.monitoring_alarms (raised_at) where acknowledged_at is null and escalated_at is null;
comment on table public.monitoring_alarms is
  'Alarm episodes (H, HH, L, LL, fault, offline) by reading time; never deleted; lifecycle columns set only by ingest_readings, monitoring_sweep and acknowledge_monitoring_alarm.';

create table public.monitoring_alarm_events (
  id bigint generated always as identity primary key,
  alarm_id uuid not null references public.monitoring_alarms(id) on delete restrict,
  channel_id uuid not null,
  enterprise_id uuid not null,
  area_code text,
  event text not null check (event in ('raised', 'hh', 'cleared', 'acknowledged', 'escalated')),
  at timestamptz not null,
  value float8,
  actor uuid,
  actor_role text,
  note text,
  created_at timestamptz not null default now()
);
create index monitoring_alarm_events_alarm_idx on public.monitoring_alarm_events (alarm_id, id);
comment on table public.monitoring_alarm_events is 'Append-only history of every alarm step.';

insert into app.input_limits (relation, col, kind, label_zh, required, min_len, max_len) values
  ('monitoring_alarms', 'ack_note', 'text', '确认说明', false, null, 1000),
  ('monitoring_alarm_events', 'note', 'text', '说明', false, null, 1000);
select app.install_input_limits('monitoring_alarms');
select app.install_input_limits('monitoring_alarm_events');

create trigger monitoring_alarm_events_append_only before update or delete on public.monitoring_alarm_events
  for each row execute function app.refuse_change('报警记录只能追加 / alarm history is append-only: %s refused', 'alarm steps are added by the monitoring functions');
create trigger monitoring_alarm_events_no_truncate before truncate on public.monitoring_alarm_events
  for each statement execute function app.refuse_change('报警记录只能追加 / alarm history is append-only: %s refused', 'alarm steps are added by the monitoring functions');
create trigger monitoring_alarms_no_delete before delete on public.monitoring_alarms
  for each row execute function app.refuse_change('报警记录不能删除 / alarms are never deleted: %s refused', 'an alarm clears; its record stays');
create trigger monitoring_alarms_no_truncate before truncate on public.monitoring_alarms
  for each statement execute function app.refuse_change('报警记录不能删除 / alarms are never deleted: %s refused', 'an alarm clears; its record stays');

-- What may change in an episode: H → HH (L → LL), the peak, clearing once, acknowledging once,
-- escalating once. Everything else is history.
create or replace function app.monitoring_alarm_guard() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.id <> old.id or new.channel_id <> old.channel_id or new.raised_at <> old.raised_at
     or new.hazard_source_id <> old.hazard_source_id or new.enterprise_id <> old.enterprise_id
     or new.kind <> old.kind and not ((old.kind, new.kind) in (('H', 'HH'), ('L', 'LL')))
     or old.cleared_at is not null and new.cleared_at is distinct from old.cleared_at
     or old.acknowledged_at is not null and (new.acknowledged_at, new.acknowledged_by, new.ack_note) is distinct from (old.acknowledged_at, old.acknowledged_by, old.ack_note)
     or old.escalated_at is not null and new.escalated_at is distinct from old.escalated_at
     or old.escalated_to_hh_at is not null and new.escalated_to_hh_at is distinct from old.escalated_to_hh_at then
    raise exception '报警记录是历史，只能升级、消警、确认或上报各一次 / an alarm record is history: only H→HH, clearing, acknowledging and escalating (once each) may change it'
      using errcode = '42501';
  end if;
  return new;
end
$$;
create trigger monitoring_alarms_guard before update on public.monitoring_alarms
  for each row execute function app.monitoring_alarm_guard();

-- 8. Row-level security of the data tables ------------------------------------------------------------

alter table public.monitoring_readings enable row level security;
alter table public.monitoring_latest enable row level security;
alter table public.monitoring_aggregates enable row level security;
alter table public.monitoring_alarms enable row level security;
alter table public.monitoring_alarm_events enable row level security;
revoke all on public.monitoring_readings, public.monitoring_latest, public.monitoring_aggregates,
  public.monitoring_alarms, public.monitoring_alarm_events from anon, authenticated, service_role;
grant select on public.monitoring_readings, public.monitoring_latest, public.monitoring_aggregates,
  public.monitoring_alarms, public.monitoring_alarm_events to authenticated;
-- Even the service role only reads them: every write goes through the functions below, so no
-- reading skips the alarm rules and no history is rewritten.
grant select on public.monitoring_readings, public.monitoring_latest, public.monitoring_aggregates,
  public.monitoring_alarms, public.monitoring_alarm_events to service_role;

-- A channel's data: whoever reads the channel (its own RLS applies inside the sub-select).
create policy monitoring_readings_read on public.monitoring_readings for select to authenticated
  using (exists (select 1 from public.monitoring_channels c where c.id = channel_id));
create policy monitoring_latest_read on public.monitoring_latest for select to authenticated
  using (exists (select 1 from public.monitoring_channels c where c.id = channel_id));
create policy monitoring_aggregates_read on public.monitoring_aggregates for select to authenticated
  using (exists (select 1 from public.monitoring_channels c where c.id = channel_id));
do $$
begin
  execute format('create policy monitoring_alarms_read on public.monitoring_alarms for select to authenticated using %s',
    app.rls_read('area_code', 'enterprise_id'));
  execute format('create policy monitoring_alarm_events_read on public.monitoring_alarm_events for select to authenticated using %s',
    app.rls_read('area_code', 'enterprise_id'));
end
$$;

-- 9. Ingestion and alarm evaluation ------------------------------------------------------------------

-- A time the gateway sent: ISO 8601 with a time zone (Z or ±hh[:mm]); null when it is not one.
-- The pattern decides almost every case without a sub-transaction; only days 29–31 (which a
-- month may lack) go through the guarded cast.
create or replace function app.monitoring_parse_time(x text) returns timestamptz
language plpgsql stable
set search_path = ''
as $$
begin
  if x is null or length(x) > 40
     or x !~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?(Z|z|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)$' then
    return null;
  end if;
  if substr(x, 9, 2)::int <= 28 then
    return x::timestamptz;
  end if;
  begin
    return x::timestamptz;
  exception when others then
    return null;
  end;
end
$$;

-- Evaluates one channel's new readings (ascending t, all newer than its last reading) against its
-- thresholds, opening, escalating and clearing episodes by reading time, then stores its state.
create or replace function app.monitoring_evaluate(ch uuid, ts timestamptz[], vs float8[]) returns void
language plpgsql
set search_path = ''
as $$
declare
  c public.monitoring_channels;
  st public.monitoring_latest;
  t timestamptz;
  v float8;
  lvl text;
  clear_at float8;
  hold interval;
  hi_kind text; hi_peak float8; hi_peak_at timestamptz; hi_dirty boolean := false;
  lo_kind text; lo_peak float8; lo_peak_at timestamptz; lo_dirty boolean := false;
  f_peak float8; f_peak_at timestamptz; f_dirty boolean := false;
  new_id uuid;
begin
  select * into c from public.monitoring_channels where id = ch;
  select * into st from public.monitoring_latest where channel_id = ch for update;
  hold := make_interval(secs => c.clear_hold_s);
  if st.high_alarm_id is not null then
    select kind, peak, peak_at into hi_kind, hi_peak, hi_peak_at from public.monitoring_alarms where id = st.high_alarm_id;
  end if;
  if st.low_alarm_id is not null then
    select kind, peak, peak_at into lo_kind, lo_peak, lo_peak_at from public.monitoring_alarms where id = st.low_alarm_id;
  end if;
  if st.fault_alarm_id is not null then
    select peak, peak_at into f_peak, f_peak_at from public.monitoring_alarms where id = st.fault_alarm_id;
  end if;

  for i in 1..cardinality(ts) loop
    t := ts[i];
    v := vs[i];
    -- any newer reading ends an offline episode (never before it was raised)
    if st.offline_alarm_id is not null then
      update public.monitoring_alarms a set cleared_at = greatest(t, a.raised_at) where a.id = st.offline_alarm_id;
      insert into public.monitoring_alarm_events (alarm_id, channel_id, enterprise_id, area_code, event, at, value)
      select st.offline_alarm_id, ch, c.enterprise_id, c.area_code, 'cleared', greatest(t, a.raised_at), v
      from public.monitoring_alarms a where a.id = st.offline_alarm_id;
      st.offline_alarm_id := null;
    end if;

    if v < c.range_min or v > c.range_max then
      -- outside the instrument range: a fault, never a process alarm; the clear hold restarts
      if st.fault_alarm_id is null then
        insert into public.monitoring_alarms (channel_id, hazard_source_id, enterprise_id, area_code, kind, threshold, raised_at, peak, peak_at)
        values (ch, c.hazard_source_id, c.enterprise_id, c.area_code, 'fault', case when v > c.range_max then c.range_max else c.range_min end, t, v, t)
        returning id into new_id;
        insert into public.monitoring_alarm_events (alarm_id, channel_id, enterprise_id, area_code, event, at, value)
        values (new_id, ch, c.enterprise_id, c.area_code, 'raised', t, v);
        st.fault_alarm_id := new_id;
        f_peak := v; f_peak_at := t;
      elsif abs(v - (c.range_min + c.range_max) / 2) > abs(f_peak - (c.range_min + c.range_max) / 2) then
        f_peak := v; f_peak_at := t; f_dirty := true;
      end if;
      st.high_clear_since := null;
      st.low_clear_since := null;
      continue;
    end if;

    if st.fault_alarm_id is not null then
      if f_dirty then
        update public.monitoring_alarms set peak = f_peak, peak_at = f_peak_at where id = st.fault_alarm_id;
        f_dirty := false;
      end if;
      update public.monitoring_alarms set cleared_at = t where id = st.fault_alarm_id;
      insert into public.monitoring_alarm_events (alarm_id, channel_id, enterprise_id, area_code, event, at, value)
      values (st.fault_alarm_id, ch, c.enterprise_id, c.area_code, 'cleared', t, v);
      st.fault_alarm_id := null;
    end if;

    -- high side
    lvl := case when c.hh is not null and v >= c.hh then 'HH' when c.h is not null and v >= c.h then 'H' end;
    if st.high_alarm_id is not null then
      if v > hi_peak then hi_peak := v; hi_peak_at := t; hi_dirty := true; end if;
      if lvl = 'HH' and hi_kind = 'H' then
        update public.monitoring_alarms set kind = 'HH', escalated_to_hh_at = t, threshold = c.hh where id = st.high_alarm_id;
        insert into public.monitoring_alarm_events (alarm_id, channel_id, enterprise_id, area_code, event, at, value)
        values (st.high_alarm_id, ch, c.enterprise_id, c.area_code, 'hh', t, v);
        hi_kind := 'HH';
      end if;
      clear_at := coalesce(c.h, c.hh) - c.deadband;
      if v < clear_at then
        st.high_clear_since := coalesce(st.high_clear_since, t);
        if t - st.high_clear_since >= hold then
          update public.monitoring_alarms set cleared_at = t, peak = hi_peak, peak_at = hi_peak_at where id = st.high_alarm_id;
          insert into public.monitoring_alarm_events (alarm_id, channel_id, enterprise_id, area_code, event, at, value)
          values (st.high_alarm_id, ch, c.enterprise_id, c.area_code, 'cleared', t, v);
          st.high_alarm_id := null; st.high_clear_since := null; hi_dirty := false; hi_kind := null;
        end if;
      else
        st.high_clear_since := null;
      end if;
    elsif lvl is not null then
      insert into public.monitoring_alarms (channel_id, hazard_source_id, enterprise_id, area_code, kind, threshold, raised_at, peak, peak_at, escalated_to_hh_at)
      values (ch, c.hazard_source_id, c.enterprise_id, c.area_code, lvl, case lvl when 'HH' then c.hh else c.h end, t, v, t, case lvl when 'HH' then t end)
      returning id into new_id;
      insert into public.monitoring_alarm_events (alarm_id, channel_id, enterprise_id, area_code, event, at, value)
      values (new_id, ch, c.enterprise_id, c.area_code, 'raised', t, v);
      st.high_alarm_id := new_id; st.high_clear_since := null;
      hi_kind := lvl; hi_peak := v; hi_peak_at := t;
    end if;

    -- low side
    lvl := case when c.ll is not null and v <= c.ll then 'LL' when c.l is not null and v <= c.l then 'L' end;
    if st.low_alarm_id is not null then
      if v < lo_peak then lo_peak := v; lo_peak_at := t; lo_dirty := true; end if;
      if lvl = 'LL' and lo_kind = 'L' then
        update public.monitoring_alarms set kind = 'LL', escalated_to_hh_at = t, threshold = c.ll where id = st.low_alarm_id;
        insert into public.monitoring_alarm_events (alarm_id, channel_id, enterprise_id, area_code, event, at, value)
        values (st.low_alarm_id, ch, c.enterprise_id, c.area_code, 'hh', t, v);
        lo_kind := 'LL';
      end if;
      clear_at := coalesce(c.l, c.ll) + c.deadband;
      if v > clear_at then
        st.low_clear_since := coalesce(st.low_clear_since, t);
        if t - st.low_clear_since >= hold then
          update public.monitoring_alarms set cleared_at = t, peak = lo_peak, peak_at = lo_peak_at where id = st.low_alarm_id;
          insert into public.monitoring_alarm_events (alarm_id, channel_id, enterprise_id, area_code, event, at, value)
          values (st.low_alarm_id, ch, c.enterprise_id, c.area_code, 'cleared', t, v);
          st.low_alarm_id := null; st.low_clear_since := null; lo_dirty := false; lo_kind := null;
        end if;
      else
        st.low_clear_since := null;
      end if;
    elsif lvl is not null then
      insert into public.monitoring_alarms (channel_id, hazard_source_id, enterprise_id, area_code, kind, threshold, raised_at, peak, peak_at, escalated_to_hh_at)
      values (ch, c.hazard_source_id, c.enterprise_id, c.area_code, lvl, case lvl when 'LL' then c.ll else c.l end, t, v, t, case lvl when 'LL' then t end)
      returning id into new_id;
      insert into public.monitoring_alarm_events (alarm_id, channel_id, enterprise_id, area_code, event, at, value)
      values (new_id, ch, c.enterprise_id, c.area_code, 'raised', t, v);
      st.low_alarm_id := new_id; st.low_clear_since := null;
      lo_kind := lvl; lo_peak := v; lo_peak_at := t;
    end if;
  end loop;

  if hi_dirty and st.high_alarm_id is not null then
    update public.monitoring_alarms set peak = hi_peak, peak_at = hi_peak_at where id = st.high_alarm_id;
  end if;
  if lo_dirty and st.low_alarm_id is not null then
    update public.monitoring_alarms set peak = lo_peak, peak_at = lo_peak_at where id = st.low_alarm_id;
  end if;
  if f_dirty and st.fault_alarm_id is not null then
    update public.monitoring_alarms set peak = f_peak, peak_at = f_peak_at where id = st.fault_alarm_id;
  end if;

  update public.monitoring_latest set
    t = ts[cardinality(ts)],
    v = vs[cardinality(vs)],
    high_alarm_id = st.high_alarm_id,
    low_alarm_id = st.low_alarm_id,
    fault_alarm_id = st.fault_alarm_id,
    offline_alarm_id = null,
    high_clear_since = st.high_clear_since,
    low_clear_since = st.low_clear_since,
    status = case
      when st.fault_alarm_id is not null then 'fault'
      when hi_kind = 'HH' then 'HH'
      when lo_kind = 'LL' then 'LL'
      when st.high_alarm_id is not null then 'H'
      when st.low_alarm_id is not null then 'L'
      else 'normal' end,
    updated_at = now()
  where channel_id = ch;
end
$$;
revoke all on function app.monitoring_evaluate(uuid, timestamptz[], float8[]) from public, anon, authenticated;

-- The gateway's RPC. readings: [{"channel": "<code>", "t": "<ISO time with zone>", "v": <number>}, …]
-- → {"accepted", "duplicates", "late", "rejected": [{"index", "message"}]}. Bad readings are
-- refused one by one (index = position in the array, from 0); the good ones are kept; the same
-- (channel, t) again is a duplicate (the first value stays). Readings are evaluated in reading-time
-- order per channel, whatever their order in the batch; a reading not newer than the channel's
-- last evaluated reading (it arrived late, after a newer batch) is stored and aggregated but does
-- not move the channel's alarm state ("late" counts them).
create or replace function public.ingest_readings(readings jsonb)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  -- no request claims: called in SQL by the owner (the demo seed, pg_cron), as the service role
  caller text := case when app.claims() ->> 'role' is null then 'service' else app.user_role() end;
  own uuid := app.enterprise_id();
  s app.monitoring_settings;
  n int;
  valid int;
  accepted int;
  rejected jsonb;
  chs uuid[];
  tss timestamptz[];
  vss float8[];
  lasts timestamptz[];
  i int;
  j int;
  late int := 0;
  cur uuid;
  from_i int;
begin
  if caller not in ('ingest', 'admin', 'service') then
    raise exception 'ingest_readings: 只有企业的数据接入身份（app_role ingest）、管理员和服务角色可以写入读数 / only an enterprise''s ingestion identity (app_role ingest), admins and the service role may write readings'
      using errcode = '42501';
  end if;
  if caller = 'ingest' and own is null then
    raise exception 'ingest_readings: 数据接入身份未指定企业（app_metadata.enterprise_id）/ the ingestion identity names no enterprise (app_metadata.enterprise_id)'
      using errcode = '42501';
  end if;
  select * into s from app.monitoring_settings;
  if readings is null or jsonb_typeof(readings) <> 'array' then
    raise exception 'readings: 须为数组 [{"channel", "t", "v"}, …] / must be an array of {"channel", "t", "v"}' using errcode = '22023';
  end if;
  n := jsonb_array_length(readings);
  if n > s.max_batch then
    raise exception 'readings: 每次最多 % 条（收到 % 条）/ at most % readings per call (got %)', s.max_batch, n, s.max_batch, n
      using errcode = '22023';
  end if;
  if n = 0 then
    return jsonb_build_object('accepted', 0, 'duplicates', 0, 'late', 0, 'rejected', '[]'::jsonb);
  end if;
  perform app.monitoring_ensure_partition((now() at time zone 'UTC')::date);
  perform app.monitoring_ensure_partition((now() at time zone 'UTC')::date + 1);

  with items as (
    select (x.ord - 1)::int as idx, x.e,
      case when jsonb_typeof(x.e) = 'object' then x.e ->> 'channel' end as code,
      case when jsonb_typeof(x.e) = 'object' then x.e -> 'v' end as vj,
      case when jsonb_typeof(x.e) = 'object' and jsonb_typeof(x.e -> 't') = 'string' then x.e ->> 't' end as ts
    from jsonb_array_elements(readings) with ordinality x(e, ord)
  ), parsed as (
    select it.*, c.id as channel_id, c.enterprise_id, app.monitoring_parse_time(it.ts) as t
    from items it left join public.monitoring_channels c on c.code = it.code
  ), checked as materialized (
    select p.idx, p.channel_id, p.t,
      case when jsonb_typeof(p.vj) = 'number' and abs((p.vj)::text::numeric) <= 1e15 then (p.vj)::text::float8 end as v,
      case
        when jsonb_typeof(p.e) <> 'object' then '读数须为对象 {"channel", "t", "v"} / a reading must be an object {"channel", "t", "v"}'
        when p.code is null or btrim(p.code) = '' then 'channel: 必填 / required'
        when p.channel_id is null then format('channel %s: 未知的通道 / unknown channel', left(p.code, 64))
        when caller = 'ingest' and p.enterprise_id <> own then
          format('channel %s: 不是本企业的通道，不能写入 / not a channel of your enterprise: you may not write it', left(p.code, 64))
        when p.vj is null or jsonb_typeof(p.vj) = 'null' then 'v: 缺少数值 / missing value'
        when jsonb_typeof(p.vj) <> 'number' then format('v: 须为数字（收到 %s）/ must be a number (got a %s)', jsonb_typeof(p.vj), jsonb_typeof(p.vj))
        when abs((p.vj)::text::numeric) > 1e15 then 'v: 超出可表示范围 / out of range (|v| ≤ 1e15)'
        when p.ts is null then 't: 必填，ISO 8601 时间字符串 / required: an ISO 8601 time string'
        when p.t is null then format('t: 不是带时区的 ISO 8601 时间（收到 %s）/ not an ISO 8601 time with a time zone (got %s)', left(p.ts, 40), left(p.ts, 40))
        when p.t > now() + s.future_tolerance then
          format('t: 超前当前时间 %s 以上 / more than %s in the future (got %s)', s.future_tolerance, s.future_tolerance, p.ts)
        when p.t < now() - s.raw_retention then
          format('t: 早于原始数据保留期 %s / older than the raw retention of %s (got %s)', s.raw_retention, s.raw_retention, p.ts)
      end as err
    from parsed p
  ), ins as (
    insert into public.monitoring_readings (channel_id, t, v)
    select distinct on (k.channel_id, k.t) k.channel_id, k.t, k.v from checked k where k.err is null
    order by k.channel_id, k.t, k.idx
    on conflict do nothing
    returning channel_id, t, v
  )
  select
    (select count(*) from checked where err is null),
    (select coalesce(jsonb_agg(jsonb_build_object('index', idx, 'message', err) order by idx), '[]') from checked where err is not null),
    array_agg(ins.channel_id order by ins.channel_id, ins.t),
    array_agg(ins.t order by ins.channel_id, ins.t),
    array_agg(ins.v order by ins.channel_id, ins.t)
  into valid, rejected, chs, tss, vss
  from ins;
  accepted := coalesce(cardinality(chs), 0);
  if accepted = 0 then
    return jsonb_build_object('accepted', 0, 'duplicates', valid, 'late', 0, 'rejected', rejected);
  end if;

  -- aggregates (late readings included)
  insert into public.monitoring_aggregates as a (channel_id, width, bucket, n, vmin, vmax, vsum)
  select x.ch, w.width, date_trunc(w.unit, x.t), count(*), min(x.v), max(x.v), sum(x.v)
  from unnest(chs, tss, vss) x(ch, t, v) cross join (values ('1m', 'minute'), ('1h', 'hour')) w(width, unit)
  group by 1, 2, 3
  -- one order of row locks for every batch, so concurrent gateways never deadlock
  order by 1, 2, 3
  on conflict (channel_id, width, bucket) do update set
    n = a.n + excluded.n, vmin = least(a.vmin, excluded.vmin), vmax = greatest(a.vmax, excluded.vmax), vsum = a.vsum + excluded.vsum;

  -- alarm evaluation, one channel at a time, in reading-time order
  select array_agg(l.t order by u.ord) into lasts
  from unnest(chs) with ordinality u(ch, ord) left join public.monitoring_latest l on l.channel_id = u.ch;
  i := 1;
  while i <= accepted loop
    cur := chs[i];
    j := i;
    while j < accepted and chs[j + 1] = cur loop
      j := j + 1;
    end loop;
    -- skip the readings not newer than the channel's last one
    from_i := i;
    while from_i <= j and lasts[from_i] is not null and tss[from_i] <= lasts[from_i] loop
      from_i := from_i + 1;
    end loop;
    late := late + (from_i - i);
    if from_i <= j then
      perform app.monitoring_evaluate(cur, tss[from_i:j], vss[from_i:j]);
    end if;
    i := j + 1;
  end loop;

  return jsonb_build_object('accepted', accepted, 'duplicates', valid - accepted, 'late', late, 'rejected', rejected);
end
$$;
revoke execute on function public.ingest_readings(jsonb) from public, anon;
grant execute on function public.ingest_readings(jsonb) to authenticated, service_role;

-- 10. Offline and escalation --------------------------------------------------------------------------

-- Offline: no reading for more than offline_factor × interval_s (a channel never read counts from
-- its creation) raises an `offline` episode at last reading + 3 × interval. Escalation: an alarm
-- not acknowledged 15 minutes after it was raised (and not cleared before then) is escalated to
-- the area's regulator at raised_at + 15 min. Both by `at` (default now()), idempotent.
create or replace function public.monitoring_sweep(at timestamptz default now())
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  s app.monitoring_settings;
  n_offline int;
  n_escalated int;
begin
  -- No request claims at all: called in SQL directly (migrations, pg_cron, the local stack's own
  -- connection), never through PostgREST, which always sets them (anon included).
  if app.user_role() not in ('admin', 'service') and app.claims() ->> 'role' is not null then
    raise exception 'monitoring_sweep: 仅管理员和服务角色（定时任务）/ admins and the service role (the scheduler) only' using errcode = '42501';
  end if;
  perform app.require_arg(at, 'at');
  select * into s from app.monitoring_settings;

  with due as (
    select l.channel_id, c.hazard_source_id, c.enterprise_id, c.area_code,
      coalesce(l.t, c.created_at) + make_interval(secs => s.offline_factor * c.interval_s) as due_at
    from public.monitoring_latest l join public.monitoring_channels c on c.id = l.channel_id
    where l.offline_alarm_id is null
      and coalesce(l.t, c.created_at) + make_interval(secs => s.offline_factor * c.interval_s) < at
    -- rows locked in channel order, as ingest_readings locks them: no deadlock between the two
    order by l.channel_id
    for update of l
  ), raised as (
    insert into public.monitoring_alarms (channel_id, hazard_source_id, enterprise_id, area_code, kind, raised_at)
    select d.channel_id, d.hazard_source_id, d.enterprise_id, d.area_code, 'offline', d.due_at from due d
    returning id, channel_id, enterprise_id, area_code, raised_at
  ), ev as (
    insert into public.monitoring_alarm_events (alarm_id, channel_id, enterprise_id, area_code, event, at)
    select r.id, r.channel_id, r.enterprise_id, r.area_code, 'raised', r.raised_at from raised r
  ), upd as (
    update public.monitoring_latest l set offline_alarm_id = r.id, status = 'offline', updated_at = now()
    from raised r where l.channel_id = r.channel_id
    returning 1
  )
  select count(*) into n_offline from upd;

  with esc as (
    update public.monitoring_alarms a set escalated_at = a.raised_at + s.escalate_after
    where a.id in (
      select x.id from public.monitoring_alarms x
      where x.acknowledged_at is null and x.escalated_at is null
        and x.raised_at + s.escalate_after <= at
        and (x.cleared_at is null or x.cleared_at > x.raised_at + s.escalate_after)
      order by x.channel_id
      for update)
    returning a.id, a.channel_id, a.enterprise_id, a.area_code, a.escalated_at
  ), ev as (
    insert into public.monitoring_alarm_events (alarm_id, channel_id, enterprise_id, area_code, event, at)
    select e.id, e.channel_id, e.enterprise_id, e.area_code, 'escalated', e.escalated_at from esc e
    returning 1
  )
  select count(*) into n_escalated from ev;

  return jsonb_build_object('offline_raised', n_offline, 'escalated', n_escalated);
end
$$;
revoke execute on function public.monitoring_sweep(timestamptz) from public, anon;
grant execute on function public.monitoring_sweep(timestamptz) to authenticated, service_role;
revoke execute on function public.monitoring_maintain_partitions(timestamptz) from public, anon;
grant execute on function public.monitoring_maintain_partitions(timestamptz) to authenticated, service_role;

-- 11. Acknowledgement -----------------------------------------------------------------------------------

-- The enterprise (its own alarms) and the regulator of the area acknowledge, admins anywhere; the
-- command centre and planners see, never acknowledge. Once per alarm; the note ≤ 1,000 characters.
create or replace function public.acknowledge_monitoring_alarm(alarm_id uuid, note text default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  a public.monitoring_alarms;
  caller text := app.user_role();
  clean text := nullif(btrim(note), '');
begin
  perform app.require_arg(alarm_id, 'alarm_id');
  if caller not in ('admin', 'regulator', 'enterprise') then
    raise exception 'acknowledge_monitoring_alarm: 只有企业、属地监管部门和管理员可以确认报警 / only the enterprise, the area''s regulator and admins acknowledge alarms'
      using errcode = '42501';
  end if;
  select * into a from public.monitoring_alarms x where x.id = alarm_id for update;
  if not found or not app.may_write(a.area_code, a.enterprise_id, true) then
    raise exception 'alarm_id %: 不存在或不属于您的企业或辖区 / no such alarm of your enterprise or area', alarm_id
      using errcode = '42501';
  end if;
  if a.acknowledged_at is not null then
    raise exception 'alarm_id %: 已于 % 由 % 确认 / already acknowledged at % by %', alarm_id, a.acknowledged_at, a.acknowledged_role,
      a.acknowledged_at, a.acknowledged_role using errcode = '22023';
  end if;
  if length(clean) > 1000 then
    perform app.refuse_input('note', '确认说明', format('过长：最多 1000 个字符，收到 %s 个', length(clean)),
      format('is too long: at most 1000 characters, got %s', length(clean)));
  end if;
  update public.monitoring_alarms x set acknowledged_at = now(), acknowledged_by = auth.uid(), acknowledged_role = caller, ack_note = clean
  where x.id = a.id returning * into a;
  insert into public.monitoring_alarm_events (alarm_id, channel_id, enterprise_id, area_code, event, at, actor, actor_role, note)
  values (a.id, a.channel_id, a.enterprise_id, a.area_code, 'acknowledged', a.acknowledged_at, auth.uid(), caller, clean);
  return to_jsonb(a);
end
$$;
revoke execute on function public.acknowledge_monitoring_alarm(uuid, text) from public, anon;
grant execute on function public.acknowledge_monitoring_alarm(uuid, text) to authenticated, service_role;

-- 12. Demo channels -----------------------------------------------------------------------------------

-- Channels for the demo city: every hazard source of the demo enterprise with a hazard source and
-- every demo major hazard source (per source a temperature, a pressure, a level and a
-- flammable-gas channel, plus a toxic-gas channel on every third), codes DEMO-<source>-<n>, and
-- a first reading each through ingest_readings (every seventh channel above its H, so the wall
-- starts with a few alarms). Called by the local stack's first start (supabase/local/seed.ts) and
-- its simulator. Idempotent: existing codes are kept.
create or replace function app.monitoring_seed_demo() returns int
language plpgsql
set search_path = ''
as $$
declare
  made int;
  batch jsonb;
begin
  with src as (
    select h.id, row_number() over (order by h.id) as n from public.hazard_sources h
    where h.is_demo and (h.is_major or h.enterprise_id = 'de300000-0000-4000-8000-00000000e001')
  ), spec as (
    select * from (values
      (1, 'temperature', '储罐温度', -20::float8, 150::float8, null::float8, null::float8, 60::float8, 80::float8, null::float8),
      (2, 'pressure', '储罐压力', 0, 2.5, null, null, 1.6, 2.0, null),
      (3, 'liquid_level', '储罐液位', 0, 100, 10, 20, 85, 95, null),
      (4, 'flammable_gas', '可燃气体', 0, 100, null, null, null, null, null),
      (5, 'toxic_gas', '有毒气体', 0, 100, null, null, null, null, 10)) x(k, kind, label, rmin, rmax, ll, l, h, hh, oel)
  ), ins as (
    insert into public.monitoring_channels (hazard_source_id, code, name, kind, unit, range_min, range_max, ll, l, h, hh, exposure_limit, interval_s, is_demo)
    select s.id, format('DEMO-%s-%s', lpad(s.n::text, 4, '0'), p.k), p.label, p.kind, null, p.rmin, p.rmax, p.ll, p.l, p.h, p.hh, p.oel, 10, true
    from src s cross join spec p
    where p.k <= 4 or s.n % 3 = 0
    on conflict (code) do nothing
    returning 1
  )
  select count(*) into made from ins;

  -- in calls of at most 5,000 readings (ingest_readings' bound), whatever the city's scale
  for batch in
    select jsonb_agg(jsonb_build_object('channel', c.code, 't', to_char((date_trunc('second', now()) - interval '10 seconds') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        'v', round((case when c.rn % 7 = 1 then c.h + 0.02 * (c.range_max - c.range_min)
                        else coalesce(c.l, c.range_min) + 0.4 * (coalesce(c.h, c.range_max) - coalesce(c.l, c.range_min)) end)::numeric, 2)))
    from (select ch.*, row_number() over (order by ch.code) as rn from public.monitoring_channels ch
          join public.monitoring_latest l on l.channel_id = ch.id
          where ch.is_demo and l.t is null) c
    group by (c.rn - 1) / 5000
  loop
    perform public.ingest_readings(batch);
  end loop;
  return made;
end
$$;
revoke all on function app.monitoring_seed_demo() from public, anon, authenticated;

select public.monitoring_maintain_partitions(now());
