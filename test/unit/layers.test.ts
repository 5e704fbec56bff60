// The layer registry and the shared viewport loader: which audience sees what, and the loader's
// rules (skip while covered, reload on a new request key or zoom, latest wins, force, reset).
import { describe, expect, it } from 'vitest'
import { LAYERS, layersFor } from '../../src/layers/registry.ts'
import { ViewportLoader } from '../../src/layers/viewportLoader.ts'
import { defineSource, type ViewQuery } from '../../src/layers/types.ts'
import { toAttributes } from '../../src/layers/binnedPoints.ts'
import { RISK_POINT_STYLE } from '../../src/layers/riskPoints/index.ts'
import { decodePoints, encodePoints } from '../../src/contract/points.ts'
import type { Bbox } from '../../src/contract/rows.ts'

describe('layer registry', () => {
  it('has one module per key, and the public never gets internal layers', () => {
    const keys = LAYERS.map((l) => l.key)
    expect(new Set(keys).size).toBe(keys.length)
    // the published warnings' areas are public (public_warning_areas)
    expect(layersFor('public').map((l) => l.key)).toEqual(['warning_areas', 'risk_points', 'emergency_resources', 'hazard_sources'])
    expect(layersFor('staff').map((l) => l.key)).toEqual([
      'pipelines',
      'protective_targets',
      'risk_points',
      'hidden_dangers',
      'accidents',
      'emergency_resources',
      'hazard_sources',
      'monitoring',
      'stale',
      'vehicles',
    ])
    expect(layersFor('wall').map((l) => l.key)).not.toContain('protective_targets')
  })

  it('point layers ask again for other filters; small layers only for another audience', () => {
    const rp = LAYERS.find((l) => l.key === 'risk_points')!
    const hz = LAYERS.find((l) => l.key === 'hazard_sources')!
    const f = { levels: [1, 2], industry: 'C26', area: null }
    expect(rp.requestKey({ filters: f, audience: 'staff' })).not.toBe(rp.requestKey({ filters: { ...f, levels: [1] }, audience: 'staff' }))
    // the public's request ignores the industry
    expect(rp.requestKey({ filters: f, audience: 'public' })).toBe(rp.requestKey({ filters: { ...f, industry: null }, audience: 'public' }))
    expect(hz.requestKey({ filters: f, audience: 'staff' })).toBe(hz.requestKey({ filters: { ...f, levels: [1] }, audience: 'staff' }))
    expect(hz.requestKey({ filters: f, audience: 'staff' })).not.toBe(hz.requestKey({ filters: f, audience: 'public' }))
  })

  it('a point layer builds attributes from a decoded buffer, and passes built ones through', () => {
    const d = decodePoints(
      encodePoints(1, { x0: 112, y0: 22, cx: 0.01, cy: 0.01 }, [
        [0, 0, 4, 1],
        [1, 1, 1, 3],
      ]),
    )
    const a = toAttributes(d, RISK_POINT_STYLE)
    expect(a.length).toBe(2)
    expect(a.codes[1]).toBe(1) // level 1 drawn last, on top
    expect(toAttributes(a, RISK_POINT_STYLE)).toBe(a)
    expect(toAttributes(null, RISK_POINT_STYLE).length).toBe(0)
  })
})

/** A module answering from a counter, its requests resolved by hand (no network: the loader is under test). */
function countingModule(zoomTolerance = 0.5) {
  const calls: { q: ViewQuery; resolve: (v: number) => void; signal: AbortSignal }[] = []
  const m = defineSource<number>({
    key: 'risk_points',
    audiences: ['staff'],
    panelOrder: 1,
    visibleByDefault: true,
    zoomTolerance,
    requestKey: (q) => `${q.audience}|${(q.filters.levels ?? []).join(',')}`,
    empty: -1,
    load: (q, signal) =>
      new Promise((resolve, reject) => {
        signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))
        calls.push({ q, signal, resolve: (v) => resolve({ data: v, records: 1, bytes: 1, ms: 0 }) })
      }),
    draw: () => {
      throw new Error('not drawn here')
    },
  })
  return { m, calls }
}

