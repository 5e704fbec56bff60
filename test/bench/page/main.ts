// The bench page: one MapLibre map (blank offline style, 1920×1080) with the app's interleaved
// deck.gl overlay, and three ways of putting the same N risk points on it:
//   ours     map_points (binned binary) → decodePoints → buildPointAttributes → RiskPointsLayer,
//            i.e. the app's own modules from src/, not a copy;
//   geojson  one GeoJSON FeatureCollection of all N points as a MapLibre source + circle layer;
//   deck     a plain deck.gl ScatterplotLayer fed Float32 positions of all N points (no binning),
//            styled like ours so that only the data path differs.
// The driver calls window.bench.run(options) once per fresh page; the clock starts right before
// the fetch (map creation is not counted) and stops at the first frame that has the data drawn
// and finished on the GPU.
import { Map as MlMap, setWorkerUrl, type ErrorEvent as MapErrorEvent, type StyleSpecification } from 'maplibre-gl'
import 'maplibre-gl/dist/maplibre-gl.css'
// MapLibre finds its worker next to its own module, which the bundler moves (as in src/map/createMap.ts).
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import { MapboxOverlay } from '@deck.gl/mapbox'
import { ScatterplotLayer } from '@deck.gl/layers'
import { decodePoints } from '../../../src/contract/points.ts'
import { buildPointAttributes } from '../../../src/map/pointAttributes.ts'
import { RISK_POINT_STYLE, RiskPointsLayer } from '../../../src/layers/riskPoints/index.ts'
import { riskLevelRgbaTable, RISK_LEVELS } from '../../../src/domain/levels.ts'
import type { HeapFigures, RunOptions, RunResult } from './protocol.ts'

setWorkerUrl(workerUrl)
// Uncaught errors with their stack, for the driver's console capture (a frame that throws never
// "draws", and the run would otherwise only report a timeout).
addEventListener('error', (e) => console.error(e.error?.stack ?? e.message))

const BLANK_STYLE: StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#eef' } }],
}

/** Radius of a single point in ours (a cell with count 1): both baselines draw every point so. */
const POINT_RADIUS_PX = RISK_POINT_STYLE.sizeByCount[1]!
const LEVEL_RGBA = riskLevelRgbaTable(240)

interface BenchMap {
  map: MlMap
  overlay: MapboxOverlay
}

/** The same shim as src/map/createMap.ts (exposeTransformForDeck, not exported there):
 * @deck.gl/mapbox 9.4 reads `map.transform`, which MapLibre 6 keeps on its internal camera;
 * without it deck.gl throws on every frame and draws nothing. */
function exposeTransformForDeck(map: MlMap): void {
  const m = map as unknown as { transform?: unknown; _camera?: { transform?: unknown } }
  if (m.transform !== undefined || !m._camera) return
  Object.defineProperty(map, 'transform', { configurable: true, get: () => m._camera!.transform })
}

async function createBenchMap(o: RunOptions): Promise<BenchMap> {
  const map = new MlMap({
    container: 'map',
    style: BLANK_STYLE,
    center: o.center,
    zoom: o.mapZoom,
    fadeDuration: 0,
    attributionControl: false,
    // As the app creates its map (src/map/createMap.ts).
    canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
  })
  exposeTransformForDeck(map)
  const overlay = new MapboxOverlay({ interleaved: true, layers: [] })
  map.addControl(overlay)
  await new Promise<void>((resolve) => map.once('load', () => resolve()))
  // One settled frame of the empty map before the clock starts.
  await new Promise<void>((resolve) => map.once('idle', () => resolve()))
  return { map, overlay }
}

function glOf(map: MlMap): WebGL2RenderingContext | WebGLRenderingContext {
  const canvas = map.getCanvas()
  // getContext returns the context MapLibre already created on this canvas.
  const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGL2RenderingContext | WebGLRenderingContext | null
  if (!gl) throw new Error('no WebGL context on the map canvas')
  return gl
}

/** readPixels cannot answer before every draw issued so far has executed: a GPU sync point, so
 * "drawn" means rasterised (SwiftShader does that work here), not merely queued. */
function gpuSync(gl: WebGL2RenderingContext | WebGLRenderingContext): void {
  const px = new Uint8Array(4)
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px)
}

const nextAnimationFrame = (): Promise<number> => new Promise((resolve) => requestAnimationFrame(resolve))

