// The demo city generator: deterministic (same seed and scale ⇒ identical rows), any scale.
//
//   const city = generateCity({ seed: 42, scale: 1 })
//   for (const t of city.tables) for (const row of t.rows()) …   // insert order, streamed
//   collectCity({ seed: 42, scale: 0.1 })                         // { table: Row[] } for small scales
//
// Rows are plain objects keyed by column name; geometries are EWKT (SRID=4326;POINT(lon lat)).
// Only a skeleton is held in memory (areas, parks, enterprises in typed arrays, hazard sources);
// the big tables (risk points, protective targets, hidden dangers) are generated row by row from
// per-row seeds, so scale 100 (a million risk points and a million protective targets) streams
// in constant memory.
import { hazardAssessmentCount, hazardAssessmentRows, hazardChangeEventCount, hazardChangeEventRows } from './freshness.ts'
import { buildAreas } from './areas.ts'
import { Places } from './places.ts'
import { buildParks, parkRows } from './parks.ts'
import { buildEnterpriseCore, enterpriseContactRows, enterpriseRows } from './enterprises.ts'
import { buildHazards, distanceRows, hazardSourceRows, inventoryRows } from './hazards.ts'
import { protectiveTargetRows, targetCount } from './targets.ts'
import { emergencyResourceRows, BASE_RESOURCES } from './resources.ts'
import { riskPointRows, riskPointCounts } from './risk-points.ts'
import { DangerGenerator } from './dangers.ts'
import { areaRiskRows } from './area-risk.ts'
import { blacklistRows, noticeRows } from './notices.ts'
import { emergencyPlanRows, expertRows, teamAndStockRows } from './registries.ts'
import { AccidentGenerator, denominatorRows, planTargetRows, scopeChangeRows } from './accidents.ts'
import { pipelineRows } from './pipelines.ts'
import { restrictedZoneRows, vehicleRows } from './vehicles.ts'
import { threatScenarioRows } from './threatScenarios.ts'
import { importTemplateRows } from './importTemplates.ts'
import { planningScenarioRows } from './planningScenarios.ts'
import { type Ctx, type Row, DEFAULT_TODAY, parseDay, scaled } from './context.ts'

export type { Row } from './context.ts'
export { DEFAULT_TODAY } from './context.ts'

export interface GenerateOptions {
  seed: number
  /** Multiplies every count except the areas and parks; 1 ≈ 2,000 enterprises, 10,000 risk points. */
  scale: number
  /** The demo's today (YYYY-MM-DD); defaults to a fixed date so output is reproducible. */
  today?: string
}

export interface TableData {
  /** Table in schema public. */
  table: string
  /** Insert columns, in order; every row has these keys (a few carry more: see TABLE_COLUMNS). */
  columns: readonly string[]
  /** Exact number of rows. */
  count: number
  /** A fresh iteration each call (rows are regenerated, not stored). */
  rows(): Iterable<Row>
}

export interface GeneratedCity {
  seed: number
  scale: number
  today: string
  ctx: Ctx
  /** In insert (dependency) order. */
  tables: TableData[]
  table(name: string): TableData
}

