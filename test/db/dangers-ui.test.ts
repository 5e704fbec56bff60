// What the hidden-danger page (#/dangers) reads, through supabase-js → gateway → PostgREST:
// the hidden_danger_list view (RLS per role, overdue/listed flags, index use for its filters) and
// allowed_hidden_danger_transitions (compared with the rules table AND with what
// transition_hidden_danger really accepts, for every status × role).
import { describe, it, expect, beforeAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, signIn, clientWithClaims, sql, useStack } from '../helpers/stack.ts'
import { DEMO_USERS, DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA, type AppRole } from '../../supabase/seed/demo-users.ts'
import { areaCodeRange, searchFilter } from '../../src/data/dangers.ts'

useStack()

const STATUSES = ['reported', 'registered', 'rectifying', 'pending_verification', 'closed', 'rejected'] as const
type Status = (typeof STATUSES)[number]
const ROLES = ['admin', 'regulator', 'planner', 'command', 'enterprise'] as const
const OUT_OF_SCOPE_AREA = '440703'

const clients = {} as Record<AppRole | 'regulator_out' | 'enterprise_other', SupabaseClient>
let today: string
let site: { lon: number; lat: number }
let otherEnterpriseId: string

const inDays = (n: number) => {
  const t = new Date(`${today}T00:00:00Z`)
  t.setUTCDate(t.getUTCDate() + n)
  return t.toISOString().slice(0, 10)
}

beforeAll(async () => {
  for (const role of ROLES) {
    const u = DEMO_USERS.find((x) => x.role === role)!
    clients[role] = await signIn(u.email, u.password)
  }
  clients.regulator_out = await clientWithClaims({
    sub: '00000000-0000-4000-8000-0000000000c3',
    role: 'authenticated',
    aud: 'authenticated',
    app_metadata: { app_role: 'regulator', area_codes: [OUT_OF_SCOPE_AREA] },
  })
  const { rows: others } = await sql().query<{ id: string }>(`select id from public.enterprises where area_code like $1 and id <> $2 order by id limit 1`, [
    `${DEMO_REGULATOR_AREA}%`,
    DEMO_ENTERPRISE_ID,
  ])
  otherEnterpriseId = others[0].id
  clients.enterprise_other = await clientWithClaims({
    sub: '00000000-0000-4000-8000-0000000000c5',
    role: 'authenticated',
    aud: 'authenticated',
    app_metadata: { app_role: 'enterprise', enterprise_id: otherEnterpriseId },
  })
  const { rows } = await sql().query<{ today: string; lon: number; lat: number }>(
    `select app.today()::text as today, extensions.st_x(location) as lon, extensions.st_y(location) as lat
     from public.enterprises where id = $1`,
    [DEMO_ENTERPRISE_ID],
  )
  today = rows[0].today
  site = { lon: rows[0].lon, lat: rows[0].lat }
}, 120_000)

let seq = 0
/** Dangers of the demo enterprise in any state, inserted by the superuser; ids in order. */
async function createDangers(specs: { status: Status; severity?: 'general' | 'major'; deadline?: string | null }[]): Promise<string[]> {
  const tag = `${Date.now().toString(36)}-${(seq++).toString(36)}`
  const recs = specs.map((s, i) => {
    const after = (x: Status) => STATUSES.indexOf(s.status) >= STATUSES.indexOf(x) && s.status !== 'rejected'
    const major = s.severity === 'major'
    return {
      title: `隐患页面测试 ${tag}-${i}`,
      status: s.status,
      severity: s.severity ?? (s.status === 'reported' || s.status === 'rejected' ? null : 'general'),
      deadline: s.deadline !== undefined ? s.deadline : after('rectifying') ? inDays(30) : null,
      measures: after('rectifying') ? '更换防爆电气' : null,
      person: after('rectifying') ? '张工' : null,
      funds: after('rectifying') ? 1000 : null,
      done: after('pending_verification') ? '已更换' : null,
      verifier: s.status === 'closed' ? '李科长' : null,
      verified_at: s.status === 'closed' ? today : null,
      listing_level: major ? 'district' : null,
      listing_date: major ? today : null,
      office: major ? '江海区应急管理局' : null,
    }
  })
  const { rows } = await sql().query<{ id: string; title: string }>(
    `insert into public.hidden_dangers (title, enterprise_id, status, severity, location, deadline, rectification_measures,
       responsible_person, rectification_funds, rectification_done, verified_by, verified_at, closed_at,
       listing_level, listing_date, supervising_office)
     select r.title, $2::uuid, r.status, r.severity, extensions.st_setsrid(extensions.st_makepoint($3, $4), 4326), r.deadline,
       r.measures, r.person, r.funds, r.done, r.verifier, r.verified_at, case when r.status = 'closed' then now() end,
       r.listing_level, r.listing_date, r.office
     from jsonb_to_recordset($1::jsonb) as r(title text, status public.hidden_danger_status, severity public.hidden_danger_severity,
       deadline date, measures text, person text, funds numeric, done text, verifier text, verified_at date,
       listing_level public.listing_level, listing_date date, office text)
     returning id, title`,
    [JSON.stringify(recs), DEMO_ENTERPRISE_ID, site.lon, site.lat],
  )
  const byTitle = new Map(rows.map((r) => [r.title, r.id]))
  return recs.map((r) => byTitle.get(r.title)!)
}

