// The form's mirror of the notice polygon rules (src/domain/noticeArea.ts): what it refuses before
// sending, and the GeoJSON it accepts from a paste or a file. The bounds themselves are held to the
// database's in test/db/notice-polygon.test.ts.
import { describe, expect, it } from 'vitest'
import { area as turfArea } from '@turf/turf'
import { checkNoticeArea, closeRing, geometryOfGeoJson, NOTICE_AREA_LIMITS, noticeAreaMessage, vertexCount } from '../../src/domain/noticeArea.ts'

const square = (lon: number, lat: number, d: number) =>
  closeRing([
    [lon - d, lat - d],
    [lon + d, lat - d],
    [lon + d, lat + d],
    [lon - d, lat + d],
  ])

describe('checkNoticeArea', () => {
  it('accepts a drawn square, closes its ring, and gives its area in km² and its vertices', () => {
    const open = [
      [113.1, 22.5],
      [113.12, 22.5],
      [113.12, 22.52],
      [113.1, 22.52],
    ]
    const r = checkNoticeArea({ type: 'Polygon', coordinates: [open] })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.geometry.type).toBe('MultiPolygon')
    expect(r.geometry.coordinates[0]![0]).toHaveLength(5)
    expect(r.vertices).toBe(5)
    // 0.02° × 0.02° at 22.5° N: about 2.06 km × 2.22 km
    expect(r.km2).toBeGreaterThan(4.3)
    expect(r.km2).toBeLessThan(4.8)
    expect(r.km2).toBeCloseTo(turfArea(r.geometry) / 1e6, 9)
  })

  it('refuses a bow tie (edges crossing) and says where', () => {
    const bow = closeRing([
      [113.1, 22.5],
      [113.12, 22.52],
      [113.12, 22.5],
      [113.1, 22.52],
    ])
    const r = checkNoticeArea({ type: 'Polygon', coordinates: [bow] })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.problem.code).toBe('kinks')
    if (r.problem.code !== 'kinks') return
    expect(r.problem.at[0]).toBeCloseTo(113.11, 6)
    expect(r.problem.at[1]).toBeCloseTo(22.51, 3)
    expect(noticeAreaMessage(r.problem, 'zh')).toMatch(/^公告范围：边线自相交/)
    expect(noticeAreaMessage(r.problem, 'en')).toMatch(/^Area: edges cross/)
  })

  it('refuses fewer than three distinct points, a line, and coordinates out of range', () => {
    expect(
      checkNoticeArea({
        type: 'Polygon',
        coordinates: [
          [
            [113, 22],
            [113.1, 22],
            [113, 22],
          ],
        ],
      }),
    ).toMatchObject({ ok: false, problem: { code: 'too_few_points' } })
    expect(checkNoticeArea({ type: 'LineString', coordinates: [] } as never)).toMatchObject({ ok: false, problem: { code: 'not_polygon', got: 'LineString' } })
    expect(checkNoticeArea({ type: 'Polygon', coordinates: [square(190, 22, 0.01)] })).toMatchObject({ ok: false, problem: { code: 'out_of_range' } })
  })

  it('refuses an area below or above the bounds, and too many vertices or parts, at the edges', () => {
    // ~0.0045° half side at 22.5° N → about 0.9 km × 1 km ≈ 0.86 km²: fine; 0.0002° → ~0.0017 km²: too small
    expect(checkNoticeArea({ type: 'Polygon', coordinates: [square(113, 22.5, 0.0045)] }).ok).toBe(true)
    const tiny = checkNoticeArea({ type: 'Polygon', coordinates: [square(113, 22.5, 0.0002)] })
    expect(tiny).toMatchObject({ ok: false, problem: { code: 'area' } })
    const huge = checkNoticeArea({ type: 'Polygon', coordinates: [square(113, 22.5, 0.5)] })
    expect(huge).toMatchObject({ ok: false, problem: { code: 'area' } })
    if (!huge.ok && huge.problem.code === 'area') expect(huge.problem.km2).toBeGreaterThan(NOTICE_AREA_LIMITS.maxAreaKm2)
    // a circle-like ring of exactly maxVertices positions (closing one included) passes; one more is refused
    const ring = (n: number) =>
      closeRing(
        Array.from({ length: n - 1 }, (_, i) => [113 + 0.01 * Math.cos((2 * Math.PI * i) / (n - 1)), 22.5 + 0.01 * Math.sin((2 * Math.PI * i) / (n - 1))]),
      )
    const atMax = checkNoticeArea({ type: 'Polygon', coordinates: [ring(NOTICE_AREA_LIMITS.maxVertices)] })
    expect(atMax).toMatchObject({ ok: true, vertices: NOTICE_AREA_LIMITS.maxVertices })
    expect(checkNoticeArea({ type: 'Polygon', coordinates: [ring(NOTICE_AREA_LIMITS.maxVertices + 1)] })).toMatchObject({
      ok: false,
      problem: { code: 'too_many_vertices', got: NOTICE_AREA_LIMITS.maxVertices + 1 },
    })
    const parts = Array.from({ length: NOTICE_AREA_LIMITS.maxParts + 1 }, (_, i) => [square(113 + i * 0.02, 22.5, 0.005)])
    expect(checkNoticeArea({ type: 'MultiPolygon', coordinates: parts })).toMatchObject({ ok: false, problem: { code: 'too_many_parts' } })
    expect(checkNoticeArea({ type: 'MultiPolygon', coordinates: parts.slice(1) }).ok).toBe(true)
  })

  it('counts vertices as PostGIS does (every position of every ring)', () => {
    expect(vertexCount({ type: 'MultiPolygon', coordinates: [[square(113, 22, 0.01), square(113, 22, 0.005)], [square(114, 22, 0.01)]] })).toBe(15)
  })
})

