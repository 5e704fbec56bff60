// One field table per kind: the canonical field, whether it is required, its type, the database
// column it fills, and the header synonyms (Chinese and English) that map a file's column to it.
import type { ImportKind } from './types.ts'

export type FieldType =
  | 'text'
  | 'int'
  | 'number'
  | 'date'
  | 'credit_code'
  /** a record's own id (an export's 系统编号): keys the row before the natural keys */
  | 'uuid'
  | 'lng'
  | 'lat'
  /** a code of a reference list (industries, target types …), written as code, Chinese or English name */
  | 'ref'

export type RefList =
  | 'industries'
  | 'protective_target_types'
  | 'protective_classes'
  | 'emergency_resource_types'
  | 'risk_point_categories'
  | 'hazard_unit_types'
  | 'assessment_methods'
  | 'pipeline_media'

export interface FieldDef {
  key: string
  zh: string
  en: string
  type: FieldType
  required: boolean
  /** The database column (absent: used by the pipeline, e.g. lng/lat → location). */
  column?: string
  ref?: RefList
  /** Bounds of numbers; maximum length of text. */
  min?: number
  max?: number
  synonyms: string[]
}

const LNG: FieldDef = {
  key: 'lng',
  zh: '经度',
  en: 'longitude',
  type: 'lng',
  required: true,
  synonyms: ['经度', '东经', 'lng', 'lon', 'long', 'longitude', 'x', '经度(°)', 'x坐标', '横坐标'],
}
const LAT: FieldDef = {
  key: 'lat',
  zh: '纬度',
  en: 'latitude',
  type: 'lat',
  required: true,
  synonyms: ['纬度', '北纬', 'lat', 'latitude', 'y', '纬度(°)', 'y坐标', '纵坐标'],
}
const EXTERNAL_ID: FieldDef = {
  key: 'external_id',
  zh: '外部编号',
  en: 'external id',
  type: 'text',
  required: false,
  column: 'external_id',
  max: 100,
  synonyms: ['编号', '外部编号', '原编号', '序号id', 'id', 'external_id', 'external id', 'code', 'fid', 'objectid'],
}
/** The record's own id, as an export writes it: re-importing an export finds each record by it. */
const RECORD_ID: FieldDef = {
  key: 'id',
  zh: '系统编号',
  en: 'record id',
  type: 'uuid',
  required: false,
  column: 'id',
  synonyms: ['系统编号', '记录编号', 'record_id', 'record id', 'uuid'],
}
const ENTERPRISE_CODE: FieldDef = {
  key: 'enterprise_credit_code',
  zh: '所属企业统一社会信用代码',
  en: 'enterprise credit code',
  type: 'credit_code',
  required: true,
  synonyms: [
    '所属企业统一社会信用代码',
    '企业统一社会信用代码',
    '统一社会信用代码',
    '信用代码',
    '企业信用代码',
    'credit_code',
    'enterprise_credit_code',
    'uscc',
  ],
}

/** The required name column of a kind: its label and the headers that mean it, earlier ones winning. */
function nameField(zh: string, synonyms: string[], min?: number): FieldDef {
  return { key: 'name', zh, en: 'name', type: 'text', required: true, column: 'name', ...(min ? { min } : {}), max: 200, synonyms }
}

