// The pure pipeline rules (src/domain/pipelines.ts) and what the pipeline layer draws from a
// pipeline_map answer (src/layers/pipelines/layer.ts).
import { describe, expect, it } from 'vitest'
import { HCA_CLASSES, hcaRgb, impactRadius, MEDIA, mediumRgb, pressureWidth, specificPlaceRadius } from '../../src/domain/pipelines.ts'
import { RISK_LEVELS } from '../../src/domain/levels.ts'
import { hcaPaths, linePaths } from '../../src/layers/pipelines/layer.ts'
import type { PipelineMap } from '../../src/contract/pipelines.ts'

describe('pipeline rules', () => {
  it('GB 32167 formula (1): r = 0.099·√(d²p)', () => {
    expect(impactRadius(1016, 10)).toBeCloseTo(318.07, 2)
    expect(impactRadius(219, 1)).toBeCloseTo(21.681, 3)
    expect(impactRadius(610, 0)).toBe(0)
  })

  it('specific places count within r for large and small gas lines, 200 m for the others, never for liquids', () => {
    expect(specificPlaceRadius('natural_gas', 1016, 10)).toBeCloseTo(318.07, 2)
    expect(specificPlaceRadius('natural_gas', 219, 1)).toBeCloseTo(21.68, 2)
    // the bounds are strict: 762 mm and 6.9 MPa exactly are "other lines"
    expect(specificPlaceRadius('natural_gas', 762, 10)).toBe(200)
    expect(specificPlaceRadius('natural_gas', 1016, 6.9)).toBe(200)
    expect(specificPlaceRadius('natural_gas', 273, 1)).toBe(200)
    expect(specificPlaceRadius('natural_gas', 219, 1.6)).toBe(200)
    expect(specificPlaceRadius('natural_gas', null, 10)).toBe(200)
    for (const m of ['crude_oil', 'refined_oil', 'lpg', 'chemical']) expect(specificPlaceRadius(m, 1016, 10)).toBeNull()
  })

  it('line width grows with the pressure band; unknown pressure is the thinnest', () => {
    const ws = [0.1, 0.4, 1.6, 4, 6.3, 10].map(pressureWidth)
    for (let i = 1; i < ws.length; i++) expect(ws[i]!).toBeGreaterThanOrEqual(ws[i - 1]!)
    expect(pressureWidth(0.4)).toBeLessThan(pressureWidth(0.41))
    expect(pressureWidth(null)).toBe(pressureWidth(0))
    expect(pressureWidth(Number.NaN)).toBe(pressureWidth(0))
  })

  it('media and HCA colours are distinct from each other and from the four risk-level colours', () => {
    const key = (c: readonly number[]) => c.join(',')
    const all = [...MEDIA.map((m) => key(m.rgb)), ...HCA_CLASSES.map((c) => key(c.rgb)), ...RISK_LEVELS.map((l) => key(l.rgb))]
    expect(new Set(all).size).toBe(all.length)
    expect(mediumRgb('unknown')).toEqual([120, 120, 120])
    expect(hcaRgb(3)).toEqual(HCA_CLASSES[2]!.rgb)
  })
})

describe('pipeline layer data', () => {
  const data: PipelineMap = {
    lines: [
      {
        id: 'a',
        name: 'A',
        medium: 'natural_gas',
        diameter_mm: 1016,
        pressure_mpa: 10,
        paths: [
          [
            [113, 22.5],
            [113.1, 22.5],
          ],
          [[113.2, 22.5]],
        ],
      },
      {
        id: 'b',
        name: 'B',
        medium: 'crude_oil',
        diameter_mm: 300,
        pressure_mpa: 0.4,
        paths: [
          [
            [113, 22.6],
            [113.1, 22.6],
            [113.2, 22.6],
          ],
        ],
      },
    ],
    encroachments: [],
    hca: [
      {
        pipeline_id: 'a',
        hca_class: 2,
        criterion: 'class_3_area',
        paths: [
          [
            [113, 22.5],
            [113.05, 22.5],
          ],
        ],
      },
      {
        pipeline_id: 'a',
        hca_class: 1,
        criterion: 'specific_place',
        paths: [
          [
            [113.02, 22.5],
            [113.03, 22.5],
          ],
        ],
      },
    ],
  }

  it('draws each part with two or more vertices, low pressure first, coloured by medium and wide by pressure', () => {
    const ps = linePaths(data)
    expect(ps).toHaveLength(2)
    expect(ps[0]!.rgb).toEqual(mediumRgb('crude_oil'))
    expect(ps[1]!.width).toBe(pressureWidth(10))
    expect(ps[1]!.width).toBeGreaterThan(ps[0]!.width)
    expect(linePaths(null)).toEqual([])
  })

  it('draws HCA bands wider than their line, class Ⅰ first so Ⅱ and Ⅲ lie on top', () => {
    const hs = hcaPaths(data)
    expect(hs.map((h) => h.rgb)).toEqual([hcaRgb(1), hcaRgb(2)])
    expect(hs[0]!.width).toBeGreaterThan(pressureWidth(10))
  })
})
