// The warning areas on the screens: panel symbol and count (the warnings the last load found in
// the view: layer_counts does not count notices), and a one-line legend of the four warning
// colours with their names. No card or tooltip: the areas are not pickable, and the warnings'
// texts are in the warnings list (the public view) or the notice itself.
import { formatNumber } from '../../app/i18n.ts'
import { createStore } from '../../app/store.ts'
import { levelCss } from '../../domain/levels.ts'
import { WARNING_LEVEL_NAMES } from '../../domain/notices.ts'
import { textsOf, type LayerUi } from '../ui/parts.ts'
import { MESSAGES } from './messages.ts'

/** How many active warnings the last load found in the view. */
export const warningsInView = createStore({ n: 0 })

/** An area outlined in a warning's colour (level 1–4), over a faint wash of it. */
export function WarningOutline({ level, size = 16 }: { level: number; size?: number }) {
  const c = levelCss(level)
  return (
    <svg class="sym" width={size} height={size} viewBox="0 0 20 20" aria-hidden="true">
      <path d="M3 5 L10 2.5 L17 6 L16 16 L7 17.5 L3 12 Z" fill={c} fill-opacity="0.18" stroke={c} stroke-width="2.6" stroke-linejoin="round" />
    </svg>
  )
}

export const warningAreasUi: LayerUi = {
  messages: MESSAGES,
  detailKinds: [],
  symbol: () => <WarningOutline level={2} />,
  count: (_counts, { lang }) => {
    const m = textsOf(MESSAGES, lang)
    return { main: formatNumber(warningsInView.get().n, lang), sub: m('count.sub') }
  },
  legend: ({ lang }) => {
    const m = textsOf(MESSAGES, lang)
    return {
      title: m('legend.title'),
      blocks: [
        {
          layout: 'row',
          items: ([1, 2, 3, 4] as const).map((level) => ({
            key: level,
            testid: `legend-warning-${level}`,
            symbol: (size?: number) => <WarningOutline level={level} size={size} />,
            label: WARNING_LEVEL_NAMES[level][lang],
          })),
        },
      ],
    }
  },
  card: () => null,
  tooltip: () => null,
}
