// Registries behind command (issue 18) through supabase-js → gateway → PostgREST → PostgreSQL:
// row rules per role (experts' and teams' phones never reach the public, planners or enterprises),
// the flags (overdue drills and evaluations, stale expert records, lots expiring within 30 days) and
// 备案率 against independent computations, nearest_stockpiles and nearest_rescue_teams against an
// independent ranking with turf (great-circle; the database measures on the spheroid, so distances
// agree within 0.5 % and near-ties may swap), bounded input, and the KNN index behind the search.
import { describe, it, expect, beforeAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { distance, point } from '@turf/turf'
import { anonClient, clientWithClaims, signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA, demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'
import { cityToday } from '../../src/domain/cityDay.ts'

useStack()

const as = {} as Record<AppRole, SupabaseClient>
let noRole: SupabaseClient
let E: { lon: number; lat: number }
const today = new Date(`${cityToday()}T00:00:00Z`)
const iso = (d: Date) => d.toISOString().slice(0, 10)
const addMonths = (day: string, months: number) => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate()
  return iso(new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))))
}

beforeAll(async () => {
  for (const role of ['admin', 'regulator', 'planner', 'command', 'enterprise'] as const) {
    as[role] = await signIn(demoUser(role).email, demoUser(role).password)
  }
  noRole = await clientWithClaims({ sub: '00000000-0000-4000-8000-0000000018c1', role: 'authenticated', aud: 'authenticated', app_metadata: {} })
  const { rows } = await sql().query<{ lon: number; lat: number }>(
    `select extensions.st_x(location) lon, extensions.st_y(location) lat from public.enterprises where id = $1`,
    [DEMO_ENTERPRISE_ID],
  )
  E = { lon: Number(rows[0]!.lon), lat: Number(rows[0]!.lat) }
}, 120_000)

