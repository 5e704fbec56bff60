-- A hidden danger's link to a risk point is part of the finding (20261216000300): an open major
-- danger holds its point at red. Moving or removing the link was not in the danger's timeline, so
-- nobody could see later that a point went back to its assessed colour because someone unlinked it.
-- The content-edit event now also records the link: old and new risk point, id and name, under
-- the same 'edited' action (written by the database, whoever made the change).
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
  if new.risk_point_id is distinct from old.risk_point_id then
    changes := changes || jsonb_build_object('risk_point', jsonb_build_object(
      'old', (select p.name from public.risk_points p where p.id = old.risk_point_id),
      'new', (select p.name from public.risk_points p where p.id = new.risk_point_id),
      'old_id', old.risk_point_id, 'new_id', new.risk_point_id));
  end if;
  if changes <> '{}' then
    perform app.record_event(new.id, old.status, new.status, 'edited', null, jsonb_build_object('changes', changes));
  end if;
  return null;
end
$$;

revoke execute on function app.hidden_danger_edited() from public, anon, authenticated;
