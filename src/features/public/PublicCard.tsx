// The public card of one item (a risk point, a major hazard source, an emergency facility): kind,
// level or grade with its name, place and what to do. The card the map shows for a tapped dot
// and the card an "around me" item opens are this one.
import type { ComponentChildren } from 'preact'
import { useMessages } from '../../app/i18n.ts'
import { resourceTypeById } from '../../domain/categories.ts'
import { majorHazardAdvice, resourceAdvice, riskPointAdvice } from '../../domain/publicAdvice.ts'
import type { AroundItem } from '../../data/publicView.ts'
import type { EmergencyResourceFeature, MajorHazardFeature, PublicRiskDetail } from '../../data/mapApi.ts'
import { ResourceBadge } from '../onemap/Symbols.tsx'
import { MESSAGES } from './messages.ts'
import { AdviceList, GradeBadge, LevelBadge } from './parts.tsx'

/** What a public card shows (the map's public details carry more; the around list carries this). */
export type PublicCardItem =
  | { kind: 'public_risk'; data: Pick<PublicRiskDetail, 'level' | 'category_code' | 'category_name' | 'category_name_en' | 'area_name' | 'lon' | 'lat'> }
  | { kind: 'public_hazard'; data: Pick<MajorHazardFeature, 'major_grade' | 'enterprise_name' | 'advice_distance_m' | 'lon' | 'lat'> }
  | { kind: 'public_resource'; data: Pick<EmergencyResourceFeature, 'name' | 'resource_type' | 'lon' | 'lat'> }

/** An "around me" item as the card of its kind. */
export function cardOfAroundItem(it: AroundItem): PublicCardItem {
  if (it.kind === 'risk_point') return { kind: 'public_risk', data: it }
  if (it.kind === 'major_hazard') return { kind: 'public_hazard', data: it }
  return { kind: 'public_resource', data: it }
}

const KIND = { public_risk: 'risk', public_hazard: 'hazard', public_resource: 'resource' } as const

/** `head`: what sits above the kind (a close button, a way back); `foot`: below the advice. */
export function PublicCard({
  item,
  head,
  foot,
  testid = 'tapped-card',
}: {
  item: PublicCardItem
  head?: ComponentChildren
  foot?: ComponentChildren
  testid?: string
}) {
  const { m, lang } = useMessages(MESSAGES)
  let body: ComponentChildren
  if (item.kind === 'public_risk') {
    const r = item.data
    body = (
      <>
        <div class="pub-card-kind">{m('detail.title.risk')}</div>
        <div class="pub-card-title" data-testid="card-title">
          <LevelBadge level={r.level} lang={lang} testid="tapped-level" />
          <span>{lang === 'en' ? r.category_name_en || r.category_name : r.category_name}</span>
        </div>
        {r.area_name && (
          <div class="pub-card-meta">
            {m('detail.area')}：{r.area_name}
          </div>
        )}
        <h4 class="pub-h4">{m('detail.advice')}</h4>
        <AdviceList lines={riskPointAdvice(r.category_code, r.level, lang)} testid="tapped-advice" />
      </>
    )
  } else if (item.kind === 'public_hazard') {
    const h = item.data
    body = (
      <>
        <div class="pub-card-kind">{m('detail.title.hazard')}</div>
        <div class="pub-card-title" data-testid="card-title">
          <GradeBadge grade={h.major_grade} lang={lang} testid="tapped-grade" />
          <span>{h.enterprise_name}</span>
        </div>
        <h4 class="pub-h4">{m('detail.advice')}</h4>
        <AdviceList lines={majorHazardAdvice(h.major_grade, h.advice_distance_m, lang)} testid="tapped-advice" />
      </>
    )
  } else {
    const e = item.data
    const t = resourceTypeById(e.resource_type)
    body = (
      <>
        <div class="pub-card-kind">{m('detail.title.resource')}</div>
        <div class="pub-card-title" data-testid="card-title">
          <ResourceBadge type={e.resource_type} size={18} />
          <span>{e.name}</span>
        </div>
        <div class="pub-card-meta">{t ? t[lang] : e.resource_type}</div>
        <AdviceList lines={resourceAdvice(e.resource_type, lang)} />
      </>
    )
  }
  return (
    <div class="pub-card" data-testid={testid} data-status="ok" data-kind={KIND[item.kind]}>
      {head}
      {body}
      {foot}
    </div>
  )
}