/** The rows each role may read, counted independently from DOMAIN.md's rules (superuser SQL). */
const SCOPE_SQL: Record<(typeof ROLES)[number], string> = {
  admin: 'true',
  command: 'true',
  planner: 'true',
  regulator: `area_code like '${DEMO_REGULATOR_AREA}%'`,
  enterprise: `enterprise_id = '${DEMO_ENTERPRISE_ID}'`,
}

describe('hidden_danger_list: RLS per role', () => {
  it.each(ROLES)('%s sees exactly its scope, in total and with a status filter', async (role) => {
    const all = await sql().query<{ n: number }>(`select count(*)::int as n from public.hidden_dangers where ${SCOPE_SQL[role]}`)
    const rect = await sql().query<{ n: number }>(`select count(*)::int as n from public.hidden_dangers where ${SCOPE_SQL[role]} and status = 'rectifying'`)
    const got = await clients[role].from('hidden_danger_list').select('id', { count: 'exact', head: true })
    expect(got.error).toBeNull()
    expect(got.count).toBe(all.rows[0].n)
    expect(got.count).toBeGreaterThan(0)
    const f = await clients[role].from('hidden_danger_list').select('id', { count: 'exact', head: true }).eq('status', 'rectifying')
    expect(f.count).toBe(rect.rows[0].n)
  })

  it('a regulator never gets a row outside the jurisdiction; an enterprise only its own', async () => {
    const reg = await clients.regulator.from('hidden_danger_list').select('area_code').limit(10000)
    expect(reg.data!.length).toBeGreaterThan(0)
    expect(reg.data!.every((r) => r.area_code.startsWith(DEMO_REGULATOR_AREA))).toBe(true)
    const ent = await clients.enterprise.from('hidden_danger_list').select('enterprise_id').limit(10000)
    expect(ent.data!.length).toBeGreaterThan(0)
    expect(ent.data!.every((r) => r.enterprise_id === DEMO_ENTERPRISE_ID)).toBe(true)
  })

  it('the area filter (a code range, as the page sends it) equals a prefix match, for every district and street', async () => {
    const { rows: want } = await sql().query<{ code: string; n: number }>(
      `select a.code, (select count(*)::int from public.hidden_dangers d where d.area_code like a.code || '%') as n
       from public.areas a where a.level in ('district', 'street') order by a.code`,
    )
    expect(want.some((w) => w.n > 0)).toBe(true)
    const bad: string[] = []
    for (const w of want.filter((x) => x.n > 0 || x.code.length === 6)) {
      const [lo, hi] = areaCodeRange(w.code)
      const r = await clients.admin.from('hidden_danger_list').select('id', { count: 'exact', head: true }).gte('area_code', lo).lt('area_code', hi)
      if (r.count !== w.n) bad.push(`${w.code}: ${r.count} ≠ ${w.n}`)
    }
    expect(bad).toEqual([])
  })

  it('anon is refused', async () => {
    const r = await anonClient().from('hidden_danger_list').select('id').limit(1)
    expect(r.data).toBeNull()
    expect(r.error?.message).toBe('permission denied for view hidden_danger_list')
  })

  it('is read-only for every API role: no write privilege on the view', async () => {
    const { rows } = await sql().query<{ role: string; priv: string; granted: boolean }>(
      `select r.role, p.priv, has_table_privilege(r.role, 'public.hidden_danger_list', p.priv) as granted
       from unnest(array['anon', 'authenticated', 'service_role']) r(role),
            unnest(array['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) p(priv)`,
    )
    expect(rows.length).toBe(12)
    expect(rows.filter((r) => r.granted)).toEqual([])
    const { rows: sel } = await sql().query<{ ok: boolean }>(`select has_table_privilege('authenticated', 'public.hidden_danger_list', 'SELECT') as ok`)
    expect(sel[0].ok).toBe(true)
  })

  it('overdue, listed, district and enterprise name agree with independent SQL for every row', async () => {
    const { rows: want } = await sql().query<{ id: string; overdue: boolean; listed: boolean; district: string | null; ent: string | null }>(
      `select d.id, (d.deadline < app.today() and d.status not in ('closed', 'rejected')) is true as overdue,
         (d.listing_level is not null and d.status <> 'closed') as listed,
         (select a.name from public.areas a where a.level = 'district' and d.area_code like a.code || '%') as district,
         (select e.name from public.enterprises e where e.id = d.enterprise_id) as ent
       from public.hidden_dangers d`,
    )
    const got = await clients.admin.from('hidden_danger_list').select('id, overdue, listed, district_name, enterprise_name').limit(100000)
    expect(got.error).toBeNull()
    const byId = new Map(got.data!.map((r) => [r.id, r]))
    expect(byId.size).toBe(want.length)
    const bad = want.filter((w) => {
      const g = byId.get(w.id)
      return !g || g.overdue !== w.overdue || g.listed !== w.listed || g.district_name !== w.district || g.enterprise_name !== w.ent
    })
    expect(bad).toEqual([])
    expect(want.some((w) => w.overdue)).toBe(true)
  })

  it('a past deadline makes a fresh danger overdue; closing it clears the flag', async () => {
    const [late, closed] = await createDangers([
      { status: 'rectifying', deadline: inDays(-3) },
      { status: 'closed', deadline: inDays(-3) },
    ])
    const r = await clients.regulator.from('hidden_danger_list').select('id, overdue').in('id', [late, closed])
    expect(Object.fromEntries(r.data!.map((x) => [x.id, x.overdue]))).toEqual({ [late]: true, [closed]: false })
    const f = await clients.regulator.from('hidden_danger_list').select('id').eq('overdue', true).in('id', [late, closed])
    expect(f.data!.map((x) => x.id)).toEqual([late])
  })
})

