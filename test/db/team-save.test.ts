// save_rescue_team(team, phone) (issue 18, the 救援队伍 form): the team and its on-duty phone in one
// transaction under the caller's row rules, per role: admins anywhere, a regulator with a base in its
// district, not outside; the planner, the command centre, the enterprise and the public never. A
// refused phone leaves nothing written (no team on an add, the team unchanged on an edit); a refused
// team writes no phone. The same for save_emergency_expert.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_REGULATOR_AREA, demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'
import { teamRow, type TeamInput } from '../../src/domain/rescueTeams.ts'
import { expertRow } from '../../src/domain/emergencyExperts.ts'

useStack()

const as = {} as Record<AppRole, SupabaseClient>
const NAME = `测试原子救援队 ${Date.now().toString(36)}`
const EXPERT = `测试原子专家 ${Date.now().toString(36)}`
let inside: { lon: number; lat: number }
let outside: { lon: number; lat: number }

beforeAll(async () => {
  for (const role of ['admin', 'regulator', 'planner', 'command', 'enterprise'] as const) {
    as[role] = await signIn(demoUser(role).email, demoUser(role).password)
  }
  const { rows } = await sql().query<{ lon: number; lat: number; inside: boolean }>(
    `select distinct on (area_code like $1 || '%') extensions.st_x(location) lon, extensions.st_y(location) lat, area_code like $1 || '%' inside
     from public.emergency_resources where area_code is not null order by area_code like $1 || '%', id`,
    [DEMO_REGULATOR_AREA],
  )
  const i = rows.find((r) => r.inside)!
  const o = rows.find((r) => !r.inside)!
  inside = { lon: Number(i.lon), lat: Number(i.lat) }
  outside = { lon: Number(o.lon), lat: Number(o.lat) }
}, 120_000)

afterAll(async () => {
  await sql().query(`delete from public.rescue_teams where name like $1`, [`${NAME}%`])
  await sql().query(`delete from public.emergency_experts where name like $1`, [`${EXPERT}%`])
})

const input = (over: Partial<TeamInput> = {}): TeamInput => ({
  name: NAME,
  team_type: 'hazmat',
  headcount: '24',
  equipment: '堵漏器材 4 套',
  lon: String(inside.lon),
  lat: String(inside.lat),
  duty_phone: '0750-3456789',
  ...over,
})

const save = (c: SupabaseClient, i: TeamInput, id?: string, phone?: string | null) => {
  const t = teamRow(i)
  return c.rpc('save_rescue_team', { team: id ? { id, ...t.row } : t.row, phone: phone === undefined ? t.phone : phone })
}

async function teams(like: string) {
  const { rows } = await sql().query<{ name: string; headcount: number; area_code: string; phone: string | null }>(
    `select t.name, t.headcount, t.area_code, c.duty_phone phone from public.rescue_teams t
     left join public.rescue_team_contacts c on c.team_id = t.id where t.name like $1 order by t.name`,
    [like],
  )
  return rows
}

