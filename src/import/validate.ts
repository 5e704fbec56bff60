// Rows → records for the database, or a named refusal per row. Refuse, never fix: a bad value is
// reported with its Excel row number, the column as the file names it, and the reason.
// What needs the database (natural keys, the served region, the caller's jurisdiction) is decided
// by the dry run there (supabase/migrations/20261205000200_import.sql).
import { creditCodeProblem } from './creditCode.ts'
import { FIELDS, LINE_KINDS, LINE_MAX_PARTS, LINE_MAX_VERTICES, POLYGON_KINDS, POLYGON_ONLY, type FieldDef } from './fields.ts'
import type { Mapping } from './mapping.ts'
import { RefIndex, type RefLists } from './refs.ts'
import { ImportFileError, type CrsId, type ImportKind, type RowError, type SourceTable, type ToWgs84 } from './types.ts'

export type Cell = string | number | null
/** One row for the database: keys are the table's columns (location/geom as EWKT), plus
 * enterprise_credit_code where the row belongs to an enterprise. */
export interface StagedRow {
  row: number
  data: Record<string, Cell>
}

export interface Prepared {
  rows: StagedRow[]
  errors: RowError[]
  /** a refused row's WGS-84 position when the file gave a usable one (for the verdict map) */
  errorAt: Map<number, [number, number]>
  /** data rows read (blank rows are not counted) */
  total: number
}

export interface PrepareOptions {
  kind: ImportKind
  mapping: Mapping
  refs: RefLists
  crs: CrsId
  toWgs84: ToWgs84
}

/** WGS-84 and CGCS2000 are the same at map precision; every other CRS needs src/geo/crs.ts. */
export const identityToWgs84: ToWgs84 = (x, y, crs) => {
  if (crs === 'wgs84' || crs === 'cgcs2000' || crs === 'EPSG:4326' || crs === 'EPSG:4490') return [x, y]
  throw new Error(`坐标系 ${crs} 的转换尚未接入 / no transform for ${crs} yet`)
}

export const GEOM_COLUMN: Record<ImportKind, 'location' | 'geom'> = {
  enterprises: 'location',
  emergency_resources: 'location',
  risk_points: 'location',
  protective_targets: 'geom',
  hazard_sources: 'geom',
  chemical_parks: 'geom',
  pipelines: 'geom',
}

