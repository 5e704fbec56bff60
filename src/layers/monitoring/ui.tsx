// The monitoring layer on the screens: panel symbol and counts (sources by state in the visible
// view), the legend of states (offline grey, never normal), and the card and tooltip of a ring
// (detail kind `monitoring`, found in the browser while the hazard-source layer is not asked; with
// it a click opens the hazard-source card, which has the same monitoring section): the source's
// name, enterprise, state, and its channels and alarms (MonitoringSection.tsx). Staff only.
import { formatNumber } from '../../app/i18n.ts'
import { useStore } from '../../app/store.ts'
import { SOURCE_STATES, type SourceState } from '../../data/monitoring.ts'
import { rgbCss } from '../../domain/levels.ts'
import { textsOf, type LayerUi } from '../ui/parts.ts'
import { Row } from '../ui/card.tsx'
import { MonitoringSection } from './MonitoringSection.tsx'
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
  detailKinds: ['monitoring'],
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
  card: (d, { lang }) => {
    if (d.kind !== 'monitoring') return null
    const m = textsOf(MESSAGES, lang)
    const s = d.data
    const n = (v: number) => formatNumber(v, lang)
    return {
      icon: <StateRing state={s.state} size={16} />,
      title: s.name,
      rows: (
        <>
          <Row label={m('card.enterprise')}>{s.enterprise_name}</Row>
          <Row label={m('card.state')} testid="monitoring-card-state">
            <span class="mon-state" style={{ color: rgbCss(STATE_RGB[s.state]) }} data-state={s.state}>
              {m(`state.${s.state}`)}
            </span>
            {s.is_major ? ` · ${m('card.major')}` : ''}
          </Row>
          <Row label={m('card.channels')}>{m('card.channelsValue', { n: n(s.channels), offline: n(s.offline), no_data: n(s.no_data) })}</Row>
          <Row label={m('card.unacked')}>{s.unacknowledged > 0 ? n(s.unacknowledged) : null}</Row>
          <MonitoringSection key={`mon-${s.id}`} hazardSourceId={s.id} lang={lang} />
        </>
      ),
    }
  },
  tooltip: (d, lang) => {
    if (d.kind !== 'monitoring') return null
    const s = d.data
    const c = STATE_RGB[s.state]
    return {
      kind: d.kind,
      name: s.name,
      badge: textsOf(MESSAGES, lang)(`state.${s.state}`),
      level: null,
      badgeStyle: { background: rgbCss(c), color: '#fff' },
      type: s.enterprise_name,
    }
  },
}
