// The planner's printed report needs the map as a picture: fit it, wait for the frame, read the canvas.
import type { Map as MlMap } from 'maplibre-gl'
import { bbox as turfBbox } from '@turf/turf'
import type { Feature } from 'geojson'

/** Resolves once the map is idle (everything drawn), or after 3 s. */
export function drawnFrame(map: MlMap): Promise<void> {
  return new Promise<void>((r) => {
    const t = setTimeout(r, 3000)
    map.once('idle', () => {
      clearTimeout(t)
      r()
    })
    map.triggerRepaint()
  })
}

/** A label drawn on the snapshot where the map shows it as an HTML marker (markers are not in the canvas). */
export interface SnapshotLabel {
  text: string
  at: [number, number]
}

/** The canvas as a PNG data URL, with the candidates' A/B/C markers painted in as on screen (the
 * markers are HTML, so a plain canvas copy would lose them); null on a tainted canvas (a foreign
 * basemap without CORS). */
export function snapshot(map: MlMap, labels: readonly SnapshotLabel[] = []): string | null {
  try {
    const src = map.getCanvas()
    if (!labels.length) return src.toDataURL('image/png')
    const out = document.createElement('canvas')
    out.width = src.width
    out.height = src.height
    const g = out.getContext('2d')
    if (!g) return src.toDataURL('image/png')
    g.drawImage(src, 0, 0)
    // map.project() answers in CSS pixels; the canvas has device pixels
    const k = src.width / Math.max(1, src.clientWidth)
    // the report shows the picture at about a third of the screen's size: markers a little larger
    const r = Math.max(15, Math.round(Math.min(src.clientWidth, src.clientHeight) / 30))
    for (const l of labels) {
      const p = map.project(l.at)
      drawMarker(g, p.x * k, p.y * k, r * k, l.text)
    }
    return out.toDataURL('image/png')
  } catch {
    return null
  }
}

/** The .pl-marker look: a blue disc, white ring, white bold letter. */
function drawMarker(g: CanvasRenderingContext2D, x: number, y: number, r: number, text: string): void {
  g.beginPath()
  g.arc(x, y, r, 0, 2 * Math.PI)
  g.fillStyle = '#1565c0'
  g.fill()
  g.lineWidth = r / 5
  g.strokeStyle = '#fff'
  g.stroke()
  g.fillStyle = '#fff'
  g.font = `700 ${Math.round(r * 0.95)}px sans-serif`
  g.textAlign = 'center'
  g.textBaseline = 'middle'
  g.fillText(text, x, y + r * 0.05)
}

/** Frames the rings at once (before a snapshot). */
export function fitRings(map: MlMap, rings: Feature[]): void {
  if (!rings.length) return
  const [w, s, e, n] = turfBbox({ type: 'FeatureCollection', features: rings })
  map.fitBounds(
    [
      [w, s],
      [e, n],
    ],
    { padding: 40, duration: 0 },
  )
}
