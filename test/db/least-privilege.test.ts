// Least privilege (issue 12): what each role sees. An enterprise sees its own rows plus the
// protective targets and emergency resources within 5 km of its own sites, without duty phones;
// nothing of other enterprises. Through supabase-js against the real stack; expected sets are
// computed independently with superuser SQL.
import { describe, it, expect, beforeAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, clientWithClaims, serviceClient, signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA, demoUser } from '../../supabase/seed/demo-users.ts'
import { cityToday } from '../../src/domain/cityDay.ts'

useStack()

type Role = 'admin' | 'regulator' | 'planner' | 'command' | 'enterprise'
const as = {} as Record<Role, SupabaseClient>
let service: SupabaseClient

/** Ids within 5 km of the demo enterprise's sites (its location and its hazard sources). */
async function idsNearSites(table: 'protective_targets' | 'emergency_resources'): Promise<string[]> {
  const col = table === 'protective_targets' ? 'geom' : 'location'
  const { rows } = await sql().query<{ id: string }>(
    `
    select distinct x.id from public.${table} x
    where exists (select 1 from public.enterprises e where e.id = $1
                    and extensions.st_dwithin(x.${col}::extensions.geography, e.location::extensions.geography, 5000))
       or exists (select 1 from public.hazard_sources h where h.enterprise_id = $1
                    and extensions.st_dwithin(x.${col}::extensions.geography, h.geom::extensions.geography, 5000))
    order by 1`,
    [DEMO_ENTERPRISE_ID],
  )
  return rows.map((r) => r.id)
}

async function allIds(client: SupabaseClient, table: string, col = 'id'): Promise<string[]> {
  const { data, error } = await client.from(table).select(col).order(col).limit(1000)
  if (error) throw new Error(`${table}: ${error.message}`)
  return (data as any[]).map((r) => r[col])
}

/** A point about 20 km from every site of the demo enterprise, inside the city. */
let far: { lon: number; lat: number; targetId: string; resourceId: string }

beforeAll(async () => {
  service = serviceClient()
  for (const role of ['admin', 'regulator', 'planner', 'command', 'enterprise'] as const) {
    as[role] = await signIn(demoUser(role).email, demoUser(role).password)
  }
  const { rows } = await sql().query(
    `
    with sites as (select location::extensions.geography g from public.enterprises where id = $1
                   union all select geom::extensions.geography from public.hazard_sources where enterprise_id = $1)
    select t.id, extensions.st_x(t.location) lon, extensions.st_y(t.location) lat
    from public.protective_targets t
    where not exists (select 1 from sites s where extensions.st_dwithin(t.geom::extensions.geography, s.g, 20000))
    order by t.id limit 1`,
    [DEMO_ENTERPRISE_ID],
  )
  const { rows: res } = await sql().query(
    `
    with sites as (select location::extensions.geography g from public.enterprises where id = $1
                   union all select geom::extensions.geography from public.hazard_sources where enterprise_id = $1)
    select r.id from public.emergency_resources r
    where not exists (select 1 from sites s where extensions.st_dwithin(r.location::extensions.geography, s.g, 20000))
    order by r.id limit 1`,
    [DEMO_ENTERPRISE_ID],
  )
  far = { lon: Number(rows[0].lon), lat: Number(rows[0].lat), targetId: rows[0].id, resourceId: res[0].id }
}, 120_000)

