-- The serious-dishonesty list (issue 18): a correction of a listing's expiry cannot end it early.
--
-- The area's regulators and admins may correct a listing's expiry (20261210000100_notices.sql), and
-- the enterprise's card shows a listing until its expiry. Any day after the day of listing was
-- accepted, so moving the expiry to tomorrow, or to a day already past, ended a listing at once:
-- a removal without credit repair, before the 12 months credit repair requires
-- (remove_from_blacklist) and without its recorded reason. Through the API a changed expiry must
-- now be on or after the earliest credit-repair day (listed_on + 12 months) and not before the
-- city's today; a typo can still be corrected within those bounds, and ending a listing early is
-- remove_from_blacklist's. Maintenance (the demo loader, tests as the owner) is not API.
create or replace function app.guard_credit_blacklist_expiry() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  floor_day date := greatest((new.listed_on + interval '12 months')::date, app.today());
begin
  if current_user in ('anon', 'authenticated', 'service_role') and new.removed_on is null
     and new.expires_on is distinct from old.expires_on and new.expires_on < floor_day then
    perform app.refuse_input('credit_blacklist.expires_on', '移出日期',
      format('不得早于 %s（列入满 12 个月的信用修复日 %s，且不早于今天）；提前移出须办理信用修复', floor_day,
        (new.listed_on + interval '12 months')::date),
      format('cannot be before %s (12 months after listing, %s, and not before today); ending a listing early is credit repair (remove_from_blacklist)',
        floor_day, (new.listed_on + interval '12 months')::date));
  end if;
  return new;
end
$$;

create trigger credit_blacklist_expiry_floor before update of expires_on on public.credit_blacklist
  for each row execute function app.guard_credit_blacklist_expiry();
