// The hidden-danger closed loop (隐患排查、登记、评估、报告、监控、治理、核销全过程记录及闭环管理)
// through supabase-js → gateway → PostgREST → PostgreSQL: every transition for every role,
// the details each transition needs, direct writes refused, append-only history, overdue and
// per-area statistics. The expected rules are written out here from DOMAIN.md, not read from
// the database, and the database's transition table is checked against them.
import { describe, it, expect, beforeAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, serviceClient, signIn, clientWithClaims, sql, useStack } from '../helpers/stack.ts'
import { settled } from '../helpers/settled.ts'
import { DEMO_USERS, DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA, type AppRole } from '../../supabase/seed/demo-users.ts'

useStack()

const STATUSES = ['reported', 'registered', 'rectifying', 'pending_verification', 'closed', 'rejected'] as const
type Status = (typeof STATUSES)[number]

/** The closed loop as DOMAIN.md describes it: who may move a danger from where to where. */
const RULES: Record<string, { roles: AppRole[]; note?: boolean }> = {
  'reported>registered': { roles: ['admin', 'regulator', 'enterprise'] },
  'reported>rejected': { roles: ['admin', 'regulator'], note: true },
  'registered>rectifying': { roles: ['admin', 'regulator', 'enterprise'] },
  'rectifying>pending_verification': { roles: ['admin', 'regulator', 'enterprise'] },
  'pending_verification>closed': { roles: ['admin', 'regulator'] },
  'pending_verification>rectifying': { roles: ['admin', 'regulator'], note: true },
}

/** The roles of the matrix: the five app roles, out-of-scope variants, and the public. */
const MATRIX_ROLES = ['admin', 'regulator', 'regulator_out_of_scope', 'planner', 'command', 'enterprise', 'enterprise_not_owner', 'anon'] as const
type MatrixRole = (typeof MATRIX_ROLES)[number]

const OUT_OF_SCOPE_AREA = '440703'
const REGULATOR_OUT_SUB = '00000000-0000-4000-8000-0000000000b3'
const OTHER_ENTERPRISE_SUB = '00000000-0000-4000-8000-0000000000b5'

const userOf = (role: AppRole) => {
  const u = DEMO_USERS.find((x) => x.role === role)
  if (!u) throw new Error(`no demo user with role ${role}`)
  return u
}

interface Actor {
  client: SupabaseClient
  /** JWT sub, or null for anon. */
  sub: string | null
  email: string | null
  /** The app role recorded on events. */
  appRole: string | null
}

const actors = {} as Record<MatrixRole, Actor>
let service: SupabaseClient
let today: string
let inDays: (n: number) => string
let site: { lon: number; lat: number }
let otherEnterpriseId: string

beforeAll(async () => {
  service = serviceClient()
  for (const role of ['admin', 'regulator', 'planner', 'command', 'enterprise'] as const) {
    const u = userOf(role)
    actors[role] = { client: await signIn(u.email, u.password), sub: u.id, email: u.email, appRole: role }
  }
  actors.regulator_out_of_scope = {
    client: await clientWithClaims({
      sub: REGULATOR_OUT_SUB,
      role: 'authenticated',
      aud: 'authenticated',
      app_metadata: { app_role: 'regulator', area_codes: [OUT_OF_SCOPE_AREA] },
    }),
    sub: REGULATOR_OUT_SUB,
    email: null,
    appRole: 'regulator',
  }
  const { rows: others } = await sql().query<{ id: string }>(`select id from public.enterprises where area_code like $1 and id <> $2 order by id limit 1`, [
    `${DEMO_REGULATOR_AREA}%`,
    DEMO_ENTERPRISE_ID,
  ])
  otherEnterpriseId = others[0].id
  actors.enterprise_not_owner = {
    client: await clientWithClaims({
      sub: OTHER_ENTERPRISE_SUB,
      role: 'authenticated',
      aud: 'authenticated',
      app_metadata: { app_role: 'enterprise', enterprise_id: otherEnterpriseId },
    }),
    sub: OTHER_ENTERPRISE_SUB,
    email: null,
    appRole: 'enterprise',
  }
  actors.anon = { client: anonClient(), sub: null, email: null, appRole: null }

  const { rows: d } = await sql().query<{ today: string; lon: number; lat: number }>(
    `select app.today()::text as today, extensions.st_x(location) as lon, extensions.st_y(location) as lat
     from public.enterprises where id = $1`,
    [DEMO_ENTERPRISE_ID],
  )
  today = d[0].today
  inDays = (n: number) => {
    const t = new Date(`${today}T00:00:00Z`)
    t.setUTCDate(t.getUTCDate() + n)
    return t.toISOString().slice(0, 10)
  }
  site = { lon: d[0].lon, lat: d[0].lat }
}, 120_000)

// ---------------------------------------------------------------------------------------------
// Fixtures: dangers inserted by the superuser (the guard lets maintenance write) in any state.

interface DangerSpec {
  status: Status
  severity?: 'general' | 'major' | null
  enterprise?: string | null
  deadline?: string | null
  lon?: number
  lat?: number
  listing?: boolean
}

let seq = 0
/** Inserts dangers in one statement; returns their ids in order. */
async function createDangers(specs: DangerSpec[]): Promise<string[]> {
  const tag = `${Date.now().toString(36)}-${(seq++).toString(36)}`
  const recs = specs.map((s, i) => {
    const after = (x: Status) => STATUSES.indexOf(s.status) >= STATUSES.indexOf(x) && s.status !== 'rejected'
    return {
      title: `生命周期测试 ${tag}-${i}`,
      enterprise_id: s.enterprise === undefined ? DEMO_ENTERPRISE_ID : s.enterprise,
      status: s.status,
      severity: s.severity !== undefined ? s.severity : s.status === 'reported' || s.status === 'rejected' ? null : 'general',
      lon: s.lon ?? site.lon,
      lat: s.lat ?? site.lat,
      deadline: s.deadline !== undefined ? s.deadline : after('rectifying') ? inDays(30) : null,
      measures: after('rectifying') ? '更换防火堤密封材料' : null,
      responsible_person: after('rectifying') ? '张工' : null,
      funds: after('rectifying') ? 12000 : null,
      done: after('pending_verification') ? '已完成更换' : null,
      verified_by: s.status === 'closed' ? '李科长' : null,
      verified_at: s.status === 'closed' ? today : null,
      listing_level: s.listing ? 'district' : null,
      listing_date: s.listing ? today : null,
      supervising_office: s.listing ? '江海区应急管理局' : null,
    }
  })
  const { rows } = await sql().query<{ id: string; title: string }>(
    `insert into public.hidden_dangers (title, enterprise_id, status, severity, location, deadline, rectification_measures,
       responsible_person, rectification_funds, rectification_done, verified_by, verified_at, closed_at,
       listing_level, listing_date, supervising_office)
     select r.title, r.enterprise_id, r.status, r.severity,
       extensions.st_setsrid(extensions.st_makepoint(r.lon, r.lat), 4326), r.deadline, r.measures,
       r.responsible_person, r.funds, r.done, r.verified_by, r.verified_at,
       case when r.status = 'closed' then now() end, r.listing_level, r.listing_date, r.supervising_office
     from jsonb_to_recordset($1::jsonb) as r(title text, enterprise_id uuid, status public.hidden_danger_status,
       severity public.hidden_danger_severity, lon float8, lat float8, deadline date, measures text,
       responsible_person text, funds numeric, done text, verified_by text, verified_at date,
       listing_level public.listing_level, listing_date date, supervising_office text)
     returning id, title`,
    [JSON.stringify(recs)],
  )
  const byTitle = new Map(rows.map((r) => [r.title, r.id]))
  return recs.map((r) => {
    const id = byTitle.get(r.title)
    if (!id) throw new Error(`fixture ${r.title} was not inserted`)
    return id
  })
}
const createDanger = async (spec: DangerSpec): Promise<string> => (await createDangers([spec]))[0]

