// The risk-point map layer from counts kept per cell (20270214000100_map_cells_pyramid.sql):
// map_points('risk_points') and public_map_points answer dense views from app.map_cells (the
// cells strictly inside the box) plus the box's rim binned from its points. They must give the
// very cells the point path gives on the same view-independent cells (app.binned_points, which
// still serves every other call), for every role the pyramid serves, random views, zooms and
// filters, and again after points are added (one by one and in bulk), moved, re-graded and
// deleted; and the kept cells must equal a fresh count of the table at every band.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql, useStack } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA } from '../../supabase/seed/demo-users.ts'
import { Rng } from '../../supabase/seed/prng.ts'

useStack()

const claims: Record<string, [unknown, string]> = {
  admin: [{ role: 'authenticated', app_metadata: { app_role: 'admin' } }, 'authenticated'],
  command: [{ role: 'authenticated', app_metadata: { app_role: 'command' } }, 'authenticated'],
  planner: [{ role: 'authenticated', app_metadata: { app_role: 'planner' } }, 'authenticated'],
  regulator: [{ role: 'authenticated', app_metadata: { app_role: 'regulator', area_codes: [DEMO_REGULATOR_AREA] } }, 'authenticated'],
  'regulator of a street': [{ role: 'authenticated', app_metadata: { app_role: 'regulator', area_codes: [`${DEMO_REGULATOR_AREA}001`] } }, 'authenticated'],
  service: [{ role: 'service_role' }, 'service_role'],
}

/** Deterministic pseudo-random numbers in [0, 1) (the seed's generator). */
function rng(seed: number): () => number {
  const r = new Rng(seed)
  return () => r.next()
}

/** A buffer as its 40-byte header and its sorted 6-byte cell records (hex). */
function cellsOf(b64: string): { header: string; cells: string[] } {
  const buf = Buffer.from(b64, 'base64')
  const cells: string[] = []
  for (let o = 40; o < buf.length; o += 6) cells.push(buf.subarray(o, o + 6).toString('hex'))
  return { header: buf.subarray(0, 40).toString('hex'), cells: cells.sort() }
}

type View = { box: [number, number, number, number]; zoom: number; levels: string; area: string }
let views: View[] = []
const inserted: string[] = []

function randomViews(seed: number): View[] {
  const rand = rng(seed)
  const out: View[] = []
  for (let k = 0; k < 14; k++) {
    // a 1920×1080 screen (padded) at zoom z spans about 2·1920·1.4 px of 360/(256·2^z)° each
    const zoom = [8.6, 10.2, 11.5, 12.4, 13, 13.6, 14.4][k % 7]!
    const w = (2 * 1920 * 1.4 * 360) / (256 * 2 ** zoom) / 2,
      h = w * 0.55
    const x = 112.9 + rand() * 0.3,
      y = 22.4 + rand() * 0.3
    const round = (v: number): number => Math.round(v * 1e7) / 1e7
    out.push({
      box: [round(x - w / 2), round(y - h / 2), round(x + w / 2), round(y + h / 2)],
      zoom,
      levels: k % 5 === 1 ? 'array[1, 3]' : k % 5 === 3 ? 'array[4]' : 'null',
      area: k % 4 === 2 ? `'${DEMO_REGULATOR_AREA}'` : 'null',
    })
  }
  // a box with its edges on cell edges of band 13 (multiples of 2.8125/2^13°), and a box inside one cell
  const c = 2.8125 / 2 ** 13
  out.push({
    box: [Math.floor(113.0 / c) * c, Math.floor(22.5 / c) * c, Math.floor(113.05 / c) * c, Math.floor(22.53 / c) * c],
    zoom: 13,
    levels: 'null',
    area: 'null',
  })
  out.push({ box: [113.0801, 22.6001, 113.08012, 22.60012], zoom: 10, levels: 'null', area: 'null' })
  return out
}

