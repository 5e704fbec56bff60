// Monitoring (issue 17) through supabase-js → gateway → PostgREST → PostgreSQL: channels with their
// defaults and limits, ingest_readings (refusals one by one, duplicates, batch bound), the alarm
// rules at and around their edges (crossing, deadband, clear hold, H→HH, fault, offline and
// recovery, out-of-order and late readings), escalation, and who may ingest and acknowledge.
import { describe, it, expect, beforeAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, clientWithClaims, signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA, demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'

useStack()

const as = {} as Record<AppRole, SupabaseClient>
let ingest: SupabaseClient // the demo enterprise's ingestion identity
let ownSource: string // a hazard source of the demo enterprise (inside the regulator's district)
let otherSource: string // a hazard source of another enterprise outside the district
const run = Math.random().toString(36).slice(2, 8)
// Reading times: an hour ago, whole minute, plus seconds.
const T0 = Math.floor((Date.now() - 3600_000) / 60_000) * 60_000
const at = (s: number) => new Date(T0 + s * 1000).toISOString()

interface Alarm {
  id: string
  kind: string
  raised_at: string
  cleared_at: string | null
  escalated_to_hh_at: string | null
  peak: number
  acknowledged_at: string | null
  escalated_at: string | null
}

let seq = 0
/** A new channel of the demo enterprise (or another): range 0–200, L 20, H 80, HH 100, deadband 10 (5 %), hold 60 s, interval 10 s. */
async function channel(over: Record<string, unknown> = {}, source = ownSource): Promise<{ id: string; code: string }> {
  const code = `T-${run}-${++seq}`
  const { data, error } = await as.admin
    .from('monitoring_channels')
    .insert({ hazard_source_id: source, code, name: `测试通道 ${seq}`, kind: 'temperature', range_min: 0, range_max: 200, l: 20, h: 80, hh: 100, ...over })
    .select('id, code')
    .single()
  if (error) throw new Error(error.message)
  return data
}

async function send(client: SupabaseClient, code: string, pts: [number, unknown][]) {
  const { data, error } = await client.rpc('ingest_readings', { readings: pts.map(([s, v]) => ({ channel: code, t: at(s), v })) })
  if (error) throw new Error(error.message)
  return data as { accepted: number; duplicates: number; late: number; rejected: { index: number; message: string }[] }
}

async function alarms(channelId: string): Promise<Alarm[]> {
  const { data, error } = await as.admin.from('monitoring_alarms').select('*').eq('channel_id', channelId).order('raised_at')
  if (error) throw new Error(error.message)
  return data as Alarm[]
}

async function latest(channelId: string) {
  const { data } = await as.admin.from('monitoring_latest').select('t, v, status').eq('channel_id', channelId).single()
  return data as { t: string; v: number; status: string }
}

const iso = (s: string | null) => (s === null ? null : new Date(s).toISOString())

beforeAll(async () => {
  for (const role of ['admin', 'regulator', 'command', 'enterprise', 'planner'] as const) {
    as[role] = await signIn(demoUser(role).email, demoUser(role).password)
  }
  ingest = await clientWithClaims({
    sub: '00000000-0000-4000-8000-00000000f001',
    role: 'authenticated',
    aud: 'authenticated',
    app_metadata: { app_role: 'ingest', enterprise_id: DEMO_ENTERPRISE_ID },
  })
  const { rows } = await sql().query<{ own: string; other: string }>(
    `select (select id from public.hazard_sources where enterprise_id = $1 order by id limit 1) as own,
            (select id from public.hazard_sources where enterprise_id <> $1 and area_code not like '${DEMO_REGULATOR_AREA}%' order by id limit 1) as other`,
    [DEMO_ENTERPRISE_ID],
  )
  ownSource = rows[0]!.own
  otherSource = rows[0]!.other
  expect(ownSource).toBeTruthy()
  expect(otherSource).toBeTruthy()
}, 120_000)

describe('channels', () => {
  it('take the defaults: deadband 5 % of the range, clear hold 60 s, gas detectors per GB/T 50493-2019', async () => {
    const c = await channel()
    const { data } = await as.admin.from('monitoring_channels').select('*').eq('id', c.id).single()
    expect(data).toMatchObject({ deadband: 10, clear_hold_s: 60, interval_s: 10, unit: '°C', enterprise_id: DEMO_ENTERPRISE_ID })
    const gas = await channel({ kind: 'flammable_gas', range_min: null, range_max: null, l: null, h: null, hh: null })
    const { data: g } = await as.admin.from('monitoring_channels').select('*').eq('id', gas.id).single()
    expect(g).toMatchObject({ unit: '%LEL', range_min: 0, range_max: 100, h: 25, hh: 50, deadband: 5 })
    const tox = await channel({ kind: 'toxic_gas', range_min: 0, range_max: 50, l: null, h: null, hh: null, exposure_limit: 5 })
    const { data: x } = await as.admin.from('monitoring_channels').select('h, hh, unit').eq('id', tox.id).single()
    expect(x).toEqual({ h: 5, hh: 10, unit: 'ppm' })
    const o2 = await channel({ kind: 'oxygen', range_min: null, range_max: null, l: null, h: null, hh: null })
    const { data: o } = await as.admin.from('monitoring_channels').select('l, h, hh').eq('id', o2.id).single()
    expect(o).toEqual({ l: 19.5, h: 23.5, hh: null })
  })

  it('refuse bad settings by name', async () => {
    const bad = async (over: Record<string, unknown>) => {
      const { error } = await as.admin
        .from('monitoring_channels')
        .insert({ hazard_source_id: ownSource, code: `BAD-${run}-${++seq}`, name: 'x', kind: 'temperature', range_min: 0, range_max: 200, ...over })
      return error?.message ?? 'accepted'
    }
    expect(await bad({ h: 250 })).toMatch(/monitoring_channels\.h.*instrument range/)
    expect(await bad({ h: 80, hh: 70 })).toMatch(/ll < l < h < hh/)
    expect(await bad({ range_min: 10, range_max: 5 })).toMatch(/range_max/)
    expect(await bad({ kind: 'toxic_gas' })).toMatch(/exposure_limit/)
    expect(await bad({ kind: 'radiation' })).toMatch(/monitoring_channels\.kind/)
    expect(await bad({ interval_s: 0 })).toMatch(/monitoring_channels\.interval_s/)
    expect(await bad({ code: 'has space' })).toMatch(/monitoring_channels\.code/)
    expect(await bad({ name: '   ' })).toMatch(/monitoring_channels\.name/)
  })

  it('are written by admins and the area regulator, read by the enterprise, never written by it', async () => {
    const c = await channel()
    const { data: seen } = await as.enterprise.from('monitoring_channels').select('id').eq('id', c.id)
    expect(seen).toHaveLength(1)
    const { data: upd } = await as.enterprise.from('monitoring_channels').update({ h: 90 }).eq('id', c.id).select('id')
    expect(upd).toEqual([])
    const { data: reg } = await as.regulator.from('monitoring_channels').update({ h: 90 }).eq('id', c.id).select('h')
    expect(reg).toEqual([{ h: 90 }])
    const { error } = await as.regulator.from('monitoring_channels').insert({ hazard_source_id: otherSource, code: `R-${run}`, name: 'x', kind: 'pressure' })
    expect(error?.message).toMatch(/row-level security/)
  })
})

describe('ingest_readings', () => {
  it('refuses bad readings one by one with index and reason, keeps the good ones', async () => {
    const c = await channel()
    const foreign = await channel({}, otherSource)
    const future = new Date(Date.now() + 6 * 60_000).toISOString()
    const soon = new Date(Date.now() + 4 * 60_000).toISOString()
    const { data, error } = await ingest.rpc('ingest_readings', {
      readings: [
        { channel: c.code, t: at(0), v: 50 },
        { channel: 'NO-SUCH-CHANNEL', t: at(0), v: 1 },
        { channel: c.code, t: at(10), v: '50' },
        { channel: c.code, t: at(20) },
        { channel: c.code, t: future, v: 1 },
        { channel: c.code, t: '2026-13-01T00:00:00Z', v: 1 },
        { channel: c.code, t: '2026-02-30T00:00:00Z', v: 1 },
        { channel: c.code, t: '2026-12-04 10:00:00', v: 1 },
        42,
        { channel: foreign.code, t: at(0), v: 1 },
        { channel: c.code, t: soon, v: 51 },
        { t: at(0), v: 1 },
      ],
    })
    expect(error).toBeNull()
    expect(data.accepted).toBe(2)
    expect(data.duplicates).toBe(0)
    const byIndex = Object.fromEntries(data.rejected.map((r: { index: number; message: string }) => [r.index, r.message]))
    expect(Object.keys(byIndex).map(Number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 11])
    expect(byIndex[1]).toMatch(/NO-SUCH-CHANNEL.*unknown channel/)
    expect(byIndex[2]).toMatch(/v: .*must be a number \(got a string\)/)
    expect(byIndex[3]).toMatch(/missing value/)
    expect(byIndex[4]).toMatch(/more than 00:05:00 in the future/)
    expect(byIndex[5]).toMatch(/not an ISO 8601 time/)
    expect(byIndex[6]).toMatch(/not an ISO 8601 time/)
    expect(byIndex[7]).toMatch(/time zone/)
    expect(byIndex[8]).toMatch(/must be an object/)
    expect(byIndex[9]).toMatch(/not a channel of your enterprise/)
    expect(byIndex[11]).toMatch(/channel: .*required/)
    const { count } = await as.admin.from('monitoring_readings').select('*', { count: 'exact', head: true }).eq('channel_id', c.id)
    expect(count).toBe(2)
    expect(await latest(c.id)).toMatchObject({ v: 51, status: 'normal' })
  })

  it('counts the same (channel, t) again as a duplicate, in one batch and across batches; the first value stays', async () => {
    const c = await channel()
    const first = await send(ingest, c.code, [
      [0, 30],
      [0, 31],
      [10, 32],
    ])
    expect(first).toMatchObject({ accepted: 2, duplicates: 1, rejected: [] })
    const again = await send(ingest, c.code, [
      [10, 99],
      [20, 33],
    ])
    expect(again).toMatchObject({ accepted: 1, duplicates: 1, rejected: [] })
    const { data } = await as.admin.from('monitoring_readings').select('t, v').eq('channel_id', c.id).order('t')
    expect(data!.map((r) => r.v)).toEqual([30, 32, 33])
    expect(await alarms(c.id)).toEqual([]) // the duplicate 99 raised nothing
  })

  it('is bounded: more than 5,000 readings in one call is refused whole', async () => {
    const c = await channel()
    const readings = Array.from({ length: 5001 }, (_, i) => ({ channel: c.code, t: at(i), v: 1 }))
    const { error } = await as.admin.rpc('ingest_readings', { readings })
    expect(error?.message).toMatch(/at most 5000 readings per call \(got 5001\)/)
    const { error: e2 } = await as.admin.rpc('ingest_readings', { readings: { channel: c.code } })
    expect(e2?.message).toMatch(/readings: .*must be an array/)
  })

  it('who may ingest: the ingestion identity (own channels only), admins; never anon, an enterprise user, the command centre or a planner', async () => {
    const c = await channel()
    const r = { readings: [{ channel: c.code, t: at(0), v: 1 }] }
    const anon = await anonClient().rpc('ingest_readings', r)
    expect(anon.error).not.toBeNull()
    expect(anon.error!.code).toBe('42501')
    for (const role of ['enterprise', 'command', 'planner', 'regulator'] as const) {
      const { error } = await as[role].rpc('ingest_readings', r)
      expect(error?.code, role).toBe('42501')
      expect(error?.message).toMatch(/only an enterprise's ingestion identity/)
    }
    const noEnterprise = await clientWithClaims({ sub: '00000000-0000-4000-8000-00000000f002', role: 'authenticated', app_metadata: { app_role: 'ingest' } })
    expect((await noEnterprise.rpc('ingest_readings', r)).error?.message).toMatch(/names no enterprise/)
    expect((await as.admin.rpc('ingest_readings', r)).data).toMatchObject({ accepted: 1 })
    // the ingestion identity reads nothing: not even its own channels
    const { data } = await ingest.from('monitoring_channels').select('id').eq('id', c.id)
    expect(data).toEqual([])
    const { error: w } = await ingest.from('monitoring_readings').insert({ channel_id: c.id, t: at(5), v: 1 })
    expect(w?.code).toBe('42501')
  })
})

describe('alarm rules', () => {
  it('H is raised at the reading that reaches h (not below), by reading time', async () => {
    const c = await channel()
    await send(ingest, c.code, [
      [0, 79.99],
      [10, 80],
      [20, 85],
    ])
    const a = await alarms(c.id)
    expect(a).toHaveLength(1)
    expect(a[0]).toMatchObject({ kind: 'H', peak: 85, cleared_at: null })
    expect(iso(a[0]!.raised_at)).toBe(at(10))
    expect((await latest(c.id)).status).toBe('H')
  })

  it('clears only below h − deadband, after the value stayed there for the whole clear hold; hovering raises one alarm', async () => {
    const c = await channel()
    // hovering around h: one episode; 75 and 70 are inside the deadband (h − 10 = 70 is not below)
    await send(ingest, c.code, [
      [0, 80],
      [10, 79],
      [20, 81],
      [30, 75],
      [40, 70],
      [50, 82],
    ])
    let a = await alarms(c.id)
    expect(a).toHaveLength(1)
    expect(a[0]!.cleared_at).toBeNull()
    // below 70 from t=60; back to 71 at 100 restarts the hold; below again from 110
    await send(ingest, c.code, [
      [60, 69.9],
      [100, 69],
      [110, 71],
      [120, 60],
      [179, 60], // 59 s: not yet
    ])
    a = await alarms(c.id)
    expect(a[0]!.cleared_at).toBeNull()
    await send(ingest, c.code, [
      [180, 60], // exactly 60 s below h − deadband: clears here
      [190, 60],
    ])
    a = await alarms(c.id)
    expect(a).toHaveLength(1)
    expect(iso(a[0]!.cleared_at)).toBe(at(180))
    expect(a[0]!.peak).toBe(82)
    expect((await latest(c.id)).status).toBe('normal')
    // a new crossing after the clear is a new episode
    await send(ingest, c.code, [[200, 80]])
    expect(await alarms(c.id)).toHaveLength(2)
  })

  it('H that reaches HH becomes HH: the same episode, raised time and peak kept; clears below h − deadband', async () => {
    const c = await channel({ clear_hold_s: 0 })
    await send(ingest, c.code, [
      [0, 90],
      [10, 99.9],
      [20, 100],
      [30, 120],
      [40, 95],
      [50, 85],
    ])
    let a = await alarms(c.id)
    expect(a).toHaveLength(1)
    expect(a[0]).toMatchObject({ kind: 'HH', peak: 120, cleared_at: null })
    expect(iso(a[0]!.raised_at)).toBe(at(0))
    expect(iso(a[0]!.escalated_to_hh_at)).toBe(at(20))
    expect((await latest(c.id)).status).toBe('HH')
    await send(ingest, c.code, [
      [60, 70], // h − deadband: not below
      [70, 69],
    ])
    a = await alarms(c.id)
    expect(iso(a[0]!.cleared_at)).toBe(at(70))
    const { data: ev } = await as.admin.from('monitoring_alarm_events').select('event, at').eq('alarm_id', a[0]!.id).order('id')
    expect(ev!.map((e) => e.event)).toEqual(['raised', 'hh', 'cleared'])
  })

  it('a first reading at or above hh raises HH directly; L and LL work the same way downwards', async () => {
    const c = await channel({ ll: 10, clear_hold_s: 0 })
    await send(ingest, c.code, [
      [0, 150],
      [10, 50],
      [20, 20],
      [30, 10],
      [40, 25],
      [50, 30.1],
    ])
    const a = await alarms(c.id)
    expect(a.map((x) => [x.kind, iso(x.raised_at), iso(x.cleared_at), x.peak])).toEqual([
      ['HH', at(0), at(10), 150],
      ['LL', at(20), at(50), 10],
    ])
  })

  it('a value outside the instrument range is a fault, never H/HH; the next in-range reading clears it', async () => {
    const c = await channel()
    await send(ingest, c.code, [
      [0, 50],
      [10, 200], // the range's edge is inside the range: HH
      [20, 200.1],
      [30, 999],
      [40, 50],
    ])
    const a = await alarms(c.id)
    const fault = a.find((x) => x.kind === 'fault')!
    expect(iso(fault.raised_at)).toBe(at(20))
    expect(iso(fault.cleared_at)).toBe(at(40))
    expect(fault.peak).toBe(999)
    expect(a.filter((x) => x.kind !== 'fault').map((x) => [x.kind, iso(x.raised_at)])).toEqual([['HH', at(10)]])
    // a channel that starts in fault raises no process alarm at all
    const d = await channel()
    await send(ingest, d.code, [[0, -5]])
    expect((await alarms(d.id)).map((x) => x.kind)).toEqual(['fault'])
    expect((await latest(d.id)).status).toBe('fault')
  })

  it('offline: raised by monitoring_sweep at last reading + 3 × interval (only when more time has passed), cleared by the next reading', async () => {
    const c = await channel({ interval_s: 20 })
    await send(ingest, c.code, [[0, 50]])
    const sweep = async (s: number) => {
      const { data, error } = await as.admin.rpc('monitoring_sweep', { at: at(s) })
      if (error) throw new Error(error.message)
      return data
    }
    await sweep(60) // exactly 3 × 20 s: not more
    expect(await alarms(c.id)).toEqual([])
    await sweep(60.5)
    let a = await alarms(c.id)
    expect(a.map((x) => [x.kind, iso(x.raised_at)])).toEqual([['offline', at(60)]])
    expect((await latest(c.id)).status).toBe('offline')
    await sweep(120) // idempotent: still one episode
    expect(await alarms(c.id)).toHaveLength(1)
    await send(ingest, c.code, [[130, 50]])
    a = await alarms(c.id)
    expect(iso(a[0]!.cleared_at)).toBe(at(130))
    expect((await latest(c.id)).status).toBe('normal')
    // sweep is the scheduler's: not for the command centre or anon
    expect((await as.command.rpc('monitoring_sweep', { at: at(0) })).error?.code).toBe('42501')
    expect((await anonClient().rpc('monitoring_sweep', { at: at(0) })).error).not.toBeNull()
  })

  it('evaluates by reading time: a batch out of order gives the same episodes as in order; a late reading does not move the state', async () => {
    const pts: [number, number][] = [
      [0, 50],
      [10, 85],
      [20, 60],
      [30, 60],
      [90, 60],
      [100, 90],
    ]
    const ordered = await channel({ clear_hold_s: 60 })
    const shuffled = await channel({ clear_hold_s: 60 })
    await send(ingest, ordered.code, pts)
    await send(ingest, shuffled.code, [...pts].reverse())
    const summary = async (id: string) => (await alarms(id)).map((x) => [x.kind, iso(x.raised_at), iso(x.cleared_at), x.peak])
    expect(await summary(ordered.id)).toEqual([
      ['H', at(10), at(90), 85],
      ['H', at(100), null, 90],
    ])
    expect(await summary(shuffled.id)).toEqual(await summary(ordered.id))
    // late: older than the last evaluated reading (t=100), a value that would be HH
    const late = await send(ingest, ordered.code, [
      [95, 150],
      [110, 91],
    ])
    expect(late).toMatchObject({ accepted: 2, late: 1 })
    const a = await alarms(ordered.id)
    expect(a.map((x) => x.kind)).toEqual(['H', 'H'])
    expect(a[1]!.peak).toBe(91)
    expect(await latest(ordered.id)).toMatchObject({ v: 91 })
  })
})

describe('acknowledgement and escalation', () => {
  async function raised(source = ownSource): Promise<{ c: { id: string; code: string }; alarm: Alarm }> {
    const c = await channel({}, source)
    await send(as.admin, c.code, [[0, 90]])
    return { c, alarm: (await alarms(c.id))[0]! }
  }

  it('the enterprise acknowledges its own alarm once, with a note; the command centre and planners cannot', async () => {
    const { alarm } = await raised()
    for (const role of ['command', 'planner'] as const) {
      expect((await as[role].rpc('acknowledge_monitoring_alarm', { alarm_id: alarm.id, note: 'x' })).error?.code, role).toBe('42501')
    }
    expect((await ingest.rpc('acknowledge_monitoring_alarm', { alarm_id: alarm.id })).error?.code).toBe('42501')
    const tooLong = await as.enterprise.rpc('acknowledge_monitoring_alarm', { alarm_id: alarm.id, note: '长'.repeat(1001) })
    expect(tooLong.error?.message).toMatch(/note.*at most 1000 characters/)
    const { data, error } = await as.enterprise.rpc('acknowledge_monitoring_alarm', { alarm_id: alarm.id, note: '已派人到现场检查' })
    expect(error).toBeNull()
    expect(data).toMatchObject({ acknowledged_role: 'enterprise', ack_note: '已派人到现场检查', acknowledged_by: demoUser('enterprise').id })
    const twice = await as.regulator.rpc('acknowledge_monitoring_alarm', { alarm_id: alarm.id })
    expect(twice.error?.message).toMatch(/already acknowledged/)
  })

  it("the regulator acknowledges in its district only; an enterprise never another enterprise's alarm", async () => {
    const { alarm: outside } = await raised(otherSource)
    expect((await as.regulator.rpc('acknowledge_monitoring_alarm', { alarm_id: outside.id })).error?.code).toBe('42501')
    expect((await as.enterprise.rpc('acknowledge_monitoring_alarm', { alarm_id: outside.id })).error?.code).toBe('42501')
    // and neither sees it
    expect((await as.regulator.from('monitoring_alarms').select('id').eq('id', outside.id)).data).toEqual([])
    expect((await as.enterprise.from('monitoring_alarms').select('id').eq('id', outside.id)).data).toEqual([])
    expect((await as.command.from('monitoring_alarms').select('id').eq('id', outside.id)).data).toHaveLength(1)
    const { alarm: inside } = await raised()
    const { error } = await as.regulator.rpc('acknowledge_monitoring_alarm', { alarm_id: inside.id })
    expect(error).toBeNull()
    expect((await as.admin.rpc('acknowledge_monitoring_alarm', { alarm_id: outside.id })).error).toBeNull()
  })

  it('unacknowledged 15 minutes after raising → escalated at raised + 15 min; acknowledged or cleared in time → not', async () => {
    const { alarm: open } = await raised()
    const { alarm: acked } = await raised()
    await as.enterprise.rpc('acknowledge_monitoring_alarm', { alarm_id: acked.id })
    const quick = await channel({ clear_hold_s: 0 })
    await send(as.admin, quick.code, [
      [0, 90],
      [60, 10],
    ])
    await as.admin.rpc('monitoring_sweep', { at: at(899) })
    expect(
      (await alarms((await as.admin.from('monitoring_alarms').select('channel_id').eq('id', open.id).single()).data!.channel_id))[0]!.escalated_at,
    ).toBeNull()
    await as.admin.rpc('monitoring_sweep', { at: at(900) })
    const get = async (id: string) => (await as.admin.from('monitoring_alarms').select('escalated_at').eq('id', id).single()).data!.escalated_at
    expect(iso(await get(open.id))).toBe(at(900))
    expect(await get(acked.id)).toBeNull()
    expect((await alarms(quick.id))[0]!.escalated_at).toBeNull()
  })

  it('history is append-only: alarms and their events cannot be deleted or rewritten, not even by the service role', async () => {
    const { alarm } = await raised()
    const tryIt = async (stmt: string) => {
      try {
        await sql().query(stmt, [alarm.id])
        return 'ok'
      } catch (e) {
        return (e as Error).message
      }
    }
    expect(await tryIt(`delete from public.monitoring_alarms where id = $1`)).toMatch(/never deleted/)
    expect(await tryIt(`update public.monitoring_alarms set raised_at = raised_at - interval '1 hour' where id = $1`)).toMatch(/history/)
    expect(await tryIt(`delete from public.monitoring_alarm_events where alarm_id = $1`)).toMatch(/append-only/)
    expect(await tryIt(`update public.monitoring_alarm_events set note = 'x' where alarm_id = $1`)).toMatch(/append-only/)
    const { error } = await as.admin.from('monitoring_alarms').delete().eq('id', alarm.id)
    expect(error?.code).toBe('42501')
  })
})

describe('the demo city', () => {
  it('has channels on its major hazard sources and the demo enterprise, each with a first reading (the wall starts with some alarms)', async () => {
    const { rows } = await sql().query<{ channels: number; read: number; sources: number; alarms: number }>(`
      select count(*)::int as channels, count(l.t)::int as read,
        count(distinct c.hazard_source_id)::int as sources,
        (select count(*)::int from public.monitoring_alarms a join public.monitoring_channels x on x.id = a.channel_id where x.is_demo) as alarms
      from public.monitoring_channels c join public.monitoring_latest l on l.channel_id = c.id where c.is_demo`)
    // (other tests may re-grade a source meanwhile, so the sources are not compared with today's grades)
    expect(rows[0]!.sources).toBeGreaterThan(5)
    expect(rows[0]!.channels).toBeGreaterThanOrEqual(4 * rows[0]!.sources)
    expect(rows[0]!.read).toBe(rows[0]!.channels)
    expect(rows[0]!.alarms).toBeGreaterThan(0)
  })
})

describe('partitions', () => {
  it('readings land in day partitions in schema app; maintenance keeps today and tomorrow and drops past the retention', async () => {
    const { data, error } = await as.admin.rpc('monitoring_maintain_partitions', {})
    expect(error).toBeNull()
    expect(data).toMatchObject({ dropped: 0 })
    const { rows } = await sql().query<{ part: string; n: number }>(`
      select tableoid::regclass::text as part, count(*)::int as n from public.monitoring_readings group by 1`)
    expect(rows.length).toBeGreaterThan(0)
    for (const r of rows) expect(r.part).toMatch(/^app\.monitoring_readings_\d{8}$/)
    expect((await as.command.rpc('monitoring_maintain_partitions', {})).error?.code).toBe('42501')
  })
})
