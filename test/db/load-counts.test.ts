// layer_counts from kept cell counts plus an exact rim (migration 20261204200200) and
// map_points reading street boxes by id (20261204200300) must answer exactly as the previous
// bodies, for every role (RLS decides what each counts and draws), for boxes of every size,
// boxes whose edges lie exactly on cell edges, with filters, and again after risk points and
// protective targets are added, moved, re-graded and deleted. The previous bodies, kept verbatim
// in load-counts-reference.sql (their migrations were squashed into the baseline), are created
// in schema counts_old and run with the same claims and database role (as test/db/load.test.ts does).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { sql, useStack } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA } from '../../supabase/seed/demo-users.ts'

useStack()

const REFERENCE = new URL('./load-counts-reference.sql', import.meta.url)

function oldBody(file: string, name: string): string {
  const text = readFileSync(REFERENCE, 'utf8')
  const start = text.indexOf(`create or replace function public.${name}(`)
  if (start < 0) throw new Error(`${name} not found in ${file}`)
  const bodyStart = text.indexOf('as $$', start)
  const end = text.indexOf('$$;', bodyStart + 5)
  const body = text.slice(start, end + 3).replace(`public.${name}(`, `counts_old.${name}(`)
  return name === 'map_points' ? onViewIndependentCells(body) : body
}

/** The previous map_points on the view-independent cells of 20270214000100 (app.map_cell_index of
 * the zoom's band), its selection of rows unchanged: what map_points must still answer. */
function onViewIndependentCells(body: string): string {
  const b = 'app.map_band(zoom, 0)'
  const out = body
    .replace('cell := app.lod_cell(zoom, (south + north) / 2);', `cell := array[app.map_cell_deg(${b}), app.map_cell_deg(${b})];`)
    .replace('x0 := floor(west / cell[1]) * cell[1];', `x0 := app.map_cell_index(west, ${b}) * cell[1];`)
    .replace('y0 := floor(south / cell[2]) * cell[2];', `y0 := app.map_cell_index(south, ${b}) * cell[2];`)
    .replace(
      /floor\(\(extensions\.st_x\((\w)\.location\) - x0\) \/ cell\[1\]\)::int/g,
      `(app.map_cell_index(extensions.st_x($1.location), ${b}) - app.map_cell_index(west, ${b}))`,
    )
    .replace(
      /floor\(\(extensions\.st_y\((\w)\.location\) - y0\) \/ cell\[2\]\)::int/g,
      `(app.map_cell_index(extensions.st_y($1.location), ${b}) - app.map_cell_index(south, ${b}))`,
    )
  if (out.includes('lod_cell') || out.includes('location) - x0') || out.includes('location) - y0'))
    throw new Error('map_points reference: the cell rule was not replaced')
  return out
}