describe('an enterprise sees protective targets and emergency resources within 5 km of its own sites only', () => {
  it.each(['protective_targets', 'emergency_resources'] as const)('%s: exactly the rows within 5 km', async (table) => {
    const near = await idsNearSites(table)
    expect(near.length).toBeGreaterThan(0)
    expect(await allIds(as.enterprise, table)).toEqual(near)
    // …while the other staff roles keep the whole city's context layers.
    const { count } = await as.planner.from(table).select('id', { count: 'exact', head: true })
    expect(count).toBeGreaterThan(near.length)
  })

  it('a target 20 km away is not there for it, by id, by map tile or by incident rings', async () => {
    const byId = await as.enterprise.from('protective_targets').select('id').eq('id', far.targetId)
    expect(byId.data).toEqual([])
    const res = await as.enterprise.from('emergency_resources').select('id').eq('id', far.resourceId)
    expect(res.data).toEqual([])
    const tile = await as.enterprise.rpc('planner_targets', { west: far.lon - 0.05, south: far.lat - 0.05, east: far.lon + 0.05, north: far.lat + 0.05 })
    expect(tile.error).toBeNull()
    expect(tile.data.id).not.toContain(far.targetId)
    const planner = await as.planner.rpc('planner_targets', { west: far.lon - 0.05, south: far.lat - 0.05, east: far.lon + 0.05, north: far.lat + 0.05 })
    expect(planner.data.id).toContain(far.targetId)
    const inc = await as.enterprise.rpc('incident_report', { lon: far.lon, lat: far.lat, radii_m: [3000] })
    expect(inc.error).toBeNull()
    expect(inc.data.targets_total).toBe(0)
    const incPlanner = await as.planner.rpc('incident_report', { lon: far.lon, lat: far.lat, radii_m: [3000] })
    expect(incPlanner.data.targets_total).toBeGreaterThan(0)
    const site = await as.enterprise.rpc('evaluate_site', {
      site: { type: 'Point', coordinates: [far.lon, far.lat] },
      distances: { high_sensitivity: 3000, important: 3000, general_1: 3000, general_2: 3000, general_3: 3000 },
    })
    if (!site.error) expect(JSON.stringify(site.data)).not.toContain(far.targetId)
  })

  it('nearest_emergency_resources ranks only the resources near its sites, without duty phones', async () => {
    const near = new Set(await idsNearSites('emergency_resources'))
    const { data, error } = await as.enterprise.rpc('nearest_emergency_resources', { lon: far.lon, lat: far.lat, n: 20 })
    expect(error).toBeNull()
    expect(data.length).toBeGreaterThan(0)
    for (const r of data) {
      expect(near.has(r.id)).toBe(true)
      expect(r.duty_phone).toBeNull()
    }
    const cmd = await as.command.rpc('nearest_emergency_resources', { lon: far.lon, lat: far.lat, n: 20 })
    expect(cmd.data.some((r: any) => r.duty_phone)).toBe(true)
  })

  it('the 5 km test uses the GiST index (EXPLAIN as the enterprise)', async () => {
    const claims = JSON.stringify({
      role: 'authenticated',
      sub: demoUser('enterprise').id,
      app_metadata: { app_role: 'enterprise', enterprise_id: DEMO_ENTERPRISE_ID },
    })
    await sql().query(`create or replace function pg_temp.lp_explain(claims text, q text) returns setof text
      language plpgsql as $f$
      begin
        perform set_config('request.jwt.claims', claims, true);
        set local role authenticated;
        return query execute 'explain ' || q;
      end $f$`)
    for (const [table, index] of [
      ['protective_targets', /Index Scan using protective_targets_\w*geog\w* on protective_targets/],
      ['emergency_resources', /Index Scan using emergency_resources_location_geog_idx on emergency_resources/],
    ] as const) {
      const { rows } = await sql().query<{ line: string }>(`select pg_temp.lp_explain($1, $2) as line`, [claims, `select id from public.${table}`])
      const plan = rows.map((r) => r.line).join('\n')
      expect(plan, plan).toMatch(index)
    }
  })
})