describe('hidden_danger_list: search and "most overdue first", as the page sends them', () => {
  it("finds words in the title, the enterprise name or the tracking code, within the caller's scope", async () => {
    const {
      rows: [ent],
    } = await sql().query<{ name: string }>(`select name from public.enterprises where id = $1`, [DEMO_ENTERPRISE_ID])
    const word = ent.name.slice(0, 2)
    for (const role of ['regulator', 'enterprise', 'admin'] as const) {
      const got = await clients[role].from('hidden_danger_list').select('id').or(searchFilter(word)!).limit(100000)
      expect(got.error, role).toBeNull()
      const { rows: want } = await sql().query<{ id: string }>(
        `select d.id from public.hidden_dangers d left join public.enterprises e on e.id = d.enterprise_id
         where (d.title ilike $1 or e.name ilike $1 or d.tracking_code ilike $1) and ${SCOPE_SQL[role].replace(/\b(area_code|enterprise_id)\b/g, 'd.$1')}`,
        [`%${word}%`],
      )
      expect(got.data!.map((r) => r.id).sort(), role).toEqual(want.map((r) => r.id).sort())
      expect(want.length, role).toBeGreaterThan(0)
    }
  })

  it('treats %, _, commas, quotes and parentheses as characters, not as syntax', async () => {
    const [odd, plain] = await createDangers([{ status: 'reported' }, { status: 'reported' }])
    await sql().query(`update public.hidden_dangers set title = $2 where id = $1`, [odd, '储罐 50%_"液位(计),失灵'])
    await sql().query(`update public.hidden_dangers set title = $2 where id = $1`, [plain, '储罐 5000 液位计正常'])
    const find = async (text: string) => {
      const r = await clients.regulator.from('hidden_danger_list').select('id').or(searchFilter(text)!).in('id', [odd, plain])
      expect(r.error, text).toBeNull()
      return r.data!.map((x) => x.id).sort()
    }
    expect(await find('50%')).toEqual([odd])
    expect(await find('%_"')).toEqual([odd])
    // "_" is not "any character": 5000 has no "0_" in it
    expect(await find('0_')).toEqual([])
    expect(await find('(计),失')).toEqual([odd])
    expect(await find('储罐 50')).toEqual([odd, plain].sort())
    expect(await find('50%_"液位(计),失灵 ')).toEqual([odd])
  })

  it('most overdue first: overdue ones by the oldest deadline, then the rest', async () => {
    const ids = await createDangers([
      { status: 'rectifying', deadline: inDays(-2) },
      { status: 'rectifying', deadline: inDays(-40) },
      { status: 'rectifying', deadline: inDays(5) },
      { status: 'closed', deadline: inDays(-90) },
    ])
    const r = await clients.regulator
      .from('hidden_danger_list')
      .select('id, overdue, deadline')
      .in('id', ids)
      .order('overdue', { ascending: false })
      .order('deadline', { ascending: true, nullsFirst: false })
      .order('id')
    expect(r.error).toBeNull()
    expect(r.data!.map((x) => x.id)).toEqual([ids[1], ids[0], ids[3], ids[2]])
  })
})

