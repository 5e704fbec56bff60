// The drawn area of a notice (issue 18: a warning for a river bend, an industrial park, a stretch of
// coast): a small map of the one map's own making (createMap) where a click adds a vertex; undo the
// last, clear, close the ring; or paste / load GeoJSON (Polygon, MultiPolygon, a Feature or a
// FeatureCollection of them). The area in km² and the vertex count show as it grows; what the
// database would surely refuse (crossing edges, too many vertices or parts, an area out of bounds:
// src/domain/noticeArea.ts) is said at once. The districts the author may draw in are outlined
// (dashed). The database decides the rest (within the city; a regulator's within its jurisdiction).
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { PathLayer, PolygonLayer, ScatterplotLayer } from '@deck.gl/layers'
import { PathStyleExtension } from '@deck.gl/extensions'
import type { MultiPolygon, Position } from 'geojson'
import { useMessages } from '../../app/i18n.ts'
import { createMap, type MapHandle } from '../../map/createMap.ts'
import { areaOutlines } from '../../data/noticesStaff.ts'
import { checkNoticeArea, formatKm2, geometryOfGeoJson, NOTICE_AREA_LIMITS, noticeAreaMessage, type NoticeAreaCheck } from '../../domain/noticeArea.ts'
import { STAFF_MESSAGES } from './staffMessages.ts'

const CITY_CENTRE: [number, number] = [112.95, 22.35]
const MAX_FILE_BYTES = 2_000_000
const DASHED = new PathStyleExtension({ dash: true })

declare global {
  interface Window {
    /** for the browser tests: the drawing map, whether it is ready, and what is drawn */
    __noticeAreaMap?: { map: MapHandle['map']; ready: boolean; points: number; closed: boolean; outlines: number }
  }
}

export interface NoticeAreaDrawProps {
  /** the stored or last closed area */
  value: MultiPolygon | null
  onChange: (area: MultiPolygon | null) => void
  /** true while a ring is being drawn and not yet closed (the form refuses to save then) */
  onDrawing: (drawing: boolean) => void
  /** the areas the author may draw in (outlined) */
  outlineCodes: readonly string[]
  error?: string | null
}

const ringsOf = (g: MultiPolygon | null): Position[][] => (g ? g.coordinates.flatMap((poly) => poly) : [])

