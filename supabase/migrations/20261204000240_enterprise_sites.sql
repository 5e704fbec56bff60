-- Least privilege, part 5 (found in the write review): an enterprise places and moves its own
-- risk points and hazard sources, but only inside its own district. area_code already follows
-- the location (0300), so moving a point elsewhere would hand it to another district's
-- regulator and out of its own regulator's sight, the same escape the hidden dangers' guard
-- refuses. Regulators and admins may still place rows anywhere their own rules allow.
create or replace function app.enterprise_site_in_own_district() returns trigger
language plpgsql
set search_path = ''  -- invoker: current_user is the API role, and the enterprise reads its own record
as $$
declare
  home text;
begin
  if app.user_role() <> 'enterprise' or current_user not in ('anon', 'authenticated') then
    return new;
  end if;
  if tg_op = 'UPDATE' and new.area_code is not distinct from old.area_code then
    return new;
  end if;
  select left(e.area_code, 6) into home from public.enterprises e where e.id = new.enterprise_id;
  if home is null or new.area_code is null or left(new.area_code, 6) <> home then
    raise exception '%: an enterprise places its own % inside its own district (%); this location is in %',
      case when tg_table_name = 'hazard_sources' then 'geom' else 'location' end,
      case when tg_table_name = 'hazard_sources' then 'hazard sources' else 'risk points' end,
      coalesce(home, 'unknown'), coalesce(left(new.area_code, 6), 'no district of this city')
      using errcode = '42501';
  end if;
  return new;
end
$$;
revoke execute on function app.enterprise_site_in_own_district() from public, anon;
grant execute on function app.enterprise_site_in_own_district() to authenticated;
-- Named to fire after risk_points_write / hazard_sources_write, which derive area_code.
create trigger risk_points_zone_guard before insert or update on public.risk_points
  for each row execute function app.enterprise_site_in_own_district();
create trigger hazard_sources_zone_guard before insert or update on public.hazard_sources
  for each row execute function app.enterprise_site_in_own_district();
