// The 待复评 · 待重评 overlay: a violet ring over each risk point due a review and a thicker double
// ring over each major hazard source due a re-assessment, drawn above the other point layers so
// the colour of the level underneath stays visible inside the ring. Cells of several items carry
// their number. A few thousand cells a view at most (stale_points bounds them): accessors over
// plain objects.
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers'
import { CompositeLayer, type DefaultProps, type Layer } from '@deck.gl/core'
import { STALE_RGB } from '../../domain/freshness.ts'
import type { StaleCell } from '../../data/freshness.ts'

export interface StaleProps {
  cells: readonly StaleCell[]
  /** symbol scale at the zoom */
  scale: number
  /** the wall's size factor */
  size: number
}

const [R, G, B] = STALE_RGB
const radius = (d: StaleCell) => (d.hs > 0 ? 13 : 10) + Math.min(6, 1.5 * Math.log2(d.rp + d.hs))

export class StaleLayer extends CompositeLayer<StaleProps> {
  static override layerName = 'StaleLayer'
  static override defaultProps: DefaultProps<StaleProps> = {
    cells: { type: 'array', value: [] },
    scale: { type: 'number', value: 1 },
    size: { type: 'number', value: 1 },
  }

  override renderLayers(): Layer[] {
    const { cells, scale, size } = this.props
    const k = Math.min(1.2, Math.max(0.7, scale)) * size
    const sources = cells.filter((d) => d.hs > 0)
    const many = cells.filter((d) => d.rp + d.hs > 1)
    const ring = (id: string, data: readonly StaleCell[], r: (d: StaleCell) => number, width: number) =>
      new ScatterplotLayer<StaleCell>(
        this.getSubLayerProps({
          id,
          data,
          getPosition: (d: StaleCell) => [d.lon, d.lat],
          getRadius: r,
          radiusScale: k,
          radiusUnits: 'pixels',
          stroked: true,
          filled: false,
          getLineColor: [R, G, B, 255],
          lineWidthUnits: 'pixels',
          getLineWidth: width * size,
          pickable: false,
          parameters: { depthWriteEnabled: false },
        }),
      )
    return [
      ring('rings', cells, radius, 3),
      // the second, outer ring of a 待重评 source
      ring('outer', sources, (d) => radius(d) + 4, 2),
      new TextLayer<StaleCell>(
        this.getSubLayerProps({
          id: 'counts',
          data: many,
          getPosition: (d: StaleCell) => [d.lon, d.lat],
          getText: (d: StaleCell) => String(d.rp + d.hs),
          getSize: 11 * k,
          sizeUnits: 'pixels',
          getColor: [R, G, B, 255],
          fontWeight: 700,
          outlineWidth: 3,
          outlineColor: [255, 255, 255, 230],
          fontSettings: { sdf: true },
          getPixelOffset: (d: StaleCell) => [0, -(radius(d) + (d.hs > 0 ? 4 : 0)) * k - 8 * size],
          pickable: false,
          parameters: { depthWriteEnabled: false },
        }),
      ),
    ]
  }
}
