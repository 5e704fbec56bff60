-- Per-role checks of the sensitive tables, on rows made here (inside the transaction, rolled back):
-- reporters' contacts (举报人信息保密: not even the command centre), enterprise contacts, duty
-- phones, the names of responsible persons and verifiers, the append-only histories (grading,
-- configuration changes, hidden-danger events) and the configuration tables (admins only).
-- Each role reads through RLS as PostgREST would make it: the API role plus the JWT's claims.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path = extensions, public;

select plan(46);

-- ------------------------------------------------------------------ fixture (as the owner)
-- A city of its own far from any demo data: 990100 with districts 990101 and 990102.
insert into public.areas (code, parent_code, level, name, geom) values
  ('990100', null, 'city', 'pgTAP city', extensions.st_multi(extensions.st_makeenvelope(100, 10, 102, 11, 4326))),
  ('990101', '990100', 'district', 'pgTAP district A', extensions.st_multi(extensions.st_makeenvelope(100, 10, 101, 11, 4326))),
  ('990102', '990100', 'district', 'pgTAP district B', extensions.st_multi(extensions.st_makeenvelope(101, 10, 102, 11, 4326)));

-- A credit code with a valid check character (GB 32100-2015).
insert into public.enterprises (id, name, credit_code, industry_code, location, area_code)
select 'de3000ff-0000-4000-8000-000000000001', 'pgTAP enterprise', c.code,
  (select code from public.industries order by code limit 1),
  extensions.st_setsrid(extensions.st_makepoint(100.5, 10.5), 4326), '990101'
from (select '91990101MA0000001' || ch as code
      from regexp_split_to_table('0123456789ABCDEFGHJKLMNPQRTUWXY', '') ch
      where app.credit_code_is_valid('91990101MA0000001' || ch) limit 1) c;

insert into public.enterprise_contacts (enterprise_id, legal_representative, phone)
values ('de3000ff-0000-4000-8000-000000000001', 'pgTAP legal representative', '13800000001');

insert into public.hidden_dangers (id, title, source, status, location, area_code, tracking_code)
values ('de3000ff-0000-4000-8000-000000000002', 'pgTAP public report', 'public_report', 'reported',
  extensions.st_setsrid(extensions.st_makepoint(100.5, 10.5), 4326), '990101', 'PGTAP0001');

insert into public.hidden_danger_reporters (hidden_danger_id, contact)
values ('de3000ff-0000-4000-8000-000000000002', '13800000002');

insert into public.hidden_danger_people (hidden_danger_id, area_code, responsible_person, verified_by)
values ('de3000ff-0000-4000-8000-000000000002', '990101', 'pgTAP responsible', 'pgTAP verifier');

insert into public.emergency_resources (id, name, resource_type, location, area_code)
values ('de3000ff-0000-4000-8000-000000000003', 'pgTAP shelter', 'shelter',
  extensions.st_setsrid(extensions.st_makepoint(100.6, 10.6), 4326), '990101');

insert into public.emergency_resource_contacts (resource_id, duty_phone)
values ('de3000ff-0000-4000-8000-000000000003', '13800000003');

insert into public.grading_history (subject, subject_id, subject_name, area_code, event, actor_role, old_level, new_level, reason)
values ('risk_point', 'de3000ff-0000-4000-8000-000000000004', 'pgTAP point', '990101', 'proposed', 'enterprise', 2, 3, 'pgTAP reason');

-- ------------------------------------------------------------------ helpers
-- The rows of a query as an app role sees them: the API role and the JWT claims PostgREST sets.
create function pg_temp.claims(app_role text) returns jsonb language sql immutable as $$
  select case app_role
    when 'anon' then '{"role": "anon"}'::jsonb
    when 'no role' then '{"role": "authenticated"}'::jsonb
    when 'regulator A' then '{"role": "authenticated", "app_metadata": {"app_role": "regulator", "area_codes": ["990101"]}}'::jsonb
    when 'regulator B' then '{"role": "authenticated", "app_metadata": {"app_role": "regulator", "area_codes": ["990102"]}}'::jsonb
    when 'enterprise' then '{"role": "authenticated", "app_metadata": {"app_role": "enterprise", "enterprise_id": "de3000ff-0000-4000-8000-000000000001"}}'::jsonb
    else jsonb_build_object('role', 'authenticated', 'app_metadata', jsonb_build_object('app_role', app_role))
  end
$$;

create function pg_temp.count_as(app_role text, q text) returns bigint language plpgsql as $$
declare
  n bigint;
begin
  perform set_config('request.jwt.claims', pg_temp.claims(app_role)::text, true);
  perform set_config('role', case when app_role = 'anon' then 'anon' else 'authenticated' end, true);
  execute format('select count(*) from (%s) q', q) into n;
  reset role;
  perform set_config('request.jwt.claims', '', true);
  return n;
end
$$;

