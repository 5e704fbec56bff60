// Every read RPC the app's screens call, at benchmark scale, through the real gateway and PostgREST
// on native PostgreSQL 15 with the hosted statement timeouts (issue 15: "npm run bench:rpcs lists
// each RPC's p50/p95 at that scale and flags any over 1 s").
//
//   npm run bench:rpcs [-- --points 1m --targets 1m --sources 10k --stockpiles 100k --runs 7 --seed 42]
//   npm run bench:rpcs -- --only siting_suitability   # only the cases whose name contains it (repeatable)
//   npm run bench:rpcs -- --hold   # then keep the database and the API up (URLs printed) until Ctrl-C,
//                                  # to EXPLAIN a slow case at full size without loading again
//
// The synthetic city (test/bench/violations/load.ts: enterprises, hazard sources with required
// distances, protective targets; test/bench/load-points.ts: risk points; the registries behind
// command (issue 18: stockpile lots, their depots, rescue teams, emergency plans and experts, sized
// from --stockpiles) is loaded twice in one
// run: first at 1/100 of the sizes (the baseline), then at full size; the kept relations are then
// rebuilt as a bulk load would (safety-distance violations, the per-cell counts) and analysed.
// Each RPC is called as the role whose screen calls it (anon for the public view, command for the
// wall, planner for the planner, admin otherwise: all under RLS but the service-free public
// definers), once to warm, then --runs times; p50 and p95 of the client's time (loopback: server
// time plus a negligible hop). A call over 1 s is flagged; one cut by the statement timeout
// (anon 3 s, authenticated 8 s, as on hosted Supabase) says TIMEOUT. Nothing is asserted.
// Writes test-results/bench-rpcs.json.
import { mkdir, writeFile } from 'node:fs/promises'
import { cpus, loadavg } from 'node:os'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { SignJWT } from 'jose'
import { ANON_KEY, jwtSecretKey } from '../../supabase/local/keys.ts'
import { REPO_ROOT } from '../../supabase/local/paths.ts'
import { Cleanup } from './cleanup.ts'
import { loadRiskPoints, STREET_CENTRE } from './load-points.ts'
import { startBenchPostgres } from './pg.ts'
import { startBenchStack } from './stack.ts'
import { loadCity, TOWNS } from './violations/load.ts'
import { cityView, streetView } from './views.ts'
import { TILE_DEG } from '../../src/domain/plannerGeo.ts'
import { median } from './wire.ts'

const { values: args } = parseArgs({
  options: {
    points: { type: 'string', default: '1m' },
    targets: { type: 'string', default: '1m' },
    sources: { type: 'string', default: '10k' },
    stockpiles: { type: 'string', default: '100k' },
    runs: { type: 'string', default: '7' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string', default: 'test-results/bench-rpcs.json' },
    only: { type: 'string', multiple: true },
    hold: { type: 'boolean', default: false },
  },
})
function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(s.trim().replace(/[_,]/g, ''))
  if (!m) throw new Error(`bad size "${s}" (use e.g. 10k, 1m or 250000)`)
  return Math.round(Number(m[1]) * { '': 1, k: 1e3, m: 1e6 }[m[2]!.toLowerCase() as '' | 'k' | 'm'])
}
const FULL = { points: parseSize(args.points!), targets: parseSize(args.targets!), sources: parseSize(args.sources!), stockpiles: parseSize(args.stockpiles!) }
const RUNS = Math.max(1, Number(args.runs))
const SEED = Number(args.seed)
const SLOW_MS = 1000
/** --only: the cases whose name contains one of these (case-insensitive); every case without it */
const ONLY = (args.only ?? []).map((o) => o.toLowerCase())
const chosen = (c: { name: string }): boolean => !ONLY.length || ONLY.some((o) => c.name.toLowerCase().includes(o))

const t0Run = performance.now()
const log = (m: string): void => console.log(`${((performance.now() - t0Run) / 1000).toFixed(0).padStart(5)}s ${m}`)

