// The map wall's RPCs through supabase-js → gateway → PostgREST → PostgreSQL: every figure of
// wall_summary against an independent SQL count (for the city, a district, and per role through
// RLS), the wall_changes feed and its alerts, the append-only risk-point level log, incident
// rings against an independent ST_Distance computation, and the nearest emergency resources
// against an independent ranking. Bad input is refused with a message saying why.
//
// Roles (DOMAIN.md): the wall is the command centre's, but every signed-in staff role may call
// these RPCs and sees only what its RLS lets it read: a regulator its jurisdiction, an enterprise
// its own rows. The public (anon) and a signed-in user without a staff role are refused.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, clientWithClaims, serviceClient, signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA, demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'

useStack()

const as = {} as Record<AppRole, SupabaseClient>
const TAG = `wall-test-${Date.now().toString(36)}`

beforeAll(async () => {
  for (const role of ['admin', 'regulator', 'planner', 'command', 'enterprise'] as const) {
    const u = demoUser(role)
    as[role] = await signIn(u.email, u.password)
  }
  // Runs EXPLAIN of a query as an API role with JWT claims (RLS applies), optionally with
  // sequential scans disabled: on the small test city the planner may prefer a seq scan, so
  // this proves the index can serve the predicate, which is what matters at scale.
  await sql().exec(`
    create schema if not exists wall_test;
    create or replace function wall_test.explain(q text, claims text, no_seqscan boolean) returns setof text
    language plpgsql as $f$
    begin
      perform set_config('request.jwt.claims', claims, true);
      if claims <> '' then perform set_config('role', 'authenticated', true); end if;
      if no_seqscan then perform set_config('enable_seqscan', 'off', true); end if;
      return query execute 'explain ' || q;
    end
    $f$;`)
}, 120_000)

afterAll(async () => {
  await sql().exec('drop schema if exists wall_test cascade')
})

const claimsOf = (role: string, meta: Record<string, unknown> = {}) =>
  JSON.stringify({ role: 'authenticated', sub: '00000000-0000-4000-8000-0000000000c1', app_metadata: { app_role: role, ...meta } })

async function explain(q: string, claims: string, noSeqscan = true): Promise<string> {
  const { rows } = await sql().query<{ explain: string }>(`select wall_test.explain($1, $2, $3) as explain`, [q, claims, noSeqscan])
  return rows.map((r) => r.explain).join('\n')
}

/** The figures wall_summary should report, counted independently with plain SQL. `where` filters
 * every table by the scope being checked (all rows, an area prefix, an enterprise). */
