-- Load (issue 12): an enterprise's 5 km context as a table kept by triggers, so its read
-- policies on protective_targets / emergency_resources are an indexed lookup instead of a
-- geodesic ST_DWithin over ~1,400 candidate targets × every site of the enterprise on every
-- request (46 ms of a 49 ms layer_counts for the demo enterprise; migration 20261204000210).
--
-- What the context is (unchanged, DOMAIN.md): the protective targets and emergency resources
-- within 5 km (geodesic) of any of the enterprise's sites, its sites being its own location and
-- the geometries of its hazard sources.
--
-- Which enterprises are kept: those with a user account (auth.users whose app_metadata names
-- the enterprise; marked in app.enterprise_context_kept by a trigger on auth.users), because
-- only a signed-in enterprise user ever asks, and keeping all 2,000 demo enterprises would be
-- 1.2 million rows (15 s to build). For any other enterprise id in a JWT (an account made
-- outside auth.users, a test's token), app.enterprise_nearby_targets / _resources fall back to
-- the geodesic computation of 20261204000210, so the answer is the same either way; only
-- its cost differs. test/db/enterprise-context.test.ts checks the two agree after sites,
-- targets and resources move.
--
-- Work per trigger is bounded by one enterprise's sites (a site moved or added: its
-- enterprise's context is rebuilt from its few sites) or one target's / resource's 5 km
-- neighbourhood (a target added or moved: the kept enterprises with a site within 5 km of it).
-- Statement-level triggers with transition tables, so a bulk import does one set-based join.

-- ------------------------------------------------------------------ tables
-- Enterprises whose context is kept. No foreign key: an account may name an enterprise that is
-- imported later; its row then gets its context when the enterprise row arrives.
create table app.enterprise_context_kept (
  enterprise_id uuid primary key
);
create table app.enterprise_context_targets (
  enterprise_id uuid not null references public.enterprises(id) on delete cascade,
  target_id uuid not null references public.protective_targets(id) on delete cascade,
  primary key (enterprise_id, target_id)
);
create index enterprise_context_targets_target_idx on app.enterprise_context_targets (target_id);
create table app.enterprise_context_resources (
  enterprise_id uuid not null references public.enterprises(id) on delete cascade,
  resource_id uuid not null references public.emergency_resources(id) on delete cascade,
  primary key (enterprise_id, resource_id)
);
create index enterprise_context_resources_resource_idx on app.enterprise_context_resources (resource_id);

-- Nobody reads these directly (schema app is not exposed by PostgREST); the views below read
-- them as their owner. RLS anyway, so that a direct read as an API role gives at most the
-- caller's own enterprise's context, which its policies already show it.
alter table app.enterprise_context_kept enable row level security;
alter table app.enterprise_context_targets enable row level security;
alter table app.enterprise_context_resources enable row level security;
revoke all on app.enterprise_context_kept, app.enterprise_context_targets, app.enterprise_context_resources
  from public, anon, authenticated;
create policy enterprise_context_kept_own on app.enterprise_context_kept for select to authenticated
  using ((select app.user_role()) = 'enterprise' and enterprise_id = (select app.enterprise_id()));
create policy enterprise_context_targets_own on app.enterprise_context_targets for select to authenticated
  using ((select app.user_role()) = 'enterprise' and enterprise_id = (select app.enterprise_id()));
create policy enterprise_context_resources_own on app.enterprise_context_resources for select to authenticated
  using ((select app.user_role()) = 'enterprise' and enterprise_id = (select app.enterprise_id()));

-- ------------------------------------------------------------------ rebuilding
-- Rebuilds the context of the given enterprises (those of them that are kept) from their
-- sites. Definer: called from triggers of writes by any role that may write a site.
create or replace function app.rebuild_enterprise_context(ids uuid[]) returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  kept uuid[];
begin
  select coalesce(array_agg(k.enterprise_id), '{}') into kept
  from app.enterprise_context_kept k where k.enterprise_id = any (ids);
  delete from app.enterprise_context_targets c where c.enterprise_id = any (ids);
  delete from app.enterprise_context_resources c where c.enterprise_id = any (ids);
  if cardinality(kept) = 0 then
    return;
  end if;
  insert into app.enterprise_context_targets (enterprise_id, target_id)
  select distinct s.enterprise_id, t.id
  from (select e.id as enterprise_id, e.location::extensions.geography as g from public.enterprises e where e.id = any (kept)
        union all
        select h.enterprise_id, h.geom::extensions.geography from public.hazard_sources h where h.enterprise_id = any (kept)) s
  join public.protective_targets t on extensions.st_dwithin(t.geom::extensions.geography, s.g, 5000);  -- 5 km: DOMAIN.md
  insert into app.enterprise_context_resources (enterprise_id, resource_id)
  select distinct s.enterprise_id, r.id
  from (select e.id as enterprise_id, e.location::extensions.geography as g from public.enterprises e where e.id = any (kept)
        union all
        select h.enterprise_id, h.geom::extensions.geography from public.hazard_sources h where h.enterprise_id = any (kept)) s
  join public.emergency_resources r on extensions.st_dwithin(r.location::extensions.geography, s.g, 5000);
end
$$;
revoke execute on function app.rebuild_enterprise_context(uuid[]) from public, anon, authenticated;

-- Marks an enterprise as kept and builds its context (no-op when already kept).
create or replace function app.keep_enterprise_context(id uuid) returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if id is null then
    return;
  end if;
  insert into app.enterprise_context_kept (enterprise_id) values (id) on conflict do nothing;
  if found then
    perform app.rebuild_enterprise_context(array[id]);
  end if;
end
$$;
revoke execute on function app.keep_enterprise_context(uuid) from public, anon, authenticated;

-- ------------------------------------------------------------------ sites move: enterprises, hazard sources
-- (The context of an enterprise that is not kept is never built: rebuild skips it cheaply.)
create or replace function app.enterprise_context_sites_changed() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  ids uuid[];
begin
  if not exists (select 1 from app.enterprise_context_kept) then
    return null;
  end if;
  if tg_table_name = 'enterprises' then
    if tg_op = 'INSERT' then
      select array_agg(n.id) into ids from new_rows n;
    else  -- UPDATE: only rows whose location changed (deletes cascade)
      select array_agg(n.id) into ids from new_rows n join old_rows o on o.id = n.id
      where extensions.st_asewkb(n.location) is distinct from extensions.st_asewkb(o.location);
    end if;
  else  -- hazard_sources
    if tg_op = 'INSERT' then
      select array_agg(distinct n.enterprise_id) into ids from new_rows n;
    elsif tg_op = 'DELETE' then
      select array_agg(distinct o.enterprise_id) into ids from old_rows o;
    else
      select array_agg(distinct x.enterprise_id) into ids from (
        select n.enterprise_id from new_rows n join old_rows o on o.id = n.id
        where extensions.st_asewkb(n.geom) is distinct from extensions.st_asewkb(o.geom)
           or n.enterprise_id is distinct from o.enterprise_id
        union all
        select o.enterprise_id from new_rows n join old_rows o on o.id = n.id
        where extensions.st_asewkb(n.geom) is distinct from extensions.st_asewkb(o.geom)
           or n.enterprise_id is distinct from o.enterprise_id) x;
    end if;
  end if;
  if ids is not null and exists (select 1 from app.enterprise_context_kept k where k.enterprise_id = any (ids)) then
    perform app.rebuild_enterprise_context(ids);
  end if;
  return null;
end
$$;
revoke execute on function app.enterprise_context_sites_changed() from public, anon;

create trigger enterprise_context_insert after insert on public.enterprises
  referencing new table as new_rows for each statement execute function app.enterprise_context_sites_changed();
create trigger enterprise_context_update after update on public.enterprises
  referencing old table as old_rows new table as new_rows for each statement execute function app.enterprise_context_sites_changed();
create trigger enterprise_context_insert after insert on public.hazard_sources
  referencing new table as new_rows for each statement execute function app.enterprise_context_sites_changed();
create trigger enterprise_context_update after update on public.hazard_sources
  referencing old table as old_rows new table as new_rows for each statement execute function app.enterprise_context_sites_changed();
create trigger enterprise_context_delete after delete on public.hazard_sources
  referencing old table as old_rows for each statement execute function app.enterprise_context_sites_changed();

-- ------------------------------------------------------------------ context moves: targets, resources
-- A target or resource added or moved: drop its old context rows and add the kept enterprises
-- with a site within 5 km of it (two GiST probes per row: enterprises, hazard sources).
-- Deleting one drops its rows by the foreign keys' cascade.
create or replace function app.enterprise_context_items_changed() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  ids uuid[];
begin
  if not exists (select 1 from app.enterprise_context_kept) then
    return null;
  end if;
  if tg_table_name = 'protective_targets' then
    if tg_op = 'INSERT' then
      select array_agg(n.id) into ids from new_rows n;
    else
      select array_agg(n.id) into ids from new_rows n join old_rows o on o.id = n.id
      where extensions.st_asewkb(n.geom) is distinct from extensions.st_asewkb(o.geom);
      if ids is null then
        return null;
      end if;
      delete from app.enterprise_context_targets c where c.target_id = any (ids);
    end if;
    insert into app.enterprise_context_targets (enterprise_id, target_id)
    select s.enterprise_id, s.id from (
      select e.id as enterprise_id, t.id
      from public.protective_targets t
      join public.enterprises e on extensions.st_dwithin(e.location::extensions.geography, t.geom::extensions.geography, 5000)
      where t.id = any (ids)
      union
      select h.enterprise_id, t.id
      from public.protective_targets t
      join public.hazard_sources h on extensions.st_dwithin(h.geom::extensions.geography, t.geom::extensions.geography, 5000)
      where t.id = any (ids)) s
    where s.enterprise_id in (select k.enterprise_id from app.enterprise_context_kept k)
      and exists (select 1 from public.enterprises e where e.id = s.enterprise_id)
    on conflict do nothing;
  else  -- emergency_resources
    if tg_op = 'INSERT' then
      select array_agg(n.id) into ids from new_rows n;
    else
      select array_agg(n.id) into ids from new_rows n join old_rows o on o.id = n.id
      where extensions.st_asewkb(n.location) is distinct from extensions.st_asewkb(o.location);
      if ids is null then
        return null;
      end if;
      delete from app.enterprise_context_resources c where c.resource_id = any (ids);
    end if;
    insert into app.enterprise_context_resources (enterprise_id, resource_id)
    select s.enterprise_id, s.id from (
      select e.id as enterprise_id, r.id
      from public.emergency_resources r
      join public.enterprises e on extensions.st_dwithin(e.location::extensions.geography, r.location::extensions.geography, 5000)
      where r.id = any (ids)
      union
      select h.enterprise_id, r.id
      from public.emergency_resources r
      join public.hazard_sources h on extensions.st_dwithin(h.geom::extensions.geography, r.location::extensions.geography, 5000)
      where r.id = any (ids)) s
    where s.enterprise_id in (select k.enterprise_id from app.enterprise_context_kept k)
      and exists (select 1 from public.enterprises e where e.id = s.enterprise_id)
    on conflict do nothing;
  end if;
  return null;
end
$$;
revoke execute on function app.enterprise_context_items_changed() from public, anon;

create trigger enterprise_context_insert after insert on public.protective_targets
  referencing new table as new_rows for each statement execute function app.enterprise_context_items_changed();
create trigger enterprise_context_update after update on public.protective_targets
  referencing old table as old_rows new table as new_rows for each statement execute function app.enterprise_context_items_changed();
create trigger enterprise_context_insert after insert on public.emergency_resources
  referencing new table as new_rows for each statement execute function app.enterprise_context_items_changed();
create trigger enterprise_context_update after update on public.emergency_resources
  referencing old table as old_rows new table as new_rows for each statement execute function app.enterprise_context_items_changed();

-- ------------------------------------------------------------------ accounts: which enterprises are kept
-- A user whose app_metadata names an enterprise (only the service role sets app_metadata).
-- auth.users is Supabase's (and the local stack's bootstrap) table; a trigger on it is the
-- documented way to react to accounts. Accounts removed or moved leave the old enterprise kept
-- (harmless: its context stays right, only its upkeep continues).
create or replace function app.enterprise_context_account() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  ent text := new.raw_app_meta_data ->> 'enterprise_id';
begin
  if ent ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
    perform app.keep_enterprise_context(ent::uuid);
  end if;
  return null;
