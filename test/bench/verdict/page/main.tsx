// The verdict-map bench page: mounts the import page's own VerdictMap (src/features/import,
// not a copy) with N synthetic dry-run rows, or the same rows as one MapLibre GeoJSON source
// (the usual way, the baseline), or no rows (the floor), then moves the camera every animation
// frame for a fixed time and records the interval between drawn frames. The driver
// (test/bench/verdict-map.bench.ts) calls window.verdictBench.run once per fresh page.
import { render } from 'preact'
import type { Map as MlMap, GeoJSONSourceSpecification } from 'maplibre-gl'
import '../../../../src/features/import/import.css'
import { VerdictMap, VERDICT_RGBA } from '../../../../src/features/import/VerdictMap.tsx'
import { createMapWhile } from '../../../../src/map/createMap.ts'
import { VERDICTS, type VerdictPoints } from '../../../../src/import/verdictPoints.ts'
import type { FrameStats, VerdictRunOptions } from '../protocol.ts'
import { Rng } from '../../../../supabase/seed/prng.ts'

declare global {
  interface Window {
    verdictBench?: {
      mount(o: VerdictRunOptions): Promise<number>
      move(moveMs: number, minFrames: number): Promise<FrameStats>
      showMarker(): Promise<void>
    }
  }
}

const CENTRE: [number, number] = [112.95, 22.35]
/** row 2 (the first data row, MARKER_ROW) sits alone here so that a click on it can only pick it */
const MARKER: [number, number] = [112.42, 21.72]

/** N rows: clustered around ~20 towns like a real registry, verdicts 70 % insert, 15 % update,
 * 10 % unchanged, 5 % error; none within ~2 km of the marker but the marker itself. */
function syntheticRows(n: number, seed: number): VerdictPoints {
  const g = new Rng(seed)
  const r = () => g.next()
  const towns = Array.from({ length: 20 }, () => [112.5 + r() * 0.8, 21.85 + r() * 0.8] as const)
  const positions = new Float64Array(n * 2)
  const verdicts = new Uint8Array(n)
  const rows = new Uint32Array(n)
  for (let i = 0; i < n; i++) {
    let lng: number
    let lat: number
    if (i === 0) [lng, lat] = MARKER
    else
      do {
        const t = towns[Math.floor(r() * towns.length)]!
        const spread = r() < 0.2 ? 0.25 : 0.04
        lng = t[0] + (r() - 0.5) * 2 * spread
        lat = t[1] + (r() - 0.5) * 2 * spread
      } while (Math.abs(lng - MARKER[0]) < 0.02 && Math.abs(lat - MARKER[1]) < 0.02)
    positions[i * 2] = lng
    positions[i * 2 + 1] = lat
    const v = r()
    verdicts[i] = i === 0 ? 3 : v < 0.7 ? 0 : v < 0.85 ? 1 : v < 0.95 ? 2 : 3
    rows[i] = i + 2
  }
  return { length: n, positions, verdicts, rows, unplaced: 0 }
}

function idle(map: MlMap): Promise<void> {
  return new Promise((res) => {
    map.once('idle', () => res())
    map.triggerRepaint()
  })
}

function waitFor<T>(get: () => T | null | undefined, ms = 120_000): Promise<T> {
  const t0 = performance.now()
  return new Promise((res, rej) => {
    const tick = () => {
      const v = get()
      if (v) return res(v)
      if (performance.now() - t0 > ms) return rej(new Error('timed out waiting for the map'))
      setTimeout(tick, 20)
    }
    tick()
  })
}

/** Moves the camera every animation frame (a circle of ~15 km around the centre while zooming
 * 8.5 → 11.5 → 8.5), for moveMs and at least minFrames drawn frames, and records when each
 * frame was drawn. */
