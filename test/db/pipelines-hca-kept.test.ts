// High-consequence segments kept in a table (issue 19, 20270128000100): app.pipeline_hca_segments
// must hold exactly what app.pipeline_hca_of computes from scratch, after each kind of edit that
// changes it (a line added, moved, deleted; a school added next to a line, moved away; a target
// deleted; a village's people changed; a bulk insert of targets), and the RPCs that read it
// (pipeline_hca, pipeline_map) must answer as the on-the-fly computation did, as each role. The
// table is not reachable through the API, and a street view of pipeline_map finds the segments
// through its GiST index.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { Geodesic } from 'geographiclib-geodesic'
import { anonClient, serviceClient, signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, demoUser, DEMO_USERS, DEMO_REGULATOR_AREA } from '../../supabase/seed/demo-users.ts'

useStack()

const geod = Geodesic.WGS84
type P = { lon: number; lat: number }
/** A 5 km meridian line in 江海区 (the regulator's district), away from the demo targets. */
const S: P = { lon: 113.175, lat: 22.535 }
const LEN = 5000
const along = (s: number, h = 0): P => {
  const f = geod.Direct(S.lat, S.lon, 0, s)
  if (h === 0) return { lon: f.lon2!, lat: f.lat2! }
  const r = geod.Direct(f.lat2!, f.lon2!, h > 0 ? 90 : 270, Math.abs(h))
  return { lon: r.lon2!, lat: r.lat2! }
}
const wkt = (p: P) => `SRID=4326;POINT(${p.lon} ${p.lat})`
/** The meridian line shifted h metres east (west if negative). */
const lineAt = (h: number) => {
  const a = along(0, h)
  const b = along(LEN, h)
  return `SRID=4326;LINESTRING(${a.lon} ${a.lat},${b.lon} ${b.lat})`
}

const CLAIMS = {
  admin: { role: 'authenticated', sub: DEMO_USERS[0]!.id, app_metadata: { app_role: 'admin' } },
  regulator: { role: 'authenticated', sub: DEMO_USERS[1]!.id, app_metadata: { app_role: 'regulator', area_codes: [DEMO_REGULATOR_AREA] } },
  command: { role: 'authenticated', sub: DEMO_USERS[3]!.id, app_metadata: { app_role: 'command' } },
  enterprise: { role: 'authenticated', sub: DEMO_USERS[4]!.id, app_metadata: { app_role: 'enterprise', enterprise_id: DEMO_ENTERPRISE_ID } },
} as const

const COLS = 'pipeline_id, part, from_m, to_m, hca_class, criterion, reason_zh, reason_en, radius_m, targets, population, households, target_ids, geometry'

interface Seg {
  pipeline_id: string
  criterion: string
  target_ids: string[]
}

const pid: Record<string, string> = {}
const tid: Record<string, string> = {}
let admin: SupabaseClient
let svc: SupabaseClient

/** Rows of the kept table missing from a fresh computation plus rows of it missing from the table. */
async function drift(): Promise<{ missing: number; extra: number; fresh: number }> {
  const { rows } = await sql().query<{ missing: number; extra: number; fresh: number }>(`
    with fresh as (select ${COLS} from app.pipeline_hca_of(null)),
         kept as (select ${COLS} from app.pipeline_hca_segments)
    select (select count(*) from (select * from fresh except all select * from kept) a)::int as missing,
           (select count(*) from (select * from kept except all select * from fresh) b)::int as extra,
           (select count(*) from fresh)::int as fresh`)
  return rows[0]!
}

/** The kept table equals a fresh computation; returns the fresh segments of the test lines. */
async function expectKept(): Promise<Seg[]> {
  const d = await drift()
  expect(d, 'kept rows vs app.pipeline_hca_of(null)').toEqual({ missing: 0, extra: 0, fresh: d.fresh })
  const { rows } = await sql().query<Seg>(`select pipeline_id, criterion, target_ids from app.pipeline_hca_of($1::uuid[])`, [Object.values(pid)])
  return rows
}
const of = (segs: Seg[], line: string) => segs.filter((s) => s.pipeline_id === pid[line])