describe('hidden_danger_list: the common filters can use indexes under RLS', () => {
  const indexesIn = (lines: string[]) => lines.join('\n').match(/(?:Index|Index Only|Bitmap Index) Scan(?: Backward)? (?:using|on) \w+/g) ?? []
  /** EXPLAIN as the regulator (role authenticated + its claims), seq scans off: the plan the
   * planner would take at a scale where a sequential scan is no longer cheaper. */
  async function explainAsRegulator(where: string, tail = ''): Promise<string[]> {
    const claims = JSON.stringify({ role: 'authenticated', sub: DEMO_USERS[1].id, app_metadata: { app_role: 'regulator', area_codes: [DEMO_REGULATOR_AREA] } })
    await sql().query(`create or replace function pg_temp.dangers_ui_explain(claims text, q text) returns setof text
      language plpgsql as $f$
      begin
        perform set_config('request.jwt.claims', claims, true);
        perform set_config('enable_seqscan', 'off', true);
        set local role authenticated;
        return query execute 'explain ' || q;
      end $f$`)
    const { rows } = await sql().query<{ line: string }>(`select pg_temp.dangers_ui_explain($1, $2) as line`, [
      claims,
      `select id, title, status from public.hidden_danger_list where ${where} ${tail}`,
    ])
    expect((await sql().query('show enable_seqscan')).rows[0].enable_seqscan).toBe('on')
    return rows.map((r) => r.line)
  }

  it.each([
    // enum = is not leakproof, so under RLS no index can take the status filter itself; a page
    // with it is read in the order of the sort's index and stops at the page size.
    // (the wall's partial index of open dangers by deadline serves these too, and wins when present)
    ['status (a page sorted by deadline)', `status = 'rectifying'`, 'order by deadline limit 50', /hidden_dangers_(open_)?deadline_idx/],
    ['overdue', `overdue = true`, '', /hidden_dangers_(open_)?deadline_idx/],
    // LIKE is not leakproof either: the list filters an area as a code range (text >= and < are).
    ['area', `area_code >= '440704' and area_code < '440705'`, '', /hidden_dangers_area_range_idx/],
    ['listed', `listed = true`, '', /hidden_dangers_listed_idx/],
    ['a page sorted by deadline', `true`, 'order by deadline limit 50', /hidden_dangers_deadline_idx/],
    ['a page sorted by found date', `true`, 'order by found_at desc limit 50', /hidden_dangers_found_idx/],
  ])('%s', async (_name, where, tail, want) => {
    await sql().query('analyze public.hidden_dangers')
    const plan = await explainAsRegulator(where, tail)
    const used = indexesIn(plan).filter((x) => /hidden_dangers_/.test(x))
    console.log(`[explain] ${where}: ${used.join(', ') || plan.join(' | ')}`)
    expect(used.some((x) => want.test(x))).toBe(true)
  })
})