describe('duty phones of emergency resources', () => {
  it('live in emergency_resource_contacts: admins, the command centre and regulators read them; planners, enterprises and anon do not', async () => {
    const { count: total } = await service.from('emergency_resource_contacts').select('*', { count: 'exact', head: true })
    expect(total).toBeGreaterThan(0)
    for (const role of ['admin', 'command', 'regulator'] as const) {
      const { count } = await as[role].from('emergency_resource_contacts').select('*', { count: 'exact', head: true })
      expect(count, role).toBe(total)
    }
    for (const role of ['planner', 'enterprise'] as const) {
      const { data, error } = await as[role].from('emergency_resource_contacts').select('duty_phone')
      expect(error, role).toBeNull()
      expect(data, role).toEqual([])
    }
    const anon = await anonClient().from('emergency_resource_contacts').select('duty_phone')
    expect(anon.error?.code).toBe('42501')
  })

  it('the old column is empty for everyone, and a phone written there moves to the contacts table', async () => {
    const { data } = await service.from('emergency_resources').select('duty_phone').not('duty_phone', 'is', null).limit(1)
    expect(data).toEqual([])
    const { data: made, error } = await as.admin
      .from('emergency_resources')
      .insert({
        name: '最小权限测试救援队',
        resource_type: 'rescue_team',
        location: 'SRID=4326;POINT(113.08 22.58)',
        duty_phone: '0750-1234567',
      })
      .select('id, duty_phone')
      .single()
    expect(error).toBeNull()
    expect(made!.duty_phone).toBeNull()
    const c = await as.command.from('emergency_resource_contacts').select('duty_phone').eq('resource_id', made!.id).single()
    expect(c.data!.duty_phone).toBe('0750-1234567')
    const bad = await as.admin.from('emergency_resources').update({ duty_phone: 'call me' }).eq('id', made!.id)
    expect(bad.error?.message).toMatch(/duty_phone must be/)
    await service.from('emergency_resources').delete().eq('id', made!.id)
  })
})