export const TABLE_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  areas: ['code', 'parent_code', 'level', 'name', 'name_en', 'geom', 'is_demo'],
  chemical_parks: ['id', 'name', 'geom', 'area_code', 'approved_by', 'is_demo'],
  enterprises: ['id', 'name', 'credit_code', 'industry_code', 'address', 'location', 'area_code', 'standardization_grade', 'chemical_park_id', 'relocation_status', 'employees', 'is_demo'],
  enterprise_contacts: ['enterprise_id', 'legal_representative', 'safety_officer', 'phone'],
  protective_targets: ['id', 'name', 'target_class', 'type_code', 'population', 'geom', 'area_code', 'is_demo'],
  emergency_resources: ['id', 'name', 'resource_type', 'capacity', 'capacity_unit', 'location', 'area_code', 'duty_phone', 'is_demo'],
  // s_value … major_grade are regraded by the database when the inventory arrives (…0700);
  // installation_status comes from the safety-distance migration (…0900).
  hazard_sources: ['id', 'enterprise_id', 'name', 'unit_type', 'geom', 'area_code', 's_value', 'is_major', 'major_grade', 'installation_status', 'is_demo'],
  hazard_source_inventory: ['hazard_source_id', 'substance_id', 'max_quantity_t'],
  hazard_source_distances: ['hazard_source_id', 'target_class', 'required_m', 'basis', 'basis_reference', 'basis_date'],
  // Rows also carry score and level, the generator's expectation; the database derives both
  // from the inputs (…0400), so they are not inserted.
  risk_points: ['id', 'enterprise_id', 'name', 'category_code', 'location', 'area_code', 'method', 'lec_l', 'lec_e', 'lec_c', 'matrix_l', 'matrix_s', 'assessed_by', 'assessed_at', 'is_demo'],
  hidden_dangers: [
    'id', 'enterprise_id', 'title', 'description', 'source', 'severity', 'status', 'location', 'area_code', 'found_at', 'deadline',
    'closed_at', 'listing_level', 'listing_date', 'supervising_office', 'tracking_code', 'is_demo',
    // Added by the hidden-danger lifecycle migration (…0800).
    'rectification_measures', 'responsible_person', 'rectification_funds', 'rectification_done', 'verified_by', 'verified_at',
  ],
  hidden_danger_reporters: ['hidden_danger_id', 'contact'],
  // Dated histories of the seeded dangers (issue 21, dangers.ts history()).
  hidden_danger_events: ['hidden_danger_id', 'at', 'actor_role', 'from_status', 'to_status', 'action', 'note', 'details'],
  // Area-level overrides (…1000); the table has no is_demo: its rows go with their demo areas.
  area_risk_assessments: ['area_code', 'level', 'reason', 'assessed_by', 'assessed_at'],
  // Issue 18 (…20261210000100): the serious-dishonesty list and public notices (notices.ts).
  credit_blacklist: ['id', 'enterprise_id', 'reason', 'decision', 'decided_by', 'listed_on', 'expires_on', 'area_code', 'removed_on', 'removal_reason', 'removed_by_role', 'is_demo'],
  public_notices: [
    'id', 'kind', 'title', 'body', 'level', 'area_codes', 'area_code', 'status', 'published_at', 'valid_until', 'hidden_danger_id',
    'enterprise_id', 'author_role', 'approver_role', 'withdrawn_at', 'withdrawal_reason', 'is_demo',
  ],
  // Registries behind command (…20261210000200, registries.ts).
  emergency_plans: ['id', 'name', 'level', 'owner_enterprise_id', 'owner_department', 'area_code', 'filed_on', 'filing_no', 'last_drill_on', 'next_evaluation_on', 'is_demo'],
  emergency_experts: ['id', 'name', 'specialty', 'organisation', 'title', 'area_code', 'last_verified_on', 'is_demo'],
  emergency_expert_contacts: ['expert_id', 'phone'],
  rescue_teams: ['id', 'name', 'team_type', 'headcount', 'equipment', 'location', 'area_code', 'resource_id', 'is_demo'],
  rescue_team_contacts: ['team_id', 'duty_phone'],
  material_stockpiles: ['id', 'resource_id', 'material', 'quantity', 'unit', 'expires_on', 'is_demo'],
  // Accidents and the plans' indicators (issue 16, …20261208000100/0200); grade, late_report and
  // the first report in accident_reports are derived by the database.
  accidents: [
    'id', 'occurred_at', 'first_reported_at', 'location', 'area_code', 'enterprise_id', 'sector_code', 'category_code', 'deaths',
    'serious_injuries', 'minor_injuries', 'direct_loss_10k_yuan', 'description', 'published', 'is_demo',
  ],
  indicator_denominators: ['area_code', 'year', 'kind', 'value', 'source', 'vintage', 'is_demo'],
  indicator_scope_changes: ['id', 'area_code', 'indicator', 'year', 'note_zh', 'note_en', 'is_demo'],
  plan_targets: [
    'id', 'plan_code', 'plan_name', 'period', 'area_code', 'indicator', 'year', 'target_kind', 'cap', 'reduction_pct', 'base_year',
    'quota', 'denominator_kind', 'borrowed_from', 'note', 'is_demo',
  ],
  // Pipelines (issue 19, …20261212000100, pipelines.ts); area_codes are derived by the database.
  pipelines: ['id', 'name', 'medium', 'operator_enterprise_id', 'diameter_mm', 'pressure_mpa', 'burial_depth_m', 'built_year', 'geom', 'is_demo'],
  threat_zone_scenarios: ['id', 'name', 'inputs', 'owner_id', 'enterprise_id', 'shared', 'is_demo'],
  import_templates: ['id', 'name', 'kind', 'mapping', 'owner_id', 'area_patterns', 'shared', 'is_demo'],
  planning_scenarios: ['id', 'name', 'note', 'source_id', 'park_id', 'candidates', 'distances', 'owner_id', 'owner_role', 'shared', 'is_demo'],
  // Dangerous-goods vehicles and restricted zones (issue 19, …20261213000100, vehicles.ts).
  dg_vehicles: ['id', 'plate', 'carrier_enterprise_id', 'un_number', 'hazard_class', 'capacity_t', 'in_service', 'is_demo'],
  vehicle_restricted_zones: ['id', 'name', 'geom', 'hours_from', 'hours_to', 'area_code', 'is_demo'],
  // Safety assessments behind 待重评 (issue 15, …20261216000100, freshness.ts): loaded last.
  hazard_source_assessments: ['hazard_source_id', 'assessed_on', 'report_ref', 'assessor', 'is_demo'],
  hazard_source_change_events: ['hazard_source_id', 'kind', 'detail'],
}