-- Runs a statement as an app role (for throws_ok); the role is undone with the failed statement.
create function pg_temp.run_as(app_role text, q text) returns void language plpgsql as $$
begin
  perform set_config('request.jwt.claims', pg_temp.claims(app_role)::text, true);
  perform set_config('role', case when app_role = 'anon' then 'anon' when app_role = 'service' then 'service_role' else 'authenticated' end, true);
  execute q;
  reset role;
  perform set_config('request.jwt.claims', '', true);
end
$$;

-- ------------------------------------------------------------------ reporters' contacts
select is(pg_temp.count_as('admin', 'select contact from public.hidden_danger_reporters where contact = ''13800000002'''), 1::bigint,
  'reporters: an admin reads the contact');
select is(pg_temp.count_as('regulator A', 'select contact from public.hidden_danger_reporters where contact = ''13800000002'''), 1::bigint,
  'reporters: the regulator of the area reads the contact');
select is(pg_temp.count_as('regulator B', 'select contact from public.hidden_danger_reporters where contact = ''13800000002'''), 0::bigint,
  'reporters: a regulator of another area does not');
select is(pg_temp.count_as('command', 'select contact from public.hidden_danger_reporters where contact = ''13800000002'''), 0::bigint,
  'reporters: the command centre does not (举报人信息保密)');
select is(pg_temp.count_as('planner', 'select contact from public.hidden_danger_reporters where contact = ''13800000002'''), 0::bigint,
  'reporters: a planner does not');
select is(pg_temp.count_as('enterprise', 'select contact from public.hidden_danger_reporters where contact = ''13800000002'''), 0::bigint,
  'reporters: the enterprise does not');
select is(pg_temp.count_as('no role', 'select contact from public.hidden_danger_reporters where contact = ''13800000002'''), 0::bigint,
  'reporters: a signed-in user without a role does not');
select throws_ok($$ select pg_temp.count_as('anon', 'select contact from public.hidden_danger_reporters') $$, '42501', null,
  'reporters: anon may not even query the table');
select throws_ok($$ select pg_temp.run_as('admin', 'update public.hidden_danger_reporters set contact = ''x''') $$, '42501', null,
  'reporters: not even an admin rewrites a contact through the API');

-- ------------------------------------------------------------------ enterprise contacts
select is(pg_temp.count_as('command', 'select 1 from public.enterprise_contacts where phone = ''13800000001'''), 1::bigint,
  'enterprise contacts: the command centre reads them');
select is(pg_temp.count_as('regulator A', 'select 1 from public.enterprise_contacts where phone = ''13800000001'''), 1::bigint,
  'enterprise contacts: the regulator of the area reads them');
select is(pg_temp.count_as('enterprise', 'select 1 from public.enterprise_contacts where phone = ''13800000001'''), 1::bigint,
  'enterprise contacts: the enterprise reads its own');
select is(pg_temp.count_as('regulator B', 'select 1 from public.enterprise_contacts where phone = ''13800000001'''), 0::bigint,
  'enterprise contacts: a regulator of another area does not');
select is(pg_temp.count_as('planner', 'select 1 from public.enterprise_contacts where phone = ''13800000001'''), 0::bigint,
  'enterprise contacts: a planner does not');
select is(pg_temp.count_as('no role', 'select 1 from public.enterprise_contacts where phone = ''13800000001'''), 0::bigint,
  'enterprise contacts: a signed-in user without a role does not');
select throws_ok($$ select pg_temp.count_as('anon', 'select 1 from public.enterprise_contacts') $$, '42501', null,
  'enterprise contacts: anon may not query them');

-- ------------------------------------------------------------------ duty phones
select is(pg_temp.count_as('command', 'select 1 from public.emergency_resource_contacts where duty_phone = ''13800000003'''), 1::bigint,
  'duty phones: the command centre reads them');
select is(pg_temp.count_as('regulator B', 'select 1 from public.emergency_resource_contacts where duty_phone = ''13800000003'''), 1::bigint,
  'duty phones: every regulator reads them (emergency resources serve across districts)');
select is(pg_temp.count_as('planner', 'select 1 from public.emergency_resource_contacts where duty_phone = ''13800000003'''), 0::bigint,
  'duty phones: a planner does not');
select is(pg_temp.count_as('enterprise', 'select 1 from public.emergency_resource_contacts where duty_phone = ''13800000003'''), 0::bigint,
  'duty phones: an enterprise does not');
select is(pg_temp.count_as('command', 'select 1 from public.emergency_resources where duty_phone is not null'), 0::bigint,
  'duty phones: the resource''s own column always reads null (the phone lives in the contacts table)');
select throws_ok($$ select pg_temp.count_as('anon', 'select 1 from public.emergency_resource_contacts') $$, '42501', null,
  'duty phones: anon may not query them');