/** Runs q (a query) as the role with claims, in one transaction: its rows as jsonb, or the error's sqlstate. */
async function asRole(claims: object, q: string): Promise<unknown> {
  const { rows } = await sql().query<{ r: unknown }>(`select public.hca_kept_test_as($1, $2) as r`, [JSON.stringify(claims), q])
  return rows[0]!.r
}

async function addTarget(key: string, type: string, cls: string, pop: number, p: P) {
  const { data, error } = await svc
    .from('protective_targets')
    .insert({ name: `测试HCA保持 ${key}`, target_class: cls, type_code: type, population: pop, geom: wkt(p) })
    .select('id')
    .single()
  if (error) throw new Error(error.message)
  tid[key] = data.id as string
}

beforeAll(async () => {
  admin = await signIn(demoUser('admin').email, demoUser('admin').password)
  svc = serviceClient()
  await sql().exec(`
    create or replace function public.hca_kept_test_as(claims text, q text) returns jsonb language plpgsql as $f$
    declare r jsonb;
    begin
      perform set_config('request.jwt.claims', claims, true);
      perform set_config('role', 'authenticated', true);
      execute 'with x as (' || q || ') select coalesce(jsonb_agg(x), ''[]'') from x' into r;
      return r;
    exception when others then
      return jsonb_build_object('sqlstate', sqlstate);
    end $f$;
    revoke all on function public.hca_kept_test_as(text, text) from public, anon, authenticated;
    -- EXPLAIN ANALYZE of q as the role, with 2,000 more segments spread over the city (copies of
    -- the kept ones, shifted) and the table analysed, so that the planner plans as at a city's
    -- scale; all rolled back (an exception caught in the same function).
    create or replace function public.hca_kept_test_explain(claims text, q text) returns setof text language plpgsql as $f$
    declare
      lines text[] := '{}';
      l text;
    begin
      begin
        insert into app.pipeline_hca_segments (${COLS}, geom)
        select s.pipeline_id, s.part, s.from_m, s.to_m, s.hca_class, s.criterion, s.reason_zh, s.reason_en, s.radius_m,
          s.targets, s.population, s.households, s.target_ids, s.geometry,
          extensions.st_translate(s.geom, ((i % 40) - 20) * 0.01, ((i / 40) - 25) * 0.005)
        from generate_series(1, 2000) i
        cross join lateral (select * from app.pipeline_hca_segments order by pipeline_id, from_m offset i % 10 limit 1) s;
        analyze app.pipeline_hca_segments;
        if claims is not null then
          perform set_config('request.jwt.claims', claims, true);
          perform set_config('role', 'authenticated', true);
        end if;
        for l in execute 'explain (analyze, costs off, timing off, summary off) ' || q loop
          lines := lines || l;
        end loop;
        raise exception 'undo' using errcode = 'P0099';
      exception when sqlstate 'P0099' then
        null;
      end;
      return query select unnest(lines);
    end $f$;
    revoke all on function public.hca_kept_test_explain(text, text) from public, anon, authenticated;`)
}, 120_000)

afterAll(async () => {
  await svc.from('pipelines').delete().like('name', '测试HCA保持%')
  await svc.from('protective_targets').delete().like('name', '测试HCA保持%')
  await sql().exec(`drop function if exists public.hca_kept_test_as(text, text); drop function if exists public.hca_kept_test_explain(text, text)`)
})

