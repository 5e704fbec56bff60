// The dry run's verdict map: every placed row as a dot coloured by verdict (insert / update /
// unchanged / error), drawn by one deck.gl ScatterplotLayer from binary attributes (no DOM marker
// and no object per row); after each run of moves only the dots near the view, one per couple of
// screen pixels, are handed to it (verdictThinning.ts: without a GPU, 100,000 dots cost seconds a frame,
// bench:verdict-map); lines (pipelines) also show their
// routes in the same colours (a PathLayer, binary too) under their dots. A click on a dot names the
// row as Excel numbers it and, for an error, the column and reason.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { PathLayer, ScatterplotLayer } from '@deck.gl/layers'
import { useMessages } from '../../app/i18n.ts'
import { createMapWhile, type MapHandle } from '../../map/createMap.ts'
import { AREA_SOURCES, installAreaLayers, setAreaData } from '../../map/layers/areas.ts'
import { areaFillOpacity, LIGHT_THEME } from '../../map/basemap.ts'
import { areaBoundaries } from '../../data/mapApi.ts'
import { cellSize } from '../../contract/cells.ts'
import { VERDICTS, verdictBounds, type Verdict, type VerdictPoints } from '../../import/verdictPoints.ts'
import { visibleDots, widen } from '../../import/verdictThinning.ts'
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

declare global {
  interface Window {
    __importVerdictMap?: {
      map: unknown
      points: number
      /** dots drawn in the current view (near it, one per few pixels) */
      drawn: number
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
  /** the indices of the dots drawn in the current view, and the rows they index */
  const [chosen, setChosen] = useState<{ of: VerdictPoints; drawn: Uint32Array } | null>(null)
  const drawn = chosen?.of === points ? chosen.drawn : null

  // the drawn dots' attributes, rebuilt after each move (a copy of at most the rows, in drawing order)
  const dots = useMemo(() => {
    if (!drawn) return null
    const positions = new Float32Array(drawn.length * 2)
    const colours = new Uint8Array(drawn.length * 4)
    for (let k = 0; k < drawn.length; k++) {
      const i = drawn[k]!
      positions[k * 2] = points.positions[i * 2]!
      positions[k * 2 + 1] = points.positions[i * 2 + 1]!
      colours.set(VERDICT_RGBA[VERDICTS[points.verdicts[i]!]!], k * 4)
    }
    return { length: drawn.length, positions, colours }
  }, [drawn, points])
  // routes: a colour per vertex (binary attributes are per vertex), each part in its row's verdict
  const routes = useMemo(() => {
    const p = points.paths
    if (!p || p.length === 0) return null
    const vertices = p.positions.length / 2
    const colour = new Uint8Array(vertices * 4)
    for (let i = 0; i < p.length; i++) {
      const rgba = VERDICT_RGBA[VERDICTS[p.verdicts[i]!]!]
      const end = i + 1 < p.length ? p.starts[i + 1]! : vertices
      for (let k = p.starts[i]!; k < end; k++) colour.set(rgba, k * 4)
    }
    return {
      length: p.length,
      startIndices: p.starts,
      attributes: { getPath: { value: Float32Array.from(p.positions), size: 2 }, getColor: { value: colour, size: 4 } },
    }
  }, [points])
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

  // a new set of rows: fit the view to them, then choose the dots to draw after every move
  useEffect(() => {
    const h = handle.current
    if (!h || !ready) return
    const choose = () => {
      const b = h.map.getBounds()
      const view = widen({ west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth() })
      setChosen({ of: points, drawn: visibleDots(points.positions, points.length, { ...view, zoom: h.map.getZoom() }) })
    }
    const b = verdictBounds(points)
    if (b)
      h.map.fitBounds(
        [
          [b[0], b[1]],
          [b[2], b[3]],
        ],
        { padding: 30, maxZoom: 15, animate: false },
      )
    choose()
    // choose again once the camera has rested for two animation frames: a run of moves (wheel
    // steps, a pinch, keys held) chooses once at its end, not after each step — each choice hands
    // deck.gl new buffers, which without a GPU cost about as much as drawing them
    // (bench:verdict-map moves the camera every frame). Meanwhile the last choice is drawn.
    let frame = 0
    const hold = () => cancelAnimationFrame(frame)
    const chooseAtRest = () => {
      cancelAnimationFrame(frame)
      frame = requestAnimationFrame(() => (frame = requestAnimationFrame(choose)))
    }
    h.map.on('movestart', hold)
    h.map.on('moveend', chooseAtRest)
    setPicked(null)
    return () => {
      cancelAnimationFrame(frame)
      h.map.off('movestart', hold)
      h.map.off('moveend', chooseAtRest)
    }
  }, [points, ready])

  useEffect(() => {
    const h = handle.current
    if (!h || !ready || !dots || !drawn) return
    const layer = new ScatterplotLayer({
      id: 'import-verdicts',
      data: { length: dots.length, attributes: { getPosition: { value: dots.positions, size: 2 }, getFillColor: { value: dots.colours, size: 4 } } },
      radiusUnits: 'pixels',
      getRadius: 4,
      radiusMinPixels: 2,
      stroked: true,
      getLineColor: [255, 255, 255, 200],
      lineWidthUnits: 'pixels',
      getLineWidth: 0.75,
      pickable: true,
      onClick: (info) => {
        if (info.index < 0 || info.index >= drawn.length) return false
        setPicked({ index: drawn[info.index]!, x: info.x, y: info.y })
        return true
      },
    })
    const routeLayer = routes
      ? new PathLayer({
          id: 'import-verdict-routes',
          data: routes,
          _pathType: 'open',
          widthUnits: 'pixels',
          getWidth: 3,
          capRounded: true,
          jointRounded: true,
        })
      : null
    h.setLayers(routeLayer ? [routeLayer, layer] : [layer])
    window.__importVerdictMap = {
      map: h.map,
      points: points.length,
      drawn: drawn.length,
      paths: routes?.length ?? 0,
      ready: true,
      at(row: number) {
        const i = points.rows.indexOf(row)
        return i < 0 ? null : [points.positions[i * 2]!, points.positions[i * 2 + 1]!]
      },
    }
  }, [dots, ready])

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
      <div
        class="import-vmap"
        ref={box}
        data-testid="import-verdict-map"
        data-ready={ready ? 'true' : 'false'}
        data-points={points.length}
        data-paths={routes?.length ?? 0}
      >
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
        {polygons && <span class="muted">{m(lines ? (routes ? 'vmap.routeHint' : 'vmap.lineHint') : 'vmap.hint')}</span>}
      </div>
    </div>
  )
}