async function expectedSummary(where: { area?: string; enterprise?: string }) {
  const cond = (alias: string, enterpriseCol: string | null) => {
    const parts = ['true']
    if (where.area) parts.push(`${alias}.area_code like '${where.area}%'`)
    if (where.enterprise) parts.push(enterpriseCol ? `${alias}.${enterpriseCol} = '${where.enterprise}'` : 'false')
    return parts.join(' and ')
  }
  const q = async <T>(s: string) => (await sql().query<T>(s)).rows
  const levels = await q<{ level: number; n: string }>(
    `select level, count(*) as n from public.risk_points r where ${cond('r', 'enterprise_id')} group by level`,
  )
  const grades = await q<{ major_grade: number; n: string }>(
    `select major_grade, count(*) as n from public.hazard_sources h where h.is_major and ${cond('h', 'enterprise_id')} group by major_grade`,
  )
  const [hs] = await q<{ total: string; major: string }>(
    `select count(*) as total, count(*) filter (where is_major) as major from public.hazard_sources h where ${cond('h', 'enterprise_id')}`,
  )
  const [hd] = await q<Record<string, string>>(`
    select count(*) filter (where status not in ('closed', 'rejected')) as open,
      count(*) filter (where severity = 'major' and status not in ('closed', 'rejected')) as major_open,
      count(*) filter (where deadline < app.today() and status not in ('closed', 'rejected')) as overdue,
      count(*) filter (where listing_level is not null and status <> 'closed') as listed,
      count(*) filter (where status = 'closed') as closed,
      count(*) filter (where status in ('registered', 'rectifying', 'pending_verification', 'closed')) as assessed
    from public.hidden_dangers d where ${cond('d', 'enterprise_id')}`)
  const weeks = await q<{ week: string; n: string }>(`
    select to_char(date_trunc('week', closed_at at time zone 'Asia/Shanghai'), 'YYYY-MM-DD') as week, count(*) as n from public.hidden_dangers d
    where closed_at is not null and ${cond('d', 'enterprise_id')} group by 1`)
  const res = where.enterprise
    ? []
    : await q<{ t: string; n: string }>(`select resource_type::text as t, count(*) as n from public.emergency_resources e where ${cond('e', null)} group by 1`)
  return {
    byLevel: Object.fromEntries([1, 2, 3, 4].map((l) => [String(l), Number(levels.find((x) => x.level === l)?.n ?? 0)])),
    byGrade: Object.fromEntries([1, 2, 3, 4].map((g) => [String(g), Number(grades.find((x) => x.major_grade === g)?.n ?? 0)])),
    hsTotal: Number(hs!.total),
    hsMajor: Number(hs!.major),
    hd: Object.fromEntries(Object.entries(hd!).map(([k, v]) => [k, Number(v)])),
    weeks: new Map(weeks.map((w) => [w.week, Number(w.n)])),
    resources: Object.fromEntries(res.map((r) => [r.t, Number(r.n)])),
  }
}

function checkSummary(s: any, e: Awaited<ReturnType<typeof expectedSummary>>) {
  expect(s.risk_points.by_level).toEqual(e.byLevel)
  expect(s.risk_points.total).toBe(Object.values(e.byLevel).reduce((a, b) => a + b, 0))
  expect(s.hazard_sources.by_grade).toEqual(e.byGrade)
  expect(s.hazard_sources.total).toBe(e.hsTotal)
  expect(s.hazard_sources.major).toBe(e.hsMajor)
  for (const k of ['open', 'major_open', 'overdue', 'listed', 'closed', 'assessed']) expect(s.hidden_dangers[k], k).toBe(e.hd[k])
  expect(s.hidden_dangers.rectification_rate).toBeCloseTo(e.hd.assessed ? e.hd.closed / e.hd.assessed : NaN, 4)
  expect(s.closures_by_week).toHaveLength(12)
  for (const w of s.closures_by_week) expect(w.closed, w.week_start).toBe(e.weeks.get(w.week_start) ?? 0)
  // consecutive Mondays ending with this week
  const mondays = s.closures_by_week.map((w: any) => new Date(`${w.week_start}T00:00:00Z`))
  for (let i = 1; i < mondays.length; i++) expect(mondays[i].getTime() - mondays[i - 1].getTime()).toBe(7 * 86400_000)
}

