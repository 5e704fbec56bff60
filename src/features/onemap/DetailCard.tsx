// The detail card of the clicked feature (feature_at / public_feature_at).
import type { ComponentChildren } from 'preact'
import { useEffect } from 'preact/hooks'
import type { OneMapController } from './controller.ts'
import { useStore } from '../../app/store.ts'
import { formatNumber, useI18n, type I18nKey, type Lang } from '../../app/i18n.ts'
import type { Detail } from '../../data/mapApi.ts'
import { levelCss, levelName, levelTextCss, majorGradeName, majorGradeRgb, rgbCss } from '../../domain/levels.ts'
import {
  ASSESSMENT_METHODS,
  dangerStatusById,
  LISTING_LEVELS,
  OVERDUE_RGB,
  protectiveClassById,
  RELOCATION_STATUSES,
  resourceTypeById,
  SEVERITIES,
  STANDARDIZATION_GRADES,
  UNIT_TYPES,
} from '../../domain/categories.ts'
import { DangerTriangle, Diamond, LevelDot, ProtectiveRing, ResourceBadge } from './Symbols.tsx'
import { WhatIfEditor } from './WhatIfEditor.tsx'
import { PendingReviewNote } from '../reviews/PendingReviewNote.tsx'

type T = (key: I18nKey, vars?: Record<string, string | number>) => string

function Row({ label, children, testid }: { label: string; children: ComponentChildren; testid?: string }) {
  if (children === null || children === undefined || children === '') return null
  return (
    <div class="detail-row" data-testid={testid}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  )
}

function LevelBadge({ level, lang }: { level: number; lang: Lang }) {
  return (
    <span class="badge" data-testid="detail-level" data-level={level} style={{ background: levelCss(level), color: levelTextCss(level) }}>
      {levelName(level, lang)}
    </span>
  )
}

function fmtDate(v: string | null | undefined, lang: Lang): string | null {
  if (!v) return null
  const d = new Date(v)
  if (Number.isNaN(d.getTime())) return v
  return d.toLocaleDateString(lang === 'zh' ? 'zh-CN' : 'en-GB', { year: 'numeric', month: '2-digit', day: '2-digit' })
}

function pick(zh: string | null | undefined, en: string | null | undefined, lang: Lang): string | null {
  return (lang === 'en' && en) || zh || null
}

function num(v: number | null | undefined, lang: Lang, digits = 2): string | null {
  return v === null || v === undefined ? null : formatNumber(Number(v), lang, digits)
}