describe('an enterprise sees nothing of other enterprises', () => {
  it.each([
    ['enterprises', 'id'],
    ['hazard_sources', 'enterprise_id'],
    ['risk_points', 'enterprise_id'],
    ['hidden_dangers', 'enterprise_id'],
    ['hidden_danger_list', 'enterprise_id'],
    ['risk_point_level_changes', 'enterprise_id'],
    ['enterprise_contacts', 'enterprise_id'],
  ])('%s: only its own rows', async (table, col) => {
    const { data, error } = await as.enterprise.from(table).select(col).limit(1000)
    expect(error).toBeNull()
    const { count: own } = await service.from(table).select(col, { count: 'exact', head: true }).eq(col, DEMO_ENTERPRISE_ID)
    expect(data!.length).toBe(own)
    for (const r of data as any[]) expect(r[col]).toBe(DEMO_ENTERPRISE_ID)
  })

  it.each(['hazard_source_inventory', 'hazard_source_distances', 'hazard_source_risk_contours'])('%s: only of its own hazard sources', async (table) => {
    const own = new Set(
      await allIds(service, 'hazard_sources').then(async () => {
        const { data } = await service.from('hazard_sources').select('id').eq('enterprise_id', DEMO_ENTERPRISE_ID)
        return data!.map((r) => r.id)
      }),
    )
    const { data, error } = await as.enterprise.from(table).select('hazard_source_id').limit(1000)
    expect(error).toBeNull()
    for (const r of data!) expect(own.has(r.hazard_source_id)).toBe(true)
  })

  it('hidden_danger_events: only of its own dangers', async () => {
    const { data: mine } = await service.from('hidden_dangers').select('id').eq('enterprise_id', DEMO_ENTERPRISE_ID)
    const own = new Set(mine!.map((r) => r.id))
    const { data } = await as.enterprise.from('hidden_danger_events').select('hidden_danger_id').limit(1000)
    expect(data!.length).toBeGreaterThan(0)
    for (const r of data!) expect(own.has(r.hidden_danger_id)).toBe(true)
  })

  it('search and cards find no other enterprise', async () => {
    const { data: other } = await service.from('enterprises').select('id, name').neq('id', DEMO_ENTERPRISE_ID).limit(1).single()
    const s = await as.enterprise.rpc('search_enterprises', { q: other!.name.slice(0, 4) })
    expect(JSON.stringify(s.data ?? [])).not.toContain(other!.id)
    const card = await as.enterprise.rpc('feature_card', { layer: 'enterprises', id: other!.id })
    expect(JSON.stringify(card.data ?? null)).not.toContain(other!.name)
  })

  it("cannot move its own risk point or hazard source into another district (out of its regulator's sight)", async () => {
    const {
      rows: [far],
    } = await sql().query(
      `select extensions.st_x(p) lon, extensions.st_y(p) lat
      from (select extensions.st_pointonsurface(geom) p from public.areas where level = 'district' and code <> $1 order by code limit 1) x`,
      [DEMO_REGULATOR_AREA],
    )
    for (const [rel, col] of [
      ['risk_points', 'location'],
      ['hazard_sources', 'geom'],
    ] as const) {
      const { data: own } = await service.from(rel).select(`id, area_code`).eq('enterprise_id', DEMO_ENTERPRISE_ID).limit(1).single()
      const r = await as.enterprise
        .from(rel)
        .update({ [col]: `SRID=4326;POINT(${far.lon} ${far.lat})` })
        .eq('id', own!.id)
        .select('id')
      expect(r.error?.code, rel).toBe('42501')
      expect(r.error?.message).toMatch(new RegExp(`^${col}: an enterprise places its own .* inside its own district \\(${DEMO_REGULATOR_AREA}\\)`))
      const { data: after } = await service.from(rel).select('area_code').eq('id', own!.id).single()
      expect(after!.area_code).toBe(own!.area_code)
    }
    // a regulator of the whole city may (its own rules), and so may an admin: not tested here
  })

  it("a PATCH of another enterprise's row changes nothing", async () => {
    const { data: other } = await service
      .from('risk_points')
      .select('id, name')
      .neq('enterprise_id', DEMO_ENTERPRISE_ID)
      .not('enterprise_id', 'is', null)
      .limit(1)
      .single()
    const r = await as.enterprise.from('risk_points').update({ name: '越权修改' }).eq('id', other!.id).select('id')
    expect(r.data ?? []).toEqual([])
    const { data: after } = await service.from('risk_points').select('name').eq('id', other!.id).single()
    expect(after!.name).toBe(other!.name)
    const { data: ent } = await service.from('enterprises').select('id, address').neq('id', DEMO_ENTERPRISE_ID).limit(1).single()
    const e = await as.enterprise.from('enterprises').update({ address: '越权修改' }).eq('id', ent!.id).select('id')
    expect(e.data ?? []).toEqual([])
  })
})