describe('geometryOfGeoJson', () => {
  const poly = { type: 'Polygon', coordinates: [square(113, 22.5, 0.01)] }
  it('takes a geometry, a Feature, or a FeatureCollection of polygons', () => {
    expect(geometryOfGeoJson(JSON.stringify(poly))).toMatchObject({ ok: true, geometry: { type: 'Polygon' } })
    expect(geometryOfGeoJson(JSON.stringify({ type: 'Feature', properties: {}, geometry: poly }))).toMatchObject({ ok: true, geometry: poly })
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: poly },
        { type: 'Feature', geometry: { ...poly, coordinates: [square(113.1, 22.5, 0.01)] } },
      ],
    }
    const r = geometryOfGeoJson(JSON.stringify(fc))
    expect(r).toMatchObject({ ok: true, geometry: { type: 'MultiPolygon' } })
    if (r.ok) expect(r.geometry.coordinates).toHaveLength(2)
  })
  it('refuses text that is not JSON, and geometries that are not polygons', () => {
    expect(geometryOfGeoJson('{nope')).toMatchObject({ ok: false, problem: { code: 'not_json' } })
    expect(geometryOfGeoJson(JSON.stringify({ type: 'Point', coordinates: [113, 22] }))).toMatchObject({
      ok: false,
      problem: { code: 'not_polygon', got: 'Point' },
    })
    expect(
      geometryOfGeoJson(
        JSON.stringify({
          type: 'FeatureCollection',
          features: [
            { type: 'Feature', geometry: poly },
            { type: 'Feature', geometry: { type: 'LineString', coordinates: [] } },
          ],
        }),
      ),
    ).toMatchObject({
      ok: false,
      problem: { code: 'not_polygon', got: 'LineString' },
    })
  })
})

describe('warningLabel of a drawn area', () => {
  it('names the warning and says "drawn area" when it names no area but has a polygon', async () => {
    const { warningLabel } = await import('../../src/layers/warningAreas/layer.ts')
    const geometry = { type: 'MultiPolygon' as const, coordinates: [[square(113, 22.5, 0.01)]] }
    const a = { id: 'w', title: 't', level: 1 as const, area_codes: [], area_names: [], valid_until: null, geometry, label_lon: 0, label_lat: 0 }
    expect(warningLabel(a, 'zh')).toBe('红色预警 · 划定区域')
    expect(warningLabel(a, 'en')).toBe('Red warning · drawn area')
    expect(warningLabel({ ...a, area_names: ['江海区'] }, 'zh')).toBe('红色预警 · 江海区')
    expect(warningLabel({ ...a, geometry: null }, 'zh')).toBe('红色预警')
  })
})