type Role = 'anon' | 'admin' | 'command' | 'planner'
async function tokenFor(role: Role): Promise<string> {
  if (role === 'anon') return ANON_KEY
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT({ role: 'authenticated', email: `bench-${role}@example.invalid`, app_metadata: { app_role: role }, user_metadata: {} })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(`00000000-0000-4000-8000-0000000b${['admin', 'command', 'planner'].indexOf(role)}ea7`)
    .setAudience('authenticated')
    .setIssuedAt(now)
    .setExpirationTime(now + 6 * 3600)
    .sign(jwtSecretKey())
}

interface Case {
  name: string
  fn: string
  role: Role
  args: Record<string, unknown>
  accept?: string
  /** a list page read as the app reads it (GET of a table or view, exact count), instead of an RPC */
  get?: string
}

/** The questions, as the screens ask them (views as the app computes its requests: views.ts). */
function cases(sample: { sourceId: string; majorId: string; lineId: string }): Case[] {
  const city = cityView(1920, 1080)
  const street = streetView(1920, 1080)
  const box = (v: typeof city) => {
    const [west, south, east, north] = v.fetchBbox
    return { west, south, east, north }
  }
  const [lon, lat] = STREET_CENTRE
  const near = { west: lon - 0.03, south: lat - 0.03, east: lon + 0.03, north: lat + 0.03 }
  const [tw, ts] = [Math.floor(lon / TILE_DEG) * TILE_DEG, Math.floor(lat / TILE_DEG) * TILE_DEG]
  const tile = { west: tw, south: ts, east: tw + TILE_DEG, north: ts + TILE_DEG }
  const distances = { high_sensitivity: 1000, important: 1000, general_1: 500, general_2: 300, general_3: 100 }
  const square = (d: number) => ({
    type: 'Polygon',
    coordinates: [
      [
        [lon - d, lat - d],
        [lon + d, lat - d],
        [lon + d, lat + d],
        [lon - d, lat + d],
        [lon - d, lat - d],
      ],
    ],
  })
  const disc = (m: number) => {
    const ring = Array.from({ length: 33 }, (_, i) => {
      const a = ((i % 32) / 32) * 2 * Math.PI
      return [lon + (m * Math.cos(a)) / (111_320 * Math.cos((lat * Math.PI) / 180)), lat + (m * Math.sin(a)) / 110_574]
    })
    return { type: 'Polygon', coordinates: [ring] }
  }
  const bin = 'application/octet-stream'
  return [
    {
      name: 'map_points risk_points · city',
      fn: 'map_points',
      role: 'admin',
      args: { layer: 'risk_points', ...box(city), zoom: city.serverZoom },
      accept: bin,
    },
    {
      name: 'map_points risk_points · street',
      fn: 'map_points',
      role: 'admin',
      args: { layer: 'risk_points', ...box(street), zoom: street.serverZoom },
      accept: bin,
    },
    {
      name: 'map_points targets · city',
      fn: 'map_points',
      role: 'planner',
      args: { layer: 'protective_targets', ...box(city), zoom: city.serverZoom },
      accept: bin,
    },
    {
      name: 'map_points targets · street',
      fn: 'map_points',
      role: 'planner',
      args: { layer: 'protective_targets', ...box(street), zoom: street.serverZoom },
      accept: bin,
    },
    { name: 'layer_counts · city', fn: 'layer_counts', role: 'admin', args: box(city) },
    { name: 'layer_counts · street', fn: 'layer_counts', role: 'admin', args: box(street) },
    { name: 'public_map_points · city', fn: 'public_map_points', role: 'anon', args: { ...box(city), zoom: city.serverZoom }, accept: bin },
    { name: 'public_map_points · street', fn: 'public_map_points', role: 'anon', args: { ...box(street), zoom: street.serverZoom }, accept: bin },
    { name: 'public_layer_counts · city', fn: 'public_layer_counts', role: 'anon', args: box(city) },
    { name: 'public_layer_counts · street', fn: 'public_layer_counts', role: 'anon', args: box(street) },
    { name: 'public_area_risk_summary · district', fn: 'public_area_risk_summary', role: 'anon', args: { level: 'district' } },
    { name: 'public_around 1 km', fn: 'public_around', role: 'anon', args: { lon, lat, radius_m: 1000 } },
    { name: 'public_feature_at', fn: 'public_feature_at', role: 'anon', args: { lon, lat, radius_m: 30 } },
    { name: 'feature_at risk_points', fn: 'feature_at', role: 'admin', args: { layer: 'risk_points', lon, lat, radius_m: 30 } },
    { name: 'area_risk_summary · district', fn: 'area_risk_summary', role: 'admin', args: { level: 'district' } },
    { name: 'area_boundaries · city', fn: 'area_boundaries', role: 'admin', args: { level: 'district', ...box(city), zoom: city.serverZoom } },
    { name: 'stale_points · city', fn: 'stale_points', role: 'admin', args: { ...box(city), zoom: city.serverZoom } },
    { name: 'stale_items risk_points (first 100)', fn: 'stale_items', role: 'admin', args: { kind: 'risk_points', lim: 100, off: 0 } },
    { name: 'freshness_summary', fn: 'freshness_summary', role: 'admin', args: {} },
    { name: 'wall_summary', fn: 'wall_summary', role: 'command', args: {} },
    { name: 'wall_changes (last minute)', fn: 'wall_changes', role: 'command', args: { since: new Date(Date.now() - 60_000).toISOString() } },
    { name: 'incident_report (a point)', fn: 'incident_report', role: 'command', args: { lon, lat } },
    { name: 'incident_report (a source)', fn: 'incident_report', role: 'command', args: { hazard_source_id: sample.majorId } },
    { name: 'nearest_emergency_resources', fn: 'nearest_emergency_resources', role: 'command', args: { lon, lat, n: 5 } },
    { name: 'safety_distance_violations · city', fn: 'safety_distance_violations', role: 'planner', args: {} },
    { name: 'safety_distance_violations · 440703', fn: 'safety_distance_violations', role: 'planner', args: { area_code: '440703' } },
    { name: 'planner_source', fn: 'planner_source', role: 'planner', args: { hazard_source_id: sample.sourceId } },
    // the planner asks 0.02° tiles (plannerGeo TILE_DEG), three at a time: one tile of the densest
    // town is what a screen waits for; ±3 km is nine tiles' worth in one call (no screen asks it)
    { name: 'planner_targets (one 0.02° tile)', fn: 'planner_targets', role: 'planner', args: tile },
    { name: 'planner_targets (±3 km)', fn: 'planner_targets', role: 'planner', args: near },
    { name: 'evaluate_site (a point)', fn: 'evaluate_site', role: 'planner', args: { site: { type: 'Point', coordinates: [lon, lat] }, distances } },
    { name: 'pipeline_map · city', fn: 'pipeline_map', role: 'command', args: { ...box(city), zoom: city.mapZoom } },
    { name: 'pipeline_map · street (HCA, encroachments)', fn: 'pipeline_map', role: 'command', args: { ...box(street), zoom: street.mapZoom } },
    { name: 'pipeline_hca (one line)', fn: 'pipeline_hca', role: 'command', args: { pipeline_id: sample.lineId } },
    { name: 'pipelines_near 1 km', fn: 'pipelines_near', role: 'command', args: { lon, lat, radius_m: 1000, n: 5 } },
    // the planner sends a chemical park's outline (the demo's are ~1.3 and 2 km across their
    // centre: supabase/seed/parks.ts); a 2 km park in the densest town, the 6 km square measured
    // since the first run, and the largest area the function answers (100 km²; 0.046° ≈ 4.7 km
    // east-west here, so ±0.046° is ~95 km²)
    { name: 'siting_suitability (park, 2 km radius)', fn: 'siting_suitability', role: 'planner', args: { area: disc(2000), distances } },
    { name: 'siting_suitability (6 km square)', fn: 'siting_suitability', role: 'planner', args: { area: square(0.03), distances } },
    { name: 'siting_suitability (~95 km² square)', fn: 'siting_suitability', role: 'planner', args: { area: square(0.046), distances } },
    // the registries behind command (issue 18), as #/registries and the incident card ask
    { name: 'nearest_rescue_teams (5)', fn: 'nearest_rescue_teams', role: 'command', args: { lon, lat, n: 5 } },
    { name: 'nearest_stockpiles 防化服 (3)', fn: 'nearest_stockpiles', role: 'command', args: { lon, lat, material: '防化服', n: 3 } },
    { name: 'emergency_plan_filing_rate · district', fn: 'emergency_plan_filing_rate', role: 'admin', args: { level: 'district' } },
    ...listCases(),
  ]
}