describe('staff e-mail addresses and the names of responsible persons', () => {
  let id: string
  beforeAll(async () => {
    // A danger of the demo enterprise in 江海区, taken through the loop by the enterprise and the regulator.
    const { rows } = await sql().query(`select extensions.st_x(location) lon, extensions.st_y(location) lat from public.enterprises where id = $1`, [
      DEMO_ENTERPRISE_ID,
    ])
    const { data, error } = await as.enterprise
      .from('hidden_dangers')
      .insert({
        enterprise_id: DEMO_ENTERPRISE_ID,
        title: '自查：危化品仓库通风故障',
        source: 'self_check',
        location: `SRID=4326;POINT(${rows[0].lon} ${rows[0].lat})`,
      })
      .select('id')
      .single()
    if (error) throw new Error(error.message)
    id = data!.id
    const steps: [Role, string, Record<string, unknown>][] = [
      ['enterprise', 'registered', { severity: 'general' }],
      ['enterprise', 'rectifying', { measures: '维修风机', responsible_person: '周安全员', funds: 800, deadline: '2099-01-01' }],
      ['enterprise', 'pending_verification', { done: '风机已修复' }],
      ['regulator', 'closed', { verifier: '吴科长', verified_at: cityToday() }],
    ]
    for (const [role, to, details] of steps) {
      const r = await as[role].rpc('transition_hidden_danger', { id, to_status: to, details })
      if (r.error) throw new Error(`${to}: ${r.error.message}`)
    }
  }, 60_000)

  it.each(['admin', 'command', 'regulator'] as const)("%s sees the actors' e-mail addresses and the names", async (role) => {
    const { data, error } = await as[role]
      .from('hidden_danger_timeline')
      .select('action, to_status, actor_email, actor_label, details')
      .eq('hidden_danger_id', id)
      .order('id')
    expect(error).toBeNull()
    const plan = data!.find((e) => e.to_status === 'rectifying')!
    expect(plan.actor_email).toBe(demoUser('enterprise').email)
    expect(plan.details.responsible_person).toBe('周安全员')
    expect(data!.find((e) => e.to_status === 'closed')!.details.verifier).toBe('吴科长')
    const { data: d } = await as[role].from('hidden_danger_list').select('responsible_person, verified_by, responsible_label').eq('id', id).single()
    expect(d).toEqual({ responsible_person: '周安全员', verified_by: '吴科长', responsible_label: null })
    const { data: p } = await as[role].from('hidden_danger_people').select('responsible_person').eq('hidden_danger_id', id)
    expect(p).toEqual([{ responsible_person: '周安全员' }])
  })

  it.each(['planner', 'enterprise'] as const)('%s sees role labels instead', async (role) => {
    const { data, error } = await as[role]
      .from('hidden_danger_timeline')
      .select('action, to_status, actor_email, actor_label, details')
      .eq('hidden_danger_id', id)
      .order('id')
    expect(error).toBeNull()
    expect(data!.length).toBeGreaterThanOrEqual(5)
    for (const e of data!) {
      expect(e.actor_email).toBeNull()
      expect(e.details).not.toHaveProperty('responsible_person')
      expect(e.details).not.toHaveProperty('verifier')
    }
    expect(data!.find((e) => e.to_status === 'rectifying')!.actor_label).toBe('企业用户')
    expect(data!.find((e) => e.to_status === 'closed')!.actor_label).toBe('监管人员')
    const { data: d } = await as[role]
      .from('hidden_danger_list')
      .select('responsible_person, verified_by, responsible_label, verified_label')
      .eq('id', id)
      .single()
    expect(d).toEqual({ responsible_person: null, verified_by: null, responsible_label: '企业整改负责人', verified_label: '监管人员' })
    // …and no other path leads to them: the tables themselves hold no names or e-mail addresses.
    const { data: raw } = await as[role].from('hidden_danger_events').select('actor_email, details').eq('hidden_danger_id', id)
    expect(JSON.stringify(raw)).not.toMatch(/周安全员|吴科长|@demo/)
    const { data: row } = await as[role].from('hidden_dangers').select('responsible_person, verified_by').eq('id', id)
    expect(JSON.stringify(row)).not.toMatch(/周安全员|吴科长/)
    const { data: p } = await as[role].from('hidden_danger_people').select('responsible_person').eq('hidden_danger_id', id)
    expect(p).toEqual([])
    const { data: ep } = await as[role].from('hidden_danger_event_people').select('actor_email')
    expect(ep).toEqual([])
  })
})

describe("public reporters' contacts (举报人信息保密)", () => {
  it('admins and the regulators of the area read them; the command centre, planners and enterprises do not', async () => {
    const { count: total } = await service.from('hidden_danger_reporters').select('*', { count: 'exact', head: true })
    expect(total).toBeGreaterThan(0)
    const { rows } = await sql().query(
      `select count(*)::int n from public.hidden_danger_reporters r
      join public.hidden_dangers d on d.id = r.hidden_danger_id where d.area_code like $1`,
      [`${DEMO_REGULATOR_AREA}%`],
    )
    const counts: Record<string, number | null> = {}
    for (const role of ['admin', 'regulator', 'command', 'planner', 'enterprise'] as const) {
      const { count, error } = await as[role].from('hidden_danger_reporters').select('contact', { count: 'exact', head: true })
      expect(error, role).toBeNull()
      counts[role] = count
    }
    expect(counts).toEqual({ admin: total, regulator: rows[0].n, command: 0, planner: 0, enterprise: 0 })
    const anon = await anonClient().from('hidden_danger_reporters').select('contact')
    expect(anon.error?.code).toBe('42501')
  })

  it('nobody writes them through the API, not even an admin', async () => {
    const { data: one } = await service.from('hidden_danger_reporters').select('hidden_danger_id, contact').limit(1).single()
    const r = await as.admin.from('hidden_danger_reporters').update({ contact: '13800000000' }).eq('hidden_danger_id', one!.hidden_danger_id)
    expect(r.error?.code).toBe('42501')
  })
})

