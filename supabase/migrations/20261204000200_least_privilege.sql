-- Least privilege, part 1: finding integrity (issue 12).
-- Inspection findings belong to the inspector. An enterprise adds rectification evidence through
-- transition_hidden_danger(), but never rewrites what an inspection (or a member of the public)
-- found: title, description, location, source. Any content edit that is allowed appends an
-- 'edited' event with the old and the new text, so the record shows what it said before.

alter table public.hidden_danger_events drop constraint hidden_danger_events_action_check;
alter table public.hidden_danger_events add constraint hidden_danger_events_action_check
  check (action in ('created', 'transition', 'reassessed', 'edited'));

-- The content of a finding: what the finder wrote and where. Lifecycle columns stay the RPC's.
create or replace function app.guard_hidden_danger_write() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user not in ('anon', 'authenticated', 'service_role') then
    return new;  -- the lifecycle functions (security definer, run as owner) and maintenance
  end if;
  if tg_op = 'INSERT' then
    if new.status <> 'reported' or new.severity is not null or new.listing_level is not null
       or new.listing_date is not null or new.supervising_office is not null or new.deadline is not null
       or new.closed_at is not null or new.rectification_measures is not null or new.responsible_person is not null
       or new.rectification_funds is not null or new.rectification_done is not null
       or new.verified_by is not null or new.verified_at is not null then
      raise exception 'a new hidden danger starts as reported, unassessed; use transition_hidden_danger() to register, assess and list it'
        using errcode = '42501';
    end if;
    if new.source = 'public_report' or new.tracking_code is not null then
      raise exception 'public reports come only through report_hidden_danger()' using errcode = '42501';
    end if;
    -- An enterprise's own finding is a self-check, never an inspection in the inspector's name.
    if app.user_role() = 'enterprise' and new.source <> 'self_check' then
      raise exception 'source: an enterprise records its own findings as self_check; inspection findings are the inspector''s'
        using errcode = '42501';
    end if;
    return new;
  end if;
  if new.enterprise_id is distinct from old.enterprise_id then
    raise exception 'enterprise_id: a hidden danger keeps its enterprise' using errcode = '42501';
  end if;
  if new.source is distinct from old.source then
    raise exception 'source: a hidden danger keeps its source (who found it)' using errcode = '42501';
  end if;
  -- The finding's text belongs to whoever found it: an enterprise edits only its own self-checks.
  if app.user_role() = 'enterprise' and old.source <> 'self_check'
     and (new.title is distinct from old.title or new.description is distinct from old.description) then
    raise exception '%: an enterprise may not rewrite a finding made by % (it belongs to the finder); add rectification evidence through transition_hidden_danger()',
      case when new.title is distinct from old.title then 'title' else 'description' end,
      case old.source when 'inspection' then 'an inspection' else 'a public report' end
      using errcode = '42501';
  end if;
  if app.user_role() = 'enterprise' and (extensions.st_asewkb(new.location) is distinct from extensions.st_asewkb(old.location)
     or new.area_code is distinct from old.area_code) then
    raise exception 'location: an enterprise may not move a hidden danger (its location decides which regulator supervises it)'
      using errcode = '42501';
  end if;
  if new.status is distinct from old.status or new.severity is distinct from old.severity
     or new.deadline is distinct from old.deadline or new.closed_at is distinct from old.closed_at
     or new.listing_level is distinct from old.listing_level or new.listing_date is distinct from old.listing_date
     or new.supervising_office is distinct from old.supervising_office
     or new.rectification_measures is distinct from old.rectification_measures
     or new.responsible_person is distinct from old.responsible_person
     or new.rectification_funds is distinct from old.rectification_funds
     or new.rectification_done is distinct from old.rectification_done
     or new.verified_by is distinct from old.verified_by or new.verified_at is distinct from old.verified_at
     or new.tracking_code is distinct from old.tracking_code then
    raise exception 'status, assessment, listing and rectification fields change only through transition_hidden_danger()'
      using errcode = '42501';
  end if;
  -- When it was found decides how old it is: part of the finding, not of its later edits.
  if new.found_at is distinct from old.found_at then
    raise exception 'found_at: when a hidden danger was found is part of the finding and is not edited' using errcode = '42501';
  end if;
  return new;
end
$$;

-- Every content edit leaves an event with the old and the new values, whoever made it (API roles,
-- the service role, maintenance). Security definer: the event table is written by no API role.
create or replace function app.hidden_danger_edited() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  changes jsonb := '{}';
begin
  if new.title is distinct from old.title then
    changes := changes || jsonb_build_object('title', jsonb_build_object('old', old.title, 'new', new.title));
  end if;
  if new.description is distinct from old.description then
    changes := changes || jsonb_build_object('description', jsonb_build_object('old', old.description, 'new', new.description));
  end if;
  if extensions.st_asewkb(new.location) is distinct from extensions.st_asewkb(old.location) then
    changes := changes || jsonb_build_object('location', jsonb_build_object(
      'old', extensions.st_asgeojson(old.location, 7)::jsonb, 'new', extensions.st_asgeojson(new.location, 7)::jsonb));
  end if;
  if new.area_code is distinct from old.area_code then
    changes := changes || jsonb_build_object('area_code', jsonb_build_object('old', old.area_code, 'new', new.area_code));
  end if;
  if changes <> '{}' then
    perform app.record_event(new.id, old.status, new.status, 'edited', null, jsonb_build_object('changes', changes));
  end if;
  return null;
end
$$;
revoke execute on function app.hidden_danger_edited() from public, anon, authenticated;
create trigger hidden_dangers_edited after update on public.hidden_dangers
  for each row execute function app.hidden_danger_edited();