/** Resolves at the first deck.gl render that drew layer `id` with its data. */
function deckLayerDrawn(bm: BenchMap, id: string): Promise<void> {
  return new Promise((resolve) => {
    bm.overlay.setProps({
      onAfterRender: () => {
        // deck.gl has no public "layer drawn" event; the layer manager is internal but stable.
        const deck = (bm.overlay as unknown as { _deck?: { layerManager?: { getLayers(): { id: string; isLoaded: boolean }[] } } })._deck
        const layer = deck?.layerManager?.getLayers().find((l) => l.id === id)
        if (!layer || !layer.isLoaded) return
        bm.overlay.setProps({ onAfterRender: () => {} })
        gpuSync(glOf(bm.map))
        resolve()
      },
    })
  })
}

/** Resolves at MapLibre's first 'idle' (everything loaded and rendered) with source `id` loaded. */
function maplibreSourceDrawn(map: MlMap, id: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: MapErrorEvent): void => {
      map.off('idle', onIdle)
      reject(new Error(`MapLibre error: ${e.error?.message ?? 'unknown'}`))
    }
    const onIdle = (): void => {
      if (!map.getSource(id) || !map.isSourceLoaded(id)) return
      map.off('idle', onIdle)
      map.off('error', onError)
      gpuSync(glOf(map))
      resolve()
    }
    map.on('idle', onIdle)
    map.on('error', onError)
  })
}

