-- The serious-dishonesty list (issue 18): what a listing said before it was changed.
--
-- A regulator of the area or an admin may correct a current listing's reason, decision (决定书文号),
-- deciding office and expiry (20261210000100_notices.sql, 20270111000100), and credit repair removes
-- it (remove_from_blacklist). Until now an edit left only updated_at: nobody could see what the
-- listing said before, or who changed it. This adds:
--   1. public.credit_blacklist_edits, append-only: one row per change of a listing (listed, edited,
--      removed; and deleted, which only maintenance can do), with the fields that changed and their
--      old and new values, who (auth uid and app role from the request's JWT; 'system' for
--      maintenance) and when, and the editor's reason where one was given.
--   2. A trigger on credit_blacklist (after insert, update, delete; SECURITY DEFINER, the API roles
--      cannot write the history themselves) writes that row on every path: a direct update through
--      PostgREST, edit_blacklist_listing(), remove_from_blacklist() (a SECURITY DEFINER function:
--      the actor still comes from the JWT claims), the owner's maintenance. An update that changes
--      no field but updated_at writes nothing.
--   3. edit_blacklist_listing(id, reason, decision, decided_by, expires_on, note): the edit form's
--      path. It runs with the caller's rights (RLS and the listing's guards apply as to a direct
--      update) and REQUIRES a reason for the edit (2–500 characters): a correction of an
--      administrative record says why. A direct table update (still allowed by
--      credit_blacklist_update, and used by older clients and tests) is recorded all the same, with
--      no reason (note null).
-- Who reads the history: whoever may read the listing (the policy asks credit_blacklist, under the
-- caller's RLS): admins, command and planners (read everything), the regulators of the listing's
-- area, and the listed enterprise for its own listing: it is the subject of the decision (应急管理部令
-- 第11号 gives it objection and credit repair), and it may already read the listing itself; what its
-- record said before is no secret from it. Editors appear as role and an opaque id, never a name,
-- e-mail or phone. The public and other districts' regulators see nothing.
-- No foreign key to credit_blacklist: a listing is never deleted through the API, and when the owner
-- deletes one (test clean-up, maintenance) its history stays (with a 'deleted' row) instead of
-- blocking the delete or being deleted with it.

-- 1. The history ------------------------------------------------------------------------------------

create table public.credit_blacklist_edits (
  id bigint generated always as identity primary key,
  listing_id uuid not null,
  at timestamptz not null default now(),
  actor_id uuid,
  actor_role text not null check (length(actor_role) between 1 and 40),
  action text not null check (action in ('listed', 'edited', 'removed', 'deleted')),
  -- the columns that changed, in column order, and {column: {"old": …, "new": …}} for each
  fields text[] not null check (cardinality(fields) between 1 and 20),
  changes jsonb not null check (jsonb_typeof(changes) = 'object'),
  note text check (length(note) <= 2000)
);

create index credit_blacklist_edits_listing_idx on public.credit_blacklist_edits (listing_id, at, id);

comment on table public.credit_blacklist_edits is
  'Append-only history of credit_blacklist: every change of a listing (fields, old and new values, who, when, why). Written by trigger only.';

create trigger credit_blacklist_edits_append_only before update or delete on public.credit_blacklist_edits
  for each row execute function app.refuse_change('the history of a listing is append-only: it cannot be %sd (名单修改记录不可修改或删除)',
    'correct the listing instead; the correction is recorded too');

create trigger credit_blacklist_edits_no_truncate before truncate on public.credit_blacklist_edits
  for each statement execute function app.refuse_change('the history of a listing is append-only: it cannot be %sd (名单修改记录不可修改或删除)',
    'correct the listing instead; the correction is recorded too');

alter table public.credit_blacklist_edits enable row level security;

revoke all on public.credit_blacklist_edits from anon;
revoke insert, update, delete, truncate on public.credit_blacklist_edits from authenticated, service_role;
grant select on public.credit_blacklist_edits to authenticated, service_role;

-- Exactly who may read the listing (credit_blacklist_read applies inside this subquery).
create policy credit_blacklist_edits_read on public.credit_blacklist_edits for select to authenticated
  using (exists (select 1 from public.credit_blacklist b where b.id = listing_id));

-- 2. The trigger ------------------------------------------------------------------------------------

create or replace function app.record_credit_blacklist_edit() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  a jsonb := app.actor();
  o jsonb := case when tg_op in ('UPDATE', 'DELETE') then to_jsonb(old) else '{}'::jsonb end;
  n jsonb := case when tg_op in ('INSERT', 'UPDATE') then to_jsonb(new) else '{}'::jsonb end;
  f text[] := '{}';
  c jsonb := '{}';
  k text;
  act text;
  why text;
begin
  -- the columns in table order; bookkeeping columns are not the listing's content
  for k in
    select att.attname from pg_catalog.pg_attribute att
    where att.attrelid = 'public.credit_blacklist'::regclass and att.attnum > 0 and not att.attisdropped
      and att.attname not in ('id', 'created_at', 'updated_at')
    order by att.attnum
  loop
    if (o -> k) is distinct from (n -> k) and not (tg_op = 'INSERT' and jsonb_typeof(n -> k) = 'null') then
      f := f || k;
      c := c || jsonb_build_object(k, jsonb_build_object('old', o -> k, 'new', n -> k));
    end if;
  end loop;
  if cardinality(f) = 0 then
    return null;
  end if;
  if tg_op = 'INSERT' then
    act := 'listed';
  elsif tg_op = 'DELETE' then
    act := 'deleted';
  elsif old.removed_on is null and new.removed_on is not null then
    act := 'removed';
    why := new.removal_reason;
  else
    act := 'edited';
    -- set by edit_blacklist_listing() for this transaction only
    why := nullif(current_setting('app.blacklist_edit_note', true), '');
  end if;
  insert into public.credit_blacklist_edits (listing_id, actor_id, actor_role, action, fields, changes, note)
  values (case when tg_op = 'DELETE' then old.id else new.id end,
    case when (a ->> 'id') ~* '^[0-9a-f-]{36}$' then (a ->> 'id')::uuid end,
    coalesce(a ->> 'role', 'system'), act, f, c, why);
  return null;
end
$$;

revoke execute on function app.record_credit_blacklist_edit() from public, anon, authenticated, service_role;

create trigger credit_blacklist_history after insert or update or delete on public.credit_blacklist
  for each row execute function app.record_credit_blacklist_edit();

-- 3. The edit with its reason ------------------------------------------------------------------------

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
  if length(why) < 2 or length(why) > 500 then
    perform app.refuse_input('note', '修改理由', '须为 2–500 个字符', 'must be 2 to 500 characters');
  end if;
  -- under the caller's RLS: a listing it cannot see is as absent as one that does not exist (no
  -- FOR UPDATE here: that asks the update policy too, and a reader who may not edit, such as the
  -- listed enterprise, is told so below; the update takes the row's lock)
  select * into b from public.credit_blacklist x where x.id = edit_blacklist_listing.id;
  if not found then
    raise exception 'blacklist entry % not found or not visible to you (名单记录不存在或无权查看)', id using errcode = '42501';
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

-- 4. Input limits ------------------------------------------------------------------------------------

insert into app.input_limits (relation, col, kind, label_zh, required, min_len, max_len) values
  ('credit_blacklist_edits', 'note', 'text', '修改理由', false, null, 2000),
  ('credit_blacklist_edits', 'actor_role', 'text', '修改人角色', true, 1, 40);

insert into app.input_limits (relation, col, kind, label_zh, max_len) values
  ('credit_blacklist_edits', 'changes', 'json', '修改内容', 65536);

select app.install_input_limits('credit_blacklist_edits');

-- Listings made before this migration have no 'listed' row; their first edit's old values say what
-- they were. Record the listings as they are now, so every listing's history starts somewhere.
insert into public.credit_blacklist_edits (listing_id, at, actor_id, actor_role, action, fields, changes, note)
select b.id, b.created_at, null, 'system', 'listed',
  array(select k from jsonb_object_keys(s.v) k order by k),
  (select jsonb_object_agg(k, jsonb_build_object('old', null, 'new', s.v -> k)) from jsonb_object_keys(s.v) k),
  '本记录前的修改未留痕（修改记录自此开始） / changes before this record were not kept'
from public.credit_blacklist b
cross join lateral (select jsonb_strip_nulls(to_jsonb(b) - 'id' - 'created_at' - 'updated_at') as v) s;
