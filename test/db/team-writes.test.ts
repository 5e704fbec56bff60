// Rescue teams written as the #/registries form writes them (issue 18, 救援队伍), through supabase-js →
// PostgREST → PostgreSQL, per role: a regulator adds a team based in its district with an on-duty phone
// (the area follows the base), reads the base back as GeoJSON (the edit form's source) and edits it;
// a base outside its district is refused, and so are the enterprise, the planner and the command
// centre. The phone is for those who dispatch: the command centre reads it, the planner does not, the
// public reads neither the team nor the phone. The form's checks (src/domain/rescueTeams.ts) and the
// database refuse the same bad input.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_REGULATOR_AREA, demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'
import { teamProblems, teamRow, type TeamInput } from '../../src/domain/rescueTeams.ts'

useStack()

const as = {} as Record<AppRole, SupabaseClient>
const NAME = `测试危化救援队 ${Date.now().toString(36)}`
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
})

const input = (over: Partial<TeamInput> = {}): TeamInput => ({
  name: NAME,
  team_type: 'hazmat',
  headcount: '24',
  equipment: '堵漏器材 4 套；防化服 30 套',
  lon: String(inside.lon),
  lat: String(inside.lat),
  duty_phone: '0750-3456789',
  ...over,
})

describe('rescue_teams writes per role, and the duty phone', () => {
  it('a regulator adds a team in its district with a duty phone, reads its base back and edits it', async () => {
    const { row, phone } = teamRow(input())
    const a = await as.regulator.from('rescue_teams').insert(row).select('id, area_code').single()
    expect(a.error).toBeNull()
    expect(a.data!.area_code.startsWith(DEMO_REGULATOR_AREA)).toBe(true)
    const id = a.data!.id as string
    const c = await as.regulator.from('rescue_team_contacts').upsert({ team_id: id, duty_phone: phone }, { onConflict: 'team_id' })
    expect(c.error).toBeNull()
    const base = await as.regulator.from('rescue_teams').select('location').eq('id', id).single()
    expect(base.data!.location).toMatchObject({ type: 'Point', coordinates: [inside.lon, inside.lat] })
    const u = await as.regulator.from('rescue_teams').update({ headcount: 30 }).eq('id', id).select('headcount')
    expect(u.data).toEqual([{ headcount: 30 }])
    const c2 = await as.regulator.from('rescue_team_contacts').upsert({ team_id: id, duty_phone: '0750-1111111' }, { onConflict: 'team_id' })
    expect(c2.error).toBeNull()
    // the command centre reads the phone; the planner sees the team but not the phone; the public neither
    const cmd = await as.command.rpc('nearest_rescue_teams', { lon: inside.lon, lat: inside.lat, n: 50 })
    expect((cmd.data as { id: string; duty_phone: string | null }[]).find((t) => t.id === id)?.duty_phone).toBe('0750-1111111')
    const pl = await as.planner.from('rescue_teams').select('id, rescue_team_contacts(duty_phone)').eq('id', id).single()
    expect(pl.data).toEqual({ id, rescue_team_contacts: null })
    const anon = anonClient()
    expect((await anon.from('rescue_teams').select('id').eq('id', id)).error?.code).toBe('42501')
    expect((await anon.from('rescue_team_contacts').select('duty_phone')).error?.code).toBe('42501')
    expect((await anon.rpc('nearest_rescue_teams', { lon: inside.lon, lat: inside.lat, n: 5 })).error).not.toBeNull()
  })

  it('refuses a base outside the regulator’s district, the enterprise, the planner and the command centre', async () => {
    const out = await as.regulator.from('rescue_teams').insert(teamRow(input({ name: `${NAME} 外区`, lon: String(outside.lon), lat: String(outside.lat) })).row)
    expect(out.error?.code).toBe('42501')
    for (const role of ['enterprise', 'planner', 'command'] as const) {
      const r = await as[role].from('rescue_teams').insert(teamRow(input({ name: `${NAME} ${role}` })).row)
      expect(r.error?.code, role).toBe('42501')
      const u = await as[role].from('rescue_teams').update({ headcount: 0 }).eq('name', NAME).select('id')
      expect(u.data ?? [], role).toEqual([])
    }
    const { rows } = await sql().query<{ h: number }>(`select headcount h from public.rescue_teams where name = $1`, [NAME])
    expect(rows).toEqual([{ h: 30 }])
  })

  it('the form’s checks and the database refuse the same bad input', async () => {
    const cases: [keyof TeamInput, Partial<TeamInput>, RegExp][] = [
      ['name', { name: ' ' }, /rescue_teams\.name|队伍名称/],
      ['headcount', { headcount: '100001' }, /rescue_teams\.headcount|队员人数/],
      ['lon', { lon: '200' }, /rescue_teams\.location has coordinates out of range/],
      ['lat', { lat: '-91' }, /rescue_teams\.location has coordinates out of range/],
    ]
    for (const [field, bad, db] of cases) {
      const i = input({ name: `${NAME} 坏`, ...bad })
      expect(
        teamProblems(i).map((p) => p.field),
        JSON.stringify(bad),
      ).toEqual([field])
      const raw = { ...teamRow(input({ name: `${NAME} 坏` })).row }
      if (field === 'name') raw.name = bad.name!
      if (field === 'headcount') raw.headcount = Number(bad.headcount)
      if (field === 'lon' || field === 'lat') raw.location = `SRID=4326;POINT(${bad.lon ?? inside.lon} ${bad.lat ?? inside.lat})`
      const r = await as.regulator.from('rescue_teams').insert(raw)
      expect(r.error, JSON.stringify(bad)).not.toBeNull()
      expect(r.error!.message, JSON.stringify(bad)).toMatch(db)
    }
    // a bad duty phone: refused by the form and by the contacts table
    expect(teamProblems(input({ duty_phone: '打这个号' })).map((p) => p.field)).toEqual(['duty_phone'])
    const { data } = await sql()
      .query<{ id: string }>(`select id from public.rescue_teams where name = $1`, [NAME])
      .then((r) => ({ data: r.rows }))
    const p = await as.regulator.from('rescue_team_contacts').upsert({ team_id: data[0]!.id, duty_phone: '打这个号' }, { onConflict: 'team_id' })
    expect(p.error?.message).toContain('rescue_team_contacts.duty_phone（值班电话）须为 3–20 位数字、空格、+ 或 -')
    // whole numbers only for the headcount
    expect(teamProblems(input({ headcount: '2.5' })).map((x) => x.field)).toEqual(['headcount'])
  })
})
