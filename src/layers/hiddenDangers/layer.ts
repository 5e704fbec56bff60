// Hidden dangers: warning triangles coloured by status; overdue ones carry a thick red outline;
// major ones are larger. Icons come from the shared atlas; the code → icon lookup is a table.
import { IconLayer } from '@deck.gl/layers'
import type { DefaultProps, Layer } from '@deck.gl/core'
import { DANGER_ICON_BY_CODE, iconAtlas } from '../../map/icons.ts'
import { decodeDangerCode, tableByCode } from '../../contract/points.ts'
import { logSizeTable, type AttributeStyle } from '../../map/pointAttributes.ts'
import { BINNED_POINTS_DEFAULTS, BinnedPointsLayer, type BinnedPointsProps } from '../binnedPoints.ts'

const codes = tableByCode(decodeDangerCode)
// major dangers are drawn larger
const sizeScale = Float32Array.from(codes, (d) => (d.major ? 1.45 : 1))

// Icons carry their own colours; the RGBA here only sets opacity: closed and rejected dangers
// (history) are drawn faint so the open ones stand out.
const opacity = new Uint8Array(256 * 4).fill(255)
codes.forEach((d, c) => {
  if (d.status && !d.status.open) opacity[c * 4 + 3] = 110
})

export const DANGER_STYLE: AttributeStyle = {
  colourByCode: opacity,
  sizeByCount: logSizeTable(17, 2.2, 30),
  sizeScaleByCode: sizeScale,
}

export interface HiddenDangersProps extends BinnedPointsProps {
  /** multiplies the icon size after the zoom's cap (the wall's size factor) */
  size: number
}

export class HiddenDangersLayer extends BinnedPointsLayer<HiddenDangersProps> {
  static override layerName = 'HiddenDangersLayer'
  static override defaultProps: DefaultProps<HiddenDangersProps> = {
    ...BINNED_POINTS_DEFAULTS,
    style: { type: 'object', value: DANGER_STYLE },
    size: { type: 'number', value: 1 },
  }

  override renderLayers(): Layer {
    const a = this.state.attributes
    const atlas = iconAtlas()
    const codes = a.codes
    const { scale, size } = this.props
    return new IconLayer(
      this.getSubLayerProps({
        id: 'icons',
        sizeScale: Math.min(1.2, scale) * size,
        data: this.binary(a, {
          getPosition: { value: a.positions, size: 2 },
          getSize: { value: a.sizes, size: 1 },
          getColor: { value: a.colours, size: 4, normalized: true },
        }),
        iconAtlas: atlas.url,
        iconMapping: atlas.mapping,
        getIcon: (_: unknown, info: { index: number }) => DANGER_ICON_BY_CODE[codes[info.index]!]!,
        updateTriggers: { getIcon: codes },
        sizeUnits: 'pixels',
        alphaCutoff: 0.02,
        pickable: false,
        parameters: { depthWriteEnabled: false },
      }),
    )
  }
}
