-- Row-level security sweep: every table of the API schema has RLS on and exactly the policies
-- listed here, the views the API exposes run with the caller's rights, and the private schema
-- is out of the API roles' reach. A new table or policy fails this file until it is listed:
-- decide its policies and write them down here (and its row in test/db/rls-expectations.ts).
-- Runs with `supabase test db` and in npm test (test/db/pgtap.test.ts, PGlite and native).
begin;
create extension if not exists pgtap with schema extensions;
set local search_path = extensions, public;

select plan(94);

select tables_are('public', array['accident_categories', 'accident_reports', 'accident_sectors', 'accidents', 'area_risk_assessments', 'areas', 'chemical_parks', 'config_changes', 'credit_blacklist', 'credit_blacklist_edits', 'dg_hazard_classes', 'dg_vehicles', 'distance_violations', 'emergency_expert_contacts', 'emergency_experts', 'emergency_plans', 'emergency_resource_contacts', 'emergency_resources', 'enterprise_contacts', 'enterprises', 'evidence_attachments', 'freshness_settings', 'grading_history', 'grading_proposals', 'hazard_categories', 'hazard_source_assessments', 'hazard_source_change_events', 'hazard_source_distances', 'hazard_source_inventory', 'hazard_source_risk_contours', 'hazard_sources', 'hidden_danger_event_people', 'hidden_danger_events', 'hidden_danger_people', 'hidden_danger_reporters', 'hidden_danger_transitions', 'hidden_dangers', 'import_rows', 'import_run_events', 'import_runs', 'import_templates', 'indicator_denominators', 'indicator_scope_changes', 'individual_risk_criteria', 'industries', 'lec_factor_values', 'major_hazard_alpha_bands', 'major_hazard_grade_bands', 'major_hazard_settings', 'material_stockpiles', 'monitoring_aggregates', 'monitoring_alarm_events', 'monitoring_alarms', 'monitoring_channels', 'monitoring_kinds', 'monitoring_latest', 'monitoring_readings', 'pipelines', 'plan_targets', 'planning_scenarios', 'protective_target_types', 'protective_targets', 'public_notice_events', 'public_notices', 'public_report_settings', 'rescue_team_contacts', 'rescue_teams', 'risk_level_bands', 'risk_level_rules', 'risk_levels', 'risk_point_categories', 'risk_point_current_level_changes', 'risk_point_level_changes', 'risk_point_reviews', 'risk_points', 'substance_names', 'substances', 'threat_zone_scenarios', 'vehicle_alerts', 'vehicle_latest', 'vehicle_positions', 'vehicle_restricted_zones', 'weather_feed_settings', 'weather_readings'],
  'public holds exactly these tables (a new one needs its policies listed below)');

select views_are('public', array['emergency_expert_list', 'emergency_plan_list', 'hidden_danger_list', 'hidden_danger_timeline', 'material_stockpile_list'], 'public holds exactly these views');

select is_empty($$
  select c.relname from pg_class c
  where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and not c.relrowsecurity
$$, 'every table in public has row-level security enabled');

select is_empty($$
  select c.relname from pg_class c
  where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
    and not exists (select 1 from pg_policy p where p.polrelid = c.oid)
$$, 'every table in public has at least one policy (RLS on and no policy would hide it from everyone silently)');

select is_empty($$
  select c.relname from pg_class c
  where c.relnamespace = 'public'::regnamespace and c.relkind = 'v'
    and not coalesce('security_invoker=true' = any (c.reloptions), false)
$$, 'every view in public runs with the caller''s rights (security_invoker), so RLS applies through it');

select is_empty($$
  select c.relname || ': ' || p.privilege_type from pg_class c
  cross join lateral aclexplode(c.relacl) p
  where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v')
    and p.grantee = 'anon'::regrole and p.privilege_type in ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE')
$$, 'anon may write no table or view in public (public reports go through report_hidden_danger)');