/** The registry lists' first pages, with the app's filters and orders (src/data/registryLists.ts). */
function listCases(): Case[] {
  const page = 'limit=50&offset=0'
  const plans =
    'emergency_plan_list?select=id,name,level,owner_enterprise_id,owner_department,area_code,filed_on,filing_no,last_drill_on,drill_due_on,drill_interval_months,next_evaluation_on,drill_overdue,evaluation_overdue'
  const stock = 'material_stockpile_list?select=id,resource_id,resource_name,area_code,material,quantity,unit,expires_on,expired,expiring_soon'
  const stockOrder = 'order=expired.desc,expiring_soon.desc,resource_name.asc,material.asc,id.asc'
  const like = encodeURIComponent('"*防化*"')
  return [
    { name: 'list plans (page 1)', fn: 'emergency_plan_list', role: 'admin', args: {}, get: `${plans}&order=drill_overdue.desc,name.asc,id.asc&${page}` },
    {
      name: 'list plans · 440703 overdue',
      fn: 'emergency_plan_list',
      role: 'admin',
      args: {},
      get: `${plans}&area_code=like.440703*&or=(drill_overdue.is.true,evaluation_overdue.is.true)&order=drill_overdue.desc,name.asc,id.asc&${page}`,
    },
    {
      name: 'list experts (page 1)',
      fn: 'emergency_expert_list',
      role: 'admin',
      args: {},
      get: `emergency_expert_list?select=id,name,specialty,organisation,title,area_code,last_verified_on,phone,stale&order=stale.desc,name.asc,id.asc&${page}`,
    },
    {
      name: 'list teams (page 1)',
      fn: 'rescue_teams',
      role: 'admin',
      args: {},
      get: `rescue_teams?select=id,name,team_type,headcount,equipment,area_code,resource_id,rescue_team_contacts(duty_phone)&order=name.asc,id.asc&${page}`,
    },
    { name: 'list stockpiles (page 1)', fn: 'material_stockpile_list', role: 'admin', args: {}, get: `${stock}&${stockOrder}&${page}` },
    {
      name: 'list stockpiles · search 防化',
      fn: 'material_stockpile_list',
      role: 'admin',
      args: {},
      get: `${stock}&or=(material.ilike.${like},resource_name.ilike.${like})&${stockOrder}&${page}`,
    },
  ]
}

