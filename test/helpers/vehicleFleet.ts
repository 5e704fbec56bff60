// A test's own fleet of dangerous-goods vehicles, registered and given one fresh fix each on a
// 50 m grid around a spot, through the API as an admin would (dg_vehicles, ingest_vehicle_positions),
// and removed after. Shared by the tests that need more than 1,000 vehicles in a view (the bins).
import { expect } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'

export type LonLat = readonly [number, number]

/** A point `east` and `north` metres from p (flat-earth; fine within a few kilometres). */
export const moveMetres = (p: LonLat, east: number, north: number): [number, number] => [
  p[0] + east / (111_320 * Math.cos((p[1] * Math.PI) / 180)),
  p[1] + north / 110_574,
]

const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'
/**
 * The i-th plate under a prefix only the calling file uses (e.g. '粤VB'): three characters from i,
 * one random, so plates stay unique within the run and across re-runs on one database.
 */
export const fleetPlate = (prefix: string, i: number) =>
  prefix + [2, 1, 0].map((k) => ALNUM[Math.floor(i / ALNUM.length ** k) % ALNUM.length]).join('') + ALNUM[Math.floor(Math.random() * ALNUM.length)]

export interface FleetOptions {
  n: number
  /** the grid's centre */
  at: LonLat
  /** a plate prefix no other file uses */
  platePrefix: string
  /** the carrier of the i-th vehicle */
  carrier: (i: number) => string
  /** UN number and hazard class of the i-th vehicle (UN1203 petrol, class 3 unless given) */
  cargo?: (i: number) => { un_number: string; hazard_class: string }
  /** how old the fixes are, in ms (fresh: no lost-signal alert) */
  fixAgeMs: number
}

/**
 * Registers n vehicles and gives each one fix on a 34-wide grid of 50 m around `at` (±850 m east,
 * about ±800 m north for 1,100), moving at 40 km/h so no stop alert is raised. Returns their ids.
 */
export async function makeFleet(admin: SupabaseClient, o: FleetOptions): Promise<string[]> {
  const cargo = o.cargo ?? (() => ({ un_number: 'UN1203', hazard_class: '3' }))
  const regs = Array.from({ length: o.n }, (_, i) => ({
    plate: fleetPlate(o.platePrefix, i),
    carrier_enterprise_id: o.carrier(i),
    ...cargo(i),
    capacity_t: 20,
  }))
  const ids: string[] = []
  const plates: string[] = []
  for (let i = 0; i < o.n; i += 500) {
    const { data, error } = await admin
      .from('dg_vehicles')
      .insert(regs.slice(i, i + 500))
      .select('id, plate')
    if (error) throw new Error(error.message)
    for (const r of data) {
      ids.push(r.id)
      plates.push(r.plate)
    }
  }
  expect(ids.length).toBe(o.n)
  const t = new Date(Date.now() - o.fixAgeMs).toISOString()
  const positions = plates.map((plate, i) => {
    const [lon, lat] = moveMetres(o.at, ((i % 34) - 17) * 50, (Math.floor(i / 34) - 16) * 50)
    return { plate, t, lon, lat, speed_kmh: 40, heading: 90 }
  })
  let accepted = 0
  for (let i = 0; i < o.n; i += 250) {
    const { data, error } = await admin.rpc('ingest_vehicle_positions', { positions: positions.slice(i, i + 250) })
    if (error) throw new Error(error.message)
    expect(data.rejected).toEqual([])
    accepted += data.accepted as number
  }
  expect(accepted).toBe(o.n)
  return ids
}

/** Removes the fleet's register rows; their positions and latest fixes go with them (on delete cascade). */
export async function removeFleet(admin: SupabaseClient, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 100) {
    const { error } = await admin
      .from('dg_vehicles')
      .delete()
      .in('id', ids.slice(i, i + 100))
    if (error) throw new Error(error.message)
  }
}
