// The emergency-resource layer on the screens: count, legend of the resource types (the public:
// shelters, hospitals and fire stations), the card (the public's without duty phone) and tooltip.
import { formatNumber } from '../../app/i18n.ts'
import { RESOURCE_TYPES, resourceTypeById } from '../../domain/categories.ts'
import { ResourceBadge } from '../ui/symbols.tsx'
import { nm, Row } from '../ui/card.tsx'
import { textsOf, type LayerUi } from '../ui/parts.ts'
import { MESSAGES } from './messages.ts'

/** The resource types the public is shown. */
const PUBLIC_TYPES = new Set(['shelter', 'hospital', 'fire_station'])

export const emergencyResourcesUi: LayerUi = {
  messages: MESSAGES,
  detailKinds: ['emergency_resources', 'public_resource'],
  symbol: () => <ResourceBadge type="fire_station" size={15} />,
  count: (counts, { lang }) => ({ main: formatNumber(counts.emergency_resources ?? null, lang) }),
  legend: ({ lang, audience }) => {
    const m = textsOf(MESSAGES, lang)
    const wall = audience === 'wall'
    return {
      title: m(wall ? 'legend.wall' : 'legend.title'),
      blocks: [
        {
          layout: wall ? undefined : 'grid',
          items: RESOURCE_TYPES.filter((r) => audience !== 'public' || PUBLIC_TYPES.has(r.id)).map((r) => ({
            key: r.id,
            testid: wall ? undefined : `legend-resource-${r.id}`,
            symbol: (size?: number) => <ResourceBadge type={r.id} size={size ?? 15} />,
            label: r[lang],
          })),
        },
      ],
    }
  },
  card: (d, { t, lang }) => {
    if (d.kind !== 'emergency_resources' && d.kind !== 'public_resource') return null
    const m = textsOf(MESSAGES, lang)
    const e = d.data
    const rt = resourceTypeById(e.resource_type)
    const unit = 'capacity_unit' in e ? e.capacity_unit : null
    return {
      icon: <ResourceBadge type={e.resource_type} size={16} />,
      title: e.name,
      rows: (
        <>
          <Row label={t('field.type')}>{nm(rt, lang) ?? e.resource_type}</Row>
          <Row label={m('field.capacity')}>{e.capacity != null ? `${formatNumber(e.capacity, lang)}${unit ? ` ${unit}` : ''}` : null}</Row>
          {'duty_phone' in e && <Row label={m('field.dutyPhone')}>{e.duty_phone}</Row>}
          {'area_name' in e && <Row label={t('field.area')}>{e.area_name}</Row>}
        </>
      ),
    }
  },
  tooltip: (d, lang) => {
    if (d.kind !== 'emergency_resources' && d.kind !== 'public_resource') return null
    return { kind: d.kind, name: d.data.name, badge: null, level: null, type: nm(resourceTypeById(d.data.resource_type), lang) }
  },
}
