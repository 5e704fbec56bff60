// The 待复评 · 待重评 overlay on the screens: its panel symbol and counts (what the last load found in
// the view: layer_counts does not count freshness), its legend. Its rings sit over risk points and
// hazard sources, whose own cards say why a review is due, so it has no card or tooltip of its own.
import { formatNumber, type Lang } from '../../app/i18n.ts'
import { createStore, useStore } from '../../app/store.ts'
import { STALE_RGB } from '../../domain/freshness.ts'
import { rgbCss } from '../../domain/levels.ts'
import { textsOf, type LayerUi } from '../ui/parts.ts'
import { MESSAGES } from './messages.ts'

/** What the last load found in the view (the panel's counts). */
export const staleInView = createStore({ risk_points: 0, hazard_sources: 0 })

/** The review period the legend names (freshness_settings.risk_point_review_months: 12 unless an admin changed it). */
export const REVIEW_MONTHS = 12

export function StaleRing({ double = false, size = 14 }: { double?: boolean; size?: number }) {
  const c = rgbCss(STALE_RGB)
  return (
    <svg class="sym" width={size} height={size} viewBox="0 0 20 20" aria-hidden="true">
      <circle cx="10" cy="10" r={double ? 5.5 : 7} fill="none" stroke={c} stroke-width="2.4" />
      {double && <circle cx="10" cy="10" r="8.8" fill="none" stroke={c} stroke-width="1.8" />}
    </svg>
  )
}

function StaleCountsLine({ lang }: { lang: Lang }) {
  const s = useStore(staleInView)
  const m = textsOf(MESSAGES, lang)
  return <span data-testid="stale-count-sub">{m('count.sub', { rp: formatNumber(s.risk_points, lang), hs: formatNumber(s.hazard_sources, lang) })}</span>
}

export const staleUi: LayerUi = {
  messages: MESSAGES,
  detailKinds: [],
  symbol: () => <StaleRing double />,
  count: (_counts, { lang }) => {
    const s = staleInView.get()
    return { main: formatNumber(s.risk_points + s.hazard_sources, lang), sub: <StaleCountsLine lang={lang} /> }
  },
  legend: ({ lang, audience }) => {
    if (audience === 'public') return null
    const m = textsOf(MESSAGES, lang)
    return {
      title: m('legend.title'),
      blocks: [
        {
          items: [
            { key: 'hs', testid: 'legend-stale-sources', symbol: (size?: number) => <StaleRing double size={size} />, label: m('legend.sources') },
            {
              key: 'rp',
              testid: 'legend-stale-points',
              symbol: (size?: number) => <StaleRing size={size} />,
              label: m('legend.points', { months: REVIEW_MONTHS }),
            },
          ],
        },
      ],
      note: { text: m('legend.note') },
    }
  },
  card: () => null,
  tooltip: () => null,
}