export function generateCity(opts: GenerateOptions): GeneratedCity {
  const { seed, scale } = opts
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`)
  if (!(scale > 0 && scale <= 1000)) throw new Error(`scale must be in (0, 1000], got ${scale}`)
  const today = opts.today ?? DEFAULT_TODAY
  const todayMs = parseDay(today)

  // The skeleton: everything other tables refer to, decided once.
  const areas = buildAreas()
  const places = new Places(areas)
  const parks = buildParks(areas, seed)
  const enterprises = buildEnterpriseCore(seed, scale, places, parks)
  // Hazard sources before enterprise rows: they mark the sites too close to schools (relocation).
  const { hazards, anchors } = buildHazards(seed, todayMs, enterprises, places, areas)
  const ctx: Ctx = { seed, scale, today, todayMs, areas, places, parks, enterprises, hazards, anchors }
  const dangers = new DangerGenerator(seed, scale, todayMs, enterprises, places, areas)
  const accidents = new AccidentGenerator(seed, todayMs, enterprises, places, areas)
  const denominators = denominatorRows(todayMs)
  const targets = planTargetRows(seed, todayMs)
  const scopeChanges = scopeChangeRows(seed)

  const areaRows = areas.rows()
  let reporters: number | null = null
  const rp = () => riskPointCounts(seed, scale, enterprises)
  const table = (name: string, count: number | (() => number), rows: () => Iterable<Row>): TableData => ({
    table: name,
    columns: TABLE_COLUMNS[name],
    get count() {
      return typeof count === 'number' ? count : count()
    },
    rows,
  })
  const tables: TableData[] = [
    table('areas', areaRows.length, () => areaRows),
    table('chemical_parks', parks.length, () => parkRows(parks)),
    table('enterprises', enterprises.count, () => enterpriseRows(seed, enterprises, areas, parks)),
    table('enterprise_contacts', enterprises.count, () => enterpriseContactRows(seed, enterprises)),
    // Targets before hazard sources: the database's GB 18218 grading counts the people around.
    table('protective_targets', targetCount(scale, anchors.length), () => protectiveTargetRows(seed, scale, places, areas, anchors, hazards)),
    table('emergency_resources', scaled(BASE_RESOURCES, scale, 5), () => emergencyResourceRows(seed, scale, places, areas)),
    table('hazard_sources', hazards.length, () => hazardSourceRows(seed, hazards)),
    table('hazard_source_inventory', hazards.reduce((n, h) => n + h.inventory.length, 0), () => inventoryRows(hazards)),
    table('hazard_source_distances', hazards.length * 5, () => distanceRows(hazards)),
    table('risk_points', () => { const c = rp(); return c.enterprise + c.urban }, () => riskPointRows(seed, scale, todayMs, enterprises, places, areas)),
    table('hidden_dangers', dangers.count, () => dangers.rows()),
    table('hidden_danger_events', () => dangers.historyCount(), () => dangers.historyRows()),
    table('hidden_danger_reporters', () => {
      if (reporters === null) { reporters = 0; for (const _ of dangers.reporterRows()) reporters++ }
      return reporters
    }, () => dangers.reporterRows()),
    table('area_risk_assessments', areaRiskRows(todayMs, parks, enterprises, areas).length, () => areaRiskRows(todayMs, parks, enterprises, areas)),
    table('credit_blacklist', () => blacklistRows(ctx).length, () => blacklistRows(ctx)),
    table('public_notices', () => noticeRows(ctx, dangers).length, () => noticeRows(ctx, dangers)),
    table('emergency_plans', () => emergencyPlanRows(ctx).length, () => emergencyPlanRows(ctx)),
    table('emergency_experts', () => expertRows(ctx).experts.length, () => expertRows(ctx).experts),
    table('emergency_expert_contacts', () => expertRows(ctx).contacts.length, () => expertRows(ctx).contacts),
    table('rescue_teams', () => teamAndStockRows(ctx).teams.length, () => teamAndStockRows(ctx).teams),
    table('rescue_team_contacts', () => teamAndStockRows(ctx).contacts.length, () => teamAndStockRows(ctx).contacts),
    table('material_stockpiles', () => teamAndStockRows(ctx).stock.length, () => teamAndStockRows(ctx).stock),
    table('accidents', accidents.count, () => accidents.rows()),
    table('indicator_denominators', denominators.length, () => denominators),
    table('plan_targets', targets.length, () => targets),
    table('indicator_scope_changes', scopeChanges.length, () => scopeChanges),
    table('pipelines', () => pipelineRows(ctx).length, () => pipelineRows(ctx)),
    table('dg_vehicles', () => vehicleRows(ctx).length, () => vehicleRows(ctx)),
    table('vehicle_restricted_zones', () => restrictedZoneRows(ctx).length, () => restrictedZoneRows(ctx)),
    table('threat_zone_scenarios', () => threatScenarioRows(ctx).length, () => threatScenarioRows(ctx)),
    table('import_templates', () => importTemplateRows(ctx).length, () => importTemplateRows(ctx)),
    table('planning_scenarios', () => planningScenarioRows(ctx).length, () => planningScenarioRows(ctx)),
    table('hazard_source_assessments', () => hazardAssessmentCount(seed, hazards), () => hazardAssessmentRows(seed, hazards)),
    table('hazard_source_change_events', () => hazardChangeEventCount(seed, hazards), () => hazardChangeEventRows(seed, hazards)),
  ]
  return {
    seed, scale, today, ctx, tables,
    table(name: string) {
      const t = tables.find((x) => x.table === name)
      if (!t) throw new Error(`no table ${name}`)
      return t
    },
  }
}

/** Every table's rows in memory: for tests and small scales (≤ ~5). */
export function collectCity(opts: GenerateOptions): Record<string, Row[]> {
  const city = generateCity(opts)
  return Object.fromEntries(city.tables.map((t) => [t.table, [...t.rows()]]))
}