describe('configuration tables: admins edit, every edit is logged and re-grades what depends on it', () => {
  const CONFIG = [
    'risk_level_bands',
    'lec_factor_values',
    'major_hazard_alpha_bands',
    'major_hazard_grade_bands',
    'major_hazard_settings',
    'public_report_settings',
    'individual_risk_criteria',
  ]

  it.each(['regulator', 'planner', 'command', 'enterprise'] as const)('%s cannot change any of them', async (role) => {
    for (const table of CONFIG) {
      const { data: before } = await service.from(table).select('*')
      const del = await as[role].from(table).delete().not(Object.keys(before![0])[0], 'is', null).select()
      expect(del.data ?? [], `${role} ${table}`).toEqual([])
      const { data: after } = await service.from(table).select('*')
      expect(after, `${role} ${table}`).toEqual(before)
    }
    const anon = await anonClient().from('risk_level_bands').update({ min_score: 1 }).eq('method', 'lec').eq('level', 1)
    expect(anon.error?.code).toBe('42501')
  })

  it('an admin moving the red LEC band re-grades the risk points in the same transaction, and the log says who, old and new', async () => {
    // A point scoring 270 (L6 E3 C15) is orange with red at 320; lower red to 250 and it is red.
    const { data: rp, error } = await as.admin
      .from('risk_points')
      .insert({ name: '配置测试点', category_code: 'bridge', location: 'SRID=4326;POINT(113.09 22.59)', method: 'lec', lec_l: 6, lec_e: 3, lec_c: 15 })
      .select('id, level, score')
      .single()
    expect(error).toBeNull()
    expect(rp).toMatchObject({ level: 2, score: 270 })
    const since = new Date(Date.now() - 1000).toISOString()
    try {
      const up = await as.admin.from('risk_level_bands').update({ min_score: 250 }).eq('method', 'lec').eq('level', 1).select()
      expect(up.error).toBeNull()
      const { data: after } = await service.from('risk_points').select('level').eq('id', rp!.id).single()
      expect(after!.level).toBe(1)
      const { data: log } = await as.regulator
        .from('config_changes')
        .select('table_name, operation, actor_role, actor_email, old, new')
        .gte('at', since)
        .eq('table_name', 'risk_level_bands')
      expect(log).toEqual([
        {
          table_name: 'risk_level_bands',
          operation: 'update',
          actor_role: 'admin',
          actor_email: demoUser('admin').email,
          old: { method: 'lec', level: 1, min_score: 320 },
          new: { method: 'lec', level: 1, min_score: 250 },
        },
      ])
    } finally {
      await as.admin.from('risk_level_bands').update({ min_score: 320 }).eq('method', 'lec').eq('level', 1)
    }
    const { data: back } = await service.from('risk_points').select('level').eq('id', rp!.id).single()
    expect(back!.level).toBe(2)
    await service.from('risk_points').delete().eq('id', rp!.id)
  })

  it('an admin changing the α bands re-grades the hazard sources (α and R follow)', async () => {
    const { data: src } = await service
      .from('hazard_sources')
      .select('id, alpha, r_value, exposed_population')
      .eq('is_major', true)
      .is('alpha_override', null)
      .gt('exposed_population', 99)
      .limit(1)
      .single()
    expect(Number(src!.alpha)).toBe(2)
    try {
      const up = await as.admin.from('major_hazard_alpha_bands').update({ alpha: 3 }).eq('min_people', 100)
      expect(up.error).toBeNull()
      const { data: after } = await service.from('hazard_sources').select('alpha, r_value').eq('id', src!.id).single()
      expect(Number(after!.alpha)).toBe(3)
      expect(Number(after!.r_value)).toBeCloseTo(Number(src!.r_value) * 1.5, 6)
    } finally {
      await as.admin.from('major_hazard_alpha_bands').update({ alpha: 2 }).eq('min_people', 100)
    }
    const { data: back } = await service.from('hazard_sources').select('alpha').eq('id', src!.id).single()
    expect(Number(back!.alpha)).toBe(2)
  })

  it('a change that would leave the bands unusable is refused with the reason, and nothing is logged', async () => {
    // the log of the three tables these changes touch: other files change other settings (risk
    // level rules, freshness) at the same time in the native pass's shared database
    const logged = async () =>
      (
        await service
          .from('config_changes')
          .select('*', { count: 'exact', head: true })
          .in('table_name', ['risk_level_bands', 'major_hazard_grade_bands', 'lec_factor_values'])
      ).count
    const before = await logged()
    const r = await as.admin.from('risk_level_bands').delete().eq('method', 'lec').eq('level', 4)
    expect(r.error?.message).toMatch(/^risk_level_bands: method lec needs one band per level 1–4/)
    const g = await as.admin.from('major_hazard_grade_bands').update({ min_r: 5 }).eq('grade', 1)
    expect(g.error?.message).toMatch(/^major_hazard_grade_bands: grades 1–4 are required/)
    const l = await as.admin.from('lec_factor_values').delete().eq('factor', 'L').eq('value', 6)
    expect(l.error?.message).toMatch(/^lec_factor_values: \d+ risk point\(s\) use a factor value this change removes/)
    expect(await logged()).toBe(before)
  })

  it('the log is append-only and not for enterprises', async () => {
    const upd = await as.admin.from('config_changes').update({ actor_role: 'x' }).gt('id', 0)
    expect(upd.error?.code).toBe('42501')
    const del = await service.from('config_changes').delete().gt('id', 0)
    expect(del.error?.code).toBe('42501')
    const { data } = await as.enterprise.from('config_changes').select('id')
    expect(data).toEqual([])
  })
})