describe('allowed_hidden_danger_transitions', () => {
  it("equals the rules table (plus the regulator's re-assessment) for every status × role", async () => {
    const { rows: rules } = await sql().query<{ from_status: Status; to_status: Status; roles: string[]; required_details: string[]; note_required: boolean }>(
      `select from_status::text, to_status::text, roles, required_details, note_required from public.hidden_danger_transitions`,
    )
    const ids = await createDangers(STATUSES.map((status) => ({ status })))
    for (const role of ROLES) {
      for (const [i, status] of STATUSES.entries()) {
        const r = await clients[role].rpc('allowed_hidden_danger_transitions', { id: ids[i] })
        expect.soft(r.error, `${role} ${status}`).toBeNull()
        const got = (r.data ?? [])
          .map((x: any) => ({ to: x.to_status, req: x.required_details, note: x.note_required, kind: x.kind }))
          .sort((a: any, b: any) => `${a.kind}${a.to}`.localeCompare(`${b.kind}${b.to}`))
        const want = rules
          .filter((x) => x.from_status === status && x.roles.includes(role))
          .map((x) => ({ to: x.to_status, req: x.required_details, note: x.note_required, kind: 'transition' }))
        // DOMAIN.md: a regulator may raise a general danger to major (with its listing) while it is open.
        if ((role === 'admin' || role === 'regulator') && ['registered', 'rectifying', 'pending_verification'].includes(status)) {
          want.push({ to: status, req: ['severity', 'listing_level', 'supervising_office'], note: false, kind: 'reassess' })
        }
        want.sort((a, b) => `${a.kind}${a.to}`.localeCompare(`${b.kind}${b.to}`))
        expect.soft(got, `${role} ${status}`).toEqual(want)
      }
    }
  })

  it('lists exactly what transition_hidden_danger accepts, for every status × target × role', async () => {
    const completeArgs = (from: Status, to: Status): { note: string | null; details: Record<string, unknown> } => {
      if (from === to) return { note: null, details: { severity: 'major', listing_level: 'district', supervising_office: '江海区应急管理局' } }
      switch (`${from}>${to}`) {
        case 'reported>registered':
          return { note: null, details: { severity: 'general' } }
        case 'reported>rejected':
          return { note: '举报不属实', details: {} }
        case 'registered>rectifying':
          return { note: null, details: { measures: '更换', responsible_person: '王经理', funds: 100, deadline: inDays(10) } }
        case 'rectifying>pending_verification':
          return { note: null, details: { done: '已更换' } }
        case 'pending_verification>closed':
          return { note: null, details: { verifier: '赵科员', verified_at: today } }
        case 'pending_verification>rectifying':
          return { note: '仍不合格', details: {} }
        default:
          return { note: '任意', details: { severity: 'general' } }
      }
    }
    const who = [...ROLES, 'regulator_out', 'enterprise_other'] as const
    const cells = who.flatMap((role) => STATUSES.flatMap((from) => STATUSES.map((to) => ({ role, from, to }))))
    const ids = await createDangers(cells.map((c) => ({ status: c.from })))
    const mismatches: string[] = []
    for (const [k, c] of cells.entries()) {
      const client = clients[c.role]
      const allowed = await client.rpc('allowed_hidden_danger_transitions', { id: ids[k] })
      const listed = !allowed.error && (allowed.data ?? []).some((x: any) => x.to_status === c.to)
      const args = completeArgs(c.from, c.to)
      const done = await client.rpc('transition_hidden_danger', { id: ids[k], to_status: c.to, note: args.note, details: args.details })
      if (listed !== !done.error) {
        mismatches.push(`${c.role} ${c.from}→${c.to}: listed=${listed}, transition ${done.error ? `refused (${done.error.message})` : 'accepted'}`)
      }
      if (c.role === 'regulator_out' || c.role === 'enterprise_other') {
        if (allowed.error?.message !== `hidden danger ${ids[k]} not found or not visible to you`) mismatches.push(`${c.role}: ${allowed.error?.message}`)
      }
    }
    expect(mismatches).toEqual([])
    expect(cells.length).toBe(7 * 36)
  }, 400_000)

  it('an enterprise may register as general only; a regulator as general or major', async () => {
    const [id] = await createDangers([{ status: 'reported' }])
    const ent = await clients.enterprise.rpc('allowed_hidden_danger_transitions', { id })
    expect(ent.data.find((x: any) => x.to_status === 'registered').severities).toEqual(['general'])
    const reg = await clients.regulator.rpc('allowed_hidden_danger_transitions', { id })
    expect(reg.data.find((x: any) => x.to_status === 'registered').severities).toEqual(['general', 'major'])
  })

  it('no re-assessment is offered for a danger that is already major', async () => {
    const [id] = await createDangers([{ status: 'rectifying', severity: 'major' }])
    const reg = await clients.regulator.rpc('allowed_hidden_danger_transitions', { id })
    expect(reg.error).toBeNull()
    expect(reg.data.map((x: any) => x.kind)).toEqual(['transition'])
  })

  it('anon may not call it; a bad id is refused with a message', async () => {
    const [id] = await createDangers([{ status: 'reported' }])
    const a = await anonClient().rpc('allowed_hidden_danger_transitions', { id })
    expect(a.error?.message).toBe('permission denied for function allowed_hidden_danger_transitions')
    const missing = '00000000-0000-4000-8000-00000000dead'
    const m = await clients.admin.rpc('allowed_hidden_danger_transitions', { id: missing })
    expect(m.error?.message).toBe(`hidden danger ${missing} not found or not visible to you`)
  })
})