describe('who reads what (phones never reach the public, planners or enterprises)', () => {
  it('the public reads none of the registries and may call none of their functions', async () => {
    const anon = anonClient()
    for (const rel of [
      'emergency_plans',
      'emergency_plan_list',
      'emergency_experts',
      'emergency_expert_contacts',
      'emergency_expert_list',
      'rescue_teams',
      'rescue_team_contacts',
      'material_stockpiles',
      'material_stockpile_list',
    ]) {
      const r = await anon.from(rel).select('*').limit(1)
      expect(r.error?.code, rel).toBe('42501')
    }
    for (const [fn, args] of [
      ['nearest_stockpiles', { lon: E.lon, lat: E.lat, material: '防化服' }],
      ['nearest_rescue_teams', { lon: E.lon, lat: E.lat }],
      ['emergency_plan_filing_rate', {}],
    ] as const) {
      const r = await anon.rpc(fn, args)
      expect(r.error, fn).not.toBeNull()
      expect(JSON.stringify(r.data ?? null)).not.toMatch(/1[3-9][0-9]{9}|0750-/)
    }
    const signedUp = await noRole.rpc('nearest_rescue_teams', { lon: E.lon, lat: E.lat })
    expect(signedUp.error?.code).toBe('42501')
  })

  it('experts: phones for admins, the command centre and regulators; planners see the pool without phones; enterprises nothing', async () => {
    const total = (await sql().query<{ n: number }>(`select count(*)::int n from public.emergency_experts`)).rows[0]!.n
    expect(total).toBeGreaterThan(5)
    for (const role of ['admin', 'command', 'regulator'] as const) {
      const { data, error } = await as[role].from('emergency_expert_list').select('phone')
      expect(error).toBeNull()
      expect(data!.length, role).toBe(total)
      expect(
        data!.every((r) => /^[0-9+\- ]{3,20}$/.test(r.phone)),
        role,
      ).toBe(true)
    }
    const { data: pl } = await as.planner.from('emergency_expert_list').select('name, phone')
    expect(pl!.length).toBe(total)
    expect(pl!.every((r) => r.phone === null)).toBe(true)
    expect((await as.planner.from('emergency_expert_contacts').select('phone')).data).toEqual([])
    expect((await as.enterprise.from('emergency_expert_list').select('id')).data).toEqual([])
    expect((await as.enterprise.from('emergency_expert_contacts').select('phone')).data).toEqual([])
  })

  it("rescue teams: phones only through the caller's right; an enterprise sees teams within 5 km of its sites, without phones", async () => {
    const cmd = await as.command.rpc('nearest_rescue_teams', { lon: E.lon, lat: E.lat, n: 50 })
    expect(cmd.error).toBeNull()
    expect((cmd.data as { duty_phone: string | null }[]).every((t) => t.duty_phone !== null)).toBe(true)
    const plan = await as.planner.rpc('nearest_rescue_teams', { lon: E.lon, lat: E.lat, n: 50 })
    expect((plan.data as { duty_phone: string | null }[]).length).toBe((cmd.data as unknown[]).length)
    expect((plan.data as { duty_phone: string | null }[]).every((t) => t.duty_phone === null)).toBe(true)
    const ent = await as.enterprise.rpc('nearest_rescue_teams', { lon: E.lon, lat: E.lat, n: 50 })
    expect(ent.error).toBeNull()
    const mine = ent.data as { distance_m: number; duty_phone: string | null }[]
    expect(mine.length).toBeGreaterThan(0)
    expect(mine.length).toBeLessThan((cmd.data as unknown[]).length)
    expect(mine.every((t) => t.duty_phone === null)).toBe(true)
    expect((await as.enterprise.from('rescue_team_contacts').select('duty_phone')).data).toEqual([])
  })

  it('an enterprise files its own plans and reads only them; a regulator writes only in its district', async () => {
    const { data, error } = await as.enterprise
      .from('emergency_plans')
      .insert({ name: '华海公司氯气泄漏专项应急预案（测试）', level: 'special', owner_enterprise_id: DEMO_ENTERPRISE_ID, area_code: '440703' })
      .select('id, area_code')
      .single()
    expect(error).toBeNull()
    // the area follows the enterprise, whatever was sent
    expect(data!.area_code.startsWith(DEMO_REGULATOR_AREA)).toBe(true)
    const { data: seen } = await as.enterprise.from('emergency_plan_list').select('owner_enterprise_id')
    expect(seen!.length).toBeGreaterThan(1)
    expect(seen!.every((r) => r.owner_enterprise_id === DEMO_ENTERPRISE_ID)).toBe(true)
    const other = await as.regulator
      .from('emergency_plans')
      .insert({ name: '蓬江区专项预案（测试）', level: 'special', owner_department: '蓬江区应急管理局', area_code: '440703' })
    expect(other.error?.code).toBe('42501')
    const own = await as.regulator
      .from('emergency_plans')
      .insert({ name: '江海区专项预案（测试）', level: 'special', owner_department: '江海区应急管理局', area_code: DEMO_REGULATOR_AREA })
    expect(own.error).toBeNull()
  })
})

