import { describe, it, expect } from 'vitest'
import { hoverCellKey, hoverSummary, LruCache, HOVER_CELL_PX } from '../../src/features/onemap/hover.ts'
import { mercatorPx } from '../../src/map/labelCollision.ts'
import { metresPerPixel } from '../../src/map/viewport.ts'
import { levelName, majorGradeName } from '../../src/domain/levels.ts'

describe('hover cells', () => {
  const lon = 113.1
  const lat = 22.6
  it('points a few pixels apart share a cell; a cell away does not', () => {
    const z = 15
    // put the point in the middle of its cell, then move 3 px (in degrees at this zoom)
    const [x] = mercatorPx(lon, lat, z)
    const cx = (Math.floor(x / HOVER_CELL_PX) + 0.5) * HOVER_CELL_PX
    const degPerPx = 360 / (512 * 2 ** z)
    const lonMid = lon + (cx - x) * degPerPx
    const k = hoverCellKey(lonMid, lat, z, 'full|a')
    expect(hoverCellKey(lonMid + 3 * degPerPx, lat, z, 'full|a')).toBe(k)
    expect(hoverCellKey(lonMid + HOVER_CELL_PX * degPerPx, lat, z, 'full|a')).not.toBe(k)
    // y: metres per pixel → degrees of latitude
    const dLat = (HOVER_CELL_PX * metresPerPixel(lat, z)) / 110540
    expect(hoverCellKey(lonMid, lat + dLat, z, 'full|a')).not.toBe(k)
  })

  it('the key changes with the zoom step and with the context (mode, layers)', () => {
    const k = hoverCellKey(lon, lat, 14, 'full|a')
    expect(hoverCellKey(lon, lat, 14.1, 'full|a')).toBe(k) // same quarter step
    expect(hoverCellKey(lon, lat, 14.3, 'full|a')).not.toBe(k)
    expect(hoverCellKey(lon, lat, 14, 'public|a')).not.toBe(k)
  })
})

describe('LruCache', () => {
  it('keeps the most recently used entries and remembers null answers', () => {
    const c = new LruCache<number | null>(2)
    c.set('a', 1)
    c.set('b', null)
    expect(c.has('b')).toBe(true)
    expect(c.get('b')).toBeNull()
    c.get('a') // a is now the most recent
    c.set('c', 3)
    expect(c.has('b')).toBe(false)
    expect(c.get('a')).toBe(1)
    expect(c.get('c')).toBe(3)
    expect(c.size).toBe(2)
    c.clear()
    expect(c.size).toBe(0)
  })
})

describe('hoverSummary', () => {
  it('names, levels and types per kind', () => {
    const rp = hoverSummary(
      { kind: 'risk_points', data: { name: '储罐区', level: 2, category_name: '危化品储存', category_name_en: 'Hazchem storage' } as never },
      'en',
    )
    expect(rp).toMatchObject({ name: '储罐区', badge: levelName(2, 'en'), level: 2, type: 'Hazchem storage' })
    const hz = hoverSummary(
      { kind: 'hazard_sources', data: { name: '1#罐区', is_major: true, major_grade: 1, enterprise_name: '某化工', unit_type: 'storage' } as never },
      'zh',
    )
    expect(hz.name).toBe('1#罐区')
    expect(hz.badge).toBe(majorGradeName(1, 'zh'))
    expect(hz.type).toContain('某化工')
    const minor = hoverSummary(
      { kind: 'hazard_sources', data: { name: 'x', is_major: false, major_grade: null, enterprise_name: null, unit_type: 'production' } as never },
      'zh',
    )
    expect(minor.badge).toBeNull()
    const hd = hoverSummary({ kind: 'hidden_dangers', data: { title: '广告牌松动', status: 'registered', severity: 'major' } as never }, 'zh')
    expect(hd.name).toBe('广告牌松动')
    expect(hd.badge).toBe('已登记')
    expect(hd.type).toBeTruthy()
  })
})
