-- The hidden-danger page (#/dangers): a list view with the figures the list needs, indexes for
-- its filters and sorts, and "what may I do with this danger now", answered from the same
-- rules table transition_hidden_danger() enforces. Nothing here changes a danger: every
-- change still goes through transition_hidden_danger().

-- Filters and sorts of the list. Under RLS the planner uses a filter for an index only when its
-- operator is leakproof (else it must run after the policy): date and text comparisons are,
-- enum = and LIKE are not. So:
--   overdue:  deadline < current_date and not closed/rejected → deadline index
--   listed:   listing_level is not null (few rows) → partial index
--   area:     filtered as a code range, area_code >= '440704' and area_code < '440705' (codes
--             are digit strings, so the range is exactly the prefix) → plain btree on area_code
--             (the text_pattern_ops index of 0300 serves LIKE only)
--   status:   no index can take it under RLS; a page is read in the sort index's order instead
--   sort by deadline / found date → their indexes
create index if not exists hidden_dangers_deadline_idx on public.hidden_dangers (deadline);
create index if not exists hidden_dangers_found_idx on public.hidden_dangers (found_at);
create index if not exists hidden_dangers_area_range_idx on public.hidden_dangers (area_code);
create index if not exists hidden_dangers_listed_idx on public.hidden_dangers (listing_level) where listing_level is not null;

-- One row per hidden danger the caller may read. security_invoker: the caller's RLS on
-- hidden_dangers (and on enterprises, for the name) applies exactly as on the tables; anon has
-- no grant. The overdue and listed expressions are written out (not app.hidden_danger_is_overdue,
-- which has a SET clause and is never inlined) so that `overdue = true` can use the deadline
-- index; they mean the same: deadline passed and not closed (or rejected); a listing stays until
-- the danger is closed.
create or replace view public.hidden_danger_list
with (security_invoker = true)
as
select
  d.id,
  d.title,
  d.description,
  d.source,
  d.severity,
  d.status,
  d.area_code,
  left(d.area_code, 6) as district_code,
  dist.name as district_name,
  ar.name as area_name,
  d.enterprise_id,
  e.name as enterprise_name,
  d.found_at,
  d.deadline,
  d.closed_at,
  (d.deadline is not null and d.deadline < current_date and d.status not in ('closed', 'rejected')) as overdue,
  (d.listing_level is not null and d.status <> 'closed') as listed,
  d.listing_level,
  d.listing_date,
  d.supervising_office,
  d.rectification_measures,
  d.responsible_person,
  d.rectification_funds,
  d.rectification_done,
  d.verified_by,
  d.verified_at,
  d.tracking_code,
  extensions.st_x(d.location) as lon,
  extensions.st_y(d.location) as lat,
  d.created_at,
  d.updated_at
from public.hidden_dangers d
left join public.areas ar on ar.code = d.area_code
left join public.areas dist on dist.code = left(d.area_code, 6)
left join public.enterprises e on e.id = d.enterprise_id;

revoke all on public.hidden_danger_list from anon, public;
grant select on public.hidden_danger_list to authenticated, service_role;

-- The transitions the caller may take from the danger's current status, read from
-- hidden_danger_transitions (the table transition_hidden_danger() checks), plus the
-- regulator's re-assessment general → major (the one change transition_hidden_danger() allows
-- without a rule row). security invoker: the danger is read under the caller's RLS, so a danger
-- the caller may not read is "not found", as in transition_hidden_danger().
-- severities: the assessments the caller may choose (an enterprise registers as general only).
create or replace function public.allowed_hidden_danger_transitions(id uuid)
returns table (
  to_status public.hidden_danger_status,
  kind text,
  label_zh text,
  label_en text,
  required_details text[],
  note_required boolean,
  severities text[]
)
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  d public.hidden_dangers%rowtype;
  role text := app.user_role();
begin
  if id is null then
    raise exception 'id is required' using errcode = '22023';
  end if;
  select * into d from public.hidden_dangers h where h.id = allowed_hidden_danger_transitions.id;
  if not found then
    raise exception 'hidden danger % not found or not visible to you', id using errcode = '42501';
  end if;
  -- Readers that change nothing (command centre, planners): no actions. transition_hidden_danger()
  -- refuses every change from them, and so does this list.
  if role not in ('admin', 'regulator', 'enterprise', 'service') then
    return;
  end if;
  return query
    select t.to_status, 'transition'::text, t.label_zh, t.label_en, t.required_details, t.note_required,
      case when t.to_status = 'registered' then
        case when role = 'enterprise' then array['general'] else array['general', 'major'] end
      end
    from public.hidden_danger_transitions t
    where t.from_status = d.status and (role = any (t.roles) or role = 'service')
    order by array_position(enum_range(null::public.hidden_danger_status), t.to_status);
  if role in ('admin', 'regulator', 'service') and d.status in ('registered', 'rectifying', 'pending_verification')
     and d.severity is distinct from 'major' then
    return query select d.status, 'reassess'::text, '提升为重大隐患并挂牌督办'::text,
      'Raise to major and list for supervision'::text,
      array['severity', 'listing_level', 'supervising_office']::text[], false, array['major'];
  end if;
end
$$;
revoke execute on function public.allowed_hidden_danger_transitions(uuid) from public, anon;
grant execute on function public.allowed_hidden_danger_transitions(uuid) to authenticated, service_role;
