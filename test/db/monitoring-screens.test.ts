// Monitoring on the screens (issue 17): the one map's layer (monitoring_sources) and the wall's
// alarm list (wall_alarms), through supabase-js → gateway → PostgREST, under each role's RLS:
// a source's state from its channels (offline never normal, alarms by severity), the list's
// acknowledgement and escalation state, floods grouped per enterprise, offline counted apart.
import { describe, it, expect, beforeAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, clientWithClaims, signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA, demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'

useStack()

const as = {} as Record<AppRole, SupabaseClient>
const run = Math.random().toString(36).slice(2, 8)
let source: { id: string; lon: number; lat: number; enterprise_id: string }
let floodSource: { id: string; enterprise_id: string }
const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString()

interface SourceRow {
  id: string
  state: string
  channels: number
  offline: number
  no_data: number
  hh: number
  h: number
  fault: number
  unacknowledged: number
}
interface WallAlarms {
  items: {
    id: string
    kind: string
    severity: number
    hazard_source_id: string
    enterprise_id: string
    source_name: string
    enterprise_name: string
    channel_name: string
    value: number
    unit: string
    acknowledged_at: string | null
    acknowledged_role: string | null
  }[]
  floods: { enterprise_id: string; recent: number; open: number; severity: number }[]
  counts: Record<string, number>
  area: { code: string; name: string; name_en: string } | null
}

async function sources(client: SupabaseClient, b = [source.lon - 0.001, source.lat - 0.001, source.lon + 0.001, source.lat + 0.001]) {
  const { data, error } = await client.rpc('monitoring_sources', { west: b[0], south: b[1], east: b[2], north: b[3] })
  if (error) throw new Error(error.message)
  return data as SourceRow[]
}

async function wall(client: SupabaseClient, max = 200, area: string | null = null): Promise<WallAlarms> {
  const { data, error } = await client.rpc('wall_alarms', { max_items: max, area })
  if (error) throw new Error(error.message)
  return data as WallAlarms
}

async function channel(sourceId: string, n: number): Promise<string> {
  const code = `MS-${run}-${n}`
  const { error } = await as.admin
    .from('monitoring_channels')
    .insert({ hazard_source_id: sourceId, code, name: `屏幕测试 ${n}`, kind: 'temperature', range_min: 0, range_max: 200, l: 20, h: 80, hh: 100 })
  if (error) throw new Error(error.message)
  return code
}

async function send(code: string, t: string, v: number) {
  const { data, error } = await as.admin.rpc('ingest_readings', { readings: [{ channel: code, t, v }] })
  if (error) throw new Error(error.message)
  expect(data.accepted).toBe(1)
}

beforeAll(async () => {
  for (const role of ['admin', 'regulator', 'command', 'enterprise', 'planner'] as const) {
    as[role] = await signIn(demoUser(role).email, demoUser(role).password)
  }
  // a hazard source of its own (no demo channels on it), beside one of the demo enterprise's
  const { rows } = await sql().query<{ id: string; lon: number; lat: number; enterprise_id: string }>(
    `insert into public.hazard_sources (enterprise_id, name, unit_type, geom, area_code)
     select enterprise_id, 'MS-${run} 储罐区', unit_type, extensions.st_translate(location, 0.0003, 0.0003), area_code
     from public.hazard_sources where enterprise_id = $1 and area_code like '${DEMO_REGULATOR_AREA}%' order by id limit 1
     returning id, extensions.st_x(location) as lon, extensions.st_y(location) as lat, enterprise_id`,
    [DEMO_ENTERPRISE_ID],
  )
  source = rows[0]!
  const { rows: other } = await sql().query<{ id: string; enterprise_id: string }>(
    `select id, enterprise_id from public.hazard_sources where enterprise_id <> $1 and area_code not like '${DEMO_REGULATOR_AREA}%' order by id limit 1`,
    [DEMO_ENTERPRISE_ID],
  )
  floodSource = other[0]!
  expect(source?.id).toBeTruthy()
  expect(floodSource?.id).toBeTruthy()
}, 120_000)

describe('monitoring_sources (the one map)', () => {
  const codes: string[] = []
  it('a source whose channels never reported is offline (grey), never normal', async () => {
    codes.push(await channel(source.id, 1), await channel(source.id, 2))
    const [s] = (await sources(as.admin)).filter((r) => r.id === source.id)
    expect(s).toMatchObject({ state: 'offline', channels: 2, no_data: 2, hh: 0, h: 0 })
  })

  it('normal once read, then H, then HH wins over H; fault below alarms', async () => {
    await send(codes[0]!, ago(30), 50)
    await send(codes[1]!, ago(30), 50)
    expect((await sources(as.admin)).find((r) => r.id === source.id)).toMatchObject({ state: 'normal', no_data: 0 })
    await send(codes[0]!, ago(29), 90)
    expect((await sources(as.admin)).find((r) => r.id === source.id)).toMatchObject({ state: 'h', h: 1, unacknowledged: 1 })
    await send(codes[1]!, ago(29), 150)
    expect((await sources(as.admin)).find((r) => r.id === source.id)).toMatchObject({ state: 'hh', h: 1, hh: 1, unacknowledged: 2 })
  })

  it('follows each role: the enterprise, the regulator, the command centre and planners see it; another area does not', async () => {
    for (const role of ['enterprise', 'regulator', 'command', 'planner'] as const) {
      expect(
        (await sources(as[role])).map((r) => r.id),
        role,
      ).toContain(source.id)
    }
    const otherEnt = await clientWithClaims({
      sub: '00000000-0000-4000-8000-00000000f0a1',
      role: 'authenticated',
      aud: 'authenticated',
      app_metadata: { app_role: 'enterprise', enterprise_id: floodSource.enterprise_id },
    })
    expect((await sources(otherEnt)).map((r) => r.id)).not.toContain(source.id)
  })

  it('refuses the public, the ingestion identity and a bad bbox, by name', async () => {
    const { error: anon } = await anonClient().rpc('monitoring_sources', { west: 112, south: 22, east: 113, north: 23 })
    expect(anon?.message).toMatch(/permission denied|staff only/)
    const ingest = await clientWithClaims({
      sub: '00000000-0000-4000-8000-00000000f0a2',
      role: 'authenticated',
      aud: 'authenticated',
      app_metadata: { app_role: 'ingest', enterprise_id: DEMO_ENTERPRISE_ID },
    })
    const { error: ing } = await ingest.rpc('monitoring_sources', { west: 112, south: 22, east: 113, north: 23 })
    expect(ing?.message).toMatch(/staff only/)
    const { error: bad } = await as.admin.rpc('monitoring_sources', { west: 112, south: 22, east: 200, north: 23 })
    expect(bad?.message).toMatch(/bounding box|bbox|范围/i)
  })
})

describe('wall_alarms (the wall)', () => {
  it('lists open alarms with source, enterprise, channel, value and unit, HH first', async () => {
    const w = await wall(as.command)
    const mine = w.items.filter((i) => i.hazard_source_id === source.id)
    expect(mine.map((i) => i.kind)).toEqual(['HH', 'H'])
    expect(mine[0]).toMatchObject({ severity: 3, value: 150, unit: '°C', source_name: `MS-${run} 储罐区`, acknowledged_at: null })
    expect(mine[0]!.enterprise_name).toBeTruthy()
    expect(mine[0]!.channel_name).toBe('屏幕测试 2')
    expect(w.counts.active).toBeGreaterThanOrEqual(2)
    expect(w.counts.hh).toBeGreaterThanOrEqual(1)
  })

  it('shows the acknowledgement by the enterprise, and lists unacknowledged alarms first', async () => {
    const before = (await wall(as.command)).items.find((i) => i.hazard_source_id === source.id && i.kind === 'HH')!
    const unackedBefore = (await wall(as.command)).counts.unacknowledged!
    const { error } = await as.enterprise.rpc('acknowledge_monitoring_alarm', { alarm_id: before.id, note: '现场已处置' })
    expect(error).toBeNull()
    const w = await wall(as.command)
    const after = w.items.find((i) => i.id === before.id)!
    expect(after).toMatchObject({ acknowledged_role: 'enterprise' })
    expect(after.acknowledged_at).not.toBeNull()
    expect(w.counts.unacknowledged).toBe(unackedBefore - 1)
    const firstAcked = w.items.findIndex((i) => i.acknowledged_at !== null)
    expect(w.items.slice(firstAcked).every((i) => i.acknowledged_at !== null)).toBe(true)
  })

  it('counts offline channels apart and never lists them', async () => {
    const code = await channel(source.id, 3)
    await send(code, ago(40), 50)
    const { rows } = await sql().query<{ r: { offline_raised: number } }>('select public.monitoring_sweep(now()) as r')
    expect(rows[0]!.r.offline_raised).toBeGreaterThanOrEqual(1)
    const w = await wall(as.command)
    expect(w.counts.offline).toBeGreaterThanOrEqual(1)
    expect(w.items.some((i) => i.kind === 'offline')).toBe(false)
  })

  it('groups a flood (> 50 alarms in 10 minutes at one enterprise) as one line with a count', async () => {
    const rows = Array.from({ length: 51 }, (_, i) => ({
      hazard_source_id: floodSource.id,
      code: `MSF-${run}-${i}`,
      name: `洪水 ${i}`,
      kind: 'temperature',
      range_min: 0,
      range_max: 200,
      h: 80,
    }))
    const { error } = await as.admin.from('monitoring_channels').insert(rows)
    expect(error).toBeNull()
    const t = ago(1)
    const { data } = await as.admin.rpc('ingest_readings', { readings: rows.map((r) => ({ channel: r.code, t, v: 90 })) })
    expect(data.accepted).toBe(51)
    const w = await wall(as.command)
    const flood = w.floods.find((f) => f.enterprise_id === floodSource.enterprise_id)
    expect(flood).toBeTruthy()
    expect(flood!.recent).toBeGreaterThanOrEqual(51)
    expect(flood!.open).toBeGreaterThanOrEqual(51)
    expect(flood!.severity).toBe(2)
    expect(w.items.some((i) => i.enterprise_id === floodSource.enterprise_id)).toBe(false)
    // the demo enterprise's alarms are still listed one by one
    expect(w.items.some((i) => i.hazard_source_id === source.id)).toBe(true)
    // a regulator of another district does not see that enterprise's flood
    expect((await wall(as.regulator)).floods.some((f) => f.enterprise_id === floodSource.enterprise_id)).toBe(false)
  })

  it('follows the district tour: with an area, only its alarms, floods and channels, as SQL counts them', async () => {
    const { rows: d } = await sql().query<{ mine: string; other: string }>(
      `select (select left(area_code, 6) from public.hazard_sources where id = $1) as mine,
              (select left(area_code, 6) from public.hazard_sources where id = $2) as other`,
      [source.id, floodSource.id],
    )
    const { mine, other } = d[0]!
    expect(mine).not.toBe(other)
    for (const code of [mine, other]) {
      const w = await wall(as.command, 200, code)
      const { rows } = await sql().query<{ ids: string[] | null; active: number; channels: number; flooded: string[] | null }>(
        `select (select array_agg(id::text) from public.monitoring_alarms where cleared_at is null and kind <> 'offline' and area_code like $1 || '%') as ids,
                (select count(*)::int from public.monitoring_alarms where cleared_at is null and kind <> 'offline' and area_code like $1 || '%') as active,
                (select count(*)::int from public.monitoring_latest l join public.monitoring_channels c on c.id = l.channel_id where c.area_code like $1 || '%') as channels,
                (select array_agg(distinct enterprise_id::text) from public.monitoring_alarms
                  where kind <> 'offline' and area_code like $1 || '%' and raised_at > now() - interval '10 minutes') as flooded`,
        [code],
      )
      const inArea = new Set(rows[0]!.ids ?? [])
      expect(w.area).toMatchObject({ code })
      expect(w.area!.name).toBeTruthy()
      expect(w.counts.active).toBe(rows[0]!.active)
      expect(w.counts.channels).toBe(rows[0]!.channels)
      for (const i of w.items) expect(inArea.has(i.id), `${i.id} of ${code}`).toBe(true)
      for (const f of w.floods) expect(rows[0]!.flooded ?? []).toContain(f.enterprise_id)
    }
    // the demo source's alarms under its district, the flood under the other one
    expect((await wall(as.command, 200, mine)).items.some((i) => i.hazard_source_id === source.id)).toBe(true)
    expect((await wall(as.command, 200, mine)).floods.some((f) => f.enterprise_id === floodSource.enterprise_id)).toBe(false)
    expect((await wall(as.command, 200, other)).floods.some((f) => f.enterprise_id === floodSource.enterprise_id)).toBe(true)
    // the whole city: both, and no area named
    const all = await wall(as.command)
    expect(all.area).toBeNull()
    expect(all.counts.active).toBeGreaterThanOrEqual((await wall(as.command, 200, mine)).counts.active + (await wall(as.command, 200, other)).counts.active)
  })

  it('refuses an unknown or malformed area by name', async () => {
    const unknown = await as.command.rpc('wall_alarms', { max_items: 10, area: '449999' })
    expect(unknown.error?.code).toBe('22023')
    expect(unknown.error?.message).toMatch(/^area: 未知区域代码 449999/)
    const bad = await as.command.rpc('wall_alarms', { max_items: 10, area: 'abc' })
    expect(bad.error?.code).toBe('22023')
    expect(bad.error?.message).toMatch(/^area: 须为 2–12 位区划代码/)
  })

  it('refuses the public, the ingestion identity and a bad max_items, by name', async () => {
    const { error: anon } = await anonClient().rpc('wall_alarms', { max_items: 10 })
    expect(anon?.message).toMatch(/permission denied|staff only/)
    const ingest = await clientWithClaims({
      sub: '00000000-0000-4000-8000-00000000f0a3',
      role: 'authenticated',
      aud: 'authenticated',
      app_metadata: { app_role: 'ingest', enterprise_id: DEMO_ENTERPRISE_ID },
    })
    expect((await ingest.rpc('wall_alarms', { max_items: 10 })).error?.message).toMatch(/staff only/)
    expect((await as.command.rpc('wall_alarms', { max_items: 0 })).error?.message).toMatch(/max_items.*1 to 200/)
    expect((await as.command.rpc('wall_alarms', { max_items: 500 })).error?.message).toMatch(/max_items.*1 to 200/)
  })
})
