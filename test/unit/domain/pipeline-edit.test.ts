// The 管道 form's route parsing and checks (src/domain/pipelineEdit.ts): "lon,lat" lines and blank
// lines between parts, pasted GeoJSON, drawing (append / undo / new part), and each problem the form
// says before sending.
import { describe, it, expect } from 'vitest'
import {
  appendVertex,
  geoJsonToParts,
  mayEditPipeline,
  parseRoute,
  pipelineProblems,
  pipelineRow,
  removeLastVertex,
  routeText,
  startPart,
  type PipelineInput,
} from '../../../src/domain/pipelineEdit.ts'

const input = (over: Partial<PipelineInput> = {}): PipelineInput => ({
  name: '测试管道',
  medium: 'natural_gas',
  operator_enterprise_id: '',
  diameter_mm: '508',
  pressure_mpa: '4',
  burial_depth_m: '1.5',
  built_year: '2010',
  route: '113.15,22.57\n113.16,22.58',
  ...over,
})

describe('parseRoute', () => {
  it('reads "lon,lat" lines with any of the usual separators, a height ignored', () => {
    const r = parseRoute('113.15,22.57\n113.16，22.58\n 113.17 22.59 \n113.18;22.60;12.5\n113.19\t22.61')
    expect(r.problems).toEqual([])
    expect(r.parts).toEqual([
      [
        [113.15, 22.57],
        [113.16, 22.58],
        [113.17, 22.59],
        [113.18, 22.6],
        [113.19, 22.61],
      ],
    ])
  })

  it('starts a new part at a blank line, and counts a repeated vertex once', () => {
    const r = parseRoute('113.15,22.57\n113.15,22.57\n113.16,22.58\n\n\n113.2,22.6\n113.21,22.61\n')
    expect(r.problems).toEqual([])
    expect(r.parts).toEqual([
      [
        [113.15, 22.57],
        [113.16, 22.58],
      ],
      [
        [113.2, 22.6],
        [113.21, 22.61],
      ],
    ])
  })

  it('names the line that is not a coordinate pair', () => {
    const r = parseRoute('113.15,22.57\n113.16,abc')
    expect(r.parts).toEqual([])
    expect(r.problems[0]!.zh).toBe('走向第 2 行：须为“经度,纬度”，收到 113.16,abc')
  })

  it('refuses a part of one vertex, a coordinate off the earth, and says when lon/lat look swapped', () => {
    expect(parseRoute('113.15,22.57').problems[0]!.zh).toMatch(/第 1 段至少需要 2 个不同的点/)
    expect(parseRoute('113.15,22.57\n113.15,22.57').problems[0]!.zh).toMatch(/第 1 段至少需要 2 个不同的点/)
    expect(parseRoute('113.15,22.57\n181,22.58').problems[0]!.zh).toMatch(/第 1 段第 2 个点坐标超出范围/)
    expect(parseRoute('113.15,22.57\n113.16,-91').problems[0]!.zh).toMatch(/超出范围/)
    expect(parseRoute('22.57,113.15\n22.58,113.16').problems[0]!.zh).toMatch(/第 1 段第 1 个点的经纬度可能填反了/)
    expect(parseRoute('  \n ').problems[0]!.zh).toMatch(/走向：必填/)
  })

  it('bounds the vertices at 20,000 and the parts at 100', () => {
    const many = Array.from({ length: 20_001 }, (_, i) => `113.1,${(22 + i * 1e-5).toFixed(5)}`).join('\n')
    expect(parseRoute(many).problems[0]!.zh).toMatch(/顶点过多，最多 20000 个，收到 20001 个/)
    const parts = Array.from({ length: 101 }, (_, i) => `113.${i + 100},22.5\n113.${i + 100},22.6`).join('\n\n')
    expect(parseRoute(parts).problems[0]!.zh).toMatch(/最多 100 段，收到 101 段/)
  })

  it('reads pasted GeoJSON: a LineString, a MultiLineString, a Feature, a one-feature collection', () => {
    const line = {
      type: 'LineString',
      coordinates: [
        [113.15, 22.57],
        [113.16, 22.58, 3],
      ],
    }
    expect(parseRoute(JSON.stringify(line)).parts).toEqual([
      [
        [113.15, 22.57],
        [113.16, 22.58],
      ],
    ])
    const multi = {
      type: 'MultiLineString',
      coordinates: [
        line.coordinates,
        [
          [113.2, 22.6],
          [113.21, 22.61],
        ],
      ],
    }
    expect(parseRoute(JSON.stringify(multi)).parts).toHaveLength(2)
    const feature = { type: 'Feature', properties: {}, geometry: line }
    expect(parseRoute(JSON.stringify(feature)).parts).toHaveLength(1)
    expect(parseRoute(JSON.stringify({ type: 'FeatureCollection', features: [feature] })).parts).toHaveLength(1)
  })

  it('refuses GeoJSON that is malformed, not a line, or has a bad position', () => {
    expect(parseRoute('{"type": "LineString", ').problems[0]!.zh).toMatch(/不是有效的 GeoJSON/)
    expect(parseRoute('{"type":"Point","coordinates":[113.15,22.57]}').problems[0]!.zh).toMatch(/须为 LineString 或 MultiLineString/)
    expect(parseRoute('{"type":"LineString","coordinates":[[113.15,22.57],["113.16",22.58]]}').problems[0]!.zh).toMatch(/第 1 段第 2 个点须为 \[经度, 纬度\]/)
  })
})

