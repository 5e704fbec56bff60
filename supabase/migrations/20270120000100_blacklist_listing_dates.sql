-- The serious-dishonesty list (issue 18): a new listing's dates, and a removed listing is a record.
--
-- What held before: app.guard_credit_blacklist_write (20261210000100_notices.sql) refused an expiry
-- on or before the day of listing, for everyone; the expiry floor (20270113000200) keeps a
-- CORRECTED expiry on or after max(listed_on + 12 months, today) but applies to updates only; and a
-- removed listing refused changes of its day of listing, expiry, reason and decision, but not of its
-- deciding office (decided_by), so edit_blacklist_listing() on a removed listing changed that field
-- and wrote an 'edited' row into the record's history. An unchanged edit of a removed listing was
-- told "nothing changed", not that the listing is closed.
--
-- Through the API (anon, authenticated, service_role) now:
--   1. A new listing's listed_on may not be after the city's today (app.today(): Beijing's day): a
--      listing is made on or after its decision, never ahead of it.
--   2. A new listing's expires_on may not be before the city's today (a listing already over when it
--      is made shows nowhere and ends at once), nor before the earliest credit-repair day
--      (listed_on + 12 months): the same floor a correction keeps (20270113000200), so a listing
--      cannot be made to end earlier than credit repair could end it. Empty: 3 years (as before).
--   3. A removed listing changes in no field: reason, decision, deciding office, dates, enterprise.
--      edit_blacklist_listing() says so first, with the day it was removed.
-- Messages: Chinese first, then English, the field named (app.refuse_input's shape).
-- Maintenance (the demo loader, tests and backfills as the owner) is not API, as in the guards
-- before: history can still be loaded as it was.

create or replace function app.guard_credit_blacklist_write() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  earliest date;
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
    if new.listed_on > app.today() then
      perform app.refuse_input('credit_blacklist.listed_on', '列入日期',
        format('不得晚于今天（%s）：名单在作出决定后列入，不能预先列入', app.today()),
        format('cannot be after today (%s): a listing follows its decision, never ahead of it', app.today()));
    end if;
    earliest := (new.listed_on + interval '12 months')::date;
    if new.expires_on < app.today() then
      perform app.refuse_input('credit_blacklist.expires_on', '移出日期',
        format('%s 已过（今天 %s）：到期的名单不再列入；请核对列入日期和移出日期', new.expires_on, app.today()),
        format('%s is already past (today is %s): a listing that has already ended is not made; check the dates', new.expires_on, app.today()));
    end if;
    if new.expires_on < earliest then
      perform app.refuse_input('credit_blacklist.expires_on', '移出日期',
        format('不得早于 %s（列入 %s 满 12 个月的信用修复日）；提前移出须办理信用修复', earliest, new.listed_on),
        format('cannot be before %s (12 months after listing on %s, the earliest credit repair); ending a listing early is credit repair (remove_from_blacklist)',
          earliest, new.listed_on));
    end if;
    return new;
  end if;
  if old.removed_on is not null and (new.listed_on, new.expires_on, new.reason, new.decision, new.decided_by, new.enterprise_id)
     is distinct from (old.listed_on, old.expires_on, old.reason, old.decision, old.decided_by, old.enterprise_id) then
    raise exception '该名单已于 % 移出（信用修复），是已办结的记录：已移出的名单不可修改。 / a removed listing is a record and is not edited (removed on %)',
      old.removed_on, old.removed_on using errcode = '42501', detail = 'field: credit_blacklist.removed_on';
  end if;
  if new.enterprise_id is distinct from old.enterprise_id then
    raise exception 'credit_blacklist.enterprise_id: a listing keeps its enterprise (名单主体不可更改)' using errcode = '42501';
  end if;
  if new.removed_on is distinct from old.removed_on or new.removal_reason is distinct from old.removal_reason
     or new.removed_by is distinct from old.removed_by or new.removed_by_role is distinct from old.removed_by_role then
    raise exception 'removal is recorded only by remove_from_blacklist() (移出只能通过信用修复办理)' using errcode = '42501';
  end if;
  return new;
end
$$;

-- The form's path: a removed listing is refused before anything else is compared.
create or replace function public.edit_blacklist_listing(id uuid, reason text, decision text, decided_by text, expires_on date, note text)
returns jsonb
language plpgsql
security invoker
set search_path = ''
as $$
declare
  b public.credit_blacklist%rowtype;
  why text := app.clean_text(note);
  -- trimmed only: a reason keeps its line breaks, as the form that lists it keeps them
  r text := btrim(reason);
  d text := nullif(btrim(decision), '');
  o text := nullif(btrim(decided_by), '');
  h bigint;
begin
  perform app.require_arg(id, 'id');
  perform app.require_arg(expires_on, 'expires_on');
  -- under the caller's RLS: a listing it cannot see is as absent as one that does not exist (no
  -- FOR UPDATE here: that asks the update policy too, and a reader who may not edit, such as the
  -- listed enterprise, is told so below; the update takes the row's lock)
  select * into b from public.credit_blacklist x where x.id = edit_blacklist_listing.id;
  if not found then
    raise exception 'blacklist entry % not found or not visible to you (名单记录不存在或无权查看)', id using errcode = '42501';
  end if;
  if b.removed_on is not null then
    raise exception '该名单已于 % 移出（信用修复），是已办结的记录：已移出的名单不可修改。 / a removed listing is a record and is not edited (removed on %)',
      b.removed_on, b.removed_on using errcode = '42501', detail = 'field: credit_blacklist.removed_on';
  end if;
  if length(why) < 2 or length(why) > 500 then
    perform app.refuse_input('note', '修改理由', '须为 2–500 个字符', 'must be 2 to 500 characters');
  end if;
  if b.reason is not distinct from r and b.decision is not distinct from d and b.decided_by is not distinct from o
     and b.expires_on is not distinct from edit_blacklist_listing.expires_on then
    raise exception '没有修改任何字段（列入理由、决定书文号、决定机关、移出日期均与原值相同）。 / nothing changed: reason, decision, deciding office and expiry are as they were'
      using errcode = '22023';
  end if;
  perform set_config('app.blacklist_edit_note', why, true);
  update public.credit_blacklist x
  set reason = r, decision = d, decided_by = o, expires_on = edit_blacklist_listing.expires_on
  where x.id = b.id;
  if not found then
    raise exception 'role % may not edit this listing: a regulator of the area or an admin corrects it (无权修改该名单)', app.user_role()
      using errcode = '42501';
  end if;
  perform set_config('app.blacklist_edit_note', '', true);
  select max(e.id) into h from public.credit_blacklist_edits e where e.listing_id = b.id;
  return (select jsonb_build_object('id', x.id, 'reason', x.reason, 'decision', x.decision, 'decided_by', x.decided_by,
      'listed_on', x.listed_on, 'expires_on', x.expires_on, 'history_id', h)
    from public.credit_blacklist x where x.id = b.id);
end
$$;

revoke execute on function public.edit_blacklist_listing(uuid, text, text, text, date, text) from public, anon;
grant execute on function public.edit_blacklist_listing(uuid, text, text, text, date, text) to authenticated, service_role;
