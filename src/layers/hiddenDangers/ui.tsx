// The hidden-danger layer on the screens (staff and the wall): open / overdue / major counts, the
// legend of the statuses (the wall: open, overdue, just changed), the card and the tooltip.
import { formatNumber } from '../../app/i18n.ts'
import { DANGER_STATUSES, dangerStatusById, LISTING_LEVELS, OVERDUE_RGB, SEVERITIES } from '../../domain/categories.ts'
import { rgbCss } from '../../domain/levels.ts'
import { DangerTriangle } from '../ui/symbols.tsx'
import { fmtDate, nm, Row } from '../ui/card.tsx'
import { textsOf, type LayerUi } from '../ui/parts.ts'
import { MESSAGES } from './messages.ts'

export const hiddenDangersUi: LayerUi = {
  messages: MESSAGES,
  detailKinds: ['hidden_dangers'],
  symbol: () => <DangerTriangle status={2} overdue />,
  count: (counts, { lang, t }) => {
    const n = (v: number | undefined | null) => formatNumber(v ?? null, lang)
    return {
      main: n(counts.hidden_dangers?.open),
      sub: (
        <div class="sub-counts">
          <span class="overdue-count" data-testid="count-dangers-overdue">
            {t('count.overdue', { n: n(counts.hidden_dangers?.overdue) })}
          </span>
          <span data-testid="count-dangers-major">{t('count.majorDangers', { n: n(counts.hidden_dangers?.major) })}</span>
        </div>
      ),
    }
  },
  legend: ({ lang, audience, wall }) => {
    const m = textsOf(MESSAGES, lang)
    if (audience === 'public') return null
    if (audience === 'wall') {
      if (wall?.incident) return null
      return {
        title: m('legend.wall'),
        blocks: [
          {
            items: [
              { key: 'open', symbol: (size?: number) => <DangerTriangle status={2} size={size} />, label: m('legend.wallOpen') },
              { key: 'overdue', symbol: (size?: number) => <DangerTriangle status={2} overdue size={size} />, label: m('legend.wallOverdue') },
              {
                key: 'changed',
                symbol: (size?: number) => <span class="wall-legend-pulse" style={{ width: size, height: size }} />,
                label: m('legend.wallChanged'),
              },
            ],
          },
        ],
      }
    }
    return {
      title: m('legend.title'),
      blocks: [
        {
          layout: 'grid',
          items: DANGER_STATUSES.map((st) => ({
            key: st.id,
            testid: `legend-status-${st.id}`,
            symbol: (size?: number) => <DangerTriangle status={st.index} size={size} />,
            label: st[lang],
          })),
        },
        {
          items: [
            {
              key: 'overdue',
              testid: 'legend-overdue',
              symbol: (size?: number) => <DangerTriangle status={2} overdue size={size} />,
              label: m('legend.overdue'),
            },
          ],
        },
      ],
    }
  },
  card: (d, { t, lang }) => {
    if (d.kind !== 'hidden_dangers') return null
    const m = textsOf(MESSAGES, lang)
    const h = d.data
    const st = dangerStatusById(h.status)
    return {
      icon: <DangerTriangle status={st?.index ?? 0} overdue={h.overdue} size={16} />,
      title: h.title,
      rows: (
        <>
          <Row label={m('field.status')}>
            <span class="badge" data-testid="detail-status" style={{ background: st ? rgbCss(st.rgb) : '#888', color: '#fff' }}>
              {nm(st, lang) ?? h.status}
            </span>
            {h.overdue && (
              <span class="badge" data-testid="detail-overdue" style={{ background: rgbCss(OVERDUE_RGB), color: '#fff', marginLeft: '6px' }}>
                {m('field.overdueYes')}
              </span>
            )}
          </Row>
          <Row label={m('field.severity')}>{h.severity ? nm(SEVERITIES[h.severity], lang) : null}</Row>
          <Row label={m('field.listing')} testid="detail-listing">
            {h.listing_level
              ? [nm(LISTING_LEVELS[h.listing_level], lang), fmtDate(h.listing_date, lang), h.supervising_office].filter(Boolean).join(' · ')
              : null}
          </Row>
          <Row label={m('field.deadline')}>{fmtDate(h.deadline, lang)}</Row>
          <Row label={m('field.foundAt')}>{fmtDate(h.found_at, lang)}</Row>
          <Row label={m('field.closedAt')}>{fmtDate(h.closed_at, lang)}</Row>
          <Row label={t('field.enterprise')}>{h.enterprise_name}</Row>
          <Row label={t('field.area')}>{h.area_name}</Row>
          <Row label={m('field.description')}>{h.description}</Row>
        </>
      ),
    }
  },
  tooltip: (d, lang) => {
    if (d.kind !== 'hidden_dangers') return null
    const status = nm(dangerStatusById(d.data.status), lang)
    const sev = d.data.severity ? nm(SEVERITIES[d.data.severity], lang) : null
    return { kind: d.kind, name: d.data.title, badge: status, level: null, type: sev }
  },
}
