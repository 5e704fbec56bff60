// Oil and gas pipelines (issue 19): staff and the command centre's wall (routes are critical
// infrastructure, never public; the wall signs in as staff and draws them in its dark theme).
// The lines in the view with their encroachments and high-consequence segments come in one request
// (pipeline_map) and are drawn whole; the card of a clicked line comes from pipeline_at (the one
// map's click lookup asks it after the point layers).
import type { PipelineMap } from '../../contract/pipelines.ts'
import { pipelineMap } from '../../data/pipelines.ts'
import { jsonBytes } from '../smallRequest.ts'
import { defineLayer } from '../types.ts'
import { pipelinesInView, pipelinesUi } from './ui.tsx'
import { PipelinesLayer } from './layer.ts'

export { PipelinesLayer, linePaths, hcaPaths } from './layer.ts'
export { pipelinesInView } from './ui.tsx'

export const pipelines = defineLayer<PipelineMap | null>({
  key: 'pipelines',
  audiences: ['staff', 'wall'],
  panelOrder: 60,
  visibleByDefault: false,
  // simplified per zoom, and high-consequence segments only from zoom 9
  zoomTolerance: 1,
  requestKey: (q) => q.audience,
  empty: null,
  load: async (q, signal) => {
    const t0 = performance.now()
    const data = await pipelineMap(q.bbox, Math.floor(q.zoom), signal)
    pipelinesInView.lines = data.lines.length
    return { data, records: data.lines.length, bytes: jsonBytes(data), ms: Math.round(performance.now() - t0) }
  },
  ui: pipelinesUi,
  draw: (data, o) => new PipelinesLayer({ id: o.id, visible: o.visible, data, size: o.size ?? 1, theme: o.audience === 'wall' ? 'dark' : 'light' }),
})
