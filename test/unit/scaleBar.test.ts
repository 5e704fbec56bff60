import { describe, it, expect } from 'vitest'
import { metresPerPixel, scaleBar } from '../../src/domain/scaleBar.ts'

describe('scale bar', () => {
  it('metres per pixel of Web Mercator with 512-px tiles', () => {
    expect(metresPerPixel(0, 0)).toBeCloseTo(78271.517, 2)
    // 江门 (22.6°N) at zoom 12: 19.1 m × cos(22.6°)
    expect(metresPerPixel(22.6, 12)).toBeCloseTo((40_075_016.686 * Math.cos((22.6 * Math.PI) / 180)) / (512 * 4096), 6)
  })

  it('picks the longest 1/2/5 × 10ⁿ length within a quarter of the width', () => {
    const b = scaleBar(10, 1000)!
    // a quarter of 10 km is 2.5 km: 2 km
    expect(b).toEqual({ metres: 2000, fraction: 0.2, label: '2 km' })
    expect(scaleBar(1, 1000)!.label).toBe('200 m')
    expect(scaleBar(0.3, 1000)!.metres).toBe(50)
    expect(scaleBar(30, 1000)!.metres).toBe(5000)
    for (const mpp of [0.07, 1.3, 17, 240, 3000]) {
      const s = scaleBar(mpp, 800)!
      expect(s.fraction).toBeLessThanOrEqual(0.25)
      expect(s.fraction).toBeGreaterThan(0.25 / 5 - 1e-9)
      expect(String(s.metres / 10 ** Math.floor(Math.log10(s.metres)))).toMatch(/^[125]$/)
    }
  })

  it('nothing for a map without a size', () => {
    expect(scaleBar(10, 0)).toBeNull()
    expect(scaleBar(NaN, 100)).toBeNull()
  })
})
