// The dry run's verdict map: every placed row as a dot coloured by verdict (insert / update /
// unchanged / error), drawn by MapLibre from one GeoJSON source and a circle layer (tiled in
// MapLibre's worker by geojson-vt: only the tiles in view are drawn, with a simple shader). Without
// a GPU every drawn circle still costs vertex and pixel work a frame, so a dot hidden under another
// at a zoom is left out of that zoom's tiles (verdictThinning.ts: the layer's filter on each dot's
// lowest zoom). Errors are drawn on top (circle-sort-key). Lines (pipelines) also show their routes
// in the same colours (a line layer) under their dots. A click on a dot names the row as Excel
// numbers it and, for an error, the column and reason. bench:verdict-map measures it in software GL.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import type { GeoJSONSource, Map as MlMap, MapLayerMouseEvent } from 'maplibre-gl'
import { useMessages } from '../../app/i18n.ts'
import { createMapWhile, type MapHandle } from '../../map/createMap.ts'
import { AREA_SOURCES, installAreaLayers, setAreaData } from '../../map/layers/areas.ts'
import { areaFillOpacity, LIGHT_THEME } from '../../map/basemap.ts'
import { areaBoundaries } from '../../data/mapApi.ts'
import { cellSize } from '../../contract/cells.ts'
import { VERDICTS, verdictBounds, type Verdict, type VerdictPoints } from '../../import/verdictPoints.ts'
import { dotMinZooms } from '../../import/verdictThinning.ts'
import type { RowError } from '../../import/index.ts'
import { MESSAGES } from './messages.ts'

const CITY_CENTRE: [number, number] = [112.95, 22.35]
const CITY_BBOX: [number, number, number, number] = [112.3, 21.5, 113.3, 22.9]
/** a card this close to the map's top opens below its dot */
const CARD_ROOM = 120

/** RGBA by verdict index (VERDICTS): insert green, update blue, unchanged grey, error red */
export const VERDICT_RGBA: Record<Verdict, [number, number, number, number]> = {
  insert: [46, 160, 67, 230],
  update: [30, 110, 220, 230],
  unchanged: [130, 138, 148, 170],
  error: [214, 40, 40, 255],
}

const DOTS = 'import-verdicts'
const ROUTES = 'import-verdict-routes'
/** on top: errors, then updates, inserts, unchanged (the points' drawing order, verdictPoints.ts) */
const SORT_RANK: Record<Verdict, number> = { unchanged: 0, insert: 1, update: 2, error: 3 }

const css = (v: Verdict) => {
  const [r, g, b, a] = VERDICT_RGBA[v]
  return `rgba(${r},${g},${b},${(a / 255).toFixed(2)})`
}
/** ['match', verdict index, 0, colour, 1, …] */
function byVerdict<T>(value: (v: Verdict) => T): unknown[] {
  return ['match', ['get', 'v'], ...VERDICTS.slice(0, -1).flatMap((v, i) => [i, value(v)]), value(VERDICTS[VERDICTS.length - 1]!)]
}

declare global {
  interface Window {
    __importVerdictMap?: {
      map: unknown
      points: number
      paths: number
      ready: boolean
      at(row: number): [number, number] | null
    }
  }
}

/** the card's centre, kept inside the map (cards are at most 320 px wide) */
function cardLeft(x: number, width: number): number {
  const half = 165
  return width > 2 * half ? Math.min(Math.max(x, half), width - half) : x
}

interface Picked {
  index: number
  x: number
  y: number
}

/** The dots as GeoJSON points: `i` the index into the arrays, `v` the verdict, `z` the lowest zoom drawn. */
function dotFeatures(points: VerdictPoints): GeoJSON.FeatureCollection {
  const z = dotMinZooms(points.positions, points.length)
  const features = new Array<GeoJSON.Feature>(points.length)
  for (let i = 0; i < points.length; i++)
    features[i] = {
      type: 'Feature',
      properties: { i, v: points.verdicts[i]!, z: z[i]! },
      geometry: { type: 'Point', coordinates: [points.positions[i * 2]!, points.positions[i * 2 + 1]!] },
    }
  return { type: 'FeatureCollection', features }
}