interface Measured {
  name: string
  fn: string
  role: Role
  p50: number | null
  p95: number | null
  bytes: number | null
  error: string | null
}

async function measure(api: string, c: Case, tokens: Record<Role, string>): Promise<Measured> {
  const call = async (): Promise<{ ms: number; bytes: number }> => {
    const t0 = performance.now()
    const auth = { apikey: ANON_KEY, Authorization: `Bearer ${tokens[c.role]}` }
    const res = c.get
      ? await fetch(`${api}/rest/v1/${c.get}`, { headers: { ...auth, Prefer: 'count=exact' }, signal: AbortSignal.timeout(60_000) })
      : await fetch(`${api}/rest/v1/rpc/${c.fn}`, {
          method: 'POST',
          headers: { ...auth, 'Content-Type': 'application/json', Accept: c.accept ?? 'application/json' },
          body: JSON.stringify(c.args),
          signal: AbortSignal.timeout(60_000),
        })
    const body = await res.arrayBuffer()
    const ms = performance.now() - t0
    if (!res.ok) {
      const text = new TextDecoder().decode(body.slice(0, 300))
      throw new Error(res.status === 504 || /57014/.test(text) ? `TIMEOUT (${Math.round(ms)} ms)` : `HTTP ${res.status} ${text}`)
    }
    return { ms, bytes: body.byteLength }
  }
  try {
    await call() // warm: plans, caches
    const ms: number[] = []
    let bytes = 0
    for (let i = 0; i < RUNS; i++) {
      const r = await call()
      ms.push(r.ms)
      bytes = r.bytes
    }
    const sorted = [...ms].sort((a, b) => a - b)
    return {
      name: c.name,
      fn: c.fn,
      role: c.role,
      p50: median(ms),
      p95: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!,
      bytes,
      error: null,
    }
  } catch (e) {
    return { name: c.name, fn: c.fn, role: c.role, p50: null, p95: null, bytes: null, error: (e as Error).message }
  }
}

