// Continuous distance compliance (issue 15, migration 20261207000100): public.distance_violations
// is kept by triggers in the same transaction as every edit of protective targets, hazard
// sources and their required distances. After each step of a seeded random sequence of edits
// made through the API (as the admin), the kept relation must equal a from-scratch computation
// done in superuser SQL with the pre-relation formulation of the worklist
// (app.targets_of_class_within per source and class, 20261204100900), row for row, distances
// included. Then: the full rebuild gives the same rows, the worklist reads the relation, and
// each role sees what safety_distance_violations() shows it. The kept per-source figures
// (app.distance_violation_sources, 20261207000400) are checked against the relation at each step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, clientWithClaims, signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA, demoUser } from '../../supabase/seed/demo-users.ts'

useStack()

const CLASSES = ['high_sensitivity', 'important', 'general_1', 'general_2', 'general_3'] as const
type Cls = (typeof CLASSES)[number]
const TYPE_OF: Record<Cls, string> = { high_sensitivity: 'school', important: 'government', general_1: 'mall', general_2: 'residential', general_3: 'village' }

const RUN = Math.random().toString(36).slice(2, 8)
const PREFIX = `DVT-${RUN}-`
const SEED = Number(process.env.DV_SEED ?? 15)
const STEPS = Number(process.env.DV_STEPS ?? 60)

/** mulberry32: a small seeded PRNG, so a failing sequence can be replayed with DV_SEED. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The kept relation against the pre-relation formulation, in one statement (one snapshot). */
const COMPARE_SQL = `
with want as (
  select d.hazard_source_id, t.id as target_id, t.target_class, t.population, t.distance_m, d.required_m,
    d.required_m - t.distance_m as shortfall_m
  from public.hazard_sources h
  join public.hazard_source_distances d on d.hazard_source_id = h.id and d.required_m > 0
  cross join lateral app.targets_of_class_within(h.geom, d.target_class, d.required_m::float8) t
), have as (
  select hazard_source_id, target_id, target_class, population, distance_m, required_m, shortfall_m from public.distance_violations
), missing as (select * from want except all select * from have), extra as (select * from have except all select * from want),
-- the kept per-source figures (20261207000400) against the aggregation of the kept relation
agg as (
  select p.hazard_source_id, jsonb_object_agg(p.target_class, p.n) as by_class, sum(p.n)::bigint as n, sum(p.people)::bigint as people, max(p.worst) as worst
  from (select hazard_source_id, target_class, count(*) as n, sum(population) as people, max(shortfall_m) as worst
        from public.distance_violations group by 1, 2) p group by 1
), kept as (select hazard_source_id, by_class, n, people, worst from app.distance_violation_sources),
summary_diff as ((select * from agg except select * from kept) union all (select * from kept except select * from agg))
select (select count(*)::int from want) as want, (select count(*)::int from have) as have,
  (select count(*)::int from summary_diff) as summary_diff,
  (select count(*)::int from want w join public.hazard_sources h on h.id = w.hazard_source_id where h.name like $1) as fixture,
  (select coalesce(jsonb_agg(to_jsonb(m)), '[]') from (select * from missing limit 5) m) as missing,
  (select coalesce(jsonb_agg(to_jsonb(x)), '[]') from (select * from extra limit 5) x) as extra`

interface Compare {
  summary_diff: number
  want: number
  have: number
  fixture: number
  missing: unknown[]
  extra: unknown[]
}

async function compare(): Promise<Compare> {
  return (await sql().query<Compare>(COMPARE_SQL, [`${PREFIX}%`])).rows[0]
}

async function expectKept(label: string): Promise<Compare> {
  const c = await compare()
  expect({ missing: c.missing, extra: c.extra }, `${label}: kept relation vs from-scratch (want ${c.want}, have ${c.have})`).toEqual({
    missing: [],
    extra: [],
  })
  expect(c.have, label).toBe(c.want)
  expect(c.summary_diff, `${label}: kept per-source figures vs the aggregation of the relation`).toBe(0)
  return c
}

let admin: SupabaseClient
let center: { lon: number; lat: number }

const must = <T>(r: { data: T | null; error: { message: string } | null }, what: string): T => {
  if (r.error) throw new Error(`${what}: ${r.error.message}`)
  return r.data as T
}