interface DangerRow {
  id: string
  status: Status
  severity: string | null
  deadline: string | null
  listing_level: string | null
  listing_date: string | null
  supervising_office: string | null
  rectification_measures: string | null
  responsible_person: string | null
  rectification_funds: string | null
  rectification_done: string | null
  verified_by: string | null
  verified_at: string | null
  closed: boolean
  events: number
}

async function dangerRows(ids: string[]): Promise<Map<string, DangerRow>> {
  const { rows } = await sql().query<DangerRow>(
    `select d.id, d.status::text, d.severity::text, d.deadline::text, d.listing_level::text, d.listing_date::text,
       d.supervising_office, d.rectification_measures, p.responsible_person, d.rectification_funds::text,
       d.rectification_done, p.verified_by, d.verified_at::text, d.closed_at is not null as closed,
       (select count(*)::int from public.hidden_danger_events e where e.hidden_danger_id = d.id) as events
     from public.hidden_dangers d
     -- names live apart from the danger since issue 12 (RLS: admin, command, the area's regulator)
     left join public.hidden_danger_people p on p.hidden_danger_id = d.id
     where d.id = any ($1::uuid[])`,
    [ids],
  )
  return new Map(rows.map((r) => [r.id, r]))
}
const dangerRow = async (id: string): Promise<DangerRow> => (await dangerRows([id])).get(id)!

interface EventRow {
  id: string
  hidden_danger_id: string
  actor_id: string | null
  actor_role: string
  actor_email: string | null
  from_status: string | null
  to_status: string
  action: string
  note: string | null
  details: Record<string, unknown>
}

async function eventsOf(ids: string[]): Promise<Map<string, EventRow[]>> {
  const { rows } = await sql().query<EventRow>(
    // The whole record: e-mail and names live apart from the event since issue 12.
    `select e.id::text, e.hidden_danger_id, e.actor_id, e.actor_role, p.actor_email, e.from_status::text, e.to_status::text,
       e.action, e.note, e.details || coalesce(p.names, '{}') as details
     from public.hidden_danger_events e left join public.hidden_danger_event_people p on p.event_id = e.id
     where e.hidden_danger_id = any ($1::uuid[]) order by e.id`,
    [ids],
  )
  const out = new Map<string, EventRow[]>(ids.map((i) => [i, []]))
  for (const r of rows) out.get(r.hidden_danger_id)!.push(r)
  return out
}

const transition = (client: SupabaseClient, id: string, to: string, note: string | null, details: unknown) =>
  client.rpc('transition_hidden_danger', { id, to_status: to, note, details })

/** The details (and note) a transition needs, complete. */
function completeArgs(from: Status, to: Status): { note: string | null; details: Record<string, unknown> } {
  if (from === to) {
    return { note: '复核认定为重大事故隐患', details: { severity: 'major', listing_level: 'district', supervising_office: '江海区应急管理局' } }
  }
  switch (`${from}>${to}`) {
    case 'reported>registered':
      return { note: null, details: { severity: 'general' } }
    case 'reported>rejected':
      return { note: '现场核查，举报情况不属实', details: {} }
    case 'registered>rectifying':
      return { note: null, details: { measures: '更换破损的防爆电气', responsible_person: '王经理', funds: 8500, deadline: inDays(20) } }
    case 'rectifying>pending_verification':
      return { note: '请安排验收', details: { done: '防爆电气已全部更换并自检合格' } }
    case 'pending_verification>closed':
      return { note: null, details: { verifier: '赵科员', verified_at: today } }
    case 'pending_verification>rectifying':
      return { note: '接地电阻仍不合格', details: { deadline: inDays(45) } }
    default:
      return { note: null, details: {} }
  }
}

const allowedFrom = (from: Status) => STATUSES.filter((to) => RULES[`${from}>${to}`])

type Outcome = { ok: true } | { message: string | RegExp }

function expectedOutcome(role: MatrixRole, from: Status, to: Status, id: string): Outcome {
  if (role === 'anon') return { message: 'permission denied for function transition_hidden_danger' }
  if (role === 'regulator_out_of_scope' || role === 'enterprise_not_owner') {
    return { message: `hidden danger ${id} not found or not visible to you` }
  }
  if (role === 'planner' || role === 'command') return { message: `role ${role} may read hidden dangers but not change them` }
  if (from === to) {
    if (role === 'enterprise') return { message: 'only a regulator may re-assess a hidden danger' }
    if (from === 'reported' || from === 'closed' || from === 'rejected') return { message: `a ${from} hidden danger cannot be re-assessed` }
    return { ok: true }
  }
  const rule = RULES[`${from}>${to}`]
  if (!rule) {
    // The list of allowed targets is compared as a set below (the SQL does not order it).
    return { message: new RegExp(`^transition ${from} → ${to} is not allowed \\(allowed from ${from}: (.*)\\)$`) }
  }
  if (!rule.roles.includes(role)) {
    return { message: `role ${role} may not make the transition ${from} → ${to} (allowed: ${rule.roles.join(', ')})` }
  }
  return { ok: true }
}

/** Checks the row and its newest event after an allowed transition. */
function checkApplied(
  label: string,
  from: Status,
  to: Status,
  args: { note: string | null; details: Record<string, unknown> },
  row: DangerRow,
  events: EventRow[],
  actor: Actor,
): void {
  expect.soft(row.status, `${label}: status`).toBe(to)
  expect.soft(events.length, `${label}: the created event plus exactly one transition event`).toBe(2)
  const e = events[events.length - 1]
  expect
    .soft(
      e && {
        from: e.from_status,
        to: e.to_status,
        action: e.action,
        role: e.actor_role,
        actor: e.actor_id,
        email: e.actor_email,
        note: e.note,
        details: e.details,
      },
      `${label}: event`,
    )
    .toEqual({
      from,
      to,
      action: from === to ? 'reassessed' : 'transition',
      role: actor.appRole,
      actor: actor.sub,
      email: actor.email,
      note: args.note,
      details: args.details,
    })
  const d = args.details
  if (from === to) {
    expect
      .soft({ severity: row.severity, listing: row.listing_level, office: row.supervising_office, date: row.listing_date }, `${label}: re-assessment applied`)
      .toEqual({ severity: 'major', listing: 'district', office: d.supervising_office, date: today })
  } else if (to === 'registered') {
    expect.soft(row.severity, `${label}: severity`).toBe('general')
  } else if (from === 'registered' && to === 'rectifying') {
    expect
      .soft({ m: row.rectification_measures, p: row.responsible_person, f: Number(row.rectification_funds), dl: row.deadline }, `${label}: plan`)
      .toEqual({ m: d.measures, p: d.responsible_person, f: d.funds, dl: d.deadline })
  } else if (to === 'pending_verification') {
    expect.soft(row.rectification_done, `${label}: done`).toBe(d.done)
  } else if (to === 'closed') {
    expect
      .soft({ by: row.verified_by, at: row.verified_at, closed: row.closed }, `${label}: close-out`)
      .toEqual({ by: d.verifier, at: d.verified_at, closed: true })
  } else if (from === 'pending_verification' && to === 'rectifying') {
    expect
      .soft({ dl: row.deadline, done: row.rectification_done }, `${label}: back to rectification, new deadline`)
      .toEqual({ dl: d.deadline, done: '已完成更换' })
  } else if (to === 'rejected') {
    expect.soft({ severity: row.severity, closed: row.closed }, `${label}: rejected`).toEqual({ severity: null, closed: false })
  }
}

