// The wall's city fit against the city's land (issue 21): a large corner panel over sea is drawn
// over; over land (台山's islands in the bbox's south-west corner) the city is moved, else made
// smaller, within limits; never a fit that covers land when a reasonable one exists.
import { describe, it, expect } from 'vitest'
import { fitPadding, coversLand, type Outline } from '../../src/features/wall/wallFit.ts'

const box = { left: 0, top: 0, right: 1000, bottom: 600 }
// a large panel in the bottom-left corner: 30 % of the width, 33 % of the height (drawn over)
const corner = { left: 0, top: 400, right: 300, bottom: 600 }
// the mainland: the unit square east of x = 0.3
const mainland: Outline = [
  [
    [0.3, 0],
    [1, 0],
    [1, 1],
    [0.3, 1],
  ],
]
// an island in the south-west corner
const island: Outline = [
  [
    [0.02, 0.9],
    [0.08, 0.9],
    [0.08, 0.93],
    [0.02, 0.93],
  ],
]

describe('fitPadding with the city’s land', () => {
  it('a corner panel over sea only: drawn over, the plain centred fit', () => {
    const plain = fitPadding(box, [corner], 30, 1)
    const p = fitPadding(box, [corner], 30, 1, 0.25, mainland)
    expect(p).toEqual(plain)
    expect(p.left).toBeCloseTo(230)
    expect(p.top).toBeCloseTo(30)
    // the panel does reach into the fitted bbox: it is drawn over its sea
    expect(corner.right).toBeGreaterThan(p.left)
    expect(coversLand(box, [corner], p, mainland)).toBe(false)
  })

  it('a corner panel over an island: the city moved clear of it, at its full size', () => {
    const land = [...mainland, ...island]
    const plain = fitPadding(box, [corner], 30, 1)
    expect(coversLand(box, [corner], plain, land)).toBe(true)
    const p = fitPadding(box, [corner], 30, 1, 0.25, land)
    expect(coversLand(box, [corner], p, land)).toBe(false)
    // same size (540 × 540), moved right only: the island's west edge (0.02 × 540) past the panel
    expect(p.left + p.right).toBeCloseTo(460)
    expect(p.top + p.bottom).toBeCloseTo(60)
    expect(p.left + 0.02 * 540).toBeGreaterThan(300)
    // and no further than the next place clear of it (a 25-px grid over the room)
    expect(p.left).toBeLessThan(300 + 25)
    expect(p.right).toBeGreaterThanOrEqual(30)
  })

  it('no room to move: the city is made a little smaller, not covered', () => {
    // a box of the city's own shape: no room on either axis
    const sq = { left: 0, top: 0, right: 600, bottom: 600 }
    // 30 % × 25.3 %: drawn over
    const panel = { left: 0, top: 448, right: 180, bottom: 600 }
    const land = [...mainland, ...island]
    const plain = fitPadding(sq, [panel], 30, 1)
    expect(coversLand(sq, [panel], plain, land)).toBe(true)
    const p = fitPadding(sq, [panel], 30, 1, 0.25, land)
    expect(coversLand(sq, [panel], p, land)).toBe(false)
    const size = 600 - p.left - p.right
    expect(size).toBeCloseTo(600 - p.top - p.bottom)
    expect(size).toBeLessThan(540)
    // the largest size (in steps of 2 %) that clears it: the island's south (0.93 of the city) above the panel
    expect(p.top + 0.93 * size).toBeLessThan(448)
    expect(30 + 0.93 * (size + 0.02 * 540)).toBeGreaterThan(448)
    expect(size).toBeGreaterThanOrEqual(0.8 * 540)
  })

  it('land under a panel wherever the city goes: the plain fit (the panel drawn over)', () => {
    // a panel over the middle of the box, too large to avoid, and land everywhere
    const middle = { left: 300, top: 150, right: 700, bottom: 450 }
    const all: Outline = [
      [
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 1],
      ],
    ]
    const plain = fitPadding(box, [middle], 30, 1)
    expect(fitPadding(box, [middle], 30, 1, 0.25, all)).toEqual(plain)
  })

  it('a panel wholly inside the land (no outline vertex under it) counts as covering it', () => {
    const big: Outline = [
      [
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 1],
      ],
    ]
    const small = { left: 480, top: 280, right: 520, bottom: 320 }
    expect(coversLand(box, [small], { left: 230, top: 30, right: 230, bottom: 30 }, big)).toBe(true)
    // and a panel beside the fitted city does not
    expect(coversLand(box, [{ left: 0, top: 0, right: 200, bottom: 600 }], { left: 230, top: 30, right: 230, bottom: 30 }, big)).toBe(false)
  })
})
