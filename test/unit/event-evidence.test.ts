// Evidence beside timeline events (src/features/evidence/eventEvidence.ts), the demo's generated
// photos (supabase/seed/evidence-images.ts) and the seed's dated histories (dangers.ts history()).
import { describe, expect, it } from 'vitest'
import { inflateSync } from 'node:zlib'
import { assignEvidence, stageFitsEvent, type TimelineEventLike } from '../../src/features/evidence/eventEvidence.ts'
import { demoPhoto } from '../../supabase/seed/evidence-images.ts'
import { planDemoEvidence } from '../../supabase/seed/evidence.ts'
import { sniffMime } from '../../supabase/local/storage-routes.ts'
import { generateCity } from '../../supabase/seed/generate.ts'

const ev = (id: number, at: string, action: string, from: string | null, to: string): TimelineEventLike => ({
  id,
  at,
  action,
  from_status: from,
  to_status: to,
})
const EVENTS = [
  ev(1, '2026-10-01T10:00:00+08:00', 'created', null, 'reported'),
  ev(2, '2026-10-02T10:00:00+08:00', 'transition', 'reported', 'registered'),
  ev(3, '2026-10-05T10:00:00+08:00', 'transition', 'registered', 'rectifying'),
  ev(4, '2026-10-20T10:00:00+08:00', 'transition', 'rectifying', 'pending_verification'),
  ev(5, '2026-10-22T10:00:00+08:00', 'transition', 'pending_verification', 'rectifying'),
  ev(6, '2026-10-30T10:00:00+08:00', 'transition', 'rectifying', 'pending_verification'),
  ev(7, '2026-11-02T10:00:00+08:00', 'transition', 'pending_verification', 'closed'),
]

describe('assignEvidence', () => {
  it('puts each photo beside the nearest event of its stage', () => {
    const rows = [
      { id: 'a', stage: 'finding' as const, uploaded_at: '2026-10-01T10:10:00+08:00' },
      { id: 'b', stage: 'rectification' as const, uploaded_at: '2026-10-20T09:00:00+08:00' },
      { id: 'c', stage: 'verification' as const, uploaded_at: '2026-10-22T09:40:00+08:00' },
      { id: 'd', stage: 'rectification' as const, uploaded_at: '2026-10-29T16:00:00+08:00' },
      { id: 'e', stage: 'verification' as const, uploaded_at: '2026-11-02T09:30:00+08:00' },
      { id: 'f', stage: 'report' as const, uploaded_at: '2026-10-01T10:03:00+08:00' },
    ]
    const { byEvent, pending } = assignEvidence(EVENTS, rows)
    const ids = (e: number) => (byEvent.get(e) ?? []).map((r) => r.id)
    expect(ids(1)).toEqual(['f', 'a'])
    expect(ids(4)).toEqual(['b'])
    expect(ids(5)).toEqual(['c'])
    expect(ids(6)).toEqual(['d'])
    expect(ids(7)).toEqual(['e'])
    expect(ids(2)).toEqual([])
    expect(pending).toEqual([])
  })

  it('keeps evidence with no event of its stage yet apart, and a tie goes to the later event', () => {
    const early = EVENTS.slice(0, 3)
    const rows = [{ stage: 'verification' as const, uploaded_at: '2026-10-06T10:00:00+08:00' }]
    expect(assignEvidence(early, rows).pending).toEqual(rows)
    const tie = assignEvidence(
      [ev(1, '2026-10-01T10:00:00+08:00', 'created', null, 'reported'), ev(2, '2026-10-01T12:00:00+08:00', 'transition', 'reported', 'registered')],
      [{ stage: 'finding' as const, uploaded_at: '2026-10-01T11:00:00+08:00' }],
    )
    expect([...tie.byEvent.keys()]).toEqual([2])
  })

  it('matches stages to the right kinds of event', () => {
    expect(stageFitsEvent('verification', EVENTS[4]!)).toBe(true) // a failed verification
    expect(stageFitsEvent('verification', EVENTS[2]!)).toBe(false) // the plan
    expect(stageFitsEvent('finding', EVENTS[6]!)).toBe(false)
    expect(stageFitsEvent('rectification', ev(9, '2026-10-01T10:00:00+08:00', 'edited', 'rectifying', 'rectifying'))).toBe(false)
  })
})

describe('demo photos', () => {
  it('are real PNGs of 320×240, a few KB, different per key and stage, the same for the same ones', () => {
    const a = demoPhoto(42, 'k1', 'finding')
    expect(sniffMime(a)).toBe('image/png')
    expect(a.readUInt32BE(16)).toBe(320)
    expect(a.readUInt32BE(20)).toBe(240)
    expect(a.length).toBeGreaterThan(500)
    expect(a.length).toBeLessThan(40_000)
    // the IDAT inflates to exactly the image's filtered rows
    const idat = a.indexOf('IDAT')
    const len = a.readUInt32BE(idat - 4)
    expect(inflateSync(a.subarray(idat + 4, idat + 4 + len)).length).toBe((320 * 3 + 1) * 240)
    expect(demoPhoto(42, 'k1', 'finding').equals(a)).toBe(true)
    expect(demoPhoto(42, 'k2', 'finding').equals(a)).toBe(false)
    expect(demoPhoto(42, 'k1', 'verification').equals(a)).toBe(false)
  })
})

describe('the seed’s histories and the photos planned on them', () => {
  const city = generateCity({ seed: 7, scale: 0.05 })
  const dangers = [...city.table('hidden_dangers').rows()]
  const events = [...city.table('hidden_danger_events').rows()]

  it('every danger has a history whose last step is its status', () => {
    for (const d of dangers) {
      const es = events.filter((e) => e.hidden_danger_id === d.id)
      expect(es[0]!.action).toBe('created')
      expect(es.at(-1)!.to_status).toBe(d.status)
    }
    expect(city.table('hidden_danger_events').count).toBe(events.length)
  })

  it('plans photos beside the events they document', () => {
    const picked = dangers.filter((d) => d.status === 'closed' && d.source === 'inspection').slice(0, 2)
    const evs = events
      .filter((e) => picked.some((d) => d.id === e.hidden_danger_id))
      .map((e, i) => ({
        id: i,
        hidden_danger_id: e.hidden_danger_id as string,
        at: e.at as string,
        at_ms: Date.parse(e.at as string),
        action: e.action as string,
        from_status: e.from_status as string | null,
        to_status: e.to_status as string,
      }))
    const files = planDemoEvidence(
      7,
      picked.map((d) => ({
        id: d.id as string,
        source: d.source as string,
        area_code: d.area_code as string,
        enterprise_id: d.enterprise_id as string | null,
      })),
      evs,
    )
    for (const d of picked) {
      const mine = files.filter((f) => f.dangerId === d.id)
      expect(new Set(mine.map((f) => f.stage))).toEqual(new Set(['finding', 'rectification', 'verification']))
      const { byEvent, pending } = assignEvidence(
        evs.filter((e) => e.hidden_danger_id === d.id),
        mine.map((f) => ({ stage: f.stage, uploaded_at: new Date(f.atMs).toISOString() })),
      )
      expect(pending).toEqual([])
      const kinds = [...byEvent.keys()].map((id) => evs.find((e) => e.id === id)!.to_status)
      expect(kinds).toContain('reported') // the finding, beside the creation
      expect(kinds).toContain('pending_verification') // rectification photos, beside "done"
      expect(kinds).toContain('closed') // the verification photo, beside the close
    }
  })
})
