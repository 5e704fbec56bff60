// Accidents (issue 16) as a registry layer: staff and the wall (the public reads published
// summaries through public_accident_summary, not this layer), off when the one map opens; on the
// wall this (Beijing) year's accidents, shown by the wall's 事故 preset (presets.ts). Its own time filter
// (this year, the last 12 months, a range of years) lives in `accidentFilter`; the request key
// carries it, and the screens reload when it changes (subscribe). The rows last loaded are kept in
// `accidentsNow`, so a click or hover finds an accident in the browser without another request.
import { accidentsInView } from '../../data/accidents.ts'
import { symbolScale } from '../../map/viewport.ts'
import type { AccidentFeature } from '../../domain/accidentsMap.ts'
import { accidentRange, accidentsNow } from './state.ts'
import { defineLayer } from '../types.ts'
import { jsonBytes } from '../smallRequest.ts'
import { accidentsUi } from './ui.tsx'
import { AccidentsLayer } from './layer.ts'

export { AccidentsLayer, accidentSvg } from './layer.ts'
export { accidentFilter, accidentRange, accidentsNow } from './state.ts'

export const accidents = defineLayer<AccidentFeature[]>({
  key: 'accidents',
  audiences: ['staff', 'wall'],
  panelOrder: 60,
  visibleByDefault: false,
  zoomTolerance: 99,
  requestKey: (q) => {
    const r = accidentRange(q.audience)
    return `${q.audience}|${r.from}|${r.to}`
  },
  empty: [],
  load: async (q, signal) => {
    const t0 = performance.now()
    const { from, to } = accidentRange(q.audience)
    const rows = await accidentsInView(q.bbox, from, to, signal)
    if (q.audience !== 'wall') accidentsNow.rows = rows
    return { data: rows, records: rows.length, bytes: jsonBytes(rows), ms: Math.round(performance.now() - t0) }
  },
  ui: accidentsUi,
  draw: (rows, o) => new AccidentsLayer({ id: o.id, visible: o.visible, rows, scale: symbolScale(o.zoom), size: o.size ?? 1 }),
})
