// Protective targets: rings coloured by class (a ring reads apart from the filled risk dots).
import { ScatterplotLayer } from '@deck.gl/layers'
import type { DefaultProps, Layer } from '@deck.gl/core'
import { protectiveRgbaTable } from '../../domain/categories.ts'
import { logSizeTable, type AttributeStyle } from '../../map/pointAttributes.ts'
import { BINNED_POINTS_DEFAULTS, BinnedPointsLayer, type BinnedPointsProps } from '../binnedPoints.ts'

export const PROTECTIVE_STYLE: AttributeStyle = {
  colourByCode: protectiveRgbaTable(255),
  sizeByCount: logSizeTable(4, 1.2, 11),
}

export class ProtectiveTargetsLayer extends BinnedPointsLayer {
  static override layerName = 'ProtectiveTargetsLayer'
  static override defaultProps: DefaultProps<BinnedPointsProps> = { ...BINNED_POINTS_DEFAULTS, style: { type: 'object', value: PROTECTIVE_STYLE } }

  override renderLayers(): Layer {
    const a = this.state.attributes
    const { scale } = this.props
    return new ScatterplotLayer(
      this.getSubLayerProps({
        id: 'rings',
        radiusScale: scale,
        radiusMinPixels: 2,
        data: this.binary(a, {
          getPosition: { value: a.positions, size: 2 },
          getLineColor: { value: a.colours, size: 4, normalized: true },
          getRadius: { value: a.sizes, size: 1 },
        }),
        radiusUnits: 'pixels',
        filled: true,
        getFillColor: [255, 255, 255, 150],
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: scale < 0.7 ? 1.5 : 2,
        pickable: false,
        parameters: { depthWriteEnabled: false },
      }),
    )
  }
}
