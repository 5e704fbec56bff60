// The detail card of the clicked feature (feature_at / public_feature_at): the frame (close,
// status messages, kind, title, pending review, footer) around the body its layer draws.
import type { ComponentChildren } from 'preact'
import { useEffect } from 'preact/hooks'
import type { OneMapController } from './controller.ts'
import { useStore } from '../../app/store.ts'
import { useI18n, type I18nKey, type Lang } from '../../app/i18n.ts'
import type { Detail, EnterpriseDetail } from '../../data/mapApi.ts'
import { RELOCATION_STATUSES, STANDARDIZATION_GRADES } from '../../domain/categories.ts'
import { layerOfDetail } from '../../layers/registry.ts'
import type { Audience } from '../../layers/types.ts'
import { nm, pick, Row } from '../../layers/ui/card.tsx'
import { kindName, type CardBody } from '../../layers/ui/parts.ts'
import { PendingReviewNote } from '../reviews/PendingReviewNote.tsx'
import { BlacklistListingRow } from '../notices/BlacklistListing.tsx'

type T = (key: I18nKey, vars?: Record<string, string | number>) => string

/** An enterprise (from search or a link) is no map layer: its card body is drawn here. */
function enterpriseCard(e: EnterpriseDetail, t: T, lang: Lang): CardBody {
  return {
    icon: null,
    title: e.name,
    rows: (
      <>
        <Row label={t('field.creditCode')}>{e.credit_code}</Row>
        <Row label={t('field.industry')}>{pick(e.industry_name, e.industry_name_en, lang) ?? e.industry_code}</Row>
        <Row label={t('field.address')}>{e.address}</Row>
        <Row label={t('field.standardization')}>{e.standardization_grade ? nm(STANDARDIZATION_GRADES[e.standardization_grade], lang) : null}</Row>
        <Row label={t('field.relocation')}>
          {e.relocation_status ? (nm(RELOCATION_STATUSES[e.relocation_status as keyof typeof RELOCATION_STATUSES], lang) ?? e.relocation_status) : null}
        </Row>
        <Row label={t('field.area')}>{e.area_name}</Row>
        <BlacklistListingRow enterpriseId={e.id} />
      </>
    ),
  }
}

/** The card body of a feature: its layer's card (registry), or the enterprise card. */
function body(d: Detail, t: T, lang: Lang, audience: Audience): { body: CardBody; kindLabel: string } | null {
  if (d.kind === 'enterprises') return { body: enterpriseCard(d.data, t, lang), kindLabel: t('detail.kind.enterprises') }
  const layer = layerOfDetail(d.kind)
  const b = layer?.ui.card(d, { t, lang, audience })
  return layer && b ? { body: b, kindLabel: kindName(layer.ui, d.kind, lang) } : null
}

export function DetailCard({ ctl }: { ctl: OneMapController }) {
  const sel = useStore(ctl.store, (st) => st.selection)
  const mode = useStore(ctl.store, (st) => st.mode)
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
  else if (sel.status === 'empty')
    content = (
      <div class="detail-message" data-testid="detail-empty">
        {t('detail.nothing')}
      </div>
    )
  else if (sel.status === 'error') content = <div class="detail-message detail-error">{t('detail.error', { msg: sel.message })}</div>
  else {
    const made = body(sel.detail, t, lang, mode === 'public' ? 'public' : 'staff')
    const b = made?.body ?? { icon: null, title: '', rows: null }
    kind = sel.detail.kind
    content = (
      <>
        <div class="detail-kind" data-testid="detail-kind" data-kind={kind}>
          {b.icon}
          {made?.kindLabel}
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
