// Legend (bottom-right): every colour with its name, for the layers that are on.
import { useState } from 'preact/hooks'
import type { OneMapController } from './controller.ts'
import { useStore } from '../../app/store.ts'
import { useI18n } from '../../app/i18n.ts'
import { MAJOR_GRADES, RISK_LEVELS, rgbCss } from '../../domain/levels.ts'
import { AREA_RISK_FILL_OPACITY } from '../../map/layers/areaRisk.ts'
import { DANGER_STATUSES, PROTECTIVE_CLASSES, RESOURCE_TYPES } from '../../domain/categories.ts'
import { AreaSwatch, DangerTriangle, Diamond, LevelDot, ParkSwatch, ProtectiveRing, ResourceBadge } from './Symbols.tsx'

export function Legend({ ctl }: { ctl: OneMapController }) {
  const s = useStore(ctl.store)
  const { t, lang } = useI18n()
  const [userOpen, setOpen] = useState(true)
  // the legend folds away while a detail card is open (they share the right side) and comes back after
  const open = userOpen && s.selection.status === 'idle'
  const v = s.visible
  const full = s.mode === 'full'

  return (
    <div class={`legend ${open ? '' : 'legend-closed'}`} data-testid="legend">
      <button type="button" class="legend-head" onClick={() => setOpen(!userOpen)} aria-expanded={open} data-testid="legend-toggle">
        {t('legend.title')} <span class="chev">{open ? '▾' : '▴'}</span>
      </button>
      {open && (
        <div class="legend-body">
          {v.risk_points && (
            <div class="legend-group">
              <div class="legend-title">{t('legend.riskLevels')}</div>
              {RISK_LEVELS.map((l) => (
                <div class="legend-item" key={l.level} data-testid={`legend-level-${l.level}`}>
                  <LevelDot level={l.level} />
                  <span>{l[lang]}</span>
                </div>
              ))}
              <div class="legend-note">{full ? t('legend.cellCount') : t('legend.approximate')}</div>
            </div>
          )}
          {v.hazard_sources && (
            <div class="legend-group">
              <div class="legend-title">{t('legend.majorHazards')}</div>
              <div class="legend-row">
                {MAJOR_GRADES.map((g) => (
                  <div class="legend-item" key={g.grade} data-testid={`legend-grade-${g.grade}`}>
                    <Diamond grade={g.grade} />
                    <span>{g[lang]}</span>
                  </div>
                ))}
              </div>
              {full && (
                <div class="legend-item" data-testid="legend-hazard-nonmajor">
                  <Diamond major={false} />
                  <span>{t('legend.nonMajor')}</span>
                </div>
              )}
            </div>
          )}
          {full && v.hidden_dangers && (
            <div class="legend-group">
              <div class="legend-title">{t('legend.dangerStatus')}</div>
              <div class="legend-grid">
                {DANGER_STATUSES.map((st) => (
                  <div class="legend-item" key={st.id} data-testid={`legend-status-${st.id}`}>
                    <DangerTriangle status={st.index} />
                    <span>{st[lang]}</span>
                  </div>
                ))}
              </div>
              <div class="legend-item" data-testid="legend-overdue">
                <DangerTriangle status={2} overdue />
                <span>{t('legend.overdue')}</span>
              </div>
            </div>
          )}
          {full && v.protective_targets && (
            <div class="legend-group">
              <div class="legend-title">{t('legend.protective')}</div>
              {PROTECTIVE_CLASSES.map((c) => (
                <div class="legend-item" key={c.id} data-testid={`legend-class-${c.id}`}>
                  <ProtectiveRing classCode={c.code} />
                  <span>{c[lang]}</span>
                </div>
              ))}
            </div>
          )}
          {v.emergency_resources && (
            <div class="legend-group">
              <div class="legend-title">{t('legend.resources')}</div>
              <div class="legend-grid">
                {RESOURCE_TYPES.filter((r) => full || r.id === 'shelter' || r.id === 'hospital' || r.id === 'fire_station').map((r) => (
                  <div class="legend-item" key={r.id} data-testid={`legend-resource-${r.id}`}>
                    <ResourceBadge type={r.id} size={15} />
                    <span>{r[lang]}</span>
                  </div>
                ))}
              </div>
            </div>
          )}
          {v.area_risk && (
            <div class="legend-group" data-testid="legend-area-risk">
              <div class="legend-title">{t('legend.areaRisk')}</div>
              <div class="legend-grid">
                {RISK_LEVELS.map((l) => (
                  <div class="legend-item" key={l.level} data-testid={`legend-area-level-${l.level}`}>
                    <span class="sym sym-area-risk" aria-hidden="true" style={{ background: rgbCss(l.rgb, AREA_RISK_FILL_OPACITY), borderColor: rgbCss(l.rgb) }} />
                    <span>{l[lang]}</span>
                  </div>
                ))}
                <div class="legend-item">
                  <span class="sym sym-area-risk" aria-hidden="true" style={{ background: 'rgba(196,204,212,.35)', borderColor: '#c4ccd4' }} />
                  <span>{t('legend.areaNone')}</span>
                </div>
              </div>
              <div class="legend-note" data-testid="legend-area-note">{t('legend.areaRiskNote')}</div>
            </div>
          )}
          {(v.chemical_parks || v.areas) && (
            <div class="legend-group legend-row">
              {v.chemical_parks && (
                <div class="legend-item">
                  <ParkSwatch />
                  <span>{t('legend.park')}</span>
                </div>
              )}
              {v.areas && (
                <div class="legend-item">
                  <AreaSwatch />
                  <span>{t('legend.district')}</span>
                </div>
              )}
            </div>
          )}
        </div>
      )}
    </div>
  )
}