describe('app.pipeline_hca_segments is kept equal to app.pipeline_hca_of', () => {
  it("holds the demo lines' segments after the migrations and the seed", async () => {
    const d = await drift()
    expect(d.fresh, 'the demo lines have high-consequence segments').toBeGreaterThan(0)
    expect(d).toEqual({ missing: 0, extra: 0, fresh: d.fresh })
  })

  it('a new line (gas and oil along a school and two villages)', async () => {
    await addTarget('school', 'school', 'high_sensitivity', 800, along(1000, 150))
    await addTarget('v1', 'village', 'general_3', 200, along(2000, -100)) // 76 households
    await addTarget('v2', 'village', 'general_3', 100, along(3000, 120)) // 38 households
    for (const [name, cols] of Object.entries({
      gas: { medium: 'natural_gas', diameter_mm: 508, pressure_mpa: 6.3 },
      oil: { medium: 'crude_oil', diameter_mm: 508, pressure_mpa: 6.3 },
    })) {
      const { data, error } = await admin
        .from('pipelines')
        .insert({ name: `测试HCA保持 ${name}`, geom: lineAt(0), ...cols })
        .select('id')
        .single()
      expect(error).toBeNull()
      pid[name] = data!.id as string
    }
    const segs = await expectKept()
    expect(of(segs, 'gas').find((s) => s.criterion === 'specific_place')?.target_ids).toEqual([tid.school])
    expect(of(segs, 'oil').find((s) => s.criterion === 'settlement_50')?.target_ids).toEqual([tid.v1])
    expect(new Set(of(segs, 'oil').find((s) => s.criterion === 'class_3_area')?.target_ids)).toEqual(new Set([tid.v1, tid.v2]))
  })

  it('a line moved (the gas line 1 km west: the school is 1.15 km away)', async () => {
    const { error } = await admin
      .from('pipelines')
      .update({ geom: lineAt(-1000) })
      .eq('id', pid.gas)
    expect(error).toBeNull()
    const segs = await expectKept()
    expect(of(segs, 'gas')).toEqual([])
    // the oil line did not move and keeps its segments
    expect(of(segs, 'oil').length).toBeGreaterThan(0)
  })

  it('a line changed in what the classification reads (the oil line becomes a chemical line: not screened)', async () => {
    expect((await admin.from('pipelines').update({ medium: 'chemical' }).eq('id', pid.oil)).error).toBeNull()
    expect(of(await expectKept(), 'oil')).toEqual([])
    expect((await admin.from('pipelines').update({ medium: 'crude_oil' }).eq('id', pid.oil)).error).toBeNull()
    expect(of(await expectKept(), 'oil').length).toBeGreaterThan(0)
  })

  it('a school added next to a line', async () => {
    await addTarget('school2', 'school', 'high_sensitivity', 500, along(2500, -1000 + 60))
    const segs = await expectKept()
    expect(of(segs, 'gas').find((s) => s.criterion === 'specific_place')?.target_ids).toEqual([tid.school2])
  })

  it('a school re-typed as an office (no specific place: its segment goes), and back; an office added changes nothing', async () => {
    expect((await svc.from('protective_targets').update({ type_code: 'office', target_class: 'general_2' }).eq('id', tid.school2)).error).toBeNull()
    expect(of(await expectKept(), 'gas')).toEqual([])
    expect((await svc.from('protective_targets').update({ type_code: 'school', target_class: 'high_sensitivity' }).eq('id', tid.school2)).error).toBeNull()
    expect(of(await expectKept(), 'gas').find((s) => s.criterion === 'specific_place')?.target_ids).toEqual([tid.school2])
    await addTarget('office', 'office', 'general_2', 300, along(3500, -1000 + 20))
    expect(of(await expectKept(), 'gas').flatMap((s) => s.target_ids)).not.toContain(tid.office)
  })

  it('a school moved away (3 km east of the gas line)', async () => {
    const { error } = await svc
      .from('protective_targets')
      .update({ geom: wkt(along(2500, 2000)) })
      .eq('id', tid.school2)
    expect(error).toBeNull()
    const segs = await expectKept()
    expect(of(segs, 'gas')).toEqual([])
  })

  it("a village's people changed (38 → 50 households: a second settlement_50 stretch on the oil line)", async () => {
    const { error } = await svc.from('protective_targets').update({ population: 131 }).eq('id', tid.v2)
    expect(error).toBeNull()
    const segs = await expectKept()
    expect(
      of(segs, 'oil')
        .filter((s) => s.criterion === 'settlement_50')
        .flatMap((s) => s.target_ids)
        .sort(),
    ).toEqual([tid.v1, tid.v2].sort())
  })

  it('a bulk insert of targets in one statement (as an import writes them), then their deletion', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({
      name: `测试HCA保持 bulk ${i}`,
      target_class: 'general_3',
      type_code: 'residential',
      population: 30 + i,
      geom: wkt(along(100 + i * 80, -1000 + (i % 2 ? 120 : -150))),
    }))
    const { error } = await svc.from('protective_targets').insert(rows)
    expect(error).toBeNull()
    const segs = await expectKept()
    expect(of(segs, 'gas').some((s) => s.criterion === 'class_3_area')).toBe(true)
    const del = await svc.from('protective_targets').delete().like('name', '测试HCA保持 bulk %')
    expect(del.error).toBeNull()
    expect(of(await expectKept(), 'gas')).toEqual([])
  })

  it('a target deleted (the 76-household village)', async () => {
    const { error } = await svc.from('protective_targets').delete().eq('id', tid.v1)
    expect(error).toBeNull()
    const segs = await expectKept()
    expect(of(segs, 'oil').flatMap((s) => s.target_ids)).not.toContain(tid.v1)
    expect(of(segs, 'oil').find((s) => s.criterion === 'settlement_50')?.target_ids).toEqual([tid.v2])
  })

  it('the targets truncated (as a bulk loader does; rolled back): no segment names a target that is gone', async () => {
    // TRUNCATE fires no row or transition-table trigger: a statement trigger on TRUNCATE refills
    await sql().exec(`
      create or replace function public.hca_kept_truncate_check() returns jsonb language plpgsql as $f$
      declare d text; n int;
      begin
        select count(*) into n from app.pipeline_hca_segments where cardinality(target_ids) > 0;
        begin
          -- the cascade reaches the append-only vehicle alerts (they name targets): their guard off,
          -- in this subtransaction only
          alter table public.vehicle_alerts disable trigger vehicle_alerts_no_truncate;
          truncate public.protective_targets cascade;
          raise exception 'undo' using detail = jsonb_build_object(
            'before', n,
            'missing', (select count(*) from (select ${COLS} from app.pipeline_hca_of(null) except all select ${COLS} from app.pipeline_hca_segments) a),
            'extra', (select count(*) from (select ${COLS} from app.pipeline_hca_segments except all select ${COLS} from app.pipeline_hca_of(null)) b),
            'targets', (select count(*) from app.pipeline_hca_segments where cardinality(target_ids) > 0))::text;
        exception when raise_exception then
          get stacked diagnostics d = pg_exception_detail;
        end;
        return d::jsonb;
      end $f$`)
    const { rows } = await sql().query<{ r: { before: number; missing: number; extra: number; targets: number } }>(
      `select public.hca_kept_truncate_check() as r`,
    )
    await sql().exec(`drop function public.hca_kept_truncate_check()`)
    expect(rows[0]!.r.before, 'segments naming targets before').toBeGreaterThan(0)
    expect(rows[0]!.r).toEqual({ before: rows[0]!.r.before, missing: 0, extra: 0, targets: 0 })
    await expectKept()
  })

  it('a line deleted', async () => {
    const { error } = await admin.from('pipelines').delete().eq('id', pid.oil)
    expect(error).toBeNull()
    await expectKept()
    const { rows } = await sql().query(`select 1 from app.pipeline_hca_segments where pipeline_id = $1`, [pid.oil])
    expect(rows).toEqual([])
  })
})

