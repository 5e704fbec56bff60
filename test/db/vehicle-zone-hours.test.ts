// The wall's vehicle card says whether a restricted zone's daily hours apply at a vehicle's fix
// (src/domain/vehicleZoneHours.ts): the same answer as the database's own rule
// (app.vehicle_zone_applies, which raises the restricted_zone alerts), over day and night windows
// and every quarter hour of a day, with the settings' China-time offset. Read-only.
import { describe, it, expect } from 'vitest'
import { sql, useStack } from '../helpers/stack.ts'
import { zoneAppliesAt } from '../../src/domain/vehicleZoneHours.ts'

useStack()

const WINDOWS: [string | null, string | null][] = [
  [null, null],
  ['07:00:00', '19:00:00'],
  ['22:00:00', '06:00:00'],
  ['00:00:00', '00:15:00'],
  ['12:30:00', '12:45:00'],
]

describe('restricted-zone hours: the browser rule equals app.vehicle_zone_applies', () => {
  it('over every quarter hour of a day', async () => {
    const t0 = Date.parse('2026-12-05T00:07:00Z')
    const times = Array.from({ length: 96 }, (_, i) => new Date(t0 + i * 15 * 60_000).toISOString())
    const { rows } = await sql().query<{ f: string | null; t: string | null; at: string; applies: boolean }>(
      `select w.f, w.t, x.at, app.vehicle_zone_applies(w.f::time, w.t::time, x.at::timestamptz, s.local_offset) as applies
       from unnest($1::text[], $2::text[]) as w(f, t)
       cross join unnest($3::text[]) as x(at)
       cross join app.vehicle_settings s`,
      [WINDOWS.map((w) => w[0]), WINDOWS.map((w) => w[1]), times],
    )
    expect(rows.length).toBe(WINDOWS.length * times.length)
    const differ = rows.filter((r) => zoneAppliesAt(r.f, r.t, new Date(r.at)) !== r.applies)
    expect(differ).toEqual([])
    // both answers occur
    expect(rows.some((r) => r.applies) && rows.some((r) => !r.applies)).toBe(true)
  })
})