/** SQL for the longitude (k = 1) or latitude (k = 2) of town number `i` (an SQL expression), cycling. */
function town(i: string, k: 1 | 2): string {
  return `(array[${TOWNS.map((t) => t[k]).join(',')}]::float8[])[1 + ${i} % ${TOWNS.length}]`
}

async function load(client: pg.Client, size: typeof FULL): Promise<{ sample: { sourceId: string; majorId: string; lineId: string }; ms: number }> {
  const t0 = performance.now()
  await loadCity(client, { sources: size.sources, targets: size.targets, seed: SEED }, log)
  await loadRiskPoints(client, size.points, SEED)
  // pipelines (issue 19): lines between the towns, 21 vertices each, jittered ~500 m, through
  // the table's own trigger (area codes, bounds); sized with the sources (300 at 10k)
  const lines = Math.max(10, Math.round(size.sources * 0.03))
  await client.query(`select setseed(0.42)`)
  await client.query(`
    insert into public.pipelines (name, medium, diameter_mm, pressure_mpa, geom, is_demo)
    select 'bench line ' || i, (array['natural_gas','crude_oil','refined_oil','lpg','chemical'])[1 + i % 5]::public.pipeline_medium,
           200 + (i % 5) * 100, 0.4 + (i % 4) * 1.5,
           extensions.st_multi(extensions.st_setsrid(extensions.st_makeline(array(
             select extensions.st_makepoint(x0 + (x1 - x0) * s / 20.0 + case when s in (0, 20) then 0 else (random() - 0.5) * 0.01 end,
                                            y0 + (y1 - y0) * s / 20.0 + case when s in (0, 20) then 0 else (random() - 0.5) * 0.01 end)
             from generate_series(0, 20) s order by s)), 4326)), true
    from (select i, ${town('i', 1)} as x0, ${town('i', 2)} as y0, ${town('(i * 7 + 3)', 1)} as x1, ${town('(i * 7 + 3)', 2)} as y1
          from generate_series(1, ${lines}) i) e`)
  await loadRegistries(client, size.stockpiles)
  // what the row triggers keep, rebuilt as after a bulk load
  await client.query('select public.rebuild_distance_violations()')
  await client.query('truncate app.layer_count_cells')
  await client.query(`
    insert into app.layer_count_cells (layer, cy, cx, area_code, level, n)
    select 1, floor(extensions.st_y(r.location) / app.count_cell_deg())::int, floor(extensions.st_x(r.location) / app.count_cell_deg())::int,
      r.area_code, coalesce(r.current_level, r.level), count(*)
    from public.risk_points r where r.location is not null group by 1, 2, 3, 4, 5
    union all
    select 3, floor(extensions.st_y(t.location) / app.count_cell_deg())::int, floor(extensions.st_x(t.location) / app.count_cell_deg())::int,
      t.area_code, 0, count(*)
    from public.protective_targets t where t.location is not null group by 1, 2, 3, 4, 5`)
  await client.query('select app.rebuild_map_cells()') // the map's kept cells (20270214000100)
  await client.query('analyze')
  const { rows } = await client.query<{ source: string; major: string; line: string }>(
    `select (select id from public.hazard_sources order by id limit 1) as source,
            (select id from public.hazard_sources where is_major order by id limit 1) as major,
            (select id from public.pipelines order by name limit 1) as line`,
  )
  return { sample: { sourceId: rows[0]!.source, majorId: rows[0]!.major, lineId: rows[0]!.line }, ms: performance.now() - t0 }
}

