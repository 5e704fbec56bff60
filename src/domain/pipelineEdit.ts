// The 管道 form's rules (issue 19: pipelines edited in #/registries): the route typed, pasted or drawn
// as text, one "经度,纬度" vertex a line with a blank line between parts, or a GeoJSON LineString /
// MultiLineString (or a Feature of one) pasted whole; the same bounds as the database's
// save_pipeline and pipelines' input limits (name 2–200 characters, diameter 10–2,000 mm, pressure
// 0–30 MPa, depth 0–50 m, year 1900 to this year, at least 2 vertices a part, at most 100 parts and
// 20,000 vertices, longitude in [-180, 180], latitude in [-90, 90]), so the form says what is wrong
// before sending. The database still decides (served region, overlapping stretches, who may write):
// its refusal is shown word for word.
import { cleanText, codePrefix } from './stockpiles.ts'

export const PIPELINE_MEDIA = ['natural_gas', 'crude_oil', 'refined_oil', 'lpg', 'chemical'] as const
export type PipelineMedium = (typeof PIPELINE_MEDIA)[number]

export const PIPELINE_LIMITS = {
  nameMin: 2,
  nameMax: 200,
  diameter: [10, 2000],
  pressure: [0, 30],
  depth: [0, 50],
  yearMin: 1900,
  maxParts: 100,
  maxVertices: 20000,
} as const

/** A vertex: [longitude, latitude], WGS-84. */
export type Vertex = [number, number]

export interface PipelineInput {
  name: string
  medium: string
  operator_enterprise_id: string
  diameter_mm: string
  pressure_mpa: string
  burial_depth_m: string
  built_year: string
  /** the route as text (see parseRoute) */
  route: string
}

export type PipelineField = keyof PipelineInput

export interface PipelineProblem {
  field: PipelineField
  zh: string
  en: string
}

export interface ParsedRoute {
  parts: Vertex[][]
  problems: { zh: string; en: string }[]
}

const NUM = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/

/**
 * The route from the form's text. Lines "lon,lat" (comma, Chinese comma, semicolon, tab or spaces
 * between; a third number, a height, is ignored); a blank line starts a new part; a repeated vertex
 * right after itself (a double click) counts once. Text starting with `{` is read as GeoJSON.
 */
export function parseRoute(text: string): ParsedRoute {
  const t = text.trim()
  if (!t) return { parts: [], problems: [{ zh: '走向：必填（至少 2 个点）', en: 'Route: required (at least 2 vertices)' }] }
  const problems: ParsedRoute['problems'] = []
  let parts: Vertex[][] = []
  if (t.startsWith('{')) {
    const g = geoJsonParts(t)
    if ('error' in g) return { parts: [], problems: [g.error] }
    parts = g.parts
  } else {
    let cur: Vertex[] = []
    const lines = text.split(/\r?\n/)
    lines.forEach((raw, i) => {
      const line = raw.trim()
      if (!line) {
        if (cur.length) parts.push(cur)
        cur = []
        return
      }
      const bits = line.split(/[\s,，;；]+/).filter(Boolean)
      if ((bits.length !== 2 && bits.length !== 3) || !bits.every((b) => NUM.test(b))) {
        problems.push({
          zh: `走向第 ${i + 1} 行：须为“经度,纬度”，收到 ${line.slice(0, 40)}`,
          en: `Route line ${i + 1}: must be "longitude,latitude", got ${line.slice(0, 40)}`,
        })
        return
      }
      cur.push([Number(bits[0]), Number(bits[1])])
    })
    if (cur.length) parts.push(cur)
    if (problems.length) return { parts: [], problems: problems.slice(0, 3) }
  }
  parts = parts.map(dropRepeats)
  return { parts, problems: routeProblems(parts) }
}

function dropRepeats(part: Vertex[]): Vertex[] {
  return part.filter((v, i) => i === 0 || v[0] !== part[i - 1]![0] || v[1] !== part[i - 1]![1])
}

