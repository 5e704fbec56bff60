// The wall's label pass (warning-area labels over district names) and the city's fit into the map's
// box beside the panels over it (issue 21): pure functions, no browser.
import { describe, it, expect } from 'vitest'
import { boxesOverlap, greedyPlace, mercatorPx, stackPlace, textBox, type Box } from '../../src/map/labelCollision.ts'
import { placeWallLabels } from '../../src/features/wall/wallLabels.ts'
import { fitPadding } from '../../src/features/wall/wallFit.ts'

const box = (x0: number, y0: number, x1: number, y1: number): Box => ({ x0, y0, x1, y1 })

describe('textBox with a top baseline', () => {
  it('the text hangs from y + offset instead of being centred on it', () => {
    const c = textBox(100, 50, 'abc', 10, 'middle', [0, 8])
    const t = textBox(100, 50, 'abc', 10, 'middle', [0, 8], 'top')
    expect(t.y0).toBe(58)
    expect(t.y1 - t.y0).toBeCloseTo(12)
    expect(c.y0).toBeCloseTo(52)
    expect(t.x0).toBe(c.x0)
  })
})

describe('stackPlace', () => {
  it('keeps every label, moving a later one down under an earlier one it overlaps', () => {
    const items = [box(0, 0, 100, 20), box(50, 10, 150, 30), box(300, 0, 400, 20), box(20, 5, 80, 25)]
    const { dy, boxes } = stackPlace(items, (b) => b, 2)
    expect(dy.length).toBe(4)
    expect(dy[0]).toBe(0)
    expect(dy[1]).toBeGreaterThan(0)
    expect(dy[2]).toBe(0) // clear of the others: not moved
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(boxesOverlap(boxes[i]!, boxes[j]!), `${i} ${j}`).toBe(false)
    // moved by whole heights (plus padding) only
    expect(dy[1]! % 22).toBe(0)
  })
})

describe('greedyPlace with occupied boxes', () => {
  it('drops an item over an occupied box, keeps one beside it', () => {
    const items = [box(0, 0, 50, 10), box(200, 0, 250, 10)]
    const kept = greedyPlace(
      items,
      (b) => b,
      () => 0,
      2,
      [box(40, 5, 60, 15)],
    )
    expect(kept).toEqual([items[1]])
    expect(
      greedyPlace(
        items,
        (b) => b,
        () => 0,
        2,
      ),
    ).toEqual(items)
  })
})

describe('placeWallLabels', () => {
  // Pengjiang's inner point, the city-wide warning's label at about the same place, a district far away
  const zoom = 9
  const districts = [
    { lon: 113.08, lat: 22.6, text: 'Pengjiang District' },
    { lon: 113.09, lat: 22.58, text: 'Jianghai District' },
    { lon: 112.3, lat: 22.2, text: 'Enping' },
  ]
  const warnings = [
    { lon: 113.08, lat: 22.6, text: 'Blue warning · Pengjiang, Jianghai and 5 more', level: 4 },
    { lon: 113.085, lat: 22.6, text: 'Red warning · Pengjiang', level: 1 },
  ]
  const place = (lang: 'zh' | 'en') =>
    placeWallLabels({
      zoom,
      warnings,
      warning: (w) => w,
      warningSize: 18,
      warningOffsetY: 16,
      districts,
      district: (d) => ({ ...d, text: lang === 'en' ? d.text : d.text.slice(0, 2) }),
      districtSize: 18.4,
    })

  it('every warning label drawn, the most severe where it was, none overlapping anything drawn', () => {
    const p = place('en')
    expect(p.warningOffset.size).toBe(2)
    // red (level 1) first: at its own offset; blue moved under it
    expect(p.warningOffset.get(warnings[1]!)).toEqual([0, 16])
    expect(p.warningOffset.get(warnings[0]!)![1]).toBeGreaterThan(16)
    for (let i = 0; i < p.boxes.length; i++)
      for (let j = i + 1; j < p.boxes.length; j++) expect(boxesOverlap(p.boxes[i]!, p.boxes[j]!), `${i} ${j}`).toBe(false)
    // far-off Enping kept; the boxes of what is drawn: 2 warnings + the districts kept
    expect(p.districts).toContain(districts[2])
    expect(p.boxes.length).toBe(2 + p.districts.length)
  })

  it('a district name under a warning label is dropped, not the warning', () => {
    // a district name at the red warning's anchor, large enough to reach the label hanging 16 px below
    const under = { lon: 113.085, lat: 22.6, text: 'Under' }
    const p = placeWallLabels({
      zoom,
      warnings,
      warning: (w) => w,
      warningSize: 18,
      warningOffsetY: 16,
      districts: [under],
      district: (d) => d,
      districtSize: 40,
    })
    const [x, y] = mercatorPx(113.085, 22.6, zoom)
    expect(boxesOverlap(textBox(x, y, warnings[1]!.text, 18, 'middle', [0, 16], 'top'), textBox(x, y, 'Under', 40))).toBe(true)
    expect(p.districts).toEqual([])
    expect(p.warningOffset.size).toBe(2)
    // the same name small enough to end above the label is kept
    const small = placeWallLabels({
      zoom,
      warnings,
      warning: (w) => w,
      warningSize: 18,
      warningOffsetY: 16,
      districts: [under],
      district: (d) => d,
      districtSize: 10,
    })
    expect(small.districts).toEqual([under])
  })

  it('without warnings, the district names among themselves: no two overlapping', () => {
    const p = placeWallLabels({
      zoom,
      warnings: [],
      warning: () => ({ lon: 0, lat: 0, text: '', level: 1 }),
      warningSize: 18,
      warningOffsetY: 16,
      districts,
      district: (d) => d,
      districtSize: 18.4,
    })
    expect(p.districts.length).toBeGreaterThanOrEqual(2)
    for (let i = 0; i < p.boxes.length; i++) for (let j = i + 1; j < p.boxes.length; j++) expect(boxesOverlap(p.boxes[i]!, p.boxes[j]!)).toBe(false)
  })
})