export const FIELDS: Record<ImportKind, FieldDef[]> = {
  enterprises: [
    nameField('企业名称', ['企业名称', '单位名称', '企业', '公司名称', '生产经营单位名称', '名称', 'name', 'enterprise', 'company'], 2),
    {
      key: 'credit_code',
      zh: '统一社会信用代码',
      en: 'credit code',
      type: 'credit_code',
      required: true,
      column: 'credit_code',
      synonyms: ['统一社会信用代码', '信用代码', '社会信用代码', '统一代码', 'credit_code', 'credit code', 'uscc'],
    },
    {
      key: 'industry_code',
      zh: '行业',
      en: 'industry',
      type: 'ref',
      ref: 'industries',
      required: true,
      column: 'industry_code',
      synonyms: ['行业', '所属行业', '行业类别', '行业类型', 'industry', 'industry_code'],
    },
    {
      key: 'address',
      zh: '地址',
      en: 'address',
      type: 'text',
      required: false,
      column: 'address',
      max: 500,
      synonyms: ['地址', '详细地址', '注册地址', '经营地址', '生产经营地址', 'address'],
    },
    LNG,
    LAT,
    {
      key: 'employees',
      zh: '从业人数',
      en: 'employees',
      type: 'int',
      required: false,
      column: 'employees',
      min: 0,
      max: 1_000_000,
      synonyms: ['从业人数', '从业人员', '员工人数', '职工人数', '人数', 'employees', 'staff'],
    },
    {
      key: 'standardization_grade',
      zh: '标准化等级',
      en: 'standardization grade',
      type: 'int',
      required: false,
      column: 'standardization_grade',
      min: 1,
      max: 3,
      synonyms: ['标准化等级', '安全生产标准化等级', '标准化', 'standardization_grade', 'standardization'],
    },
  ],
  protective_targets: [
    RECORD_ID,
    EXTERNAL_ID,
    nameField('名称', ['名称', '目标名称', '防护目标名称', '单位名称', 'name']),
    {
      key: 'type_code',
      zh: '类型',
      en: 'type',
      type: 'ref',
      ref: 'protective_target_types',
      required: true,
      column: 'type_code',
      synonyms: ['类型', '目标类型', '防护目标类型', 'type', 'type_code'],
    },
    {
      key: 'target_class',
      zh: '防护目标类别',
      en: 'class',
      type: 'ref',
      ref: 'protective_classes',
      required: false,
      column: 'target_class',
      synonyms: ['防护目标类别', '类别', '目标类别', 'class', 'target_class'],
    },
    {
      key: 'population',
      zh: '人数',
      en: 'population',
      type: 'int',
      required: false,
      column: 'population',
      min: 0,
      max: 1_000_000,
      synonyms: ['人数', '人口', '常住人口', '容纳人数', 'population', 'people'],
    },
    { ...LNG, required: false },
    { ...LAT, required: false },
  ],
  emergency_resources: [
    RECORD_ID,
    EXTERNAL_ID,
    nameField('名称', ['名称', '资源名称', '队伍名称', '单位名称', 'name']),
    {
      key: 'resource_type',
      zh: '类型',
      en: 'type',
      type: 'ref',
      ref: 'emergency_resource_types',
      required: true,
      column: 'resource_type',
      synonyms: ['类型', '资源类型', 'type', 'resource_type'],
    },
    {
      key: 'capacity',
      zh: '能力',
      en: 'capacity',
      type: 'int',
      required: false,
      column: 'capacity',
      min: 0,
      max: 100_000_000,
      synonyms: ['能力', '容量', '数量', '人数', 'capacity'],
    },
    {
      key: 'capacity_unit',
      zh: '单位',
      en: 'unit',
      type: 'text',
      required: false,
      column: 'capacity_unit',
      max: 20,
      synonyms: ['单位', '计量单位', '能力单位', 'unit', 'capacity_unit'],
    },
    {
      key: 'duty_phone',
      zh: '值班电话',
      en: 'duty phone',
      type: 'text',
      required: false,
      // No column: the database checks it (app.duty_phone_is_valid, the contacts table's rule) and
      // writes emergency_resource_contacts; an empty cell leaves the stored phone alone.
      synonyms: [
        '值班电话',
        '联系电话',
        '应急值班电话',
        '24小时值班电话',
        '应急电话',
        '值守电话',
        '电话',
        '电话号码',
        '联系方式',
        'duty_phone',
        'duty phone',
        'phone',
        'telephone',
        'tel',
      ],
    },
    LNG,
    LAT,
  ],
  chemical_parks: [
    RECORD_ID,
    EXTERNAL_ID,
    nameField('园区名称', ['园区名称', '名称', '化工园区', 'name']),
    {
      key: 'approved_by',
      zh: '批准机关',
      en: 'approved by',
      type: 'text',
      required: false,
      column: 'approved_by',
      max: 200,
      synonyms: ['批准机关', '批准单位', '认定机关', 'approved_by', 'approved by'],
    },
  ],
  hazard_sources: [
    RECORD_ID,
    EXTERNAL_ID,
    ENTERPRISE_CODE,
    nameField('危险源名称', ['危险源名称', '重大危险源名称', '单元名称', '名称', 'name']),
    {
      key: 'unit_type',
      zh: '单元类型',
      en: 'unit type',
      type: 'ref',
      ref: 'hazard_unit_types',
      required: true,
      column: 'unit_type',
      synonyms: ['单元类型', '单元类别', '类型', 'unit_type', 'type'],
    },
    {
      key: 'substance',
      zh: '危险化学品',
      en: 'substance',
      type: 'text',
      required: false,
      // one name (with 最大储量), or several as 液氯:20;液氨:5 (the database resolves and checks them)
      max: 4000,
      synonyms: ['危险化学品', '危险化学品名称', '物质名称', '物质', '品名', '危险化学品及储量', 'substance', 'substances', 'cas'],
    },
    {
      key: 'max_quantity_t',
      zh: '最大储量(t)',
      en: 'maximum quantity (t)',
      type: 'number',
      required: false,
      min: 0,
      max: 1e8,
      synonyms: ['最大储量(t)', '最大储量', '最大存量', '设计储量', '数量(t)', '数量', 'max_quantity_t', 'quantity'],
    },
    { ...LNG, required: false },
    { ...LAT, required: false },
  ],
  risk_points: [
    RECORD_ID,
    EXTERNAL_ID,
    { ...ENTERPRISE_CODE, required: false },
    nameField('风险点名称', ['风险点名称', '风险点', '名称', 'name']),
    {
      key: 'category_code',
      zh: '类别',
      en: 'category',
      type: 'ref',
      ref: 'risk_point_categories',
      required: true,
      column: 'category_code',
      synonyms: ['类别', '风险点类别', '风险类别', '类型', 'category', 'category_code'],
    },
    {
      key: 'method',
      zh: '评估方法',
      en: 'method',
      type: 'ref',
      ref: 'assessment_methods',
      required: false,
      column: 'method',
      synonyms: ['评估方法', '评价方法', '方法', 'method'],
    },
    { key: 'lec_l', zh: 'L', en: 'LEC L', type: 'number', required: false, column: 'lec_l', min: 0, max: 10, synonyms: ['l', 'lec_l', '可能性l'] },
    { key: 'lec_e', zh: 'E', en: 'LEC E', type: 'number', required: false, column: 'lec_e', min: 0, max: 10, synonyms: ['e', 'lec_e', '暴露频率e'] },
    { key: 'lec_c', zh: 'C', en: 'LEC C', type: 'number', required: false, column: 'lec_c', min: 0, max: 100, synonyms: ['c', 'lec_c', '后果c'] },
    { key: 'matrix_l', zh: '可能性', en: 'matrix L', type: 'int', required: false, column: 'matrix_l', min: 1, max: 5, synonyms: ['可能性', 'matrix_l'] },
    { key: 'matrix_s', zh: '严重性', en: 'matrix S', type: 'int', required: false, column: 'matrix_s', min: 1, max: 5, synonyms: ['严重性', 's', 'matrix_s'] },
    {
      key: 'assessed_by',
      zh: '评估人',
      en: 'assessed by',
      type: 'text',
      required: false,
      column: 'assessed_by',
      max: 100,
      synonyms: ['评估人', '评价人', 'assessed_by'],
    },
    {
      key: 'assessed_at',
      zh: '评估日期',
      en: 'assessed on',
      type: 'date',
      required: false,
      column: 'assessed_at',
      synonyms: ['评估日期', '评价日期', '评估时间', 'assessed_at', 'date'],
    },
    LNG,
    LAT,
  ],
  // Lines (GeoJSON or a zipped Shapefile; no position columns). A Shapefile's .dbf names fields in
  // at most 10 bytes (3 Chinese characters in UTF-8, 5 in GBK), hence the short synonyms.
  pipelines: [
    RECORD_ID,
    EXTERNAL_ID,
    nameField('管道名称', ['管道名称', '管线名称', '名称', '管道', 'name', 'pipe_name'], 2),
    {
      key: 'medium',
      zh: '介质',
      en: 'medium',
      type: 'ref',
      ref: 'pipeline_media',
      required: true,
      column: 'medium',
      synonyms: ['介质', '输送介质', '管道介质', '介质类型', 'medium', 'media'],
    },
    {
      key: 'operator_credit_code',
      zh: '运营单位统一社会信用代码',
      en: 'operator credit code',
      type: 'credit_code',
      required: false,
      synonyms: [
        '运营单位统一社会信用代码',
        '运营单位信用代码',
        '运营企业统一社会信用代码',
        '管道企业统一社会信用代码',
        '统一社会信用代码',
        '信用代码',
        '运营单位代码',
        // a Shapefile's .dbf keeps 10 bytes of a field name: 5 characters in GBK
        '运营单位统',
        'operator_credit_code',
        'uscc',
        'credit_code',
      ],
    },
    {
      key: 'diameter_mm',
      zh: '管径(mm)',
      en: 'diameter (mm)',
      type: 'number',
      required: false,
      column: 'diameter_mm',
      min: 10,
      max: 2000,
      synonyms: ['管径(mm)', '管径', '公称直径', '外径', 'dn', 'diameter_mm', 'diameter'],
    },
    {
      key: 'pressure_mpa',
      zh: '设计压力(MPa)',
      en: 'design pressure (MPa)',
      type: 'number',
      required: false,
      column: 'pressure_mpa',
      min: 0,
      max: 30,
      synonyms: ['设计压力(MPa)', '设计压力', '压力', '运行压力', 'pressure_mpa', 'pressure'],
    },
    {
      key: 'burial_depth_m',
      zh: '埋深(m)',
      en: 'burial depth (m)',
      type: 'number',
      required: false,
      column: 'burial_depth_m',
      min: 0,
      max: 50,
      synonyms: ['埋深(m)', '埋深', '埋设深度', 'burial_depth_m', 'depth'],
    },
    {
      key: 'built_year',
      zh: '建设年份',
      en: 'year built',
      type: 'int',
      required: false,
      column: 'built_year',
      // the database refuses a year after this one (the city's calendar)
      min: 1900,
      max: 2100,
      synonyms: ['建设年份', '建成年份', '建设年代', '投运年份', '年份', 'built_year', 'year'],
    },
  ],
}

