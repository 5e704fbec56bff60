// Accidents (issue 16): one icon per accident, its shape by sector (工矿商贸 a square, road traffic
// a triangle, fire a diamond …) and its colour by grade (特别重大 darkest). A few hundred rows a
// view: accessors over plain objects; the icons are small SVGs packed by deck.gl.
import { IconLayer } from '@deck.gl/layers'
import { CompositeLayer, type DefaultProps, type Layer } from '@deck.gl/core'
import { gradeRgb, sectorSymbol, SYMBOL_PATH, type AccidentFeature, type SectorSymbol } from '../../domain/accidentsMap.ts'

export interface AccidentsProps {
  rows: readonly AccidentFeature[]
  /** symbol scale at the zoom */
  scale: number
  /** the wall's size factor */
  size: number
}

/** The SVG of a sector's symbol in a grade's colour, white-edged (legend and map alike). */
export function accidentSvg(symbol: SectorSymbol, grade: number, px = 20): string {
  const [r, g, b] = gradeRgb(grade)
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${px}" height="${px}" viewBox="-1 -1 22 22"><path d="${SYMBOL_PATH[symbol]}" fill="rgb(${r},${g},${b})" stroke="#fff" stroke-width="1.6" stroke-linejoin="round"/></svg>`
}

const ICON_PX = 40

function iconOf(d: AccidentFeature) {
  const s = sectorSymbol(d.sector_code)
  return {
    id: `acc-${s}-${d.grade}`,
    url: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(accidentSvg(s, d.grade, ICON_PX))}`,
    width: ICON_PX,
    height: ICON_PX,
    mask: false,
  }
}

export class AccidentsLayer extends CompositeLayer<AccidentsProps> {
  static override layerName = 'AccidentsLayer'
  static override defaultProps: DefaultProps<AccidentsProps> = {
    rows: { type: 'array', value: [] },
    scale: { type: 'number', value: 1 },
    size: { type: 'number', value: 1 },
  }

  override renderLayers(): Layer {
    const { rows, scale, size } = this.props
    // the most severe drawn last (on top)
    const sorted = [...rows].sort((a, b) => b.grade - a.grade || a.occurred_at.localeCompare(b.occurred_at))
    return new IconLayer<AccidentFeature>(
      this.getSubLayerProps({
        id: 'icons',
        data: sorted,
        getIcon: iconOf,
        getPosition: (d: AccidentFeature) => [d.lon, d.lat],
        getSize: (d: AccidentFeature) => (d.grade <= 2 ? 26 : d.grade === 3 ? 21 : 15),
        sizeScale: Math.min(1.2, Math.max(0.6, scale)) * size,
        sizeUnits: 'pixels',
        pickable: false,
        parameters: { depthWriteEnabled: false },
      }),
    )
  }
}
