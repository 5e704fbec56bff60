// The monitoring layer on the screens: panel symbol and counts (sources by state in the loaded
// view), the legend of states (offline grey, never normal). Its features are hazard sources: a
// click opens the hazard-source card, whose monitoring section (MonitoringSection.tsx) shows the
// channels, sparklines and alarm history; so no card or tooltip kind of its own.
import { formatNumber } from '../../app/i18n.ts'
import { useStore } from '../../app/store.ts'
import { SOURCE_STATES, type SourceState } from '../../data/monitoring.ts'
import { rgbCss } from '../../domain/levels.ts'
import { textsOf, type LayerUi } from '../ui/parts.ts'
import type { Lang } from '../../app/i18n.ts'
import { STATE_RGB } from './layer.ts'
import { MESSAGES } from './messages.ts'
import { monitoringCounts } from './counts.ts'

export function StateRing({ state, size = 12 }: { state: SourceState; size?: number }) {
  const alarm = state === 'hh' || state === 'h'
  return (
    <span
      class="sym sym-ring"
      aria-hidden="true"
      style={{ width: size, height: size, borderColor: rgbCss(STATE_RGB[state]), background: alarm ? rgbCss(STATE_RGB[state], 0.3) : 'transparent' }}
    />
  )
}

function MonitoringCountsLine({ lang }: { lang: Lang }) {
  const c = useStore(monitoringCounts)
  const n = (v: number) => formatNumber(v, lang)
  return (
    <div class="sub-counts" data-testid="count-monitoring-states">
      {textsOf(MESSAGES, lang)('count.sub', { alarm: n(c.hh + c.h + c.fault), offline: n(c.offline), normal: n(c.normal) })}
    </div>
  )
}

export const monitoringUi: LayerUi = {
  messages: MESSAGES,
  detailKinds: [],
  symbol: () => <StateRing state="hh" />,
  count: (_counts, { lang }) => ({
    main: formatNumber(monitoringCounts.get().total, lang),
    sub: <MonitoringCountsLine lang={lang} />,
  }),
  legend: ({ lang, audience }) => {
    if (audience === 'public') return null
    const m = textsOf(MESSAGES, lang)
    return {
      title: m('legend.title'),
      blocks: [
        {
          items: SOURCE_STATES.map((s) => ({
            key: s,
            testid: `legend-monitoring-${s}`,
            symbol: (size?: number) => <StateRing state={s} size={size} />,
            label: m(`state.${s}`),
          })),
        },
      ],
      note: { text: m('legend.note') },
    }
  },
  card: () => null,
  tooltip: () => null,
}
