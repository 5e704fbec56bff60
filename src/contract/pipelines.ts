// Row types of the pipeline RPCs (issue 19, supabase/migrations/20261212000300_pipeline_map.sql),
// shared by src/data (which fetches them) and src/layers/pipelines (which draws them).
import type { Enums } from './dbTypes.ts'

export type PipelineMedium = Enums['pipeline_medium']

/** [lon, lat] */
export type LonLat = [number, number]

export interface PipelineLine {
  id: string
  name: string
  medium: PipelineMedium
  diameter_mm: number | null
  pressure_mpa: number | null
  /** MultiLineString coordinates, simplified for the zoom */
  paths: LonLat[][]
}

export interface PipelineEncroachmentPoint {
  pipeline_id: string
  target_id: string
  target_name: string
  distance_m: number
  /** the nearest point on the centreline */
  lon: number
  lat: number
}

export interface PipelineHcaSegment {
  pipeline_id: string
  /** 1 = Ⅰ … 3 = Ⅲ (GB 32167) */
  hca_class: number
  criterion: 'specific_place' | 'settlement_50' | 'class_3_area'
  paths: LonLat[][]
}

export interface PipelineMap {
  lines: PipelineLine[]
  /** the targets within 5 m of a line inside the view, at most 1,000 (migration 20270224000200) */
  encroachments: PipelineEncroachmentPoint[]
  /** the view holds more encroachments than were sent: zoom in to see them all */
  encroachments_more?: boolean
  hca: PipelineHcaSegment[]
}

export interface PipelineDetail {
  id: string
  name: string
  medium: PipelineMedium
  diameter_mm: number | null
  pressure_mpa: number | null
  burial_depth_m: number | null
  built_year: number | null
  is_demo: boolean
  operator_enterprise_id: string | null
  operator_name: string | null
  area_names: string[]
  area_names_en: string[]
  length_m: number
  along_m: number
  distance_m: number
  /** the clicked point's foot on the line */
  lon: number
  lat: number
  encroachments: {
    target_id: string
    target_name: string
    type_code: string
    target_class: string
    distance_m: number
    along_m: number
    lon: number
    lat: number
  }[]
  hca: {
    from_m: number
    to_m: number
    hca_class: number
    criterion: PipelineHcaSegment['criterion']
    reason_zh: string
    reason_en: string
    targets: number
    population: number
    households: number
  }[]
}