function body(d: Detail, t: T, lang: Lang): { icon: ComponentChildren; title: string; rows: ComponentChildren } {
  const nm = (v: { zh: string; en: string } | undefined) => (v ? v[lang] : null)
  switch (d.kind) {
    case 'risk_points': {
      const r = d.data
      const inputs = r.method === 'matrix' ? `${r.matrix_l ?? '—'} × ${r.matrix_s ?? '—'}` : `${r.lec_l ?? '—'} × ${r.lec_e ?? '—'} × ${r.lec_c ?? '—'}`
      return {
        icon: <LevelDot level={r.level} size={14} />,
        title: r.name,
        rows: (
          <>
            <Row label={t('field.level')}><LevelBadge level={r.level} lang={lang} /></Row>
            <Row label={t('field.category')}>{pick(r.category_name, r.category_name_en, lang)}</Row>
            <Row label={t('field.method')}>{nm(ASSESSMENT_METHODS[r.method])}</Row>
            <Row label={r.method === 'matrix' ? t('field.matrix') : t('field.lec')}>{inputs}</Row>
            <Row label={t('field.score')} testid="detail-score">{num(r.score, lang, 1)}</Row>
            <Row label={t('field.enterprise')}>{r.enterprise_name}</Row>
            <Row label={t('field.area')}>{r.area_name}</Row>
            <Row label={t('field.assessed')}>{[r.assessed_by, fmtDate(r.assessed_at, lang)].filter(Boolean).join(' · ') || null}</Row>
          </>
        ),
      }
    }
    case 'hidden_dangers': {
      const h = d.data
      const st = dangerStatusById(h.status)
      return {
        icon: <DangerTriangle status={st?.index ?? 0} overdue={h.overdue} size={16} />,
        title: h.title,
        rows: (
          <>
            <Row label={t('field.status')}>
              <span class="badge" data-testid="detail-status" style={{ background: st ? rgbCss(st.rgb) : '#888', color: '#fff' }}>
                {nm(st) ?? h.status}
              </span>
              {h.overdue && (
                <span class="badge" data-testid="detail-overdue" style={{ background: rgbCss(OVERDUE_RGB), color: '#fff', marginLeft: '6px' }}>
                  {t('field.overdueYes')}
                </span>
              )}
            </Row>
            <Row label={t('field.severity')}>{h.severity ? nm(SEVERITIES[h.severity]) : null}</Row>
            <Row label={t('field.listing')} testid="detail-listing">
              {h.listing_level ? [nm(LISTING_LEVELS[h.listing_level]), fmtDate(h.listing_date, lang), h.supervising_office].filter(Boolean).join(' · ') : null}
            </Row>
            <Row label={t('field.deadline')}>{fmtDate(h.deadline, lang)}</Row>
            <Row label={t('field.foundAt')}>{fmtDate(h.found_at, lang)}</Row>
            <Row label={t('field.closedAt')}>{fmtDate(h.closed_at, lang)}</Row>
            <Row label={t('field.enterprise')}>{h.enterprise_name}</Row>
            <Row label={t('field.area')}>{h.area_name}</Row>
            <Row label={t('field.description')}>{h.description}</Row>
          </>
        ),
      }
    }
    case 'protective_targets': {
      const p = d.data
      const c = protectiveClassById(p.target_class)
      return {
        icon: <ProtectiveRing classCode={c?.code ?? 1} size={14} />,
        title: p.name,
        rows: (
          <>
            <Row label={t('field.class')}>
              <span class="badge badge-outline" data-testid="detail-class" style={{ borderColor: c ? rgbCss(c.rgb) : '#888', color: c ? rgbCss(c.rgb) : '#888' }}>
                {nm(c) ?? p.target_class}
              </span>
            </Row>
            <Row label={t('field.type')}>{pick(p.type_name, p.type_name_en, lang)}</Row>
            <Row label={t('field.population')}>{p.population != null ? t('unit.people', { n: formatNumber(p.population, lang) }) : null}</Row>
            <Row label={t('field.area')}>{p.area_name}</Row>
          </>
        ),
      }
    }
    case 'hazard_sources': {
      const h = d.data
      const rgb = majorGradeRgb(h.major_grade)
      return {
        icon: <Diamond grade={h.major_grade} major={h.is_major} size={16} />,
        title: h.name,
        rows: (
          <>
            <Row label={t('field.majorGrade')}>
              {h.is_major ? (
                <span class="badge" data-testid="detail-grade" style={{ background: rgbCss(rgb), color: h.major_grade === 2 || h.major_grade === 3 ? '#222' : '#fff' }}>
                  {majorGradeName(h.major_grade, lang)}
                </span>
              ) : (
                <span data-testid="detail-grade">{t('field.notMajor')}</span>
              )}
            </Row>
            <Row label={t('field.enterprise')}>{h.enterprise_name}</Row>
            <Row label={t('field.unitType')}>{nm(UNIT_TYPES[h.unit_type])}</Row>
            <Row label={t('field.area')}>{h.area_name}</Row>
            <Row label={t('field.exposed')}>{h.exposed_population != null ? t('unit.people', { n: formatNumber(h.exposed_population, lang) }) : null}</Row>
            <Row label={t('field.sValue')}>{num(h.s_value, lang)}</Row>
            <Row label={t('field.alpha')}>{num(h.alpha, lang, 1)}</Row>
            <Row label={t('field.rValue')}>{num(h.r_value, lang, 1)}</Row>
            {h.inventory && h.inventory.length > 0 && (
              <div class="detail-table" data-testid="detail-inventory">
                <div class="detail-table-title">{t('field.inventory')}</div>
                <table>
                  <thead>
                    <tr>
                      <th>{t('field.substance')}</th>
                      <th class="num">{t('field.quantity')}</th>
                      <th class="num">{t('field.critical')}</th>
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
            <WhatIfEditor key={h.id} h={h} />
            {h.distances && h.distances.length > 0 && (
              <div class="detail-table" data-testid="detail-distances">
                <div class="detail-table-title">{t('field.distances')}</div>
                <table>
                  <tbody>
                    {h.distances.map((x) => (
                      <tr key={x.target_class}>
                        <td>{nm(protectiveClassById(x.target_class)) ?? x.target_class}</td>
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
    case 'emergency_resources':
    case 'public_resource': {
      const e = d.data
      const rt = resourceTypeById(e.resource_type)
      const unit = 'capacity_unit' in e ? e.capacity_unit : null
      return {
        icon: <ResourceBadge type={e.resource_type} size={16} />,
        title: e.name,
        rows: (
          <>
            <Row label={t('field.type')}>{nm(rt) ?? e.resource_type}</Row>
            <Row label={t('field.capacity')}>{e.capacity != null ? `${formatNumber(e.capacity, lang)}${unit ? ` ${unit}` : ''}` : null}</Row>
            {'duty_phone' in e && <Row label={t('field.dutyPhone')}>{e.duty_phone}</Row>}
            {'area_name' in e && <Row label={t('field.area')}>{e.area_name}</Row>}
          </>
        ),
      }
    }
    case 'enterprises': {
      const e = d.data
      return {
        icon: null,
        title: e.name,
        rows: (
          <>
            <Row label={t('field.creditCode')}>{e.credit_code}</Row>
            <Row label={t('field.industry')}>{pick(e.industry_name, e.industry_name_en, lang) ?? e.industry_code}</Row>
            <Row label={t('field.address')}>{e.address}</Row>
            <Row label={t('field.standardization')}>{e.standardization_grade ? nm(STANDARDIZATION_GRADES[e.standardization_grade]) : null}</Row>
            <Row label={t('field.relocation')}>
              {e.relocation_status ? nm(RELOCATION_STATUSES[e.relocation_status as keyof typeof RELOCATION_STATUSES]) ?? e.relocation_status : null}
            </Row>
            <Row label={t('field.area')}>{e.area_name}</Row>
          </>
        ),
      }
    }
    case 'public_risk': {
      const r = d.data
      return {
        icon: <LevelDot level={r.level} size={14} />,
        title: pick(r.category_name, r.category_name_en, lang) ?? '',
        rows: (
          <>
            <Row label={t('field.level')}><LevelBadge level={r.level} lang={lang} /></Row>
            <Row label={t('field.area')}>{r.area_name}</Row>
            <Row label={t('field.advice')}>{r.public_advice}</Row>
            <Row label={t('field.location')}>{t('field.approx')}</Row>
          </>
        ),
      }
    }
    case 'public_hazard': {
      const h = d.data
      return {
        icon: <Diamond grade={h.major_grade} size={16} />,
        title: h.enterprise_name,
        rows: (
          <>
            <Row label={t('field.majorGrade')}>
              <span class="badge" data-testid="detail-grade" style={{ background: rgbCss(majorGradeRgb(h.major_grade)), color: h.major_grade === 2 || h.major_grade === 3 ? '#222' : '#fff' }}>
                {majorGradeName(h.major_grade, lang)}
              </span>
            </Row>
            <Row label={t('field.adviceDistance')}>{h.advice_distance_m != null ? t('unit.metres', { n: formatNumber(h.advice_distance_m, lang) }) : null}</Row>
            <Row label={t('field.location')}>{t('field.approx')}</Row>
          </>
        ),
      }
    }
  }
}

export function DetailCard({ ctl }: { ctl: OneMapController }) {
  const sel = useStore(ctl.store, (s) => s.selection)
  const { t, lang } = useI18n()
  const open = sel.status !== 'idle'
  useEffect(() => {
    if (!open) return
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && ctl.closeDetail()
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [open, ctl])
  if (sel.status === 'idle') return null
  let content: ComponentChildren
  let kind: string | null = null
  if (sel.status === 'loading') content = <div class="detail-message">{t('detail.searching')}</div>
  else if (sel.status === 'empty') content = <div class="detail-message" data-testid="detail-empty">{t('detail.nothing')}</div>
  else if (sel.status === 'error') content = <div class="detail-message detail-error">{t('detail.error', { msg: sel.message })}</div>
  else {
    const b = body(sel.detail, t, lang)
    kind = sel.detail.kind
    content = (
      <>
        <div class="detail-kind" data-testid="detail-kind" data-kind={kind}>
          {b.icon}
          {t(`detail.kind.${kind}` as I18nKey)}
        </div>
        <h3 class="detail-title" data-testid="detail-title">
          {b.title}
        </h3>
        <PendingReviewNote kind={sel.detail.kind} data={sel.detail.data} />
        <dl class="detail-rows">{b.rows}</dl>
        <div class="detail-foot">
          <span class="coords">
            {sel.at[0].toFixed(5)}, {sel.at[1].toFixed(5)}
          </span>
          <button type="button" class="btn btn-link" onClick={() => ctl.flyTo(sel.at[0], sel.at[1], 16)}>
            {t('detail.zoomTo')}
          </button>
        </div>
      </>
    )
  }
  return (
    <div class="detail-card" data-testid="detail-card" data-status={sel.status} data-kind={kind ?? ''}>
      <button type="button" class="detail-close" data-testid="detail-close" title={t('detail.close')} onClick={() => ctl.closeDetail()}>
        ×
      </button>
      {content}
    </div>
  )
}