describe('the readers answer as the on-the-fly computation did', () => {
  it('pipeline_hca() and pipeline_hca(line) as admin, regulator, command and enterprise equal app.pipeline_hca_of under the same role', async () => {
    // a line with segments again, for the comparison to bite
    await addTarget('school3', 'school', 'high_sensitivity', 400, along(4000, -1000 - 90))
    for (const [role, claims] of Object.entries(CLAIMS)) {
      const fresh = await asRole(claims, `select * from app.pipeline_hca_of(null)`)
      const kept = await asRole(claims, `select * from public.pipeline_hca()`)
      expect(Array.isArray(kept), `${role}: ${JSON.stringify(kept)}`).toBe(true)
      expect(kept, role).toEqual(fresh)
      const one = await asRole(claims, `select * from public.pipeline_hca('${pid.gas}')`)
      expect(one, role).toEqual(await asRole(claims, `select * from app.pipeline_hca_of(array['${pid.gas}'::uuid])`))
      if (role !== 'enterprise') expect((one as Seg[]).length, role).toBeGreaterThan(0)
      else expect(one).toEqual([]) // not its line
    }
    // and through the API, as the client calls it
    const { data, error } = await admin.rpc('pipeline_hca')
    expect(error).toBeNull()
    expect(data).toEqual(await asRole(CLAIMS.admin, `select * from app.pipeline_hca_of(null)`))
  })

  it("pipeline_map's high-consequence segments are the fresh ones of the lines in view that meet the view", async () => {
    const views = [
      // a street view over the gas line's school
      { ...box(along(4000, -1000), 0.004), zoom: 15 },
      // the town around it
      { ...box(along(2500, -500), 0.03), zoom: 12 },
    ]
    for (const v of views) {
      const { data, error } = await admin.rpc('pipeline_map', v)
      expect(error).toBeNull()
      const env = `extensions.st_makeenvelope(${v.west}, ${v.south}, ${v.east}, ${v.north}, 4326)`
      const inView = (data.lines as { id: string }[]).map((l) => `'${l.id}'`).join(',')
      expect(inView).toContain(pid.gas!)
      const expected = (await asRole(
        CLAIMS.admin,
        `select h.pipeline_id, h.hca_class, h.criterion, jsonb_build_array(h.geometry -> 'coordinates') as paths
         from app.pipeline_hca_of(array[${inView}]::uuid[]) h
         where h.geometry ->> 'type' = 'LineString'
           and extensions.st_geomfromgeojson(h.geometry) operator(extensions.&&) ${env}`,
      )) as object[]
      const key = (x: object) => JSON.stringify(x)
      expect((data.hca as object[]).map(key).sort()).toEqual(expected.map(key).sort())
      expect((data.hca as { pipeline_id: string }[]).some((h) => h.pipeline_id === pid.gas)).toBe(true)
    }
  })
})