/** map_points (the pyramid for these roles) against app.binned_points (the point path) on every view. */
async function compareAll(): Promise<void> {
  let nonEmpty = 0
  for (const [role, [c, dbRole]] of Object.entries(claims)) {
    const calls = views.map((v) => {
      const a = `${v.box.join(', ')}, ${v.zoom}, ${v.levels}, null, ${v.area}`
      return { pyramid: `public.map_points('risk_points', ${a})`, points: `app.binned_points(1, ${a}, 0)` }
    })
    const body = `select jsonb_agg(x) from (values ${calls
      .map((f, i) => `(jsonb_build_object('i', ${i}, 'new', encode(${f.pyramid}, 'base64'), 'old', encode(${f.points}, 'base64')))`)
      .join(',\n')}) v(x)`
    const { rows } = await sql().query<{ r: Array<{ i: number; old: string; new: string }> }>(`select pyramid_test.as_role($1, $2, $3) as r`, [
      JSON.stringify(c),
      dbRole,
      body,
    ])
    for (const g of rows[0]!.r) {
      const got = cellsOf(g.new)
      expect(got, `${role}: ${calls[g.i]!.pyramid}`).toEqual(cellsOf(g.old))
      if (got.cells.length > 20) nonEmpty++
    }
  }
  // the public: every point, cells of band ≤ 11
  const pub = views.map((v) => {
    const a = `${v.box.join(', ')}, ${v.zoom}, ${v.levels}`
    return { pyramid: `public.public_map_points(${a}, ${v.area})`, points: `app.binned_points(4, ${a}, null, ${v.area}, 0.001)` }
  })
  for (const p of pub) {
    const { rows } = await sql().query<{ new: string; old: string }>(`select encode(${p.pyramid}, 'base64') as new, encode(${p.points}, 'base64') as old`)
    expect(cellsOf(rows[0]!.new), p.pyramid).toEqual(cellsOf(rows[0]!.old))
  }
  // the comparison would prove nothing if the views held no points
  expect(nonEmpty).toBeGreaterThan(20)
}

/** The kept cells equal a fresh count of risk_points at every band. */
async function expectCellsConsistent(): Promise<void> {
  const { rows } = await sql().query<{ diff: number; n: number }>(`
    with fresh as (
      select b.z::smallint as z, app.map_cell_index(extensions.st_x(r.location), b.z) as gx, app.map_cell_index(extensions.st_y(r.location), b.z) as gy,
        r.area_code, (count(*) filter (where r.current_level = 1))::int as n1, (count(*) filter (where r.current_level = 2))::int as n2,
        (count(*) filter (where r.current_level = 3))::int as n3, (count(*) filter (where r.current_level = 4))::int as n4
      from public.risk_points r cross join generate_series(0, 14) b(z) group by 1, 2, 3, 4)
    select (select count(*) from (select * from fresh except all select z, gx, gy, area_code, n1, n2, n3, n4 from app.map_cells) a)
         + (select count(*) from (select z, gx, gy, area_code, n1, n2, n3, n4 from app.map_cells except all select * from fresh) b) as diff,
      (select count(*) from app.map_cells) as n`)
  expect(Number(rows[0]!.diff)).toBe(0)
  expect(Number(rows[0]!.n)).toBeGreaterThan(100)
}

beforeAll(async () => {
  await sql().exec(`drop schema if exists pyramid_test cascade; create schema pyramid_test;
    grant usage on schema pyramid_test to authenticated, service_role;
    create function pyramid_test.as_role(claims text, api_role text, q text) returns jsonb language plpgsql as $f$
    declare r jsonb;
    begin
      perform set_config('request.jwt.claims', claims, true);
      perform set_config('role', api_role, true);
      execute q into r;
      return r;
    end $f$;
    grant execute on all functions in schema pyramid_test to authenticated, service_role;`)
  views = randomViews(2027)
}, 60_000)

afterAll(async () => {
  if (inserted.length) await sql().query(`delete from public.risk_points where id = any ($1::uuid[])`, [inserted])
  await sql().exec('drop schema if exists pyramid_test cascade')
})

