// Hazard sources: a diamond per unit, major ones coloured by grade (一级 red … 四级 blue) with a
// grade label; others a small grey diamond outline. A few hundred features: plain objects are fine.
import { IconLayer, TextLayer } from '@deck.gl/layers'
import type { Layer } from '@deck.gl/core'
import { majorGradeName, majorGradeRgb, NON_MAJOR_HAZARD_RGB } from '../../domain/levels.ts'
import type { HazardSourceFeature, MajorHazardFeature } from '../../data/mapApi.ts'
import { iconAtlas } from '../icons.ts'
import { CJK_FONT_FAMILY } from './text.ts'

type HazardLike = { lon: number; lat: number; major_grade: number | null; is_major?: boolean; enterprise_name?: string | null }

function isMajor(d: HazardLike): boolean {
  return d.is_major ?? d.major_grade != null
}

export function hazardSourceLayers(id: string, rows: (HazardSourceFeature | MajorHazardFeature)[], visible: boolean, lang: 'zh' | 'en', showLabels: boolean, scale = 1): Layer[] {
  const atlas = iconAtlas()
  const iconScale = Math.min(1.2, Math.max(0.6, scale))
  // majors drawn last (on top), grade 1 on top of grade 4
  const sorted = [...rows].sort((a, b) => rank(b) - rank(a))
  // one grade label per enterprise (its highest grade), so neighbouring units don't stack labels
  const seen = new Set<string>()
  const majors: HazardLike[] = []
  for (let i = sorted.length - 1; i >= 0; i--) {
    const d = sorted[i]!
    if (!isMajor(d)) continue
    const key = d.enterprise_name ?? `${d.lon.toFixed(3)},${d.lat.toFixed(3)}`
    if (seen.has(key)) continue
    seen.add(key)
    majors.push(d)
  }
  const layers: Layer[] = [
    new IconLayer<HazardLike>({
      id,
      visible,
      data: sorted,
      iconAtlas: atlas.url,
      iconMapping: atlas.mapping,
      getIcon: (d) => (isMajor(d) ? 'diamond' : 'diamond-ring'),
      getPosition: (d) => [d.lon, d.lat],
      getSize: (d) => (isMajor(d) ? 24 - (d.major_grade ?? 4) * 1.5 : 12),
      sizeScale: iconScale,
      getColor: (d) => {
        const rgb = isMajor(d) ? majorGradeRgb(d.major_grade) : NON_MAJOR_HAZARD_RGB
        return [rgb[0], rgb[1], rgb[2], 255]
      },
      sizeUnits: 'pixels',
      pickable: false,
      parameters: { depthWriteEnabled: false },
    }),
  ]
  if (showLabels && majors.length > 0) {
    layers.push(
      new TextLayer<HazardLike>({
        id: `${id}-labels`,
        visible,
        data: majors,
        getPosition: (d) => [d.lon, d.lat],
        getText: (d) => majorGradeName(d.major_grade, lang) || (lang === 'zh' ? '重大' : 'Major'),
        getSize: 12,
        getColor: (d) => {
          // darkened so yellow (三级) stays readable on a light map
          const rgb = majorGradeRgb(d.major_grade)
          const k = d.major_grade === 3 ? 0.62 : 0.8
          return [Math.round(rgb[0] * k), Math.round(rgb[1] * k), Math.round(rgb[2] * k), 255]
        },
        // beside the diamond whatever its size
        getPixelOffset: [4 + 11 * iconScale, -10 * iconScale],
        getTextAnchor: 'start',
        getAlignmentBaseline: 'center',
        fontFamily: CJK_FONT_FAMILY,
        fontWeight: 700,
        characterSet: 'auto',
        fontSettings: { sdf: true, fontSize: 48, buffer: 6 },
        outlineWidth: 4,
        outlineColor: [255, 255, 255, 240],
        pickable: false,
        parameters: { depthWriteEnabled: false },
      }),
    )
  }
  return layers
}

function rank(d: HazardLike): number {
  return isMajor(d) ? d.major_grade ?? 4 : 9
}