let otherEnterprise = ''
const claims = (): Record<string, [unknown, string]> => ({
  admin: [{ role: 'authenticated', app_metadata: { app_role: 'admin' } }, 'authenticated'],
  command: [{ role: 'authenticated', app_metadata: { app_role: 'command' } }, 'authenticated'],
  planner: [{ role: 'authenticated', app_metadata: { app_role: 'planner' } }, 'authenticated'],
  regulator: [{ role: 'authenticated', app_metadata: { app_role: 'regulator', area_codes: [DEMO_REGULATOR_AREA] } }, 'authenticated'],
  'regulator of a street': [{ role: 'authenticated', app_metadata: { app_role: 'regulator', area_codes: [`${DEMO_REGULATOR_AREA}001`] } }, 'authenticated'],
  enterprise: [{ role: 'authenticated', app_metadata: { app_role: 'enterprise', enterprise_id: DEMO_ENTERPRISE_ID } }, 'authenticated'],
  'enterprise without account': [{ role: 'authenticated', app_metadata: { app_role: 'enterprise', enterprise_id: otherEnterprise } }, 'authenticated'],
  'signed in, no role': [{ role: 'authenticated', app_metadata: {} }, 'authenticated'],
  service: [{ role: 'service_role' }, 'service_role'],
})

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  return () => {
    seed |= 0
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Box = [number, number, number, number]
let boxes: Box[] = []
let industry = ''

/** layer_counts argument lists: every box without filters, and some with each filter. */
function countArgs(): string[] {
  const args = boxes.map((b) => b.join(', '))
  for (const b of boxes.slice(0, 8)) {
    args.push(`${b.join(', ')}, array[1, 2]`)
    args.push(`${b.join(', ')}, null, null, '${DEMO_REGULATOR_AREA}'`)
    args.push(`${b.join(', ')}, array[3], null, '${DEMO_REGULATOR_AREA}001'`)
    args.push(`${b.join(', ')}, null, '${industry}'`)
  }
  return args
}

/** map_points' buffer as its 40-byte header and its sorted 6-byte cell records (hex). */
function cellsOf(b64: string): { header: string; cells: string[] } {
  const buf = Buffer.from(b64, 'base64')
  const cells: string[] = []
  for (let o = 40; o < buf.length; o += 6) cells.push(buf.subarray(o, o + 6).toString('hex'))
  return { header: buf.subarray(0, 40).toString('hex'), cells: cells.sort() }
}

async function compareAll(what: 'layer_counts' | 'map_points'): Promise<void> {
  const calls =
    what === 'layer_counts'
      ? countArgs().map((a) => `${what}(${a})`)
      : boxes.flatMap((b) => {
          const w = b[2] - b[0]
          const zoom = w > 0.5 ? 9 : w > 0.1 ? 10.5 : 13
          return ['risk_points', 'hidden_dangers', 'protective_targets'].map((l) => `${what}('${l}', ${b.join(', ')}, ${zoom})`)
        })
  const pick = what === 'layer_counts' ? (f: string) => f : (f: string) => `encode(${f}, 'base64')`
  for (const [role, [c, dbRole]] of Object.entries(claims())) {
    const body = `select jsonb_agg(x) from (values ${calls
      .map((f, i) => `(jsonb_build_object('i', ${i}, 'old', ${pick(`counts_old.${f}`)}, 'new', ${pick(`public.${f}`)}))`)
      .join(',\n')}) v(x)`
    const { rows } = await sql().query<{ r: Array<{ i: number; old: unknown; new: unknown }> }>(`select counts_old.as_role($1, $2, $3) as r`, [
      JSON.stringify(c),
      dbRole,
      body,
    ])
    const got = rows[0]!.r
    expect(got).toHaveLength(calls.length)
    for (const g of got) {
      if (what === 'map_points') {
        // the same header and the same set of cells (string_agg's order is the plan's, unordered before too)
        expect(cellsOf(g.new as string), `${role}: ${calls[g.i]}`).toEqual(cellsOf(g.old as string))
      } else {
        expect(g.new, `${role}: ${calls[g.i]}`).toEqual(g.old)
      }
    }
    if (what === 'layer_counts' && role === 'planner') {
      // the comparison would be empty if nothing were counted
      expect(JSON.stringify(got[0]!.new)).toMatch(/[1-9]/)
    }
  }
}

/** The kept cells equal a fresh aggregate of the tables. */
async function expectCellsConsistent(): Promise<void> {
  const { rows } = await sql().query<{ diff: number }>(`
    with fresh as (
      select 1::smallint as layer, floor(extensions.st_y(location) / 0.02)::int as cy, floor(extensions.st_x(location) / 0.02)::int as cx,
        area_code, level::smallint as level, count(*)::int as n from public.risk_points group by 1, 2, 3, 4, 5
      union all
      select 3::smallint, floor(extensions.st_y(location) / 0.02)::int, floor(extensions.st_x(location) / 0.02)::int,
        area_code, 0::smallint, count(*)::int from public.protective_targets group by 1, 2, 3, 4, 5)
    select (select count(*) from (select * from fresh except all select layer, cy, cx, area_code, level, n from app.layer_count_cells) a)
         + (select count(*) from (select layer, cy, cx, area_code, level, n from app.layer_count_cells except all select * from fresh) b) as diff`)
  expect(Number(rows[0]!.diff)).toBe(0)
}

const inserted = { risk_points: [] as string[], protective_targets: [] as string[] }

beforeAll(async () => {
  await sql().exec(`drop schema if exists counts_old cascade; create schema counts_old;
    grant usage on schema counts_old to anon, authenticated, service_role;
    ${oldBody('20261204000400_load.sql', 'layer_counts')};
    ${oldBody('20261204000600_null_arguments.sql', 'map_points')};
    create function counts_old.as_role(claims text, api_role text, q text) returns jsonb language plpgsql as $f$
    declare r jsonb;
    begin
      perform set_config('request.jwt.claims', claims, true);
      perform set_config('role', api_role, true);
      execute q into r;
      return r;
    end $f$;
    grant execute on all functions in schema counts_old to anon, authenticated, service_role;`)
  const { rows: e } = await sql().query<{ id: string }>(`
    select e.id from public.enterprises e
    where not exists (select 1 from app.enterprise_context_kept k where k.enterprise_id = e.id)
      and exists (select 1 from public.risk_points r where r.enterprise_id = e.id)
    order by e.id limit 1`)
  otherEnterprise = e[0]!.id
  const { rows: ind } = await sql().query<{ c: string }>(
    `select industry_code as c from public.risk_points where industry_code is not null group by 1 order by count(*) desc limit 1`,
  )
  industry = ind[0]!.c
  const { rows: bb } = await sql().query<{ b: { bbox: Box } }>(`select public.dataset_info() as b`)
  const [w, s, ea, n] = bb[0]!.b.bbox
  const round = (v: number): number => Math.round(v * 1e6) / 1e6
  boxes = [[w, s, ea, n]]
  // the bench's district tiles and street views
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 2; j++) {
      const dx = (ea - w) / 3,
        dy = (n - s) / 2
      boxes.push([w + i * dx, s + j * dy, w + (i + 1) * dx, s + (j + 1) * dy].map(round) as Box)
    }
  const cx = (w + ea) / 2,
    cy = (s + n) / 2
  for (const [ox, oy] of [
    [-0.1, -0.05],
    [0.05, 0.02],
    [0.12, -0.1],
    [-0.2, 0.1],
  ]) {
    boxes.push([cx + ox! - 0.03, cy + oy! - 0.02, cx + ox! + 0.03, cy + oy! + 0.02].map(round) as Box)
  }
  // edges exactly on cell edges (multiples of 0.02°), and one cell wide
  boxes.push([112.4, 21.8, 113.2, 22.7], [112.9, 22.4, 113.12, 22.62], [113.02, 22.5, 113.06, 22.56], [113.0, 22.5, 113.02, 22.52])
  // random boxes of every size around the densest part of the city
  const rand = rng(2026)
  for (let k = 0; k < 16; k++) {
    const size = [0.01, 0.05, 0.2, 0.6][k % 4]!
    const x0 = 112.5 + rand() * 0.7,
      y0 = 22.0 + rand() * 0.7
    boxes.push([x0, y0, x0 + size * (0.5 + rand()), y0 + size * (0.5 + rand())].map(round) as Box)
  }
}, 120_000)