describe('the transition table the UI reads', () => {
  it('equals the closed loop of DOMAIN.md (transitions, roles, notes) and is readable by anon', async () => {
    const { data, error } = await anonClient().from('hidden_danger_transitions').select('from_status, to_status, roles, note_required')
    expect(error).toBeNull()
    const got = Object.fromEntries(data!.map((r: any) => [`${r.from_status}>${r.to_status}`, { roles: [...r.roles].sort(), note: r.note_required }]))
    const want = Object.fromEntries(Object.entries(RULES).map(([k, v]) => [k, { roles: [...v.roles].sort(), note: !!v.note }]))
    expect(got).toEqual(want)
  })

  it('cannot be changed through the API, not even by an admin', async () => {
    const { error } = await actors.admin.client
      .from('hidden_danger_transitions')
      .update({ roles: ['admin', 'regulator', 'enterprise'] })
      .eq('from_status', 'pending_verification')
      .eq('to_status', 'closed')
    expect(error?.message).toBe('permission denied for table hidden_danger_transitions')
  })
})

describe('transition matrix: every from-status × to-status × role', () => {
  it.each(MATRIX_ROLES)('%s', async (role) => {
    const actor = actors[role]
    const cells = STATUSES.flatMap((from) => STATUSES.map((to) => ({ from, to })))
    // Refused cells share one danger per from-status (a refusal changes nothing, checked below);
    // every allowed cell gets a fresh danger of its own.
    const shared = await createDangers(STATUSES.map((status) => ({ status })))
    const sharedOf = Object.fromEntries(STATUSES.map((s, i) => [s, shared[i]])) as Record<Status, string>
    const allowedCells = cells.filter((c) => 'ok' in expectedOutcome(role, c.from, c.to, ''))
    const fresh = await createDangers(allowedCells.map((c) => ({ status: c.from })))
    const idOf = (c: { from: Status; to: Status }) => {
      const k = allowedCells.indexOf(c)
      return k >= 0 ? fresh[k] : sharedOf[c.from]
    }

    const results = await Promise.all(
      cells.map(async (c) => {
        const args = completeArgs(c.from, c.to)
        const id = idOf(c)
        const r = await transition(actor.client, id, c.to, args.note, args.details)
        return { ...c, id, args, r }
      }),
    )

    const touched = [...shared, ...fresh]
    const [rows, events] = await Promise.all([dangerRows(touched), eventsOf(touched)])
    for (const { from, to, id, args, r } of results) {
      const label = `${role}: ${from} → ${to}`
      const want = expectedOutcome(role, from, to, id)
      if ('ok' in want) {
        expect.soft(r.error, label).toBeNull()
        expect.soft(r.data && { id: r.data.id, status: r.data.status }, label).toEqual({ id, status: to })
        checkApplied(label, from, to, args, rows.get(id)!, events.get(id)!, actor)
      } else {
        expect.soft(r.data, label).toBeNull()
        if (typeof want.message === 'string') {
          expect.soft(r.error?.message, label).toBe(want.message)
        } else {
          const m = want.message.exec(r.error?.message ?? '')
          expect.soft(m, `${label}: ${r.error?.message}`).not.toBeNull()
          const targets = allowedFrom(from)
          if (m) expect.soft(m[1].split(', ').sort(), `${label}: allowed targets`).toEqual(targets.length ? [...targets].sort() : ['none'])
        }
      }
    }
    // Refusals changed nothing: every shared danger is still in its state with only its creation event.
    for (const s of STATUSES) {
      const row = rows.get(sharedOf[s])!
      expect.soft({ status: row.status, events: row.events }, `${role}: shared ${s} danger untouched`).toEqual({ status: s, events: 1 })
    }
    // Sanity of the matrix itself: the number of allowed cells per role.
    const expectedAllowed = { admin: 9, regulator: 9, enterprise: 3 } as Record<string, number>
    expect(allowedCells.length).toBe(expectedAllowed[role] ?? 0)
  })
})

describe('visibility edge cases: a missing owner or area never grants access', () => {
  it('an enterprise user cannot act on a danger that belongs to no enterprise (such as a public report)', async () => {
    const id = await createDanger({ status: 'reported', enterprise: null })
    const { data, error } = await transition(actors.enterprise.client, id, 'registered', null, { severity: 'general' })
    expect(data).toBeNull()
    expect(error?.message).toBe(`hidden danger ${id} not found or not visible to you`)
    expect((await dangerRow(id)).status).toBe('reported')
  })

  it("an enterprise token without an enterprise_id cannot act on an enterprise's danger", async () => {
    const id = await createDanger({ status: 'reported' })
    const noCompany = await clientWithClaims({
      sub: '00000000-0000-4000-8000-0000000000b6',
      role: 'authenticated',
      aud: 'authenticated',
      app_metadata: { app_role: 'enterprise' },
    })
    const { count } = await noCompany.from('hidden_dangers').select('*', { count: 'exact', head: true })
    expect(count).toBe(0)
    const { data, error } = await transition(noCompany, id, 'registered', null, { severity: 'general' })
    expect(data).toBeNull()
    expect(error?.message).toBe(`hidden danger ${id} not found or not visible to you`)
    expect((await dangerRow(id)).status).toBe('reported')
  })

  it('a regulator cannot act on a danger outside every district (no area code), which it cannot even read', async () => {
    // Beijing: outside every area, so the trigger leaves area_code null.
    const id = await createDanger({ status: 'reported', enterprise: otherEnterpriseId, lon: 116.397, lat: 39.909 })
    const { rows } = await sql().query(`select area_code from public.hidden_dangers where id = $1`, [id])
    expect(rows).toEqual([{ area_code: null }])
    const seen = await actors.regulator.client.from('hidden_dangers').select('id').eq('id', id)
    expect(seen.data).toEqual([])
    const { data, error } = await transition(actors.regulator.client, id, 'registered', null, { severity: 'general' })
    expect(data).toBeNull()
    expect(error?.message).toBe(`hidden danger ${id} not found or not visible to you`)
    expect((await dangerRow(id)).status).toBe('reported')
  })
})

