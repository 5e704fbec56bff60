-- Least privilege, part 2: what an enterprise sees around it, and duty phones (issue 12).
-- DOMAIN.md: "Around their own sites (5 km) they see protective targets and emergency
-- resources, without duty phones; nothing of other enterprises." Its sites are its enterprise
-- location and its hazard sources. Other staff roles keep the shared context layers everywhere.

-- The caller's own sites as geography (empty unless the caller is an enterprise user). A plain
-- view owned by the migration role, so it reads enterprises/hazard_sources without their RLS;
-- it filters to the caller's own enterprise itself.
create or replace view app.enterprise_sites as
  select e.location::extensions.geography as g
  from public.enterprises e
  where (select app.user_role()) = 'enterprise' and e.id = (select app.enterprise_id())
  union all
  select h.geom::extensions.geography
  from public.hazard_sources h
  where (select app.user_role()) = 'enterprise' and h.enterprise_id = (select app.enterprise_id());

-- Ids of the targets and resources within 5 km of those sites. A view (not a function) so the
-- policies below show the GiST index scans in EXPLAIN, and so the planner runs them once per
-- query as a hashed sub-plan instead of testing every row against every site.
create or replace view app.enterprise_nearby_targets as
  select distinct t.id
  from app.enterprise_sites s
  join public.protective_targets t
    on extensions.st_dwithin(t.geom::extensions.geography, s.g, 5000);  -- 5 km: DOMAIN.md
create or replace view app.enterprise_nearby_resources as
  select distinct r.id
  from app.enterprise_sites s
  join public.emergency_resources r
    on extensions.st_dwithin(r.location::extensions.geography, s.g, 5000);  -- 5 km: DOMAIN.md
revoke all on app.enterprise_sites, app.enterprise_nearby_targets, app.enterprise_nearby_resources from public, anon;
grant select on app.enterprise_sites, app.enterprise_nearby_targets, app.enterprise_nearby_resources to authenticated, service_role;

drop policy protective_targets_read on public.protective_targets;
create policy protective_targets_read on public.protective_targets for select to authenticated
  using ((select app.user_role()) in ('admin', 'command', 'planner', 'regulator', 'service')
    or ((select app.user_role()) = 'enterprise' and id in (select n.id from app.enterprise_nearby_targets n)));

drop policy emergency_resources_read on public.emergency_resources;
create policy emergency_resources_read on public.emergency_resources for select to authenticated
  using ((select app.user_role()) in ('admin', 'command', 'planner', 'regulator', 'service')
    or ((select app.user_role()) = 'enterprise' and id in (select n.id from app.enterprise_nearby_resources n)));

-- Duty phones: PostgREST uses one database role for every app role, so a column cannot be
-- hidden from some app roles by grants. The phones move to a table of their own with its own
-- RLS: admins, the command centre and regulators (who dispatch) read them; planners,
-- enterprises and the public do not.
create table public.emergency_resource_contacts (
  resource_id uuid primary key
    references public.emergency_resources(id) on delete cascade deferrable initially deferred,
  duty_phone text not null check (duty_phone ~ '^[0-9+\- ]{3,20}$'),
  updated_at timestamptz not null default now()
);
create trigger emergency_resource_contacts_touch before update on public.emergency_resource_contacts
  for each row execute function app.touch_updated_at();
alter table public.emergency_resource_contacts enable row level security;
revoke all on public.emergency_resource_contacts from anon;
create policy emergency_resource_contacts_read on public.emergency_resource_contacts for select to authenticated
  using ((select app.user_role()) in ('admin', 'command', 'regulator', 'service'));
create policy emergency_resource_contacts_write on public.emergency_resource_contacts for all to authenticated
  using (exists (select 1 from public.emergency_resources r where r.id = resource_id and app.may_write(r.area_code, null, false)))
  with check (exists (select 1 from public.emergency_resources r where r.id = resource_id and app.may_write(r.area_code, null, false)));

insert into public.emergency_resource_contacts (resource_id, duty_phone)
  select id, duty_phone from public.emergency_resources where duty_phone is not null;
