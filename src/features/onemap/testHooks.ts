// Helpers of the one map's test hooks (window.__onemap.controller): pure given a map.
import type { Map as MlMap } from 'maplibre-gl'
import type { PointLayer } from '../../contract/rows.ts'
import { buildPointAttributes } from '../../map/pointAttributes.ts'
import { isDecoded, type PointsInput } from '../../layers/binnedPoints.ts'
import type { ViewportLoader } from '../../layers/viewportLoader.ts'
import { riskPoints, RISK_POINT_STYLE } from '../../layers/riskPoints/index.ts'
import { hiddenDangers, DANGER_STYLE } from '../../layers/hiddenDangers/index.ts'
import { protectiveTargets, PROTECTIVE_STYLE } from '../../layers/protectiveTargets/index.ts'

const POINT_MODULES = { risk_points: riskPoints, hidden_dangers: hiddenDangers, protective_targets: protectiveTargets } as const
const POINT_STYLES = { risk_points: RISK_POINT_STYLE, hidden_dangers: DANGER_STYLE, protective_targets: PROTECTIVE_STYLE } as const

/**
 * The most important point of a layer (drawn last) inside the middle of the view, away from the
 * panels that float over the map; null when none is there.
 */
export function middlePoint(map: MlMap, layer: PointLayer, loader: ViewportLoader): [number, number] | null {
  const points = loader.get(POINT_MODULES[layer]) as PointsInput
  if (!points) return null
  // built here only for the test hook: the deck layer keeps its own
  const a = isDecoded(points) ? buildPointAttributes(points, POINT_STYLES[layer]) : points
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
