// The protective-target layer on the screens (staff): count, legend of the classes (the wall
// lists them in incident mode, as dots), the card and the tooltip.
import { formatNumber } from '../../app/i18n.ts'
import { PROTECTIVE_CLASSES, protectiveClassById } from '../../domain/categories.ts'
import { rgbCss } from '../../domain/levels.ts'
import { ProtectiveRing } from '../ui/symbols.tsx'
import { nm, pick, Row } from '../ui/card.tsx'
import { textsOf, type LayerUi } from '../ui/parts.ts'
import { MESSAGES } from './messages.ts'

export const protectiveTargetsUi: LayerUi = {
  messages: MESSAGES,
  detailKinds: ['protective_targets'],
  symbol: () => <ProtectiveRing classCode={1} />,
  count: (counts, { lang }) => ({ main: formatNumber(counts.protective_targets ?? null, lang) }),
  legend: ({ lang, audience, wall }) => {
    const m = textsOf(MESSAGES, lang)
    if (audience === 'public') return null
    if (audience === 'wall') {
      // the wall draws the targets inside an incident's rings only
      if (!wall?.incident) return null
      return {
        title: m('legend.wall'),
        blocks: [
          {
            items: PROTECTIVE_CLASSES.map((c) => ({
              key: c.id,
              symbol: () => <span class="wall-class-dot" style={{ background: rgbCss(c.rgb) }} />,
              label: c[lang],
            })),
          },
        ],
      }
    }
    return {
      title: m('legend.title'),
      blocks: [
        {
          items: PROTECTIVE_CLASSES.map((c) => ({
            key: c.id,
            testid: `legend-class-${c.id}`,
            symbol: (size?: number) => <ProtectiveRing classCode={c.code} size={size} />,
            label: c[lang],
          })),
        },
      ],
    }
  },
  card: (d, { t, lang }) => {
    if (d.kind !== 'protective_targets') return null
    const m = textsOf(MESSAGES, lang)
    const p = d.data
    const c = protectiveClassById(p.target_class)
    return {
      icon: <ProtectiveRing classCode={c?.code ?? 1} size={14} />,
      title: p.name,
      rows: (
        <>
          <Row label={m('field.class')}>
            <span class="badge badge-outline" data-testid="detail-class" style={{ borderColor: c ? rgbCss(c.rgb) : '#888', color: c ? rgbCss(c.rgb) : '#888' }}>
              {nm(c, lang) ?? p.target_class}
            </span>
          </Row>
          <Row label={t('field.type')}>{pick(p.type_name, p.type_name_en, lang)}</Row>
          <Row label={m('field.population')}>{p.population != null ? t('unit.people', { n: formatNumber(p.population, lang) }) : null}</Row>
          <Row label={t('field.area')}>{p.area_name}</Row>
        </>
      ),
    }
  },
  tooltip: (d, lang) => {
    if (d.kind !== 'protective_targets') return null
    return {
      kind: d.kind,
      name: d.data.name,
      badge: nm(protectiveClassById(d.data.target_class), lang),
      level: null,
      type: pick(d.data.type_name, d.data.type_name_en, lang),
    }
  },
}
