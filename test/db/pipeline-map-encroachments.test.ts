// pipeline_map restated (20270224000200): its encroachments (targets within 5 m of a line) are those
// inside the view, found through the corridor of app.pipeline_near_targets_in, at most 1,000, with
// `encroachments_more` when the view holds more. Compared with the previous body (20270128000100,
// run from a scratch schema as the same role): the same pairs, distances and positions for the
// targets meeting the view; and the cap and its flag on a line with 1,100 targets within 5 m.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Geodesic } from 'geographiclib-geodesic'
import { sql, useStack } from '../helpers/stack.ts'
import { previousFunctionBody, ROLE_CLAIMS } from '../helpers/previous-body.ts'

useStack()

const PREFIX = '测试管道视图占压'
const PREV = 'pipeline_map_prev'
// a bent line (three segments) and a straight one, in 江海区
const LINES: Record<string, Array<[number, number]>> = {
  K: [
    [113.11, 22.53],
    [113.118, 22.536],
    [113.112, 22.545],
    [113.122, 22.552],
  ],
  M: [
    [113.125, 22.53],
    [113.125, 22.56],
  ],
}
type Enc = { pipeline_id: string; target_id: string; target_name: string; distance_m: number; lon: number; lat: number }
type Map = { lines: { id: string }[]; encroachments: Enc[]; encroachments_more: boolean }

const cleanup = async () => {
  await sql().exec(`
    delete from public.pipelines where name like '${PREFIX}%';
    delete from public.protective_targets where name like '${PREFIX}%';
    drop schema if exists ${PREV} cascade;`)
}

/** n targets at d metres either side of the line's geodesic (random positions along it) */
function along(key: string, n: number, d: () => number): Array<{ name: string; lon: number; lat: number; poly: boolean }> {
  const g = Geodesic.WGS84
  const v = LINES[key]!
  let seed = key.charCodeAt(0) * 31 + n
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
  const out = []
  for (let i = 0; i < n; i++) {
    const k = Math.floor(rnd() * (v.length - 1))
    const line = g.InverseLine(v[k]![1], v[k]![0], v[k + 1]![1], v[k + 1]![0])
    const p = line.Position(line.s13! * (0.03 + 0.94 * rnd()))
    const q = g.Direct(p.lat2!, p.lon2!, p.azi2! + (rnd() < 0.5 ? 90 : -90), d())
    out.push({ name: `${PREFIX} ${key} ${i}`, lon: q.lon2!, lat: q.lat2!, poly: i % 9 === 0 })
  }
  return out
}

async function insertTargets(ts: Array<{ name: string; lon: number; lat: number; poly: boolean }>): Promise<void> {
  await sql().query(
    `insert into public.protective_targets (name, target_class, type_code, population, geom)
     select t.name, 'general_2', 'office', 40,
       case when t.poly then extensions.st_expand(extensions.st_setsrid(extensions.st_makepoint(t.lon, t.lat), 4326), 0.00001)
         else extensions.st_setsrid(extensions.st_makepoint(t.lon, t.lat), 4326) end
     from jsonb_to_recordset($1::jsonb) t(name text, lon float8, lat float8, poly boolean)`,
    [JSON.stringify(ts)],
  )
}

beforeAll(async () => {
  await cleanup()
  for (const [key, v] of Object.entries(LINES)) {
    await sql().query(
      `insert into public.pipelines (name, medium, diameter_mm, pressure_mpa, geom)
       values ($1, 'refined_oil', 323, 4, extensions.st_geomfromtext($2, 4326))`,
      [`${PREFIX} ${key}`, `MULTILINESTRING((${v.map(([x, y]) => `${x} ${y}`).join(',')}))`],
    )
  }
  // K: 150 targets from 0 to 8 m off (about half encroach), some at 5 m ± 5 mm; M: 1,100 within 4 m
  let i = 0
  await insertTargets(along('K', 150, () => (i++ % 10 === 0 ? 5 + (i % 20 === 0 ? -0.004 : 0.004) : (i * 0.37) % 8)))
  await insertTargets(along('M', 1100, () => 0.5 + ((i++ * 0.13) % 3.5)))
  await sql().exec(`
    create schema ${PREV};
    ${previousFunctionBody('20270128000100_pipeline_hca_kept.sql', 'pipeline_map', PREV)}
    create function ${PREV}.call_as(claims text, s text, w float8, so float8, e float8, n float8, z float8) returns jsonb
    language plpgsql as $f$
    declare r jsonb;
    begin
      perform set_config('request.jwt.claims', claims, true);
      set local role authenticated;
      execute format('select %I.pipeline_map($1, $2, $3, $4, $5)', s) into r using w, so, e, n, z;
      return r;
    end $f$;
    grant usage on schema ${PREV} to authenticated;
    grant execute on all functions in schema ${PREV} to authenticated;`)
}, 180_000)
afterAll(cleanup)

