// Pipelines: a path per line part coloured by medium and as wide as its pressure band, over a light
// casing; high-consequence segments as a wider translucent band under the lines (Ⅰ light to Ⅲ dark
// violet); encroachments (违章占压) as magenta dots with a dark ring at the nearest point of the
// centreline. A few dozen lines and a few hundred findings: plain objects are fine. The wall's dark
// map takes the 'dark' theme (wallStyle.ts): lighter hues over a dark casing, white-ringed dots.
import { PathLayer, ScatterplotLayer } from '@deck.gl/layers'
import { CompositeLayer, type DefaultProps, type Layer } from '@deck.gl/core'
import { ENCROACHMENT_RGB, pressureWidth } from '../../domain/pipelines.ts'
import type { LonLat, PipelineEncroachmentPoint, PipelineMap } from '../../contract/pipelines.ts'
import { casingRgba, encroachmentRingRgb, hcaAlpha, hcaExtraWidth, hcaRgbOn, lineAlpha, lineScale, mediumRgbOn, type PipelineTheme } from './wallStyle.ts'

interface PathItem {
  path: LonLat[]
  rgb: readonly [number, number, number]
  width: number
}

export interface PipelinesProps {
  data: PipelineMap | null
  /** multiplies widths and dots (the wall's size factor) */
  size: number
  /** 'dark': the wall's map */
  theme: PipelineTheme
}

/** One path per part, thin and low-pressure lines first (so trunk lines lie on top). */
export function linePaths(data: PipelineMap | null, theme: PipelineTheme = 'light'): PathItem[] {
  if (!data) return []
  const out: PathItem[] = []
  const lines = [...data.lines].sort((a, b) => (a.pressure_mpa ?? 0) - (b.pressure_mpa ?? 0))
  for (const l of lines)
    for (const p of l.paths) if (p.length >= 2) out.push({ path: p, rgb: mediumRgbOn(theme, l.medium), width: pressureWidth(l.pressure_mpa) })
  return out
}

export function hcaPaths(data: PipelineMap | null, theme: PipelineTheme = 'light'): PathItem[] {
  if (!data) return []
  const width = new Map(data.lines.map((l) => [l.id, pressureWidth(l.pressure_mpa)]))
  return [...data.hca]
    .sort((a, b) => a.hca_class - b.hca_class)
    .flatMap((h) =>
      h.paths
        .filter((p) => p.length >= 2)
        .map((p) => ({ path: p, rgb: hcaRgbOn(theme, h.hca_class), width: (width.get(h.pipeline_id) ?? 3) * lineScale(theme) + hcaExtraWidth(theme) })),
    )
}

export class PipelinesLayer extends CompositeLayer<PipelinesProps> {
  static override layerName = 'PipelinesLayer'
  static override defaultProps: DefaultProps<PipelinesProps> = {
    data: { type: 'object', value: null },
    size: { type: 'number', value: 1 },
    theme: 'light',
  }

  override renderLayers(): Layer[] {
    const { data, size, theme } = this.props
    const lines = linePaths(data, theme)
    const alpha = hcaAlpha(theme)
    const ring = encroachmentRingRgb(theme)
    const ls = lineScale(theme) * size
    const la = lineAlpha(theme)
    // never thinner than 2 px × the size factor (a 0.4 MPa feeder on a 4K wall stays a line)
    const lw = (d: PathItem) => Math.max(d.width * ls, 2 * size)
    const common = { widthUnits: 'pixels' as const, capRounded: true, jointRounded: true, pickable: false, parameters: { depthWriteEnabled: false } }
    return [
      new PathLayer<PathItem>(
        this.getSubLayerProps({
          id: 'hca',
          data: hcaPaths(data, theme),
          getPath: (d: PathItem) => d.path,
          getColor: (d: PathItem) => [d.rgb[0], d.rgb[1], d.rgb[2], alpha],
          getWidth: (d: PathItem) => d.width * size,
          ...common,
        }),
      ),
      new PathLayer<PathItem>(
        this.getSubLayerProps({
          id: 'casing',
          data: lines,
          getPath: (d: PathItem) => d.path,
          getColor: casingRgba(theme),
          getWidth: (d: PathItem) => lw(d) + 2 * size,
          ...common,
        }),
      ),
      new PathLayer<PathItem>(
        this.getSubLayerProps({
          id: 'lines',
          data: lines,
          getPath: (d: PathItem) => d.path,
          getColor: (d: PathItem) => [d.rgb[0], d.rgb[1], d.rgb[2], la],
          getWidth: lw,
          ...common,
        }),
      ),
      new ScatterplotLayer<PipelineEncroachmentPoint>(
        this.getSubLayerProps({
          id: 'encroachments',
          data: data?.encroachments ?? [],
          getPosition: (d: PipelineEncroachmentPoint) => [d.lon, d.lat],
          getRadius: 5 * size,
          radiusUnits: 'pixels',
          getFillColor: [ENCROACHMENT_RGB[0], ENCROACHMENT_RGB[1], ENCROACHMENT_RGB[2], 255],
          stroked: true,
          getLineColor: [ring[0], ring[1], ring[2], 255],
          getLineWidth: 1.5 * size,
          lineWidthUnits: 'pixels',
          pickable: false,
          parameters: { depthWriteEnabled: false },
        }),
      ),
    ]
  }
}
