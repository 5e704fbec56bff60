// The stockpile list reads each lot's depot from one set per query, not a probe per lot (issue 18,
// 20270123000200): before, SELECT also passed the "for all" write policy, whose EXISTS probed
// emergency_resources once per lot under its RLS (34 ms per 1,000 lots: the 8 s timeout near
// 100,000 lots; npm run bench:rpcs measures it at scale). Checked in the plan as each role runs it.
import { describe, it, expect } from 'vitest'
import { sql, useStack } from '../helpers/stack.ts'
import { DEMO_USERS, DEMO_REGULATOR_AREA } from '../../supabase/seed/demo-users.ts'

useStack()

const CLAIMS = {
  admin: { role: 'authenticated', sub: DEMO_USERS[0].id, app_metadata: { app_role: 'admin' } },
  regulator: { role: 'authenticated', sub: DEMO_USERS[1].id, app_metadata: { app_role: 'regulator', area_codes: [DEMO_REGULATOR_AREA] } },
  command: { role: 'authenticated', sub: DEMO_USERS[0].id, app_metadata: { app_role: 'command' } },
}

const DEPOTS = 100
const LOTS_EACH = 10

/**
 * EXPLAIN ANALYZE of `q` as the role (role authenticated + its claims, as PostgREST sets them), with
 * 1,000 more lots in 100 depots, analysed, so that the planner plans as at a city's scale (at the
 * demo's few lots it hashes either way). All inside a block that is then rolled back (an exception
 * caught in the same function): no other file ever sees them, and the statistics are restored.
 */
async function explainAs(claims: object, q: string): Promise<string[]> {
  await sql().query(`create or replace function pg_temp.stockpile_list_explain(claims text, q text) returns setof text
    language plpgsql as $f$
    declare
      lines text[] := '{}';
      l text;
    begin
      begin
        insert into public.emergency_resources (name, resource_type, location)
        select 'plan-test depot ' || i, 'material_depot', extensions.st_setsrid(extensions.st_makepoint(113.05 + (i % 25) * 0.004, 22.55 + (i / 25) * 0.004), 4326)
        from generate_series(1, ${DEPOTS}) i;
        insert into public.material_stockpiles (resource_id, material, quantity, unit)
        select r.id, 'plan-test material ' || m, 1, '件' from public.emergency_resources r, generate_series(1, ${LOTS_EACH}) m
        where r.name like 'plan-test depot %';
        analyze public.emergency_resources;
        analyze public.material_stockpiles;
        perform set_config('request.jwt.claims', claims, true);
        set local role authenticated;
        for l in execute 'explain (analyze, costs off, timing off, summary off) ' || q loop
          lines := lines || l;
        end loop;
        raise exception 'undo' using errcode = 'P0099';
      exception when sqlstate 'P0099' then
        null;
      end;
      return query select unnest(lines);
    end $f$`)
  const { rows } = await sql().query<{ line: string }>(`select pg_temp.stockpile_list_explain($1, $2) as line`, [JSON.stringify(claims), q])
  return rows.map((r) => r.line)
}

describe('material_stockpile_list under RLS', () => {
  it.each(Object.entries(CLAIMS))('as %s: no scan of the depots runs once per lot', async (_role, claims) => {
    for (const q of [
      `select count(*) from public.material_stockpile_list`,
      `select * from public.material_stockpile_list order by expired desc, expiring_soon desc, resource_name, material, id limit 50`,
    ]) {
      const plan = await explainAs(claims, q)
      const depotScans = plan.filter((l) => /Scan.* on emergency_resources|Scan using emergency_resources_/.test(l) && !/never executed/.test(l))
      expect(depotScans.length, plan.join('\n')).toBeGreaterThan(0)
      const loops = depotScans.map((l) => Number(/loops=(\d+)/.exec(l)?.[1]))
      expect(
        loops.every((x) => x === 1),
        `depot scans run once each:\n${plan.join('\n')}`,
      ).toBe(true)
      // the list read the lots, the added ones at least
      const lots = plan.map((l) => /Scan on material_stockpiles s .*rows=(\d+)/.exec(l)).find(Boolean)
      expect(Number(lots?.[1]), plan.join('\n')).toBeGreaterThanOrEqual(DEPOTS * LOTS_EACH)
    }
    // nothing added stays behind
    const { rows } = await sql().query(`select 1 from public.emergency_resources where name like 'plan-test depot %' limit 1`)
    expect(rows).toEqual([])
  })
})