/** pipeline_map of `schema` (app: the current one) as a role, in one statement: claims and role
 * are set for its transaction only */
async function map(schema: string, role: string, box: number[], zoom: number): Promise<Map> {
  const { rows } = await sql().query<{ m: Map }>(`select ${PREV}.call_as($1, $2, $3, $4, $5, $6, $7) as m`, [
    JSON.stringify(ROLE_CLAIMS[role]),
    schema,
    ...box,
    zoom,
  ])
  return rows[0]!.m
}

const boxOf = (key: string, pad: number): number[] => {
  const v = LINES[key]!
  return [
    Math.min(...v.map((p) => p[0])) - pad,
    Math.min(...v.map((p) => p[1])) - pad,
    Math.max(...v.map((p) => p[0])) + pad,
    Math.max(...v.map((p) => p[1])) + pad,
  ]
}
const mine = (m: Map) => m.encroachments.filter((e) => e.target_name.startsWith(PREFIX))

describe('pipeline_map: encroachments inside the view, at most 1,000', () => {
  it('answers as the previous body for the targets meeting the view (pairs, distances, positions), per role', async () => {
    // K's box cut in half: the previous body also listed K's targets outside the view
    const [w, s, e, n] = boxOf('K', 0.001)
    const half = [w, s, e, (s + n) / 2]
    for (const role of ['command', 'admin', 'planner', 'regulator']) {
      const before = await map(PREV, role, half, 15)
      const after = await map('public', role, half, 15)
      const { rows } = await sql().query<{ id: string }>(
        `select id from public.protective_targets where name like '${PREFIX} K %'
           and geom operator(extensions.&&) extensions.st_makeenvelope($1, $2, $3, $4, 4326)`,
        half,
      )
      const meeting = new Set(rows.map((r) => r.id))
      const expected = mine(before).filter((x) => meeting.has(x.target_id))
      const got = mine(after)
      expect(expected.length, role).toBeGreaterThan(20)
      expect(mine(before).length, role).toBeGreaterThan(expected.length) // some lay outside the view
      const key = (x: Enc) => `${x.pipeline_id}/${x.target_id}`
      expect(got.map(key).sort(), role).toEqual(expected.map(key).sort())
      const byKey = new Map(expected.map((x) => [key(x), x]))
      for (const x of got) {
        const y = byKey.get(key(x))!
        expect(Math.abs(x.distance_m - y.distance_m), key(x)).toBeLessThanOrEqual(0.001)
        expect(Math.abs(x.lon - y.lon) + Math.abs(x.lat - y.lat)).toBeLessThan(1e-9)
        expect(x.distance_m).toBeLessThanOrEqual(5)
      }
      expect(after.encroachments_more).toBe(false)
    }
  })

  it('sends at most 1,000 and says when the view holds more; a smaller view sends all of its own', async () => {
    const whole = await map('public', 'command', boxOf('M', 0.0005), 14)
    expect(mine(whole).length).toBeGreaterThan(0)
    expect(whole.encroachments.length).toBe(1000)
    expect(whole.encroachments_more).toBe(true)
    // the southern fifth of M: fewer than 1,000 of its 1,100, every one of them
    const [w, s, e, n] = boxOf('M', 0.0005)
    const part = [w, s, e, s + (n - s) / 5]
    const some = await map('public', 'command', part, 16)
    const { rows } = await sql().query<{ n: number }>(
      `select count(*)::int as n from public.protective_targets where name like '${PREFIX} M %'
         and geom operator(extensions.&&) extensions.st_makeenvelope($1, $2, $3, $4, 4326)`,
      part,
    )
    expect(rows[0]!.n).toBeGreaterThan(100)
    expect(rows[0]!.n).toBeLessThan(1000)
    // pairs of line M (a target near a crossing line is listed for that line too)
    const { rows: m } = await sql().query<{ id: string }>(`select id from public.pipelines where name = '${PREFIX} M'`)
    expect(some.encroachments.filter((x) => x.pipeline_id === m[0]!.id).length).toBe(rows[0]!.n)
    expect(some.encroachments_more).toBe(false)
  })
})
