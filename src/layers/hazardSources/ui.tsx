// The hazard-source layer on the screens: count (staff: all and major; the public: major), the
// legend of the GB 18218 grades, the card (staff: grading, inventory, what-if and distances; the
// public: grade and advised distance) and the tooltip.
import { formatNumber } from '../../app/i18n.ts'
import { majorGradeName, MAJOR_GRADES } from '../../domain/levels.ts'
import { protectiveClassById, UNIT_TYPES } from '../../domain/categories.ts'
import { Diamond } from '../ui/symbols.tsx'
import { GradeBadge, gradeBadgeStyle, nm, num, Row } from '../ui/card.tsx'
import { textsOf, type LayerUi } from '../ui/parts.ts'
import { MESSAGES } from './messages.ts'
import { SourceFreshnessBlock } from './freshness.tsx'
import { WhatIfEditor } from './whatIf.tsx'
import { MonitoringSection } from '../monitoring/MonitoringSection.tsx'

export const hazardSourcesUi: LayerUi = {
  messages: MESSAGES,
  detailKinds: ['hazard_sources', 'public_hazard'],
  symbol: () => <Diamond grade={1} />,
  count: (counts, { lang, t, audience }) => {
    const n = (v: number | undefined | null) => formatNumber(v ?? null, lang)
    if (audience === 'public') return { main: n(counts.major_hazards) }
    return {
      main: n(counts.hazard_sources?.total),
      sub: (
        <div class="sub-counts" data-testid="count-hazard-major">
          {t('count.major', { n: n(counts.hazard_sources?.major) })}
        </div>
      ),
    }
  },
  legend: ({ lang, audience }) => {
    const m = textsOf(MESSAGES, lang)
    const grades = MAJOR_GRADES.map((g) => ({
      key: g.grade,
      testid: audience === 'wall' ? undefined : `legend-grade-${g.grade}`,
      symbol: (size?: number) => <Diamond grade={g.grade} size={size} />,
      label: g[lang],
    }))
    if (audience === 'wall') return { title: m('legend.wall'), blocks: [{ items: grades }] }
    return {
      title: m('legend.title'),
      blocks: [
        { layout: 'row', items: grades },
        // the public sees major hazard sources only
        ...(audience === 'public'
          ? []
          : [
              {
                items: [
                  {
                    key: 'nonmajor',
                    testid: 'legend-hazard-nonmajor',
                    symbol: (size?: number) => <Diamond major={false} size={size} />,
                    label: m('legend.nonMajor'),
                  },
                ],
              },
            ]),
      ],
    }
  },
  card: (d, { t, lang }) => {
    const m = textsOf(MESSAGES, lang)
    if (d.kind === 'hazard_sources') {
      const h = d.data
      return {
        icon: <Diamond grade={h.major_grade} major={h.is_major} size={16} />,
        title: h.name,
        rows: (
          <>
            <Row label={m('field.majorGrade')}>
              {h.is_major ? <GradeBadge grade={h.major_grade} lang={lang} /> : <span data-testid="detail-grade">{m('field.notMajor')}</span>}
            </Row>
            <Row label={t('field.enterprise')}>{h.enterprise_name}</Row>
            <Row label={m('field.unitType')}>{nm(UNIT_TYPES[h.unit_type], lang)}</Row>
            <Row label={t('field.area')}>{h.area_name}</Row>
            <Row label={m('field.exposed')}>{h.exposed_population != null ? t('unit.people', { n: formatNumber(h.exposed_population, lang) }) : null}</Row>
            <Row label={m('field.sValue')}>{num(h.s_value, lang)}</Row>
            <Row label={m('field.alpha')}>{num(h.alpha, lang, 1)}</Row>
            <Row label={m('field.rValue')}>{num(h.r_value, lang, 1)}</Row>
            <MonitoringSection key={`mon-${h.id}`} hazardSourceId={h.id} lang={lang} />
            {h.inventory && h.inventory.length > 0 && (
              <div class="detail-table" data-testid="detail-inventory">
                <div class="detail-table-title">{m('field.inventory')}</div>
                <table>
                  <thead>
                    <tr>
                      <th>{m('field.substance')}</th>
                      <th class="num">{m('field.quantity')}</th>
                      <th class="num">{m('field.critical')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {h.inventory.map((i) => (
                      <tr key={i.substance}>
                        <td>{i.substance}</td>
                        <td class="num">{formatNumber(i.quantity_t, lang, 2)}</td>
                        <td class="num">{formatNumber(i.critical_t, lang, 2)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {h.freshness && <SourceFreshnessBlock key={`fresh-${h.id}`} id={h.id} initial={h.freshness} />}
            <WhatIfEditor key={h.id} h={h} />
            {h.distances && h.distances.length > 0 && (
              <div class="detail-table" data-testid="detail-distances">
                <div class="detail-table-title">{m('field.distances')}</div>
                <table>
                  <tbody>
                    {h.distances.map((x) => (
                      <tr key={x.target_class}>
                        <td>{nm(protectiveClassById(x.target_class), lang) ?? x.target_class}</td>
                        <td class="num">{t('unit.metres', { n: formatNumber(x.required_m, lang) })}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        ),
      }
    }
    if (d.kind === 'public_hazard') {
      const h = d.data
      return {
        icon: <Diamond grade={h.major_grade} size={16} />,
        title: h.enterprise_name,
        rows: (
          <>
            <Row label={m('field.majorGrade')}>
              <GradeBadge grade={h.major_grade} lang={lang} />
            </Row>
            <Row label={m('field.adviceDistance')}>{h.advice_distance_m != null ? t('unit.metres', { n: formatNumber(h.advice_distance_m, lang) }) : null}</Row>
            <Row label={t('field.location')}>{t('field.approx')}</Row>
          </>
        ),
      }
    }
    return null
  },
  tooltip: (d, lang) => {
    if (d.kind === 'hazard_sources') {
      const h = d.data
      return {
        kind: d.kind,
        name: h.name,
        badge: h.is_major ? majorGradeName(h.major_grade, lang) : null,
        level: h.is_major ? h.major_grade : null,
        badgeStyle: h.is_major && h.major_grade != null ? gradeBadgeStyle(h.major_grade) : undefined,
        type: [h.enterprise_name, nm(UNIT_TYPES[h.unit_type], lang)].filter(Boolean).join(' · ') || null,
      }
    }
    if (d.kind === 'public_hazard') {
      const h = d.data
      return {
        kind: d.kind,
        name: h.enterprise_name,
        badge: majorGradeName(h.major_grade, lang),
        level: h.major_grade,
        badgeStyle: h.major_grade != null ? gradeBadgeStyle(h.major_grade) : undefined,
        type: null,
      }
    }
    return null
  },
}