describe('wall_summary', () => {
  it('every figure equals an independent SQL count, for the command centre (the whole city)', async () => {
    const { data, error } = await as.command.rpc('wall_summary')
    expect(error).toBeNull()
    const e = await expectedSummary({})
    checkSummary(data, e)
    expect(data.emergency_resources).toEqual(e.resources)
    expect(data.hidden_dangers.open).toBeGreaterThan(0)
    // the named list of open major dangers: overdue first, then by deadline
    const { rows: majors } = await sql().query<{ id: string }>(`
      select id from public.hidden_dangers where severity = 'major' and status not in ('closed', 'rejected')
      order by (deadline < app.today()) desc nulls last, deadline nulls last, id limit 10`)
    expect(data.major_list.map((d: any) => d.id)).toEqual(majors.map((r) => r.id))
    expect(majors.length).toBeGreaterThan(0)
    expect(data.area).toBeNull()
    expect(Date.parse(data.watermark)).toBeGreaterThan(Date.now() - 5 * 60_000)
  })

  it('for one district, counts only what lies in it', async () => {
    const { data, error } = await as.command.rpc('wall_summary', { area_code: '440703' })
    expect(error).toBeNull()
    expect(data.area.code).toBe('440703')
    checkSummary(data, await expectedSummary({ area: '440703' }))
  })

  it('a regulator gets the figures of the jurisdiction only, even when asking for the city', async () => {
    const { data, error } = await as.regulator.rpc('wall_summary')
    expect(error).toBeNull()
    const e = await expectedSummary({ area: DEMO_REGULATOR_AREA })
    checkSummary(data, e)
    const all = await expectedSummary({})
    expect(data.risk_points.total).toBeLessThan(Object.values(all.byLevel).reduce((a, b) => a + b, 0))
  })

  it('an enterprise gets its own risk points, hazard sources and hidden dangers only', async () => {
    const { data, error } = await as.enterprise.rpc('wall_summary')
    expect(error).toBeNull()
    const e = await expectedSummary({ enterprise: DEMO_ENTERPRISE_ID })
    expect(data.risk_points.by_level).toEqual(e.byLevel)
    expect(data.hazard_sources.by_grade).toEqual(e.byGrade)
    for (const k of ['open', 'major_open', 'overdue', 'listed', 'closed']) expect(data.hidden_dangers[k], k).toBe(e.hd[k])
    expect(data.risk_points.total).toBeGreaterThan(0)
  })

  it('the public and a user without a staff role are refused', async () => {
    const anon = await anonClient().rpc('wall_summary')
    expect(anon.data).toBeNull()
    expect(anon.error?.code).toBe('42501')
    const none = await clientWithClaims({ sub: '00000000-0000-4000-8000-0000000000c2', role: 'authenticated', aud: 'authenticated', app_metadata: {} })
    const r = await none.rpc('wall_summary')
    expect(r.error?.code).toBe('42501')
    expect(r.error?.message).toMatch(/^wall_summary is for signed-in staff/)
  })

  it('refuses a malformed or unknown area code by name', async () => {
    const bad = await as.command.rpc('wall_summary', { area_code: '44-07' })
    expect(bad.error?.code).toBe('22023')
    expect(bad.error?.message).toBe('area_code must be an administrative code of 6 to 15 digits (got "44-07")')
    const unknown = await as.command.rpc('wall_summary', { area_code: '999999' })
    expect(unknown.error?.message).toBe('no area with code 999999')
  })
})