describe('required details', () => {
  const REFUSALS: { name: string; from: Status; to: Status; note?: string | null; details: unknown; message: string; as?: 'enterprise' }[] = [
    {
      name: 'registering without a severity',
      from: 'reported',
      to: 'registered',
      details: {},
      message: 'transition reported → registered requires details: severity (general or major)',
    },
    {
      name: 'registering with an unknown severity',
      from: 'reported',
      to: 'registered',
      details: { severity: 'minor' },
      message: 'transition reported → registered requires details: severity (general or major)',
    },
    {
      name: 'registering as major without listing level and supervising office',
      from: 'reported',
      to: 'registered',
      details: { severity: 'major' },
      message:
        'transition reported → registered requires details: listing_level (city or district) for a major hidden danger; supervising_office for a major hidden danger',
    },
    {
      name: 'registering as major without a listing level',
      from: 'reported',
      to: 'registered',
      details: { severity: 'major', supervising_office: '江海区应急管理局' },
      message: 'transition reported → registered requires details: listing_level (city or district) for a major hidden danger',
    },
    {
      name: 'registering as major with a listing level that does not exist',
      from: 'reported',
      to: 'registered',
      details: { severity: 'major', listing_level: 'province', supervising_office: '江海区应急管理局' },
      message: 'transition reported → registered requires details: listing_level (city or district) for a major hidden danger',
    },
    {
      name: 'registering as major with a blank supervising office',
      from: 'reported',
      to: 'registered',
      details: { severity: 'major', listing_level: 'city', supervising_office: '   ' },
      message: 'transition reported → registered requires details: supervising_office for a major hidden danger',
    },
    {
      name: 'an enterprise registering as major',
      as: 'enterprise',
      from: 'reported',
      to: 'registered',
      details: { severity: 'major', listing_level: 'district', supervising_office: '江海区应急管理局' },
      message: 'an enterprise registers what it finds as general; a regulator assesses a hidden danger as major and lists it',
    },
    {
      name: 'a rectification plan without any detail',
      from: 'registered',
      to: 'rectifying',
      details: {},
      message:
        'transition registered → rectifying requires details: measures; responsible_person; funds (a non-negative number of yuan); deadline (YYYY-MM-DD)',
    },
    {
      name: 'a rectification plan without measures',
      from: 'registered',
      to: 'rectifying',
      details: { responsible_person: '王经理', funds: 100, deadline: '2099-01-01' },
      message: 'transition registered → rectifying requires details: measures',
    },
    {
      name: 'a rectification plan with measures of only spaces',
      from: 'registered',
      to: 'rectifying',
      details: { measures: '    ', responsible_person: '王经理', funds: 100, deadline: '2099-01-01' },
      message: 'transition registered → rectifying requires details: measures',
    },
    {
      name: 'a rectification plan with measures of only line breaks and tabs',
      from: 'registered',
      to: 'rectifying',
      details: { measures: '\n\t\n', responsible_person: '王经理', funds: 100, deadline: '2099-01-01' },
      message: 'transition registered → rectifying requires details: measures',
    },
    {
      name: 'a rectification plan without a responsible person',
      from: 'registered',
      to: 'rectifying',
      details: { measures: '更换', funds: 100, deadline: '2099-01-01' },
      message: 'transition registered → rectifying requires details: responsible_person',
    },
    {
      name: 'a rectification plan without funds',
      from: 'registered',
      to: 'rectifying',
      details: { measures: '更换', responsible_person: '王经理', deadline: '2099-01-01' },
      message: 'transition registered → rectifying requires details: funds (a non-negative number of yuan)',
    },
    {
      name: 'a rectification plan with negative funds',
      from: 'registered',
      to: 'rectifying',
      details: { measures: '更换', responsible_person: '王经理', funds: -1, deadline: '2099-01-01' },
      message: 'transition registered → rectifying requires details: funds (a non-negative number of yuan)',
    },
    {
      name: 'a rectification plan with funds as text',
      from: 'registered',
      to: 'rectifying',
      details: { measures: '更换', responsible_person: '王经理', funds: '5000', deadline: '2099-01-01' },
      message: 'transition registered → rectifying requires details: funds (a non-negative number of yuan)',
    },
    {
      name: 'a rectification plan without a deadline',
      from: 'registered',
      to: 'rectifying',
      details: { measures: '更换', responsible_person: '王经理', funds: 100 },
      message: 'transition registered → rectifying requires details: deadline (YYYY-MM-DD)',
    },
    {
      name: 'a rectification plan with a deadline not in YYYY-MM-DD',
      from: 'registered',
      to: 'rectifying',
      details: { measures: '更换', responsible_person: '王经理', funds: 100, deadline: '2099/01/01' },
      message: 'transition registered → rectifying requires details: deadline (YYYY-MM-DD)',
    },
    {
      name: 'a rectification plan with a past deadline',
      from: 'registered',
      to: 'rectifying',
      details: { measures: '更换', responsible_person: '王经理', funds: 100, deadline: '2020-01-01' },
      message: 'deadline 2020-01-01 is in the past',
    },
    {
      name: 'requesting verification without saying what was done',
      from: 'rectifying',
      to: 'pending_verification',
      details: {},
      message: 'transition rectifying → pending_verification requires details: done (what was rectified)',
    },
    {
      name: 'requesting verification with a blank "done"',
      from: 'rectifying',
      to: 'pending_verification',
      details: { done: '  ' },
      message: 'transition rectifying → pending_verification requires details: done (what was rectified)',
    },
    {
      name: 'closing without verifier and date',
      from: 'pending_verification',
      to: 'closed',
      details: {},
      message: 'transition pending_verification → closed requires details: verifier; verified_at (YYYY-MM-DD)',
    },
    {
      name: 'closing without a verifier',
      from: 'pending_verification',
      to: 'closed',
      details: { verified_at: '2026-01-05' },
      message: 'transition pending_verification → closed requires details: verifier',
    },
    {
      name: 'closing without a verification date',
      from: 'pending_verification',
      to: 'closed',
      details: { verifier: '赵科员' },
      message: 'transition pending_verification → closed requires details: verified_at (YYYY-MM-DD)',
    },
    {
      name: 'closing with a verification date in the future',
      from: 'pending_verification',
      to: 'closed',
      details: { verifier: '赵科员', verified_at: '2099-12-31' },
      message: 'verified_at 2099-12-31 is in the future',
    },
    { name: 'rejecting without a note', from: 'reported', to: 'rejected', details: {}, message: 'transition reported → rejected requires a note saying why' },
    {
      name: 'rejecting with a one-character note',
      from: 'reported',
      to: 'rejected',
      note: ' 否 ',
      details: {},
      message: 'transition reported → rejected requires a note saying why',
    },
    {
      name: 'rejecting with a note of only line breaks',
      from: 'reported',
      to: 'rejected',
      note: '\n\n\n',
      details: {},
      message: 'transition reported → rejected requires a note saying why',
    },
    {
      name: 'failing a verification without a note',
      from: 'pending_verification',
      to: 'rectifying',
      details: {},
      message: 'transition pending_verification → rectifying requires a note saying why',
    },
    {
      name: 'failing a verification with a new deadline in the past',
      from: 'pending_verification',
      to: 'rectifying',
      note: '验收不合格',
      details: { deadline: '2020-01-01' },
      message: 'deadline 2020-01-01 is in the past',
    },
    {
      name: 'an unknown target status',
      from: 'reported',
      to: 'fixed' as Status,
      details: {},
      message: 'unknown status "fixed": expected one of reported, registered, rectifying, pending_verification, closed, rejected',
    },
    { name: 'details that are not a JSON object', from: 'reported', to: 'registered', details: ['general'], message: 'details must be a JSON object' },
    {
      name: 'a note longer than 4000 characters',
      from: 'reported',
      to: 'rejected',
      note: '注'.repeat(4001),
      details: {},
      message: 'note is longer than 4000 characters',
    },
    {
      name: 'measures longer than 4000 characters',
      from: 'registered',
      to: 'rectifying',
      details: { measures: '措'.repeat(4001), responsible_person: '王经理', funds: 100, deadline: '2099-01-01' },
      message: 'details.measures is longer than 4000 characters',
    },
  ]

  it.each(REFUSALS.map((c) => [c.name, c]))('refuses %s, naming what is wrong, and changes nothing', async (_n, c) => {
    const id = await createDanger({ status: c.from })
    const before = await dangerRow(id)
    const actor = actors[c.as ?? 'regulator']
    const { data, error } = await transition(actor.client, id, c.to, c.note ?? null, c.details)
    expect(data).toBeNull()
    expect(error?.message).toBe(c.message)
    expect(await dangerRow(id)).toEqual(before)
  })

  it('accepts a deadline of today and a verification dated today (the boundaries)', async () => {
    const [a, b] = await createDangers([{ status: 'registered' }, { status: 'pending_verification' }])
    const r1 = await transition(actors.regulator.client, a, 'rectifying', null, {
      measures: '当日整改',
      responsible_person: '王经理',
      funds: 0,
      deadline: today,
    })
    expect(r1.error).toBeNull()
    expect(r1.data.deadline).toBe(today)
    const r2 = await transition(actors.regulator.client, b, 'closed', null, { verifier: '赵科员', verified_at: today })
    expect(r2.error).toBeNull()
    expect(r2.data.status).toBe('closed')
  })

  it('a regulator re-assesses a general danger as major with its listing, recorded as "reassessed"', async () => {
    for (const status of ['registered', 'rectifying', 'pending_verification'] as const) {
      const id = await createDanger({ status })
      const details = { severity: 'major', listing_level: 'city', supervising_office: '江门市应急管理局', listing_date: inDays(-2) }
      const { data, error } = await transition(actors.regulator.client, id, status, '复核为重大事故隐患，市级挂牌督办', details)
      expect(error, status).toBeNull()
      expect(data).toMatchObject({ id, status, severity: 'major', listing_level: 'city' })
      const row = await dangerRow(id)
      expect({ status: row.status, severity: row.severity, level: row.listing_level, office: row.supervising_office, date: row.listing_date }).toEqual({
        status,
        severity: 'major',
        level: 'city',
        office: '江门市应急管理局',
        date: inDays(-2),
      })
      const ev = (await eventsOf([id])).get(id)!
      expect(ev.length).toBe(2)
      expect(ev[1]).toMatchObject({
        action: 'reassessed',
        from_status: status,
        to_status: status,
        actor_role: 'regulator',
        actor_id: userOf('regulator').id,
        note: '复核为重大事故隐患，市级挂牌督办',
        details,
      })
    }
  })

  it('an enterprise cannot re-assess, not even its own danger', async () => {
    const id = await createDanger({ status: 'rectifying' })
    const { error } = await transition(actors.enterprise.client, id, 'rectifying', null, {
      severity: 'major',
      listing_level: 'district',
      supervising_office: '江海区应急管理局',
    })
    expect(error?.message).toBe('only a regulator may re-assess a hidden danger')
    expect((await dangerRow(id)).severity).toBe('general')
  })

  it('a re-assessment only raises general to major', async () => {
    const [major, general] = await createDangers([{ status: 'rectifying', severity: 'major', listing: true }, { status: 'rectifying' }])
    const msg = 'a re-assessment raises a general hidden danger to major (details.severity = "major")'
    const again = await transition(actors.regulator.client, major, 'rectifying', null, {
      severity: 'major',
      listing_level: 'city',
      supervising_office: '江门市应急管理局',
    })
    expect(again.error?.message).toBe(msg)
    const down = await transition(actors.regulator.client, general, 'rectifying', null, { severity: 'general' })
    expect(down.error?.message).toBe(msg)
    const noOffice = await transition(actors.regulator.client, general, 'rectifying', null, { severity: 'major', listing_level: 'city' })
    expect(noOffice.error?.message).toBe('transition rectifying → rectifying requires details: supervising_office for a major hidden danger')
    const rows = await dangerRows([major, general])
    expect([rows.get(major)!.listing_level, rows.get(general)!.severity, rows.get(general)!.events]).toEqual(['district', 'general', 1])
  })
})

