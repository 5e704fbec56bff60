// Risk points: every audience; the public's come from public_map_points (levels only).
import { pointRadiusScale, symbolScale } from '../../map/viewport.ts'
import { defineLayer } from '../types.ts'
import { riskPointsUi } from './ui.tsx'
import type { PointsInput } from '../binnedPoints.ts'
import { loadPoints, POINTS_BEFORE, pointsRequestKey } from '../pointsRequest.ts'
import { RiskPointsLayer } from './layer.ts'

export { RISK_POINT_STYLE, RiskPointsLayer } from './layer.ts'

export const riskPoints = defineLayer<PointsInput>({
  key: 'risk_points',
  audiences: ['staff', 'public', 'wall'],
  panelOrder: 10,
  visibleByDefault: true,
  zoomTolerance: 0.5,
  requestKey: (q) => pointsRequestKey('risk_points', q),
  empty: null,
  // no level ticked: nothing to ask for
  load: (q, signal) =>
    q.filters.levels && q.filters.levels.length === 0 ? Promise.resolve({ data: null, records: 0, bytes: 0, ms: 0 }) : loadPoints('risk_points', q, signal),
  ui: riskPointsUi,
  draw: (points, o) => {
    const size = o.size ?? 1
    // the wall scales dots with the canvas; the desk grows them faster at street zoom
    const wall = o.audience === 'wall'
    return new RiskPointsLayer({
      id: o.id,
      visible: o.visible,
      points,
      scale: wall ? symbolScale(o.zoom) * size : pointRadiusScale(o.zoom),
      minPixels: o.minPixels ?? 1.2,
      beforeId: o.beforeId ?? POINTS_BEFORE,
    })
  },
})
