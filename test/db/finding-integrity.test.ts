// Finding integrity (issue 12): an inspection's finding belongs to the inspector. The enterprise
// adds rectification evidence through transition_hidden_danger(), but a PATCH of the finding's
// title, description, location or source is refused; every content edit that is allowed leaves
// an 'edited' event with the old and the new text. Through supabase-js against the real stack.
import { describe, it, expect, beforeAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { serviceClient, signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, demoUser } from '../../supabase/seed/demo-users.ts'

useStack()

let service: SupabaseClient
const as: Record<string, SupabaseClient> = {}
let site: { lon: number; lat: number }

async function newDanger(source: 'inspection' | 'self_check', title: string): Promise<string> {
  const { data, error } = await service
    .from('hidden_dangers')
    .insert({
      enterprise_id: DEMO_ENTERPRISE_ID,
      title,
      description: `${title}：原始描述`,
      source,
      location: `SRID=4326;POINT(${site.lon} ${site.lat})`,
    })
    .select('id')
    .single()
  if (error) throw new Error(error.message)
  return data!.id
}

async function row(id: string) {
  const { rows } = await sql().query(
    `select title, description, source, extensions.st_astext(location) as location, area_code
    from public.hidden_dangers where id = $1`,
    [id],
  )
  return rows[0]
}

async function events(id: string) {
  const { rows } = await sql().query(
    `select action, actor_role, details from public.hidden_danger_events
    where hidden_danger_id = $1 order by id`,
    [id],
  )
  return rows as { action: string; actor_role: string; details: any }[]
}

beforeAll(async () => {
  service = serviceClient()
  for (const role of ['admin', 'regulator', 'enterprise'] as const) as[role] = await signIn(demoUser(role).email, demoUser(role).password)
  const { rows } = await sql().query(`select extensions.st_x(location) as lon, extensions.st_y(location) as lat from public.enterprises where id = $1`, [
    DEMO_ENTERPRISE_ID,
  ])
  site = { lon: Number(rows[0].lon), lat: Number(rows[0].lat) }
})

describe('an enterprise cannot rewrite an inspection finding', () => {
  let id: string
  beforeAll(async () => {
    id = await newDanger('inspection', '检查发现：储罐区静电接地失效')
  })

  it.each([
    ['title', { title: '已整改完毕的小问题' }, /^title: an enterprise may not rewrite a finding made by an inspection/],
    ['description', { description: '无问题' }, /^description: an enterprise may not rewrite a finding made by an inspection/],
    ['location', { location: 'SRID=4326;POINT(113.2 22.7)' }, /^location: an enterprise may not move a hidden danger/],
    ['source', { source: 'self_check' }, /^source: a hidden danger keeps its source/],
  ])('a PATCH of %s is refused, names the field, and changes nothing', async (_field, patch, message) => {
    const before = await row(id)
    const eventsBefore = (await events(id)).length
    const { data, error } = await as.enterprise.from('hidden_dangers').update(patch).eq('id', id).select('id')
    expect(data).toBeNull()
    expect(error?.code).toBe('42501')
    expect(error?.message).toMatch(message)
    expect(await row(id)).toEqual(before)
    expect((await events(id)).length).toBe(eventsBefore)
  })

  it('the enterprise still adds rectification evidence through the lifecycle', async () => {
    const reg = await as.regulator.rpc('transition_hidden_danger', { id, to_status: 'registered', details: { severity: 'general' } })
    expect(reg.error).toBeNull()
    const plan = await as.enterprise.rpc('transition_hidden_danger', {
      id,
      to_status: 'rectifying',
      details: { measures: '更换接地线', responsible_person: '李工', funds: 2000, deadline: '2099-01-01' },
    })
    expect(plan.error).toBeNull()
    const done = await as.enterprise.rpc('transition_hidden_danger', { id, to_status: 'pending_verification', details: { done: '已更换并检测合格' } })
    expect(done.error).toBeNull()
    expect((await row(id)).title).toBe('检查发现：储罐区静电接地失效')
  })

  it('the inspector (regulator of the area) may correct the finding, and the event keeps the old and new text', async () => {
    const { error } = await as.regulator.from('hidden_dangers').update({ title: '检查发现：储罐区静电接地失效（更正）' }).eq('id', id)
    expect(error).toBeNull()
    const last = (await events(id)).at(-1)!
    expect(last.action).toBe('edited')
    expect(last.actor_role).toBe('regulator')
    expect(last.details.changes).toEqual({ title: { old: '检查发现：储罐区静电接地失效', new: '检查发现：储罐区静电接地失效（更正）' } })
  })
})

describe("the enterprise's own self-check findings", () => {
  it('may be corrected by the enterprise, and each edit appends an event with old and new text', async () => {
    const id = await newDanger('self_check', '自查：消防栓压力不足')
    const n = (await events(id)).length
    const { data, error } = await as.enterprise.from('hidden_dangers').update({ description: '自查：3号消防栓压力 0.1 MPa' }).eq('id', id).select('description')
    expect(error).toBeNull()
    expect(data).toEqual([{ description: '自查：3号消防栓压力 0.1 MPa' }])
    const ev = await events(id)
    expect(ev.length).toBe(n + 1)
    expect(ev.at(-1)).toMatchObject({
      action: 'edited',
      actor_role: 'enterprise',
      details: { changes: { description: { old: '自查：消防栓压力不足：原始描述', new: '自查：3号消防栓压力 0.1 MPa' } } },
    })
  })

  it("an enterprise cannot file a finding in the inspector's name", async () => {
    const { data, error } = await as.enterprise
      .from('hidden_dangers')
      .insert({
        enterprise_id: DEMO_ENTERPRISE_ID,
        title: '冒充检查发现',
        source: 'inspection',
        location: `SRID=4326;POINT(${site.lon} ${site.lat})`,
      })
      .select('id')
    expect(data).toBeNull()
    expect(error?.message).toMatch(/^source: an enterprise records its own findings as self_check/)
  })

  it('an edit by the service role is recorded too', async () => {
    const id = await newDanger('inspection', '检查发现：配电室无挡鼠板')
    const { error } = await service.from('hidden_dangers').update({ title: '检查发现：配电室未设挡鼠板' }).eq('id', id)
    expect(error).toBeNull()
    expect((await events(id)).at(-1)).toMatchObject({
      action: 'edited',
      actor_role: 'service',
      details: { changes: { title: { old: '检查发现：配电室无挡鼠板', new: '检查发现：配电室未设挡鼠板' } } },
    })
  })

  it('the events stay append-only: nobody edits the edit record', async () => {
    const { error } = await service.from('hidden_danger_events').update({ note: '抹掉' }).eq('action', 'edited')
    expect(error?.code).toBe('42501')
  })
})