describe('flags against independent computations', () => {
  it('overdue drills (6 months for 现场处置 and hazard-source holders, else 12) and evaluations', async () => {
    const { data, error } = await as.admin
      .from('emergency_plan_list')
      .select('id, level, owner_enterprise_id, last_drill_on, next_evaluation_on, drill_overdue, evaluation_overdue, filed, filed_on')
    expect(error).toBeNull()
    const { rows } = await sql().query<{ enterprise_id: string }>(`select distinct enterprise_id from public.hazard_sources`)
    const holders = new Set(rows.map((r) => r.enterprise_id))
    const t = iso(today)
    let overdue = 0
    for (const p of data!) {
      const months = p.level === 'on_site' || holders.has(p.owner_enterprise_id) ? 6 : 12
      const expected = p.last_drill_on === null || addMonths(p.last_drill_on, months) < t
      expect(p.drill_overdue, JSON.stringify(p)).toBe(expected)
      expect(p.evaluation_overdue, JSON.stringify(p)).toBe(p.next_evaluation_on !== null && p.next_evaluation_on < t)
      expect(p.filed).toBe(p.filed_on !== null)
      if (expected) overdue++
    }
    // the demo data holds both kinds
    expect(overdue).toBeGreaterThan(0)
    expect(overdue).toBeLessThan(data!.length)
  })

  it('备案率 by district, counted independently; through RLS for a regulator', async () => {
    const { data, error } = await as.admin.rpc('emergency_plan_filing_rate', { level: 'district' })
    expect(error).toBeNull()
    const { rows } = await sql().query<{ code: string; plans: number; filed: number }>(
      `select a.code, count(p.id)::int plans, count(p.filed_on)::int filed from public.areas a
       left join public.emergency_plans p on p.area_code like a.code || '%' where a.level = 'district' group by a.code order by a.code`,
    )
    expect(data.map((x: { code: string; plans: number; filed: number }) => ({ code: x.code, plans: x.plans, filed: x.filed }))).toEqual(rows)
    for (const x of data as { plans: number; filed: number; filing_rate: number | null }[]) {
      expect(x.filing_rate).toBe(x.plans ? Math.round((x.filed / x.plans) * 10000) / 10000 : null)
    }
    const reg = await as.regulator.rpc('emergency_plan_filing_rate', { level: 'district' })
    const others = (reg.data as { code: string; plans: number }[]).filter((x) => x.code !== DEMO_REGULATOR_AREA)
    expect(others.every((x) => x.plans === 0)).toBe(true)
    expect((await as.admin.rpc('emergency_plan_filing_rate', { level: 'grid' })).error?.code).toBe('22023')
  })

  it('experts not verified for 12 months are stale', async () => {
    const { data } = await as.command.from('emergency_expert_list').select('last_verified_on, stale')
    const cut = addMonths(iso(today), -12)
    for (const x of data!) expect(x.stale, x.last_verified_on).toBe(x.last_verified_on === null || x.last_verified_on < cut)
    expect(data!.some((x) => x.stale)).toBe(true)
    expect(data!.some((x) => !x.stale)).toBe(true)
  })

  it('lots expiring within 30 days are flagged; expired ones too, apart', async () => {
    const { data } = await as.command.from('material_stockpile_list').select('expires_on, expiring_soon, expired')
    const t = iso(today)
    const in30 = iso(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 30)))
    for (const x of data!) {
      expect(x.expiring_soon, x.expires_on).toBe(x.expires_on !== null && x.expires_on >= t && x.expires_on <= in30)
      expect(x.expired, x.expires_on).toBe(x.expires_on !== null && x.expires_on < t)
    }
  })
})

type Ranked = { resource_id: string; distance_m: number; quantity: number; unit: string; rank: number }

/** The turf ranking of the depots holding a material (unexpired lots with quantity > 0), read
 * independently with superuser SQL. */
async function expectedDepots(material: string, from: { lon: number; lat: number }, onlyIds?: Set<string>) {
  const { rows } = await sql().query<{ resource_id: string; lon: number; lat: number; q: number }>(
    `select s.resource_id, extensions.st_x(r.location) lon, extensions.st_y(r.location) lat, sum(s.quantity)::float8 q
     from public.material_stockpiles s join public.emergency_resources r on r.id = s.resource_id
     where s.material = $1 and s.quantity > 0 and (s.expires_on is null or s.expires_on >= app.today())
     group by s.resource_id, r.location`,
    [material],
  )
  return rows
    .filter((r) => !onlyIds || onlyIds.has(r.resource_id))
    .map((r) => ({ id: r.resource_id, q: Number(r.q), d: distance(point([from.lon, from.lat]), point([Number(r.lon), Number(r.lat)]), { units: 'meters' }) }))
    .sort((a, b) => a.d - b.d)
}

function sameRanking(got: Ranked[], want: { id: string; d: number; q: number }[], n: number) {
  expect(got.length).toBe(Math.min(n, want.length))
  got.forEach((g, i) => {
    expect(g.rank).toBe(i + 1)
    const w = want.find((x) => x.id === g.resource_id)
    expect(w, `${g.resource_id} holds the material`).toBeDefined()
    expect(Math.abs(g.distance_m - w!.d) / Math.max(w!.d, 1)).toBeLessThan(0.005)
    expect(g.quantity).toBe(w!.q)
    // the i-th of turf's ranking, or a near-tie of it (sphere vs spheroid)
    expect(Math.abs(w!.d - want[i]!.d) / Math.max(want[i]!.d, 1), `rank ${i + 1}`).toBeLessThan(0.005)
    if (i > 0) expect(g.distance_m).toBeGreaterThanOrEqual(got[i - 1]!.distance_m)
  })
}

