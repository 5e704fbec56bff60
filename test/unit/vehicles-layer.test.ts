// The vehicles layer (src/layers/vehicles): its binary attributes (draw order, heading → angle,
// sizes, icons by class and signal), its icons by GB 6944 class; and the live refresh: the viewport
// loader's `refresh` (period from the last settled answer, no second request while one is in
// flight, only layers with refreshMs) and the clock (src/layers/liveRefresh.ts: one refresh at a
// time, paused while the tab is hidden, at once when it shows again).
import { describe, expect, it } from 'vitest'
import { vehicleAttributes } from '../../src/layers/vehicles/layer.ts'
import { iconKeyOf, vehicleSvg } from '../../src/layers/vehicles/icons.ts'
import { countVehicles } from '../../src/layers/vehicles/counts.ts'
import { headingWords } from '../../src/layers/vehicles/ui.tsx'
import { ViewportLoader } from '../../src/layers/viewportLoader.ts'
import { startLiveRefresh } from '../../src/layers/liveRefresh.ts'
import { defineSource } from '../../src/layers/types.ts'
import type { VehicleMapRow } from '../../src/contract/vehicles.ts'
import type { Bbox } from '../../src/contract/rows.ts'

const row = (over: Partial<VehicleMapRow>): VehicleMapRow => ({
  id: 'v',
  plate: '粤J12345',
  hazard_class: '3',
  un_number: 'UN1203',
  lon: 113,
  lat: 22.5,
  speed_kmh: 40,
  heading: 90,
  t: '2026-12-04T10:00:00Z',
  stale: false,
  alert: null,
  ...over,
})

