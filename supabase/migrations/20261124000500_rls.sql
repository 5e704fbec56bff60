-- Row-level security, as DOMAIN.md says:
--   admin       everything, read and write
--   command     everything, read-only (the command centre's map wall)
--   planner     every spatial table, read-only (no personal contacts)
--   regulator   read and write inside the jurisdiction (app_metadata.area_codes); shared
--               context layers (areas, parks, protective targets, resources) everywhere
--   enterprise  its own enterprise, hazard sources, risk points and hidden dangers
--   anon        nothing here: the public reads the public_* views and functions only
-- Predicates are SQL functions without SET clauses so the planner inlines them, and the claims
-- are read through (select …) so they are evaluated once per query, not once per row.

create or replace function app.may_read(row_area text, row_enterprise uuid) returns boolean
language sql stable
as $$
  select (select app.reads_all())
    or ((select app.user_role()) = 'regulator' and row_area like any ((select app.scope_patterns())::text[]))
    or ((select app.user_role()) = 'enterprise' and row_enterprise = (select app.enterprise_id()))
$$;

-- Writes: admin anywhere, regulators inside their jurisdiction, enterprise users on their own
-- rows when the table allows it.
create or replace function app.may_write(row_area text, row_enterprise uuid, enterprise_may boolean) returns boolean
language sql stable
as $$
  select (select app.user_role()) in ('admin', 'service')
    or ((select app.user_role()) = 'regulator' and row_area like any ((select app.scope_patterns())::text[]))
    or (enterprise_may and (select app.user_role()) = 'enterprise' and row_enterprise = (select app.enterprise_id()))
$$;

-- Any signed-in user with an application role.
create or replace function app.is_staff() returns boolean
language sql stable
as $$ select (select app.user_role()) in ('admin', 'command', 'planner', 'regulator', 'enterprise', 'service') $$;

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

-- Enterprises: regulators edit inside their jurisdiction; enterprise users read their own.
create policy enterprises_read on public.enterprises for select to authenticated
  using (app.may_read(area_code, id));
create policy enterprises_insert on public.enterprises for insert to authenticated
  with check (app.may_write(area_code, id, false));
create policy enterprises_update on public.enterprises for update to authenticated
  using (app.may_write(area_code, id, false)) with check (app.may_write(area_code, id, false));
create policy enterprises_delete on public.enterprises for delete to authenticated
  using ((select app.user_role()) = 'admin');

-- Contacts: personal data; the command centre needs them in an emergency, planners do not.
create policy enterprise_contacts_read on public.enterprise_contacts for select to authenticated
  using ((select app.user_role()) = 'command'
    or exists (select 1 from public.enterprises e where e.id = enterprise_id
               and app.may_write(e.area_code, e.id, true)));
create policy enterprise_contacts_write on public.enterprise_contacts for all to authenticated
  using (exists (select 1 from public.enterprises e where e.id = enterprise_id and app.may_write(e.area_code, e.id, true)))
  with check (exists (select 1 from public.enterprises e where e.id = enterprise_id and app.may_write(e.area_code, e.id, true)));

-- Hazard sources and their inventories/distances: the enterprise keeps its own up to date.
create policy hazard_sources_read on public.hazard_sources for select to authenticated
  using (app.may_read(area_code, enterprise_id));
create policy hazard_sources_insert on public.hazard_sources for insert to authenticated
  with check (app.may_write(area_code, enterprise_id, true));
create policy hazard_sources_update on public.hazard_sources for update to authenticated
  using (app.may_write(area_code, enterprise_id, true)) with check (app.may_write(area_code, enterprise_id, true));
create policy hazard_sources_delete on public.hazard_sources for delete to authenticated
  using (app.may_write(area_code, enterprise_id, false));

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

-- Risk points: enterprise ones follow the enterprise; urban ones (no enterprise) the area.
create policy risk_points_read on public.risk_points for select to authenticated
  using (app.may_read(area_code, enterprise_id));
create policy risk_points_insert on public.risk_points for insert to authenticated
  with check (app.may_write(area_code, enterprise_id, true));
create policy risk_points_update on public.risk_points for update to authenticated
  using (app.may_write(area_code, enterprise_id, true)) with check (app.may_write(area_code, enterprise_id, true));
create policy risk_points_delete on public.risk_points for delete to authenticated
  using (app.may_write(area_code, enterprise_id, false));

-- Hidden dangers: status changes move to a lifecycle RPC in the hidden-danger migration;
-- until then regulators and the owning enterprise edit, admins too.
create policy hidden_dangers_read on public.hidden_dangers for select to authenticated
  using (app.may_read(area_code, enterprise_id));
create policy hidden_dangers_insert on public.hidden_dangers for insert to authenticated
  with check (app.may_write(area_code, enterprise_id, true));
create policy hidden_dangers_update on public.hidden_dangers for update to authenticated
  using (app.may_write(area_code, enterprise_id, true)) with check (app.may_write(area_code, enterprise_id, true));
create policy hidden_dangers_delete on public.hidden_dangers for delete to authenticated
  using ((select app.user_role()) = 'admin');

-- Reporter contacts of public reports: only admins and the regulators of the area.
create policy hidden_danger_reporters_read on public.hidden_danger_reporters for select to authenticated
  using (exists (select 1 from public.hidden_dangers d where d.id = hidden_danger_id
                 and app.may_write(d.area_code, null, false)));

-- Protective targets and emergency resources: shared context for every staff role.
create policy protective_targets_read on public.protective_targets for select to authenticated
  using ((select app.is_staff()));
create policy protective_targets_write on public.protective_targets for all to authenticated
  using (app.may_write(area_code, null, false)) with check (app.may_write(area_code, null, false));

create policy emergency_resources_read on public.emergency_resources for select to authenticated
  using ((select app.is_staff()));
create policy emergency_resources_write on public.emergency_resources for all to authenticated
  using (app.may_write(area_code, null, false)) with check (app.may_write(area_code, null, false));
