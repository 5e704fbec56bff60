// The monitoring layer: a ring around each hazard source with channels, coloured by its state
// (HH/LL red, H/L orange, fault purple, offline grey, normal green), the worst drawn on top. It
// rings the hazard-source symbol, so both stay readable when both layers are on.
import { ScatterplotLayer } from '@deck.gl/layers'
import { CompositeLayer, type DefaultProps, type Layer } from '@deck.gl/core'
import type { MonitoredSource, SourceState } from '../../data/monitoring.ts'

export const STATE_RGB: Record<SourceState, readonly [number, number, number]> = {
  hh: [230, 0, 18],
  h: [255, 140, 0],
  fault: [171, 71, 188],
  offline: [140, 140, 140],
  normal: [46, 160, 67],
}

export interface MonitoringProps {
  rows: readonly MonitoredSource[]
  /** symbol scale of the zoom */
  scale: number
  size: number
}

export class MonitoringLayer extends CompositeLayer<MonitoringProps> {
  static override layerName = 'MonitoringLayer'
  static override defaultProps: DefaultProps<MonitoringProps> = {
    rows: { type: 'array', value: [] },
    scale: { type: 'number', value: 1 },
    size: { type: 'number', value: 1 },
  }

  override renderLayers(): Layer[] {
    const { rows, scale, size } = this.props
    const r = 11 * scale * size
    return [
      new ScatterplotLayer<MonitoredSource>(
        this.getSubLayerProps({
          id: 'rings',
          data: rows,
          getPosition: (d: MonitoredSource) => [d.lon, d.lat],
          radiusUnits: 'pixels',
          getRadius: (d: MonitoredSource) => (d.state === 'hh' || d.state === 'h' ? r * 1.25 : r),
          filled: true,
          getFillColor: (d: MonitoredSource) => [...STATE_RGB[d.state], d.state === 'hh' || d.state === 'h' ? 70 : 0],
          stroked: true,
          getLineColor: (d: MonitoredSource) => [...STATE_RGB[d.state], 255],
          lineWidthUnits: 'pixels',
          getLineWidth: (d: MonitoredSource) => (d.state === 'normal' ? 2 : 3.5) * size,
          pickable: false,
          parameters: { depthWriteEnabled: false },
          updateTriggers: { getRadius: [r], getLineWidth: [size] },
        }),
      ),
    ]
  }
}