describe('wall_changes', () => {
  let site: { lon: number; lat: number }
  beforeAll(async () => {
    const { rows } = await sql().query<{ lon: number; lat: number }>(
      `select extensions.st_x(location) as lon, extensions.st_y(location) as lat from public.enterprises where id = $1`,
      [DEMO_ENTERPRISE_ID],
    )
    site = rows[0]!
  })

  it('a hidden danger created and assessed as major through the API appears after the watermark, with its alert', async () => {
    const { data: s0 } = await as.command.rpc('wall_summary')
    const w0 = s0.watermark as string
    // nothing of ours yet
    const before = await as.command.rpc('wall_changes', { since: w0 })
    expect(before.error).toBeNull()
    expect(before.data.hidden_dangers.filter((d: any) => d.title.startsWith(TAG))).toEqual([])

    const ins = await as.regulator
      .from('hidden_dangers')
      .insert({
        title: `${TAG} 储罐区防火堤破损`,
        source: 'inspection',
        location: `SRID=4326;POINT(${site.lon} ${site.lat})`,
      })
      .select('id')
      .single()
    expect(ins.error).toBeNull()
    const id = ins.data!.id as string
    const t = await as.regulator.rpc('transition_hidden_danger', {
      id,
      to_status: 'registered',
      details: { severity: 'major', listing_level: 'district', supervising_office: '江海区应急管理局' },
    })
    expect(t.error).toBeNull()

    const { data, error } = await as.command.rpc('wall_changes', { since: w0 })
    expect(error).toBeNull()
    const mine = data.hidden_dangers.filter((d: any) => d.id === id)
    expect(mine).toHaveLength(1)
    expect(mine[0]).toMatchObject({ status: 'registered', severity: 'major', listing_level: 'district', is_new: true })
    expect(mine[0].lon).toBeCloseTo(site.lon, 6)
    const alerts = data.alerts.filter((a: any) => a.id === id)
    expect(alerts.map((a: any) => a.kind)).toEqual(['new_major_danger'])
    expect(Date.parse(data.watermark)).toBeGreaterThanOrEqual(Date.parse(w0))

    // the summary moved with it
    const { data: s1 } = await as.command.rpc('wall_summary')
    expect(s1.hidden_dangers.major_open).toBe(s0.hidden_dangers.major_open + 1)
    expect(s1.hidden_dangers.listed).toBe(s0.hidden_dangers.listed + 1)

    // the enterprise does not see another party's danger in its feed
    const ent = await as.enterprise.rpc('wall_changes', { since: w0 })
    expect(ent.error).toBeNull()
    expect(ent.data.hidden_dangers.some((d: any) => d.id === id)).toBe(false)
    expect(ent.data.alerts.some((a: any) => a.id === id)).toBe(false)
  })

  it('returns rows after the watermark (minus its 5-second re-read window), not older ones', async () => {
    // one instant for both the call and the check: other files write dangers meanwhile (the native
    // pass shares one database), so a second Date.now() would draw a different line
    const since = new Date(Date.now() - 60_000).toISOString()
    const { data } = await as.command.rpc('wall_changes', { since })
    expect(data.reread_seconds).toBe(5)
    const got: string[] = data.hidden_dangers.map((d: any) => d.id)
    for (const d of data.hidden_dangers) expect(Date.parse(d.updated_at)).toBeGreaterThan(Date.parse(since) - 5000)
    // and the database agrees: none of what came back is older than the window (a row deleted since
    // by another file simply drops out of this check)
    const { rows: older } = await sql().query<{ id: string }>(
      `select id from public.hidden_dangers where id = any($1::uuid[]) and updated_at <= $2::timestamptz - interval '5 seconds'`,
      [got, since],
    )
    expect(older).toEqual([])
  })

  it('a risk point raised to red is logged and alerted; the log is append-only and follows RLS', async () => {
    const {
      rows: [rp],
    } = await sql().query<{ id: string; name: string; level: number; lec_l: number; lec_e: number; lec_c: number; method: string }>(
      `select id, name, level, lec_l, lec_e, lec_c, method from public.risk_points
       where area_code like $1 and level = 4 and method = 'lec' order by id limit 1`,
      [`${DEMO_REGULATOR_AREA}%`],
    )
    expect(rp).toBeTruthy()
    const { data: s0 } = await as.command.rpc('wall_summary')
    // L=10 E=10 C=40 → D = 4000 ≥ 320: red
    const up = await as.regulator.from('risk_points').update({ lec_l: 10, lec_e: 10, lec_c: 40 }).eq('id', rp!.id).select('level').single()
    expect(up.error).toBeNull()
    expect(up.data!.level).toBe(1)
    const { data } = await as.command.rpc('wall_changes', { since: s0.watermark })
    const change = data.risk_points.filter((r: any) => r.id === rp!.id)
    expect(change).toHaveLength(1)
    expect(change[0]).toMatchObject({ old_level: 4, new_level: 1 })
    expect(data.alerts.filter((a: any) => a.id === rp!.id).map((a: any) => a.kind)).toEqual(['level_raised_red'])

    const { rows: log } = await sql().query<{ id: string; old_level: number; new_level: number; actor_role: string }>(
      `select id, old_level, new_level, actor_role from public.risk_point_level_changes where risk_point_id = $1 order by id`,
      [rp!.id],
    )
    expect(log.map((l) => [l.old_level, l.new_level, l.actor_role])).toEqual([[4, 1, 'regulator']])

    // append-only for everyone: API roles have no write privilege, the superuser hits the trigger
    const svcDel = await serviceClient().from('risk_point_level_changes').delete().eq('risk_point_id', rp!.id)
    expect(svcDel.error?.code).toBe('42501')
    const admUpd = await as.admin.from('risk_point_level_changes').update({ new_level: 4 }).eq('risk_point_id', rp!.id)
    expect(admUpd.error?.code).toBe('42501')
    await expect(sql().exec(`update public.risk_point_level_changes set new_level = 4 where id = ${log[0]!.id}`)).rejects.toThrow(
      'the risk-point level log is append-only: update is not allowed',
    )
    await expect(sql().exec(`delete from public.risk_point_level_changes where id = ${log[0]!.id}`)).rejects.toThrow(
      'the risk-point level log is append-only: delete is not allowed',
    )
    await expect(sql().exec(`truncate public.risk_point_level_changes`)).rejects.toThrow('append-only: truncate')
    const forged = await as.admin.from('risk_point_level_changes').insert({ risk_point_id: rp!.id, new_level: 1, actor_role: 'admin' })
    expect(forged.error?.code).toBe('42501')

    // read: anon refused; regulator sees its area's rows; an out-of-area regulator and another enterprise do not
    expect((await anonClient().from('risk_point_level_changes').select('id')).error?.code).toBe('42501')
    const reg = await as.regulator.from('risk_point_level_changes').select('id').eq('risk_point_id', rp!.id)
    expect(reg.data).toHaveLength(1)
    const outside = await clientWithClaims({
      sub: '00000000-0000-4000-8000-0000000000c3',
      role: 'authenticated',
      aud: 'authenticated',
      app_metadata: { app_role: 'regulator', area_codes: ['440703'] },
    })
    expect((await outside.from('risk_point_level_changes').select('id').eq('risk_point_id', rp!.id)).data).toEqual([])
    const otherFeed = await outside.rpc('wall_changes', { since: s0.watermark })
    expect(otherFeed.data.risk_points.some((r: any) => r.id === rp!.id)).toBe(false)

    // put it back (a second, logged change)
    const back = await as.regulator
      .from('risk_points')
      .update({ lec_l: rp!.lec_l, lec_e: rp!.lec_e, lec_c: rp!.lec_c })
      .eq('id', rp!.id)
      .select('level')
      .single()
    expect(back.data!.level).toBe(rp!.level)
    const { rows: log2 } = await sql().query(`select 1 from public.risk_point_level_changes where risk_point_id = $1`, [rp!.id])
    expect(log2).toHaveLength(2)
    // a change that keeps the level is not logged
    const renamed = await as.regulator
      .from('risk_points')
      .update({ name: `${TAG} 改名` })
      .eq('id', rp!.id)
      .select('id')
    expect(renamed.data).toHaveLength(1)
    expect((await sql().query(`select 1 from public.risk_point_level_changes where risk_point_id = $1`, [rp!.id])).rows).toHaveLength(2)
    await as.regulator.from('risk_points').update({ name: rp!.name }).eq('id', rp!.id)
  })

  it('new_overdue: a deadline that passed after the watermark, for open dangers only', async () => {
    const ins = await as.regulator
      .from('hidden_dangers')
      .insert({
        title: `${TAG} 逾期测试`,
        source: 'inspection',
        location: `SRID=4326;POINT(${site.lon} ${site.lat})`,
      })
      .select('id')
      .single()
    expect(ins.error).toBeNull()
    const id = ins.data!.id as string
    // maintenance (superuser) backdates the deadline to yesterday: no API role can set a past deadline
    await sql().exec(`update public.hidden_dangers set status = 'rectifying', severity = 'general', deadline = app.today() - 1,
      rectification_measures = '整改', responsible_person = '王工', rectification_funds = 0 where id = '${id}'`)
    const since = new Date(Date.now() - 36 * 3600_000).toISOString()
    const { data, error } = await as.command.rpc('wall_changes', { since })
    expect(error).toBeNull()
    const overdue = data.alerts.filter((a: any) => a.kind === 'new_overdue')
    expect(overdue.some((a: any) => a.id === id)).toBe(true)
    const { rows } = await sql().query<{ id: string }>(
      `select id from public.hidden_dangers where status not in ('closed', 'rejected')
       and deadline >= app.city_date($1::timestamptz - interval '5 seconds') and deadline < app.today() order by id`,
      [since],
    )
    expect(overdue.map((a: any) => a.id).sort()).toEqual(rows.map((r) => r.id))
    // a watermark after today's midnight: the deadline passed before it, no alert
    const {
      rows: [mid],
    } = await sql().query<{ ms: string }>(`select (extract(epoch from app.today()::timestamp at time zone 'Asia/Shanghai') * 1000)::bigint::text as ms`)
    if (Date.now() - Number(mid!.ms) > 120_000) {
      const later = await as.command.rpc('wall_changes', { since: new Date(Date.now() - 60_000).toISOString() })
      expect(later.error).toBeNull()
      expect(later.data.alerts.some((a: any) => a.kind === 'new_overdue' && a.id === id)).toBe(false)
    }
  })

  it('reads by index: updated_at, the events and the log by time, open dangers by deadline', async () => {
    const claims = claimsOf('command')
    const since = `now() - interval '1 minute'`
    expect(await explain(`select * from public.hidden_dangers d where d.updated_at > ${since}`, claims)).toMatch(/hidden_dangers_updated_idx/)
    expect(await explain(`select * from public.hidden_danger_events e where e.at > ${since}`, claims)).toMatch(/hidden_danger_events_at_idx/)
    expect(await explain(`select * from public.risk_point_level_changes c where c.at > ${since}`, claims)).toMatch(/risk_point_level_changes_at_idx/)
    expect(await explain(`select * from public.risk_points r where r.created_at > ${since}`, claims)).toMatch(/risk_points_created_idx/)
    expect(
      await explain(
        `select * from public.hidden_dangers d where d.status not in ('closed', 'rejected')
      and d.deadline >= (now() - interval '1 day')::date and d.deadline < app.today()`,
        claims,
      ),
    ).toMatch(/hidden_dangers_open_deadline_idx/)
    // a regulator's RLS predicate does not stop the index either
    expect(await explain(`select * from public.hidden_dangers d where d.updated_at > ${since}`, claimsOf('regulator', { area_codes: ['440704'] }))).toMatch(
      /hidden_dangers_updated_idx/,
    )
  })

  it('refuses a missing, future or too old watermark, and the public', async () => {
    const none = await as.command.rpc('wall_changes', { since: null })
    expect(none.error?.code).toBe('22023')
    expect(none.error?.message).toMatch(/^since is required/)
    const future = await as.command.rpc('wall_changes', { since: new Date(Date.now() + 3600_000).toISOString() })
    expect(future.error?.message).toMatch(/is in the future; pass a watermark this service returned$/)
    const old = await as.command.rpc('wall_changes', { since: new Date(Date.now() - 8 * 86400_000).toISOString() })
    expect(old.error?.message).toMatch(/is more than 7 days back/)
    const anon = await anonClient().rpc('wall_changes', { since: new Date().toISOString() })
    expect(anon.error?.code).toBe('42501')
  })
})

