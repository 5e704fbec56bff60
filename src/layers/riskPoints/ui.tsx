// The risk-point layer on the screens: panel symbol and counts per level, legend of the four
// levels, the card (staff: the assessment; public: level, area and advice) and the tooltip.
import { formatNumber } from '../../app/i18n.ts'
import { levelName, RISK_LEVELS } from '../../domain/levels.ts'
import { ASSESSMENT_METHODS } from '../../domain/categories.ts'
import { currentLevelReasonText } from '../../domain/freshness.ts'
import { LevelDot } from '../ui/symbols.tsx'
import { fmtDate, LevelBadge, levelBadgeStyle, nm, num, pick, Row } from '../ui/card.tsx'
import { textsOf, type LayerUi } from '../ui/parts.ts'
import { MESSAGES } from './messages.ts'
import '../ui/freshness.css'
import { RiskPointReview } from './review.tsx'

export const riskPointsUi: LayerUi = {
  messages: MESSAGES,
  detailKinds: ['risk_points', 'public_risk'],
  symbol: () => <LevelDot level={1} />,
  count: (counts, { lang }) => {
    const rp = counts.risk_points ?? {}
    const n = (v: number | undefined | null) => formatNumber(v ?? null, lang)
    const total = RISK_LEVELS.reduce((a, l) => a + (Number(rp[String(l.level) as '1']) || 0), 0)
    return {
      main: n(total),
      sub: (
        <div class="level-counts" data-testid="count-risk-levels">
          {RISK_LEVELS.map((l) => (
            <span key={l.level} class="level-count" data-testid={`count-level-${l.level}`} title={l[lang]} style={levelBadgeStyle(l.level)}>
              {l[lang].replace('风险', '')} {n(rp[String(l.level) as '1'] ?? 0)}
            </span>
          ))}
        </div>
      ),
    }
  },
  legend: ({ lang, audience }) => {
    const m = textsOf(MESSAGES, lang)
    const wall = audience === 'wall'
    return {
      title: m(wall ? 'legend.wall' : 'legend.title'),
      blocks: [
        {
          items: RISK_LEVELS.map((l) => ({
            key: l.level,
            testid: `legend-level-${l.level}`,
            symbol: (size?: number) => <LevelDot level={l.level} size={size === undefined ? undefined : size * 0.8} />,
            label: l[lang],
          })),
        },
      ],
      note: wall ? undefined : { text: m(audience === 'public' ? 'legend.approximate' : 'legend.cellCount') },
    }
  },
  card: (d, { t, lang }) => {
    const m = textsOf(MESSAGES, lang)
    if (d.kind === 'risk_points') {
      const r = d.data
      const reason = currentLevelReasonText(r.current_level_reason, lang)
      const inputs = r.method === 'matrix' ? `${r.matrix_l ?? '—'} × ${r.matrix_s ?? '—'}` : `${r.lec_l ?? '—'} × ${r.lec_e ?? '—'} × ${r.lec_c ?? '—'}`
      return {
        icon: <LevelDot level={r.current_level ?? r.level} size={14} />,
        title: r.name,
        rows: (
          <>
            <Row label={t('field.level')}>
              <LevelBadge level={r.current_level ?? r.level} lang={lang} />
            </Row>
            {r.current_level != null && r.current_level !== r.level && (
              <>
                <Row label={m('field.assessedLevel')} testid="detail-assessed-level">
                  {levelName(r.level, lang)}
                </Row>
                <Row label={m('field.currentLevel')} testid="detail-current-level">
                  {`${levelName(r.current_level, lang)}${reason ? (lang === 'zh' ? `（${reason}）` : ` (${reason})`) : ''}`}
                </Row>
              </>
            )}
            <Row label={m('field.category')}>{pick(r.category_name, r.category_name_en, lang)}</Row>
            <Row label={m('field.method')}>{nm(ASSESSMENT_METHODS[r.method], lang)}</Row>
            <Row label={r.method === 'matrix' ? m('field.matrix') : m('field.lec')}>{inputs}</Row>
            <Row label={m('field.score')} testid="detail-score">
              {num(r.score, lang, 1)}
            </Row>
            <Row label={t('field.enterprise')}>{r.enterprise_name}</Row>
            <Row label={t('field.area')}>{r.area_name}</Row>
            <Row label={m('field.assessed')}>{[r.assessed_by, fmtDate(r.assessed_at, lang)].filter(Boolean).join(' · ') || null}</Row>
            <Row label={m('field.review')} testid="detail-review">
              {r.review_due === undefined ? null : r.review_due ? (
                <span class="badge badge-stale" data-testid="detail-review-due">
                  {r.review_due_on ? m('review.due', { on: fmtDate(r.review_due_on, lang) ?? '' }) : m('review.dueNever')}
                </span>
              ) : (
                r.review_due_on && m('review.until', { on: fmtDate(r.review_due_on, lang) ?? '' })
              )}
            </Row>
            {r.review_due !== undefined && <RiskPointReview id={r.id} due={r.review_due} />}
          </>
        ),
      }
    }
    if (d.kind === 'public_risk') {
      const r = d.data
      return {
        icon: <LevelDot level={r.level} size={14} />,
        title: pick(r.category_name, r.category_name_en, lang) ?? '',
        rows: (
          <>
            <Row label={t('field.level')}>
              <LevelBadge level={r.level} lang={lang} />
            </Row>
            <Row label={t('field.area')}>{r.area_name}</Row>
            <Row label={m('field.advice')}>{r.public_advice}</Row>
            <Row label={t('field.location')}>{t('field.approx')}</Row>
          </>
        ),
      }
    }
    return null
  },
  tooltip: (d, lang) => {
    if (d.kind === 'risk_points') {
      const r = d.data
      const level = r.current_level ?? r.level
      return {
        kind: d.kind,
        name: r.name,
        badge: levelName(level, lang),
        level,
        badgeStyle: levelBadgeStyle(level),
        type: pick(r.category_name, r.category_name_en, lang),
      }
    }
    if (d.kind === 'public_risk') {
      const r = d.data
      return {
        kind: d.kind,
        name: pick(r.category_name, r.category_name_en, lang) ?? '',
        badge: levelName(r.level, lang),
        level: r.level,
        badgeStyle: levelBadgeStyle(r.level),
        type: r.area_name ?? null,
      }
    }
    return null
  },
}