beforeAll(async () => {
  admin = await signIn(demoUser('admin').email, demoUser('admin').password)
  const { rows } = await sql().query<{ lon: number; lat: number }>(
    `select extensions.st_x(location) as lon, extensions.st_y(location) as lat from public.enterprises where id = $1`,
    [DEMO_ENTERPRISE_ID],
  )
  center = rows[0]
}, 60_000)

afterAll(async () => {
  await sql().query(`delete from public.hazard_sources where name like $1`, [`${PREFIX}%`])
  await sql().query(`delete from public.protective_targets where name like $1`, [`${PREFIX}%`])
})

describe('distance_violations is kept current by triggers', () => {
  it('matches the from-scratch computation on the seeded demo city', async () => {
    const c = await expectKept('after seeding')
    expect(c.want, 'the demo city has violations, or the comparison proves nothing').toBeGreaterThan(0)
  })

  it(`after every step of ${STEPS} random edits (seed ${SEED}) through the API, the relation equals the from-scratch computation`, async () => {
    const rnd = prng(SEED)
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
    // ~2.5 km around the demo enterprise, distances 150–1,500 m: many hits and misses.
    const point = (): string => {
      const lon = center.lon + (rnd() - 0.5) * 0.05
      const lat = center.lat + (rnd() - 0.5) * 0.05
      if (rnd() < 0.25) {
        const w = 0.0005 + rnd() * 0.002
        return `SRID=4326;POLYGON((${lon} ${lat}, ${lon + w} ${lat}, ${lon + w} ${lat + w}, ${lon} ${lat + w}, ${lon} ${lat}))`
      }
      return `SRID=4326;POINT(${lon} ${lat})`
    }
    const targets: string[] = []
    const sources: string[] = []
    let n = 0
    const newTargets = async (k: number): Promise<void> => {
      const rows = Array.from({ length: k }, () => {
        const cls = pick(CLASSES)
        return { name: `${PREFIX}t${n++}`, target_class: cls, type_code: TYPE_OF[cls], population: Math.floor(rnd() * 3000), geom: point() }
      })
      const data = must(await admin.from('protective_targets').insert(rows).select('id'), 'insert targets')
      targets.push(...(data as Array<{ id: string }>).map((r) => r.id))
    }
    const newSource = async (): Promise<void> => {
      const data = must(
        await admin
          .from('hazard_sources')
          .insert({ enterprise_id: DEMO_ENTERPRISE_ID, name: `${PREFIX}s${n++}`, unit_type: 'storage', geom: point() })
          .select('id')
          .single(),
        'insert source',
      ) as { id: string }
      sources.push(data.id)
      const classes = CLASSES.filter(() => rnd() < 0.7)
      if (classes.length)
        must(
          await admin
            .from('hazard_source_distances')
            .insert(classes.map((c) => ({ hazard_source_id: data.id, target_class: c, required_m: Math.round(150 + rnd() * 1350) }))),
          'insert distances',
        )
    }
    await newTargets(12)
    await newSource()
    await newSource()
    await expectKept('after the first targets and sources')

    const counts: Record<string, number> = {}
    for (let step = 0; step < STEPS; step++) {
      const r = rnd()
      let op: string
      if (r < 0.12 || targets.length < 3) {
        op = 'insert targets (one statement)'
        await newTargets(1 + Math.floor(rnd() * 5))
      } else if (r < 0.27) {
        op = 'move a target'
        must(await admin.from('protective_targets').update({ geom: point() }).eq('id', pick(targets)), op)
      } else if (r < 0.37) {
        op = 'change a target class'
        const cls = pick(CLASSES)
        must(await admin.from('protective_targets').update({ target_class: cls, type_code: TYPE_OF[cls] }).eq('id', pick(targets)), op)
      } else if (r < 0.43) {
        op = 'change a target population'
        must(
          await admin
            .from('protective_targets')
            .update({ population: Math.floor(rnd() * 5000) })
            .eq('id', pick(targets)),
          op,
        )
      } else if (r < 0.5) {
        op = 'delete a target'
        const id = pick(targets)
        must(await admin.from('protective_targets').delete().eq('id', id), op)
        targets.splice(targets.indexOf(id), 1)
      } else if (r < 0.58 || sources.length < 2) {
        op = 'insert a source with distances'
        await newSource()
      } else if (r < 0.7) {
        op = 'move a source'
        must(await admin.from('hazard_sources').update({ geom: point() }).eq('id', pick(sources)), op)
      } else if (r < 0.75) {
        op = 'delete a source'
        const id = pick(sources)
        must(await admin.from('hazard_sources').delete().eq('id', id), op)
        sources.splice(sources.indexOf(id), 1)
      } else if (r < 0.88) {
        op = 'change a required distance (upsert)'
        must(
          await admin
            .from('hazard_source_distances')
            .upsert({ hazard_source_id: pick(sources), target_class: pick(CLASSES), required_m: Math.round(rnd() * 1500) }),
          op,
        )
      } else if (r < 0.93) {
        op = 'delete a required distance'
        must(await admin.from('hazard_source_distances').delete().eq('hazard_source_id', pick(sources)).eq('target_class', pick(CLASSES)), op)
      } else {
        op = 'move several targets in one statement'
        const some = targets.filter(() => rnd() < 0.3)
        if (some.length) must(await admin.from('protective_targets').update({ geom: point() }).in('id', some), op)
      }
      counts[op] = (counts[op] ?? 0) + 1
      await expectKept(`step ${step} (${op}, seed ${SEED})`)
    }
    const c = await compare()
    expect(c.fixture, 'the fixtures produced violations').toBeGreaterThan(0)
    expect(Object.keys(counts).length, `every kind of edit ran: ${JSON.stringify(counts)}`).toBeGreaterThanOrEqual(9)
  }, 300_000)

  it('rebuild_distance_violations gives the same rows as the incremental upkeep (admin), and is refused to a planner', async () => {
    const before = (
      await sql().query<{ rows: string }>(
        `select coalesce(string_agg(concat_ws(',', hazard_source_id, target_id, target_class, population, distance_m, required_m, shortfall_m), ';'
           order by hazard_source_id, target_id), '') as rows from public.distance_violations`,
      )
    ).rows[0].rows
    const { data, error } = await admin.rpc('rebuild_distance_violations')
    expect(error).toBeNull()
    const after = (
      await sql().query<{ rows: string; n: number }>(
        `select count(*)::int as n, coalesce(string_agg(concat_ws(',', hazard_source_id, target_id, target_class, population, distance_m, required_m, shortfall_m), ';'
           order by hazard_source_id, target_id), '') as rows from public.distance_violations`,
      )
    ).rows[0]
    expect(Number(data)).toBe(after.n)
    expect(after.rows).toBe(before)
    const planner = await signIn(demoUser('planner').email, demoUser('planner').password)
    const refused = await planner.rpc('rebuild_distance_violations')
    expect(refused.error?.code).toBe('42501')
    expect(refused.error?.message).toMatch(/administrators and the service role only/)
  })

  it('an edit and the relation commit or roll back together (same transaction)', async () => {
    const { rows } = await sql().query<{ target_id: string; hazard_source_id: string }>(
      `select target_id, hazard_source_id from public.distance_violations order by shortfall_m desc limit 1`,
    )
    const v = rows[0]
    // Move the target 40 km away inside a transaction that then fails: the row must stay.
    const moved = await sql()
      .query(
        `with m as (update public.protective_targets set geom = extensions.st_translate(geom, 0.4, 0) where id = $1 returning id)
         select 1 / (select count(*)::int - 1 from m)`,
        [v.target_id],
      )
      .then(
        () => 'committed',
        (e: Error) => e.message,
      )
    expect(moved).toMatch(/division by zero/)
    const still = await sql().query(`select 1 from public.distance_violations where target_id = $1 and hazard_source_id = $2`, [
      v.target_id,
      v.hazard_source_id,
    ])
    expect(still.rows.length).toBe(1)
    await expectKept('after a rolled-back move')
  })
})