describe('direct writes to lifecycle columns are refused', () => {
  const GUARD = 'status, assessment, listing and rectification fields change only through transition_hidden_danger()'
  const COLUMNS: [string, unknown][] = [
    ['status', 'closed'],
    ['severity', 'major'],
    ['deadline', '2099-12-31'],
    ['closed_at', '2026-01-01T00:00:00Z'],
    ['listing_level', 'city'],
    ['listing_date', '2026-01-01'],
    ['supervising_office', '某局'],
    ['rectification_measures', '改'],
    ['responsible_person', '某人'],
    ['rectification_funds', 1],
    ['rectification_done', '完'],
    ['verified_by', '某人'],
    ['verified_at', '2026-01-01'],
    ['tracking_code', 'YH000000FORGED00'],
  ]
  let target: string
  beforeAll(async () => {
    target = await createDanger({ status: 'rectifying' })
  })

  it.each(COLUMNS)('an admin PATCH of %s is refused with a pointer to transition_hidden_danger()', async (column, value) => {
    const before = await dangerRow(target)
    const { data, error } = await actors.admin.client
      .from('hidden_dangers')
      .update({ [column]: value })
      .eq('id', target)
      .select('id')
    expect(data).toBeNull()
    expect(error?.message).toBe(GUARD)
    expect(await dangerRow(target)).toEqual(before)
  })

  it('the guard is about lifecycle columns only: an admin may still correct the title', async () => {
    const { data, error } = await actors.admin.client.from('hidden_dangers').update({ title: '储罐区防火堤裂缝（更正）' }).eq('id', target).select('title')
    expect(error).toBeNull()
    expect(data).toEqual([{ title: '储罐区防火堤裂缝（更正）' }])
  })

  it.each([
    ['admin', 'guard'],
    ['regulator', 'guard'],
    ['enterprise', 'guard'],
    ['planner', 'invisible'],
    ['command', 'invisible'],
    ['regulator_out_of_scope', 'invisible'],
    ['enterprise_not_owner', 'invisible'],
    ['anon', 'permission'],
  ] as [MatrixRole, string][])('a PATCH of status by %s is refused (%s)', async (role, how) => {
    const before = await dangerRow(target)
    const { data, error } = await actors[role].client.from('hidden_dangers').update({ status: 'closed' }).eq('id', target).select('id')
    if (how === 'guard') expect(error?.message).toBe(GUARD)
    else if (how === 'permission') expect(error?.message).toBe('permission denied for table hidden_dangers')
    else {
      // RLS hides the row from roles that may not write it: nothing is updated.
      expect(error).toBeNull()
      expect(data).toEqual([])
    }
    expect(await dangerRow(target)).toEqual(before)
  })

  it('a PATCH of status with the service role key is refused too (it would change the status without an event)', async () => {
    const id = await createDanger({ status: 'rectifying' })
    const before = await dangerRow(id)
    const { error } = await service.from('hidden_dangers').update({ status: 'closed', closed_at: new Date().toISOString() }).eq('id', id).select('id')
    expect(error?.message).toBe(GUARD)
    expect(await dangerRow(id)).toEqual(before)
  })

  it.each([
    ['status registered', { status: 'registered', severity: 'general' }],
    ['status closed', { status: 'closed', severity: 'general', closed_at: '2026-01-01T00:00:00Z' }],
    ['status rejected', { status: 'rejected' }],
    ['a severity', { severity: 'general' }],
    ['a listing level', { severity: 'major', listing_level: 'city' }],
  ])('an INSERT with %s is refused for admin, regulator and enterprise', async (_n, fields) => {
    for (const role of ['admin', 'regulator', 'enterprise'] as const) {
      const { data, error } = await actors[role].client
        .from('hidden_dangers')
        .insert({
          title: '直接写入测试',
          enterprise_id: DEMO_ENTERPRISE_ID,
          source: 'inspection',
          location: `SRID=4326;POINT(${site.lon} ${site.lat})`,
          ...fields,
        })
        .select('id')
      expect(data, role).toBeNull()
      expect(error?.message, role).toBe('a new hidden danger starts as reported, unassessed; use transition_hidden_danger() to register, assess and list it')
    }
  })

  it('an INSERT as reported but with any lifecycle field already filled in is refused', async () => {
    const PRESET: [string, Record<string, unknown>][] = [
      ['a deadline', { deadline: '2020-01-01' }],
      ['a listing date', { listing_date: '2026-01-01' }],
      ['a supervising office', { supervising_office: '江海区应急管理局' }],
      ['rectification measures', { rectification_measures: '已制定' }],
      ['a responsible person', { responsible_person: '王经理' }],
      ['rectification funds', { rectification_funds: 1000 }],
      ['a rectification result', { rectification_done: '已整改' }],
      ['a verification date', { verified_at: '2026-01-01' }],
      ['a tracking code (a forged public report)', { source: 'public_report', tracking_code: `YH261124F${Date.now().toString(16).slice(-7).toUpperCase()}` }],
    ]
    for (const [what, fields] of PRESET) {
      const { data, error } = await actors.enterprise.client
        .from('hidden_dangers')
        .insert({
          title: '直接写入测试',
          enterprise_id: DEMO_ENTERPRISE_ID,
          source: 'self_check',
          location: `SRID=4326;POINT(${site.lon} ${site.lat})`,
          ...fields,
        })
        .select('id')
      expect.soft(data, what).toBeNull()
      expect
        .soft(error?.message, what)
        .toBe(
          fields.source === 'public_report'
            ? 'public reports come only through report_hidden_danger()'
            : 'a new hidden danger starts as reported, unassessed; use transition_hidden_danger() to register, assess and list it',
        )
    }
  })

  it("an enterprise cannot move its danger out of its regulator's sight by editing area_code", async () => {
    const id = await createDanger({ status: 'rectifying' })
    const before = (await sql().query(`select area_code from public.hidden_dangers where id = $1`, [id])).rows[0].area_code
    expect(before.startsWith(DEMO_REGULATOR_AREA)).toBe(true)
    await actors.enterprise.client.from('hidden_dangers').update({ area_code: OUT_OF_SCOPE_AREA }).eq('id', id)
    const { rows } = await sql().query(`select area_code from public.hidden_dangers where id = $1`, [id])
    expect(rows[0].area_code).toBe(before)
    const seen = await actors.regulator.client.from('hidden_dangers').select('id').eq('id', id)
    expect(seen.data).toEqual([{ id }])
  })

  it('an INSERT as reported is accepted and records a "created" event by its author', async () => {
    const { data, error } = await actors.enterprise.client
      .from('hidden_dangers')
      .insert({
        title: '自查：消防通道堵塞',
        enterprise_id: DEMO_ENTERPRISE_ID,
        source: 'self_check',
        location: `SRID=4326;POINT(${site.lon} ${site.lat})`,
      })
      .select('id, status')
    expect(error).toBeNull()
    expect(data![0].status).toBe('reported')
    const ev = (await eventsOf([data![0].id])).get(data![0].id)!
    expect(ev.map((e) => [e.action, e.from_status, e.to_status, e.actor_role, e.actor_id])).toEqual([
      ['created', null, 'reported', 'enterprise', userOf('enterprise').id],
    ])
  })

  it('an admin cannot delete a hidden danger', async () => {
    const { data, error } = await actors.admin.client.from('hidden_dangers').delete().eq('id', target).select('id')
    expect(data).toBeNull()
    expect(error?.message).toBe('hidden dangers are never deleted: reject or close them through transition_hidden_danger()')
    expect((await dangerRows([target])).has(target)).toBe(true)
  })

  it("a regulator's delete finds nothing to delete; anon is refused", async () => {
    const reg = await actors.regulator.client.from('hidden_dangers').delete().eq('id', target).select('id')
    expect(reg.error).toBeNull()
    expect(reg.data).toEqual([])
    const anon = await actors.anon.client.from('hidden_dangers').delete().eq('id', target)
    expect(anon.error?.message).toBe('permission denied for table hidden_dangers')
    expect((await dangerRows([target])).has(target)).toBe(true)
  })
})