describe('incident_report', () => {
  const P = { lon: 113.095, lat: 22.575 }

  /** Independent: every protective target with its geodesic distance, counted per ring and class. */
  async function expectedRings(centerSql: string, radii: number[]) {
    const { rows } = await sql().query<{ id: string; target_class: string; population: number; d: number }>(
      `select t.id, t.target_class::text, t.population, extensions.st_distance(t.geom::extensions.geography, (${centerSql})::extensions.geography) as d
       from public.protective_targets t`,
    )
    return radii.map((r) => {
      const inside = rows.filter((x) => x.d <= r)
      return {
        radius_m: r,
        count: inside.length,
        population: inside.reduce((a, x) => a + x.population, 0),
        byClass: Object.fromEntries(
          ['high_sensitivity', 'important', 'general_1', 'general_2', 'general_3'].map((c) => {
            const xs = inside.filter((x) => x.target_class === c)
            return [c, { count: xs.length, population: xs.reduce((a, x) => a + x.population, 0) }]
          }),
        ),
        ids: inside.sort((a, b) => a.d - b.d).map((x) => x.id),
      }
    })
  }

  it('targets per ring and class with population equal an independent ST_Distance count (point)', async () => {
    const { data, error } = await as.command.rpc('incident_report', { lon: P.lon, lat: P.lat, radii_m: [3000, 500, 1000, 1000] })
    expect(error).toBeNull()
    expect(data.radii_m).toEqual([500, 1000, 3000])
    const exp = await expectedRings(`extensions.st_setsrid(extensions.st_makepoint(${P.lon}, ${P.lat}), 4326)`, [500, 1000, 3000])
    for (let i = 0; i < exp.length; i++) {
      expect(data.rings[i].radius_m).toBe(exp[i]!.radius_m)
      expect(data.rings[i].count, `${exp[i]!.radius_m} m`).toBe(exp[i]!.count)
      expect(data.rings[i].population).toBe(exp[i]!.population)
      expect(data.rings[i].by_class).toEqual(exp[i]!.byClass)
    }
    expect(exp[2]!.count).toBeGreaterThan(exp[0]!.count)
    expect(data.targets_total).toBe(exp[2]!.count)
    expect(data.targets.map((t: any) => t.id)).toEqual(exp[2]!.ids)
    for (const t of data.targets) expect(t.ring_m).toBe([500, 1000, 3000].find((r) => r >= t.distance_m))
  })

  it('around a hazard source: distances from its shape', async () => {
    const {
      rows: [h],
    } = await sql().query<{ id: string }>(`select id from public.hazard_sources where is_major order by major_grade, id limit 1`)
    const { data, error } = await as.command.rpc('incident_report', { hazard_source_id: h!.id, radii_m: [1000, 2000] })
    expect(error).toBeNull()
    expect(data.hazard_source.id).toBe(h!.id)
    const exp = await expectedRings(`select geom from public.hazard_sources where id = '${h!.id}'`, [1000, 2000])
    expect(data.rings.map((r: any) => [r.count, r.population])).toEqual(exp.map((r) => [r.count, r.population]))
    // an enterprise may not look at another enterprise's hazard source
    const {
      rows: [other],
    } = await sql().query<{ id: string }>(`select id from public.hazard_sources where enterprise_id <> $1 limit 1`, [DEMO_ENTERPRISE_ID])
    const ent = await as.enterprise.rpc('incident_report', { hazard_source_id: other!.id })
    expect(ent.error?.code).toBe('42501')
    expect(ent.error?.message).toBe(`hazard source ${other!.id} not found or not visible to you`)
  })

  it('refuses bad input with a reason, and the public', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ lon: P.lon, lat: P.lat, radii_m: [] }, /^radii_m must list 1 to 8 ring radii/],
      [{ lon: P.lon, lat: P.lat, radii_m: [500, -1] }, /above 0 and at most 50000 \(got -1\)/],
      [{ lon: P.lon, lat: P.lat, radii_m: [60000] }, /\(got 60000\)/],
      [{ lon: P.lon, lat: P.lat, radii_m: [1, 2, 3, 4, 5, 6, 7, 8, 9] }, /lists 9 radii; at most 8 rings/],
      [{ lon: 200, lat: P.lat }, /lon in \[-180, 180\] and lat in \[-90, 90\] \(got 200, /],
      [{ lat: P.lat }, /\(got null, /],
      [{ lon: P.lon, lat: P.lat, hazard_source_id: '00000000-0000-4000-8000-000000000000' }, /either a point \(lon, lat\) or a hazard_source_id, not both/],
    ]
    for (const [args, msg] of cases) {
      const { error } = await as.command.rpc('incident_report', args)
      expect(error?.code, JSON.stringify(args)).toBe('22023')
      expect(error?.message, JSON.stringify(args)).toMatch(msg)
    }
    const unknown = await as.command.rpc('incident_report', { hazard_source_id: '00000000-0000-4000-8000-000000000000' })
    expect(unknown.error?.code).toBe('42501')
    expect((await anonClient().rpc('incident_report', { lon: P.lon, lat: P.lat })).error?.code).toBe('42501')
  })
})