describe('save_rescue_team: one transaction per role', () => {
  it('a regulator adds a team with its phone in its district, and edits both in one call', async () => {
    const a = await save(as.regulator, input())
    expect(a.error).toBeNull()
    const id = a.data as string
    expect(await teams(NAME)).toEqual([
      { name: NAME, headcount: 24, area_code: expect.stringMatching(new RegExp(`^${DEMO_REGULATOR_AREA}`)), phone: '0750-3456789' },
    ])
    const e = await save(as.regulator, input({ headcount: '30', duty_phone: '0750-1111111' }), id)
    expect(e.data).toBe(id)
    expect(await teams(NAME)).toMatchObject([{ headcount: 30, phone: '0750-1111111' }])
    const base = await as.regulator.from('rescue_teams').select('location').eq('id', id).single()
    expect(base.data!.location).toMatchObject({ type: 'Point', coordinates: [inside.lon, inside.lat] })
    // the admin writes anywhere
    const adm = await save(as.admin, input({ name: `${NAME} 外区管理员`, lon: String(outside.lon), lat: String(outside.lat) }))
    expect(adm.error).toBeNull()
  })

  it('a refused phone leaves nothing written: no team on an add, the team unchanged on an edit', async () => {
    const a = await save(as.regulator, input({ name: `${NAME} 坏电话` }), undefined, '打这个号')
    expect(a.error?.message).toContain('rescue_team_contacts.duty_phone（值班电话）须为 3–20 位数字、空格、+ 或 -')
    expect(await teams(`${NAME} 坏电话`)).toEqual([])
    const id = (await sql().query<{ id: string }>(`select id from public.rescue_teams where name = $1`, [NAME])).rows[0]!.id
    const e = await save(as.regulator, input({ headcount: '99' }), id, '打这个号')
    expect(e.error).not.toBeNull()
    expect(await teams(NAME)).toMatchObject([{ headcount: 30, phone: '0750-1111111' }])
  })

  it('a refused team writes no phone: outside the district, and every role that may not write', async () => {
    const out = await save(as.regulator, input({ name: `${NAME} 外区`, lon: String(outside.lon), lat: String(outside.lat) }))
    expect(out.error?.code).toBe('42501')
    expect(out.error?.message).toContain('row-level security policy for table "rescue_teams"')
    const id = (await sql().query<{ id: string }>(`select id from public.rescue_teams where name = $1`, [NAME])).rows[0]!.id
    // moving the base out of the district on an edit: refused, phone untouched
    const moved = await save(as.regulator, input({ lon: String(outside.lon), lat: String(outside.lat) }), id, '0750-9999999')
    expect(moved.error?.code).toBe('42501')
    const other = (await sql().query<{ id: string }>(`select id from public.rescue_teams where name = $1`, [`${NAME} 外区管理员`])).rows[0]!.id
    const theirs = await save(as.regulator, input({ name: `${NAME} 外区管理员` }), other, '0750-9999999')
    expect(theirs.error?.code).toBe('42501')
    for (const role of ['planner', 'command', 'enterprise'] as const) {
      expect((await save(as[role], input({ name: `${NAME} ${role}` }))).error?.code, role).toBe('42501')
      const u = await save(as[role], input({ headcount: '0' }), id, '0750-9999999')
      expect(u.error?.code, role).toBe('42501')
    }
    const anon = anonClient()
    expect((await save(anon, input({ name: `${NAME} anon` }))).error?.code).toBe('42501')
    expect((await save(anon, input(), id, '0750-9999999')).error?.code).toBe('42501')
    expect(await teams(`${NAME}%`)).toEqual([
      { name: NAME, headcount: 30, area_code: expect.any(String), phone: '0750-1111111' },
      { name: `${NAME} 外区管理员`, headcount: 24, area_code: expect.any(String), phone: '0750-3456789' },
    ])
    const { rows } = await sql().query<{ n: number }>(`select count(*)::int n from public.rescue_team_contacts where duty_phone = '0750-9999999'`)
    expect(rows[0]!.n).toBe(0)
  })

  it('the same for experts: a refused phone writes no expert, a refused expert no phone', async () => {
    const row = expertRow({
      name: EXPERT,
      specialty: 'other',
      organisation: '',
      title: '',
      area_code: DEMO_REGULATOR_AREA,
      last_verified_on: '',
      phone: '',
    }).row
    const bad = await as.regulator.rpc('save_emergency_expert', { expert: row, phone: '打这个号' })
    expect(bad.error?.message).toContain('emergency_expert_contacts.phone')
    const out = await as.regulator.rpc('save_emergency_expert', { expert: { ...row, area_code: '440703' }, phone: '0750-8888888' })
    expect(out.error?.code).toBe('42501')
    const { rows } = await sql().query<{ n: number; p: number }>(
      `select (select count(*)::int from public.emergency_experts where name = $1) n,
              (select count(*)::int from public.emergency_expert_contacts where phone = '0750-8888888') p`,
      [EXPERT],
    )
    expect(rows[0]).toEqual({ n: 0, p: 0 })
  })
})
