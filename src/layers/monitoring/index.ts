// Live monitoring (issue 17) on the one map: hazard sources with sensor channels, by state (an
// open HH/LL alarm, H/L, fault, offline, normal), from monitoring_sources for the view. Staff
// only: the public never sees it. The wall shows alarms through its own list and pulses
// (src/features/wall/AlarmsPanel.tsx), not this layer. A click or hover on a ring finds it in the
// browser (monitoringNow, ringAt: detail kind `monitoring`, its own card and tooltip in ui.tsx);
// the panel counts the visible view (counts.ts).
import { monitoringSources, type MonitoredSource } from '../../data/monitoring.ts'
import { monitoringNow, setMonitoringRows, setMonitoringView } from './counts.ts'
import { symbolScale } from '../../map/viewport.ts'
import { jsonBytes } from '../smallRequest.ts'
import { defineLayer } from '../types.ts'
import { MonitoringLayer } from './layer.ts'
import { monitoringUi } from './ui.tsx'

export { MonitoringLayer, STATE_RGB, ringAt, ringRadiusPx } from './layer.ts'
export { countStates, countStatesIn, monitoringCounts, monitoringNow, type MonitoringCounts } from './counts.ts'

export const monitoring = defineLayer<MonitoredSource[]>({
  key: 'monitoring',
  audiences: ['staff'],
  panelOrder: 25,
  visibleByDefault: false,
  // a few hundred sources as JSON for the view; their states move, so a zoom does not keep them
  zoomTolerance: 1,
  requestKey: (q) => q.audience,
  empty: [],
  load: async (q, signal) => {
    const t0 = performance.now()
    const rows = await monitoringSources(q.bbox, signal)
    if (q.audience === 'staff') setMonitoringRows(rows)
    return { data: rows, records: rows.length, bytes: jsonBytes(rows), ms: Math.round(performance.now() - t0) }
  },
  ui: monitoringUi,
  draw: (rows, o) => {
    const scale = symbolScale(o.zoom)
    if (o.audience === 'staff') monitoringNow.scale = scale * (o.size ?? 1)
    return new MonitoringLayer({
      id: o.id,
      visible: o.visible,
      rows,
      scale,
      size: o.size ?? 1,
      onView: o.audience === 'staff' ? setMonitoringView : null,
    } as never)
  },
})
