// 待复评 · 待重评 (issue 15, freshness) on the map: risk points whose assessment is past its review
// period and major hazard sources due a re-assessment (令40号 art. 11), from stale_points for the
// view, drawn as violet rings over the points. Staff only (the public sees current levels, not
// the regulator's backlog), off when the one map opens; #/freshness lists the same by area.
import { stalePoints, type StaleView } from '../../data/freshness.ts'
import { symbolScale } from '../../map/viewport.ts'
import { jsonBytes } from '../smallRequest.ts'
import { defineLayer } from '../types.ts'
import { StaleLayer } from './layer.ts'
import { staleInView, staleUi } from './ui.tsx'

export { StaleLayer } from './layer.ts'
export { staleInView, StaleRing } from './ui.tsx'

const EMPTY: StaleView = { risk_points: 0, hazard_sources: 0, cells: [] }

export const stale = defineLayer<StaleView>({
  key: 'stale',
  audiences: ['staff'],
  panelOrder: 22,
  visibleByDefault: false,
  // cells are ~32 px at the zoom: half a level later they are still right
  zoomTolerance: 0.5,
  requestKey: (q) => q.audience,
  empty: EMPTY,
  load: async (q, signal) => {
    const t0 = performance.now()
    const data = await stalePoints(q.bbox, Math.round(q.zoom * 2) / 2, signal)
    staleInView.set({ risk_points: Number(data.risk_points), hazard_sources: Number(data.hazard_sources) })
    return { data, records: data.cells.length, bytes: jsonBytes(data), ms: Math.round(performance.now() - t0) }
  },
  ui: staleUi,
  draw: (data, o) => new StaleLayer({ id: o.id, visible: o.visible, cells: data.cells, scale: symbolScale(o.zoom), size: o.size ?? 1 }),
})