describe('a signed-in user with no app role (a self sign-up) gets exactly the public view', () => {
  let none: SupabaseClient
  let anon: SupabaseClient
  beforeAll(async () => {
    anon = anonClient()
    // What hosted Supabase issues to a self sign-up: authenticated, app_metadata without app_role
    // (and whatever the user wrote into user_metadata, which is never trusted).
    none = await clientWithClaims({
      sub: '00000000-0000-4000-8000-0000000000ef',
      role: 'authenticated',
      aud: 'authenticated',
      email: 'self@example.com',
      app_metadata: { provider: 'email', providers: ['email'] },
      user_metadata: { app_role: 'admin', enterprise_id: DEMO_ENTERPRISE_ID, area_codes: [DEMO_REGULATOR_AREA] },
    })
  })

  const BOX = { west: 112.5, south: 21.8, east: 113.5, north: 22.9 }
  it.each([
    ['public_layer_counts', { ...BOX }],
    ['public_map_features', { layer: 'major_hazards', ...BOX }],
    ['public_search', { q: '江海' }],
    ['public_around', { lon: 113.1, lat: 22.58, radius_m: 3000 }],
    ['public_place_at', { lon: 113.1, lat: 22.58 }],
    ['public_area_risk_summary', { level: 'district' }],
    ['dataset_info', {}],
    ['area_boundaries', { level: 'district', ...BOX, zoom: 9 }],
    ['public_place_search', { q: '江海' }],
  ])('the public function %s answers it exactly as it answers anon', async (fn, args) => {
    const a = await anon.rpc(fn, args)
    const n = await none.rpc(fn, args)
    expect(a.error).toBeNull()
    expect(n.error).toBeNull()
    expect(n.data).toEqual(a.data)
  })

  /** Nothing but public geography: numbers 0, empty lists, nulls; area codes and names are public;
   * and what is computed from the caller's own input alone (a site's area, the site itself as
   * "suitable", "compliant" when no target is in reach). */
  const PUBLIC_KEYS = new Set(['code', 'name', 'name_en', 'parent_code', 'level_name', 'compliant', 'suitable', 'area_m2', 'total_area_m2'])
  function revealsNothing(v: unknown, key = ''): boolean {
    if (v === null || v === undefined || v === false || v === 0 || v === '') return true
    if (Array.isArray(v)) return v.every((x) => revealsNothing(x))
    if (typeof v === 'object') return PUBLIC_KEYS.has(key) || Object.entries(v as object).every(([k, x]) => revealsNothing(x, k))
    return PUBLIC_KEYS.has(key)
  }

  const site = {
    type: 'Polygon',
    coordinates: [
      [
        [113.08, 22.57],
        [113.09, 22.57],
        [113.09, 22.58],
        [113.08, 22.58],
        [113.08, 22.57],
      ],
    ],
  }
  it.each([
    ['layer_counts', { ...BOX }],
    ['map_features', { layer: 'chemical_parks', ...BOX }],
    ['search_enterprises', { q: '化工' }],
    ['feature_at', { layer: 'risk_points', lon: 113.1, lat: 22.58, radius_m: 5000 }],
    ['feature_card', { layer: 'enterprises', id: DEMO_ENTERPRISE_ID }],
    ['area_risk_summary', { level: 'district' }],
    ['hidden_danger_stats', { level: 'district' }],
    ['safety_distance_violations', {}],
    ['evaluate_site', { site, distances: { high_sensitivity: 3000, important: 3000, general_1: 3000, general_2: 3000, general_3: 3000 } }],
    ['siting_suitability', { area: site, distances: { general_1: 1000 } }],
    ['wall_summary', {}],
    ['wall_changes', { since: new Date(Date.now() - 86_400_000).toISOString() }],
    ['incident_report', { lon: 113.1, lat: 22.58, radii_m: [3000] }],
    ['nearest_emergency_resources', { lon: 113.1, lat: 22.58, n: 5 }],
    ['planner_targets', { west: 113.0, south: 22.5, east: 113.15, north: 22.65 }],
    ['regrade_hazard_source', { id: '00000000-0000-4000-8000-000000000000' }],
    ['grading_review_queue', {}],
    [
      'propose_risk_assessment',
      { risk_point_id: '00000000-0000-4000-8000-000000000000', inputs: { method: 'matrix', matrix_l: 1, matrix_s: 1 }, reason: '无角色用户试探' },
    ],
    ['review_assessment', { proposal_id: '00000000-0000-4000-8000-000000000000', decision: 'confirm' }],
  ])('the staff function %s is refused to anon and gives the no-role user nothing more', async (fn, args) => {
    const a = await anon.rpc(fn, args)
    expect(a.error, `${fn} for anon`).not.toBeNull()
    const n = await none.rpc(fn, args)
    if (n.error) expect(n.error.code === '42501' || n.error.code === '22023', `${fn}: ${n.error.code} ${n.error.message}`).toBe(true)
    else expect(revealsNothing(n.data), `${fn} gave ${JSON.stringify(n.data).slice(0, 300)}`).toBe(true)
  })

  it('the lifecycle refuses it', async () => {
    const { data } = await service.from('hidden_dangers').select('id').eq('status', 'reported').limit(1).single()
    const r = await none.rpc('transition_hidden_danger', { id: data!.id, to_status: 'registered', details: { severity: 'general' } })
    expect(r.error?.code).toBe('42501')
  })
})
