// The planner map's legend: ring colours per protective-target class, targets inside,
// candidate sites, the suitable area. Colours from src/domain (names with colours).
import { useStore } from '../../app/store.ts'
import { useMessages } from '../../app/i18n.ts'
import { PROTECTIVE_CLASSES } from '../../domain/categories.ts'
import { levelRgb, rgbCss } from '../../domain/levels.ts'
import type { PlannerController } from './controller.ts'
import { MESSAGES } from './messages.ts'

export function MapLegend({ ctl }: { ctl: PlannerController }) {
  const s = useStore(ctl.store)
  const { m, name } = useMessages(MESSAGES)
  // the scenario's distances on the scenario tab (they draw the candidates' rings), else the picked source's
  const shown = s.tab === 'scenario' && s.candidates.length ? s.distances : s.picked ? ctl.sourceDistances(s.picked) : null
  return (
    <div class="pl-legend" data-testid="planner-legend">
      <div class="pl-legend-title">{m('legend.rings')}</div>
      {PROTECTIVE_CLASSES.map((c) => (
        <div key={c.id} class="pl-legend-row">
          <i class="pl-ring-swatch" style={{ borderColor: rgbCss(c.rgb) }} />
          {name(c)}
          <span class="pl-legend-m">{shown ? `${shown[c.id]} m` : ''}</span>
        </div>
      ))}
      <div class="pl-legend-row">
        <i class="pl-dot" style={{ borderColor: rgbCss(levelRgb(1)) }} />
        {m('legend.inside')}
      </div>
      <div class="pl-legend-row">
        <i class="pl-marker mini">A</i>
        {m('legend.candidate')}
      </div>
      <div class="pl-legend-row">
        <i class="pl-suit-swatch" />
        {m('legend.suitable')}
      </div>
      {s.blocking && s.blocking.length > 0 && (
        <div class="pl-legend-row">
          <i class="pl-dot blocking" />
          {m('legend.blocking')}
        </div>
      )}
    </div>
  )
}
