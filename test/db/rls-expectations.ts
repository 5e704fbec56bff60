// The one table of who may do what (issue 12): every relation in schema public × every actor ×
// select / insert / update / delete, and the visible columns of the sensitive relations.
// test/db/rls-matrix.test.ts runs it through the real stack and fails when a table or view
// exists in public without a row here. Derived from ../shared/DOMAIN.md's roles section.
//
// Actors: anon (the public), none (signed in, no app role: a self sign-up), the five demo
// users, and the service role.
// Access:
//   all     every row (for writes: the verb succeeds on any row)
//   scope   the actor's own rows only (regulator: its district 440704; enterprise: its own
//           enterprise, or 5 km around its sites for the context layers); `scope` says which
//   none    allowed to ask, RLS shows/changes no row (reads return [], updates/deletes change
//           nothing, inserts fail with "row-level security")
//   denied  no privilege at all: "permission denied" (42501)
//   refused the policy would allow it, a trigger refuses it with a reason (42501)
export type Actor = 'anon' | 'none' | 'admin' | 'command' | 'planner' | 'regulator' | 'enterprise' | 'service'
export type Access = 'all' | 'scope' | 'none' | 'denied' | 'refused'
export type Verb = 'select' | 'insert' | 'update' | 'delete'
export const ACTORS: readonly Actor[] = ['anon', 'none', 'admin', 'command', 'planner', 'regulator', 'enterprise', 'service']
export const VERBS: readonly Verb[] = ['select', 'insert', 'update', 'delete']

export interface Expectation {
  /** table or view */
  kind: 'table' | 'view'
  select: Record<Actor, Access>
  insert: Record<Actor, Access>
  update: Record<Actor, Access>
  delete: Record<Actor, Access>
  /** SQL predicates (alias x) of the rows an actor with `scope` reaches. */
  scope?: Partial<Record<Actor, string>>
  /** The key of a row, and a column an update probe sets to its own value (a no-op write). */
  key?: string
  probe?: string
  /** Sensitive columns: the actors who see non-null values; every other reader sees only nulls. */
  columns?: Record<string, Actor[]>
  /** What a scoped writer meets outside its scope: the row is hidden (0 rows, the default) or a
   * trigger refuses by name (42501). */
  outOfScope?: 'hidden' | 'refused'
  /** The column the select and column checks ask for (tables with column grants refuse '*'). */
  selectColumn?: string
  /** Which rows the write probes pick (e.g. an enterprise whose deletion no history blocks). */
  probeWhere?: string
  /** Values a copied row gets before it is inserted (derived columns, lifecycle defaults). */
  cloneOverride?: Record<string, unknown>
  /** Why, where the domain needs saying. */
  why?: string
}

type Row = Record<Actor, Access>
const row = (defaults: Access, over: Partial<Row> = {}): Row => Object.fromEntries(ACTORS.map((a) => [a, over[a] ?? defaults])) as Row

// Shorthands.
const READ_BY_ALL = row('all')
const WRITE_REVOKED = row('denied')
const STAFF_READ = row('all', { anon: 'denied', none: 'none' })
const ADMIN_WRITES = row('none', { anon: 'denied', admin: 'all', service: 'all' })
const REFERENCE: Omit<Expectation, 'key' | 'probe'> = {
  kind: 'table',
  select: READ_BY_ALL,
  insert: row('denied', { service: 'all' }),
  update: row('denied', { service: 'all' }),
  delete: row('denied', { service: 'all' }),
  why: "standards' values: public knowledge; changed by migrations only",
}
const CONFIG: Omit<Expectation, 'key' | 'probe'> = {
  kind: 'table',
  select: READ_BY_ALL,
  insert: ADMIN_WRITES,
  update: ADMIN_WRITES,
  delete: ADMIN_WRITES,
  why: 'configuration: admins edit, each edit logged in config_changes and re-graded',
}

const REG = `x.area_code like '440704%'`
const ENT = `x.enterprise_id = 'de300000-0000-4000-8000-00000000e001'`
const ENT_ID = `x.id = 'de300000-0000-4000-8000-00000000e001'`
const ENT_SOURCE = `x.hazard_source_id in (select id from public.hazard_sources where enterprise_id = 'de300000-0000-4000-8000-00000000e001')`
const REG_SOURCE = `x.hazard_source_id in (select id from public.hazard_sources where area_code like '440704%')`
const ENT_POINT = `x.risk_point_id in (select id from public.risk_points where enterprise_id = 'de300000-0000-4000-8000-00000000e001')`
const REG_POINT = `x.risk_point_id in (select id from public.risk_points where area_code like '440704%')`
const ENT_CHANNEL = `x.channel_id in (select id from public.monitoring_channels where enterprise_id = 'de300000-0000-4000-8000-00000000e001')`
const REG_CHANNEL = `x.channel_id in (select id from public.monitoring_channels where area_code like '440704%')`
const CARRIER = `x.carrier_enterprise_id = 'de300000-0000-4000-8000-00000000e001'`
const CARRIER_VEHICLE = `x.vehicle_id in (select id from public.dg_vehicles where carrier_enterprise_id = 'de300000-0000-4000-8000-00000000e001')`
const REG_VEHICLE = `x.vehicle_id in (select id from public.dg_vehicles where area_code like '440704%')`
const ENT_DANGER = `x.hidden_danger_id in (select id from public.hidden_dangers where enterprise_id = 'de300000-0000-4000-8000-00000000e001')`
const REG_DANGER = `x.hidden_danger_id in (select id from public.hidden_dangers where area_code like '440704%')`
const NEAR = (
  col: string,
) => `exists (select 1 from (select location::extensions.geography g from public.enterprises where id = 'de300000-0000-4000-8000-00000000e001'
  union all select geom::extensions.geography from public.hazard_sources where enterprise_id = 'de300000-0000-4000-8000-00000000e001') s
  where extensions.st_dwithin(x.${col}::extensions.geography, s.g, 5000))`

