// Hazard sources: a diamond per unit, major ones coloured by grade (一级 red … 四级 blue) with a
// grade label; others a small grey diamond outline. A few hundred features: plain objects are fine.
// Light labels on the wall's dark map (`dark`), larger by the wall's size factor (`size`).
import { IconLayer, TextLayer } from '@deck.gl/layers'
import { CompositeLayer, type DefaultProps, type Layer } from '@deck.gl/core'
import { majorGradeName, majorGradeRgb, NON_MAJOR_HAZARD_RGB } from '../../domain/levels.ts'
import type { HazardSourceFeature, MajorHazardFeature } from '../../contract/rows.ts'
import { iconAtlas } from '../../map/icons.ts'
import { LABEL_FONT } from '../../map/layers/text.ts'

type HazardLike = { lon: number; lat: number; major_grade: number | null; is_major?: boolean; enterprise_name?: string | null }

function isMajor(d: HazardLike): boolean {
  return d.is_major ?? d.major_grade != null
}

export type { HazardLike }

/** The rows that get a grade label: one per enterprise (its highest grade), so neighbouring units don't stack labels. */
export function hazardLabelRows<T extends HazardLike>(rows: readonly T[]): T[] {
  const sorted = [...rows].sort((a, b) => rank(a) - rank(b))
  const seen = new Set<string>()
  const majors: T[] = []
  for (const d of sorted) {
    if (!isMajor(d)) continue
    const key = d.enterprise_name ?? `${d.lon.toFixed(3)},${d.lat.toFixed(3)}`
    if (seen.has(key)) continue
    seen.add(key)
    majors.push(d)
  }
  return majors
}

/** The grade label's text. */
export function hazardLabelText(d: HazardLike, lang: 'zh' | 'en'): string {
  return majorGradeName(d.major_grade, lang) || (lang === 'zh' ? '重大' : 'Major')
}

/** Font size (px) of the grade labels. */
export const HAZARD_LABEL_SIZE = 12

/** Where a grade label sits relative to its diamond (pixels; beside the diamond whatever its size). */
export function hazardLabelOffset(scale: number): [number, number] {
  const iconScale = Math.min(1.2, Math.max(0.6, scale))
  return [4 + 11 * iconScale, -10 * iconScale]
}

export interface HazardSourcesProps {
  rows: readonly (HazardSourceFeature | MajorHazardFeature)[]
  lang: 'zh' | 'en'
  showLabels: boolean
  /** symbol scale at the zoom */
  scale: number
  /** multiplies symbols and labels after the zoom's clamp (the wall's size factor) */
  size: number
  /** light labels with a dark halo (the wall's dark basemap) */
  dark: boolean
  /** drops grade labels, e.g. those a label-collision pass found crowded */
  keepLabel: ((d: HazardLike) => boolean) | null
}

export class HazardSourcesLayer extends CompositeLayer<HazardSourcesProps> {
  static override layerName = 'HazardSourcesLayer'
  static override defaultProps: DefaultProps<HazardSourcesProps> = {
    rows: { type: 'array', value: [] },
    lang: 'zh',
    showLabels: true,
    scale: { type: 'number', value: 1 },
    size: { type: 'number', value: 1 },
    dark: false,
    keepLabel: { type: 'function', value: null },
  }

  override renderLayers(): Layer[] {
    const { rows, lang, showLabels, scale, size, dark, keepLabel } = this.props
    const atlas = iconAtlas()
    const iconScale = Math.min(1.2, Math.max(0.6, scale))
    // majors drawn last (on top), grade 1 on top of grade 4
    const sorted = [...rows].sort((a, b) => rank(b) - rank(a))
    const all: HazardLike[] = hazardLabelRows(rows)
    const majors = keepLabel ? all.filter(keepLabel) : all
    const layers: Layer[] = [
      new IconLayer<HazardLike>(
        this.getSubLayerProps({
          id: 'icons',
          data: sorted,
          iconAtlas: atlas.url,
          iconMapping: atlas.mapping,
          getIcon: (d: HazardLike) => (isMajor(d) ? 'diamond' : 'diamond-ring'),
          getPosition: (d: HazardLike) => [d.lon, d.lat],
          getSize: (d: HazardLike) => (isMajor(d) ? 24 - (d.major_grade ?? 4) * 1.5 : 12),
          sizeScale: iconScale * size,
          getColor: (d: HazardLike) => {
            const rgb = isMajor(d) ? majorGradeRgb(d.major_grade) : NON_MAJOR_HAZARD_RGB
            return [rgb[0], rgb[1], rgb[2], 255]
          },
          sizeUnits: 'pixels',
          pickable: false,
          parameters: { depthWriteEnabled: false },
        }),
      ),
    ]
    if (showLabels && majors.length > 0) {
      const [ox, oy] = hazardLabelOffset(scale)
      layers.push(
        new TextLayer<HazardLike>(
          this.getSubLayerProps({
            id: 'labels',
            data: majors,
            getPosition: (d: HazardLike) => [d.lon, d.lat],
            getText: (d: HazardLike) => hazardLabelText(d, lang),
            getSize: HAZARD_LABEL_SIZE,
            sizeScale: dark ? size * 1.4 : size,
            getColor: dark
              ? [235, 240, 248, 255]
              : (d: HazardLike) => {
                  // darkened so yellow (三级) stays readable on a light map
                  const rgb = majorGradeRgb(d.major_grade)
                  const k = d.major_grade === 3 ? 0.62 : 0.8
                  return [Math.round(rgb[0] * k), Math.round(rgb[1] * k), Math.round(rgb[2] * k), 255]
                },
            // beside the diamond whatever its size
            getPixelOffset: [ox * size, (dark ? -10 : oy) * size],
            getTextAnchor: 'start',
            getAlignmentBaseline: 'center',
            ...LABEL_FONT,
            outlineWidth: 4,
            outlineColor: dark ? [5, 11, 22, 240] : [255, 255, 255, 240],
            pickable: false,
            parameters: { depthWriteEnabled: false },
          }),
        ),
      )
    }
    return layers
  }
}

function rank(d: HazardLike): number {
  return isMajor(d) ? (d.major_grade ?? 4) : 9
}
