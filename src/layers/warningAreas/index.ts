// 预警区域 (issue 18): the areas of the published, unexpired regional warnings in the view
// (public_warning_areas), outlined in the warning's colour with a label. For the wall (live: asked
// again every minute, so a warning published or expired shows or leaves without a reload) and the
// public view's map (the warning areas of the place looked at, next to its warnings list). The
// staff one map has the notices themselves; it does not list this layer.
import { warningAreas, type WarningArea } from '../../data/warningAreas.ts'
import { jsonBytes } from '../smallRequest.ts'
import { defineLayer } from '../types.ts'
import { WarningAreasLayer } from './layer.ts'
import { warningAreasUi, warningsInView } from './ui.tsx'

export { WarningAreasLayer, warningLabel, warningLabelMetrics } from './layer.ts'
export { WarningOutline, warningsInView } from './ui.tsx'

/** How often the wall and the public view ask again (warnings are published and expire by the hour). */
export const WARNING_AREAS_REFRESH_MS = 60_000

export const warningAreasLayer = defineLayer<readonly WarningArea[]>({
  key: 'warning_areas',
  audiences: ['wall', 'public'],
  panelOrder: 95,
  visibleByDefault: true,
  // outlines are simplified to about a pixel at the zoom: a level later they are still fine
  zoomTolerance: 1,
  refreshMs: WARNING_AREAS_REFRESH_MS,
  requestKey: () => 'warning_areas',
  empty: [],
  load: async (q, signal) => {
    const t0 = performance.now()
    const data = await warningAreas(q.bbox, q.zoom, signal)
    warningsInView.set({ n: data.length })
    return { data, records: data.length, bytes: jsonBytes(data), ms: Math.round(performance.now() - t0) }
  },
  ui: warningAreasUi,
  draw: (areas, o) =>
    new WarningAreasLayer({ id: o.id, visible: o.visible, areas, lang: o.lang, size: o.size ?? 1, dark: o.audience === 'wall', beforeId: o.beforeId } as never),
})