update public.emergency_resources set duty_phone = null where duty_phone is not null;
comment on column public.emergency_resources.duty_phone is
  'Write-only: a phone written here moves to emergency_resource_contacts (RLS: admin, command, regulator); always null when read.';

-- Writers (imports, the demo loader, old clients) may still send duty_phone with the resource:
-- it is moved to the contacts table in the same statement. The FK is deferred because the
-- resource row does not exist yet in a BEFORE INSERT trigger. Definer: the writer may write
-- the resource, and the contact follows it.
create or replace function app.emergency_resource_phone() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.duty_phone is not null then
    if new.duty_phone !~ '^[0-9+\- ]{3,20}$' then
      raise exception 'duty_phone must be 3 to 20 digits, spaces, + or - (got %)', new.duty_phone using errcode = '23514';
    end if;
    insert into public.emergency_resource_contacts (resource_id, duty_phone) values (new.id, new.duty_phone)
    on conflict (resource_id) do update set duty_phone = excluded.duty_phone;
    new.duty_phone := null;
  end if;
  return new;
end
$$;
revoke execute on function app.emergency_resource_phone() from public, anon, authenticated;
create trigger emergency_resources_phone before insert or update of duty_phone on public.emergency_resources
  for each row execute function app.emergency_resource_phone();