function box(p: P, d: number) {
  return { west: p.lon - d, south: p.lat - d, east: p.lon + d, north: p.lat + d }
}

describe('nobody reads or writes the table directly', () => {
  it('it is not in the API (schema app is not exposed): refused to regulator, enterprise and anon', async () => {
    const clients = {
      regulator: await signIn(demoUser('regulator').email, demoUser('regulator').password),
      enterprise: await signIn(demoUser('enterprise').email, demoUser('enterprise').password),
      anon: anonClient(),
    }
    for (const [role, c] of Object.entries(clients)) {
      const t = () => c.schema('app').from('pipeline_hca_segments')
      const read = await t().select('pipeline_id').limit(1)
      expect(read.data, role).toBeNull()
      expect(read.error, role).not.toBeNull()
      const ins = await t().insert({ pipeline_id: pid.gas })
      expect(ins.error, role).not.toBeNull()
      const del = await t().delete().eq('pipeline_id', pid.gas)
      expect(del.error, role).not.toBeNull()
    }
    // the rows are still there
    const { rows } = await sql().query(`select 1 from app.pipeline_hca_segments where pipeline_id = $1`, [pid.gas])
    expect(rows.length).toBeGreaterThan(0)
  })

  it('in SQL as the API roles: no writes for anyone, no rows for an enterprise, a no-role user or anon', async () => {
    const write = [
      `insert into app.pipeline_hca_segments (${COLS}, geom) select ${COLS}, geom from app.pipeline_hca_segments limit 1 returning 1`,
      `update app.pipeline_hca_segments set hca_class = 3 returning 1`,
      `delete from app.pipeline_hca_segments returning 1`,
    ]
    for (const [role, claims] of Object.entries({ ...CLAIMS, anon: { role: 'anon' } })) {
      for (const q of write) expect(await asRole(claims, q), `${role}: ${q}`).toEqual({ sqlstate: '42501' })
    }
    // the staff roles that read every target read the rows (the invoker RPCs need it) …
    const cmd = (await asRole(CLAIMS.command, `select pipeline_id from app.pipeline_hca_segments`)) as unknown[]
    expect(cmd.length).toBeGreaterThan(0)
    // … an enterprise none (its segments are computed from the targets it may see)
    expect(await asRole(CLAIMS.enterprise, `select pipeline_id from app.pipeline_hca_segments`)).toEqual([])
    // … nor a signed-in user with no role (the policy names the staff roles; none matches)
    const noRole = { role: 'authenticated', sub: '00000000-0000-4000-8000-00000000e0e0', app_metadata: {} }
    expect(await asRole(noRole, `select pipeline_id from app.pipeline_hca_segments`)).toEqual([])
    for (const q of write) expect(await asRole(noRole, q), `no role: ${q}`).toEqual({ sqlstate: '42501' })
    const anon = (await asRole({ role: 'anon' }, `select pipeline_id from app.pipeline_hca_segments`)) as unknown
    expect(anon === null || (Array.isArray(anon) && anon.length === 0) || (anon as { sqlstate?: string }).sqlstate === '42501').toBe(true)
  })
})

