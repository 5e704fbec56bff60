// Risk points: circles coloured by level, radius growing with the number of points in a cell.
import { ScatterplotLayer } from '@deck.gl/layers'
import type { DefaultProps, Layer } from '@deck.gl/core'
import { riskLevelRgbaTable } from '../../domain/levels.ts'
import { logSizeTable, type AttributeStyle } from '../../map/pointAttributes.ts'
import { BINNED_POINTS_DEFAULTS, BinnedPointsLayer, type BinnedPointsProps } from '../binnedPoints.ts'

export const RISK_POINT_STYLE: AttributeStyle = {
  // opaque: the level colours must come out exactly as defined (legend, colour checks)
  colourByCode: riskLevelRgbaTable(255),
  sizeByCount: logSizeTable(3.2, 1.2, 9),
}

export interface RiskPointsProps extends BinnedPointsProps {
  /** the smallest dot in pixels (the wall draws larger) */
  minPixels: number
}

export class RiskPointsLayer extends BinnedPointsLayer<RiskPointsProps> {
  static override layerName = 'RiskPointsLayer'
  static override defaultProps: DefaultProps<RiskPointsProps> = {
    ...BINNED_POINTS_DEFAULTS,
    style: { type: 'object', value: RISK_POINT_STYLE },
    minPixels: { type: 'number', value: 1.2 },
  }

  override renderLayers(): Layer {
    const a = this.state.attributes
    const { scale, minPixels } = this.props
    return new ScatterplotLayer(
      this.getSubLayerProps({
        id: 'dots',
        radiusScale: scale,
        radiusMinPixels: minPixels,
        data: this.binary(a, {
          getPosition: { value: a.positions, size: 2 },
          getFillColor: { value: a.colours, size: 4, normalized: true },
          getRadius: { value: a.sizes, size: 1 },
        }),
        radiusUnits: 'pixels',
        stroked: true,
        filled: true,
        getLineColor: [255, 255, 255, 200],
        lineWidthUnits: 'pixels',
        getLineWidth: scale < 0.7 ? 0 : 0.8,
        antialiasing: true,
        pickable: false,
        parameters: { depthWriteEnabled: false },
      }),
    )
  }
}