const VIEW: Bbox = [112, 22, 113, 23]
const req = (over: Partial<Parameters<ViewportLoader['load']>[1]> = {}) => ({
  view: VIEW,
  zoom: 10,
  filters: { levels: [1, 2, 3, 4], industry: null, area: null },
  audience: 'staff' as const,
  fetchBbox: () => [111.8, 21.8, 113.2, 23.2] as Bbox,
  ...over,
})
const tick = () => new Promise((r) => setTimeout(r, 0))

describe('viewport loader', () => {
  it('keeps data while the fetched cover serves the view; asks again on a zoom step, a new key or force', async () => {
    const { m, calls } = countingModule()
    const got: number[] = []
    const loader = new ViewportLoader({ data: (_k, r) => got.push(r.data as number) })
    expect(loader.get(m)).toBe(-1)
    const p = loader.load([m], req())
    calls[0]!.resolve(7)
    await p
    expect(loader.get(m)).toBe(7)
    await loader.load([m], req({ view: [112.1, 22.1, 112.9, 22.9], zoom: 10.3 }))
    expect(calls.length).toBe(1) // inside the cover, less than half a level
    void loader.load([m], req({ zoom: 10.6 }))
    void loader.load([m], req({ filters: { levels: [1], industry: null, area: null } }))
    void loader.load([m], req({ force: true }))
    await tick()
    expect(calls.length).toBe(4)
    // latest wins: the two older requests were aborted, their answers never land
    expect(calls.slice(1, 3).map((c) => c.signal.aborted)).toEqual([true, true])
    calls[1]!.resolve(100)
    calls[3]!.resolve(9)
    await tick()
    await tick()
    expect(loader.get(m)).toBe(9)
    expect(got).toEqual([7, 9])
  })

  it('reset aborts what is in flight and drops the data; invalidate makes the next load ask', async () => {
    const { m, calls } = countingModule(99)
    const loader = new ViewportLoader({ data: () => undefined })
    const p = loader.load([m], req())
    calls[0]!.resolve(1)
    await p
    await loader.load([m], req({ zoom: 14 }))
    expect(calls.length).toBe(1) // a small layer does not go stale with the zoom
    loader.invalidate()
    void loader.load([m], req())
    await tick()
    expect(calls.length).toBe(2)
    loader.reset()
    expect(calls[1]!.signal.aborted).toBe(true)
    expect(loader.get(m)).toBe(-1)
  })
})

describe('the one map picks its panel from the registry', () => {
  it('panel order and default visibility as before the registry', async () => {
    const { LAYERS_BY_MODE, DEFAULT_VISIBLE } = await import('../../src/features/onemap/state.ts')
    expect(LAYERS_BY_MODE.full).toEqual([
      'risk_points',
      'hazard_sources',
      'stale',
      'monitoring',
      'vehicles',
      'hidden_dangers',
      'protective_targets',
      'emergency_resources',
      'pipelines',
      'accidents',
      'chemical_parks',
      'areas',
      'area_risk',
    ])
    expect(LAYERS_BY_MODE.public).toEqual(['risk_points', 'hazard_sources', 'emergency_resources', 'warning_areas', 'chemical_parks', 'areas', 'area_risk'])
    expect(DEFAULT_VISIBLE).toEqual({
      risk_points: true,
      hazard_sources: true,
      hidden_dangers: true,
      protective_targets: false,
      emergency_resources: true,
      pipelines: false,
      chemical_parks: true,
      areas: true,
      area_risk: false,
      threat_zones: false,
      accidents: false,
      monitoring: false,
      vehicles: false,
      stale: false,
      warning_areas: true,
    })
  })
})