describe('nearest_emergency_resources', () => {
  const P = { lon: 113.08, lat: 22.58 }

  async function expectedRanking(n: number, type: string | null) {
    const { rows } = await sql().query<{ id: string; d: number }>(
      `select id, extensions.st_distance(location::extensions.geography,
         extensions.st_setsrid(extensions.st_makepoint($1, $2), 4326)::extensions.geography) as d
       from public.emergency_resources where $3::text is null or resource_type::text = $3
       order by d, id limit $4`,
      [P.lon, P.lat, type, n],
    )
    return rows
  }

  it('ranks by geodesic distance exactly as an independent ST_Distance ordering', async () => {
    for (const [n, type] of [
      [5, null],
      [15, null],
      [2, 'fire_station'],
      [3, 'shelter'],
    ] as const) {
      const { data, error } = await as.command.rpc('nearest_emergency_resources', { lon: P.lon, lat: P.lat, n, type })
      expect(error).toBeNull()
      const exp = await expectedRanking(n, type)
      expect(exp.length).toBeGreaterThan(0)
      expect(
        data.map((r: any) => r.id),
        `${n} ${type}`,
      ).toEqual(exp.map((r) => r.id))
      data.forEach((r: any, i: number) => {
        expect(r.rank).toBe(i + 1)
        expect(r.distance_m).toBeCloseTo(exp[i]!.d, 0)
        if (type) expect(r.resource_type).toBe(type)
      })
    }
  })

  it('uses the GiST index of location::geography for the KNN and the distance search', async () => {
    const p = `extensions.st_setsrid(extensions.st_makepoint(${P.lon}, ${P.lat}), 4326)::extensions.geography`
    const knn = await explain(
      `select r.location from public.emergency_resources r
      order by r.location::extensions.geography operator(extensions.<->) ${p} limit 5`,
      '',
      true,
    )
    expect(knn).toMatch(/Index Scan using emergency_resources_location_geog_idx/)
    expect(knn).toMatch(/Order By/)
    const within = await explain(
      `select r.id from public.emergency_resources r
      where extensions.st_dwithin(r.location::extensions.geography, ${p}, 5000)`,
      '',
      true,
    )
    expect(within).toMatch(/emergency_resources_location_geog_idx/)
  })

  it('refuses bad input with a reason, and the public', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ lon: P.lon, lat: P.lat, n: 0 }, /^n must be from 1 to 100 \(got 0\)$/],
      [{ lon: P.lon, lat: P.lat, n: 101 }, /\(got 101\)/],
      [{ lon: P.lon, lat: 91 }, /lat in \[-90, 90\] \(got 113.08, 91\)/],
      [{ lon: P.lon, lat: P.lat, type: 'boat' }, /^unknown emergency resource type "boat": expected one of rescue_team, fire_station/],
    ]
    for (const [args, msg] of cases) {
      const { error } = await as.command.rpc('nearest_emergency_resources', args)
      expect(error?.code, JSON.stringify(args)).toBe('22023')
      expect(error?.message, JSON.stringify(args)).toMatch(msg)
    }
    expect((await anonClient().rpc('nearest_emergency_resources', { lon: P.lon, lat: P.lat })).error?.code).toBe('42501')
  })
})