/** Kinds whose rows are lines (GeoJSON / Shapefile of LineStrings): no position columns. */
export const LINE_KINDS: ReadonlySet<ImportKind> = new Set(['pipelines'])
/** Kinds a table (CSV, XLSX) cannot hold: their shapes need GeoJSON or a Shapefile. */
export const GEOMETRY_ONLY: ReadonlySet<ImportKind> = new Set(['chemical_parks', 'pipelines'])
/** A line's bounds (the pipelines' write trigger): parts and vertices, checked before staging. */
export const LINE_MAX_PARTS = 100
export const LINE_MAX_VERTICES = 20_000

/** Kinds whose rows may carry a polygon (GeoJSON / Shapefile); the others are points. */
export const POLYGON_KINDS: ReadonlySet<ImportKind> = new Set(['chemical_parks', 'protective_targets', 'hazard_sources'])
/** Kinds that must be polygons. */
export const POLYGON_ONLY: ReadonlySet<ImportKind> = new Set(['chemical_parks'])

export const KIND_LABEL: Record<ImportKind, { zh: string; en: string }> = {
  enterprises: { zh: '企业', en: 'enterprises' },
  hazard_sources: { zh: '危险源（含储量）', en: 'hazard sources (with inventory)' },
  risk_points: { zh: '风险点（含评估输入）', en: 'risk points (with assessment inputs)' },
  protective_targets: { zh: '防护目标', en: 'protective targets' },
  emergency_resources: { zh: '应急资源', en: 'emergency resources' },
  chemical_parks: { zh: '化工园区', en: 'chemical parks' },
  pipelines: { zh: '油气管道', en: 'pipelines' },
}