describe('drawing: append, undo, new part, and back to text', () => {
  it('appends a vertex rounded to 6 decimals, undoes the last, starts a part', () => {
    let t = appendVertex('', 113.123456789, 22.5)
    expect(t).toBe('113.123457,22.5')
    t = appendVertex(t, 113.2, 22.6)
    expect(t).toBe('113.123457,22.5\n113.2,22.6')
    t = startPart(t)
    t = appendVertex(t, 113.3, 22.7)
    t = appendVertex(t, 113.31, 22.71)
    expect(parseRoute(t).parts).toHaveLength(2)
    t = removeLastVertex(t)
    t = removeLastVertex(t)
    expect(t).toBe('113.123457,22.5\n113.2,22.6')
    expect(removeLastVertex(removeLastVertex(t))).toBe('')
    expect(removeLastVertex('')).toBe('')
  })

  it('writes a stored line back as the same parts', () => {
    const parts = geoJsonToParts({
      type: 'MultiLineString',
      coordinates: [
        [
          [113.15, 22.57],
          [113.16, 22.58],
        ],
        [
          [113.2, 22.6],
          [113.21, 22.61],
        ],
      ],
    })
    expect(parseRoute(routeText(parts)).parts).toEqual(parts)
  })
})

describe('pipelineProblems and pipelineRow', () => {
  it('finds nothing in a good input, and sends a LineString for one part', () => {
    expect(pipelineProblems(input(), 2026)).toEqual([])
    expect(pipelineRow(input({ operator_enterprise_id: '', burial_depth_m: '' }), 'abc')).toEqual({
      id: 'abc',
      name: '测试管道',
      medium: 'natural_gas',
      operator_enterprise_id: null,
      diameter_mm: 508,
      pressure_mpa: 4,
      burial_depth_m: null,
      built_year: 2010,
      geom: {
        type: 'LineString',
        coordinates: [
          [113.15, 22.57],
          [113.16, 22.58],
        ],
      },
    })
    expect((pipelineRow(input({ route: '113.15,22.57\n113.16,22.58\n\n113.2,22.6\n113.21,22.61' })).geom as { type: string }).type).toBe('MultiLineString')
  })

  it('says each problem at its field', () => {
    const at = (over: Partial<PipelineInput>) => pipelineProblems(input(over), 2026).map((p) => `${p.field}: ${p.zh}`)
    expect(at({ name: ' ' })).toEqual(['name: 管道名称：必填'])
    expect(at({ name: '管' })).toEqual(['name: 管道名称：至少 2 个字符'])
    expect(at({ medium: 'water' })).toEqual(['medium: 请选择输送介质'])
    expect(at({ diameter_mm: '-5' })).toEqual(['diameter_mm: 管径：不能为负数'])
    expect(at({ diameter_mm: '5' })).toEqual(['diameter_mm: 管径：须在 10 到 2000 之间'])
    expect(at({ pressure_mpa: 'abc' })).toEqual(['pressure_mpa: 设计压力：须为数字'])
    expect(at({ burial_depth_m: '-0.5' })).toEqual(['burial_depth_m: 埋深：不能为负数'])
    expect(at({ built_year: '2010.5' })).toEqual(['built_year: 建成年份：须为整数'])
    expect(at({ built_year: '2027' })).toEqual(['built_year: 建成年份：须在 1900 到 2026 之间'])
    expect(at({ route: '113.15,22.57' })).toEqual(['route: 走向：第 1 段至少需要 2 个不同的点'])
  })
})

describe('mayEditPipeline', () => {
  it('admins any line; a regulator a line crossing its district; others none', () => {
    expect(mayEditPipeline('admin', ['440705'], [])).toBe(true)
    expect(mayEditPipeline('regulator', ['440704', '440704001'], ['440704'])).toBe(true)
    expect(mayEditPipeline('regulator', ['440705'], ['440704'])).toBe(false)
    expect(mayEditPipeline('regulator', ['440705'], ['440700'])).toBe(true)
    for (const role of ['planner', 'command', 'enterprise', null]) expect(mayEditPipeline(role, ['440704'], ['440704'])).toBe(false)
  })
})
