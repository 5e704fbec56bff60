// Label collision for the one map (greedy, in screen space at the zoom): district names first,
// then the hazard-source grade labels (grade 1 first), parks, streets, grids; a label overlapping
// one placed before it is not drawn. Memoised on its inputs (recomputed on a zoom step or new data).
import type { Lang } from '../../app/i18n.ts'
import { greedyPlace, mercatorPx, textBox } from '../../map/labelCollision.ts'
import { areaLabelSize, type AreaLabel, type AreaLevelShown } from '../../map/layers/areas.ts'
import { symbolScale } from '../../map/viewport.ts'
import { HAZARD_LABEL_SIZE, hazardLabelOffset, hazardLabelRows, hazardLabelText, type HazardLike } from '../../layers/hazardSources/index.ts'

export type AreaLabels = Record<AreaLevelShown | 'park', AreaLabel[]>

export interface LabelInput {
  zoom: number
  lang: Lang
  showAreas: boolean
  showParks: boolean
  showHazards: boolean
  hazards: readonly HazardLike[]
  labels: AreaLabels
}

export interface Placed {
  areas: AreaLabel[]
  hazards: Set<HazardLike>
}

const PRIORITY = { district: 0, park: 2, street: 3, grid: 4 } as const

export class LabelPlacer {
  private memo: { key: unknown[]; placed: Placed } | null = null
  /** labels drawn after the last pass, and how many were candidates (for tests) */
  stats = { areas: 0, hazards: 0, candidates: 0 }

  place(i: LabelInput): Placed {
    const zq = Math.round(i.zoom * 4) / 4
    const parks = i.showParks && i.zoom >= 10
    const showHazardLabels = i.showHazards && i.zoom >= 10
    const l = i.labels
    const key = [zq, i.lang, parks, i.showAreas, showHazardLabels, i.hazards, l.park, l.district, l.street, l.grid]
    if (this.memo && this.memo.key.every((v, k) => v === key[k])) return this.memo.placed
    type Item = { area: AreaLabel; hazard?: undefined } | { hazard: HazardLike; area?: undefined }
    const items: Item[] = []
    for (const a of [...(i.showAreas ? [...l.district, ...l.street, ...l.grid] : []), ...(parks ? l.park : [])]) items.push({ area: a })
    if (showHazardLabels) for (const h of hazardLabelRows(i.hazards)) items.push({ hazard: h })
    const offset = hazardLabelOffset(symbolScale(i.zoom))
    const kept = greedyPlace(
      items,
      (it) => {
        if (it.area) {
          const [x, y] = mercatorPx(it.area.position[0], it.area.position[1], i.zoom)
          return textBox(x, y, i.lang === 'zh' ? it.area.name : it.area.nameEn, areaLabelSize(it.area.level), 'middle')
        }
        const [x, y] = mercatorPx(it.hazard.lon, it.hazard.lat, i.zoom)
        return textBox(x, y, hazardLabelText(it.hazard, i.lang), HAZARD_LABEL_SIZE, 'start', offset)
      },
      (it) => (it.area ? PRIORITY[it.area.level] : 1 + (it.hazard.major_grade ?? 4) / 10),
      4,
    )
    const placed: Placed = { areas: [], hazards: new Set() }
    for (const it of kept) {
      if (it.area) placed.areas.push(it.area)
      else placed.hazards.add(it.hazard)
    }
    this.memo = { key, placed }
    this.stats = { areas: placed.areas.length, hazards: placed.hazards.size, candidates: items.length }
    return placed
  }
}
