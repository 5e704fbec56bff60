// The card of an area clicked on the area risk map: its effective level (colour AND name), the
// risk points per colour, and — signed in — major hazards per grade, open/overdue hidden dangers
// and, when an area assessment overrides the computed level, "（人工评定）" with its reason.
import type { OneMapController } from './controller.ts'
import { useStore } from '../../app/store.ts'
import { formatNumber, useI18n } from '../../app/i18n.ts'
import { levelCss, levelName, levelTextCss, MAJOR_GRADES, majorGradeRgb, rgbCss, RISK_LEVELS } from '../../domain/levels.ts'

export function AreaCard({ ctl }: { ctl: OneMapController }) {
  const code = useStore(ctl.store, (s) => s.areaSelected)
  const summary = useStore(ctl.store, (s) => s.areaRisk)
  const { t, lang } = useI18n()
  const a = code ? summary?.find((x) => x.code === code) : undefined
  if (!a) return null
  const lvl = a.level ?? 0
  const n = (v: number | undefined) => formatNumber(v ?? 0, lang)
  return (
    <div class="area-card" data-testid="area-card" data-code={a.code} data-level={lvl} style={{ borderLeftColor: lvl ? levelCss(lvl) : '#c4ccd4' }}>
      <button type="button" class="detail-close" title={t('area.close')} data-testid="area-card-close" onClick={() => ctl.closeAreaCard()}>
        ×
      </button>
      <h3 data-testid="area-card-name">{lang === 'en' ? (a.name_en ?? a.name) : a.name}</h3>
      <div class="area-card-row">
        <span class="k">{t('field.level')}</span>
        {lvl ? (
          <span class="badge" data-testid="area-card-level" data-level={lvl} style={{ background: levelCss(lvl), color: levelTextCss(lvl) }}>
            {levelName(lvl, lang)}
          </span>
        ) : (
          <span data-testid="area-card-level" data-level="0">
            {t('area.noRisk')}
          </span>
        )}
        {a.override && (
          <span class="area-override" data-testid="area-card-override">
            {t('area.override')}
          </span>
        )}
      </div>
      {a.override && (
        <div class="area-card-row" data-testid="area-card-reason">
          <span class="k">{t('area.overrideReason')}</span>
          <span>
            {a.override.reason}
            {a.highest_level ? ` · ${t('area.computed', { level: levelName(a.highest_level, lang) })}` : ''}
          </span>
        </div>
      )}
      <div class="area-card-row">
        <span class="k">{t('area.riskPoints')}</span>
        <div class="level-counts" data-testid="area-card-counts">
          {RISK_LEVELS.map((l) => (
            <span
              key={l.level}
              class="level-count"
              data-testid={`area-count-${l.level}`}
              data-count={a.risk_points[String(l.level) as '1'] ?? 0}
              title={l[lang]}
              style={{ background: levelCss(l.level), color: levelTextCss(l.level) }}
            >
              {l[lang].replace('风险', '')} {n(a.risk_points[String(l.level) as '1'])}
            </span>
          ))}
        </div>
      </div>
      {a.major_hazards && (
        <div class="area-card-row">
          <span class="k">{t('area.majorHazards')}</span>
          <div class="level-counts" data-testid="area-card-hazards">
            {MAJOR_GRADES.map((g) => (
              <span
                key={g.grade}
                class="level-count"
                data-testid={`area-hazard-${g.grade}`}
                style={{ background: rgbCss(majorGradeRgb(g.grade)), color: levelTextCss(g.grade) }}
              >
                {g[lang]} {n(a.major_hazards![String(g.grade) as '1'])}
              </span>
            ))}
          </div>
        </div>
      )}
      {a.hidden_dangers && (
        <div class="area-card-row" data-testid="area-card-dangers">
          <span class="k">{t('area.hiddenDangers')}</span>
          <span>{t('area.openOverdue', { open: n(a.hidden_dangers.open), overdue: n(a.hidden_dangers.overdue) })}</span>
        </div>
      )}
    </div>
  )
}
