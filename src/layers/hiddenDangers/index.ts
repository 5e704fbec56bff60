// Hidden dangers: staff and the wall (never the public).
import { symbolScale } from '../../map/viewport.ts'
import { defineLayer } from '../types.ts'
import { hiddenDangersUi } from './ui.tsx'
import type { PointsInput } from '../binnedPoints.ts'
import { loadPoints, pointsRequestKey } from '../pointsRequest.ts'
import { HiddenDangersLayer } from './layer.ts'

export { DANGER_STYLE, HiddenDangersLayer } from './layer.ts'

export const hiddenDangers = defineLayer<PointsInput>({
  key: 'hidden_dangers',
  audiences: ['staff', 'wall'],
  panelOrder: 30,
  visibleByDefault: true,
  zoomTolerance: 0.5,
  requestKey: (q) => pointsRequestKey('hidden_dangers', q),
  empty: null,
  load: (q, signal) => loadPoints('hidden_dangers', q, signal),
  ui: hiddenDangersUi,
  draw: (points, o) => new HiddenDangersLayer({ id: o.id, visible: o.visible, points, scale: symbolScale(o.zoom), size: o.size ?? 1, beforeId: o.beforeId }),
})