-- ------------------------------------------------------------------ names of responsible persons and verifiers
select is(pg_temp.count_as('admin', 'select 1 from public.hidden_danger_people where responsible_person = ''pgTAP responsible'''), 1::bigint,
  'people: an admin reads the names');
select is(pg_temp.count_as('command', 'select 1 from public.hidden_danger_people where responsible_person = ''pgTAP responsible'''), 1::bigint,
  'people: the command centre reads the names');
select is(pg_temp.count_as('regulator A', 'select 1 from public.hidden_danger_people where responsible_person = ''pgTAP responsible'''), 1::bigint,
  'people: the regulator of the area reads the names');
select is(pg_temp.count_as('regulator B', 'select 1 from public.hidden_danger_people where responsible_person = ''pgTAP responsible'''), 0::bigint,
  'people: a regulator of another area does not');
select is(pg_temp.count_as('planner', 'select 1 from public.hidden_danger_people'), 0::bigint,
  'people: a planner reads no names');
select is(pg_temp.count_as('enterprise', 'select 1 from public.hidden_danger_people'), 0::bigint,
  'people: an enterprise reads no names');
select throws_ok($$ select pg_temp.run_as('admin', 'delete from public.hidden_danger_people') $$, '42501', null,
  'people: written only by the hidden-danger triggers, never directly through the API');

-- ------------------------------------------------------------------ grading history: append-only
select is(pg_temp.count_as('regulator A', 'select 1 from public.grading_history where subject_name = ''pgTAP point'''), 1::bigint,
  'grading history: the regulator of the area reads it');
select is(pg_temp.count_as('regulator B', 'select 1 from public.grading_history where subject_name = ''pgTAP point'''), 0::bigint,
  'grading history: a regulator of another area does not');
select throws_ok($$ select pg_temp.count_as('anon', 'select 1 from public.grading_history') $$, '42501', null,
  'grading history: anon may not query it');
select throws_ok($$ select pg_temp.run_as('admin', 'insert into public.grading_history (subject, subject_id, event, actor_role) values (''risk_point'', gen_random_uuid(), ''applied'', ''admin'')') $$,
  '42501', null, 'grading history: no API role writes it (only the grading functions do)');
select throws_ok($$ update public.grading_history set reason = 'rewritten' where subject_name = 'pgTAP point' $$,
  '42501', 'the grading history is append-only: update is not allowed',
  'grading history: not even the owner updates a row');
select throws_ok($$ delete from public.grading_history where subject_name = 'pgTAP point' $$,
  '42501', 'the grading history is append-only: delete is not allowed',
  'grading history: not even the owner deletes a row');
select throws_ok($$ truncate public.grading_history $$,
  '42501', 'the grading history is append-only: truncate is not allowed',
  'grading history: not even the owner truncates it');

-- ------------------------------------------------------------------ configuration tables
-- The log is append-only and may hold earlier edits (a shared test database): look at new rows only.
create temp table config_log_before as select coalesce(max(id), 0) as id from public.config_changes;

select is(pg_temp.count_as('regulator A', 'select 1 from public.risk_level_bands'), (select count(*) from public.risk_level_bands),
  'configuration: everyone reads the bands');
select throws_ok($$ select pg_temp.run_as('anon', 'update public.risk_level_bands set min_score = min_score') $$, '42501', null,
  'configuration: anon may not write the bands');
select lives_ok($$ select pg_temp.run_as('regulator A', 'update public.risk_level_bands set min_score = min_score') $$,
  'configuration: a regulator''s update of the bands runs…');
select is((select count(*) from public.config_changes
            where table_name = 'risk_level_bands' and id > (select id from config_log_before)), 0::bigint,
  '…but changes no row (RLS: admins only), so nothing is logged');
select throws_ok($$ select pg_temp.run_as('regulator A', 'insert into public.major_hazard_settings default values') $$, '42501', null,
  'configuration: a regulator may not insert into a configuration table');
select lives_ok($$ select pg_temp.run_as('admin', 'update public.risk_level_bands set min_score = min_score') $$,
  'configuration: an admin updates the bands');
select cmp_ok((select count(*) from public.config_changes
               where table_name = 'risk_level_bands' and actor_role = 'admin' and id > (select id from config_log_before)),
  '>', 0::bigint, 'configuration: the admin''s edit is logged in config_changes');
select is(pg_temp.count_as('enterprise', 'select 1 from public.config_changes'), 0::bigint,
  'configuration log: an enterprise does not read it');
select is(pg_temp.count_as('planner', 'select 1 from public.config_changes where table_name = ''risk_level_bands'''),
  (select count(*) from public.config_changes where table_name = 'risk_level_bands'),
  'configuration log: government staff read it');
select throws_ok($$ update public.config_changes set actor_role = 'x' $$,
  '42501', 'the configuration change log is append-only: update is not allowed',
  'configuration log: not even the owner rewrites it');

select * from finish();
rollback;
