// The 管道 form's drawing map (issue 19): a small MapLibre map showing the route being edited (its
// parts as lines, its vertices as dots, the last vertex ringed); a click adds a vertex at the
// clicked longitude/latitude (the map's coordinates are WGS-84, as the data's: no GCJ-02 shift).
// The route text in the form is the one source of truth: the map draws what it parses.
import type { GeoJSONSource, Map as MlMap, MapMouseEvent } from 'maplibre-gl'
import { useEffect, useRef, useState } from 'preact/hooks'
import { createMapWhile, type MapHandle } from '../../map/createMap.ts'
import type { Vertex } from '../../domain/pipelineEdit.ts'

const SRC = 'pipeline-draw'
/** The served region (the city's districts lie inside), the first view of a new line. */
const REGION: [number, number, number, number] = [111.3, 21.3, 113.6, 23.2]

function features(parts: readonly Vertex[][]) {
  const last = parts.at(-1)?.at(-1)
  return {
    type: 'FeatureCollection' as const,
    features: [
      ...parts
        .filter((p) => p.length >= 2)
        .map((p) => ({ type: 'Feature' as const, properties: { kind: 'line' }, geometry: { type: 'LineString' as const, coordinates: p } })),
      ...parts
        .flat()
        .map((v) => ({ type: 'Feature' as const, properties: { kind: v === last ? 'last' : 'vertex' }, geometry: { type: 'Point' as const, coordinates: v } })),
    ],
  }
}

function boundsOf(parts: readonly Vertex[][]): [number, number, number, number] | null {
  const vs = parts.flat()
  if (!vs.length) return null
  const xs = vs.map((v) => v[0])
  const ys = vs.map((v) => v[1])
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]
}

export function PipelineDrawMap({
  parts,
  fitKey,
  onClick,
  testid,
}: {
  parts: readonly Vertex[][]
  /** changed when the route was typed or pasted (not clicked): the map then shows the whole route */
  fitKey: number
  onClick: (lon: number, lat: number) => void
  testid: string
}) {
  const el = useRef<HTMLDivElement>(null)
  const handle = useRef<MapHandle | null>(null)
  const click = useRef(onClick)
  click.current = onClick
  const [ready, setReady] = useState(false)
  const first = useRef(parts)

  useEffect(() => {
    let alive = true
    const b = boundsOf(first.current)
    const bounds: [number, number, number, number] = b ? [b[0] - 0.002, b[1] - 0.002, b[2] + 0.002, b[3] + 0.002] : REGION
    void createMapWhile(() => alive, { container: el.current!, center: [112.6, 22.3], zoom: 8, bounds }).then((h) => {
      if (!h) return
      handle.current = h
      const map: MlMap = h.map
      const install = () => {
        if (!map.getSource(SRC)) {
          map.addSource(SRC, { type: 'geojson', data: features(first.current) })
          map.addLayer({
            id: `${SRC}-line`,
            type: 'line',
            source: SRC,
            filter: ['==', ['get', 'kind'], 'line'],
            paint: { 'line-color': '#c2410c', 'line-width': 3 },
          })
          map.addLayer({
            id: `${SRC}-vertex`,
            type: 'circle',
            source: SRC,
            filter: ['!=', ['get', 'kind'], 'line'],
            paint: {
              'circle-radius': ['case', ['==', ['get', 'kind'], 'last'], 6, 4],
              'circle-color': '#ffffff',
              'circle-stroke-color': '#c2410c',
              'circle-stroke-width': ['case', ['==', ['get', 'kind'], 'last'], 3, 2],
            },
          })
        }
        setReady(true)
      }
      if (map.loaded()) install()
      else map.once('load', install)
      map.on('style.load', install)
      map.on('click', (e: MapMouseEvent) => click.current(e.lngLat.lng, e.lngLat.lat))
      map.getCanvas().style.cursor = 'crosshair'
    })
    return () => {
      alive = false
      handle.current?.destroy()
      handle.current = null
    }
  }, [])

  useEffect(() => {
    const src = handle.current?.map.getSource(SRC) as GeoJSONSource | undefined
    src?.setData(features(parts))
  }, [parts, ready])

  useEffect(() => {
    const b = boundsOf(parts)
    if (!fitKey || !b || !handle.current) return
    handle.current.map.fitBounds(
      [
        [b[0], b[1]],
        [b[2], b[3]],
      ],
      { padding: 40, maxZoom: 16, duration: 0 },
    )
  }, [fitKey, ready])

  return <div ref={el} class="reg-draw-map" data-testid={testid} data-ready={ready ? '1' : ''} data-vertices={parts.flat().length} />
}