// Registries (issue 18).
const PLAN_ENT = `x.owner_enterprise_id = 'de300000-0000-4000-8000-00000000e001'`
const REG_RESOURCE = `x.resource_id in (select id from public.emergency_resources where area_code like '440704%')`
const NEAR_RESOURCE = `x.resource_id in (select x.id from public.emergency_resources x where ${NEAR('location')})`
const REGISTRY_WRITE = row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' })

/** Operational rows: read all (admin, command, planner), the regulator its district, the enterprise its own. */
const OPERATIONAL_READ = row('all', { anon: 'denied', none: 'none', regulator: 'scope', enterprise: 'scope' })

export const EXPECTATIONS: Record<string, Expectation> = {
  // ------------------------------------------------------------- reference and configuration
  risk_levels: { ...REFERENCE, key: 'level', probe: 'name_zh' },
  industries: { ...REFERENCE, key: 'code', probe: 'name_zh' },
  risk_point_categories: { ...REFERENCE, key: 'code', probe: 'name_zh' },
  hazard_categories: { ...REFERENCE, key: 'code', probe: 'name_zh' },
  substances: { ...REFERENCE, key: 'id', probe: 'name_zh' },
  substance_names: {
    ...CONFIG,
    key: 'id',
    probe: 'name',
    why: 'names, aliases, trade names and CAS numbers of the table-1 substances (issue 14): public knowledge; admins add the names their registries use, logged in config_changes',
  },
  protective_target_types: { ...REFERENCE, key: 'code', probe: 'name_zh' },
  hidden_danger_transitions: { ...REFERENCE, key: 'label_zh', probe: 'label_zh', why: 'the lifecycle rules: changed with the code' },
  risk_level_bands: { ...CONFIG, key: 'min_score', probe: 'min_score' },
  lec_factor_values: { ...CONFIG, key: 'value', probe: 'description_zh' },
  major_hazard_alpha_bands: { ...CONFIG, key: 'min_people', probe: 'alpha' },
  major_hazard_grade_bands: { ...CONFIG, key: 'grade', probe: 'name_zh' },
  major_hazard_settings: { ...CONFIG, key: 'id', probe: 'exposure_radius_m' },
  public_report_settings: { ...CONFIG, key: 'id', probe: 'max_per_hour' },
  individual_risk_criteria: { ...CONFIG, key: 'target_class', probe: 'in_service' },
  risk_level_rules: {
    kind: 'table',
    select: READ_BY_ALL,
    insert: WRITE_REVOKED,
    update: ADMIN_WRITES,
    delete: WRITE_REVOKED,
    key: 'rule',
    probe: 'name_zh',
    why: 'rules of the dynamic risk level (issue 15): public knowledge; the set of rules is fixed, admins switch them and set thresholds',
  },
  freshness_settings: {
    kind: 'table',
    select: READ_BY_ALL,
    insert: WRITE_REVOKED,
    update: ADMIN_WRITES,
    delete: WRITE_REVOKED,
    key: 'id',
    probe: 'risk_point_review_months',
    why: 'when an assessment is due again (issue 15): public knowledge; one row, admins set it',
  },
  config_changes: {
    kind: 'table',
    select: row('all', { anon: 'denied', none: 'none', enterprise: 'none' }),
    insert: WRITE_REVOKED,
    update: WRITE_REVOKED,
    delete: WRITE_REVOKED,
    key: 'id',
    probe: 'table_name',
    why: 'append-only log of configuration edits; names staff, so government staff only',
  },

  // ------------------------------------------------------------- geography and context
  areas: {
    kind: 'table',
    select: READ_BY_ALL,
    insert: ADMIN_WRITES,
    update: ADMIN_WRITES,
    delete: ADMIN_WRITES,
    key: 'code',
    probe: 'name',
    why: 'public administrative boundaries',
  },
  chemical_parks: {
    kind: 'table',
    cloneOverride: { area_code: null },
    select: STAFF_READ,
    insert: ADMIN_WRITES,
    update: ADMIN_WRITES,
    delete: ADMIN_WRITES,
    key: 'id',
    probe: 'name',
    why: 'designated zones, no enterprise data: every signed-in role reads them',
  },
  protective_targets: {
    kind: 'table',
    cloneOverride: { area_code: null },
    select: row('all', { anon: 'denied', none: 'none', enterprise: 'scope' }),
    insert: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    update: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    delete: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    scope: { regulator: REG, enterprise: NEAR('geom') },
    key: 'id',
    probe: 'name',
    why: 'shared context; an enterprise sees only 5 km around its own sites',
  },
  emergency_resources: {
    kind: 'table',
    cloneOverride: { area_code: null },
    select: row('all', { anon: 'denied', none: 'none', enterprise: 'scope' }),
    insert: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    update: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    delete: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    scope: { regulator: REG, enterprise: NEAR('location') },
    key: 'id',
    probe: 'name',
    columns: { duty_phone: [] },
    why: 'duty phones live in emergency_resource_contacts',
  },
  emergency_resource_contacts: {
    kind: 'table',
    select: row('none', { anon: 'denied', admin: 'all', command: 'all', regulator: 'all', service: 'all' }),
    insert: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    update: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    delete: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    scope: { regulator: `x.resource_id in (select id from public.emergency_resources where area_code like '440704%')` },
    key: 'resource_id',
    probe: 'duty_phone',
    why: 'those who dispatch read duty phones; planners and enterprises do not',
  },

  // ------------------------------------------------------------- enterprises and their sites
  enterprises: {
    kind: 'table',
    cloneOverride: { area_code: null },
    select: OPERATIONAL_READ,
    insert: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    update: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    delete: row('none', { anon: 'denied', admin: 'all', service: 'all' }),
    scope: { regulator: REG, enterprise: ENT_ID },
    key: 'id',
    probe: 'address',
    // an enterprise with hidden dangers cannot be deleted at all (their history stays): probe one without
    probeWhere: `not exists (select 1 from public.hidden_dangers d where d.enterprise_id = x.id)`,
    why: 'regulators edit enterprise data in their district; an enterprise reads its own record',
  },
  enterprise_contacts: {
    kind: 'table',
    select: row('all', { anon: 'denied', none: 'none', planner: 'none', regulator: 'scope', enterprise: 'scope' }),
    insert: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', enterprise: 'scope', service: 'all' }),
    update: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', enterprise: 'scope', service: 'all' }),
    delete: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', enterprise: 'scope', service: 'all' }),
    scope: { regulator: `x.enterprise_id in (select id from public.enterprises where area_code like '440704%')`, enterprise: ENT },
    key: 'enterprise_id',
    probe: 'phone',
    why: 'personal contacts: not for planners',
  },
  hazard_sources: {
    kind: 'table',
    // a new source starts ungraded: the grading is computed from its inventory (helper A's guard)
    cloneOverride: {
      area_code: null,
      s_value: null,
      is_major: false,
      major_grade: null,
      alpha: null,
      r_value: null,
      exposed_population: null,
      grading: null,
      graded_at: null,
      alpha_override: null,
      alpha_override_reason: null,
    },
    select: OPERATIONAL_READ,
    insert: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', enterprise: 'scope', service: 'all' }),
    update: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', enterprise: 'scope', service: 'all' }),
    delete: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    scope: { regulator: REG, enterprise: ENT },
    key: 'id',
    probe: 'name',
    why: 'grading columns: see the grading review (helper A)',
  },
  hazard_source_inventory: {
    kind: 'table',
    select: OPERATIONAL_READ,
    insert: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', enterprise: 'scope', service: 'all' }),
    update: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', enterprise: 'scope', service: 'all' }),
    delete: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', enterprise: 'scope', service: 'all' }),
    scope: { regulator: REG_SOURCE, enterprise: ENT_SOURCE },
    key: 'hazard_source_id',
    probe: 'max_quantity_t',
  },
  hazard_source_assessments: {
    kind: 'table',
    select: OPERATIONAL_READ,
    insert: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', enterprise: 'scope', service: 'all' }),
    update: WRITE_REVOKED,
    delete: WRITE_REVOKED,
    scope: { regulator: REG_SOURCE, enterprise: ENT_SOURCE },
    key: 'id',
    probe: 'report_ref',
    why: 'safety assessments (安全评估) behind 待重评 (issue 15): the enterprise files its own, the regulator its area; append-only',
  },
  hazard_source_change_events: {
    kind: 'table',
    select: OPERATIONAL_READ,
    insert: WRITE_REVOKED,
    update: WRITE_REVOKED,
    delete: WRITE_REVOKED,
    scope: { regulator: REG_SOURCE, enterprise: ENT_SOURCE },
    key: 'id',
    probe: 'kind',
    why: 'what changed at a source since its assessment (令40号 art. 11), written by triggers, append-only',
  },
  hazard_source_distances: {
    kind: 'table',
    select: OPERATIONAL_READ,
    insert: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    update: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    delete: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    scope: { regulator: REG_SOURCE, enterprise: ENT_SOURCE },
    key: 'hazard_source_id',
    probe: 'basis_reference',
    why: 'required distances come from the assessment report, entered by the regulator',
  },
  hazard_source_risk_contours: {
    kind: 'table',
    select: OPERATIONAL_READ,
    insert: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    update: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    delete: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    scope: { regulator: REG_SOURCE, enterprise: ENT_SOURCE },
    key: 'id',
    probe: 'basis_reference',
  },
  distance_violations: {
    kind: 'table',
    select: row('all', { anon: 'denied', none: 'none', regulator: 'scope', enterprise: 'scope' }),
    insert: WRITE_REVOKED,
    update: WRITE_REVOKED,
    delete: WRITE_REVOKED,
    scope: {
      regulator: REG_SOURCE,
      enterprise: `${ENT_SOURCE} and x.target_id in (select target_id from app.enterprise_context_targets where enterprise_id = 'de300000-0000-4000-8000-00000000e001')`,
    },
    key: 'target_id',
    probe: 'distance_m',
    selectColumn: 'target_id',
    why: 'derived (issue 15): kept by triggers from sources, distances and targets; visible as the worklist is (the source visible, the target visible)',
  },
  risk_points: {
    kind: 'table',
    cloneOverride: { area_code: null },
    select: OPERATIONAL_READ,
    insert: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', enterprise: 'scope', service: 'all' }),
    update: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', enterprise: 'scope', service: 'all' }),
    delete: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    scope: { regulator: REG, enterprise: ENT },
    key: 'id',
    probe: 'name',
    why: 'enterprises grade their own points (lowering waits for review: helper A)',
  },
  risk_point_level_changes: {
    kind: 'table',
    select: OPERATIONAL_READ,
    insert: WRITE_REVOKED,
    update: WRITE_REVOKED,
    delete: WRITE_REVOKED,
    scope: { regulator: REG, enterprise: ENT },
    key: 'id',
    probe: 'actor_role',
    why: 'append-only log',
  },
  risk_point_reviews: {
    kind: 'table',
    select: OPERATIONAL_READ,
    insert: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', enterprise: 'scope', service: 'all' }),
    update: WRITE_REVOKED,
    delete: WRITE_REVOKED,
    scope: { regulator: REG_POINT, enterprise: ENT_POINT },
    key: 'id',
    probe: 'note',
    why: '复评 with the outcome "unchanged" (issue 15): dates the point\'s assessment today; the enterprise records its own, the regulator its area; append-only',
  },
  risk_point_current_level_changes: {
    kind: 'table',
    select: OPERATIONAL_READ,
    insert: WRITE_REVOKED,
    update: WRITE_REVOKED,
    delete: WRITE_REVOKED,
    scope: { regulator: REG, enterprise: ENT },
    key: 'id',
    probe: 'actor_role',
    why: 'append-only log of the dynamic level (issue 15), written by trigger',
  },
  area_risk_assessments: {
    kind: 'table',
    select: row('all', { anon: 'denied', none: 'none' }),
    // the grading review (helper A): writes reach a trigger that refuses by name, except the no-role user's reads
    insert: row('refused', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    update: row('refused', { anon: 'denied', none: 'none', admin: 'all', regulator: 'scope', service: 'all' }),
    delete: row('refused', { anon: 'denied', none: 'none', admin: 'all', regulator: 'scope', service: 'all' }),
    scope: { regulator: `x.area_code like '440704%'` },
    outOfScope: 'refused',
    key: 'area_code',
    probe: 'reason',
    why: 'area assessments: regulators of the area and admins (helper A owns these policies)',
  },
  grading_proposals: {
    kind: 'table',
    select: row('all', { anon: 'denied', none: 'none', planner: 'none', regulator: 'scope', enterprise: 'scope' }),
    insert: WRITE_REVOKED,
    update: WRITE_REVOKED,
    delete: WRITE_REVOKED,
    scope: { regulator: REG, enterprise: ENT },
    key: 'id',
    probe: 'reason',
    selectColumn: 'id',
    why: 'grading review (helper A): written by propose_risk_assessment / review_assessment only; e-mail columns not granted',
  },
  grading_history: {
    kind: 'table',
    select: row('all', { anon: 'denied', none: 'none', planner: 'none', regulator: 'scope', enterprise: 'scope' }),
    insert: WRITE_REVOKED,
    update: WRITE_REVOKED,
    delete: WRITE_REVOKED,
    scope: { regulator: REG, enterprise: ENT },
    key: 'id',
    probe: 'reason',
    selectColumn: 'id',
    why: 'append-only grading history (helper A)',
  },

  // ------------------------------------------------------------- imports (issue 14)
  import_runs: {
    kind: 'table',
    select: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    insert: row('denied', { service: 'all' }),
    update: row('denied', { service: 'all' }),
    delete: row('denied', { service: 'all' }),
    scope: { regulator: `x.created_by = 'de300000-0000-4000-8000-0000000000a2'` },
    key: 'id',
    probe: 'file_name',
    why: 'written only by the import RPCs (admins; regulators in their area); a regulator reads its own runs',
  },
  import_rows: {
    kind: 'table',
    select: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    insert: row('denied', { service: 'all' }),
    update: row('denied', { service: 'all' }),
    delete: row('denied', { service: 'all' }),
    scope: { regulator: `x.run_id in (select id from public.import_runs where created_by = 'de300000-0000-4000-8000-0000000000a2')` },
    key: 'run_id',
    probe: 'verdict',
    why: 'staged rows of a run, as their run',
  },
  import_run_events: {
    kind: 'table',
    select: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    insert: WRITE_REVOKED,
    update: WRITE_REVOKED,
    delete: WRITE_REVOKED,
    scope: { regulator: `x.run_id in (select id from public.import_runs where created_by = 'de300000-0000-4000-8000-0000000000a2')` },
    key: 'id',
    probe: 'message',
    why: 'append-only log of each import_revert call (refused, a step, reverted), as their run; written only by import_revert',
  },

  // ------------------------------------------------------------- notices and the blacklist (issue 18)
  public_notices: {
    kind: 'table',
    // a copy starts as a draft of no hidden danger (one live notice per danger)
    cloneOverride: {
      status: 'draft',
      published_at: null,
      approver_id: null,
      approver_role: null,
      withdrawn_at: null,
      withdrawal_reason: null,
      withdrawal_proposed_at: null,
      hidden_danger_id: null,
    },
    select: row('all', { anon: 'denied', none: 'none', regulator: 'scope', enterprise: 'scope' }),
    insert: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    update: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    delete: WRITE_REVOKED,
    scope: { regulator: `(${REG} or x.status <> 'draft')`, enterprise: `x.status = 'published'` },
    key: 'id',
    probe: 'title',
    why: 'drafts are internal (a regulator drafts in its district, another regulator or an admin publishes); the public reads public_notices_active(); withdrawn, never deleted',
  },
  public_notice_events: {
    kind: 'table',
    select: row('all', { anon: 'denied', none: 'none', regulator: 'scope', enterprise: 'none' }),
    insert: WRITE_REVOKED,
    update: WRITE_REVOKED,
    delete: WRITE_REVOKED,
    scope: { regulator: `x.notice_id in (select id from public.public_notices where area_code like '440704%' or status <> 'draft')` },
    key: 'id',
    probe: 'note',
    why: 'append-only history of the notices, written by the notice functions only',
  },
  credit_blacklist: {
    kind: 'table',
    cloneOverride: { area_code: null, removed_on: null, removal_reason: null, removed_by: null, removed_by_role: null },
    select: OPERATIONAL_READ,
    insert: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    update: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    delete: WRITE_REVOKED,
    scope: { regulator: REG, enterprise: ENT },
    key: 'id',
    probe: 'reason',
    why: '严重失信主体名单: regulators list in their district; removal only through remove_from_blacklist (12 months at the earliest); never deleted',
  },
  credit_blacklist_edits: {
    kind: 'table',
    select: OPERATIONAL_READ,
    insert: WRITE_REVOKED,
    update: WRITE_REVOKED,
    delete: WRITE_REVOKED,
    scope: {
      regulator: `x.listing_id in (select id from public.credit_blacklist where area_code like '440704%')`,
      enterprise: `x.listing_id in (select id from public.credit_blacklist where enterprise_id = 'de300000-0000-4000-8000-00000000e001')`,
    },
    key: 'id',
    probe: 'note',
    why: "append-only history of a listing's changes, written by the database's trigger only; read by whoever reads the listing (the listed enterprise its own), and a deleted listing's by those who read every listing",
  },

  // ------------------------------------------------------------- pipelines (issue 19)
  pipelines: {
    kind: 'table',
    select: row('all', { anon: 'denied', none: 'none', regulator: 'scope', enterprise: 'scope' }),
    insert: REGISTRY_WRITE,
    update: REGISTRY_WRITE,
    delete: REGISTRY_WRITE,
    scope: {
      regulator: `exists (select 1 from unnest(x.area_codes) c where c like '440704%')`,
      enterprise: `x.operator_enterprise_id = 'de300000-0000-4000-8000-00000000e001'`,
    },
    key: 'id',
    probe: 'name',
    why: 'oil and gas pipelines: staff read all, a regulator the lines crossing its district, an operator its own lines; routes are critical infrastructure, never public',
  },

  // ------------------------------------------------------------- registries behind command (issue 18)
  emergency_plans: {
    kind: 'table',
    select: OPERATIONAL_READ,
    insert: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', enterprise: 'scope', service: 'all' }),
    update: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', enterprise: 'scope', service: 'all' }),
    delete: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    scope: { regulator: REG, enterprise: PLAN_ENT },
    key: 'id',
    probe: 'name',
    // the 备案 (filing) is the regulator's record: an enterprise's own insert carries none (20270101000200)
    cloneOverride: { filed_on: null, filing_no: null },
    why: 'emergency plans (预案): an enterprise files its own, the regulator of the area supervises',
  },
  emergency_plan_list: {
    kind: 'view',
    select: OPERATIONAL_READ,
    insert: WRITE_REVOKED,
    update: WRITE_REVOKED,
    delete: WRITE_REVOKED,
    scope: { regulator: REG, enterprise: PLAN_ENT },
  },
  emergency_experts: {
    kind: 'table',
    select: row('all', { anon: 'denied', none: 'none', enterprise: 'none' }),
    insert: REGISTRY_WRITE,
    update: REGISTRY_WRITE,
    delete: REGISTRY_WRITE,
    scope: { regulator: REG },
    key: 'id',
    probe: 'organisation',
    why: 'the expert pool: government staff; phones in emergency_expert_contacts',
  },
  emergency_expert_contacts: {
    kind: 'table',
    select: row('none', { anon: 'denied', admin: 'all', command: 'all', regulator: 'all', service: 'all' }),
    insert: REGISTRY_WRITE,
    update: REGISTRY_WRITE,
    delete: REGISTRY_WRITE,
    scope: { regulator: `x.expert_id in (select id from public.emergency_experts where area_code like '440704%')` },
    key: 'expert_id',
    probe: 'phone',
    why: "experts' phones: those who dispatch (admins, command centre, regulators); never planners, enterprises or the public",
  },
  emergency_expert_list: {
    kind: 'view',
    select: row('all', { anon: 'denied', none: 'none', enterprise: 'none' }),
    insert: WRITE_REVOKED,
    update: WRITE_REVOKED,
    delete: WRITE_REVOKED,
    columns: { phone: ['admin', 'command', 'regulator', 'service'] },
  },
  rescue_teams: {
    kind: 'table',
    cloneOverride: { area_code: null },
    select: row('all', { anon: 'denied', none: 'none', enterprise: 'scope' }),
    insert: REGISTRY_WRITE,
    update: REGISTRY_WRITE,
    delete: REGISTRY_WRITE,
    scope: { regulator: REG, enterprise: NEAR('location') },
    key: 'id',
    probe: 'equipment',
    why: 'as the emergency resources: an enterprise sees 5 km around its sites; duty phones in rescue_team_contacts',
  },
  rescue_team_contacts: {
    kind: 'table',
    select: row('none', { anon: 'denied', admin: 'all', command: 'all', regulator: 'all', service: 'all' }),
    insert: REGISTRY_WRITE,
    update: REGISTRY_WRITE,
    delete: REGISTRY_WRITE,
    scope: { regulator: `x.team_id in (select id from public.rescue_teams where area_code like '440704%')` },
    key: 'team_id',
    probe: 'duty_phone',
    why: "rescue teams' duty phones: those who dispatch",
  },
  material_stockpiles: {
    kind: 'table',
    select: row('all', { anon: 'denied', none: 'none', enterprise: 'scope' }),
    insert: REGISTRY_WRITE,
    update: REGISTRY_WRITE,
    delete: REGISTRY_WRITE,
    scope: { regulator: REG_RESOURCE, enterprise: NEAR_RESOURCE },
    key: 'id',
    probe: 'quantity',
    why: 'stock at a depot follows its emergency resource',
  },
  material_stockpile_list: {
    kind: 'view',
    select: row('all', { anon: 'denied', none: 'none', enterprise: 'scope' }),
    insert: WRITE_REVOKED,
    update: WRITE_REVOKED,
    delete: WRITE_REVOKED,
    scope: { enterprise: NEAR_RESOURCE },
  },

  // ------------------------------------------------------------- accidents (issue 16)
  accident_sectors: { ...REFERENCE, key: 'code', probe: 'name_zh', why: 'accident sectors and their 续报 windows: changed by migrations only' },
  accident_categories: { ...REFERENCE, key: 'code', probe: 'name_zh', why: 'GB 6441-1986 categories' },
  accidents: {
    kind: 'table',
    select: OPERATIONAL_READ,
    insert: WRITE_REVOKED,
    update: WRITE_REVOKED,
    delete: WRITE_REVOKED,
    scope: { regulator: REG, enterprise: ENT },
    key: 'id',
    probe: 'description',
    why: 'written only through record_accident / update_accident (grade, 迟报 and history kept by the database); the public reads public_accident_summary() (public_accidents is staff-only since 20261230000100)',
  },
  accident_reports: {
    kind: 'table',
    select: OPERATIONAL_READ,
    insert: WRITE_REVOKED,
    update: WRITE_REVOKED,
    delete: WRITE_REVOKED,
    scope: {
      regulator: `x.accident_id in (select id from public.accidents where area_code like '440704%')`,
      enterprise: `x.accident_id in (select id from public.accidents where enterprise_id = 'de300000-0000-4000-8000-00000000e001')`,
    },
    key: 'id',
    probe: 'reason',
    why: 'append-only history of 首报, 续报 and corrections, written by triggers on accidents',
  },

  indicator_denominators: {
    kind: 'table',
    select: STAFF_READ,
    insert: WRITE_REVOKED,
    update: WRITE_REVOKED,
    delete: WRITE_REVOKED,
    key: 'id',
    probe: 'source',
    why: 'statistics behind the plan indicators: every staff role reads; written only through set_indicator_denominator (admins, regulators in their area); append-only',
  },
  plan_targets: {
    kind: 'table',
    select: STAFF_READ,
    insert: ADMIN_WRITES,
    update: ADMIN_WRITES,
    delete: ADMIN_WRITES,
    key: 'id',
    probe: 'plan_name',
    why: "the plans' targets: public documents for staff; admins enter them",
  },
  indicator_scope_changes: {
    kind: 'table',
    select: STAFF_READ,
    insert: ADMIN_WRITES,
    update: ADMIN_WRITES,
    delete: ADMIN_WRITES,
    key: 'id',
    probe: 'note_zh',
    why: 'where an indicator series changes scope (the trend marks it): staff read; admins record them',
  },

  // ------------------------------------------------------------- hidden dangers
  hidden_dangers: {
    kind: 'table',
    // a new finding starts reported and unassessed, and only report_hidden_danger() makes public reports
    cloneOverride: {
      area_code: null,
      status: 'reported',
      severity: null,
      deadline: null,
      closed_at: null,
      listing_level: null,
      listing_date: null,
      supervising_office: null,
      rectification_measures: null,
      responsible_person: null,
      rectification_funds: null,
      rectification_done: null,
      verified_by: null,
      verified_at: null,
      tracking_code: null,
      source: 'self_check',
    },
    select: OPERATIONAL_READ,
    insert: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', enterprise: 'scope', service: 'all' }),
    update: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', enterprise: 'scope', service: 'all' }),
    delete: row('none', { anon: 'denied', admin: 'refused', regulator: 'none', service: 'refused' }),
    scope: { regulator: REG, enterprise: ENT },
    key: 'id',
    probe: 'title',
    columns: { responsible_person: [], verified_by: [] },
    why: 'the lifecycle goes through transition_hidden_danger(); findings are never deleted',
  },
  hidden_danger_list: {
    kind: 'view',
    select: OPERATIONAL_READ,
    insert: WRITE_REVOKED,
    update: WRITE_REVOKED,
    delete: WRITE_REVOKED,
    scope: { regulator: REG, enterprise: ENT },
    columns: { responsible_person: ['admin', 'command', 'regulator', 'service'], verified_by: ['admin', 'command', 'regulator', 'service'] },
  },
  hidden_danger_events: {
    kind: 'table',
    select: OPERATIONAL_READ,
    insert: WRITE_REVOKED,
    update: WRITE_REVOKED,
    delete: WRITE_REVOKED,
    scope: { regulator: REG_DANGER, enterprise: ENT_DANGER },
    key: 'id',
    probe: 'note',
    columns: { actor_email: [] },
    why: 'append-only history; e-mail addresses live in hidden_danger_event_people',
  },
  evidence_attachments: {
    kind: 'table',
    select: row('all', { anon: 'denied', none: 'none', regulator: 'scope', enterprise: 'scope' }),
    insert: row('denied', { service: 'all' }),
    update: WRITE_REVOKED,
    delete: WRITE_REVOKED,
    scope: { regulator: REG_DANGER, enterprise: ENT_DANGER },
    key: 'id',
    probe: 'sha256',
    why: 'append-only record of evidence in Storage; API roles may set only object_path and sha256 (the rest is copied from the stored object they uploaded: test/db/evidence-storage.test.ts)',
  },
  hidden_danger_timeline: {
    kind: 'view',
    select: OPERATIONAL_READ,
    insert: WRITE_REVOKED,
    update: WRITE_REVOKED,
    delete: WRITE_REVOKED,
    scope: { regulator: REG_DANGER, enterprise: ENT_DANGER },
    columns: { actor_email: ['admin', 'command', 'regulator', 'service'] },
  },
  hidden_danger_people: {
    kind: 'table',
    select: row('none', { anon: 'denied', admin: 'all', command: 'all', regulator: 'scope', service: 'all' }),
    insert: WRITE_REVOKED,
    update: WRITE_REVOKED,
    delete: WRITE_REVOKED,
    scope: { regulator: REG },
    key: 'hidden_danger_id',
    probe: 'responsible_person',
    why: "names of responsible persons and verifiers: admins, command centre, the area's regulator",
  },
  hidden_danger_event_people: {
    kind: 'table',
    select: row('none', { anon: 'denied', admin: 'all', command: 'all', regulator: 'scope', service: 'all' }),
    insert: WRITE_REVOKED,
    update: WRITE_REVOKED,
    delete: WRITE_REVOKED,
    scope: { regulator: REG },
    key: 'event_id',
    probe: 'actor_email',
  },
  hidden_danger_reporters: {
    kind: 'table',
    select: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    insert: row('denied', { service: 'all' }),
    update: row('denied', { service: 'all' }),
    delete: row('denied', { service: 'all' }),
    scope: { regulator: REG_DANGER },
    key: 'hidden_danger_id',
    probe: 'contact',
    why: "举报人信息保密: admins and the area's regulators only, not the command centre",
  },

  // ------------------------------------------------------------- monitoring (issue 17)
  monitoring_kinds: { ...REFERENCE, key: 'code', probe: 'name_zh' },
  monitoring_channels: {
    kind: 'table',
    select: row('all', { anon: 'denied', none: 'none', regulator: 'scope', enterprise: 'scope' }),
    insert: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    update: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    delete: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    scope: { regulator: REG, enterprise: ENT },
    key: 'id',
    probe: 'name',
    why: "sensor channels: read as hazard sources; thresholds are a safety setting, written by admins and the area's regulator, not the enterprise",
  },
  ...Object.fromEntries(
    (
      [
        ['monitoring_readings', 'v'],
        ['monitoring_latest', 'status'],
        ['monitoring_aggregates', 'n'],
      ] as const
    ).map(([rel, probe]) => [
      rel,
      {
        kind: 'table',
        select: row('all', { anon: 'denied', none: 'none', regulator: 'scope', enterprise: 'scope' }),
        insert: WRITE_REVOKED,
        update: WRITE_REVOKED,
        delete: WRITE_REVOKED,
        scope: { regulator: REG_CHANNEL, enterprise: ENT_CHANNEL },
        key: 'channel_id',
        probe,
        why: 'monitoring data: readable as its channel; written only by ingest_readings / monitoring_sweep (no reading skips the alarm rules)',
      } satisfies Expectation,
    ]),
  ),
  monitoring_alarms: {
    kind: 'table',
    select: row('all', { anon: 'denied', none: 'none', regulator: 'scope', enterprise: 'scope' }),
    insert: WRITE_REVOKED,
    update: WRITE_REVOKED,
    delete: WRITE_REVOKED,
    scope: { regulator: REG, enterprise: ENT },
    key: 'id',
    probe: 'ack_note',
    why: 'alarm episodes: raised and cleared by the monitoring functions, acknowledged through acknowledge_monitoring_alarm; never deleted',
  },
  monitoring_alarm_events: {
    kind: 'table',
    select: row('all', { anon: 'denied', none: 'none', regulator: 'scope', enterprise: 'scope' }),
    insert: WRITE_REVOKED,
    update: WRITE_REVOKED,
    delete: WRITE_REVOKED,
    scope: { regulator: REG, enterprise: ENT },
    key: 'id',
    probe: 'note',
    why: 'append-only history of every alarm step',
  },

  // ------------------------------------------------------------- dangerous-goods vehicles (issue 19)
  dg_hazard_classes: { ...REFERENCE, key: 'code', probe: 'name_zh' },
  dg_vehicles: {
    kind: 'table',
    select: OPERATIONAL_READ,
    insert: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', enterprise: 'scope', service: 'all' }),
    update: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', enterprise: 'scope', service: 'all' }),
    delete: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', enterprise: 'scope', service: 'all' }),
    scope: { regulator: REG, enterprise: CARRIER },
    key: 'id',
    probe: 'capacity_t',
    why: "the carrier keeps its own register; the carrier's regulator and admins too; read as operational rows",
  },
  vehicle_restricted_zones: {
    kind: 'table',
    select: STAFF_READ,
    insert: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    update: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    delete: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    scope: { regulator: REG },
    key: 'id',
    probe: 'name',
    why: "禁行区: shared context every staff role reads; admins and the area's regulator draw them",
  },
  ...Object.fromEntries(
    (
      [
        ['vehicle_positions', 'speed_kmh'],
        ['vehicle_latest', 'speed_kmh'],
      ] as const
    ).map(([rel, probe]) => [
      rel,
      {
        kind: 'table',
        select: OPERATIONAL_READ,
        insert: WRITE_REVOKED,
        update: WRITE_REVOKED,
        delete: WRITE_REVOKED,
        scope: { regulator: REG_VEHICLE, enterprise: CARRIER_VEHICLE },
        key: 'vehicle_id',
        probe,
        why: 'tracks: readable as their vehicle; written only by ingest_vehicle_positions / vehicle_sweep (no fix skips the alert rules)',
      } satisfies Expectation,
    ]),
  ),
  vehicle_alerts: {
    kind: 'table',
    select: OPERATIONAL_READ,
    insert: WRITE_REVOKED,
    update: WRITE_REVOKED,
    delete: WRITE_REVOKED,
    scope: { regulator: REG, enterprise: CARRIER },
    key: 'id',
    probe: 'at',
    why: 'vehicle alerts: raised by ingest_vehicle_positions and vehicle_sweep; append-only',
  },
  // ------------------------------------------------------------- import mapping templates (issue 14)
  import_templates: {
    kind: 'table',
    select: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    insert: row('none', { anon: 'denied', admin: 'all', regulator: 'all', service: 'all' }),
    update: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    delete: row('none', { anon: 'denied', admin: 'all', regulator: 'scope', service: 'all' }),
    scope: {
      regulator: `(x.owner_id = 'de300000-0000-4000-8000-0000000000a2' or (x.shared and (x.area_patterns = '{}' or exists (select 1 from unnest(x.area_patterns) t where t like '440704%' or '440704%' like t))))`,
    },
    key: 'id',
    probe: 'name',
    // writes reach only the author's own: probe private rows (a shared one in the read scope is another author's)
    probeWhere: 'not x.shared',
    // (author, kind, name) is unique: a copy needs its own name
    cloneOverride: { name: 'RLS 矩阵：复制的模板' },
    why: 'import templates: the importers (admins, regulators) keep their own; a shared one reaches the importers of the same area (an admin’s, every one); nobody else',
  },
  // ------------------------------------------------------------- saved threat-zone scenarios (issue 20)
  threat_zone_scenarios: {
    kind: 'table',
    select: row('scope', { anon: 'denied', none: 'none', admin: 'all', service: 'all' }),
    insert: row('all', { anon: 'denied', none: 'none' }),
    update: row('scope', { anon: 'denied', none: 'none', admin: 'all', service: 'all' }),
    delete: row('scope', { anon: 'denied', none: 'none', admin: 'all', service: 'all' }),
    scope: Object.fromEntries(
      (['command', 'planner', 'regulator', 'enterprise'] as const).map((a) => {
        const uid = {
          command: 'de300000-0000-4000-8000-0000000000a4',
          planner: 'de300000-0000-4000-8000-0000000000a3',
          regulator: 'de300000-0000-4000-8000-0000000000a2',
          enterprise: 'de300000-0000-4000-8000-0000000000a5',
        }[a]
        const shared = a === 'enterprise' ? `x.enterprise_id = 'de300000-0000-4000-8000-00000000e001'` : 'x.enterprise_id is null'
        return [a, `(x.owner_id = '${uid}' or (x.shared and ${shared}))`]
      }),
    ),
    key: 'id',
    probe: 'name',
    // writes reach only the author's own: probe private rows (a shared one in the read scope is another author's)
    probeWhere: 'not x.shared',
    why: 'saved what-if scenarios: the author reads and edits its own; government staff read each other’s shared ones, an enterprise its own enterprise’s shared ones; never the public',
  },
  // ------------------------------------------------------------- named planner scenarios (issue 21)
  planning_scenarios: {
    kind: 'table',
    select: row('none', { anon: 'denied', admin: 'all', service: 'all', command: 'scope', planner: 'scope', regulator: 'scope' }),
    insert: row('none', { anon: 'denied', admin: 'all', service: 'all', planner: 'all', regulator: 'all' }),
    update: row('none', { anon: 'denied', admin: 'all', service: 'all', planner: 'scope', regulator: 'scope' }),
    delete: row('none', { anon: 'denied', admin: 'all', service: 'all', planner: 'scope', regulator: 'scope' }),
    scope: {
      command: 'x.shared',
      planner: `(x.owner_id = 'de300000-0000-4000-8000-0000000000a3' or x.shared)`,
      regulator: `(x.owner_id = 'de300000-0000-4000-8000-0000000000a2' or x.shared)`,
    },
    key: 'id',
    probe: 'name',
    // writes reach only the author's own: probe private rows (a shared one in the read scope is another author's)
    probeWhere: 'not x.shared',
    // (author, name) is unique: a copy needs its own name
    cloneOverride: { name: 'RLS 矩阵：复制的方案' },
    why: 'relocation and siting scenarios: planners, regulators and admins save their own; government staff read shared ones; an enterprise never (a scenario weighs moving it)',
  },
  // ------------------------------------------------------------- the wall's weather feed (issue 21)
  weather_feed_settings: {
    kind: 'table',
    select: row('all', { anon: 'denied', none: 'none', enterprise: 'none' }),
    insert: WRITE_REVOKED,
    update: ADMIN_WRITES,
    delete: WRITE_REVOKED,
    key: 'id',
    probe: 'refresh_minutes',
    // the url column (it carries the feed's key) is not granted to the API roles: weather_feed_url()
    // gives it to admins, and to other staff only while reader = 'browser' (test/db/weather-feed-key.test.ts)
    selectColumn: 'refresh_minutes',
    why: 'where the wall reads its weather (format, interval; the URL through weather_feed_url()): government staff read it; one row, admins set it, logged in config_changes with the URL masked',
  },
  weather_readings: {
    kind: 'table',
    select: row('all', { anon: 'denied', none: 'none', enterprise: 'none' }),
    insert: row('denied', { service: 'all' }),
    update: WRITE_REVOKED,
    delete: WRITE_REVOKED,
    key: 'id',
    probe: 'format',
    why: 'the server-side weather reader’s readings and failures (npm run weather:read, service key): same audience as weather_feed_settings; append-only, no user role writes',
  },
}
