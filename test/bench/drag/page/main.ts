// The drag benchmark's page: the planner's own in-browser evaluation (src/domain/plannerGeo.ts:
// TargetStore with one flatbush index per tile, tiles from planner_targets around the candidate)
// timed per move of a candidate dragged across the city, next to two controls over the same
// loaded targets: the same metric without the index (every loaded target tested), and the turf
// baseline (turf.distance / turf.pointToPolygonDistance over every loaded target, no index).
import { distance, pointToPolygonDistance } from '@turf/turf'
import {
  CLASS_IDS,
  compareWithServer,
  maxDistance,
  PreparedSite,
  TargetStore,
  tileBox,
  tilesCovering,
  type TargetTilePayload,
} from '../../../../src/domain/plannerGeo.ts'
import type { DragOptions, DragResult, Stats } from '../protocol.ts'

declare global {
  interface Window {
    dragBench: { run(o: DragOptions): Promise<DragResult> }
  }
}

function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b)
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))] ?? NaN
  return { n: s.length, median: q(0.5), p95: q(0.95), max: s[s.length - 1] ?? NaN, mean: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length) }
}

async function run(o: DragOptions): Promise<DragResult> {
  const store = new TargetStore()
  const tileMs: number[] = []
  let bytes = 0
  const inflight = new Map<string, Promise<void>>()
  const fetchTile = (key: string): Promise<void> => {
    let p = inflight.get(key)
    if (p) return p
    p = (async () => {
      const [west, south, east, north] = tileBox(key)
      const t0 = performance.now()
      const res = await fetch(`${o.api}/rest/v1/rpc/planner_targets`, {
        method: 'POST',
        headers: { apikey: o.apikey, Authorization: `Bearer ${o.token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ west, south, east, north }),
      })
      const text = await res.text()
      if (!res.ok) throw new Error(`planner_targets ${key}: HTTP ${res.status} ${text.slice(0, 200)}`)
      bytes += text.length
      const payload = JSON.parse(text) as TargetTilePayload
      store.addTile(key, { ...payload, lon: payload.lon.map(Number), lat: payload.lat.map(Number) })
      tileMs.push(performance.now() - t0)
    })()
    inflight.set(key, p)
    return p
  }
  const reach = maxDistance(o.distances)
  const req = [0, ...CLASS_IDS.map((c) => o.distances[c])]
  const ours: number[] = [],
    noIndex: number[] = [],
    base: number[] = [],
    tested: number[] = [],
    viol: number[] = []
  let waiting = 0,
    mismatches = 0,
    maxDiff = 0
  const confirmMs: number[] = []
  let agreed = 0,
    borderline = 0,
    maxRel = 0,
    worst = ''
  const disagreements: string[] = []
  for (let i = 0; i < o.path.length; i++) {
    const pt = o.path[i]
    const site0 = new PreparedSite({ type: 'Point', coordinates: pt })
    const need = tilesCovering(site0.searchBox(reach)).filter((k) => !store.hasTile(k))
    if (need.length) {
      waiting++
      // three at a time, as the app does
      for (let j = 0; j < need.length; j += 3) await Promise.all(need.slice(j, j + 3).map(fetchTile))
    }
    // prefetch around, not awaited (the app's behaviour); finished before the next move's check
    const ahead = tilesCovering(site0.searchBox(reach + o.prefetchM)).filter((k) => !store.hasTile(k))
    for (let j = 0; j < ahead.length; j += 3) await Promise.all(ahead.slice(j, j + 3).map(fetchTile))

    let t = performance.now()
    const ev = store.evaluate(new PreparedSite({ type: 'Point', coordinates: pt }), o.distances)
    ours.push(performance.now() - t)
    if (ev.missingTiles.length) throw new Error(`move ${i}: tiles missing ${ev.missingTiles.join(',')}`)
    tested.push(ev.tested)
    viol.push(ev.summary.violations)

    if (o.confirmEvery > 0 && i % o.confirmEvery === 0) {
      const t1 = performance.now()
      const res = await fetch(`${o.api}/rest/v1/rpc/evaluate_site`, {
        method: 'POST',
        headers: { apikey: o.apikey, Authorization: `Bearer ${o.token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ site: { type: 'Point', coordinates: pt }, distances: o.distances }),
      })
      const srv = await res.json()
      confirmMs.push(performance.now() - t1)
      if (!res.ok) throw new Error(`evaluate_site: HTTP ${res.status} ${JSON.stringify(srv).slice(0, 200)}`)
      const ps = new PreparedSite({ type: 'Point', coordinates: pt })
      const a = compareWithServer(ev.targets, srv.targets, 0.005, (id) => {
        const g = store.indexOf(id)
        return g === undefined ? undefined : store.distance(ps, g)
      })
      if (a.agree) agreed++
      else disagreements.push(`move ${i}: only ours ${a.onlyBrowser.length}, only db ${a.onlyServer.length}, max rel diff ${a.maxRelDiff}`)
      borderline += a.borderline.length
      if (a.maxRelDiff > maxRel) {
        maxRel = a.maxRelDiff
        // which target: ours vs the database's distance, and whether it is a footprint
        for (const t of ev.targets) {
          const sd = srv.targets.find((x: { id: string }) => x.id === t.id)
          if (sd && Math.abs(t.distance_m - Number(sd.distance_m)) / Math.max(Number(sd.distance_m), 1) >= a.maxRelDiff - 1e-12) {
            worst = `${store.shape[t.idx] ? 'footprint' : 'point'} target at ${Number(sd.distance_m)} m (ours ${t.distance_m} m)`
          }
        }
      }
    }

    if (i % o.baselineEvery === 0) {
      t = performance.now()
      const all = store.evaluateAll(new PreparedSite({ type: 'Point', coordinates: pt }), o.distances)
      noIndex.push(performance.now() - t)
      if (all.summary.violations !== ev.summary.violations) throw new Error(`move ${i}: index ${ev.summary.violations} vs scan ${all.summary.violations}`)

      t = performance.now()
      let n = 0
      for (let g = 0; g < store.size; g++) {
        const r = req[store.cls[g]]
        if (!(r > 0)) continue
        const sh = store.shape[g]
        const d = sh
          ? pointToPolygonDistance(pt, { type: 'MultiPolygon', coordinates: sh }, { units: 'meters' })
          : distance(pt, [store.lon[g], store.lat[g]], { units: 'meters' })
        if (d <= r) n++
      }
      base.push(performance.now() - t)
      if (n !== ev.summary.violations) {
        mismatches++
        maxDiff = Math.max(maxDiff, Math.abs(n - ev.summary.violations))
      }
    }
  }
  const ts = stats(tileMs)
  return {
    moves: o.path.length,
    loadedTargets: store.size,
    loadedTiles: store.tileCount,
    tileFetch: { tiles: tileMs.length, bytes, totalMs: tileMs.reduce((a, b) => a + b, 0), medianMs: ts.median, p95Ms: ts.p95 },
    movesWaitingForTiles: waiting,
    ours: stats(ours),
    oursNoIndex: stats(noIndex),
    turfBaseline: stats(base),
    testedMedian: stats(tested).median,
    violationsMedian: stats(viol).median,
    countMismatches: mismatches,
    maxCountDiff: maxDiff,
    confirm: { n: confirmMs.length, ms: stats(confirmMs), agreed, borderline, maxRelDiff: maxRel, worst, disagreements: disagreements.slice(0, 10) },
  }
}

window.dragBench = { run }