describe('events: the history of a danger', () => {
  it('a full loop records one event per transition with from, to, actor, note and details', async () => {
    const id = await createDanger({ status: 'reported' })
    const ent = actors.enterprise
    const reg = actors.regulator
    const steps: [Actor, Status, string | null, Record<string, unknown>][] = [
      [ent, 'registered', '自查登记', { severity: 'general' }],
      [ent, 'rectifying', null, { measures: '修复防火堤', responsible_person: '王经理', funds: 3000, deadline: inDays(10) }],
      [ent, 'pending_verification', '已修复，申请验收', { done: '防火堤裂缝已灌浆修复' }],
      [reg, 'rectifying', '修复处仍有渗漏', {}],
      [ent, 'pending_verification', '再次申请验收', { done: '重新灌浆并做闭水试验' }],
      [reg, 'closed', '验收合格，予以销号', { verifier: '赵科员', verified_at: today }],
    ]
    let from: Status = 'reported'
    const want: unknown[] = [{ action: 'created', from_status: null, to_status: 'reported', actor_role: 'system', actor_id: null }]
    for (const [actor, to, note, details] of steps) {
      const { error } = await transition(actor.client, id, to, note, details)
      expect(error, `${from} → ${to}`).toBeNull()
      want.push({
        action: 'transition',
        from_status: from,
        to_status: to,
        actor_role: actor.appRole,
        actor_id: actor.sub,
        actor_email: actor.email,
        note,
        details,
      })
      from = to
    }
    // Read back through the API, as the regulator of the area.
    // Through the timeline view: since issue 12 the e-mail and names are joined in there for
    // those who may see them (the regulator of the area may).
    const { data, error } = await reg.client
      .from('hidden_danger_timeline')
      .select('action, from_status, to_status, actor_role, actor_id, actor_email, note, details, at')
      .eq('hidden_danger_id', id)
      .order('id')
    expect(error).toBeNull()
    expect(data!.length).toBe(7)
    data!.forEach((e: any, i: number) => expect(e, `event ${i}`).toMatchObject(want[i] as object))
    const times = data!.map((e: any) => Date.parse(e.at))
    expect(times).toEqual([...times].sort((a, b) => a - b))
  })

  it.each([...MATRIX_ROLES, 'service'] as const)('%s cannot insert, update or delete events through the API', async (role) => {
    const client = role === 'service' ? service : actors[role].client
    const { rows } = await sql().query<{ id: string; note: string | null; hidden_danger_id: string }>(
      `select e.id::text, e.note, e.hidden_danger_id from public.hidden_danger_events e
       join public.hidden_dangers d on d.id = e.hidden_danger_id where d.enterprise_id = $1 order by e.id limit 1`,
      [DEMO_ENTERPRISE_ID],
    )
    const ev = rows[0]
    const denied = 'permission denied for table hidden_danger_events'
    const upd = await client.from('hidden_danger_events').update({ note: '篡改' }).eq('id', ev.id).select('id')
    expect(upd.error?.message).toBe(denied)
    const del = await client.from('hidden_danger_events').delete().eq('id', ev.id).select('id')
    expect(del.error?.message).toBe(denied)
    const ins = await client
      .from('hidden_danger_events')
      .insert({ hidden_danger_id: ev.hidden_danger_id, actor_role: 'admin', to_status: 'closed', action: 'transition' })
      .select('id')
    expect(ins.error?.message).toBe(denied)
    const { rows: after } = await sql().query(`select note from public.hidden_danger_events where id = $1`, [ev.id])
    expect(after).toEqual([{ note: ev.note }])
  })

  // Each statement is followed by a division by zero in the same implicit transaction, so if the
  // trigger ever failed to fire the change would be rolled back instead of erasing history.
  it.each([
    ['update', "update public.hidden_danger_events set note = '篡改' where id = (select min(id) from public.hidden_danger_events)"],
    ['delete', 'delete from public.hidden_danger_events where id = (select min(id) from public.hidden_danger_events)'],
    ['truncate', 'truncate public.hidden_danger_events'],
  ])('even the superuser cannot %s events (trigger)', async (op, statement) => {
    // Other files append events meanwhile (the native pass shares one database): compare the rows
    // that existed before, every column of each, not the table's count.
    const snapshot = async (ids: string[] | null) =>
      (
        await sql().query<{ n: number; ids: string[]; rows: string }>(
          `select count(*)::int as n, coalesce(array_agg(id::text order by id), '{}') as ids,
                  md5(coalesce(string_agg(e::text, '|' order by id), '')) as rows
           from public.hidden_danger_events e where $1::bigint[] is null or id = any ($1::bigint[])`,
          [ids],
        )
      ).rows[0]!
    const before = await snapshot(null)
    expect(before.n).toBeGreaterThan(0)
    await expect(sql().exec(`${statement}; select 1 / 0;`)).rejects.toThrow(`hidden-danger history is append-only: ${op} of events is not allowed`)
    expect(await snapshot(before.ids)).toEqual(before)
  })

  it("reading events follows the danger's visibility", async () => {
    const [mine, theirs] = await createDangers([{ status: 'registered' }, { status: 'registered', enterprise: otherEnterpriseId }])
    // the superuser's count of every event (independent of RLS), per scope
    type Scope = 'all' | 'out_area' | 'own' | 'other'
    const independent = (scope: Scope) => async () =>
      (
        await sql().query<Record<Scope, number>>(
          `select count(*)::int as all,
         count(*) filter (where d.area_code like $1)::int as out_area,
         count(*) filter (where d.enterprise_id = $2)::int as own,
         count(*) filter (where d.enterprise_id = $3)::int as other
       from public.hidden_danger_events e join public.hidden_dangers d on d.id = e.hidden_danger_id`,
          [`${OUT_OF_SCOPE_AREA}%`, DEMO_ENTERPRISE_ID, otherEnterpriseId],
        )
      ).rows[0]![scope]
    const count = async (role: MatrixRole, id?: string) => {
      let q = actors[role].client.from('hidden_danger_events').select('*', { count: 'exact', head: true })
      if (id) q = q.eq('hidden_danger_id', id)
      const { count: n, error } = await q
      if (error) throw new Error(`${role}: ${error.message}`)
      return n
    }
    // other files append events meanwhile (the native pass shares one database): each role's count is
    // compared with the superuser's count read while the table held still
    const sees = async (role: MatrixRole, scope: Scope) => {
      const { rpc, independent: n } = await settled(() => count(role), independent(scope))
      expect(rpc, `${role} sees ${scope}`).toBe(n)
      return n
    }
    expect(await count('regulator_out_of_scope', mine)).toBe(0)
    expect(await sees('regulator_out_of_scope', 'out_area')).toBeGreaterThan(0)
    expect(await count('regulator', mine)).toBe(1)
    expect(await count('enterprise', mine)).toBe(1)
    expect(await count('enterprise', theirs)).toBe(0)
    await sees('enterprise', 'own')
    await sees('enterprise_not_owner', 'other')
    for (const role of ['admin', 'planner', 'command'] as const) await sees(role, 'all')
    const anon = await actors.anon.client.from('hidden_danger_events').select('id').limit(1)
    expect(anon.error?.message).toBe('permission denied for table hidden_danger_events')
  })
})