describe('nearest_stockpiles', () => {
  it('ranks the depots holding the material like turf does, from several points and for several n', async () => {
    const { rows: mats } = await sql().query<{ material: string }>(
      `select material from public.material_stockpiles group by material order by count(*) desc limit 3`,
    )
    const points = [E, { lon: 112.8, lat: 22.3 }, { lon: 113.2, lat: 22.7 }]
    for (const { material } of mats) {
      for (const p of points) {
        const want = await expectedDepots(material, p)
        for (const n of [1, 3, 50]) {
          const { data, error } = await as.command.rpc('nearest_stockpiles', { lon: p.lon, lat: p.lat, material, n })
          expect(error).toBeNull()
          sameRanking(data as Ranked[], want, n)
        }
      }
    }
  })

  it('skips expired lots and empty stock', async () => {
    const { rows } = await sql().query<{ resource_id: string; material: string }>(
      `select s.resource_id, s.material from public.material_stockpiles s where s.expires_on < app.today()
       and not exists (select 1 from public.material_stockpiles o where o.resource_id = s.resource_id and o.material = s.material
         and o.quantity > 0 and (o.expires_on is null or o.expires_on >= app.today())) limit 1`,
    )
    expect(rows.length, 'an expired-only lot in the demo data').toBe(1)
    const { data } = await as.command.rpc('nearest_stockpiles', { lon: E.lon, lat: E.lat, material: rows[0]!.material, n: 50 })
    expect((data as Ranked[]).some((d) => d.resource_id === rows[0]!.resource_id)).toBe(false)
  })

  it("an enterprise's answer holds only the depots it may see (within 5 km of its sites)", async () => {
    const { rows } = await sql().query<{ id: string }>(
      `select r.id from public.emergency_resources r where exists (select 1 from (select location::extensions.geography g from public.enterprises where id = $1
         union all select geom::extensions.geography from public.hazard_sources where enterprise_id = $1) s
         where extensions.st_dwithin(r.location::extensions.geography, s.g, 5000))`,
      [DEMO_ENTERPRISE_ID],
    )
    const visible = new Set(rows.map((r) => r.id))
    const { rows: mats } = await sql().query<{ material: string }>(
      `select distinct s.material from public.material_stockpiles s where s.resource_id = any($1::uuid[]) and s.quantity > 0 order by 1`,
      [[...visible]],
    )
    expect(mats.length, 'stock near the demo enterprise').toBeGreaterThan(0)
    for (const { material } of mats) {
      const { data, error } = await as.enterprise.rpc('nearest_stockpiles', { lon: E.lon, lat: E.lat, material, n: 50 })
      expect(error).toBeNull()
      sameRanking(data as Ranked[], await expectedDepots(material, E, visible), 50)
    }
  })

  it('refuses bad input with a message naming it', async () => {
    for (const [args, re] of [
      [{ lon: E.lon, lat: E.lat, material: '防化服', n: 0 }, /n must be from 1 to 50/],
      [{ lon: E.lon, lat: E.lat, material: '防化服', n: 51 }, /n must be from 1 to 50/],
      [{ lon: E.lon, lat: E.lat, material: '  ' }, /material/],
      [{ lon: 200, lat: E.lat, material: '防化服' }, /lon in \[-180, 180\]/],
      [{ lon: null, lat: E.lat, material: '防化服' }, /lon/],
    ] as const) {
      const r = await as.command.rpc('nearest_stockpiles', args)
      expect(r.error?.code, JSON.stringify(args)).toBe('22023')
      expect(r.error?.message).toMatch(re)
    }
    const unknown = await as.command.rpc('nearest_stockpiles', { lon: E.lon, lat: E.lat, material: '不存在的物资' })
    expect(unknown.error).toBeNull()
    expect(unknown.data).toEqual([])
  })

  it('finds the candidates through the geography index of the resources (KNN), not a scan', async () => {
    // the test city is small enough for a scan to be cheaper: sequential scans off, as at scale
    await sql().exec(`create schema if not exists registries_test;
      create or replace function registries_test.explain(q text) returns setof text language plpgsql as $f$
      begin
        perform set_config('enable_seqscan', 'off', true);
        return query execute 'explain ' || q;
      end $f$;`)
    const { rows: plan } = await sql().query<{ line: string }>(`select registries_test.explain($1) as line`, [
      `select r.id from public.emergency_resources r order by r.location::extensions.geography operator(extensions.<->)
       extensions.st_setsrid(extensions.st_makepoint(${E.lon}, ${E.lat}), 4326)::extensions.geography limit 5`,
    ])
    await sql().exec('drop schema registries_test cascade')
    expect(plan.map((r) => r.line).join('\n')).toMatch(/emergency_resources_location_geog_idx/)
  })
})

