// distance_violations without foreign keys (issue 15, migration 20270213000100): the keys' per-row
// checks were most of the full rebuild's write at 10k × 1M, so their two jobs moved into the
// project's own functions. Here: deleting targets or sources (one and many at a time, through the
// API and in SQL) leaves no row and no per-source figure behind, and — on native PostgreSQL, where two sessions can race — an edit that writes violations and a
// concurrent delete of what they refer to never leave an orphan, whichever commits first.
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serviceClient, sql, useStack } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID } from '../../supabase/seed/demo-users.ts'

useStack()

const RUN = Math.random().toString(36).slice(2, 8)
const PREFIX = `DVF-${RUN}-`

/** Rows (and kept figures) that point at no target or no source: must always be none. */
const ORPHANS_SQL = `select
  (select count(*)::int from public.distance_violations v where not exists (select 1 from public.protective_targets t where t.id = v.target_id)) as no_target,
  (select count(*)::int from public.distance_violations v where not exists (select 1 from public.hazard_sources h where h.id = v.hazard_source_id)) as no_source,
  (select count(*)::int from app.distance_violation_sources s where not exists (select 1 from public.hazard_sources h where h.id = s.hazard_source_id)) as no_source_figures`

const ofFixture = async (): Promise<{ n: number; figures: number }> =>
  (
    await sql().query<{ n: number; figures: number }>(
      `select (select count(*)::int from public.distance_violations v join public.protective_targets t on t.id = v.target_id where t.name like $1 || '%') as n,
         (select count(*)::int from app.distance_violation_sources s join public.hazard_sources h on h.id = s.hazard_source_id where h.name like $1 || '%') as figures`,
      [PREFIX],
    )
  ).rows[0]!

/** A source with a 1 km distance for every class at (lon, lat), and `n` targets of every class within 300 m of it. */
async function placeSource(tag: string, lon: number, lat: number, n: number): Promise<string> {
  const { rows } = await sql().query<{ id: string }>(
    `insert into public.hazard_sources (enterprise_id, name, unit_type, geom)
     values ($1, $2, 'storage', extensions.st_setsrid(extensions.st_makepoint($3, $4), 4326)) returning id`,
    [DEMO_ENTERPRISE_ID, `${PREFIX}${tag}`, lon, lat],
  )
  const id = rows[0]!.id
  await sql().query(
    `insert into public.hazard_source_distances (hazard_source_id, target_class, required_m, basis, basis_reference)
     select $1, c, 1000, 'assessment_report', 'test' from unnest(enum_range(null::public.protective_class)) c
     on conflict (hazard_source_id, target_class) do update set required_m = excluded.required_m`,
    [id],
  )
  await sql().query(
    `insert into public.protective_targets (name, target_class, type_code, population, geom)
     select $1 || i, (enum_range(null::public.protective_class))[1 + (i % 5)], 'village', 10,
       extensions.st_setsrid(extensions.st_makepoint($2 + (i % 7) * 0.0003, $3 + (i / 7) * 0.0003), 4326)
     from generate_series(1, $4::int) i`,
    [`${PREFIX}${tag}-目标`, lon, lat, n],
  )
  return id
}

beforeAll(async () => {
  await placeSource('A', 113.02, 22.51, 20)
  await placeSource('B', 113.06, 22.53, 20)
})

afterAll(async () => {
  await sql().query(`delete from public.protective_targets where name like $1 || '%'`, [PREFIX])
  await sql().query(`delete from public.hazard_sources where name like $1 || '%'`, [PREFIX])
})

