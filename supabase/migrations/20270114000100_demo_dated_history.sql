-- Dated demo histories (issue 21): the demo loader writes each seeded hidden danger's whole
-- history (found, registered, rectifying, … on the days they happened) into hidden_danger_events
-- itself. The 'created' event the insert trigger records would then be a second, wrongly dated
-- "created" (at load time, in the danger's final state), so it is left out for exactly those rows:
-- demo rows (is_demo) inserted outside the API roles (the loader runs as the database owner, as
-- supabase/seed.sql does on hosted projects). Every row inserted through the API (public reports,
-- inspections, imports by the service role), demo-marked or not, still gets its 'created' event.
create or replace function app.hidden_danger_created() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- No JWT claims = maintenance or the demo loader (as app.actor() decides); session_user because
  -- this function is security definer (current_user is its owner here).
  if new.is_demo and not (app.claims() ? 'role')
     and session_user not in ('anon', 'authenticated', 'service_role', 'authenticator') then
    return null;
  end if;
  perform app.record_event(new.id, null, new.status, 'created', null,
    jsonb_build_object('source', new.source, 'title', new.title));
  return null;
end
$$;