describe('vehicle attributes', () => {
  it('draws silent vehicles first and alerting ones last, arrows turned by heading', () => {
    const a = vehicleAttributes([
      row({ id: 'c', alert: 'restricted_zone', heading: 45, lon: 113.3, lat: 22.3 }),
      row({ id: 'b', heading: 270, lon: 113.2, lat: 22.2 }),
      row({ id: 'a', stale: true, heading: null, lon: 113.1, lat: 22.1, hazard_class: '2.1' }),
    ])
    expect(a.length).toBe(3)
    expect(a.rows.map((r) => r.id)).toEqual(['a', 'b', 'c'])
    expect(Array.from(a.positions)).toEqual([113.1, 22.1, 113.2, 22.2, 113.3, 22.3].map(Math.fround))
    // deck.gl angles are counter-clockwise; a heading is clockwise from north; none: north
    expect(Array.from(a.angles)).toEqual([0, -270, -45])
    expect(Array.from(a.sizes)).toEqual([20, 24, 30])
    expect(a.icons).toEqual(['stale', '3', '3'])
    expect(a.alerting.map((r) => r.id)).toEqual(['c'])
  })

  it('is empty for no vehicles', () => {
    const a = vehicleAttributes([])
    expect(a.length).toBe(0)
    expect(a.positions.length).toBe(0)
  })

  it('icons in the placard colours of each class; a lost signal grey and dashed', () => {
    expect(iconKeyOf('2.1', false)).toBe('2.1')
    expect(iconKeyOf('2.1', true)).toBe('stale')
    expect(vehicleSvg('3')).toContain('rgb(220,38,38)') // flammable liquid: red
    expect(vehicleSvg('2.2')).toContain('rgb(46,160,67)') // non-flammable gas: green
    expect(vehicleSvg('1.1')).toContain('rgb(245,124,0)') // explosives: orange
    expect(vehicleSvg('6.1')).toMatch(/rgb\(236,239,241\).*stroke="#1f2933"/) // toxic: white, dark edge
    expect(vehicleSvg('8')).toMatch(/#ffffff.*#212121/) // corrosive: white over black
    expect(vehicleSvg('9').match(/#212121/g)!.length).toBeGreaterThanOrEqual(6) // class 9 stripes
    expect(vehicleSvg('stale')).toContain('stroke-dasharray')
    expect(() => vehicleSvg('10')).toThrow(/GB 6944/)
  })

  it('counts in view, alerting and silent; the total may exceed those drawn', () => {
    expect(countVehicles({ as_of: '', total: 1200, vehicles: [row({ alert: 'signal_lost', stale: true }), row({}), row({ stale: true })] })).toEqual({
      total: 1200,
      shown: 3,
      binned: 0,
      alert: 1,
      stale: 2,
    })
    // beyond 1,000 in view: the binned vehicles count too (total = shown + binned)
    const bins = [
      { lon: 113, lat: 22, n: 700, stale: 5 },
      { lon: 113.1, lat: 22, n: 497, stale: 0 },
    ]
    expect(
      countVehicles({
        as_of: '',
        total: 1200,
        vehicles: [row({ alert: 'signal_lost', stale: true }), row({ alert: 'restricted_zone' }), row({ alert: 'restricted_zone' })],
        bins,
      }),
    ).toEqual({
      total: 1200,
      shown: 3,
      binned: 1197,
      alert: 3,
      stale: 6,
    })
  })

  it('says a heading in words', () => {
    expect(headingWords(0, 'zh')).toBe('北向（0°）')
    expect(headingWords(135, 'en')).toBe('SE (135°)')
    expect(headingWords(350, 'en')).toBe('N (350°)')
  })
})

// ------------------------------------------------------------------ refresh scheduling

function deferred<T>() {
  let resolve!: (v: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

function live(refreshMs?: number) {
  const calls: { resolve: (v: number) => void; signal: AbortSignal }[] = []
  const m = defineSource<number>({
    key: 'vehicles',
    audiences: ['staff', 'wall'],
    panelOrder: 1,
    visibleByDefault: false,
    zoomTolerance: 1,
    refreshMs,
    requestKey: (q) => q.audience,
    empty: -1,
    load: (_q, signal) => {
      const d = deferred<number>()
      calls.push({ resolve: d.resolve, signal })
      return d.promise.then((data) => ({ data, records: 1, bytes: 1, ms: 1 }))
    },
    draw: () => null as never,
  })
  return { m, calls }
}

const req = () => ({
  view: [112.5, 22.2, 112.9, 22.6] as Bbox,
  zoom: 10,
  filters: { levels: null, industry: null, area: null },
  audience: 'wall' as const,
  fetchBbox: () => [112.4, 22.1, 113, 22.7] as Bbox,
})

describe('the viewport loader refreshes live layers', () => {
  it('asks again once the period has passed since the last answer, never while one is in flight', async () => {
    let now = 0
    const { m, calls } = live(10_000)
    const loader = new ViewportLoader({ data: () => undefined }, () => now)
    const first = loader.load([m], req())
    now = 4_000 // a slow answer: the period runs from when it settled
    calls[0]!.resolve(1)
    await first
    now = 13_000
    expect(await loader.refresh([m], req())).toEqual([]) // 9 s after the answer
    expect(calls).toHaveLength(1)
    now = 14_000
    const r = loader.refresh([m], req())
    await Promise.resolve()
    expect(calls).toHaveLength(2)
    // the answer is slower than the period: later ticks ask nothing more (no pile-up) …
    now = 40_000
    expect(await loader.refresh([m], req())).toEqual([])
    expect(calls).toHaveLength(2)
    expect(calls[1]!.signal.aborted).toBe(false)
    calls[1]!.resolve(2)
    expect(await r).toEqual(['vehicles'])
    expect(loader.get(m)).toBe(2)
    // … and the next comes a period after it settled
    now = 49_000
    expect(await loader.refresh([m], req())).toEqual([])
    now = 50_000
    void loader.refresh([m], req())
    await Promise.resolve()
    expect(calls).toHaveLength(3)
  })

  it('a pan while a refresh is in flight wins (latest wins): the refresh answer is dropped', async () => {
    let now = 100_000
    const { m, calls } = live(10_000)
    const got: number[] = []
    const loader = new ViewportLoader({ data: (_k, r) => got.push(r.data as number) }, () => now)
    const r = loader.refresh([m], req())
    await Promise.resolve()
    const pan = loader.load([m], { ...req(), view: [112.6, 22.3, 113, 22.7] as Bbox, force: true })
    expect(calls[0]!.signal.aborted).toBe(true)
    calls[0]!.resolve(1)
    calls[1]!.resolve(2)
    await Promise.all([r, pan])
    expect(got).toEqual([2])
    now += 1
    expect(loader.get(m)).toBe(2)
  })

  it('leaves layers without refreshMs alone, and retries a failed one only after the period', async () => {
    let now = 0
    const still = live(undefined)
    const { m } = (() => {
      let n = 0
      const m = defineSource<number>({
        ...live(5_000).m,
        load: () => (n++ === 0 ? Promise.reject(new Error('网络错误')) : Promise.resolve({ data: n, records: 1, bytes: 1, ms: 1 })),
      })
      return { m }
    })()
    const statuses: string[] = []
    const loader = new ViewportLoader({ data: () => undefined, status: (_k, s) => statuses.push(s) }, () => now)
    expect(await loader.refresh([still.m, m], req())).toEqual(['vehicles'])
    expect(still.calls).toHaveLength(0)
    expect(statuses).toEqual(['loading', 'error'])
    now = 4_999
    expect(await loader.refresh([m], req())).toEqual([])
    now = 5_000
    expect(await loader.refresh([m], req())).toEqual(['vehicles'])
    expect(loader.get(m)).toBe(2)
  })
})

describe('the live refresh clock', () => {
  function fakeClock() {
    let fn: (() => void) | null = null
    let cleared = false
    const listeners: (() => void)[] = []
    const doc = {
      hidden: false,
      addEventListener: (_t: string, l: () => void) => listeners.push(l),
      removeEventListener: (_t: string, l: () => void) => listeners.splice(listeners.indexOf(l), 1),
    }
    return {
      doc,
      listeners,
      tick: () => fn?.(),
      get cleared() {
        return cleared
      },
      setInterval: (f: () => void) => {
        fn = f
        return 1
      },
      clearInterval: () => {
        cleared = true
      },
    }
  }
  const settle = () => new Promise((r) => setTimeout(r, 0))

  it('runs one refresh at a time, pauses while hidden, ticks at once when shown, stops', async () => {
    const c = fakeClock()
    let pending: ReturnType<typeof deferred<void>> | null = null
    let runs = 0
    const stop = startLiveRefresh({
      refresh: () => {
        runs++
        pending = deferred<void>()
        return pending.promise
      },
      doc: c.doc as never,
      setInterval: c.setInterval,
      clearInterval: c.clearInterval,
    })
    c.tick()
    await settle()
    expect(runs).toBe(1)
    c.tick() // still running: skipped
    await settle()
    expect(runs).toBe(1)
    pending!.resolve()
    await settle()
    c.doc.hidden = true
    c.tick()
    await settle()
    expect(runs).toBe(1)
    c.doc.hidden = false
    for (const l of c.listeners) l()
    await settle()
    expect(runs).toBe(2)
    pending!.resolve()
    await settle()
    stop()
    expect(c.cleared).toBe(true)
    expect(c.listeners).toHaveLength(0)
    c.tick()
    await settle()
    expect(runs).toBe(2)
  })

  it('a failing refresh does not stop the clock', async () => {
    const c = fakeClock()
    let runs = 0
    const stop = startLiveRefresh({
      refresh: () => {
        runs++
        throw new Error('断网')
      },
      doc: c.doc as never,
      setInterval: c.setInterval,
      clearInterval: c.clearInterval,
    })
    c.tick()
    await settle()
    c.tick()
    await settle()
    expect(runs).toBe(2)
    stop()
  })
})
