-- Public notices and the serious-dishonesty list (issue 18, first slice).
--
-- public_notices: 挂牌督办公告, 黑名单公告, 预警, 事故通报, 一般公告. A regulator drafts (or drafts
-- one from a listed major hidden danger in one step), another regulator of the area or an admin
-- publishes it with publish_notice(id) (never the author), and anyone with the right withdraws it
-- with a reason (withdraw_notice). Status, publication and withdrawal change only through those
-- functions; a published notice's text is never edited (withdraw and draft anew). Every step is
-- appended to public_notice_events, which nobody edits. Publishing refuses text holding a resident
-- ID number (18 digits with a valid GB 11643 check character) or a mainland mobile number, naming
-- the field and the character position (DOMAIN.md: never publish a resident ID or a personal phone);
-- src/domain/notices.ts mirrors the check for the forms. The public reads published, unexpired
-- notices through public_notices_active() only (the table itself is staff-only: drafts are internal).
-- Closing a hidden danger proposes withdrawing its notices (a flag and an event, not a withdrawal:
-- the decision stays with a person).
--
-- credit_blacklist: 严重失信主体名单 (应急管理部令第11号): 3 years by default; credit repair
-- (remove_from_blacklist) no earlier than 12 months after listing, recorded on the row, which is
-- never deleted.

-- 1. Personal data in text ---------------------------------------------------------------------