select is_empty($$
  select c.relname || ' to ' || r.rolname || ': ' || p.privilege_type from pg_class c
  cross join lateral aclexplode(c.relacl) p
  join pg_roles r on r.oid = p.grantee
  where c.relnamespace = 'app'::regnamespace and c.relkind in ('r', 'p')
    and r.rolname in ('anon', 'authenticated', 'service_role')
    and (r.rolname = 'anon' or p.privilege_type <> 'SELECT' or not c.relrowsecurity)
$$, 'the tables of the private schema app: anon holds nothing, the signed-in roles at most SELECT and only under RLS');

select is_empty($$
  select c.relname || ' to ' || r.rolname || ': ' || p.privilege_type from pg_class c
  cross join lateral aclexplode(c.relacl) p
  join pg_roles r on r.oid = p.grantee
  where c.relnamespace = 'app'::regnamespace and c.relkind = 'v'
    and r.rolname in ('anon', 'authenticated', 'service_role')
    and (r.rolname = 'anon' or p.privilege_type <> 'SELECT')
$$, 'the private views of app (enterprise sites and surroundings) are read-only and never anon''s');

select policies_are('public', 'area_risk_assessments', array['area_risk_assessments_delete', 'area_risk_assessments_insert', 'area_risk_assessments_read', 'area_risk_assessments_update'], 'area_risk_assessments: its policies, no more, no fewer');
select policies_are('public', 'areas', array['areas_admin_write', 'areas_read'], 'areas: its policies, no more, no fewer');
select policies_are('public', 'chemical_parks', array['chemical_parks_admin_write', 'chemical_parks_read'], 'chemical_parks: its policies, no more, no fewer');
select policies_are('public', 'config_changes', array['config_changes_read'], 'config_changes: its policies, no more, no fewer');
select policies_are('public', 'credit_blacklist', array['credit_blacklist_insert', 'credit_blacklist_read', 'credit_blacklist_update'], 'credit_blacklist: its policies, no more, no fewer');
select policies_are('public', 'credit_blacklist_edits', array['credit_blacklist_edits_read'], 'credit_blacklist_edits: its policies, no more, no fewer');
select policies_are('public', 'dg_hazard_classes', array['dg_hazard_classes_read'], 'dg_hazard_classes: its policies, no more, no fewer');
select policies_are('public', 'dg_vehicles', array['dg_vehicles_delete', 'dg_vehicles_insert', 'dg_vehicles_read', 'dg_vehicles_update'], 'dg_vehicles: its policies, no more, no fewer');
select policies_are('public', 'distance_violations', array['distance_violations_read'], 'distance_violations: its policies, no more, no fewer');
select policies_are('public', 'emergency_expert_contacts', array['emergency_expert_contacts_read', 'emergency_expert_contacts_write'], 'emergency_expert_contacts: its policies, no more, no fewer');
select policies_are('public', 'emergency_experts', array['emergency_experts_delete', 'emergency_experts_insert', 'emergency_experts_read', 'emergency_experts_update'], 'emergency_experts: its policies, no more, no fewer');
select policies_are('public', 'emergency_plans', array['emergency_plans_delete', 'emergency_plans_insert', 'emergency_plans_read', 'emergency_plans_update'], 'emergency_plans: its policies, no more, no fewer');
select policies_are('public', 'emergency_resource_contacts', array['emergency_resource_contacts_read', 'emergency_resource_contacts_write'], 'emergency_resource_contacts: its policies, no more, no fewer');
select policies_are('public', 'emergency_resources', array['emergency_resources_delete', 'emergency_resources_insert', 'emergency_resources_read', 'emergency_resources_update'], 'emergency_resources: its policies, no more, no fewer');
select policies_are('public', 'enterprise_contacts', array['enterprise_contacts_read', 'enterprise_contacts_write'], 'enterprise_contacts: its policies, no more, no fewer');
select policies_are('public', 'enterprises', array['enterprises_delete', 'enterprises_insert', 'enterprises_read', 'enterprises_update'], 'enterprises: its policies, no more, no fewer');
select policies_are('public', 'grading_history', array['grading_history_read'], 'grading_history: its policies, no more, no fewer');
select policies_are('public', 'grading_proposals', array['grading_proposals_read'], 'grading_proposals: its policies, no more, no fewer');
select policies_are('public', 'hazard_categories', array['hazard_categories_read'], 'hazard_categories: its policies, no more, no fewer');
select policies_are('public', 'freshness_settings', array['freshness_settings_read', 'freshness_settings_write'], 'freshness_settings: its policies, no more, no fewer');
select policies_are('public', 'hazard_source_assessments', array['hazard_source_assessments_insert', 'hazard_source_assessments_read'], 'hazard_source_assessments: its policies, no more, no fewer');
select policies_are('public', 'hazard_source_change_events', array['hazard_source_change_events_read'], 'hazard_source_change_events: its policies, no more, no fewer');
select policies_are('public', 'hazard_source_distances', array['hazard_source_distances_read', 'hazard_source_distances_write'], 'hazard_source_distances: its policies, no more, no fewer');
select policies_are('public', 'hazard_source_inventory', array['hazard_source_inventory_read', 'hazard_source_inventory_write'], 'hazard_source_inventory: its policies, no more, no fewer');
select policies_are('public', 'hazard_source_risk_contours', array['hazard_source_risk_contours_read', 'hazard_source_risk_contours_write'], 'hazard_source_risk_contours: its policies, no more, no fewer');
select policies_are('public', 'hazard_sources', array['hazard_sources_delete', 'hazard_sources_insert', 'hazard_sources_read', 'hazard_sources_update'], 'hazard_sources: its policies, no more, no fewer');
select policies_are('public', 'hidden_danger_event_people', array['hidden_danger_event_people_read'], 'hidden_danger_event_people: its policies, no more, no fewer');
select policies_are('public', 'hidden_danger_events', array['hidden_danger_events_read'], 'hidden_danger_events: its policies, no more, no fewer');
select policies_are('public', 'hidden_danger_people', array['hidden_danger_people_read'], 'hidden_danger_people: its policies, no more, no fewer');
select policies_are('public', 'hidden_danger_reporters', array['hidden_danger_reporters_read'], 'hidden_danger_reporters: its policies, no more, no fewer');
select policies_are('public', 'hidden_danger_transitions', array['hidden_danger_transitions_read'], 'hidden_danger_transitions: its policies, no more, no fewer');
select policies_are('public', 'hidden_dangers', array['hidden_dangers_delete', 'hidden_dangers_insert', 'hidden_dangers_read', 'hidden_dangers_update'], 'hidden_dangers: its policies, no more, no fewer');
select policies_are('public', 'import_rows', array['import_rows_read', 'import_rows_service'], 'import_rows: its policies, no more, no fewer');
select policies_are('public', 'accident_sectors', array['accident_sectors_read'], 'accident_sectors: read by everyone, written by migrations');
select policies_are('public', 'accident_categories', array['accident_categories_read'], 'accident_categories: read by everyone, written by migrations');
select policies_are('public', 'accidents', array['accidents_read'], 'accidents: read by role and area; written only by record_accident / update_accident');
select policies_are('public', 'accident_reports', array['accident_reports_read'], 'accident_reports: as their accident; written only by triggers');
select policies_are('public', 'indicator_denominators', array['indicator_denominators_read'], 'indicator_denominators: staff read; written only by set_indicator_denominator');
select policies_are('public', 'plan_targets', array['plan_targets_admin_write', 'plan_targets_read'], 'plan_targets: staff read, admins write');
select policies_are('public', 'indicator_scope_changes', array['indicator_scope_changes_admin_write', 'indicator_scope_changes_read'], 'indicator_scope_changes: staff read, admins write');
select policies_are('public', 'import_runs', array['import_runs_read', 'import_runs_service'], 'import_runs: its policies, no more, no fewer');
select policies_are('public', 'import_run_events', array['import_run_events_read', 'import_run_events_service'], 'import_run_events: read as their run; append-only, written only by import_revert');
select policies_are('public', 'individual_risk_criteria', array['individual_risk_criteria_admin_write', 'individual_risk_criteria_read'], 'individual_risk_criteria: its policies, no more, no fewer');
select policies_are('public', 'industries', array['industries_read'], 'industries: its policies, no more, no fewer');
select policies_are('public', 'lec_factor_values', array['lec_factor_values_admin_write', 'lec_factor_values_read'], 'lec_factor_values: its policies, no more, no fewer');
select policies_are('public', 'major_hazard_alpha_bands', array['major_hazard_alpha_bands_admin_write', 'major_hazard_alpha_bands_read'], 'major_hazard_alpha_bands: its policies, no more, no fewer');
select policies_are('public', 'major_hazard_grade_bands', array['major_hazard_grade_bands_admin_write', 'major_hazard_grade_bands_read'], 'major_hazard_grade_bands: its policies, no more, no fewer');
select policies_are('public', 'major_hazard_settings', array['major_hazard_settings_admin_write', 'major_hazard_settings_read'], 'major_hazard_settings: its policies, no more, no fewer');
select policies_are('public', 'material_stockpiles', array['material_stockpiles_read', 'material_stockpiles_insert', 'material_stockpiles_update', 'material_stockpiles_delete'], 'material_stockpiles: its policies, no more, no fewer');
select policies_are('public', 'monitoring_aggregates', array['monitoring_aggregates_read'], 'monitoring_aggregates: its policies, no more, no fewer');
select policies_are('public', 'monitoring_alarm_events', array['monitoring_alarm_events_read'], 'monitoring_alarm_events: its policies, no more, no fewer');
select policies_are('public', 'monitoring_alarms', array['monitoring_alarms_read'], 'monitoring_alarms: its policies, no more, no fewer');
select policies_are('public', 'monitoring_channels', array['monitoring_channels_delete', 'monitoring_channels_insert', 'monitoring_channels_read', 'monitoring_channels_update'], 'monitoring_channels: its policies, no more, no fewer');
select policies_are('public', 'monitoring_kinds', array['monitoring_kinds_read'], 'monitoring_kinds: its policies, no more, no fewer');
select policies_are('public', 'monitoring_latest', array['monitoring_latest_read'], 'monitoring_latest: its policies, no more, no fewer');
select policies_are('public', 'monitoring_readings', array['monitoring_readings_read'], 'monitoring_readings: its policies, no more, no fewer');
select policies_are('public', 'protective_target_types', array['protective_target_types_read'], 'protective_target_types: its policies, no more, no fewer');
select policies_are('public', 'protective_targets', array['protective_targets_delete', 'protective_targets_insert', 'protective_targets_read', 'protective_targets_update'], 'protective_targets: its policies, no more, no fewer');
select policies_are('public', 'public_notice_events', array['public_notice_events_read'], 'public_notice_events: its policies, no more, no fewer');
select policies_are('public', 'public_notices', array['public_notices_insert', 'public_notices_read', 'public_notices_update'], 'public_notices: its policies, no more, no fewer');
select policies_are('public', 'public_report_settings', array['public_report_settings_admin_write', 'public_report_settings_read'], 'public_report_settings: its policies, no more, no fewer');
select policies_are('public', 'rescue_team_contacts', array['rescue_team_contacts_read', 'rescue_team_contacts_write'], 'rescue_team_contacts: its policies, no more, no fewer');
select policies_are('public', 'rescue_teams', array['rescue_teams_delete', 'rescue_teams_insert', 'rescue_teams_read', 'rescue_teams_update'], 'rescue_teams: its policies, no more, no fewer');
select policies_are('public', 'risk_level_bands', array['risk_level_bands_admin_write', 'risk_level_bands_read'], 'risk_level_bands: its policies, no more, no fewer');
select policies_are('public', 'risk_level_rules', array['risk_level_rules_admin_write', 'risk_level_rules_read'], 'risk_level_rules: its policies, no more, no fewer');
select policies_are('public', 'risk_levels', array['risk_levels_read'], 'risk_levels: its policies, no more, no fewer');
select policies_are('public', 'risk_point_categories', array['risk_point_categories_read'], 'risk_point_categories: its policies, no more, no fewer');
select policies_are('public', 'risk_point_current_level_changes', array['risk_point_current_level_changes_read'], 'risk_point_current_level_changes: its policies, no more, no fewer');
select policies_are('public', 'risk_point_level_changes', array['risk_point_level_changes_read'], 'risk_point_level_changes: its policies, no more, no fewer');
select policies_are('public', 'risk_point_reviews', array['risk_point_reviews_insert', 'risk_point_reviews_read'], 'risk_point_reviews: its policies, no more, no fewer');
select policies_are('public', 'risk_points', array['risk_points_delete', 'risk_points_insert', 'risk_points_read', 'risk_points_update'], 'risk_points: its policies, no more, no fewer');
select policies_are('public', 'pipelines', array['pipelines_delete', 'pipelines_insert', 'pipelines_read', 'pipelines_update'], 'pipelines: its policies, no more, no fewer');
select policies_are('public', 'substance_names', array['substance_names_admin_write', 'substance_names_read'], 'substance_names: its policies, no more, no fewer');
select policies_are('public', 'substances', array['substances_read'], 'substances: its policies, no more, no fewer');