describe("pipeline_map's street view reads the segments through the GiST index", () => {
  const v = box(along(4000, -1000), 0.004)
  const env = `extensions.st_makeenvelope(${v.west}, ${v.south}, ${v.east}, ${v.north}, 4326)`
  const explain = async (claims: object | null, q: string) => {
    const { rows } = await sql().query<{ line: string }>(`select public.hca_kept_test_explain($1, $2) as line`, [claims && JSON.stringify(claims), q])
    return rows.map((r) => r.line)
  }

  it('as the command centre, with 2,000 more segments in the table (rolled back): ids by the index, rows by key', async () => {
    // the query pipeline_map runs for its "hca" member (20270128000100), with the view's envelope
    const plan = await explain(
      CLAIMS.command,
      `with lines as materialized (
         select p.id from public.pipelines p where p.geom operator(extensions.&&) ${env} and extensions.st_intersects(p.geom, ${env})
       ), segs as materialized (
         select s.pipeline_id, s.hca_class, s.criterion, s.geometry
         from app.pipeline_hca_segments s
         where true and 15 >= 9 and s.id = any (app.pipeline_hca_segment_ids(${env}))
       )
       select s.pipeline_id from segs s where s.pipeline_id in (select l.id from lines l) and s.geometry ->> 'type' = 'LineString'`,
    )
    const text = plan.join('\n')
    expect(text).toMatch(/Index Scan using pipeline_hca_segments_pkey/)
    expect(text).toMatch(/Index Cond: \(id = ANY \(app\.pipeline_hca_segment_ids\(/)
    expect(text).not.toMatch(/Seq Scan on pipeline_hca_segments/)
    // it found the gas line's segment at the school
    expect(Number(/CTE Scan on segs s \(actual rows=(\d+)/.exec(text)?.[1]), text).toBeGreaterThan(0)
  })

  it("and the ids function's query (run as its owner) reads the GiST index", async () => {
    const plan = (await explain(null, `select s.id from app.pipeline_hca_segments s where s.geom operator(extensions.&&) ${env}`)).join('\n')
    expect(plan).toMatch(/pipeline_hca_segments_geom_idx/)
    expect(plan).not.toMatch(/Seq Scan on pipeline_hca_segments/)
    const body = await sql().query<{ src: string }>(`select prosrc as src from pg_proc where proname = 'pipeline_hca_segment_ids'`)
    expect(body.rows[0]!.src).toMatch(/from app\.pipeline_hca_segments s where s\.geom operator\(extensions\.&&\) view/)
    expect(body.rows).toHaveLength(1)
  })
})
