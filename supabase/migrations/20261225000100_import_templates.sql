-- Column-mapping templates of the import page kept in the database (issue 14): named, per user,
-- and shared within the author's area when the author chooses. A template is what
-- `npm run import -- --mapping` reads: {"name", "kind", "mapping": {field: header}}.
--
-- Who (../shared/DOMAIN.md): the people who may import — admins, regulators (their area) and the
-- service role. An author reads, edits and deletes its own templates. A shared template is read
-- by the other importers of the same area: a regulator reads a shared template whose author's
-- area contains its own or lies inside it (a district's template reaches its streets' regulators
-- and the other way round); an admin's shared template (city-wide, no area) reaches every
-- regulator; admins and the service role read and manage all. Nobody else reads any. Owner and
-- area are set from the caller's JWT, never from the request.
--
-- Bounded: name 1–100 characters, kind one of the six import kinds, mapping a JSON object of at
-- most 60 fields (keys a–z and _, up to 40 characters; values a header of up to 200 characters
-- or null) and at most 4,000 bytes, at most 100 templates per author; (author, kind, name) is unique.

create table public.import_templates (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  kind text not null check (kind in ('enterprises', 'hazard_sources', 'risk_points', 'protective_targets', 'emergency_resources', 'chemical_parks')),
  mapping jsonb not null,
  owner_id uuid not null default auth.uid(),
  -- the author's area patterns (app.scope_patterns(), e.g. '440704%') when it was saved; '{}' for
  -- an admin or the service role (city-wide)
  area_patterns text[] not null default '{}',
  shared boolean not null default false,
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint import_templates_unique_name unique (owner_id, kind, name)
);

comment on table public.import_templates is
  'Import column-mapping templates (issue 14): named, per author, optionally shared within the author''s area.';

create index import_templates_shared on public.import_templates (kind) where shared;

create or replace function app.import_template_check(mapping jsonb) returns void
language plpgsql immutable
set search_path = ''
as $$
declare
  k text;
  v jsonb;
  n int := 0;
begin
  if jsonb_typeof(mapping) is distinct from 'object' then
    perform app.refuse_input('import_templates.mapping', '字段对应', '须为 {"字段": "列名"} 形式的对象', 'must be an object {"field": "header"}');
  end if;
  for k, v in select * from jsonb_each(mapping) loop
    n := n + 1;
    if n > 60 then
      perform app.refuse_input('import_templates.mapping', '字段对应', '最多 60 个字段', 'has more than 60 fields');
    end if;
    if k !~ '^[a-z_]{1,40}$' then
      perform app.refuse_input('import_templates.mapping', '字段对应', format('字段名“%s”无效（小写字母和 _，至多 40 个）', left(k, 40)),
        format('field name "%s" is not valid (a–z and _, at most 40)', left(k, 40)));
    end if;
    if jsonb_typeof(v) not in ('string', 'null') or length(v #>> '{}') > 200 then
      perform app.refuse_input('import_templates.mapping.' || k, '列名', '须为至多 200 个字符的列名或 null', 'must be a header of at most 200 characters, or null');
    end if;
  end loop;
end
$$;

create or replace function app.import_template_write() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  max_per_owner constant int := 100;
begin
  if auth.uid() is not null then
    if tg_op = 'INSERT' then
      new.owner_id := auth.uid();
      new.area_patterns := case when app.user_role() = 'regulator' then app.scope_patterns() else '{}' end;
    else
      new.owner_id := old.owner_id;
      new.area_patterns := old.area_patterns;
    end if;
  end if;
  if new.owner_id is null then
    perform app.refuse_input('import_templates.owner_id', '作者', '不能为空', 'is required');
  end if;
  if cardinality(new.area_patterns) > 50 then
    perform app.refuse_input('import_templates.area_patterns', '辖区', '最多 50 个', 'at most 50');
  end if;
  perform app.import_template_check(new.mapping);
  if tg_op = 'INSERT' and (select count(*) from public.import_templates t where t.owner_id = new.owner_id) >= max_per_owner then
    perform app.refuse_input('import_templates', '导入模板', format('每人最多 %s 个，请先删除旧模板', max_per_owner),
      format('at most %s per author: delete old ones first', max_per_owner));
  end if;
  if (tg_op = 'INSERT' or new.name is distinct from old.name or new.kind is distinct from old.kind)
     and exists (select 1 from public.import_templates t
                 where t.owner_id = new.owner_id and t.kind = new.kind and t.name = new.name and t.id is distinct from new.id) then
    perform app.refuse_input('import_templates.name', '模板名称', format('已有同名模板“%s”', left(new.name, 100)),
      format('a template "%s" already exists', left(new.name, 100)));
  end if;
  if tg_op = 'INSERT' then
    new.created_at := now();
  else
    new.created_at := old.created_at;
  end if;
  new.updated_at := now();
  return new;
end
$$;

revoke all on function app.import_template_write() from public, anon, authenticated;
grant execute on function app.import_template_check(jsonb) to authenticated, service_role;

create trigger import_templates_write before insert or update on public.import_templates
  for each row execute function app.import_template_write();

insert into app.input_limits (relation, col, kind, label_zh, required, min_len, max_len) values
  ('import_templates', 'name', 'text', '模板名称', true, 1, 100);
insert into app.input_limits (relation, col, kind, label_zh, max_len) values
  ('import_templates', 'mapping', 'json', '字段对应', 4000);
insert into app.input_limits (relation, col, kind, label_zh, pattern, pattern_zh, pattern_en) values
  ('import_templates', 'kind', 'pattern', '数据类型',
    '^(enterprises|hazard_sources|risk_points|protective_targets|emergency_resources|chemical_parks)$',
    '须为 enterprises、hazard_sources、risk_points、protective_targets、emergency_resources 或 chemical_parks',
    'must be enterprises, hazard_sources, risk_points, protective_targets, emergency_resources or chemical_parks');
select app.install_input_limits('import_templates');

-- A shared template's area meets the reader's: one contains the other.
create or replace function app.import_template_area_meets(patterns text[]) returns boolean
language sql stable
set search_path = ''
as $$
  select cardinality(patterns) = 0
    or exists (select 1 from unnest(patterns) t, unnest(app.scope_patterns()) r where t like r or r like t)
$$;
grant execute on function app.import_template_area_meets(text[]) to authenticated, service_role;

alter table public.import_templates enable row level security;
revoke all on public.import_templates from anon;
grant select, insert, update, delete on public.import_templates to authenticated;
grant all on public.import_templates to service_role;

create policy import_templates_read on public.import_templates for select to authenticated
  using ((select app.user_role()) in ('admin', 'service')
    or ((select app.user_role()) = 'regulator' and (owner_id = (select auth.uid()) or (shared and app.import_template_area_meets(area_patterns)))));

create policy import_templates_insert on public.import_templates for insert to authenticated
  with check ((select app.user_role()) in ('admin', 'service', 'regulator'));

create policy import_templates_update on public.import_templates for update to authenticated
  using ((select app.user_role()) in ('admin', 'service') or ((select app.user_role()) = 'regulator' and owner_id = (select auth.uid())))
  with check ((select app.user_role()) in ('admin', 'service') or ((select app.user_role()) = 'regulator' and owner_id = (select auth.uid())));

create policy import_templates_delete on public.import_templates for delete to authenticated
  using ((select app.user_role()) in ('admin', 'service') or ((select app.user_role()) = 'regulator' and owner_id = (select auth.uid())));

create policy import_templates_service on public.import_templates for all to service_role using (true) with check (true);
