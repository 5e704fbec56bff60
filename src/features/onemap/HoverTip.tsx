// The tooltip of the feature under a resting mouse cursor (desk map, fine pointer only): kind,
// name, level/grade/status and type, from the same lookup a click makes.
import type { OneMapController } from './controller.ts'
import { useStore } from '../../app/store.ts'
import { useI18n } from '../../app/i18n.ts'
import { layerOfDetail } from '../../layers/registry.ts'
import { kindName } from '../../layers/ui/parts.ts'
import { hoverSummary } from './hover.ts'

export function HoverTip({ ctl }: { ctl: OneMapController }) {
  const hover = useStore(ctl.store, (s) => s.hover)
  const { t, lang } = useI18n()
  if (!hover) return null
  const s = hoverSummary(hover.detail, lang)
  // kept inside the map: flipped to the cursor's left / above near the right / bottom edge
  const box = ctl.map?.getContainer()
  const flipX = !!box && hover.x + 320 > box.clientWidth
  const flipY = !!box && hover.y + 110 > box.clientHeight
  const badgeStyle = s.badgeStyle
  const layer = layerOfDetail(s.kind)
  return (
    <div
      class="hover-tip"
      data-testid="hover-tip"
      data-kind={s.kind}
      role="tooltip"
      style={{
        left: `${flipX ? hover.x - 14 : hover.x + 14}px`,
        top: `${flipY ? hover.y - 14 : hover.y + 14}px`,
        transform: `translate(${flipX ? '-100%' : '0'}, ${flipY ? '-100%' : '0'})`,
      }}
    >
      <div class="hover-kind">{layer ? kindName(layer.ui, s.kind, lang) : t('detail.kind.enterprises')}</div>
      <div class="hover-name" data-testid="hover-name">
        {s.name}
      </div>
      {(s.badge || s.type) && (
        <div class="hover-meta">
          {s.badge && (
            <span class={badgeStyle ? 'badge' : 'badge badge-outline'} data-testid="hover-badge" style={badgeStyle}>
              {s.badge}
            </span>
          )}
          {s.type && <span class="hover-type">{s.type}</span>}
        </div>
      )}
    </div>
  )
}
