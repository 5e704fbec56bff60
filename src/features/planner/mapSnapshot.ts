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

/** The canvas as a PNG data URL; null on a tainted canvas (a foreign basemap without CORS). */
export function snapshot(map: MlMap): string | null {
  try {
    return map.getCanvas().toDataURL('image/png')
  } catch {
    return null
  }
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
