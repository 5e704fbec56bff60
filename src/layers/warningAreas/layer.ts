// The areas of the active regional warnings (issue 18): each outlined in its warning's colour
// (红/橙/黄/蓝, the four colours of levels.ts), over a faint wash of the same colour on the wall, the most severe
// drawn on top, and a label inside each area naming the warning and its areas. Not pickable: the
// features under an area stay clickable; the warning's text is in the warnings list.
import { PolygonLayer, TextLayer } from '@deck.gl/layers'
import { CompositeLayer, type DefaultProps, type Layer } from '@deck.gl/core'
import type { Position } from 'geojson'
import { levelRgb } from '../../domain/levels.ts'
import { WARNING_LEVEL_NAMES } from '../../domain/notices.ts'
import { warningPolygons, type WarningArea } from '../../data/warningAreas.ts'
import { LABEL_FONT, labelInk } from '../../map/layers/text.ts'
import { layerText } from '../ui/parts.ts'
import { MESSAGES } from './messages.ts'

export interface WarningAreasProps {
  areas: readonly WarningArea[]
  lang: 'zh' | 'en'
  /** the wall's size factor */
  size: number
  /** dark basemap (the wall) */
  dark: boolean
  /** each label's pixel offset when a collision pass placed it (the wall: src/features/wall/wallLabels.ts);
   *  null: just under the area's own name */
  labelOffset: ((a: WarningArea) => [number, number]) | null
  /** what to draw: both, or the outlines or the labels alone (the wall draws the labels over its symbols) */
  part: 'all' | 'areas' | 'labels'
}

/** The label's font size and its default offset below its anchor (the area's own name sits there). */
export function warningLabelMetrics(dark: boolean, size: number): { size: number; offsetY: number } {
  return { size: (dark ? 18 : 15) * size, offsetY: (dark ? 16 : 13) * size }
}

interface Piece {
  level: number
  polygon: Position[][]
}

/** What an area's label says: the warning's name and the areas it names (two, then "and n more";
 *  in English their English names), or "drawn area" when its area is a polygon only. */
export function warningLabel(a: WarningArea, lang: 'zh' | 'en'): string {
  const name = WARNING_LEVEL_NAMES[a.level]?.[lang] ?? ''
  // in English the areas' English names (the server falls back to the Chinese name per area)
  const list = lang === 'en' && a.area_names_en?.length === a.area_names.length ? a.area_names_en : a.area_names
  const names = list.slice(0, 2).join(lang === 'zh' ? '、' : ', ')
  const more = list.length > 2 ? ` ${layerText(MESSAGES, lang, 'label.more', { n: list.length - 2 })}` : ''
  if (names) return `${name} · ${names}${more}`
  // no area named: the warning's area is its drawn polygon
  return a.geometry ? `${name} · ${layerText(MESSAGES, lang, 'label.drawn')}` : name
}

export class WarningAreasLayer extends CompositeLayer<WarningAreasProps> {
  static override layerName = 'WarningAreasLayer'
  static override defaultProps: DefaultProps<WarningAreasProps> = {
    areas: { type: 'array', value: [] },
    lang: 'zh',
    size: { type: 'number', value: 1 },
    dark: false,
    labelOffset: { type: 'function', value: null, optional: true },
    part: 'all',
  }

  override renderLayers(): Layer[] {
    const { areas, lang, size, dark, labelOffset, part } = this.props
    const metrics = warningLabelMetrics(dark, size)
    // least severe first, so a red outline is never hidden under a blue one
    const sorted = [...areas].sort((a, b) => b.level - a.level)
    const layers: Layer[] = []
    // only the part asked for: the wall draws the outlines and the labels as two layers, and the
    // labels' layer has no use for the outlines' polygons
    if (part !== 'labels') {
      const pieces: Piece[] = sorted.flatMap((a) => warningPolygons(a).map((polygon) => ({ level: a.level, polygon })))
      layers.push(
        new PolygonLayer<Piece>(
          this.getSubLayerProps({
            id: 'areas',
            data: pieces,
            getPolygon: (p: Piece) => p.polygon,
            // a wash only on the wall's dark map: on a light map deck.gl draws above the basemap's own
            // layers, and a city-wide wash tinted the public view's location dot and rings
            filled: dark,
            stroked: true,
            getFillColor: (p: Piece) => [...levelRgb(p.level), 34],
            getLineColor: (p: Piece) => [...levelRgb(p.level), 255],
            lineWidthUnits: 'pixels',
            getLineWidth: 3 * size,
            lineJointRounded: true,
            pickable: false,
            parameters: { depthWriteEnabled: false },
          }),
        ),
      )
    }
    if (part !== 'areas')
      layers.push(
        new TextLayer<WarningArea>(
          this.getSubLayerProps({
            id: 'labels',
            data: sorted,
            getPosition: (a: WarningArea) => [a.label_lon, a.label_lat],
            getText: (a: WarningArea) => warningLabel(a, lang),
            getSize: metrics.size,
            // ink, not the level's colour: yellow text would not read on its own wash
            ...labelInk(dark),
            ...LABEL_FONT,
            getTextAnchor: 'middle',
            getAlignmentBaseline: 'top',
            // below the area's own name, which sits at the same inner point
            getPixelOffset: labelOffset ?? [0, metrics.offsetY],
            pickable: false,
            updateTriggers: { getText: [lang], getPixelOffset: [labelOffset] },
          }),
        ),
      )
    return layers
  }
}