-- The duty phone of a resource when the caller may read it (the contacts table's rule).
create or replace function app.duty_phone_of(resource uuid) returns text
language sql stable
security definer
set search_path = ''
as $$
  select c.duty_phone from public.emergency_resource_contacts c
  where c.resource_id = resource and (select app.user_role()) in ('admin', 'command', 'regulator', 'service')
$$;
grant execute on function app.duty_phone_of(uuid) to authenticated, service_role;

-- Targets of a class within a distance (safety distances, incident rings): definer for the GiST
-- index (see 0900). Now it also applies the enterprise's 5 km rule.
create or replace function app.targets_of_class_within(shape extensions.geometry, cls public.protective_class, dist_m float8)
returns table (id uuid, name text, target_class public.protective_class, type_code text, population integer,
  distance_m double precision, lon double precision, lat double precision)
language sql stable
security definer
set search_path = ''
as $$
  select t.id, t.name, t.target_class, t.type_code, t.population,
    extensions.st_distance(t.geom::extensions.geography, shape::extensions.geography),
    extensions.st_x(t.location), extensions.st_y(t.location)
  from public.protective_targets t
  where ((select app.user_role()) in ('admin', 'command', 'planner', 'regulator', 'service')
      or ((select app.user_role()) = 'enterprise' and t.id in (select n.id from app.enterprise_nearby_targets n))
      or (select app.claims() ->> 'role') is null)
    and t.target_class = cls
    and dist_m > 0
    and extensions.st_dwithin(t.geom::extensions.geography, shape::extensions.geography, dist_m)
$$;

-- The planner's tile of targets (definer for the index, see 1400): an enterprise gets only the
-- targets near its own sites.
create or replace function public.planner_targets(west double precision, south double precision,
  east double precision, north double precision)
returns jsonb
language plpgsql stable
security definer
set search_path = ''
as $$
declare
  result jsonb;
  role text := app.user_role();
begin
  perform app.require_arg(west, 'west');
  perform app.require_arg(south, 'south');
  perform app.require_arg(east, 'east');
  perform app.require_arg(north, 'north');
  if role not in ('admin', 'command', 'planner', 'regulator', 'enterprise', 'service') then
    raise exception 'planner_targets: protective targets are for signed-in staff only' using errcode = '42501';
  end if;
  if west is null or south is null or east is null or north is null
     or west < -180 or east > 180 or south < -90 or north > 90 then
    raise exception 'planner_targets: the box must lie within longitude -180..180 and latitude -90..90 (got %, %, %, %)',
      west, south, east, north using errcode = '22023';
  end if;
  if west >= east or south >= north then
    raise exception 'planner_targets: west must be less than east and south less than north (got %, %, %, %)',
      west, south, east, north using errcode = '22023';
  end if;
  if east - west > 0.2 or north - south > 0.2 then
    raise exception 'planner_targets: a box is at most 0.2° a side (got % × %); fetch tiles around the site instead',
      round((east - west)::numeric, 4), round((north - south)::numeric, 4) using errcode = '22023';
  end if;
  select jsonb_build_object(
    'count', count(*),
    'id', coalesce(jsonb_agg(t.id order by t.id), '[]'),
    'class', coalesce(jsonb_agg(array_position(enum_range(null::public.protective_class), t.target_class) order by t.id), '[]'),
    'population', coalesce(jsonb_agg(t.population order by t.id), '[]'),
    'lon', coalesce(jsonb_agg(round(extensions.st_x(t.location)::numeric, 7) order by t.id), '[]'),
    'lat', coalesce(jsonb_agg(round(extensions.st_y(t.location)::numeric, 7) order by t.id), '[]'),
    'shape', coalesce(jsonb_agg(case when extensions.geometrytype(t.geom) = 'POINT' then null
        else (extensions.st_asgeojson(extensions.st_multi(t.geom), 7)::jsonb -> 'coordinates') end order by t.id), '[]'))
  into result
  from public.protective_targets t
  where t.geom operator(extensions.&&) extensions.st_makeenvelope(west, south, east, north, 4326)
    and (role <> 'enterprise' or t.id in (select n.id from app.enterprise_nearby_targets n));
  return result;
end
$$;

-- The n nearest emergency resources (definer for the KNN index, see 1200): an enterprise ranks
-- only the resources near its own sites; the duty phone only for those who may read it.
create or replace function public.nearest_emergency_resources(lon float8, lat float8, n int default 5, type text default null)
returns table (rank int, id uuid, name text, resource_type public.emergency_resource_type, capacity int, capacity_unit text,
  duty_phone text, distance_m float8, longitude float8, latitude float8)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  p extensions.geography;
  t public.emergency_resource_type;
  dmax float8;
  ent boolean := app.user_role() = 'enterprise';
begin
  perform app.require_staff('nearest_emergency_resources');
  if lon is null or lat is null or lon = 'NaN'::float8 or lat = 'NaN'::float8
     or lon not between -180 and 180 or lat not between -90 and 90 then
    raise exception 'the point needs lon in [-180, 180] and lat in [-90, 90] (got %, %)',
      coalesce(lon::text, 'null'), coalesce(lat::text, 'null') using errcode = '22023';
  end if;
  if n is null or n < 1 or n > 100 then
    raise exception 'n must be from 1 to 100 (got %)', coalesce(n::text, 'null') using errcode = '22023';
  end if;
  if type is not null then
    begin
      t := type::public.emergency_resource_type;
    exception when invalid_text_representation then
      raise exception 'unknown emergency resource type "%": expected one of %', type,
        array_to_string(enum_range(null::public.emergency_resource_type)::text[], ', ') using errcode = '22023';
    end;
  end if;
  p := extensions.st_setsrid(extensions.st_makepoint(lon, lat), 4326)::extensions.geography;

  select max(extensions.st_distance(k.location::extensions.geography, p)) into dmax
  from (select r.location from public.emergency_resources r
        where (t is null or r.resource_type = t)
          and (not ent or r.id in (select x.id from app.enterprise_nearby_resources x))
        order by r.location::extensions.geography operator(extensions.<->) p
        limit n) k;
  if dmax is null then
    return;
  end if;

  return query
  select (row_number() over (order by s.d, s.id))::int, s.id, s.name, s.resource_type, s.capacity, s.capacity_unit,
    app.duty_phone_of(s.id), round(s.d::numeric, 1)::float8, extensions.st_x(s.location), extensions.st_y(s.location)
  from (
    select r.id, r.name, r.resource_type, r.capacity, r.capacity_unit, r.location,
      extensions.st_distance(r.location::extensions.geography, p) as d
    from public.emergency_resources r
    where (t is null or r.resource_type = t)
      and (not ent or r.id in (select x.id from app.enterprise_nearby_resources x))
      -- + 1 cm: ST_DWithin and ST_Distance may round the boundary case differently
      and extensions.st_dwithin(r.location::extensions.geography, p, dmax + 0.01)
  ) s
  order by s.d, s.id
  limit n;
end
$$;