describe('reading it', () => {
  it('safety_distance_violations() is the aggregation of the relation (counts, people, worst shortfall)', async () => {
    const { data, error } = await admin.rpc('safety_distance_violations', {})
    expect(error).toBeNull()
    const rows = data as Array<{ hazard_source_id: string; violating_targets: number; population_inside: number; worst_shortfall_m: number }>
    const { rows: agg } = await sql().query<{ id: string; n: number; people: number; worst: number }>(
      `select hazard_source_id as id, count(*)::int as n, sum(population)::int as people, round(max(shortfall_m)::numeric, 2)::float8 as worst
       from public.distance_violations group by 1 order by 4 desc, 1`,
    )
    expect(rows.map((r) => [r.hazard_source_id, r.violating_targets, r.population_inside, r.worst_shortfall_m])).toEqual(
      agg.map((a) => [a.id, a.n, a.people, a.worst]),
    )
  })

  it('refuses a malformed area_code with a message naming it', async () => {
    const { error, status } = await admin.rpc('safety_distance_violations', { area_code: "4407' or 1=1" })
    expect(status).toBe(400)
    expect(error?.message).toMatch(/area_code must be an administrative code of 2 to 12 digits/)
  })
})

describe('who sees which rows (RLS)', () => {
  const total = async (where = 'true'): Promise<number> =>
    (await sql().query<{ n: number }>(`select count(*)::int as n from public.distance_violations x where ${where}`)).rows[0].n
  const seen = async (c: SupabaseClient): Promise<{ count: number | null; code?: string }> => {
    const { count, error } = await c.from('distance_violations').select('target_id', { count: 'exact', head: false }).limit(1)
    return { count, code: error?.code }
  }

  it('admin, command and planner see every row; the regulator its district; the enterprise its own sources near it', async () => {
    const all = await total()
    expect(all).toBeGreaterThan(0)
    for (const role of ['admin', 'command', 'planner'] as const) {
      const c = await signIn(demoUser(role).email, demoUser(role).password)
      expect((await seen(c)).count, role).toBe(all)
    }
    const regulator = await signIn(demoUser('regulator').email, demoUser('regulator').password)
    const reg = await total(`x.hazard_source_id in (select id from public.hazard_sources where area_code like '${DEMO_REGULATOR_AREA}%')`)
    expect(reg).toBeLessThan(all)
    expect((await seen(regulator)).count).toBe(reg)
    // the regulator's worklist is the same set of sources
    const { data: wl } = await regulator.rpc('safety_distance_violations', {})
    const { rows: regSources } = await sql().query<{ id: string }>(
      `select distinct x.hazard_source_id as id from public.distance_violations x join public.hazard_sources h on h.id = x.hazard_source_id
       where h.area_code like '${DEMO_REGULATOR_AREA}%' order by 1`,
    )
    expect((wl as Array<{ hazard_source_id: string }>).map((r) => r.hazard_source_id).sort()).toEqual(regSources.map((r) => r.id))

    const enterprise = await signIn(demoUser('enterprise').email, demoUser('enterprise').password)
    const ent = await total(
      `x.hazard_source_id in (select id from public.hazard_sources where enterprise_id = '${DEMO_ENTERPRISE_ID}')
       and x.target_id in (select target_id from app.enterprise_context_targets where enterprise_id = '${DEMO_ENTERPRISE_ID}')`,
    )
    expect((await seen(enterprise)).count).toBe(ent)
    expect(ent).toBeLessThan(all)
  })

  it('a signed-in user without a role sees nothing, the public may not ask, and nobody writes it', async () => {
    const none = await clientWithClaims({ sub: '00000000-0000-4000-8000-0000000000f1', role: 'authenticated', aud: 'authenticated' })
    expect((await seen(none)).count).toBe(0)
    expect((await seen(anonClient())).code).toBe('42501')
    const { rows } = await sql().query<{ hazard_source_id: string; target_id: string }>(
      `select hazard_source_id, target_id from public.distance_violations limit 1`,
    )
    const ins = await admin
      .from('distance_violations')
      .insert({ ...rows[0], target_class: 'general_1', population: 0, distance_m: 1, required_m: 2, shortfall_m: 1 })
    expect(ins.error?.code).toBe('42501')
    const del = await admin.from('distance_violations').delete().eq('target_id', rows[0].target_id)
    expect(del.error?.code).toBe('42501')
    const upd = await admin.from('distance_violations').update({ shortfall_m: 0 }).eq('target_id', rows[0].target_id)
    expect(upd.error?.code).toBe('42501')
  })
})
