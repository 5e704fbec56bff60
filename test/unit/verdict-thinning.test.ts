import { describe, expect, it } from 'vitest'
import { THIN_CELL_PX, visibleDots, widen } from '../../src/import/verdictThinning.ts'

const VIEW = { west: 112.5, south: 22.0, east: 113.5, north: 22.8, zoom: 12 }
/** degrees of longitude per screen pixel at zoom 12 */
const DEG_PER_PX = 360 / (512 * 2 ** 12)

function pos(...pts: [number, number][]): Float64Array {
  return Float64Array.from(pts.flat())
}

describe('visibleDots', () => {
  it('leaves out the dots outside the view', () => {
    const p = pos([113, 22.4], [114, 22.4], [113, 23.5], [112.49, 22.4])
    expect([...visibleDots(p, 4, VIEW)]).toEqual([0])
  })

  it('of dots on the same pixels keeps the last one (drawn on top), and dots a cell apart both', () => {
    const near = 0.4 * THIN_CELL_PX * DEG_PER_PX
    const far = 3 * THIN_CELL_PX * DEG_PER_PX
    // 0 and 1 share a cell (1 wins); 2 is three cells east of them; 3 shares 2's cell
    const p = pos([113.0, 22.4], [113.0 + near * 0.1, 22.4], [113.0 + far, 22.4], [113.0 + far + near * 0.1, 22.4])
    expect([...visibleDots(p, 4, VIEW)]).toEqual([1, 3])
  })

  it('keeps every dot when zoomed in far enough, in drawing order', () => {
    const p = new Float64Array(2000)
    for (let i = 0; i < 1000; i++) {
      p[i * 2] = 113 + (i % 40) * 0.001
      p[i * 2 + 1] = 22.4 + Math.floor(i / 40) * 0.001
    }
    const kept = visibleDots(p, 1000, VIEW)
    expect(kept.length).toBe(1000)
    expect([...kept]).toEqual([...kept].sort((a, b) => a - b))
    // zoomed out to the whole province the same 1,000 dots (a 40 × 25 grid 100 m apart) fall on a few pixels
    expect(visibleDots(p, 1000, { ...VIEW, zoom: 6 }).length).toBeLessThan(20)
  })

  it('counts only the first `length` dots', () => {
    expect([...visibleDots(pos([113, 22.4], [113.2, 22.4]), 1, VIEW)]).toEqual([0])
  })
})

describe('widen', () => {
  it('adds the margin on each side, within the world', () => {
    expect(widen({ west: 113, south: 22, east: 114, north: 23 })).toEqual({ west: 112, south: 21, east: 115, north: 24 })
    expect(widen({ west: -179.5, south: 84, east: 179.5, north: 85 }).west).toBe(-180)
  })
})