async function post(o: RunOptions, fn: string, body: unknown, accept: string): Promise<Response> {
  // The same request the app's fetchMapPoints sends (src/data/mapApi.ts).
  const res = await fetch(`${o.api}/rest/v1/rpc/${fn}`, {
    method: 'POST',
    headers: { apikey: o.apikey, Authorization: `Bearer ${o.token}`, 'Content-Type': 'application/json', Accept: accept },
    body: JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`${fn}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`)
  return res
}

type Timed = { drawn: number; bytes: number; tFetched: number; tPrepared: number }

async function runOurs(bm: BenchMap, o: RunOptions): Promise<Timed> {
  const [west, south, east, north] = o.fetchBbox
  const res = await post(
    o,
    'map_points',
    { layer: 'risk_points', west, south, east, north, zoom: o.serverZoom, levels: null, industry: null, area: null },
    'application/octet-stream',
  )
  const buf = await res.arrayBuffer()
  const tFetched = performance.now()
  const attrs = buildPointAttributes(decodePoints(buf), RISK_POINT_STYLE)
  const tPrepared = performance.now()
  const drawn = deckLayerDrawn(bm, 'risk_points')
  bm.overlay.setProps({ layers: [new RiskPointsLayer({ id: 'risk_points', points: attrs })] })
  await drawn
  return { drawn: attrs.length, bytes: buf.byteLength, tFetched, tPrepared }
}

async function runPlainDeck(bm: BenchMap, o: RunOptions): Promise<Timed> {
  // bench_positions: per point float32 lon, float32 lat (big-endian), uint8 level.
  const res = await post(o, 'bench_positions', {}, 'application/octet-stream')
  const buf = await res.arrayBuffer()
  const tFetched = performance.now()
  const n = Math.floor(buf.byteLength / 9)
  const dv = new DataView(buf)
  const positions = new Float32Array(n * 2)
  const colours = new Uint8Array(n * 4)
  for (let i = 0, o9 = 0; i < n; i++, o9 += 9) {
    positions[i * 2] = dv.getFloat32(o9, false)
    positions[i * 2 + 1] = dv.getFloat32(o9 + 4, false)
    const t = dv.getUint8(o9 + 8) * 4
    colours[i * 4] = LEVEL_RGBA[t]!
    colours[i * 4 + 1] = LEVEL_RGBA[t + 1]!
    colours[i * 4 + 2] = LEVEL_RGBA[t + 2]!
    colours[i * 4 + 3] = LEVEL_RGBA[t + 3]!
  }
  const tPrepared = performance.now()
  const drawn = deckLayerDrawn(bm, 'plain')
  bm.overlay.setProps({
    layers: [
      new ScatterplotLayer({
        id: 'plain',
        data: {
          length: n,
          attributes: {
            getPosition: { value: positions, size: 2 },
            getFillColor: { value: colours, size: 4, normalized: true },
          },
        },
        // The style of riskPointsLayer for a one-point cell.
        radiusUnits: 'pixels',
        getRadius: POINT_RADIUS_PX,
        stroked: true,
        filled: true,
        getLineColor: [255, 255, 255, 200],
        lineWidthUnits: 'pixels',
        getLineWidth: 0.8,
        antialiasing: true,
        pickable: false,
        parameters: { depthWriteEnabled: false },
      }),
    ],
  })
  await drawn
  return { drawn: n, bytes: buf.byteLength, tFetched, tPrepared }
}

async function runGeojson(bm: BenchMap, o: RunOptions): Promise<Timed> {
  const res = await post(o, 'bench_geojson', {}, 'application/json')
  const text = await res.text()
  const tFetched = performance.now()
  const data = JSON.parse(text) as GeoJSON.FeatureCollection
  const tPrepared = performance.now()
  const drawn = maplibreSourceDrawn(bm.map, 'pts')
  bm.map.addSource('pts', { type: 'geojson', data })
  bm.map.addLayer({
    id: 'pts',
    type: 'circle',
    source: 'pts',
    paint: {
      'circle-radius': POINT_RADIUS_PX,
      'circle-color': ['match', ['get', 'level'], ...RISK_LEVELS.flatMap((l) => [l.level, `rgb(${l.rgb.join(',')})`]), '#808080'] as never,
      'circle-opacity': 240 / 255,
      'circle-stroke-color': 'rgba(255,255,255,0.78)',
      'circle-stroke-width': 0.8,
    },
  })
  await drawn
  return { drawn: data.features.length, bytes: text.length, tFetched, tPrepared }
}

declare global {
  interface Window {
    gc?: () => void
    bench: { run(o: RunOptions): Promise<RunResult> }
  }
  interface Performance {
    memory?: { usedJSHeapSize: number }
    measureUserAgentSpecificMemory?: () => Promise<{ bytes: number; breakdown: { bytes: number; types: string[]; attribution: { scope: string }[] }[] }>
  }
}

async function measureHeap(): Promise<HeapFigures> {
  // Twice: the first collection may only finalise what the second frees.
  window.gc?.()
  window.gc?.()
  const mainUsed = performance.memory?.usedJSHeapSize ?? NaN
  let uaTotal: number | null = null
  let uaWorkers: number | null = null
  let uaBreakdown: Record<string, number> | null = null
  if (crossOriginIsolated && performance.measureUserAgentSpecificMemory) {
    try {
      const m = await Promise.race([performance.measureUserAgentSpecificMemory(), new Promise<null>((resolve) => setTimeout(() => resolve(null), 30_000))])
      if (m) {
        uaTotal = m.bytes
        uaWorkers = 0
        uaBreakdown = {}
        for (const b of m.breakdown) {
          const scope = b.attribution[0]?.scope ?? 'other'
          const key = `${scope}:${b.types.join('+') || '?'}`
          uaBreakdown[key] = (uaBreakdown[key] ?? 0) + b.bytes
          if (scope === 'DedicatedWorkerGlobalScope') uaWorkers += b.bytes
        }
      }
    } catch {
      /* not available in this browser */
    }
  }
  return { mainUsed, uaTotal, uaWorkers, uaBreakdown }
}

window.bench = {
  async run(o) {
    const bm = await createBenchMap(o)
    const t0 = performance.now()
    const runner = o.scenario === 'ours' ? runOurs : o.scenario === 'deck' ? runPlainDeck : runGeojson
    let onError: (e: ErrorEvent) => void = () => {}
    const timed = await Promise.race([
      runner(bm, o),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no first frame within ${o.timeoutMs} ms`)), o.timeoutMs)),
      // An exception in a frame (deck.gl, MapLibre) means that frame never draws: fail now.
      new Promise<never>((_, reject) => {
        onError = (e) => reject(new Error(`uncaught in the page: ${e.error?.stack ?? e.message}`))
        addEventListener('error', onError)
      }),
    ]).finally(() => removeEventListener('error', onError))
    await nextAnimationFrame()
    const tFrame = performance.now()
    const heap = await measureHeap()
    return {
      scenario: o.scenario,
      drawn: timed.drawn,
      bytes: timed.bytes,
      ms: { fetch: timed.tFetched - t0, prepare: timed.tPrepared - timed.tFetched, render: tFrame - timed.tPrepared, firstFrame: tFrame - t0 },
      heap,
    }
  },
}