/** Each line's parts as a GeoJSON LineString in its row's verdict. */
function routeFeatures(points: VerdictPoints): GeoJSON.FeatureCollection {
  const p = points.paths
  const features: GeoJSON.Feature[] = []
  if (p) {
    const vertices = p.positions.length / 2
    for (let i = 0; i < p.length; i++) {
      const end = i + 1 < p.length ? p.starts[i + 1]! : vertices
      const coordinates: [number, number][] = []
      for (let k = p.starts[i]!; k < end; k++) coordinates.push([p.positions[k * 2]!, p.positions[k * 2 + 1]!])
      if (coordinates.length > 1) features.push({ type: 'Feature', properties: { v: p.verdicts[i]! }, geometry: { type: 'LineString', coordinates } })
    }
  }
  return { type: 'FeatureCollection', features }
}

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] }

/** The verdict sources and layers, above the districts; the dots' click and hover. */
function installVerdictLayers(map: MlMap, onPick: (p: Picked | null) => void): void {
  map.addSource(ROUTES, { type: 'geojson', data: EMPTY })
  map.addSource(DOTS, { type: 'geojson', data: EMPTY })
  map.addLayer({
    id: ROUTES,
    type: 'line',
    source: ROUTES,
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-width': 3, 'line-color': byVerdict(css) as never },
  })
  map.addLayer({
    id: DOTS,
    type: 'circle',
    source: DOTS,
    filter: ['<=', ['get', 'z'], ['zoom']],
    layout: { 'circle-sort-key': byVerdict((v) => SORT_RANK[v]) as never },
    paint: {
      'circle-radius': 4,
      'circle-color': byVerdict(css) as never,
      'circle-stroke-color': 'rgba(255,255,255,0.78)',
      'circle-stroke-width': 0.75,
    },
  })
  map.on('click', DOTS, (e: MapLayerMouseEvent) => {
    // of the dots under the pointer the top one: the last in drawing order (errors last)
    let top = -1
    for (const f of e.features ?? []) top = Math.max(top, Number(f.properties?.i ?? -1))
    if (top >= 0) onPick({ index: top, x: e.point.x, y: e.point.y })
  })
  map.on('mouseenter', DOTS, () => (map.getCanvas().style.cursor = 'pointer'))
  map.on('mouseleave', DOTS, () => (map.getCanvas().style.cursor = ''))
}