afterAll(async () => {
  for (const [table, ids] of Object.entries(inserted)) {
    if (ids.length) await sql().query(`delete from public.${table} where id = any ($1::uuid[])`, [ids])
  }
  await sql().exec('drop schema if exists counts_old cascade')
})

describe('layer_counts and map_points answer as the previous bodies, per role', () => {
  it('the kept cells equal the tables', expectCellsConsistent)
  it('layer_counts: every role, every box, filters', () => compareAll('layer_counts'), 120_000)
  it('map_points: every role, every box, every layer', () => compareAll('map_points'), 120_000)
})

describe('after risk points and targets are added, moved, re-graded and deleted', () => {
  it('the cells follow, and the answers still agree', async () => {
    const rand = rng(7)
    // points at random places, some exactly on cell edges and corners, in and out of the regulator's district
    const spots: Array<[number, number]> = []
    for (let k = 0; k < 24; k++) spots.push([112.9 + rand() * 0.3, 22.4 + rand() * 0.3])
    spots.push([113.04, 22.54], [113.06, 22.56], [113.1, 22.58], [113.12, 22.6000001], [113.0799999, 22.52])
    const byLevel: Record<number, string> = {}
    for (const level of [1, 2, 3, 4]) {
      const { rows } = await sql().query<{ id: string }>(`select id from public.risk_points where level = $1 order by id limit 1`, [level])
      byLevel[level] = rows[0]!.id
    }
    for (const [i, [lon, lat]] of spots.entries()) {
      const { rows } = await sql().query<{ id: string }>(
        `
        insert into public.risk_points (enterprise_id, name, category_code, industry_code, location, method, lec_l, lec_e, lec_c, matrix_l, matrix_s)
        select case when $4 % 3 = 0 then $5::uuid else r.enterprise_id end, '计数测试点', r.category_code, r.industry_code,
          extensions.st_setsrid(extensions.st_makepoint($1, $2), 4326), r.method, r.lec_l, r.lec_e, r.lec_c, r.matrix_l, r.matrix_s
        from public.risk_points r where r.id = $3 returning id`,
        [lon, lat, byLevel[(i % 4) + 1], i, DEMO_ENTERPRISE_ID],
      )
      inserted.risk_points.push(rows[0]!.id)
      const { rows: t } = await sql().query<{ id: string }>(
        `
        insert into public.protective_targets (name, target_class, type_code, population, geom)
        values ('计数测试目标', 'general_3', 'village', 10, extensions.st_setsrid(extensions.st_makepoint($1, $2), 4326)) returning id`,
        [lon + 0.001, lat],
      )
      inserted.protective_targets.push(t[0]!.id)
    }
    // one statement adding several rows at once (a bulk import)
    const { rows: bulk } = await sql().query<{ id: string }>(`
      insert into public.protective_targets (name, target_class, type_code, population, geom)
      select '计数测试批量', 'general_3', 'village', 5, extensions.st_setsrid(extensions.st_makepoint(113.0 + g * 0.013, 22.5 + g * 0.007), 4326)
      from generate_series(1, 12) g returning id`)
    inserted.protective_targets.push(...bulk.map((r) => r.id))
    await expectCellsConsistent()

    const rp = inserted.risk_points
    // move some (into and out of the district, onto a cell edge), re-grade some, delete some
    await sql().query(`update public.risk_points set location = extensions.st_translate(location, 0.15, -0.1) where id = any ($1::uuid[])`, [rp.slice(0, 6)])
    await sql().query(`update public.risk_points set location = extensions.st_setsrid(extensions.st_makepoint(113.08, 22.54), 4326) where id = $1`, [rp[6]])
    const { rows: lv } = await sql().query<{ level: number }>(`select level from public.risk_points where id = $1`, [rp[7]])
    await sql().query(
      `
      update public.risk_points p set method = r.method, lec_l = r.lec_l, lec_e = r.lec_e, lec_c = r.lec_c, matrix_l = r.matrix_l, matrix_s = r.matrix_s
      from public.risk_points r where r.id = $2 and p.id = any ($1::uuid[])`,
      [rp.slice(7, 12), byLevel[lv[0]!.level === 1 ? 4 : 1]],
    )
    const { rows: lv2 } = await sql().query<{ level: number }>(`select level from public.risk_points where id = $1`, [rp[7]])
    expect(lv2[0]!.level).not.toBe(lv[0]!.level)
    await sql().query(`delete from public.risk_points where id = any ($1::uuid[])`, [rp.slice(12, 16)])
    const pt = inserted.protective_targets
    await sql().query(`update public.protective_targets set geom = extensions.st_translate(geom, -0.2, 0.05) where id = any ($1::uuid[])`, [pt.slice(0, 8)])
    await sql().query(`update public.protective_targets set population = 11 where id = any ($1::uuid[])`, [pt.slice(8, 10)])
    await sql().query(`delete from public.protective_targets where id = any ($1::uuid[])`, [pt.slice(10, 20)])
    await expectCellsConsistent()
    await compareAll('layer_counts')
    await compareAll('map_points')
  }, 240_000)
})