end
$$;
revoke execute on function app.enterprise_context_account() from public, anon, authenticated;
create trigger enterprise_context_account after insert or update of raw_app_meta_data on auth.users
  for each row execute function app.enterprise_context_account();

-- The accounts that exist now.
select app.keep_enterprise_context(x.id)
from (select distinct (u.raw_app_meta_data ->> 'enterprise_id')::uuid as id from auth.users u
      where (u.raw_app_meta_data ->> 'enterprise_id') ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$') x;

-- ------------------------------------------------------------------ the views the policies read
-- Same names and columns as in 20261204000210, so the read policies of protective_targets and
-- emergency_resources, app.targets_of_class_within, planner_targets and
-- nearest_emergency_resources use them unchanged. A kept enterprise: an index scan of its
-- context rows. Otherwise (the One-Time Filter of the second branch): the geodesic computation.
create or replace view app.enterprise_nearby_targets as
  select c.target_id as id
  from app.enterprise_context_targets c
  where (select app.user_role()) = 'enterprise' and c.enterprise_id = (select app.enterprise_id())
  union all
  select distinct t.id
  from app.enterprise_sites s
  join public.protective_targets t
    on extensions.st_dwithin(t.geom::extensions.geography, s.g, 5000)  -- 5 km: DOMAIN.md
  where not exists (select 1 from app.enterprise_context_kept k where k.enterprise_id = (select app.enterprise_id()));
create or replace view app.enterprise_nearby_resources as
  select c.resource_id as id
  from app.enterprise_context_resources c
  where (select app.user_role()) = 'enterprise' and c.enterprise_id = (select app.enterprise_id())
  union all
  select distinct r.id
  from app.enterprise_sites s
  join public.emergency_resources r
    on extensions.st_dwithin(r.location::extensions.geography, s.g, 5000)  -- 5 km: DOMAIN.md
  where not exists (select 1 from app.enterprise_context_kept k where k.enterprise_id = (select app.enterprise_id()));
revoke all on app.enterprise_nearby_targets, app.enterprise_nearby_resources from public, anon;
grant select on app.enterprise_nearby_targets, app.enterprise_nearby_resources to authenticated, service_role;