describe('overdue', () => {
  it('a past deadline shows as overdue in feature_at, layer_counts and hidden_danger_stats until the danger is closed', async () => {
    // A spot of its own inside 江海区, with no other danger within 200 m.
    const { rows: spot } = await sql().query<{ lon: number; lat: number; area: string }>(
      `with c as (select extensions.st_setsrid(extensions.st_makepoint(x, y), 4326) as p
                  from generate_series(113.070, 113.180, 0.004) x, generate_series(22.490, 22.600, 0.004) y)
       select extensions.st_x(c.p) as lon, extensions.st_y(c.p) as lat, a.code as area from c
       join public.areas a on a.code = $1 and extensions.st_covers(a.geom, c.p)
       where not exists (select 1 from public.hidden_dangers d
                         where extensions.st_dwithin(d.location::extensions.geography, c.p::extensions.geography, 200))
       order by 1, 2 limit 1`,
      [DEMO_REGULATOR_AREA],
    )
    expect(spot.length).toBe(1)
    const { lon, lat } = spot[0]
    const id = await createDanger({ status: 'rectifying', deadline: inDays(-3), lon, lat })
    const admin = actors.admin.client
    const bbox = { west: lon - 0.001, south: lat - 0.001, east: lon + 0.001, north: lat + 0.001 }
    const overdueIn440704 = async () => {
      const { data, error } = await admin.rpc('hidden_danger_stats', { level: 'district' })
      expect(error).toBeNull()
      return data.find((r: any) => r.code === DEMO_REGULATOR_AREA).overdue as number
    }
    const independentOverdue = async () =>
      (
        await sql().query<{ n: number }>(
          `select count(*)::int as n from public.hidden_dangers where left(area_code, 6) = $1 and deadline < app.today()
       and status not in ('closed', 'rejected')`,
          [DEMO_REGULATOR_AREA],
        )
      ).rows[0].n

    const f1 = await admin.rpc('feature_at', { layer: 'hidden_dangers', lon, lat, radius_m: 5 })
    expect(f1.error).toBeNull()
    expect({ id: f1.data.id, overdue: f1.data.overdue, deadline: f1.data.deadline }).toEqual({ id, overdue: true, deadline: inDays(-3) })
    const c1 = await admin.rpc('layer_counts', bbox)
    expect(c1.data.hidden_dangers).toEqual({ open: 1, overdue: 1, major: 0 })
    // The district's count also moves with other files' dangers (the native pass shares one
    // database): the statistics must equal an independent count read while it held still, and our
    // danger must be one of those counted overdue before the close and not after it.
    const ownOverdue = async () =>
      (
        await sql().query<{ n: number }>(
          `select count(*)::int as n from public.hidden_dangers where id = $1 and left(area_code, 6) = $2 and deadline < app.today()
       and status not in ('closed', 'rejected')`,
          [id, DEMO_REGULATOR_AREA],
        )
      ).rows[0].n
    const before = await settled(overdueIn440704, independentOverdue)
    expect(before.independent).toBeGreaterThan(0)
    expect(before.rpc).toBe(before.independent)
    expect(await ownOverdue()).toBe(1)

    // Close it (past the deadline, but closed): no longer overdue.
    const reg = actors.regulator.client
    expect((await transition(reg, id, 'pending_verification', null, { done: '逾期后完成整改' })).error).toBeNull()
    expect((await admin.rpc('feature_at', { layer: 'hidden_dangers', lon, lat, radius_m: 5 })).data.overdue).toBe(true)
    expect((await transition(reg, id, 'closed', null, { verifier: '赵科员', verified_at: today })).error).toBeNull()
    const f2 = await admin.rpc('feature_at', { layer: 'hidden_dangers', lon, lat, radius_m: 5 })
    expect({ id: f2.data.id, status: f2.data.status, overdue: f2.data.overdue }).toEqual({ id, status: 'closed', overdue: false })
    const c2 = await admin.rpc('layer_counts', bbox)
    expect(c2.data.hidden_dangers).toEqual({ open: 0, overdue: 0, major: 0 })
    expect(await ownOverdue()).toBe(0)
    const after = await settled(overdueIn440704, independentOverdue)
    expect(after.rpc).toBe(after.independent)
  })

  it('a deadline of today is not yet overdue; a rejected danger is never overdue', async () => {
    const [due, rejected] = await createDangers([
      { status: 'rectifying', deadline: today },
      { status: 'rejected', deadline: inDays(-5) },
    ])
    const { rows } = await sql().query<{ id: string; overdue: boolean }>(
      `select id, app.hidden_danger_is_overdue(status, deadline) as overdue from public.hidden_dangers where id = any ($1::uuid[])`,
      [[due, rejected]],
    )
    expect(Object.fromEntries(rows.map((r) => [r.id, r.overdue]))).toEqual({ [due]: false, [rejected]: false })
  })
})

