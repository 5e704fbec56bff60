// Emergency resources: every audience (the public's without duty phones).
import type { EmergencyResourceFeature } from '../../contract/rows.ts'
import { symbolScale } from '../../map/viewport.ts'
import { defineLayer } from '../types.ts'
import { emergencyResourcesUi } from './ui.tsx'
import { loadSmall } from '../smallRequest.ts'
import { EmergencyResourcesLayer } from './layer.ts'

export { EmergencyResourcesLayer } from './layer.ts'

export const emergencyResources = defineLayer<EmergencyResourceFeature[]>({
  key: 'emergency_resources',
  audiences: ['staff', 'public', 'wall'],
  panelOrder: 50,
  visibleByDefault: true,
  zoomTolerance: 99,
  requestKey: (q) => q.audience,
  empty: [],
  load: (q, signal) => loadSmall('emergency_resources', q, signal),
  ui: emergencyResourcesUi,
  draw: (rows, o) => new EmergencyResourcesLayer({ id: o.id, visible: o.visible, rows, scale: symbolScale(o.zoom), size: o.size ?? 1 }),
})
