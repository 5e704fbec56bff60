// Protective targets (GB 36894 classes): staff only.
import { pointRadiusScale } from '../../map/viewport.ts'
import { defineLayer } from '../types.ts'
import { protectiveTargetsUi } from './ui.tsx'
import type { PointsInput } from '../binnedPoints.ts'
import { loadPoints, POINTS_BEFORE, pointsRequestKey } from '../pointsRequest.ts'
import { ProtectiveTargetsLayer } from './layer.ts'

export { PROTECTIVE_STYLE, ProtectiveTargetsLayer } from './layer.ts'

export const protectiveTargets = defineLayer<PointsInput>({
  key: 'protective_targets',
  audiences: ['staff'],
  panelOrder: 40,
  visibleByDefault: false,
  zoomTolerance: 0.5,
  requestKey: (q) => pointsRequestKey('protective_targets', q),
  empty: null,
  load: (q, signal) => loadPoints('protective_targets', q, signal),
  ui: protectiveTargetsUi,
  draw: (points, o) =>
    new ProtectiveTargetsLayer({ id: o.id, visible: o.visible, points, scale: pointRadiusScale(o.zoom), beforeId: o.beforeId ?? POINTS_BEFORE }),
})