describe('hidden_danger_stats', () => {
  const independent = (prefixExpr: string) => `
    select a.code, a.name,
      count(d.id)::int as total,
      count(d.id) filter (where d.status not in ('closed', 'rejected'))::int as open,
      count(d.id) filter (where d.status = 'closed')::int as closed,
      count(d.id) filter (where d.deadline < app.today() and d.status not in ('closed', 'rejected'))::int as overdue,
      count(d.id) filter (where d.severity = 'major' and d.status not in ('closed', 'rejected'))::int as major_open,
      count(d.id) filter (where d.listing_level is not null and d.status <> 'closed')::int as listed,
      round(count(d.id) filter (where d.status = 'closed')::numeric
        / nullif(count(d.id) filter (where d.status in ('registered', 'rectifying', 'pending_verification', 'closed')), 0), 4)::float8
        as rectification_rate
    from public.areas a left join public.hidden_dangers d on ${prefixExpr}
    where a.level = $1 group by a.code, a.name order by a.code`

  it('per district equals an independent count of every danger', async () => {
    const { rpc: data, independent: rows } = await settled(
      async () => {
        const { data, error } = await actors.admin.client.rpc('hidden_danger_stats', { level: 'district' })
        expect(error).toBeNull()
        return data
      },
      async () => (await sql().query(independent('left(d.area_code, 6) = a.code'), ['district'])).rows,
    )
    expect(rows.length).toBe(7)
    expect(rows.reduce((s: number, r: any) => s + r.total, 0)).toBeGreaterThan(100)
    expect(data).toEqual(rows)
  })

  it('per city equals an independent count', async () => {
    const { rpc: data, independent: rows } = await settled(
      async () => (await actors.command.client.rpc('hidden_danger_stats', { level: 'city' })).data,
      async () => (await sql().query(independent('left(d.area_code, 4) = left(a.code, 4)'), ['city'])).rows,
    )
    expect(data).toEqual(rows)
  })

  it("a regulator's statistics count only the jurisdiction (RLS applies)", async () => {
    const { rpc: data, independent: rows } = await settled(
      async () => (await actors.regulator.client.rpc('hidden_danger_stats', { level: 'district' })).data,
      async () => (await sql().query(independent("left(d.area_code, 6) = a.code and a.code = '440704'"), ['district'])).rows,
    )
    expect(data).toEqual(rows)
    expect(data.find((r: any) => r.code === DEMO_REGULATOR_AREA).total).toBeGreaterThan(0)
    expect(data.filter((r: any) => r.code !== DEMO_REGULATOR_AREA).every((r: any) => r.total === 0)).toBe(true)
  })

  it('refuses an unknown level and anon', async () => {
    const bad = await actors.admin.client.rpc('hidden_danger_stats', { level: 'province' })
    expect(bad.error?.message).toBe('unknown area level "province": expected city, district, street or grid')
    const anon = await actors.anon.client.rpc('hidden_danger_stats', { level: 'district' })
    expect(anon.error?.message).toBe('permission denied for function hidden_danger_stats')
  })
})