describe('nearest_rescue_teams', () => {
  it('ranks teams like turf does, with a type filter', async () => {
    const { rows } = await sql().query<{ id: string; lon: number; lat: number; team_type: string }>(
      `select id, extensions.st_x(location) lon, extensions.st_y(location) lat, team_type from public.rescue_teams`,
    )
    for (const type of [null, 'enterprise']) {
      const want = rows
        .filter((r) => type === null || r.team_type === type)
        .map((r) => ({ id: r.id, d: distance(point([E.lon, E.lat]), point([Number(r.lon), Number(r.lat)]), { units: 'meters' }) }))
        .sort((a, b) => a.d - b.d)
      const { data, error } = await as.regulator.rpc('nearest_rescue_teams', { lon: E.lon, lat: E.lat, n: 10, type })
      expect(error).toBeNull()
      const got = data as { id: string; distance_m: number; rank: number }[]
      expect(got.length).toBe(Math.min(10, want.length))
      got.forEach((g, i) => {
        expect(g.rank).toBe(i + 1)
        const w = want.find((x) => x.id === g.id)!
        expect(Math.abs(g.distance_m - w.d) / Math.max(w.d, 1)).toBeLessThan(0.005)
        expect(Math.abs(w.d - want[i]!.d) / Math.max(want[i]!.d, 1)).toBeLessThan(0.005)
      })
    }
    const bad = await as.regulator.rpc('nearest_rescue_teams', { lon: E.lon, lat: E.lat, type: 'ninja' })
    expect(bad.error?.code).toBe('22023')
  })
})

describe('input limits', () => {
  it('names the field and the reason', async () => {
    const { rows } = await sql().query<{ id: string }>(`select id from public.emergency_resources where resource_type = 'material_depot' order by id limit 1`)
    for (const [rel, row, field] of [
      ['material_stockpiles', { resource_id: rows[0]!.id, material: '测试物资', quantity: -1, unit: '件' }, 'material_stockpiles.quantity'],
      ['material_stockpiles', { resource_id: rows[0]!.id, material: '\u3000', quantity: 1, unit: '件' }, 'material_stockpiles.material'],
      ['emergency_plans', { name: '预案', level: 'huge', owner_department: '某局', area_code: '440703' }, 'emergency_plans.level'],
      ['emergency_experts', { name: '专家', specialty: 'astrology', area_code: '440703' }, 'emergency_experts.specialty'],
      ['rescue_teams', { name: '测试队', team_type: 'hazmat', headcount: 1e6, location: 'SRID=4326;POINT(113.1 22.6)' }, 'rescue_teams.headcount'],
    ] as const) {
      const r = await as.admin.from(rel).insert(row)
      expect(r.error?.code, field).toBe('22023')
      expect(r.error?.message, field).toContain(field)
    }
    const { data: ex } = await as.admin.from('emergency_experts').select('id').limit(1)
    const phone = await as.admin.from('emergency_expert_contacts').update({ phone: 'call me' }).eq('expert_id', ex![0]!.id)
    expect(phone.error?.message).toContain('emergency_expert_contacts.phone')
  })
})