export function NoticeAreaDraw({ value, onChange, onDrawing, outlineCodes, error }: NoticeAreaDrawProps) {
  const { m, lang } = useMessages(STAFF_MESSAGES)
  const box = useRef<HTMLDivElement>(null)
  const handle = useRef<MapHandle | null>(null)
  const [ready, setReady] = useState(false)
  // the ring being drawn (open): clicks add to it while no area is closed
  const [points, setPoints] = useState<Position[]>([])
  const [outlines, setOutlines] = useState<MultiPolygon[]>([])
  const [paste, setPaste] = useState<string | null>(null)
  const [pasteError, setPasteError] = useState<string | null>(null)
  const closed = value !== null
  const state = useRef({ closed, points })
  state.current = { closed, points }

  const check: NoticeAreaCheck | null = useMemo(() => (value ? checkNoticeArea(value) : null), [value])
  // a ring still open: its area so far (once it has 3 points) and any crossing, said as it grows
  const openCheck: NoticeAreaCheck | null = useMemo(() => (points.length >= 3 ? checkNoticeArea({ type: 'Polygon', coordinates: [points] }) : null), [points])

  useEffect(() => onDrawing(points.length > 0), [points.length > 0])

  useEffect(() => {
    let dead = false
    createMap({ container: box.current!, center: CITY_CENTRE, zoom: 8, choice: 'default' }).then(
      (h) => {
        if (dead) {
          h.destroy()
          return
        }
        handle.current = h
        // clicks come quickly when drawing: a double click must not zoom
        h.map.doubleClickZoom.disable()
        h.map.getCanvas().style.cursor = 'crosshair'
        const onReady = () => setReady(true)
        h.map.on('load', onReady)
        if (h.map.loaded()) onReady()
        h.map.on('click', (e) => {
          if (state.current.closed) return
          setPoints((ps) => [...ps, [Number(e.lngLat.lng.toFixed(6)), Number(e.lngLat.lat.toFixed(6))]])
        })
      },
      (e: Error) => console.warn('[notice area map]', e.message),
    )
    return () => {
      dead = true
      handle.current?.destroy()
      handle.current = null
      window.__noticeAreaMap = undefined
    }
  }, [])

  const codesKey = outlineCodes.join(',')
  useEffect(() => {
    let alive = true
    areaOutlines(outlineCodes).then(
      (rows) => alive && setOutlines(rows.map((r) => r.geom).filter((g) => g?.type === 'MultiPolygon')),
      () => alive && setOutlines([]),
    )
    return () => {
      alive = false
    }
  }, [codesKey])

  // the view: the drawn area, else the outlines
  useEffect(() => {
    const h = handle.current
    if (!h || !ready) return
    const pts = value ? ringsOf(value).flat() : outlines.flatMap((g) => ringsOf(g).flat())
    if (!pts.length) return
    let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity]
    for (const p of pts) {
      w = Math.min(w, p[0]!)
      e = Math.max(e, p[0]!)
      s = Math.min(s, p[1]!)
      n = Math.max(n, p[1]!)
    }
    h.map.fitBounds(
      [
        [w, s],
        [e, n],
      ],
      { padding: 24, maxZoom: 15, animate: false },
    )
  }, [ready, outlines, value === null])

  useEffect(() => {
    const h = handle.current
    if (!h || !ready) return
    const rings = ringsOf(value)
    const ok = !check || check.ok
    const line: [number, number, number] = ok ? [31, 78, 140] : [200, 30, 30]
    h.setLayers([
      new PathLayer<Position[]>({
        id: 'notice-area-outlines',
        data: outlines.flatMap((g) => ringsOf(g)),
        getPath: (r: Position[]) => r as [number, number][],
        getColor: [90, 90, 90, 200],
        getWidth: 1.5,
        widthUnits: 'pixels',
        getDashArray: [6, 4],
        dashJustified: true,
        extensions: [DASHED],
        parameters: { depthWriteEnabled: false },
      } as never),
      new PolygonLayer<Position[]>({
        id: 'notice-area-closed',
        data: rings.length ? [rings[0]!] : [],
        getPolygon: (r) => r as [number, number][],
        getFillColor: [...line, 50],
        getLineColor: [...line, 255],
        lineWidthUnits: 'pixels',
        getLineWidth: 2.5,
        filled: true,
        stroked: true,
        parameters: { depthWriteEnabled: false },
      }),
      new PathLayer<Position[]>({
        id: 'notice-area-more',
        data: rings.slice(1),
        getPath: (r) => r as [number, number][],
        getColor: [...line, 255],
        getWidth: 2.5,
        widthUnits: 'pixels',
      }),
      new PathLayer<Position[]>({
        id: 'notice-area-open',
        data: points.length > 1 ? [points] : [],
        getPath: (r) => r as [number, number][],
        getColor: [214, 96, 0, 255],
        getWidth: 2.5,
        widthUnits: 'pixels',
      }),
      new ScatterplotLayer<Position>({
        id: 'notice-area-vertices',
        data: points,
        getPosition: (p) => p as [number, number],
        getRadius: 5,
        radiusUnits: 'pixels',
        getFillColor: [255, 255, 255, 255],
        getLineColor: [214, 96, 0, 255],
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: 2,
      }),
    ])
    window.__noticeAreaMap = { map: h.map, ready: true, points: points.length, closed, outlines: outlines.length }
  }, [ready, value, points, outlines, check])

  function closeRing() {
    if (points.length < 3) return
    const r = checkNoticeArea({ type: 'Polygon', coordinates: [points] })
    // a closed ring is kept even when refused, so its problem shows on the map and in words; the form refuses to save it
    onChange(r.ok ? r.geometry : { type: 'MultiPolygon', coordinates: [[[...points, points[0]!]]] })
    setPoints([])
  }

  function usePasted(text: string) {
    const g = geometryOfGeoJson(text)
    if (!g.ok) {
      setPasteError(noticeAreaMessage(g.problem, lang))
      return
    }
    const r = checkNoticeArea(g.geometry)
    setPasteError(null)
    setPaste(null)
    setPoints([])
    onChange(r.ok ? r.geometry : g.geometry.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [g.geometry.coordinates] } : g.geometry)
  }

  function loadFile(f: File | undefined) {
    if (!f) return
    if (f.size > MAX_FILE_BYTES) {
      setPasteError(m('area.fileTooLarge'))
      return
    }
    f.text().then(usePasted, (e: Error) => setPasteError(e.message))
  }

  const status = points.length
    ? points.length < 3
      ? m('area.points', { n: points.length })
      : m('area.drawing', { n: points.length })
    : check?.ok
      ? m('area.size', { km2: formatKm2(check.km2), n: check.vertices })
      : !value
        ? m('area.none')
        : null
  const problem =
    check && !check.ok
      ? noticeAreaMessage(check.problem, lang)
      : openCheck && !openCheck.ok && openCheck.problem.code === 'kinks'
        ? noticeAreaMessage(openCheck.problem, lang)
        : null

  return (
    <fieldset class="ntc-area-draw ntc-wide" data-testid="notice-area-draw" data-closed={closed ? 'true' : 'false'} data-points={points.length}>
      <legend>{m('area.title')}</legend>
      <p class="muted ntc-area-hint">{m('area.hint')}</p>
      <div class="ntc-area-map" ref={box} data-testid="notice-area-map" data-ready={ready ? 'true' : 'false'} />
      <div class="ntc-area-tools">
        <button type="button" class="btn btn-ghost" data-testid="notice-area-undo" disabled={!points.length} onClick={() => setPoints((ps) => ps.slice(0, -1))}>
          {m('area.undo')}
        </button>
        <button type="button" class="btn btn-ghost" data-testid="notice-area-close" disabled={points.length < 3} onClick={closeRing}>
          {m('area.close')}
        </button>
        <button
          type="button"
          class="btn btn-ghost"
          data-testid="notice-area-clear"
          disabled={!points.length && !value}
          onClick={() => {
            setPoints([])
            onChange(null)
          }}
        >
          {m('area.clear')}
        </button>
        <button type="button" class="btn btn-ghost" data-testid="notice-area-paste" onClick={() => setPaste((p) => (p === null ? '' : null))}>
          {m('area.paste')}
        </button>
        <label class="btn btn-ghost ntc-area-file">
          {m('area.load')}
          <input
            type="file"
            accept=".geojson,.json,application/geo+json,application/json"
            data-testid="notice-area-file"
            onChange={(e) => {
              const input = e.target as HTMLInputElement
              loadFile(input.files?.[0])
              input.value = ''
            }}
          />
        </label>
      </div>
      {paste !== null && (
        <div class="ntc-area-paste">
          <label>
            {m('area.pasteLabel')}
            <textarea data-testid="notice-area-geojson" rows={4} value={paste} onInput={(e) => setPaste((e.target as HTMLTextAreaElement).value)} />
          </label>
          <button type="button" class="btn btn-ghost" data-testid="notice-area-apply" disabled={!paste.trim()} onClick={() => usePasted(paste)}>
            {m('area.apply')}
          </button>
        </div>
      )}
      <div class="ntc-area-status" data-testid="notice-area-status" data-km2={check?.ok ? check.km2.toFixed(4) : ''} aria-live="polite">
        {status}
      </div>
      {(problem || pasteError || error) && (
        <div class="ntc-field-error" data-testid="notice-error-geom" role="alert">
          {pasteError ?? problem ?? error}
        </div>
      )}
      <small class="muted">
        {m('area.limits', { min: NOTICE_AREA_LIMITS.minAreaKm2, max: NOTICE_AREA_LIMITS.maxAreaKm2, v: NOTICE_AREA_LIMITS.maxVertices })} ·{' '}
        {m('area.jurisdiction')}
      </small>
    </fieldset>
  )
}
