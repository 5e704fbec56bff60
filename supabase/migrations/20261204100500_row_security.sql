-- Row-level security, as DOMAIN.md says:
--   admin       everything, read and write
--   command     everything, read-only (the command centre's map wall)
--   planner     every spatial table, read-only (no personal contacts)
--   regulator   read and write inside the jurisdiction (app_metadata.area_codes); shared
--               context layers (areas, parks, protective targets, resources) everywhere
--   enterprise  its own enterprise, hazard sources, risk points and hidden dangers
--   anon        nothing here: the public reads the public_* views and functions only
-- Performance: the claims are read through (select …) so PostgreSQL evaluates them once per
-- query as init-plans. The predicates are therefore written into each policy (from the SQL
-- templates below, via app.rls_*()), not called as functions: a SQL function containing
-- sub-selects is never inlined and would re-read the claims for every row.

create or replace function app.is_staff() returns boolean
language sql stable
as $$ select app.user_role() in ('admin', 'command', 'planner', 'regulator', 'enterprise', 'service') $$;

-- Read: roles that read all, regulators inside their jurisdiction, enterprises their own rows.
create or replace function app.rls_read(area_col text, enterprise_col text) returns text
language sql immutable
set search_path = ''
as $$
  select format('((select app.reads_all())'
    || ' or ((select app.user_role()) = ''regulator'' and %1$s like any ((select app.scope_patterns())::text[]))'
    || case when enterprise_col is null then '' else
       ' or ((select app.user_role()) = ''enterprise'' and %2$s = (select app.enterprise_id()))' end
    || ')', area_col, enterprise_col)
$$;

-- Write: admins anywhere, regulators inside their jurisdiction, enterprises their own rows
-- where the table allows it (enterprise_col not null).
create or replace function app.rls_write(area_col text, enterprise_col text) returns text
language sql immutable
set search_path = ''
as $$
  select format('((select app.user_role()) in (''admin'', ''service'')'
    || ' or ((select app.user_role()) = ''regulator'' and %1$s like any ((select app.scope_patterns())::text[]))'
    || case when enterprise_col is null then '' else
       ' or ((select app.user_role()) = ''enterprise'' and %2$s = (select app.enterprise_id()))' end
    || ')', area_col, enterprise_col)
$$;

-- Row-level predicates for the few places that check one row in PL/pgSQL (not in policies).
create or replace function app.may_write(row_area text, row_enterprise uuid, enterprise_may boolean) returns boolean
language sql stable
as $$
  select coalesce(app.user_role() in ('admin', 'service')
    or (app.user_role() = 'regulator' and row_area like any (app.scope_patterns()))
    or (enterprise_may and app.user_role() = 'enterprise' and row_enterprise = app.enterprise_id()), false)
$$;

grant execute on all functions in schema app to anon, authenticated, service_role;

alter table public.areas enable row level security;

alter table public.chemical_parks enable row level security;

alter table public.enterprises enable row level security;

alter table public.enterprise_contacts enable row level security;

alter table public.hazard_sources enable row level security;

alter table public.hazard_source_inventory enable row level security;

alter table public.hazard_source_distances enable row level security;

alter table public.risk_points enable row level security;

alter table public.hidden_dangers enable row level security;

alter table public.hidden_danger_reporters enable row level security;

alter table public.protective_targets enable row level security;

alter table public.emergency_resources enable row level security;

-- anon reaches none of the operational tables directly: "permission denied" is clearer than
-- an empty answer. Areas and chemical parks are public geography.
revoke all on public.chemical_parks, public.enterprises, public.enterprise_contacts,
  public.hazard_sources, public.hazard_source_inventory, public.hazard_source_distances,
  public.risk_points, public.hidden_dangers, public.hidden_danger_reporters,
  public.protective_targets, public.emergency_resources from anon;

revoke insert, update, delete, truncate on public.areas from anon;

grant select on public.areas to anon;

-- Areas: public boundaries; written by admins only.
create policy areas_read on public.areas for select to anon, authenticated using (true);

create policy areas_admin_write on public.areas for all to authenticated
  using ((select app.user_role()) = 'admin') with check ((select app.user_role()) = 'admin');

-- Chemical parks: every staff role reads; admins write.
create policy chemical_parks_read on public.chemical_parks for select to authenticated using ((select app.is_staff()));

create policy chemical_parks_admin_write on public.chemical_parks for all to authenticated
  using ((select app.user_role()) = 'admin') with check ((select app.user_role()) = 'admin');

-- Enterprises, hazard sources, risk points, hidden dangers: one shape of policy each.
do $$
declare
  t record;
begin
  for t in select * from (values
      -- table, enterprise column, may the enterprise write, may the enterprise insert/delete
      ('enterprises', 'id', false),
      ('hazard_sources', 'enterprise_id', true),
      ('risk_points', 'enterprise_id', true),
      ('hidden_dangers', 'enterprise_id', true)) as x(tbl, ent, ent_writes) loop
    execute format('create policy %I on public.%I for select to authenticated using %s',
      t.tbl || '_read', t.tbl, app.rls_read('area_code', t.ent));
    execute format('create policy %I on public.%I for insert to authenticated with check %s',
      t.tbl || '_insert', t.tbl, app.rls_write('area_code', case when t.ent_writes then t.ent end));
    execute format('create policy %I on public.%I for update to authenticated using %s with check %s',
      t.tbl || '_update', t.tbl, app.rls_write('area_code', case when t.ent_writes then t.ent end),
      app.rls_write('area_code', case when t.ent_writes then t.ent end));
  end loop;
end
$$;

create policy enterprises_delete on public.enterprises for delete to authenticated
  using ((select app.user_role()) = 'admin');

create policy hazard_sources_delete on public.hazard_sources for delete to authenticated
  using ((select app.user_role()) in ('admin', 'regulator') and area_code like any ((select app.scope_patterns())::text[])
         or (select app.user_role()) = 'admin');

create policy risk_points_delete on public.risk_points for delete to authenticated
  using ((select app.user_role()) in ('admin', 'regulator') and area_code like any ((select app.scope_patterns())::text[])
         or (select app.user_role()) = 'admin');

create policy hidden_dangers_delete on public.hidden_dangers for delete to authenticated
  using ((select app.user_role()) = 'admin');

-- Contacts: personal data; the command centre needs them in an emergency, planners do not.
create policy enterprise_contacts_read on public.enterprise_contacts for select to authenticated
  using ((select app.user_role()) = 'command'
    or exists (select 1 from public.enterprises e where e.id = enterprise_id
               and app.may_write(e.area_code, e.id, true)));

create policy enterprise_contacts_write on public.enterprise_contacts for all to authenticated
  using (exists (select 1 from public.enterprises e where e.id = enterprise_id and app.may_write(e.area_code, e.id, true)))
  with check (exists (select 1 from public.enterprises e where e.id = enterprise_id and app.may_write(e.area_code, e.id, true)));

-- Inventories and distances follow their hazard source (its read policy applies inside exists).
create policy hazard_source_inventory_read on public.hazard_source_inventory for select to authenticated
  using (exists (select 1 from public.hazard_sources h where h.id = hazard_source_id));

create policy hazard_source_inventory_write on public.hazard_source_inventory for all to authenticated
  using (exists (select 1 from public.hazard_sources h where h.id = hazard_source_id and app.may_write(h.area_code, h.enterprise_id, true)))
  with check (exists (select 1 from public.hazard_sources h where h.id = hazard_source_id and app.may_write(h.area_code, h.enterprise_id, true)));

create policy hazard_source_distances_read on public.hazard_source_distances for select to authenticated
  using (exists (select 1 from public.hazard_sources h where h.id = hazard_source_id));

create policy hazard_source_distances_write on public.hazard_source_distances for all to authenticated
  using (exists (select 1 from public.hazard_sources h where h.id = hazard_source_id and app.may_write(h.area_code, h.enterprise_id, false)))
  with check (exists (select 1 from public.hazard_sources h where h.id = hazard_source_id and app.may_write(h.area_code, h.enterprise_id, false)));

create policy protective_targets_insert on public.protective_targets for insert to authenticated
  with check (app.may_write(area_code, null, false));

create policy protective_targets_update on public.protective_targets for update to authenticated
  using (app.may_write(area_code, null, false)) with check (app.may_write(area_code, null, false));

create policy protective_targets_delete on public.protective_targets for delete to authenticated
  using (app.may_write(area_code, null, false));

create policy emergency_resources_insert on public.emergency_resources for insert to authenticated
  with check (app.may_write(area_code, null, false));

create policy emergency_resources_update on public.emergency_resources for update to authenticated
  using (app.may_write(area_code, null, false)) with check (app.may_write(area_code, null, false));

create policy emergency_resources_delete on public.emergency_resources for delete to authenticated
  using (app.may_write(area_code, null, false));