describe('the risk-point map from the kept cells', () => {
  it('the kept cells equal the table at every band', expectCellsConsistent, 60_000)
  it('map_points and public_map_points answer as the point path on the same cells, per role', compareAll, 180_000)

  it('the kept cells are read by the staff only: an enterprise and a signed-in user without a role see none, anon is refused', async () => {
    const count = async (c: unknown, role: string) =>
      Number(
        (
          await sql().query<{ n: number }>(`select pyramid_test.as_role($1, $2, 'select to_jsonb(count(*)) from app.map_cells') as n`, [
            JSON.stringify(c),
            role,
          ])
        ).rows[0]!.n,
      )
    expect(await count(claims.admin![0], 'authenticated')).toBeGreaterThan(0)
    expect(await count({ role: 'authenticated', app_metadata: { app_role: 'enterprise', enterprise_id: DEMO_ENTERPRISE_ID } }, 'authenticated')).toBe(0)
    expect(await count({ role: 'authenticated', app_metadata: {} }, 'authenticated')).toBe(0)
    await expect(count({ role: 'anon' }, 'anon')).rejects.toThrow(/permission denied/)
  })

  it('after points are added, moved, re-graded and deleted, the cells follow and the answers still agree', async () => {
    const rand = rng(15)
    const byLevel: Record<number, string> = {}
    for (const level of [1, 2, 3, 4]) {
      const { rows } = await sql().query<{ id: string }>(`select id from public.risk_points where level = $1 order by id limit 1`, [level])
      byLevel[level] = rows[0]!.id
    }
    const copy = `
      insert into public.risk_points (enterprise_id, name, category_code, industry_code, location, method, lec_l, lec_e, lec_c, matrix_l, matrix_s)
      select case when $4 % 3 = 0 then $5::uuid else r.enterprise_id end, '金字塔测试点', r.category_code, r.industry_code,
        extensions.st_setsrid(extensions.st_makepoint($1, $2), 4326), r.method, r.lec_l, r.lec_e, r.lec_c, r.matrix_l, r.matrix_s
      from public.risk_points r where r.id = $3 returning id`
    for (let i = 0; i < 16; i++) {
      const { rows } = await sql().query<{ id: string }>(copy, [112.95 + rand() * 0.2, 22.45 + rand() * 0.2, byLevel[(i % 4) + 1], i, DEMO_ENTERPRISE_ID])
      inserted.push(rows[0]!.id)
    }
    // one statement adding many rows, several in one cell
    const { rows: bulk } = await sql().query<{ id: string }>(
      `
      insert into public.risk_points (enterprise_id, name, category_code, industry_code, location, method, lec_l, lec_e, lec_c, matrix_l, matrix_s)
      select r.enterprise_id, '金字塔批量', r.category_code, r.industry_code,
        extensions.st_setsrid(extensions.st_makepoint(113.05 + (g % 10) * 0.0007, 22.55 + (g / 10) * 0.0005), 4326),
        r.method, r.lec_l, r.lec_e, r.lec_c, r.matrix_l, r.matrix_s
      from public.risk_points r, generate_series(1, 60) g where r.id = $1 returning id`,
      [byLevel[2]],
    )
    inserted.push(...bulk.map((r) => r.id))
    await expectCellsConsistent()

    const rp = inserted
    await sql().query(`update public.risk_points set location = extensions.st_translate(location, 0.15, -0.1) where id = any ($1::uuid[])`, [rp.slice(0, 5)])
    await sql().query(`update public.risk_points set location = extensions.st_translate(location, 0.0003, 0.0002) where id = any ($1::uuid[])`, [
      rp.slice(20, 50),
    ])
    const { rows: lv } = await sql().query<{ level: number }>(`select current_level as level from public.risk_points where id = $1`, [rp[6]])
    await sql().query(
      `
      update public.risk_points p set method = r.method, lec_l = r.lec_l, lec_e = r.lec_e, lec_c = r.lec_c, matrix_l = r.matrix_l, matrix_s = r.matrix_s
      from public.risk_points r where r.id = $2 and p.id = any ($1::uuid[])`,
      [rp.slice(6, 10), byLevel[lv[0]!.level === 1 ? 4 : 1]],
    )
    const { rows: lv2 } = await sql().query<{ level: number }>(`select current_level as level from public.risk_points where id = $1`, [rp[6]])
    expect(lv2[0]!.level).not.toBe(lv[0]!.level)
    // an update that changes nothing the map keeps
    await sql().query(`update public.risk_points set name = name || '·' where id = any ($1::uuid[])`, [rp.slice(10, 14)])
    await sql().query(`delete from public.risk_points where id = any ($1::uuid[])`, [rp.slice(14, 18).concat(rp.slice(60, 70))])
    await expectCellsConsistent()
    views = views.concat(randomViews(99))
    await compareAll()
  }, 300_000)
})