/**
 * The registries behind command (issue 18) around the towns: `stockpiles` lots, ten materials a
 * depot (so lots/10 depots), a rescue team per two depots, a plan per five lots and an expert per
 * fifty, through the tables' own triggers (areas, cleaned names). Earlier bench rows
 * (named 'bench …') go first.
 */
async function loadRegistries(client: pg.Client, stockpiles: number): Promise<void> {
  const depots = Math.max(10, Math.round(stockpiles / 10))
  await client.query(`delete from public.emergency_resources where name like 'bench %'`)
  await client.query(`delete from public.rescue_teams where name like 'bench %'`)
  await client.query(`delete from public.emergency_plans where name like 'bench %'`)
  await client.query(`delete from public.emergency_experts where name like 'bench %'`)
  await client.query(`select setseed(0.18)`)
  // depots and teams scattered ~3 km around the towns
  await client.query(`
    insert into public.emergency_resources (name, resource_type, location, is_demo)
    select 'bench depot ' || i, 'material_depot', extensions.st_setsrid(extensions.st_makepoint(${town('i', 1)} + (random() - 0.5) * 0.06, ${town('i', 2)} + (random() - 0.5) * 0.06), 4326), true
    from generate_series(1, ${depots}) i`)
  await client.query(`
    insert into public.material_stockpiles (resource_id, material, quantity, unit, expires_on, is_demo)
    select r.id, m.name, 1 + floor(random() * 500), m.unit, app.today() + (floor(random() * 900) - 60)::int, true
    from public.emergency_resources r
    cross join (values ('防化服', '套'), ('空气呼吸器', '台'), ('吸附棉', 'kg'), ('堵漏工具', '套'), ('沙袋', '个'),
                       ('帐篷', '顶'), ('发电机', '台'), ('照明灯', '台'), ('救生衣', '件'), ('灭火器', '具')) m(name, unit)
    where r.name like 'bench depot %'`)
  await client.query(`
    insert into public.rescue_teams (name, team_type, headcount, location, is_demo)
    select 'bench team ' || i, (array['hazmat','mine','fire','water','medical','comprehensive','enterprise'])[1 + i % 7], 10 + i % 90,
      extensions.st_setsrid(extensions.st_makepoint(${town('i', 1)} + (random() - 0.5) * 0.06, ${town('i', 2)} + (random() - 0.5) * 0.06), 4326), true
    from generate_series(1, ${Math.max(5, Math.round(depots / 2))}) i`)
  // plans of departments and experts, spread over the districts; a third of the plans' drills overdue
  await client.query(`
    insert into public.emergency_plans (name, level, owner_department, area_code, filed_on, last_drill_on, is_demo)
    select 'bench plan ' || i, (array['comprehensive','special','on_site'])[1 + i % 3], '应急管理局', d.codes[1 + i % array_length(d.codes, 1)],
      case when i % 4 = 0 then null else app.today() - 400 end, app.today() - case when i % 3 = 0 then 900 else 100 end, true
    from generate_series(1, ${Math.max(10, Math.round(stockpiles / 5))}) i,
         (select array_agg(code order by code) codes from public.areas where level = 'district') d`)
  await client.query(`
    insert into public.emergency_experts (name, specialty, area_code, last_verified_on, is_demo)
    select 'bench expert ' || i, (array['hazardous_chemicals','fire','mining','special_equipment','medical','construction','electrical','environment','other'])[1 + i % 9],
      d.codes[1 + i % array_length(d.codes, 1)], app.today() - (i % 1000), true
    from generate_series(1, ${Math.max(10, Math.round(stockpiles / 50))}) i,
         (select array_agg(code order by code) codes from public.areas where level = 'district') d`)
}

