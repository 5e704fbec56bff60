// The monitoring rule of the dynamic level (issue 15 with 17, migration 20261216000400): an active
// HH, LL or fault alarm on a channel linked to a risk point raises the point one level while it is
// active; H does not; clearing restores it; each step is in the current-level log. Readings go
// through ingest_readings as the enterprise's ingestion identity, as a gateway would send them.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { clientWithClaims, signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA, demoUser } from '../../supabase/seed/demo-users.ts'

useStack()

const run = Math.random().toString(36).slice(2, 8)
const TAG = `MONLVL-${run}`
const T0 = Math.floor((Date.now() - 1800_000) / 60_000) * 60_000
const at = (s: number) => new Date(T0 + s * 1000).toISOString()
let admin: SupabaseClient
let enterprise: SupabaseClient
let ingest: SupabaseClient
let source = ''
let point = ''
let channelId = ''
const code = `ML-${run}`

const must = <T>(r: { data: T | null; error: { message: string } | null }, what: string): T => {
  if (r.error) throw new Error(`${what}: ${r.error.message}`)
  return r.data as T
}
async function send(s: number, v: number) {
  const r = must(await ingest.rpc('ingest_readings', { readings: [{ channel: code, t: at(s), v }] }), 'ingest') as { accepted: number }
  expect(r.accepted).toBe(1)
}
async function levelOf(): Promise<{
  level: number
  current_level: number
  current_level_reason: { rules: Array<{ rule: string; alarms?: Array<{ kind: string; channel: string }> }> } | null
}> {
  return must(await enterprise.from('risk_points').select('level, current_level, current_level_reason').eq('id', point).single(), 'level') as never
}

beforeAll(async () => {
  admin = await signIn(demoUser('admin').email, demoUser('admin').password)
  enterprise = await signIn(demoUser('enterprise').email, demoUser('enterprise').password)
  ingest = await clientWithClaims({
    sub: '00000000-0000-4000-8000-00000000f001',
    role: 'authenticated',
    aud: 'authenticated',
    app_metadata: { app_role: 'ingest', enterprise_id: DEMO_ENTERPRISE_ID },
  })
  const { rows } = await sql().query<{ s: string; cat: string; wkt: string }>(
    `select (select id from public.hazard_sources where enterprise_id = $1 order by id limit 1) as s,
            r.category_code as cat, extensions.st_asewkt(r.location) as wkt
     from public.risk_points r where r.enterprise_id = $1 and r.area_code like $2 limit 1`,
    [DEMO_ENTERPRISE_ID, `${DEMO_REGULATOR_AREA}%`],
  )
  source = rows[0]!.s
  // on by default (20261216000400); other files switch rules, so say it here
  await sql().query(`update public.risk_level_rules set enabled = true where rule = 'monitoring_alarm'`)
  // a yellow point (LEC 3 × 6 × 7 = 126) of the demo enterprise
  point = (
    must(
      await enterprise
        .from('risk_points')
        .insert({
          enterprise_id: DEMO_ENTERPRISE_ID,
          name: `${TAG} 储罐温度`,
          category_code: rows[0]!.cat,
          location: rows[0]!.wkt,
          method: 'lec',
          lec_l: 3,
          lec_e: 6,
          lec_c: 7,
        })
        .select('id')
        .single(),
      'point',
    ) as { id: string }
  ).id
  channelId = (
    must(
      await admin
        .from('monitoring_channels')
        .insert({
          hazard_source_id: source,
          code,
          name: `${TAG} 温度`,
          kind: 'temperature',
          range_min: 0,
          range_max: 200,
          l: 20,
          h: 80,
          hh: 100,
          risk_point_id: point,
        })
        .select('id')
        .single(),
      'channel',
    ) as { id: string }
  ).id
}, 120_000)

afterAll(async () => {
  await sql()
    .query(`update public.monitoring_channels set risk_point_id = null where code = $1`, [code])
    .catch(() => {})
})

describe('a monitoring alarm raises its risk point one level while active', () => {
  it('H: no change; HH: one up with the alarm as reason; cleared: back; each step logged', async () => {
    expect((await levelOf()).current_level).toBe(3)
    await send(0, 50)
    await send(10, 85) // H
    expect((await levelOf()).current_level, 'H is not in the rule').toBe(3)
    await send(20, 105) // H → HH
    const up = await levelOf()
    expect(up.current_level).toBe(2)
    expect(up.level).toBe(3)
    expect(up.current_level_reason?.rules[0]).toMatchObject({ rule: 'monitoring_alarm', alarms: [{ kind: 'HH', channel: code }] })
    // below h − deadband (80 − 10) and held 60 s: cleared
    await send(30, 60)
    expect((await levelOf()).current_level, 'not yet held').toBe(2)
    await send(95, 60)
    const back = await levelOf()
    expect(back.current_level).toBe(3)
    expect(back.current_level_reason).toBeNull()
    const { data: log } = await admin.from('risk_point_current_level_changes').select('old_level, new_level').eq('risk_point_id', point).order('id')
    expect(log).toEqual([
      { old_level: 3, new_level: 2 },
      { old_level: 2, new_level: 3 },
    ])
  })

  it('a fault (out of the instrument range) counts; the rule can be switched off by an admin', async () => {
    await send(200, 250)
    expect((await levelOf()).current_level).toBe(2)
    must(await admin.from('risk_level_rules').update({ enabled: false }).eq('rule', 'monitoring_alarm'), 'off')
    try {
      expect((await levelOf()).current_level, 'rule off').toBe(3)
    } finally {
      must(await admin.from('risk_level_rules').update({ enabled: true }).eq('rule', 'monitoring_alarm'), 'on')
    }
    expect((await levelOf()).current_level, 'rule on again, fault still active').toBe(2)
    await send(210, 50)
    expect((await levelOf()).current_level, 'fault cleared by the next in-range reading').toBe(3)
  })

  it('a channel links only to a risk point of its own enterprise', async () => {
    const { rows } = await sql().query<{ id: string }>(`select id from public.risk_points where enterprise_id <> $1 limit 1`, [DEMO_ENTERPRISE_ID])
    const bad = await admin.from('monitoring_channels').update({ risk_point_id: rows[0]!.id }).eq('id', channelId)
    expect(bad.error?.message).toMatch(/belong to the channel's enterprise/)
  })
})