function geoJsonParts(t: string): { parts: Vertex[][] } | { error: { zh: string; en: string } } {
  let g: unknown
  try {
    g = JSON.parse(t)
  } catch {
    return { error: { zh: '走向：不是有效的 GeoJSON（JSON 格式有误）', en: 'Route: not valid GeoJSON (malformed JSON)' } }
  }
  let o = g as { type?: unknown; geometry?: unknown; coordinates?: unknown; features?: unknown[] }
  if (o?.type === 'FeatureCollection' && Array.isArray(o.features) && o.features.length === 1) o = o.features[0] as typeof o
  if (o?.type === 'Feature') o = o.geometry as typeof o
  const bad = {
    error: {
      zh: '走向：GeoJSON 须为 LineString 或 MultiLineString（或只含一条线的 Feature）',
      en: 'Route: GeoJSON must be a LineString or MultiLineString (or a Feature of one)',
    },
  }
  if (!o || (o.type !== 'LineString' && o.type !== 'MultiLineString')) return bad
  const raw = o.type === 'LineString' ? [o.coordinates] : o.coordinates
  if (!Array.isArray(raw)) return bad
  const parts: Vertex[][] = []
  for (const [pi, part] of raw.entries()) {
    if (!Array.isArray(part)) return bad
    const vs: Vertex[] = []
    for (const [vi, pos] of part.entries()) {
      if (
        !Array.isArray(pos) ||
        pos.length < 2 ||
        typeof pos[0] !== 'number' ||
        typeof pos[1] !== 'number' ||
        !Number.isFinite(pos[0]) ||
        !Number.isFinite(pos[1])
      )
        return {
          error: {
            zh: `走向：第 ${pi + 1} 段第 ${vi + 1} 个点须为 [经度, 纬度] 两个数字`,
            en: `Route: part ${pi + 1}, vertex ${vi + 1} must be [longitude, latitude] as two numbers`,
          },
        }
      vs.push([pos[0], pos[1]])
    }
    parts.push(vs)
  }
  return { parts }
}

/** What is wrong with the parts of a route (empty: nothing the form can tell). */
export function routeProblems(parts: Vertex[][]): { zh: string; en: string }[] {
  const out: { zh: string; en: string }[] = []
  if (parts.length === 0) return [{ zh: '走向：必填（至少 2 个点）', en: 'Route: required (at least 2 vertices)' }]
  if (parts.length > PIPELINE_LIMITS.maxParts)
    out.push({
      zh: `走向：最多 ${PIPELINE_LIMITS.maxParts} 段，收到 ${parts.length} 段`,
      en: `Route: at most ${PIPELINE_LIMITS.maxParts} parts, got ${parts.length}`,
    })
  const n = parts.reduce((s, p) => s + p.length, 0)
  if (n > PIPELINE_LIMITS.maxVertices)
    out.push({
      zh: `走向：顶点过多，最多 ${PIPELINE_LIMITS.maxVertices} 个，收到 ${n} 个`,
      en: `Route: too many vertices, at most ${PIPELINE_LIMITS.maxVertices}, got ${n}`,
    })
  parts.forEach((p, i) => {
    if (p.length < 2) out.push({ zh: `走向：第 ${i + 1} 段至少需要 2 个不同的点`, en: `Route: part ${i + 1} needs at least 2 distinct vertices` })
    const swapped = p.findIndex(([lon, lat]) => Math.abs(lon) < 60 && Math.abs(lat) > 70 && Math.abs(lat) <= 180)
    const bad = p.findIndex(([lon, lat]) => !(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90))
    if (swapped >= 0)
      out.push({
        zh: `走向：第 ${i + 1} 段第 ${swapped + 1} 个点的经纬度可能填反了（每行先写经度，再写纬度）`,
        en: `Route: part ${i + 1}, vertex ${swapped + 1} looks swapped (write longitude first, then latitude)`,
      })
    else if (bad >= 0) {
      const [lon, lat] = p[bad]!
      out.push({
        zh: `走向：第 ${i + 1} 段第 ${bad + 1} 个点坐标超出范围（经度 -180～180，纬度 -90～90；收到 ${lon}, ${lat}）`,
        en: `Route: part ${i + 1}, vertex ${bad + 1} is out of range (longitude -180…180, latitude -90…90; got ${lon}, ${lat})`,
      })
    }
  })
  return out.slice(0, 3)
}

/** A coordinate as written in the route text: 6 decimals (about 0.1 m), trailing zeros dropped. */
export function coord(x: number): string {
  return String(Number(x.toFixed(6)))
}

/** The route text of parts (the form's text when editing a stored line). */
export function routeText(parts: readonly Vertex[][]): string {
  return parts.map((p) => p.map(([lon, lat]) => `${coord(lon)},${coord(lat)}`).join('\n')).join('\n\n')
}

/** The route text with a vertex appended to its last part (a click on the drawing map). */
export function appendVertex(text: string, lon: number, lat: number): string {
  const kept = text.replace(/\s+$/, '')
  const line = `${coord(lon)},${coord(lat)}`
  if (!kept) return line
  // a blank line at the end (startPart) begins a new part with this vertex
  return /\n[ \t]*\n\s*$/.test(text) ? `${kept}\n\n${line}` : `${kept}\n${line}`
}

/** The route text without its last vertex (undo), and without the blank line of a part it emptied. */
export function removeLastVertex(text: string): string {
  const lines = text.replace(/\s+$/, '').split(/\r?\n/)
  lines.pop()
  return lines.join('\n').replace(/\s+$/, '')
}

