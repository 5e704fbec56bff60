// Helpers of the one map's test hooks (window.__onemap.controller): pure given a map.
import type { Map as MlMap } from 'maplibre-gl'
import type { PointAttributes } from '../../map/pointAttributes.ts'

/**
 * The most important point (drawn last) inside the middle of the view, away from the panels that
 * float over the map; null when none is there.
 */
export function middlePoint(map: MlMap, a: PointAttributes): [number, number] | null {
  const c = map.getContainer()
  const w = c.clientWidth
  const h = c.clientHeight
  for (let i = a.length - 1; i >= 0; i--) {
    const p = map.project([a.positions[i * 2]!, a.positions[i * 2 + 1]!])
    if (p.x > w * 0.15 && p.x < w * 0.7 && p.y > h * 0.15 && p.y < h * 0.85) return [a.positions[i * 2]!, a.positions[i * 2 + 1]!]
  }
  return null
}

/** Resolves `done` once a frame was drawn after the data arrived (at the latest after 3 s). */
export function whenDrawn(map: MlMap, frames: () => number, done: () => void): void {
  const frame = frames()
  let fired = false
  const fire = () => {
    if (fired) return
    fired = true
    done()
  }
  map.triggerRepaint()
  const check = () => (frames() > frame ? fire() : requestAnimationFrame(check))
  requestAnimationFrame(check)
  setTimeout(fire, 3000)
}
