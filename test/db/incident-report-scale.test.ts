// incident_report with one index scan and one pass over the rings
// (20270204000100_incident_report_one_pass.sql) answers exactly as the previous body
// (20261204101000_area_risk_wall.sql, created here verbatim in schema incident_old): the whole
// document (rings with counts and population per class, the listed targets with distances, the
// totals), for every caller the function serves (command, admin, planner, a regulator, an
// enterprise whose targets are its 5 km context), around hazard sources, around random points of
// the demo city, with other ring radii, and where nothing lies within reach.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql, useStack } from '../helpers/stack.ts'
import { previousFunctionBody, ROLE_CLAIMS as CLAIMS } from '../helpers/previous-body.ts'

useStack()

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

/** Argument lists (SQL) of the calls compared. */
let calls: string[] = []
let nSources = 0

beforeAll(async () => {
  await sql().exec(`drop schema if exists incident_old cascade; create schema incident_old;
    grant usage on schema incident_old to authenticated, service_role;
    ${previousFunctionBody('20261204101000_area_risk_wall.sql', 'incident_report', 'incident_old')};
    create function incident_old.as_role(claims text, q text) returns jsonb language plpgsql as $f$
    declare r jsonb;
    begin
      perform set_config('request.jwt.claims', claims, true);
      perform set_config('role', 'authenticated', true);
      execute q into r;
      return r;
    end $f$;
    -- a call's document, or its error (a hazard source the caller may not read is refused by both)
    create function incident_old.attempt(q text) returns jsonb language plpgsql as $f$
    declare r jsonb;
    begin
      execute q into r;
      return r;
    exception when others then
      return jsonb_build_object('error', sqlerrm, 'sqlstate', sqlstate);
    end $f$;
    grant execute on all functions in schema incident_old to authenticated, service_role;`)
  const { rows: src } = await sql().query<{ id: string }>(`select id from public.hazard_sources order by is_major desc, id limit 6`)
  const { rows: bb } = await sql().query<{ b: { bbox: [number, number, number, number] } }>(`select public.dataset_info() as b`)
  const [w, s, e, n] = bb[0]!.b.bbox
  // the densest spot: where most targets lie within 1 km
  const { rows: dense } = await sql().query<{ lon: number; lat: number }>(
    `select extensions.st_x(location) as lon, extensions.st_y(location) as lat from public.protective_targets t
     order by (select count(*) from public.protective_targets u
               where u.location operator(extensions.&&) extensions.st_expand(t.location, 0.01)) desc, id limit 1`,
  )
  nSources = src.length
  const rand = rng(1504)
  const points: [number, number][] = [[Number(dense[0]!.lon), Number(dense[0]!.lat)]]
  for (let k = 0; k < 10; k++) points.push([w + rand() * (e - w), s + rand() * (n - s)])
  calls = [
    ...src.map((r) => `null, null, '{500,1000,3000}', '${r.id}'`),
    ...points.map(([lon, lat]) => `${lon}, ${lat}`),
    // other rings: unsorted with a duplicate, one ring, eight rings up to 10 km
    `${points[0]![0]}, ${points[0]![1]}, '{3000,200,200,1500}'`,
    `${points[1]![0]}, ${points[1]![1]}, '{2500}'`,
    `${points[0]![0]}, ${points[0]![1]}, '{100,300,500,1000,2000,3000,5000,10000}'`,
    // the sea south of the city: nothing within reach
    `113.0, 21.2`,
  ]
}, 120_000)

afterAll(async () => {
  await sql().exec('drop schema if exists incident_old cascade')
})

describe('incident_report answers as the previous body', () => {
  for (const role of Object.keys(CLAIMS)) {
    it(`${role}: every ring, class, population and listed target`, async () => {
      const body = `select jsonb_agg(x) from (values ${calls
        .map(
          (a, i) =>
            `(jsonb_build_object('i', ${i}, 'old', incident_old.attempt($q$select incident_old.incident_report(${a})$q$), 'new', incident_old.attempt($q$select public.incident_report(${a})$q$)))`,
        )
        .join(',\n')}) v(x)`
      const { rows } = await sql().query<{ r: Array<{ i: number; old: Record<string, unknown>; new: Record<string, unknown> }> }>(
        `select incident_old.as_role($1, $2) as r`,
        [JSON.stringify(CLAIMS[role]), body],
      )
      const got = rows[0]!.r
      expect(got).toHaveLength(calls.length)
      let found = 0
      for (const g of got) {
        expect(g.new, `${role}: incident_report(${calls[g.i]})`).toEqual(g.old)
        found += Number(g.new.targets_total ?? 0)
      }
      // points are never refused
      expect(got.slice(-5).every((g) => !('error' in g.new))).toBe(true)
      // the comparison would be empty if nothing were found (an enterprise sees only its context)
      expect(found).toBeGreaterThan(0)
      if (role === 'command') {
        // and the sea finds nothing, with every ring present and zero
        // every hazard source is readable by the command centre: none refused
        expect(nSources).toBeGreaterThan(0)
        expect(got.slice(0, nSources).filter((g) => 'error' in g.new)).toEqual([])
        const sea = got[got.length - 1]!.new as { targets_total: number; rings: Array<{ count: number }> }
        expect(sea.targets_total).toBe(0)
        expect(sea.rings.map((r) => r.count)).toEqual([0, 0, 0])
      }
    }, 120_000)
  }
})
