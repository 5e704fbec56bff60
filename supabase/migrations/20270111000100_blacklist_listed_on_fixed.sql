-- The serious-dishonesty list (issue 18): a listing's day of listing is fixed once listed.
--
-- 20261210000100_notices.sql lets the regulators of the area and admins update a current listing
-- (credit_blacklist_update) and guards the enterprise, the removal (only remove_from_blacklist) and
-- removed listings, but not listed_on: moving it back would bring the earliest credit-repair day
-- (12 months after listing) forward and let a listing be removed at once. Through the API a
-- listing's listed_on can no longer change; its reason, decision, deciding office and expiry still
-- can (by the same people: RLS). Maintenance (the demo loader, tests as the owner) is not API.
create or replace function app.guard_credit_blacklist_listed_on() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user in ('anon', 'authenticated', 'service_role') and new.listed_on is distinct from old.listed_on then
    raise exception '列入日期不可更改（列入 %）：信用修复移出的最早日期由它计算；列入有误须移出后重新列入。 / credit_blacklist.listed_on: a listing''s day of listing (%) cannot change (the earliest credit repair is counted from it)',
      old.listed_on, old.listed_on using errcode = '42501', detail = 'field: credit_blacklist.listed_on';
  end if;
  return new;
end
$$;

create trigger credit_blacklist_listed_on_fixed before update of listed_on on public.credit_blacklist
  for each row execute function app.guard_credit_blacklist_listed_on();
