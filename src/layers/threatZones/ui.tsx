// The threat-zone layer on the screens: the wall only, in incident mode. Its zones are model
// estimates drawn from the scenario being edited, not features: no card, tooltip or count. Its
// legend group (zone colours) is for a legend that shows it; the wall's corner legend does not
// (the threat-zone panel beside the map explains the zones), so it asks with threatZones: false.
import type { ZoneLevel } from '../../domain/threatZones.ts'
import { rgbCss } from '../../domain/levels.ts'
import { textsOf, type LayerUi } from '../ui/parts.ts'
import { ZONE_RGB } from './layer.ts'
import { MESSAGES } from './messages.ts'

const LEVELS: readonly ZoneLevel[] = ['darkred', 'red', 'orange', 'yellow']

const swatch = (level: ZoneLevel, size = 12) => (
  <span
    class="sym sym-area-risk"
    aria-hidden="true"
    style={{ width: size, height: size, background: rgbCss(ZONE_RGB[level], 0.5), borderColor: rgbCss(ZONE_RGB[level]) }}
  />
)

export const threatZonesUi: LayerUi = {
  messages: MESSAGES,
  detailKinds: [],
  symbol: () => swatch('red'),
  count: () => ({}),
  legend: ({ lang, audience, wall }) => {
    if (audience !== 'wall' || !wall?.threatZones) return null
    const m = textsOf(MESSAGES, lang)
    return {
      title: m('legend.title'),
      blocks: [{ items: LEVELS.map((l) => ({ key: l, symbol: (size?: number) => swatch(l, size), label: m(`zone.${l}`) })) }],
    }
  },
  card: () => null,
  tooltip: () => null,
}