select policies_are('public', 'vehicle_alerts', array['vehicle_alerts_read'], 'vehicle_alerts: its policies, no more, no fewer');
select policies_are('public', 'vehicle_latest', array['vehicle_latest_read'], 'vehicle_latest: its policies, no more, no fewer');
select policies_are('public', 'vehicle_positions', array['vehicle_positions_read'], 'vehicle_positions: its policies, no more, no fewer');
select policies_are('public', 'vehicle_restricted_zones', array['vehicle_restricted_zones_delete', 'vehicle_restricted_zones_insert', 'vehicle_restricted_zones_read', 'vehicle_restricted_zones_update'], 'vehicle_restricted_zones: its policies, no more, no fewer');
select policies_are('public', 'threat_zone_scenarios', array['threat_zone_scenarios_delete', 'threat_zone_scenarios_insert', 'threat_zone_scenarios_read', 'threat_zone_scenarios_update'], 'threat_zone_scenarios: its policies, no more, no fewer');
select policies_are('public', 'import_templates', array['import_templates_delete', 'import_templates_insert', 'import_templates_read', 'import_templates_service', 'import_templates_update'], 'import_templates: its policies, no more, no fewer');
select policies_are('public', 'planning_scenarios', array['planning_scenarios_delete', 'planning_scenarios_insert', 'planning_scenarios_read', 'planning_scenarios_service', 'planning_scenarios_update'], 'planning_scenarios: its policies, no more, no fewer');
select policies_are('public', 'evidence_attachments', array['evidence_attachments_insert', 'evidence_attachments_read'], 'evidence_attachments: its policies, no more, no fewer');
select policies_are('storage', 'objects', array['evidence_public_insert', 'evidence_public_read', 'evidence_staff_insert', 'evidence_staff_read'], 'storage.objects (local subset): the evidence policies, and no update or delete policy');
select is_empty($$ select p.polname from pg_policy p where p.polrelid = 'storage.objects'::regclass and p.polcmd in ('w', 'd', '*') $$, 'storage.objects: nobody updates or deletes evidence through the API');
select policies_are('public', 'weather_feed_settings', array['weather_feed_settings_read', 'weather_feed_settings_write'], 'weather_feed_settings: its policies, no more, no fewer');
select policies_are('public', 'weather_readings', array['weather_readings_read'], 'weather_readings: its policies, no more, no fewer');
select * from finish();
rollback;