class RowRefusal extends Error {
  constructor(
    readonly column: string,
    message: string,
  ) {
    super(message)
  }
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/

function parseNumber(raw: string, f: FieldDef, column: string): number {
  const s = raw.normalize('NFKC').trim()
  if (!NUMBER.test(s)) throw new RowRefusal(column, `“${raw}”不是数字 / "${raw}" is not a number`)
  const n = Number(s)
  if (f.type === 'int' && !Number.isInteger(n)) throw new RowRefusal(column, `“${raw}”不是整数 / "${raw}" is not a whole number`)
  if ((f.min !== undefined && n < f.min) || (f.max !== undefined && n > f.max)) {
    throw new RowRefusal(
      column,
      `${f.zh}应在 ${f.min ?? '-∞'}–${f.max ?? '∞'} 之间，实为 ${raw} / ${f.en} must be within ${f.min ?? '-∞'}–${f.max ?? '∞'}, got ${raw}`,
    )
  }
  return n
}

function parseDate(raw: string, column: string): string {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(raw.normalize('NFKC').trim())
  const d = m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)) : null
  if (!m || !d || d.getUTCMonth() !== +m[2]! - 1 || d.getUTCDate() !== +m[3]!) {
    throw new RowRefusal(column, `“${raw}”不是日期（应为 2026-12-05） / "${raw}" is not a date (write 2026-12-05)`)
  }
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`
}

const fmt = (n: number) => String(n)

function pointWkt(lng: number, lat: number): string {
  return `SRID=4326;POINT(${fmt(lng)} ${fmt(lat)})`
}

/** A position in the file's CRS → WGS-84, refusing what cannot be a position on Earth. */
function toLngLat(x: number, y: number, o: PrepareOptions, column: string): [number, number] {
  let p: [number, number]
  try {
    p = o.toWgs84(x, y, o.crs)
  } catch (e) {
    throw new RowRefusal(column, (e as Error).message)
  }
  const [lng, lat] = p
  if (!Number.isFinite(lng) || !Number.isFinite(lat) || lng < -180 || lng > 180 || lat < -90 || lat > 90) {
    if (Math.abs(lat) > 90 && Math.abs(lng) <= 90 && Math.abs(lat) <= 180) {
      throw new RowRefusal(
        column,
        `经纬度可能填反了：纬度 ${lat} 超出 ±90，应为经度 ${lat}、纬度 ${lng}？ / longitude and latitude look swapped: latitude ${lat} is beyond ±90; did you mean longitude ${lat}, latitude ${lng}?`,
      )
    }
    throw new RowRefusal(column, `坐标超出范围（经度 ±180、纬度 ±90）：${lng}, ${lat} / coordinates out of range: ${lng}, ${lat}`)
  }
  return [lng, lat]
}

function ringWkt(ring: GeoJSON.Position[], o: PrepareOptions, column: string): string {
  return `(${ring.map(([x, y]) => toLngLat(Number(x), Number(y), o, column).map(fmt).join(' ')).join(',')})`
}

/** A LineString or MultiLineString → MULTILINESTRING (as the database stores lines), within a line's bounds. */
function lineWkt(g: GeoJSON.LineString | GeoJSON.MultiLineString, o: PrepareOptions, column: string): string {
  const parts = g.type === 'LineString' ? [g.coordinates] : g.coordinates
  if (parts.length > LINE_MAX_PARTS)
    throw new RowRefusal(
      column,
      `走向分段过多：最多 ${LINE_MAX_PARTS} 段，收到 ${parts.length} 段 / the route has too many parts: at most ${LINE_MAX_PARTS}, got ${parts.length}`,
    )
  const vertices = parts.reduce((n, p) => n + p.length, 0)
  if (vertices > LINE_MAX_VERTICES)
    throw new RowRefusal(
      column,
      `走向顶点过多：最多 ${LINE_MAX_VERTICES} 个，收到 ${vertices} 个 / the route has too many vertices: at most ${LINE_MAX_VERTICES}, got ${vertices}`,
    )
  const short = parts.findIndex((p) => p.length < 2)
  if (short >= 0) throw new RowRefusal(column, `走向第 ${short + 1} 段不足两个点 / part ${short + 1} of the route has fewer than two points`)
  return `SRID=4326;MULTILINESTRING(${parts.map((p) => ringWkt(p, o, column)).join(',')})`
}

function geometryWkt(g: GeoJSON.Geometry, o: PrepareOptions, column: string): string {
  if (LINE_KINDS.has(o.kind)) {
    if (g.type === 'LineString' || g.type === 'MultiLineString') return lineWkt(g, o, column)
    throw new RowRefusal(
      column,
      `几何类型 ${g.type} 不适用，应为线（LineString 或 MultiLineString） / geometry ${g.type} does not fit: a line (LineString or MultiLineString) is needed`,
    )
  }
  const polygonOnly = POLYGON_ONLY.has(o.kind)
  if (g.type === 'Point' && !polygonOnly) {
    const [lng, lat] = toLngLat(Number(g.coordinates[0]), Number(g.coordinates[1]), o, column)
    return pointWkt(lng, lat)
  }
  if (POLYGON_KINDS.has(o.kind) && (g.type === 'Polygon' || g.type === 'MultiPolygon')) {
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates
    const body = polys.map((p) => `(${p.map((r) => ringWkt(r, o, column)).join(',')})`).join(',')
    return polygonOnly || g.type === 'MultiPolygon' ? `SRID=4326;MULTIPOLYGON(${body})` : `SRID=4326;POLYGON${body}`
  }
  const want = polygonOnly ? '面（Polygon）' : POLYGON_KINDS.has(o.kind) ? '点或面' : '点（Point）'
  throw new RowRefusal(
    column,
    `几何类型 ${g.type} 不适用，应为${want} / geometry ${g.type} does not fit: ${polygonOnly ? 'a polygon' : POLYGON_KINDS.has(o.kind) ? 'a point or polygon' : 'a point'} is needed`,
  )
}

function keyOf(kind: ImportKind, d: Record<string, Cell>): string | null {
  if (kind === 'enterprises') return `cc:${d.credit_code}`
  if (d.id) return `id:${d.id}`
  if (d.external_id) return `ext:${d.external_id}`
  if ((kind === 'hazard_sources' || kind === 'risk_points') && d.enterprise_credit_code) return `ent:${d.enterprise_credit_code}|${d.name}`
  // (name, operator): a row without an operator is keyed by its name among those without one
  if (kind === 'pipelines') return `op:${d.operator_credit_code ?? ''}|${d.name}`
  if (kind === 'chemical_parks') return `name:${d.name}`
  return null // (name, type, position within 10 m): checked by distance below
}

function metres(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180
  const x = (b[0] - a[0]) * rad * Math.cos(((a[1] + b[1]) / 2) * rad)
  const y = (b[1] - a[1]) * rad
  return Math.hypot(x, y) * 6_371_008.8
}

export function prepareRows(table: SourceTable, o: PrepareOptions): Prepared {
  const fields = FIELDS[o.kind]
  const col = new Map<string, number>()
  for (const f of fields) {
    const h = o.mapping[f.key]
    if (h) col.set(f.key, table.headers.indexOf(h))
  }
  const hasGeometry = table.rows.some((r) => r.geometry)
  const missing = fields.filter((f) => f.required && !col.has(f.key) && !((f.type === 'lng' || f.type === 'lat') && hasGeometry))
  if (missing.length > 0) {
    throw new ImportFileError(
      `缺少必需的列：${missing.map((f) => f.zh).join('、')}（请在列映射中指定）`,
      `required columns not found: ${missing.map((f) => f.en).join(', ')} (map them)`,
    )
  }
  if (POLYGON_ONLY.has(o.kind) && !hasGeometry) {
    throw new ImportFileError('化工园区需要面几何：请用 GeoJSON 或 Shapefile', 'chemical parks need polygons: use GeoJSON or a Shapefile')
  }
  if (LINE_KINDS.has(o.kind) && !hasGeometry) {
    throw new ImportFileError(
      '油气管道需要线几何（走向）：请用 GeoJSON 或 Shapefile（zip），表格装不下管道的走向',
      'pipelines need lines (their routes): use GeoJSON or a zipped Shapefile; a table cannot hold a route',
    )
  }
  const refs = new Map<string, RefIndex>()
  const refIndex = (f: FieldDef) => {
    let r = refs.get(f.ref!)
    if (!r) refs.set(f.ref!, (r = new RefIndex(o.refs[f.ref!])))
    return r
  }
  const header = (f: FieldDef) => o.mapping[f.key] ?? f.zh

  const rows: StagedRow[] = []
  const errors: RowError[] = []
  const keys = new Map<string, number>()
  const nearby = new Map<string, { row: number; at: [number, number] }[]>()
  const errorAt = new Map<number, [number, number]>()
  const lngCol = fields.find((f) => f.type === 'lng')
  const latCol = fields.find((f) => f.type === 'lat')
  /** where a refused row would be, when its position can be read at all */
  const positionHint = (src: SourceTable['rows'][number]): [number, number] | null => {
    try {
      const g = src.geometry
      if (g?.type === 'Point') return toLngLat(Number(g.coordinates[0]), Number(g.coordinates[1]), o, 'geometry')
      if (g || !lngCol || !latCol) return null
      const cell = (f: FieldDef) => {
        const i = col.get(f.key)
        return i === undefined || i < 0 ? NaN : Number((src.cells[i] ?? '').trim() || NaN)
      }
      const x = cell(lngCol)
      const y = cell(latCol)
      return Number.isFinite(x) && Number.isFinite(y) ? toLngLat(x, y, o, '') : null
    } catch {
      return null
    }
  }
  for (const src of table.rows) {
    let at: [number, number] | null = null
    try {
      const d: Record<string, Cell> = {}
      let lng: number | null = null
      let lat: number | null = null
      for (const f of fields) {
        const i = col.get(f.key)
        const raw = i === undefined || i < 0 ? null : (src.cells[i] ?? null)
        const text = raw === null ? '' : raw.replace(/^[\s\u3000\ufeff]+|[\s\u3000\ufeff]+$/g, '')
        if (text === '') {
          if (f.required && !((f.type === 'lng' || f.type === 'lat') && src.geometry)) {
            throw new RowRefusal(header(f), `${f.zh}不能为空 / ${f.en} is required`)
          }
          continue
        }
        const c = header(f)
        switch (f.type) {
          case 'text':
            if (f.max !== undefined && [...text].length > f.max)
              throw new RowRefusal(c, `${f.zh}超过 ${f.max} 个字符 / ${f.en} is longer than ${f.max} characters`)
            if (f.min !== undefined && [...text].length < f.min)
              throw new RowRefusal(c, `${f.zh}至少 ${f.min} 个字符 / ${f.en} needs at least ${f.min} characters`)
            d[f.column ?? f.key] = text
            break
          case 'credit_code': {
            const p = creditCodeProblem(text)
            if (p) throw new RowRefusal(c, p)
            d[f.column ?? f.key] = text
            break
          }
          case 'uuid':
            if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text))
              throw new RowRefusal(c, `${f.zh}“${text}”不是导出文件中的编号格式 / ${f.en} "${text}" is not an id as an export writes it`)
            d[f.column ?? f.key] = text.toLowerCase()
            break
          case 'int':
          case 'number':
            d[f.column ?? f.key] = parseNumber(text, f, c)
            break
          case 'date':
            d[f.column ?? f.key] = parseDate(text, c)
            break
          case 'lng':
            lng = parseNumber(text, f, c)
            break
          case 'lat':
            lat = parseNumber(text, f, c)
            break
          case 'ref': {
            const idx = refIndex(f)
            const hit = idx.find(text)
            if (!hit) {
              const near = idx.closest(text)
              throw new RowRefusal(
                c,
                `未知的${f.zh}“${text}”${near ? `，最接近的是“${near.name_zh}”（${near.code}）` : ''} / unknown ${f.en} "${text}"${near ? `; closest: "${near.name_en}" (${near.code})` : ''}`,
              )
            }
            d[f.column!] = hit.code
            if (f.ref === 'protective_target_types' && hit.default_class) d.target_class ??= hit.default_class
          }
        }
      }
      // Position: a feature's geometry, else the longitude/latitude columns.
      const gcol = GEOM_COLUMN[o.kind]
      if (src.geometry) {
        d[gcol] = geometryWkt(src.geometry, o, 'geometry')
        if (src.geometry.type === 'Point') at = toLngLat(Number(src.geometry.coordinates[0]), Number(src.geometry.coordinates[1]), o, 'geometry')
      } else if (lng !== null && lat !== null) {
        at = toLngLat(lng, lat, o, header(fields.find((f) => f.type === 'lng')!))
        d[gcol] = pointWkt(at[0], at[1])
      } else if (LINE_KINDS.has(o.kind)) {
        throw new RowRefusal('geometry', '没有走向：该要素没有线几何 / no route: the feature has no line geometry')
      } else if (lng !== null || lat !== null || !POLYGON_KINDS.has(o.kind)) {
        throw new RowRefusal(
          lng === null ? header(fields.find((f) => f.type === 'lng')!) : header(fields.find((f) => f.type === 'lat')!),
          '经度和纬度都要填写 / both longitude and latitude are required',
        )
      } else {
        throw new RowRefusal('geometry', '没有位置：请给出经纬度或几何 / no position: give longitude and latitude or a geometry')
      }
      if (o.kind === 'risk_points') {
        const method = (d.method as string | undefined) ?? (d.matrix_l !== undefined || d.matrix_s !== undefined ? 'matrix' : 'lec')
        d.method = method
        const need = method === 'lec' ? ['lec_l', 'lec_e', 'lec_c'] : ['matrix_l', 'matrix_s']
        const lack = need.filter((k) => d[k] === undefined)
        if (lack.length) {
          const f = fields.find((x) => x.key === lack[0])!
          throw new RowRefusal(header(f), `${method === 'lec' ? 'LEC 法需要 L、E、C' : '风险矩阵需要可能性和严重性'} / ${method} needs ${need.join(', ')}`)
        }
      }
      // Duplicate keys inside the file.
      const key = keyOf(o.kind, d)
      const keyField = o.kind === 'enterprises' ? 'credit_code' : d.id ? 'id' : d.external_id ? 'external_id' : 'name'
      const keyCol = header(fields.find((f) => f.key === keyField)!)
      if (key) {
        const first = keys.get(key)
        if (first !== undefined)
          throw new RowRefusal(
            keyCol,
            `与第 ${first} 行重复（同一${keyField === 'credit_code' ? '统一社会信用代码' : keyField === 'id' ? '系统编号' : keyField === 'external_id' ? '外部编号' : o.kind === 'pipelines' ? '名称和运营单位' : '名称'}） / duplicate of row ${first}`,
          )
        keys.set(key, src.row)
      } else if (at) {
        const type = String(d.type_code ?? d.resource_type ?? '')
        const bucket = `${d.name}|${type}`
        const seen = nearby.get(bucket) ?? []
        const dup = seen.find((s) => metres(s.at, at!) <= 10)
        if (dup)
          throw new RowRefusal(
            keyCol,
            `与第 ${dup.row} 行重复（名称、类型相同，位置相距不到 10 米） / duplicate of row ${dup.row} (same name and type within 10 m)`,
          )
        seen.push({ row: src.row, at })
        nearby.set(bucket, seen)
      }
      rows.push({ row: src.row, data: d })
    } catch (e) {
      if (!(e instanceof RowRefusal)) throw e
      errors.push({ row: src.row, column: e.column, message: e.message })
      const hint = at ?? positionHint(src)
      if (hint) errorAt.set(src.row, hint)
    }
  }
  return { rows, errors, errorAt, total: table.rows.length }
}
