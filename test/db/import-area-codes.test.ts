// app.import_area_codes (migration 20270108000100_import_fewer_passes.sql): the areas of a range's
// positions in one set-based join per level must answer exactly as app.import_area_code does
// once per row (the lowest level covering the point, then the longer code, then the smaller
// code), also on the edges and corners shared by neighbouring grids and streets, outside every
// area, for a missing position and for polygons (their representative point).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql, useStack } from '../helpers/stack.ts'

useStack()

let run = ''
beforeAll(async () => {
  await sql().exec(`
    create schema if not exists import_area_test;
    create or replace function import_area_test.compare(p_run uuid) returns jsonb
    language plpgsql as $f$
    begin
      perform app.import_area_codes(p_run, 0, 2147483647, 'location');
      return (select jsonb_build_object(
        'rows', count(*),
        'coded', count(a.code),
        'mismatches', count(*) filter (where a.code is distinct from app.import_area_code(a.p)),
        'levels', (select jsonb_object_agg(l, n) from (select x.level::text l, count(*) n from pg_temp.import_area y
          join public.areas x on x.code = y.code group by 1) z))
        from pg_temp.import_area a);
    end $f$;
  `)
  const {
    rows: [r],
  } = await sql().query<{ id: string }>(
    `insert into public.import_runs (kind, file_name, file_sha256, crs, total_rows, actor_role)
     values ('enterprises', 'area-codes-test.csv', repeat('a', 64), 'wgs84', 200000, 'service') returning id`,
  )
  run = r!.id
  // grid corners and edge midpoints (shared by neighbours), grid and street centres, district
  // vertices, points outside the city, a missing position and a polygon
  await sql().query(
    `with pts as (
       select extensions.st_pointn(extensions.st_exteriorring(g.geom), 1) p from public.areas g where g.level = 'grid'
       union all select extensions.st_lineinterpolatepoint(extensions.st_exteriorring(g.geom), 0.5) from public.areas g where g.level = 'grid' and g.code like '%1'
       union all select extensions.st_pointonsurface(g.geom) from public.areas g where g.level in ('grid', 'street')
       union all select (extensions.st_dumppoints(g.geom)).geom from public.areas g where g.level = 'district' and g.code = '440704'
       union all select extensions.st_setsrid(extensions.st_makepoint(113.2644, 23.1291), 4326)
       union all select extensions.st_setsrid(extensions.st_makepoint(23.1, 113.2), 4326)
       union all select null
       union all select extensions.st_buffer(extensions.st_pointonsurface(g.geom), 0.001) from public.areas g where g.level = 'street'
     )
     insert into public.import_rows (run_id, row_no, data)
     select $1, 1 + row_number() over (), jsonb_build_object('name', 'x') || case when p is null then '{}'
       else jsonb_build_object('location', extensions.st_asewkt(p)) end
     from pts`,
    [run],
  )
}, 120_000)
afterAll(async () => {
  await sql().query(`delete from public.import_runs where id = $1`, [run])
  await sql().exec(`drop schema if exists import_area_test cascade`)
})

describe('areas of staged positions, set-based', () => {
  it('answers as the per-row lookup for every position, on shared edges and corners too', async () => {
    const {
      rows: [c],
    } = await sql().query<{ r: { rows: number; coded: number; mismatches: number; levels: Record<string, number> } }>(`select import_area_test.compare($1) r`, [
      run,
    ])
    const { rows: n } = await sql().query<{ n: number }>(`select count(*)::int n from public.import_rows where run_id = $1`, [run])
    expect(c!.r.rows).toBe(n[0]!.n)
    expect(c!.r.mismatches).toBe(0)
    // most positions lie in a grid; some only in a street, district or the city; two outside, one missing
    expect(c!.r.levels.grid).toBeGreaterThan(1000)
    expect(c!.r.rows - c!.r.coded).toBeGreaterThanOrEqual(3)
  }, 120_000)
})