async function moveAndTime(map: MlMap, moveMs: number, minFrames: number): Promise<FrameStats> {
  const drawn: number[] = []
  const onRender = () => drawn.push(performance.now())
  map.jumpTo({ center: CENTRE, zoom: 8.5 })
  await idle(map)
  map.on('render', onRender)
  const t0 = performance.now()
  await new Promise<void>((done) => {
    const step = () => {
      const f = (performance.now() - t0) / moveMs
      const a = f * 2 * Math.PI
      map.jumpTo({ center: [CENTRE[0] + 0.15 * Math.sin(a), CENTRE[1] + 0.12 * (1 - Math.cos(a))], zoom: 8.5 + 3 * Math.abs(Math.sin(f * Math.PI)) })
      if (f < 1 || drawn.length < minFrames) requestAnimationFrame(step)
      else done()
    }
    requestAnimationFrame(step)
  })
  await idle(map)
  map.off('render', onRender)
  const gaps = drawn
    .slice(1)
    .map((t, i) => t - drawn[i]!)
    .sort((x, y) => x - y)
  const q = (p: number) => (gaps.length ? gaps[Math.min(gaps.length - 1, Math.floor(p * gaps.length))]! : NaN)
  const span = drawn.length > 1 ? drawn[drawn.length - 1]! - drawn[0]! : NaN
  return { frames: drawn.length, median: q(0.5), p95: q(0.95), max: gaps.length ? gaps[gaps.length - 1]! : NaN, fps: ((drawn.length - 1) * 1000) / span }
}

/** The baseline: the same rows as one GeoJSON FeatureCollection, a circle layer coloured by verdict. */
async function mountGeojson(box: HTMLElement, rows: VerdictPoints): Promise<MlMap> {
  const h = await createMapWhile(() => true, { container: box, center: CENTRE, zoom: 8 })
  if (!h) throw new Error('no map')
  if (!h.map.loaded()) await new Promise((r) => h.map.once('load', r))
  const features = new Array(rows.length)
  for (let i = 0; i < rows.length; i++)
    features[i] = {
      type: 'Feature',
      properties: { v: rows.verdicts[i], row: rows.rows[i] },
      geometry: { type: 'Point', coordinates: [rows.positions[i * 2], rows.positions[i * 2 + 1]] },
    }
  const data = { type: 'FeatureCollection', features } as GeoJSONSourceSpecification['data']
  h.map.addSource('verdicts', { type: 'geojson', data })
  const colour = (i: number) => {
    const [r, g, b, a] = VERDICT_RGBA[VERDICTS[i]!]
    return `rgba(${r},${g},${b},${(a / 255).toFixed(2)})`
  }
  h.map.addLayer({
    id: 'verdicts',
    type: 'circle',
    source: 'verdicts',
    paint: {
      'circle-radius': 4,
      'circle-color': ['match', ['get', 'v'], 0, colour(0), 1, colour(1), 2, colour(2), colour(3)],
      'circle-stroke-color': 'rgba(255,255,255,0.8)',
      'circle-stroke-width': 0.75,
    },
  })
  return h.map
}

let map: MlMap | null = null

/** Mounts the mode's map with its rows; resolves with the time to the first idle map with them drawn. */
async function mount(o: VerdictRunOptions): Promise<number> {
  const root = document.getElementById('root')!
  const rows = syntheticRows(o.mode === 'empty' ? 0 : o.points, o.seed)
  const t0 = performance.now()
  if (o.mode === 'geojson') {
    const box = document.createElement('div')
    box.className = 'import-vmap'
    root.append(box)
    map = await mountGeojson(box, rows)
  } else {
    render(<VerdictMap points={rows} errors={[]} polygons={false} />, root)
    map = (await waitFor(() => (window.__importVerdictMap?.ready ? window.__importVerdictMap : null))).map as MlMap
  }
  await idle(map)
  return performance.now() - t0
}

window.verdictBench = {
  mount,
  move: (moveMs, minFrames) => moveAndTime(map!, moveMs, minFrames),
  /** the lone marker row in the middle at street zoom, for the driver's click */
  async showMarker() {
    map!.jumpTo({ center: MARKER, zoom: 14 })
    await idle(map!)
  },
}
