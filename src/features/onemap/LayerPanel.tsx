// Left panel: search, layer toggles with live counts (layer_counts of the current view), filters.
import type { ComponentChildren } from 'preact'
import { useState } from 'preact/hooks'
import { LAYERS_BY_MODE, type LayerKey, type OneMapController } from './controller.ts'
import type { AreaLevelShown } from '../../map/layers/areas.ts'

const AREA_RISK_LEVELS: readonly AreaLevelShown[] = ['district', 'street', 'grid']
import { useStore } from '../../app/store.ts'
import { formatNumber, useI18n, type I18nKey } from '../../app/i18n.ts'
import { RISK_LEVELS, levelTextCss, levelCss } from '../../domain/levels.ts'
import { AreaRiskSwatch, AreaSwatch, DangerTriangle, Diamond, LevelDot, ParkSwatch, ProtectiveRing, ResourceBadge } from './Symbols.tsx'
import { SearchBox } from './SearchBox.tsx'

const LAYER_SYMBOL: Record<LayerKey, () => ComponentChildren> = {
  risk_points: () => <LevelDot level={1} />,
  hazard_sources: () => <Diamond grade={1} />,
  hidden_dangers: () => <DangerTriangle status={2} overdue />,
  protective_targets: () => <ProtectiveRing classCode={1} />,
  emergency_resources: () => <ResourceBadge type="fire_station" size={15} />,
  chemical_parks: () => <ParkSwatch />,
  areas: () => <AreaSwatch />,
  area_risk: () => <AreaRiskSwatch />,
  threat_zones: () => <AreaRiskSwatch />, // wall only: never in this panel
}