/** The route text with a new, empty part started (the next vertex begins it). */
export function startPart(text: string): string {
  const kept = text.replace(/\s+$/, '')
  return kept ? `${kept}\n\n` : ''
}

function numberProblem(field: PipelineField, label: { zh: string; en: string }, s: string, lo: number, hi: number, whole = false): PipelineProblem | null {
  const t = s.trim()
  if (!t) return null
  if (!NUM.test(t) || !Number.isFinite(Number(t))) return { field, zh: `${label.zh}：须为数字`, en: `${label.en}: must be a number` }
  const n = Number(t)
  if (n < 0) return { field, zh: `${label.zh}：不能为负数`, en: `${label.en}: must not be negative` }
  if (whole && !Number.isInteger(n)) return { field, zh: `${label.zh}：须为整数`, en: `${label.en}: must be a whole number` }
  if (n < lo || n > hi) return { field, zh: `${label.zh}：须在 ${lo} 到 ${hi} 之间`, en: `${label.en}: must be from ${lo} to ${hi}` }
  return null
}

/** What is wrong with the form's input, field by field (empty: nothing). `thisYear` is the newest year allowed. */
export function pipelineProblems(i: PipelineInput, thisYear = new Date().getFullYear()): PipelineProblem[] {
  const out: PipelineProblem[] = []
  const name = cleanText(i.name)
  if (!name) out.push({ field: 'name', zh: '管道名称：必填', en: 'Name: required' })
  else if ([...name].length < PIPELINE_LIMITS.nameMin) out.push({ field: 'name', zh: '管道名称：至少 2 个字符', en: 'Name: at least 2 characters' })
  else if ([...name].length > PIPELINE_LIMITS.nameMax) out.push({ field: 'name', zh: '管道名称：不超过 200 个字符', en: 'Name: at most 200 characters' })
  if (!(PIPELINE_MEDIA as readonly string[]).includes(i.medium)) out.push({ field: 'medium', zh: '请选择输送介质', en: 'Choose the medium' })
  const L = PIPELINE_LIMITS
  for (const p of [
    numberProblem('diameter_mm', { zh: '管径', en: 'Diameter' }, i.diameter_mm, L.diameter[0], L.diameter[1]),
    numberProblem('pressure_mpa', { zh: '设计压力', en: 'Pressure' }, i.pressure_mpa, L.pressure[0], L.pressure[1]),
    numberProblem('burial_depth_m', { zh: '埋深', en: 'Burial depth' }, i.burial_depth_m, L.depth[0], L.depth[1]),
    numberProblem('built_year', { zh: '建成年份', en: 'Year built' }, i.built_year, L.yearMin, thisYear, true),
  ])
    if (p) out.push(p)
  const route = parseRoute(i.route)
  if (route.problems.length) out.push({ field: 'route', zh: route.problems.map((p) => p.zh).join('；'), en: route.problems.map((p) => p.en).join('; ') })
  return out
}

/** The object save_pipeline takes (after pipelineProblems found nothing); id for an edit. */
export function pipelineRow(i: PipelineInput, id: string | null = null): Record<string, unknown> {
  const num = (s: string) => (s.trim() ? Number(s.trim()) : null)
  const parts = parseRoute(i.route).parts
  return {
    ...(id ? { id } : {}),
    name: cleanText(i.name),
    medium: i.medium,
    operator_enterprise_id: i.operator_enterprise_id || null,
    diameter_mm: num(i.diameter_mm),
    pressure_mpa: num(i.pressure_mpa),
    burial_depth_m: num(i.burial_depth_m),
    built_year: num(i.built_year),
    geom: parts.length === 1 ? { type: 'LineString', coordinates: parts[0] } : { type: 'MultiLineString', coordinates: parts },
  }
}

/** The parts of a stored line's GeoJSON (as PostgREST returns geometry). */
export function geoJsonToParts(g: { type?: string; coordinates?: unknown } | null | undefined): Vertex[][] {
  if (!g || !Array.isArray(g.coordinates)) return []
  const raw = (g.type === 'LineString' ? [g.coordinates] : g.coordinates) as number[][][]
  return raw.map((p) => p.map((v) => [v[0]!, v[1]!] as Vertex))
}

/** Who may save and delete a line (pipelines_update/_delete, save_pipeline): admins; regulators for a line crossing their area. */
export function mayEditPipeline(role: string | null, lineAreas: readonly string[], areaCodes: readonly string[]): boolean {
  if (role === 'admin' || role === 'service') return true
  if (role !== 'regulator') return false
  return lineAreas.some((a) => areaCodes.some((c) => a.startsWith(codePrefix(c))))
}
