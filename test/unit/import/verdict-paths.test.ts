// The verdict map's routes of lines (src/import/verdictPoints.ts): every part of a staged line as
// its vertices, in the row's verdict, drawn in the same order as the dots (errors on top); points
// and polygons have none; not asked, none.
import { describe, expect, it } from 'vitest'
import { buildVerdictPoints, linePartsOfEwkt, verdictBounds, VERDICTS, type Verdict } from '../../../src/import/verdictPoints.ts'

describe('linePartsOfEwkt', () => {
  it('reads LINESTRING and MULTILINESTRING parts, and nothing else', () => {
    expect(linePartsOfEwkt('SRID=4326;LINESTRING(113.1 22.5,113.2 22.6)')).toEqual([
      [
        [113.1, 22.5],
        [113.2, 22.6],
      ],
    ])
    expect(linePartsOfEwkt('SRID=4326;MULTILINESTRING((113.1 22.5,113.2 22.6,113.3 22.65),(113 22,113.01 22.01))')).toEqual([
      [
        [113.1, 22.5],
        [113.2, 22.6],
        [113.3, 22.65],
      ],
      [
        [113, 22],
        [113.01, 22.01],
      ],
    ])
    expect(linePartsOfEwkt('SRID=4326;POINT(113.1 22.5)')).toBeNull()
    expect(linePartsOfEwkt('SRID=4326;POLYGON((113 22,113.1 22,113.1 22.1,113 22))')).toBeNull()
  })
})

describe('buildVerdictPoints with paths', () => {
  const staged = [
    { row: 2, data: { geom: 'SRID=4326;MULTILINESTRING((113.1 22.5,113.2 22.6),(113.3 22.7,113.4 22.8,113.5 22.9))' } },
    { row: 3, data: { geom: 'SRID=4326;MULTILINESTRING((112.9 22.4,112.95 22.45))' } },
    { row: 4, data: { geom: 'SRID=4326;MULTILINESTRING((112.8 22.3,112.85 22.35))' } },
  ]
  const verdicts: Record<number, Verdict> = { 2: 'insert', 3: 'error', 4: 'unchanged' }

  it('one path a part, in the row’s verdict, unchanged first and errors last', () => {
    const p = buildVerdictPoints(staged, 'geom', (r) => verdicts[r], [], { paths: true })
    expect(p.length).toBe(3)
    const paths = p.paths!
    expect(paths.length).toBe(4)
    expect([...paths.verdicts].map((v) => VERDICTS[v])).toEqual(['unchanged', 'insert', 'insert', 'error'])
    expect([...paths.starts]).toEqual([0, 2, 4, 7])
    expect(paths.positions.length).toBe(9 * 2)
    // the error's route is the last two vertices
    expect([...paths.positions.slice(14)]).toEqual([112.9, 22.4, 112.95, 22.45])
    // the map frames the whole routes, not only the dots
    expect(verdictBounds(p)).toEqual([112.8, 22.3, 113.5, 22.9])
    // a row without a verdict (not decided) has no route either
    expect(buildVerdictPoints(staged, 'geom', (r) => (r === 2 ? 'insert' : undefined), [], { paths: true }).paths!.length).toBe(2)
  })

  it('none unless asked; points have no parts', () => {
    expect(buildVerdictPoints(staged, 'geom', (r) => verdicts[r], []).paths).toBeUndefined()
    const pts = buildVerdictPoints([{ row: 2, data: { location: 'SRID=4326;POINT(113.1 22.5)' } }], 'location', () => 'insert', [], { paths: true })
    expect(pts.length).toBe(1)
    expect(pts.paths!.length).toBe(0)
  })
})
