import { describe, expect, it } from 'vitest'
import {
  areaLevelsForZoom,
  bboxContains,
  clampBbox,
  clickRadiusMetres,
  coverStillValid,
  metresPerPixel,
  padBbox,
  snapBbox,
  symbolScale,
} from '../../src/map/viewport.ts'
import { cellSize } from '../../src/contract/cells.ts'
import { LatestRequests, debounce } from '../../src/data/latest.ts'
import { levelsArg } from '../../src/data/mapApi.ts'
import { labelPoint } from '../../src/map/labelPoint.ts'

describe('viewport arithmetic', () => {
  it('metres per pixel at the equator and zoom 0 (512-px tiles)', () => {
    expect(metresPerPixel(0, 0)).toBeCloseTo(78271.5, 0)
    expect(metresPerPixel(60, 1)).toBeCloseTo(78271.5 / 4, 0)
  })

  it('click radius is 8 px in metres, clamped', () => {
    expect(clickRadiusMetres(22.5, 14)).toBeCloseTo(8 * metresPerPixel(22.5, 14), 6)
    expect(clickRadiusMetres(22.5, 0)).toBe(20000)
    expect(clickRadiusMetres(22.5, 25)).toBe(1)
  })

  it('a cell size is sent as a level of 256-px tiles; a 4-px cell is one level coarser than a 2-px one', () => {
    expect(cellSize(9).level).toBe(10)
    expect(cellSize(9, 4).level).toBe(9)
    expect(cellSize(30).level).toBe(24)
    // the server's cell at that level spans px MapLibre pixels, and `degrees` says so
    const cellDeg = (z: number) => (2 * 360) / (256 * 2 ** z)
    const mlPxDeg = (z: number) => 360 / (512 * 2 ** z)
    expect(cellDeg(cellSize(12.3, 4).level) / mlPxDeg(12.3)).toBeCloseTo(4, 9)
    expect(cellDeg(cellSize(12.3).level) / mlPxDeg(12.3)).toBeCloseTo(2, 9)
    expect(cellSize(12.3, 4).degrees / mlPxDeg(12.3)).toBeCloseTo(4, 9)
  })

  it('pads, clamps and contains', () => {
    const b = padBbox([113, 22, 114, 23], 0.5)
    expect(b).toEqual([112.5, 21.5, 114.5, 23.5])
    expect(clampBbox([-200, -90, 200, 90])).toEqual([-180, -85.05, 180, 85.05])
    expect(bboxContains(b, [113, 22, 114, 23])).toBe(true)
    expect(bboxContains([113, 22, 114, 23], b)).toBe(false)
    expect(snapBbox([113.01, 22.01, 113.99, 22.99], 0.1)).toEqual([113, 22, 114, 23])
  })

  it('a loaded cover serves a view inside it at nearly the same zoom', () => {
    const loaded = { bbox: [112, 21, 115, 24] as const, zoom: 10 }
    expect(coverStillValid(loaded, [113, 22, 114, 23], 10.3)).toBe(true)
    expect(coverStillValid(loaded, [113, 22, 114, 23], 10.6)).toBe(false)
    expect(coverStillValid(loaded, [111, 22, 114, 23], 10)).toBe(false)
    expect(coverStillValid(null, [113, 22, 114, 23], 10)).toBe(false)
  })

  it('symbols scale with zoom: half size at city zoom, full at 12, at most 1.5', () => {
    expect(symbolScale(5)).toBe(0.5)
    expect(symbolScale(8.5)).toBe(0.5)
    expect(symbolScale(12)).toBe(1)
    expect(symbolScale(16)).toBe(1.5)
    expect(symbolScale(20)).toBe(1.5)
    for (let z = 3; z < 20; z += 0.5) expect(symbolScale(z + 0.5)).toBeGreaterThanOrEqual(symbolScale(z))
  })

  it('area levels by zoom', () => {
    expect(areaLevelsForZoom(9)).toEqual(['district'])
    expect(areaLevelsForZoom(12)).toEqual(['district', 'street'])
    expect(areaLevelsForZoom(15)).toEqual(['district', 'street', 'grid'])
  })

  it('levels argument: null means all levels', () => {
    expect(levelsArg(null)).toBeNull()
    expect(levelsArg([1, 2, 3, 4])).toBeNull()
    expect(levelsArg([3, 1])).toEqual([1, 3])
    expect(levelsArg([])).toEqual([])
  })
})

describe('labelPoint', () => {
  it('stays inside a concave polygon', () => {
    // a "U": the centre of mass falls in the notch
    const u = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [0, 0],
          [3, 0],
          [3, 3],
          [2, 3],
          [2, 1],
          [1, 1],
          [1, 3],
          [0, 3],
          [0, 0],
        ],
      ],
    }
    const p = labelPoint(u)!
    const inNotch = p[0] > 1 && p[0] < 2 && p[1] > 1
    expect(inNotch).toBe(false)
  })

  it('uses the largest part of a multipolygon', () => {
    const mp = {
      type: 'MultiPolygon' as const,
      coordinates: [
        [
          [
            [0, 0],
            [0.1, 0],
            [0.1, 0.1],
            [0, 0.1],
            [0, 0],
          ],
        ],
        [
          [
            [10, 10],
            [12, 10],
            [12, 12],
            [10, 12],
            [10, 10],
          ],
        ],
      ],
    }
    const p = labelPoint(mp)!
    expect(p[0]).toBeGreaterThan(10)
    expect(p[1]).toBeGreaterThan(10)
  })
})

describe('LatestRequests', () => {
  it('aborts the previous request of a key and discards its answer', async () => {
    const latest = new LatestRequests()
    let firstSignal: AbortSignal | undefined
    const first = latest.run('k', (signal) => {
      firstSignal = signal
      return new Promise<number>((resolve) => setTimeout(() => resolve(1), 20))
    })
    const second = latest.run('k', async () => 2)
    expect(firstSignal?.aborted).toBe(true)
    expect(await first).toBeUndefined()
    expect(await second).toEqual({ value: 2 })
  })

  it('keeps keys independent and rethrows real errors', async () => {
    const latest = new LatestRequests()
    const a = latest.run('a', async () => 'a')
    const b = latest.run('b', async () => 'b')
    expect(await a).toEqual({ value: 'a' })
    expect(await b).toEqual({ value: 'b' })
    await expect(
      latest.run('c', async () => {
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
  })

  it('debounce calls once with the last arguments', async () => {
    const calls: number[] = []
    const d = debounce((n: number) => calls.push(n), 10)
    d(1)
    d(2)
    d(3)
    await new Promise((r) => setTimeout(r, 30))
    expect(calls).toEqual([3])
  })
})

describe('Limiter', () => {
  it('runs at most max at once, urgent first, and drops aborted queued work', async () => {
    const { Limiter } = await import('../../src/data/latest.ts')
    const lim = new Limiter(1)
    const order: string[] = []
    let release!: () => void
    const first = lim.run(
      () =>
        new Promise<void>((r) => {
          order.push('a')
          release = r
        }),
    )
    const b = lim.run(async () => {
      order.push('b')
    })
    const ctrl = new AbortController()
    const c = lim.run(async () => {
      order.push('c')
    }, ctrl.signal)
    const u = lim.run(
      async () => {
        order.push('urgent')
      },
      undefined,
      true,
    )
    ctrl.abort()
    await expect(c).rejects.toThrow(/aborted/)
    expect(lim.pending).toBe(3)
    release()
    await Promise.all([first, b, u])
    expect(order).toEqual(['a', 'urgent', 'b'])
  })
})
