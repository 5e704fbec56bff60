// Row types shared by src/data (which fetches them) and src/map / src/layers (which draw them):
// the shapes the map RPCs return (see supabase/migrations/*_map_api.sql). Enum-valued fields take
// their values from the schema (dbTypes.ts, generated), so a changed enum shows up here.
import type { FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson'
import type { Enums, Tables } from './dbTypes.ts'
import type { AccidentFeature } from '../domain/accidentsMap.ts'
import type { CurrentLevelReason, SourceFreshness } from '../domain/freshness.ts'
import type { PipelineDetail } from './pipelines.ts'
import type { VehicleDetail } from './vehicles.ts'
import type { MonitoredSource } from './monitoring.ts'

export type Bbox = readonly [west: number, south: number, east: number, north: number]

export type PointLayer = 'risk_points' | 'hidden_dangers' | 'protective_targets'
export type DetailLayer = 'hazard_sources' | 'hidden_dangers' | 'risk_points' | 'protective_targets' | 'emergency_resources' | 'enterprises'

/** A risk point's card: its columns as the schema types them, and the names joined to them. */
export interface RiskPointDetail extends Pick<
  Tables['risk_points'],
  | 'id'
  | 'name'
  | 'category_code'
  | 'level'
  | 'method'
  | 'lec_l'
  | 'lec_e'
  | 'lec_c'
  | 'matrix_l'
  | 'matrix_s'
  | 'score'
  | 'enterprise_id'
  | 'area_code'
  | 'assessed_by'
  | 'assessed_at'
  | 'current_level'
> {
  /** why current_level differs from the assessed level (the dynamic rules), null when it does not */
  current_level_reason?: CurrentLevelReason | null
  /** 待复评: the assessment is older than the review period (freshness_settings) */
  review_due?: boolean
  review_due_on?: string | null
  category_name: string
  category_name_en?: string | null
  enterprise_name: string | null
  area_name: string | null
  lon: number
  lat: number
}
export interface HiddenDangerDetail {
  id: string
  title: string
  description: string | null
  status: string
  severity: Enums['hidden_danger_severity'] | null
  overdue: boolean
  deadline: string | null
  listing_level: Enums['listing_level'] | null
  listing_date?: string | null
  supervising_office?: string | null
  source?: string | null
  closed_at?: string | null
  enterprise_name: string | null
  area_name: string | null
  lon: number
  lat: number
  found_at: string | null
}
export interface ProtectiveTargetDetail {
  id: string
  name: string
  target_class: string
  type_code: string
  type_name: string
  type_name_en?: string | null
  population: number | null
  area_name: string | null
  lon: number
  lat: number
}
export interface HazardSourceDetail {
  id: string
  name: string
  unit_type: Enums['hazard_unit_type']
  enterprise_name: string | null
  is_major: boolean
  major_grade: number | null
  s_value: number | null
  r_value: number | null
  alpha: number | null
  exposed_population?: number | null
  area_name?: string | null
  inventory: { substance: string; quantity_t: number; critical_t: number }[] | null
  distances: { target_class: string; required_m: number }[] | null
  /** 待重评 by 令40号 art. 11 (feature_card) */
  freshness?: SourceFreshness | null
  lon: number
  lat: number
}
export interface EmergencyResourceDetail {
  id: string
  name: string
  resource_type: string
  capacity: number | null
  capacity_unit: string | null
  duty_phone: string | null
  area_name?: string | null
  lon: number
  lat: number
}
export interface EnterpriseDetail {
  id: string
  name: string
  credit_code: string
  industry_code: string
  industry_name: string | null
  industry_name_en?: string | null
  address: string | null
  standardization_grade: number | null
  relocation_status: string | null
  area_name: string | null
  lon: number
  lat: number
}
export interface PublicRiskDetail {
  category_code: string
  category_name: string
  category_name_en?: string | null
  level: number
  public_advice: string | null
  area_name?: string | null
  lon: number
  lat: number
}
/** A major hazard source as the public's card shows it: what the public map draws. */
export type PublicHazardDetail = MajorHazardFeature

export type Detail =
  | { kind: 'risk_points'; data: RiskPointDetail }
  | { kind: 'hidden_dangers'; data: HiddenDangerDetail }
  | { kind: 'protective_targets'; data: ProtectiveTargetDetail }
  | { kind: 'hazard_sources'; data: HazardSourceDetail }
  | { kind: 'emergency_resources'; data: EmergencyResourceDetail }
  | { kind: 'enterprises'; data: EnterpriseDetail }
  | { kind: 'public_risk'; data: PublicRiskDetail }
  | { kind: 'public_hazard'; data: PublicHazardDetail }
  | { kind: 'public_resource'; data: EmergencyResourceFeature }
  | { kind: 'pipelines'; data: PipelineDetail }
  | { kind: 'accidents'; data: AccidentFeature }
  | { kind: 'vehicles'; data: VehicleDetail }
  | { kind: 'monitoring'; data: MonitoredSource }

export interface DetailByLayer {
  risk_points: RiskPointDetail
  hidden_dangers: HiddenDangerDetail
  protective_targets: ProtectiveTargetDetail
  hazard_sources: HazardSourceDetail
  emergency_resources: EmergencyResourceDetail
  enterprises: EnterpriseDetail
}

export interface HazardSourceFeature {
  id: string
  name: string
  enterprise_name: string | null
  is_major: boolean
  major_grade: number | null
  unit_type: string
  lon: number
  lat: number
}
export interface MajorHazardFeature {
  id: string
  enterprise_name: string
  major_grade: number | null
  lon: number
  lat: number
  advice_distance_m: number | null
}
export interface EmergencyResourceFeature {
  id: string
  name: string
  resource_type: string
  capacity: number | null
  lon: number
  lat: number
}
export interface ChemicalParkFeature {
  id: string
  name: string
  geometry: Polygon | MultiPolygon
}

export interface SmallLayerRows {
  hazard_sources: HazardSourceFeature[]
  major_hazards: MajorHazardFeature[]
  emergency_resources: EmergencyResourceFeature[]
  chemical_parks: ChemicalParkFeature[]
}
export type AreaLevel = Enums['area_level']
export interface AreaProps {
  code: string
  name: string
  name_en: string | null
  level: AreaLevel
  parent_code: string | null
  /** a point inside the area for its label (ST_PointOnSurface) */
  label_lon?: number
  label_lat?: number
}
export type AreaCollection = FeatureCollection<Geometry, AreaProps>

export type CountsByLevel = Record<'1' | '2' | '3' | '4', number>
export interface AreaRiskSummary {
  code: string
  name: string
  /** the area's English name (pinyin with its kind), or its Chinese name when it has none
   * (20270121000100; absent from a database without that migration) */
  name_en?: string
  risk_points: CountsByLevel
  /** effective level: the override's, else the highest of the risk points in it; null = none */
  level: number | null
  /** signed-in only */
  highest_level?: number | null
  override?: { level: number; reason: string; assessed_by: string; assessed_at: string } | null
  major_hazards?: CountsByLevel
  hidden_dangers?: { open: number; overdue: number }
}