export function VerdictMap({
  points,
  errors,
  polygons,
  lines = false,
}: {
  points: VerdictPoints
  errors: readonly RowError[]
  /** shapes drawn as one dot each (polygons, or lines with `lines`): say how */
  polygons: boolean
  lines?: boolean
}) {
  const { m } = useMessages(MESSAGES)
  const box = useRef<HTMLDivElement>(null)
  const handle = useRef<MapHandle | null>(null)
  const [ready, setReady] = useState(false)
  const [picked, setPicked] = useState<Picked | null>(null)
  const routes = points.paths && points.paths.length > 0 ? points.paths.length : 0
  const errorByRow = useMemo(() => {
    const byRow = new Map<number, RowError>()
    for (const e of errors) if (!byRow.has(e.row)) byRow.set(e.row, e)
    return byRow
  }, [errors])

  useEffect(() => {
    let alive = true
    void createMapWhile(() => alive, { container: box.current!, center: CITY_CENTRE, zoom: 8, bounds: verdictBounds(points) }).then(
      (h) => {
        if (!h) return
        handle.current = h
        const start = () => {
          // the city's districts for orientation (the offline basemap has none)
          installAreaLayers(h.map, LIGHT_THEME, areaFillOpacity(h.basemap))
          areaBoundaries('district', CITY_BBOX, cellSize(8)).then(
            (fc) => alive && setAreaData(h.map, AREA_SOURCES.district, fc),
            () => undefined,
          )
          installVerdictLayers(h.map, setPicked)
          setReady(true)
        }
        if (h.map.loaded()) start()
        else h.map.once('load', start)
        h.map.on('movestart', () => setPicked(null))
      },
      (e: Error) => console.warn('[import verdict map]', e.message),
    )
    return () => {
      alive = false
      handle.current?.destroy()
      handle.current = null
      window.__importVerdictMap = undefined
    }
  }, [])

  // a new set of rows: hand them to the sources, fit the view to them
  useEffect(() => {
    const h = handle.current
    if (!h || !ready) return
    ;(h.map.getSource(DOTS) as GeoJSONSource).setData(dotFeatures(points))
    ;(h.map.getSource(ROUTES) as GeoJSONSource).setData(routeFeatures(points))
    const b = verdictBounds(points)
    if (b)
      h.map.fitBounds(
        [
          [b[0], b[1]],
          [b[2], b[3]],
        ],
        { padding: 30, maxZoom: 15, animate: false },
      )
    setPicked(null)
    window.__importVerdictMap = {
      map: h.map,
      points: points.length,
      paths: routes,
      ready: true,
      at(row: number) {
        const i = points.rows.indexOf(row)
        return i < 0 ? null : [points.positions[i * 2]!, points.positions[i * 2 + 1]!]
      },
    }
  }, [points, ready])

  const counts = useMemo(() => {
    const c = [0, 0, 0, 0]
    for (let i = 0; i < points.length; i++) c[points.verdicts[i]!]!++
    return c
  }, [points])

  const card = picked && picked.index < points.length ? picked : null
  const row = card ? points.rows[card.index]! : 0
  const verdict = card ? VERDICTS[points.verdicts[card.index]!]! : null
  const err = card && verdict === 'error' ? errorByRow.get(row) : undefined

  return (
    <div class="import-vmap-card" data-testid="import-verdict-map-card">
      <h4>{m('vmap.title')}</h4>
      <div class="import-vmap" ref={box} data-testid="import-verdict-map" data-ready={ready ? 'true' : 'false'} data-points={points.length} data-paths={routes}>
        {card && verdict && (
          <div
            class={`import-vmap-pop import-vmap-pop-${verdict}${card.y < CARD_ROOM ? ' import-vmap-pop-below' : ''}`}
            data-testid="import-verdict-pop"
            style={{ left: `${Math.round(cardLeft(card.x, box.current?.clientWidth ?? 0))}px`, top: `${Math.round(card.y)}px` }}
          >
            <button type="button" class="import-vmap-close" aria-label={m('vmap.close')} onClick={() => setPicked(null)}>
              ×
            </button>
            <b>{m('vmap.row', { row })}</b> · {m(`verdict.${verdict}`)}
            {err && (
              <div class="import-vmap-reason">
                {err.column && <span class="muted">{err.column}：</span>}
                {err.message}
              </div>
            )}
          </div>
        )}
      </div>
      <div class="import-vmap-legend">
        {VERDICTS.map((v, i) => (
          <span key={v} class="legend-item" data-testid={`import-vmap-count-${v}`}>
            <i class="import-vmap-dot" style={{ background: `rgba(${VERDICT_RGBA[v].slice(0, 3).join(',')},1)` }} />
            {m(`verdict.${v}`)} {counts[i]}
          </span>
        ))}
        {points.unplaced > 0 && <span class="muted">{m('vmap.unplaced', { n: points.unplaced })}</span>}
        {polygons && <span class="muted">{m(lines ? (routes > 0 ? 'vmap.routeHint' : 'vmap.lineHint') : 'vmap.hint')}</span>}
      </div>
    </div>
  )
}