-- GB 11643-1999: 17 digits weighted 2^(17-i) mod 11, check character '10X98765432'[sum mod 11].
create or replace function app.resident_id_is_valid(id text) returns boolean
language plpgsql immutable parallel safe
set search_path = ''
as $$
declare
  weights constant int[] := array[7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  total int := 0;
begin
  if id is null or id !~ '^[0-9]{17}[0-9Xx]$' then
    return false;
  end if;
  for i in 1..17 loop
    total := total + (ascii(substr(id, i, 1)) - 48) * weights[i];
  end loop;
  return upper(substr(id, 18, 1)) = substr('10X98765432', total % 11 + 1, 1);
end
$$;

-- Resident ID numbers and mainland mobile numbers in a text: kind, 1-based character position,
-- length and a masked form (the message must not repeat the number). Full-width digits count as
-- digits (same positions). An 18-digit run with a wrong check character or an impossible birth
-- date is not an ID (registration and document numbers look alike); digits glued to longer runs
-- are neither.
create or replace function app.personal_data_in_text(txt text)
returns table (kind text, pos int, len int, masked text)
language plpgsql immutable parallel safe
set search_path = ''
as $$
declare
  t text := translate(coalesce(txt, ''), '０１２３４５６７８９Ｘｘ', '0123456789Xx');
  id_re constant text := '(?<![0-9])[1-9][0-9]{5}(18|19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9A-Za-z])';
  mobile_re constant text := '(?<![0-9])(\+?86[- ]?)?1[3-9][0-9](-| )?[0-9]{4}(-| )?[0-9]{4}(?![0-9])';
  n int;
  p int;
  m text;
  digits text;
begin
  n := 1;
  loop
    p := regexp_instr(t, id_re, 1, n);
    exit when p = 0;
    m := substring(t from p for 18);
    if app.resident_id_is_valid(m) then
      kind := 'resident_id'; pos := p; len := 18;
      masked := left(m, 4) || repeat('*', 12) || right(m, 2);
      return next;
    end if;
    n := n + 1;
  end loop;
  n := 1;
  loop
    p := regexp_instr(t, mobile_re, 1, n);
    exit when p = 0;
    m := regexp_substr(t, mobile_re, 1, n);
    digits := right(regexp_replace(m, '[^0-9]', '', 'g'), 11);
    kind := 'mobile'; pos := p; len := length(m);
    masked := left(digits, 3) || '****' || right(digits, 4);
    return next;
    n := n + 1;
  end loop;
end
$$;

grant execute on function app.resident_id_is_valid(text) to anon, authenticated, service_role;
grant execute on function app.personal_data_in_text(text) to anon, authenticated, service_role;

-- Refuses the first finding in the given fields, naming field, position and kind (22023 → 400).
create or replace function app.refuse_personal_data(fields text[], texts text[], labels text[]) returns void
language plpgsql immutable
set search_path = ''
as $$
declare
  f record;
begin
  for i in 1..coalesce(array_length(fields, 1), 0) loop
    select * into f from app.personal_data_in_text(texts[i]) x order by x.pos limit 1;
    if found then
      raise exception '%（%）第 % 个字符起疑似%（%），公开发布前请删除。 / % contains what looks like a % at character % (%): remove it before publishing.',
        fields[i], labels[i], f.pos, case f.kind when 'resident_id' then '居民身份证号码' else '手机号码' end, f.masked,
        fields[i], case f.kind when 'resident_id' then 'resident ID number' else 'mobile phone number' end, f.pos, f.masked
        using errcode = '22023', detail = format('field: %s; position: %s; kind: %s', fields[i], f.pos, f.kind);
    end if;
  end loop;
end
$$;

-- 2. public_notices ------------------------------------------------------------------------------

create table public.public_notices (
  id uuid primary key default gen_random_uuid(),
  kind text not null default 'general'
    constraint public_notices_kind_known check (kind in ('listed_danger', 'blacklist', 'regional_warning', 'accident_bulletin', 'general')),
  title text not null check (length(btrim(title)) between 2 and 200),
  body text not null check (length(body) <= 8000),
  -- 1–4 = red, orange, yellow, blue (risk_levels); required for a regional warning.
  level smallint check (level between 1 and 4),
  -- The areas the notice concerns (administrative codes); area_code is the jurisdiction it belongs
  -- to (who may edit and publish it): the first of them unless given.
  area_codes text[] not null default '{}' check (cardinality(area_codes) <= 50),
  geom extensions.geometry(MultiPolygon, 4326),
  area_code text not null references public.areas(code),
  status text not null default 'draft' constraint public_notices_status_known check (status in ('draft', 'published', 'withdrawn')),
  published_at timestamptz,
  valid_until timestamptz,
  hidden_danger_id uuid references public.hidden_dangers(id) on delete restrict,
  enterprise_id uuid references public.enterprises(id) on delete restrict,
  author_id uuid,
  author_role text not null default 'system',
  approver_id uuid,
  approver_role text,
  withdrawn_at timestamptz,
  withdrawal_reason text check (length(withdrawal_reason) <= 2000),
  -- Set when the hidden danger behind the notice is closed: someone should withdraw it.
  withdrawal_proposed_at timestamptz,
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint public_notices_warning_has_level check (kind <> 'regional_warning' or level is not null),
  constraint public_notices_published_has_date check ((status = 'draft') = (published_at is null) or status = 'withdrawn'),
  constraint public_notices_withdrawn_has_reason check ((status = 'withdrawn') = (withdrawn_at is not null and withdrawal_reason is not null)),
  constraint public_notices_valid_after_published check (valid_until is null or published_at is null or valid_until > published_at)
);

comment on table public.public_notices is
  'Public notices and warnings (issue 18): drafted by regulators, published by another regulator of the area or an admin (publish_notice), withdrawn with a reason (withdraw_notice). The public reads public_notices_active().';

create index public_notices_area_idx on public.public_notices (area_code text_pattern_ops);
create index public_notices_active_idx on public.public_notices (status, valid_until);
create index public_notices_danger_idx on public.public_notices (hidden_danger_id) where hidden_danger_id is not null;
create index public_notices_geom_idx on public.public_notices using gist (geom);
create index public_notices_updated_idx on public.public_notices (updated_at);
-- One live notice per hidden danger: a second draft would be published twice.
create unique index public_notices_one_per_danger on public.public_notices (hidden_danger_id)
  where hidden_danger_id is not null and status <> 'withdrawn';

create table public.public_notice_events (
  id bigint generated always as identity primary key,
  notice_id uuid not null references public.public_notices(id) on delete restrict,
  at timestamptz not null default now(),
  actor_id uuid,
  actor_role text not null,
  action text not null check (action in ('drafted', 'edited', 'published', 'withdrawn', 'withdrawal_proposed')),
  note text check (length(note) <= 2000),
  details jsonb not null default '{}'
);

create index public_notice_events_notice_idx on public.public_notice_events (notice_id, at);

create or replace function app.record_notice_event(p_notice uuid, p_action text, p_note text, p_details jsonb) returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  a jsonb := app.actor();
begin
  insert into public.public_notice_events (notice_id, actor_id, actor_role, action, note, details)
  values (p_notice, case when (a ->> 'id') ~* '^[0-9a-f-]{36}$' then (a ->> 'id')::uuid end, a ->> 'role', p_action,
    p_note, coalesce(p_details, '{}'));
end
$$;

revoke execute on function app.record_notice_event(uuid, text, text, jsonb) from public, anon, authenticated;

create trigger public_notice_events_append_only before update or delete on public.public_notice_events
  for each row execute function app.refuse_change('notice history is append-only: it cannot be %sd (公告记录不可修改或删除)', 'withdraw the notice instead');

create trigger public_notice_events_no_truncate before truncate on public.public_notice_events
  for each statement execute function app.refuse_change('notice history is append-only: it cannot be %sd (公告记录不可修改或删除)', 'withdraw the notice instead');

-- What API roles may write directly: a draft's content. The jurisdiction follows the areas, every
-- area code must exist, and a regulator writes only inside its own districts.
create or replace function app.guard_public_notice_write() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  a jsonb := app.actor();
  bad text;
begin
  if new.area_code is null then
    new.area_code := new.area_codes[1];
  end if;
  if cardinality(new.area_codes) = 0 and new.area_code is not null then
    new.area_codes := array[new.area_code];
  end if;
  select c into bad from unnest(new.area_codes) c where not exists (select 1 from public.areas x where x.code = c) limit 1;
  if bad is not null or new.area_code is null then
    perform app.refuse_input('public_notices.area_codes', '公告区域', format('须为已知的区划代码（收到 %s）', coalesce(bad, '空')),
      format('must hold known area codes (got %s)', coalesce(bad, 'none')));
  end if;
  if current_user not in ('anon', 'authenticated', 'service_role') then
    return new;  -- the notice functions (security definer) and maintenance, e.g. the demo loader
  end if;
  if app.user_role() = 'regulator' then
    select c into bad from unnest(new.area_codes || new.area_code) c where not (c like any (app.scope_patterns())) limit 1;
    if bad is not null then
      raise exception 'public_notices.area_codes: area % is outside your jurisdiction; an admin publishes notices for other or wider areas (区域超出辖区)', bad
        using errcode = '42501';
    end if;
  end if;
  if tg_op = 'INSERT' then
    if new.status <> 'draft' or new.published_at is not null or new.approver_id is not null or new.withdrawn_at is not null
       or new.withdrawal_reason is not null or new.withdrawal_proposed_at is not null then
      raise exception 'a new notice starts as a draft; publish it with publish_notice() and withdraw it with withdraw_notice() (新公告只能是草稿)'
        using errcode = '42501';
    end if;
    new.author_id := case when (a ->> 'id') ~* '^[0-9a-f-]{36}$' then (a ->> 'id')::uuid end;
    new.author_role := a ->> 'role';
    new.approver_role := null;
    return new;
  end if;
  if new.status is distinct from old.status or new.published_at is distinct from old.published_at
     or new.approver_id is distinct from old.approver_id or new.approver_role is distinct from old.approver_role
     or new.withdrawn_at is distinct from old.withdrawn_at or new.withdrawal_reason is distinct from old.withdrawal_reason
     or new.withdrawal_proposed_at is distinct from old.withdrawal_proposed_at
     or new.author_id is distinct from old.author_id or new.author_role is distinct from old.author_role
     or new.created_at is distinct from old.created_at then
    raise exception 'status, publication, withdrawal and authorship change only through publish_notice() and withdraw_notice() (状态只能通过发布、撤回办理)'
      using errcode = '42501';
  end if;
  if old.status <> 'draft' and (new.title is distinct from old.title or new.body is distinct from old.body
     or new.kind is distinct from old.kind or new.level is distinct from old.level or new.area_codes is distinct from old.area_codes
     or new.area_code is distinct from old.area_code or new.valid_until is distinct from old.valid_until
     or extensions.st_asewkb(new.geom) is distinct from extensions.st_asewkb(old.geom)
     or new.hidden_danger_id is distinct from old.hidden_danger_id or new.enterprise_id is distinct from old.enterprise_id) then
    raise exception 'a % notice is not edited: withdraw it and draft a new one (已发布或已撤回的公告不可修改)', old.status
      using errcode = '42501';
  end if;
  return new;
end
$$;

create trigger public_notices_guard before insert or update on public.public_notices
  for each row execute function app.guard_public_notice_write();

create trigger public_notices_touch before update on public.public_notices
  for each row execute function app.touch_updated_at();

create or replace function app.public_notice_logged() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  changes jsonb := '{}';
begin
  if tg_op = 'INSERT' then
    perform app.record_notice_event(new.id, 'drafted', null, jsonb_build_object('kind', new.kind, 'title', new.title, 'status', new.status));
    return null;
  end if;
  -- Content edits of a draft (status changes are logged by the functions that make them).
  if new.title is distinct from old.title then
    changes := changes || jsonb_build_object('title', jsonb_build_object('old', old.title, 'new', new.title));
  end if;
  if new.body is distinct from old.body then
    changes := changes || jsonb_build_object('body', jsonb_build_object('old', old.body, 'new', new.body));
  end if;
  if new.level is distinct from old.level or new.valid_until is distinct from old.valid_until or new.area_codes is distinct from old.area_codes
     or new.kind is distinct from old.kind then
    changes := changes || jsonb_build_object('kind', new.kind, 'level', new.level, 'valid_until', new.valid_until, 'area_codes', new.area_codes);
  end if;
  if changes <> '{}' and new.status = old.status then
    perform app.record_notice_event(new.id, 'edited', null, jsonb_build_object('changes', changes));
  end if;
  return null;
end
$$;

revoke execute on function app.public_notice_logged() from public, anon, authenticated;

create trigger public_notices_logged after insert or update on public.public_notices
  for each row execute function app.public_notice_logged();

alter table public.public_notices enable row level security;
alter table public.public_notice_events enable row level security;

revoke all on public.public_notices, public.public_notice_events from anon;
revoke delete, truncate on public.public_notices from authenticated, service_role;
revoke insert, update, delete, truncate on public.public_notice_events from authenticated, service_role;
grant select on public.public_notice_events to authenticated, service_role;

-- Staff who read everything read every notice; a regulator its area's notices and everything
-- published or withdrawn; an enterprise what is published (as the public does).
create policy public_notices_read on public.public_notices for select to authenticated
  using ((select app.reads_all())
    or ((select app.user_role()) = 'regulator' and (status <> 'draft' or area_code like any ((select app.scope_patterns())::text[])))
    or ((select app.user_role()) = 'enterprise' and status = 'published'));

create policy public_notices_insert on public.public_notices for insert to authenticated
  with check ((select app.user_role()) in ('admin', 'service')
    or ((select app.user_role()) = 'regulator' and area_code like any ((select app.scope_patterns())::text[])));

create policy public_notices_update on public.public_notices for update to authenticated
  using ((select app.user_role()) in ('admin', 'service')
    or ((select app.user_role()) = 'regulator' and area_code like any ((select app.scope_patterns())::text[])))
  with check ((select app.user_role()) in ('admin', 'service')
    or ((select app.user_role()) = 'regulator' and area_code like any ((select app.scope_patterns())::text[])));

create policy public_notice_events_read on public.public_notice_events for select to authenticated
  using ((select app.user_role()) <> 'enterprise' and exists (select 1 from public.public_notices n where n.id = notice_id));

-- May the caller publish or withdraw this notice (admin anywhere, a regulator of its area)?
create or replace function app.may_manage_notice(n public.public_notices) returns boolean
language sql stable
set search_path = ''
as $$
  select coalesce(app.user_role() in ('admin', 'service')
    or (app.user_role() = 'regulator' and n.area_code like any (app.scope_patterns())), false)
$$;

create or replace function public.publish_notice(id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  n public.public_notices%rowtype;
  me uuid := case when (app.actor() ->> 'id') ~* '^[0-9a-f-]{36}$' then (app.actor() ->> 'id')::uuid end;
begin
  perform app.require_arg(id, 'id');
  select * into n from public.public_notices x where x.id = publish_notice.id for update;
  if not found or not (app.reads_all() or app.user_role() = 'regulator' and (n.status <> 'draft' or n.area_code like any (app.scope_patterns()))) then
    raise exception 'notice % not found or not visible to you (公告不存在或无权查看)', id using errcode = '42501';
  end if;
  if not app.may_manage_notice(n) then
    raise exception 'role % may not publish notices: a regulator of the area or an admin publishes (无权发布公告)', app.user_role()
      using errcode = '42501';
  end if;
  if n.status <> 'draft' then
    raise exception 'notice % is %, not a draft: only a draft is published (只有草稿可以发布)', id, n.status using errcode = '22023';
  end if;
  if me is not null and n.author_id = me then
    raise exception 'the author may not approve and publish their own notice: another regulator of the area or an admin does (不得审批本人起草的公告)'
      using errcode = '42501';
  end if;
  if n.valid_until is not null and n.valid_until <= now() then
    raise exception 'public_notices.valid_until（有效期至）已过（%），请修改后再发布。 / public_notices.valid_until has passed (%): change it before publishing.',
      n.valid_until, n.valid_until using errcode = '22023', detail = 'field: public_notices.valid_until';
  end if;
  perform app.refuse_personal_data(array['public_notices.title', 'public_notices.body'], array[n.title, n.body], array['标题', '正文']);
  update public.public_notices x set status = 'published', published_at = now(), approver_id = me, approver_role = app.user_role()
  where x.id = n.id;
  perform app.record_notice_event(n.id, 'published', null, jsonb_build_object('valid_until', n.valid_until));
  return (select jsonb_build_object('id', x.id, 'status', x.status, 'published_at', x.published_at, 'valid_until', x.valid_until)
    from public.public_notices x where x.id = n.id);
end
$$;

create or replace function public.withdraw_notice(id uuid, reason text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  n public.public_notices%rowtype;
  why text := app.clean_text(reason);
begin
  perform app.require_arg(id, 'id');
  select * into n from public.public_notices x where x.id = withdraw_notice.id for update;
  if not found or not (app.reads_all() or app.user_role() = 'regulator' and (n.status <> 'draft' or n.area_code like any (app.scope_patterns()))) then
    raise exception 'notice % not found or not visible to you (公告不存在或无权查看)', id using errcode = '42501';
  end if;
  if not app.may_manage_notice(n) then
    raise exception 'role % may not withdraw notices: a regulator of the area or an admin does (无权撤回公告)', app.user_role()
      using errcode = '42501';
  end if;
  if n.status = 'withdrawn' then
    raise exception 'notice % is already withdrawn (公告已撤回)', id using errcode = '22023';
  end if;
  if length(why) < 2 or length(why) > 2000 then
    perform app.refuse_input('reason', '撤回理由', '须为 2–2000 个字符', 'must be 2 to 2000 characters');
  end if;
  update public.public_notices x set status = 'withdrawn', withdrawn_at = now(), withdrawal_reason = why where x.id = n.id;
  perform app.record_notice_event(n.id, 'withdrawn', why, jsonb_build_object('from', n.status));
  return (select jsonb_build_object('id', x.id, 'status', x.status, 'withdrawn_at', x.withdrawn_at)
    from public.public_notices x where x.id = n.id);
end
$$;

-- A listed major hidden danger as a draft notice, its text drafted from the record (edited before
-- publishing). No names of persons: the responsible person stays in hidden_danger_people.
create or replace function public.draft_notice_from_hidden_danger(hidden_danger_id uuid, valid_until timestamptz default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  d public.hidden_dangers%rowtype;
  ent text;
  existing uuid;
  new_id uuid;
  lvl text;
  district text;
begin
  perform app.require_arg(hidden_danger_id, 'hidden_danger_id');
  select * into d from public.hidden_dangers h where h.id = draft_notice_from_hidden_danger.hidden_danger_id;
  if not found or not coalesce(app.user_role() in ('admin', 'service')
      or (app.user_role() = 'regulator' and d.area_code like any (app.scope_patterns())), false) then
    raise exception 'hidden danger % not found, or not yours to announce: a regulator of its area or an admin drafts its notice (隐患不存在或无权起草公告)',
      hidden_danger_id using errcode = '42501';
  end if;
  if d.severity is distinct from 'major' or d.listing_level is null then
    raise exception 'hidden danger % is not a listed major hidden danger (只有挂牌督办的重大事故隐患才发布挂牌督办公告)', hidden_danger_id
      using errcode = '22023';
  end if;
  if d.status in ('closed', 'rejected') then
    raise exception 'hidden danger % is %: nothing to announce (隐患已销号或驳回)', hidden_danger_id, d.status using errcode = '22023';
  end if;
  select n.id into existing from public.public_notices n where n.hidden_danger_id = d.id and n.status <> 'withdrawn';
  if existing is not null then
    raise exception 'hidden danger % already has a notice (%): edit or withdraw that one (该隐患已有公告)', hidden_danger_id, existing
      using errcode = '23505';
  end if;
  select e.name into ent from public.enterprises e where e.id = d.enterprise_id;
  select a.name into district from public.areas a where a.code = left(d.area_code, 6);
  lvl := case d.listing_level when 'city' then '市级' else '县级' end;
  insert into public.public_notices (kind, title, body, area_codes, area_code, hidden_danger_id, enterprise_id, valid_until,
    author_id, author_role)
  values ('listed_danger',
    left(format('重大事故隐患%s挂牌督办公告：%s', lvl, coalesce(ent, d.title)), 200),
    left(concat_ws(E'\n',
      format('根据重大事故隐患挂牌督办和公告制度，现对以下重大事故隐患实行%s挂牌督办：', lvl),
      format('隐患名称：%s', d.title),
      case when ent is not null then format('所在单位：%s', ent) end,
      case when district is not null then format('所在区域：%s', district) end,
      format('挂牌日期：%s', to_char(coalesce(d.listing_date, current_date), 'YYYY"年"FMMM"月"FMDD"日"')),
      case when d.supervising_office is not null then format('督办单位：%s', d.supervising_office) end,
      case when d.deadline is not null then format('整改期限：%s', to_char(d.deadline, 'YYYY"年"FMMM"月"FMDD"日"')) end,
      case when d.description is not null then format('隐患情况：%s', d.description) end,
      '隐患整改完成并经验收销号后，本公告撤下。欢迎社会监督，举报电话 12350。'), 8000),
    array[d.area_code], d.area_code, d.id, d.enterprise_id, valid_until,
    case when (app.actor() ->> 'id') ~* '^[0-9a-f-]{36}$' then (app.actor() ->> 'id')::uuid end, app.actor() ->> 'role')
  returning id into new_id;
  return (select jsonb_build_object('id', n.id, 'status', n.status, 'title', n.title, 'body', n.body)
    from public.public_notices n where n.id = new_id);
end
$$;

revoke execute on function public.publish_notice(uuid), public.withdraw_notice(uuid, text),
  public.draft_notice_from_hidden_danger(uuid, timestamptz) from public, anon;
grant execute on function public.publish_notice(uuid), public.withdraw_notice(uuid, text),
  public.draft_notice_from_hidden_danger(uuid, timestamptz) to authenticated, service_role;

-- Closing a hidden danger proposes withdrawing its live notices: flagged and logged, not withdrawn.
create or replace function app.hidden_danger_closed_notices() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  nid uuid;
begin
  for nid in select n.id from public.public_notices n
      where n.hidden_danger_id = new.id and n.status <> 'withdrawn' and n.withdrawal_proposed_at is null loop
    update public.public_notices n set withdrawal_proposed_at = now() where n.id = nid;
    perform app.record_notice_event(nid, 'withdrawal_proposed',
      '隐患已验收销号，建议撤下公告 / the hidden danger was closed: withdraw the notice', jsonb_build_object('hidden_danger_id', new.id));
  end loop;
  return null;
end
$$;

revoke execute on function app.hidden_danger_closed_notices() from public, anon, authenticated;

create trigger hidden_dangers_closed_notices after update of status on public.hidden_dangers
  for each row when (new.status = 'closed' and old.status is distinct from 'closed')
  execute function app.hidden_danger_closed_notices();

-- The public's notices: published and not expired (they leave at valid_until), newest first;
-- optionally only those concerning an area (the notice's area is the area, inside it or around it)
-- or a point. No author or approver, no internal flags.
create or replace function public.public_notices_active(area_code text default null, lon float8 default null, lat float8 default null)
returns table (id uuid, kind text, title text, body text, level smallint, area_codes text[], geometry jsonb,
  published_at timestamptz, valid_until timestamptz)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  p extensions.geometry;
  code text := nullif(btrim(public_notices_active.area_code), '');
begin
  if code is not null and code !~ '^[0-9]{6,15}$' then
    raise exception 'area_code must be 6 to 15 digits (got %) (区划代码无效)', left(code, 20) using errcode = '22023';
  end if;
  if (lon is null) <> (lat is null) or lon = 'NaN'::float8 or lat = 'NaN'::float8
     or lon not between -180 and 180 or lat not between -90 and 90 then
    raise exception 'lon and lat: both or neither, within [-180, 180] and [-90, 90] (坐标无效)' using errcode = '22023';
  end if;
  if lon is not null then
    p := extensions.st_setsrid(extensions.st_makepoint(lon, lat), 4326);
    -- the smallest area holding the point: its ancestors' notices match by prefix below
    code := coalesce(code, app.area_code_at(p));
  end if;
  return query
  select n.id, n.kind, n.title, n.body, n.level, n.area_codes, extensions.st_asgeojson(n.geom, 6)::jsonb,
    n.published_at, n.valid_until
  from public.public_notices n
  where n.status = 'published' and (n.valid_until is null or n.valid_until > now())
    and (code is null
      or exists (select 1 from unnest(n.area_codes) c where code like app.code_prefix(c) || '%' or c like app.code_prefix(code) || '%')
      or (p is not null and n.geom is not null and extensions.st_covers(n.geom, p)))
  order by n.level nulls last, n.published_at desc, n.id
  limit 200;
end
$$;

revoke execute on function public.public_notices_active(text, float8, float8) from public;
grant execute on function public.public_notices_active(text, float8, float8) to anon, authenticated, service_role;

-- 3. credit_blacklist ----------------------------------------------------------------------------

create table public.credit_blacklist (
  id uuid primary key default gen_random_uuid(),
  enterprise_id uuid not null references public.enterprises(id) on delete restrict,
  reason text not null check (length(btrim(reason)) between 2 and 2000),
  -- the decision document (决定书文号) and who decided
  decision text check (length(decision) <= 200),
  decided_by text check (length(decided_by) <= 200),
  listed_on date not null default current_date,
  -- 应急管理部令第11号: listed for 3 years unless repaired earlier
  expires_on date,
  area_code text references public.areas(code),
  removed_on date,
  removal_reason text check (length(removal_reason) <= 2000),
  removed_by uuid,
  removed_by_role text,
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint credit_blacklist_expires_after_listing check (expires_on > listed_on),
  constraint credit_blacklist_removal_complete check ((removed_on is null) = (removal_reason is null)),
  constraint credit_blacklist_removal_after_12_months check (removed_on is null or removed_on >= (listed_on + interval '12 months')::date)
);

create index credit_blacklist_enterprise_idx on public.credit_blacklist (enterprise_id);
create index credit_blacklist_area_idx on public.credit_blacklist (area_code text_pattern_ops);
create index credit_blacklist_updated_idx on public.credit_blacklist (updated_at);
-- One open listing per enterprise.
create unique index credit_blacklist_one_open on public.credit_blacklist (enterprise_id) where removed_on is null;

create or replace function app.guard_credit_blacklist_write() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- The enterprise's jurisdiction decides who supervises the listing.
  select e.area_code into new.area_code from public.enterprises e where e.id = new.enterprise_id;
  new.expires_on := coalesce(new.expires_on, (new.listed_on + interval '3 years')::date);
  if new.expires_on <= new.listed_on then
    perform app.refuse_input('credit_blacklist.expires_on', '移出日期', format('须晚于列入日期 %s', new.listed_on),
      format('must be after listed_on (%s)', new.listed_on));
  end if;
  if current_user not in ('anon', 'authenticated', 'service_role') then
    return new;
  end if;
  if tg_op = 'INSERT' then
    if new.removed_on is not null or new.removal_reason is not null or new.removed_by is not null then
      raise exception 'a new listing is not removed; remove it later with remove_from_blacklist() (新列入的名单不能带移出信息)'
        using errcode = '42501';
    end if;
    return new;
  end if;
  if new.enterprise_id is distinct from old.enterprise_id then
    raise exception 'credit_blacklist.enterprise_id: a listing keeps its enterprise (名单主体不可更改)' using errcode = '42501';
  end if;
  if new.removed_on is distinct from old.removed_on or new.removal_reason is distinct from old.removal_reason
     or new.removed_by is distinct from old.removed_by or new.removed_by_role is distinct from old.removed_by_role then
    raise exception 'removal is recorded only by remove_from_blacklist() (移出只能通过信用修复办理)' using errcode = '42501';
  end if;
  if old.removed_on is not null and (new.listed_on is distinct from old.listed_on or new.expires_on is distinct from old.expires_on
     or new.reason is distinct from old.reason or new.decision is distinct from old.decision) then
    raise exception 'a removed listing is a record and is not edited (已移出的名单不可修改)' using errcode = '42501';
  end if;
  return new;
end
$$;

create trigger credit_blacklist_guard before insert or update on public.credit_blacklist
  for each row execute function app.guard_credit_blacklist_write();

create trigger credit_blacklist_touch before update on public.credit_blacklist
  for each row execute function app.touch_updated_at();

alter table public.credit_blacklist enable row level security;

revoke all on public.credit_blacklist from anon;
revoke delete, truncate on public.credit_blacklist from authenticated, service_role;

create policy credit_blacklist_read on public.credit_blacklist for select to authenticated
  using ((select app.reads_all())
    or ((select app.user_role()) = 'regulator' and area_code like any ((select app.scope_patterns())::text[]))
    or ((select app.user_role()) = 'enterprise' and enterprise_id = (select app.enterprise_id())));

create policy credit_blacklist_insert on public.credit_blacklist for insert to authenticated
  with check ((select app.user_role()) in ('admin', 'service')
    or ((select app.user_role()) = 'regulator' and area_code like any ((select app.scope_patterns())::text[])));

create policy credit_blacklist_update on public.credit_blacklist for update to authenticated
  using ((select app.user_role()) in ('admin', 'service')
    or ((select app.user_role()) = 'regulator' and area_code like any ((select app.scope_patterns())::text[])))
  with check ((select app.user_role()) in ('admin', 'service')
    or ((select app.user_role()) = 'regulator' and area_code like any ((select app.scope_patterns())::text[])));

-- Credit repair: no earlier than 12 months after listing; recorded on the row (who, when, why).
create or replace function public.remove_from_blacklist(id uuid, reason text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  b public.credit_blacklist%rowtype;
  why text := app.clean_text(reason);
  earliest date;
  a jsonb := app.actor();
begin
  perform app.require_arg(id, 'id');
  select * into b from public.credit_blacklist x where x.id = remove_from_blacklist.id for update;
  if not found or not coalesce(app.reads_all()
      or (app.user_role() = 'regulator' and b.area_code like any (app.scope_patterns()))
      or (app.user_role() = 'enterprise' and b.enterprise_id = app.enterprise_id()), false) then
    raise exception 'blacklist entry % not found or not visible to you (名单记录不存在或无权查看)', id using errcode = '42501';
  end if;
  if not coalesce(app.user_role() in ('admin', 'service')
      or (app.user_role() = 'regulator' and b.area_code like any (app.scope_patterns())), false) then
    raise exception 'role % may not remove a listing: a regulator of the area or an admin decides credit repair (无权移出名单)', app.user_role()
      using errcode = '42501';
  end if;
  if b.removed_on is not null then
    raise exception 'blacklist entry % was already removed on % (已移出)', id, b.removed_on using errcode = '22023';
  end if;
  if length(why) < 2 or length(why) > 2000 then
    perform app.refuse_input('reason', '移出理由', '须为 2–2000 个字符', 'must be 2 to 2000 characters');
  end if;
  earliest := (b.listed_on + interval '12 months')::date;
  if current_date < earliest then
    raise exception '列入严重失信主体名单满 12 个月后方可申请信用修复移出：列入日期 %，最早 % 起。 / credit repair is possible from % (12 months after listing on %), not before.',
      b.listed_on, earliest, earliest, b.listed_on using errcode = '22023', detail = 'field: credit_blacklist.listed_on';
  end if;
  update public.credit_blacklist x set removed_on = current_date, removal_reason = why,
    removed_by = case when (a ->> 'id') ~* '^[0-9a-f-]{36}$' then (a ->> 'id')::uuid end, removed_by_role = a ->> 'role'
  where x.id = b.id;
  return (select jsonb_build_object('id', x.id, 'removed_on', x.removed_on, 'listed_on', x.listed_on, 'expires_on', x.expires_on)
    from public.credit_blacklist x where x.id = b.id);
end
$$;

revoke execute on function public.remove_from_blacklist(uuid, text) from public, anon;
grant execute on function public.remove_from_blacklist(uuid, text) to authenticated, service_role;

-- 4. Input limits --------------------------------------------------------------------------------

insert into app.input_limits (relation, col, kind, label_zh, required, min_len, max_len) values
  ('public_notices', 'title', 'text', '公告标题', true, 2, 200),
  ('public_notices', 'body', 'text', '公告正文', true, null, 8000),
  ('public_notices', 'withdrawal_reason', 'text', '撤回理由', false, null, 2000),
  ('credit_blacklist', 'reason', 'text', '列入理由', true, 2, 2000),
  ('credit_blacklist', 'decision', 'text', '决定书文号', false, null, 200),
  ('credit_blacklist', 'decided_by', 'text', '决定机关', false, null, 200),
  ('credit_blacklist', 'removal_reason', 'text', '移出理由', false, null, 2000),
  -- written only by the notice functions, capped all the same
  ('public_notice_events', 'note', 'text', '备注', false, null, 2000);

insert into app.input_limits (relation, col, kind, label_zh, min_num, max_num) values
  ('public_notices', 'level', 'number', '预警等级', 1, 4);

insert into app.input_limits (relation, col, kind, label_zh, max_len) values
  ('public_notices', 'geom', 'shape', '公告范围', 10000),
  ('public_notice_events', 'details', 'json', '详情', 65536);

insert into app.input_limits (relation, col, kind, label_zh, pattern, pattern_zh, pattern_en) values
  ('public_notices', 'kind', 'pattern', '公告类型', '^(listed_danger|blacklist|regional_warning|accident_bulletin|general)$',
    '须为 listed_danger、blacklist、regional_warning、accident_bulletin 或 general', 'must be one of listed_danger, blacklist, regional_warning, accident_bulletin, general');

insert into app.input_limits (relation, col, kind, label_zh, ref_table, ref_col) values
  ('credit_blacklist', 'enterprise_id', 'ref', '企业', 'enterprises', 'id');

select app.install_input_limits('public_notices');
select app.install_input_limits('credit_blacklist');
select app.install_input_limits('public_notice_events');
