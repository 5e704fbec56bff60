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

/**
 * The wall asks for high-consequence segments from this zoom only: its 4K canvas shows the whole
 * city at zoom 9–10, where screening every line in view costs seconds (and on a single-threaded
 * database holds up every other request of the wall); below it the lines come without findings'
 * bands, simplified as at zoom 8 (~1 px on a 4K wall). Encroachments come at every zoom: those
 * inside the view, at most 1,000 (with a flag when there are more).
 */
export const WALL_HCA_ZOOM = 11

/** The zoom pipeline_map is asked at for a view. */
export function pipelineRequestZoom(zoom: number, audience: string): number {
  const z = Math.floor(zoom)
  return audience === 'wall' && z < WALL_HCA_ZOOM ? Math.min(z, 8) : z
}

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
    const data = await pipelineMap(q.bbox, pipelineRequestZoom(q.zoom, q.audience), signal)
    pipelinesInView.lines = data.lines.length
    pipelinesInView.encroachments = data.encroachments.length
    pipelinesInView.encroachmentsMore = data.encroachments_more === true
    return { data, records: data.lines.length, bytes: jsonBytes(data), ms: Math.round(performance.now() - t0) }
  },
  ui: pipelinesUi,
  draw: (data, o) => new PipelinesLayer({ id: o.id, visible: o.visible, data, size: o.size ?? 1, theme: o.audience === 'wall' ? 'dark' : 'light' }),
})