describe('fitPadding', () => {
  const map = { left: 0, top: 0, right: 1000, bottom: 600 }
  it('a narrow panel down the left edge: a left band; a panel off the box: nothing', () => {
    const p = fitPadding(
      map,
      [
        { left: 10, top: 60, right: 150, bottom: 300 },
        { left: 1100, top: 0, right: 1300, bottom: 600 },
      ],
      30,
    )
    expect(p.left).toBeCloseTo(150 + 15)
    expect(p.right).toBe(30)
    expect(p.top).toBe(30)
    expect(p.bottom).toBe(30)
  })
  it('a strip along the top: a top band; a large corner panel is drawn over, not avoided', () => {
    const p = fitPadding(
      map,
      [
        { left: 300, top: 0, right: 900, bottom: 100 },
        { left: 500, top: 200, right: 1000, bottom: 600 },
      ],
      20,
    )
    expect(p.top).toBeCloseTo(110)
    expect(p.right).toBe(20)
    expect(p.bottom).toBe(20)
  })
  it('with the content’s shape: clear of the band, and otherwise centred', () => {
    // a square city in a 1000×600 box: 540 px wide after the bands; the left band (165) is less than
    // the centred margin (230), so the city stays centred
    const square = fitPadding(map, [{ left: 10, top: 60, right: 150, bottom: 300 }], 30, 1)
    expect(square.left).toBeCloseTo(230)
    expect(square.right).toBeCloseTo(230)
    // a 250-px band (25 %, the most avoided) moves the city right only as far as needed
    const band = fitPadding(map, [{ left: 0, top: 100, right: 250, bottom: 500 }], 30, 1)
    expect(band.left).toBeCloseTo(265)
    expect(band.right).toBeCloseTo(1000 - 265 - 540)
    expect(band.top).toBeCloseTo(30)
  })
  it('never leaves less than half the box', () => {
    const p = fitPadding(
      map,
      [
        { left: 0, top: 0, right: 240, bottom: 600 },
        { left: 760, top: 0, right: 1000, bottom: 600 },
      ],
      30,
    )
    expect(p.left + p.right).toBeLessThanOrEqual(500 + 1e-9)
  })
})

describe('placeWallLabels with the view', () => {
  it('a warning label past the view’s right edge is moved inside it, one inside is not moved', () => {
    const zoom = 9
    const [x, y] = mercatorPx(113, 22.5, zoom)
    const warnings = [
      { lon: 113, lat: 22.5, text: 'Orange warning · Jianghai District', level: 2 },
      { lon: 112.5, lat: 22.5, text: 'Blue', level: 4 },
    ]
    const view = { x0: x - 800, y0: y - 300, x1: x + 60, y1: y + 300 }
    const p = placeWallLabels({
      zoom,
      warnings,
      warning: (w) => w,
      warningSize: 18,
      warningOffsetY: 16,
      districts: [],
      district: () => ({ lon: 0, lat: 0, text: '' }),
      districtSize: 16,
      view,
    })
    const [dx] = p.warningOffset.get(warnings[0]!)!
    expect(dx).toBeLessThan(0)
    expect(x + dx + textBox(0, 0, warnings[0]!.text, 18).x1).toBeLessThanOrEqual(view.x1)
    expect(p.warningOffset.get(warnings[1]!)![0]).toBe(0)
  })
})
