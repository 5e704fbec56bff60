// The card of one feature on the wall (a supervised hidden danger from 督办清单, …): read by id
// (feature_card, the caller's RLS), drawn by its layer's card in the wall's dark frame over the map.
import { useEffect, useState } from 'preact/hooks'
import { useI18n, useMessages } from '../../app/i18n.ts'
import { featureCard } from '../../data/mapApi.ts'
import type { Detail } from '../../contract/rows.ts'
import { layerOfDetail } from '../../layers/registry.ts'
import { kindName } from '../../layers/ui/parts.ts'
import { MESSAGES } from './messages.ts'
import { WallCardFrame, WallCardHead } from './WallCardFrame.tsx'

export interface WallCardRef {
  layer: 'hidden_dangers' | 'risk_points'
  id: string
}

export function WallCard({ item, onClose }: { item: WallCardRef; onClose: () => void }) {
  const { t, lang } = useI18n()
  const { m } = useMessages(MESSAGES)
  const [state, setState] = useState<{ status: 'loading' | 'error' | 'empty' } | { status: 'ready'; detail: Detail }>({ status: 'loading' })
  useEffect(() => {
    const ac = new AbortController()
    setState({ status: 'loading' })
    featureCard(item.layer, item.id, ac.signal).then(
      (data) => setState(data ? { status: 'ready', detail: { kind: item.layer, data } as Detail } : { status: 'empty' }),
      () => !ac.signal.aborted && setState({ status: 'error' }),
    )
    return () => ac.abort()
  }, [item.layer, item.id])
  let content
  if (state.status === 'ready') {
    const layer = layerOfDetail(state.detail.kind)
    const b = layer?.ui.card(state.detail, { t, lang, audience: 'staff' })
    content = (
      <>
        <WallCardHead kind={layer ? kindName(layer.ui, state.detail.kind, lang) : ''} title={b?.title} titleTestid="wall-card-title" />
        <dl class="wall-card-rows">{b?.rows}</dl>
      </>
    )
  } else content = <p class="wall-card-msg">{m(state.status === 'loading' ? 'card.loading' : state.status === 'empty' ? 'card.none' : 'card.error')}</p>
  return (
    <WallCardFrame testid="wall-card" closeLabel={m('card.close')} status={state.status} id={item.id} onClose={onClose}>
      {content}
    </WallCardFrame>
  )
}