const fmt = (ms: number | null): string => (ms === null ? '—' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`)

async function main(): Promise<void> {
  const cleanup = new Cleanup(log)
  try {
    log(
      `[bench] rpcs: ${FULL.points.toLocaleString('en-US')} risk points, ${FULL.targets.toLocaleString('en-US')} targets, ${FULL.sources.toLocaleString('en-US')} sources; ${RUNS} runs each; ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}`,
    )
    const pgx = await startBenchPostgres(log)
    cleanup.add('postgres', () => pgx.stop())
    const stack = await startBenchStack(pgx.databaseUrl, log)
    cleanup.add('stack', () => stack.stop())
    const client = new pg.Client({ connectionString: pgx.databaseUrl })
    await client.connect()
    cleanup.add('pg client', () => client.end())
    const tokens = Object.fromEntries(await Promise.all((['anon', 'admin', 'command', 'planner'] as const).map(async (r) => [r, await tokenFor(r)]))) as Record<
      Role,
      string
    >

    const sizes = [
      {
        label: 'baseline (1/100)',
        size: {
          points: Math.round(FULL.points / 100),
          targets: Math.round(FULL.targets / 100),
          sources: Math.max(10, Math.round(FULL.sources / 100)),
          stockpiles: Math.max(100, Math.round(FULL.stockpiles / 100)),
        },
      },
      { label: 'full', size: FULL },
    ]
    const results: { label: string; size: typeof FULL; loadMs: number; rows: Measured[] }[] = []
    for (const { label, size } of sizes) {
      log(
        `[load] ${label}: ${size.points.toLocaleString('en-US')} points, ${size.targets.toLocaleString('en-US')} targets, ${size.sources.toLocaleString('en-US')} sources, ${size.stockpiles.toLocaleString('en-US')} stockpile lots…`,
      )
      const { sample, ms } = await load(client, size)
      log(`[load] ${label} ready in ${(ms / 1000).toFixed(1)} s; measuring…`)
      const rows: Measured[] = []
      const todo = cases(sample).filter(chosen)
      if (!todo.length) throw new Error(`--only ${ONLY.join(', ')}: no case's name contains it`)
      for (const c of todo) {
        const m = await measure(stack.url, c, tokens)
        rows.push(m)
        log(`  ${c.name.padEnd(40)} ${m.error ?? `p50 ${fmt(m.p50)} · p95 ${fmt(m.p95)}`}`)
      }
      results.push({ label, size, loadMs: ms, rows })
    }

    const [base, full] = results as [(typeof results)[0], (typeof results)[0]]
    console.log(
      `\n=== RPCs at ${FULL.points.toLocaleString('en-US')} risk points · ${FULL.targets.toLocaleString('en-US')} targets · ${FULL.sources.toLocaleString('en-US')} sources (native PostgreSQL 15, hosted timeouts; p50 · p95 of ${RUNS}) ===`,
    )
    console.log('| RPC | role | baseline (1/100) p50 · p95 | full p50 · p95 | full ÷ baseline (p50) | over 1 s |')
    console.log('| --- | --- | --- | --- | --- | --- |')
    let flagged = 0
    for (const f of full.rows) {
      const b = base.rows.find((x) => x.name === f.name)!
      const over = f.error ? f.error.split(' ')[0]! : (f.p95 ?? 0) > SLOW_MS ? 'OVER' : ''
      if (over) flagged++
      const ratio = f.p50 !== null && b.p50 ? `${(f.p50 / b.p50).toFixed(1)}×` : '—'
      console.log(
        `| ${f.name} | ${f.role} | ${b.error ? b.error.slice(0, 40) : `${fmt(b.p50)} · ${fmt(b.p95)}`} | ${f.error ? f.error.slice(0, 60) : `${fmt(f.p50)} · ${fmt(f.p95)}`} | ${ratio} | ${over} |`,
      )
    }
    console.log(
      `\n${flagged} of ${full.rows.length} over ${SLOW_MS} ms (p95) or failing at full size. Load average now ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores.`,
    )
    const out = resolve(REPO_ROOT, args.out!)
    await mkdir(dirname(out), { recursive: true })
    await writeFile(out, JSON.stringify({ when: new Date().toISOString(), runs: RUNS, slowMs: SLOW_MS, results }, null, 2))
    log(`[bench] wrote ${out}`)
    if (args.hold) {
      log(`[hold] database ${pgx.databaseUrl} · API ${stack.url} · Ctrl-C (SIGINT/SIGTERM) stops both`)
      await new Promise<void>((done) => {
        process.once('SIGINT', done)
        process.once('SIGTERM', done)
      })
    }
  } finally {
    await cleanup.run()
  }
}

await main()