describe('distance_violations without foreign keys (20270213000100)', () => {
  it('has no foreign keys, and deleting targets or sources (API and SQL, one or many) leaves no row behind', async () => {
    const { rows: fks } = await sql().query<{ n: number }>(
      `select count(*)::int as n from pg_constraint where conrelid = 'public.distance_violations'::regclass and contype = 'f'`,
    )
    expect(fks[0]!.n).toBe(0)
    const before = await ofFixture()
    expect(before.n, 'every fixture target violates its source').toBe(40)
    expect(before.figures).toBe(2)

    const figureOfA = async (): Promise<number> =>
      (
        await sql().query<{ n: number }>(
          `select s.n::int from app.distance_violation_sources s join public.hazard_sources h on h.id = s.hazard_source_id where h.name = $1`,
          [`${PREFIX}A`],
        )
      ).rows[0]!.n
    const figureBefore = await figureOfA() // (the demo city's own targets near A count too)

    // one target through the API (service role), then five in one SQL statement
    const { rows: one } = await sql().query<{ id: string }>(`select id from public.protective_targets where name = $1`, [`${PREFIX}A-目标1`])
    const del = await serviceClient().from('protective_targets').delete().eq('id', one[0]!.id)
    expect(del.error).toBeNull()
    expect((await ofFixture()).n).toBe(39)
    await sql().query(`delete from public.protective_targets where name like $1 || '%' and name ~ '目标[2-6]$'`, [`${PREFIX}A-`])
    expect((await ofFixture()).n).toBe(34)
    // the per-source figures follow
    expect(await figureOfA()).toBe(figureBefore - 6)

    // a whole source: its rows and figures go
    await sql().query(`delete from public.hazard_sources where name = $1`, [`${PREFIX}B`])
    expect(await ofFixture()).toEqual({ n: 14, figures: 1 })
    expect((await sql().query(ORPHANS_SQL)).rows[0]).toEqual({ no_target: 0, no_source: 0, no_source_figures: 0 })
  })
})

// Two sessions race: only on native PostgreSQL (PGlite serves one session at a time).
describe.skipIf(!process.env.DATABASE_URL)('no orphan when an edit and a delete race (native)', () => {
  let a: pg.Client
  let b: pg.Client
  beforeAll(async () => {
    a = new pg.Client({ connectionString: process.env.DATABASE_URL })
    b = new pg.Client({ connectionString: process.env.DATABASE_URL })
    await a.connect()
    await b.connect()
  })
  afterAll(async () => {
    await a?.end()
    await b?.end()
  })

  /** Whether the promise is still pending after `ms`. */
  const pendingAfter = async (p: Promise<unknown>, ms: number): Promise<boolean> =>
    Promise.race([p.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), ms))])

  it('a source moved onto a target whose delete commits while the move waits: the row is not written', async () => {
    const src = await placeSource('C', 113.1, 22.55, 0)
    const { rows } = await sql().query<{ id: string }>(
      `insert into public.protective_targets (name, target_class, type_code, population, geom)
       values ($1, 'general_3', 'village', 5, extensions.st_setsrid(extensions.st_makepoint(113.15, 22.55), 4326)) returning id`,
      [`${PREFIX}C-远`],
    )
    const target = rows[0]!.id
    await b.query('begin')
    await b.query('delete from public.protective_targets where id = $1', [target])
    await a.query('begin')
    // the move's upkeep finds the target (its snapshot still has it) and must wait for b's delete
    const move = a.query(`update public.hazard_sources set geom = extensions.st_setsrid(extensions.st_makepoint(113.1502, 22.5501), 4326) where id = $1`, [src])
    expect(await pendingAfter(move, 700), 'the move waits for the delete').toBe(true)
    await b.query('commit')
    await move
    await a.query('commit')
    const { rows: o } = await sql().query(ORPHANS_SQL)
    expect(o[0]).toEqual({ no_target: 0, no_source: 0, no_source_figures: 0 })
  })

  it('a target deleted while a new target’s upkeep holds its source: the source’s delete waits, and takes the rows with it', async () => {
    const src = await placeSource('D', 113.2, 22.6, 0)
    await a.query('begin')
    await a.query(
      `insert into public.protective_targets (name, target_class, type_code, population, geom)
       values ($1, 'general_3', 'village', 5, extensions.st_setsrid(extensions.st_makepoint(113.2003, 22.6002), 4326))`,
      [`${PREFIX}D-新`],
    )
    await b.query('begin')
    const del = b.query('delete from public.hazard_sources where id = $1', [src])
    expect(await pendingAfter(del, 700), 'the delete waits for the insert holding its source').toBe(true)
    await a.query('commit')
    await del
    await b.query('commit')
    const { rows: o } = await sql().query(ORPHANS_SQL)
    expect(o[0]).toEqual({ no_target: 0, no_source: 0, no_source_figures: 0 })
    const { rows: left } = await sql().query<{ n: number }>(`select count(*)::int as n from public.distance_violations where hazard_source_id = $1`, [src])
    expect(left[0]!.n).toBe(0)
  })
})