export function LayerPanel({ ctl }: { ctl: OneMapController }) {
  const s = useStore(ctl.store)
  const { t, lang } = useI18n()
  const [collapsed, setCollapsed] = useState(false)
  const counts = s.counts
  const isPublic = s.mode === 'public'
  const n = (v: number | undefined | null) => formatNumber(v ?? null, lang)

  const countFor = (key: LayerKey): { main?: string; sub?: ComponentChildren } => {
    if (!counts) return {}
    switch (key) {
      case 'risk_points': {
        const rp = counts.risk_points ?? {}
        const total = RISK_LEVELS.reduce((a, l) => a + (Number(rp[String(l.level) as '1']) || 0), 0)
        return {
          main: n(total),
          sub: (
            <div class="level-counts" data-testid="count-risk-levels">
              {RISK_LEVELS.map((l) => (
                <span
                  key={l.level}
                  class="level-count"
                  data-testid={`count-level-${l.level}`}
                  title={l[lang]}
                  style={{ background: levelCss(l.level), color: levelTextCss(l.level) }}
                >
                  {l[lang].replace('风险', '')} {n(rp[String(l.level) as '1'] ?? 0)}
                </span>
              ))}
            </div>
          ),
        }
      }
      case 'hazard_sources':
        if (isPublic) return { main: n(counts.major_hazards) }
        return {
          main: n(counts.hazard_sources?.total),
          sub: <div class="sub-counts" data-testid="count-hazard-major">{t('count.major', { n: n(counts.hazard_sources?.major) })}</div>,
        }
      case 'hidden_dangers':
        return {
          main: n(counts.hidden_dangers?.open),
          sub: (
            <div class="sub-counts">
              <span class="overdue-count" data-testid="count-dangers-overdue">{t('count.overdue', { n: n(counts.hidden_dangers?.overdue) })}</span>
              <span data-testid="count-dangers-major">{t('count.majorDangers', { n: n(counts.hidden_dangers?.major) })}</span>
            </div>
          ),
        }
      case 'protective_targets':
        return { main: n(counts.protective_targets) }
      case 'emergency_resources':
        return { main: n(counts.emergency_resources) }
      default:
        return {}
    }
  }

  if (collapsed) {
    return (
      <aside class="om-panel om-panel-collapsed" data-testid="layer-panel">
        <button type="button" class="btn btn-icon" title={t('panel.expand')} data-testid="panel-expand" onClick={() => setCollapsed(false)}>
          ›
        </button>
      </aside>
    )
  }

  const layerLabel = (key: LayerKey): string =>
    t((isPublic && key === 'hazard_sources' ? 'layer.major_hazards' : `layer.${key}`) as I18nKey)

  return (
    <aside class="om-panel" data-testid="layer-panel">
      <SearchBox ctl={ctl} isPublic={isPublic} />

      <section class="panel-section">
        <div class="section-head">
          <h2>{t('panel.layers')}</h2>
          <span class="section-note" data-testid="counts-status">
            {s.countsStatus === 'loading' ? t('count.loading') : s.countsStatus === 'error' ? t('count.error') : t('panel.inView')}
          </span>
          <button type="button" class="btn btn-icon" title={t('panel.collapse')} onClick={() => setCollapsed(true)}>
            ‹
          </button>
        </div>
        <ul class="layer-list">
          {LAYERS_BY_MODE[s.mode].map((key) => {
            const c = countFor(key)
            const status = s.layerStatus[key]
            return (
              <li key={key} class={`layer-row ${s.visible[key] ? '' : 'is-off'}`} data-testid={`layer-${key}`}>
                <label class="layer-toggle">
                  <input
                    type="checkbox"
                    checked={s.visible[key]}
                    data-testid={`toggle-${key}`}
                    onChange={(e) => ctl.setVisible(key, (e.target as HTMLInputElement).checked)}
                  />
                  <span class="layer-symbol">{LAYER_SYMBOL[key]()}</span>
                  <span class="layer-name">{layerLabel(key)}</span>
                  {status === 'loading' && <span class="spinner" aria-label={t('map.loading')} />}
                  {status === 'error' && (
                    <span class="layer-error" title={s.layerError[key]} data-testid={`error-${key}`}>
                      !
                    </span>
                  )}
                  {c.main !== undefined && (
                    <span class="layer-count" data-testid={`count-${key}`}>
                      {c.main}
                    </span>
                  )}
                </label>
                {c.sub && s.visible[key] && <div class="layer-sub">{c.sub}</div>}
                {key === 'area_risk' && s.visible.area_risk && (
                  <div class="layer-sub">
                    <label class="area-level-select">
                      <span>{t('area.levelSelect')}</span>
                      <select
                        data-testid="area-risk-level-select"
                        value={s.areaRiskLevel}
                        onChange={(e) => ctl.setAreaRiskLevel((e.target as HTMLSelectElement).value as AreaLevelShown)}
                      >
                        {AREA_RISK_LEVELS.map((l) => (
                          <option key={l} value={l}>
                            {t(`area.level.${l}` as I18nKey)}
                          </option>
                        ))}
                      </select>
                    </label>
                  </div>
                )}
              </li>
            )
          })}
        </ul>
      </section>

      <section class="panel-section" data-testid="filters">
        <div class="section-head">
          <h2>{t('panel.filters')}</h2>
          <button type="button" class="btn btn-link" data-testid="filter-reset" onClick={() => ctl.resetFilters()}>
            {t('filter.reset')}
          </button>
        </div>
        <div class="filter-label">{t('filter.levels')}</div>
        <div class="level-chips" role="group" aria-label={t('filter.levels')}>
          {RISK_LEVELS.map((l) => {
            const on = s.filters.levels.includes(l.level)
            return (
              <button
                type="button"
                key={l.level}
                class={`level-chip ${on ? 'on' : ''}`}
                aria-pressed={on}
                data-testid={`filter-level-${l.level}`}
                onClick={() => ctl.toggleLevel(l.level)}
              >
                <LevelDot level={l.level} size={10} />
                {l[lang]}
              </button>
            )
          })}
        </div>
        {!isPublic && (
          <label class="filter-field">
            <span class="filter-label">{t('filter.industry')}</span>
            <select
              data-testid="filter-industry"
              value={s.filters.industry ?? ''}
              onChange={(e) => ctl.setIndustry((e.target as HTMLSelectElement).value || null)}
            >
              <option value="">{t('filter.allIndustries')}</option>
              {s.industries.map((i) => (
                <option key={i.code} value={i.code}>
                  {lang === 'zh' ? i.name_zh : i.name_en}
                </option>
              ))}
            </select>
          </label>
        )}
        <label class="filter-field">
          <span class="filter-label">{t('filter.area')}</span>
          <select data-testid="filter-area" value={s.filters.area ?? ''} onChange={(e) => ctl.setArea((e.target as HTMLSelectElement).value || null)}>
            <option value="">{t('filter.allAreas')}</option>
            {s.districts.map((d) => (
              <option key={d.code} value={d.code}>
                {lang === 'zh' ? d.name : d.nameEn}
              </option>
            ))}
          </select>
        </label>
      </section>
    </aside>
  )
}
