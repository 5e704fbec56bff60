// Track playback's pure parts (src/domain/vehicleTrack.ts): the clock in China time, the position
// between fixes, the day's alerts placed on the track at their time, the playback step.
import { describe, expect, it } from 'vitest'
import { alertMarks, fixBefore, playbackStep, positionAt, trackClock, type TrackColumns } from '../../src/domain/vehicleTrack.ts'

// the day 2026-12-04 in China time starts at 2026-12-03T16:00:00Z
const track: TrackColumns = {
  t0: '2026-12-03T16:00:00Z',
  t: [3600, 3660, 3720],
  path: [
    [113.0, 22.5],
    [113.01, 22.5],
    [113.01, 22.51],
  ],
}

describe('track playback', () => {
  it('shows the clock in China time', () => {
    expect(trackClock(track.t0, 0)).toBe('00:00:00')
    expect(trackClock(track.t0, 3661)).toBe('01:01:01')
    expect(trackClock(track.t0, 86_399)).toBe('23:59:59')
  })

  it('finds the fix before a time and interpolates between fixes', () => {
    expect(fixBefore(track.t, 10)).toBe(-1)
    expect(fixBefore(track.t, 3660)).toBe(1)
    expect(fixBefore(track.t, 5000)).toBe(2)
    expect(positionAt(track, 0)).toEqual([113.0, 22.5])
    const mid = positionAt(track, 3630)!
    expect(mid[0]).toBeCloseTo(113.005, 9)
    expect(mid[1]).toBeCloseTo(22.5, 9)
    expect(positionAt(track, 99_999)).toEqual([113.01, 22.51])
    expect(positionAt({ ...track, t: [], path: [] }, 5)).toBeNull()
  })

  it('places the day’s alerts on the track at their time, leaving out other days', () => {
    const marks = alertMarks(track, [
      { id: 'b', kind: 'signal_lost', at: '2026-12-03T17:06:00Z' },
      { id: 'a', kind: 'restricted_zone', at: '2026-12-03T17:01:00Z' },
      { id: 'x', kind: 'restricted_zone', at: '2026-12-04T16:00:00Z' },
      { id: 'y', kind: 'restricted_zone', at: '2026-12-03T15:59:59Z' },
    ])
    expect(marks.map((m) => m.id)).toEqual(['a', 'b'])
    expect(marks[0]).toMatchObject({ s: 3660, lon: 113.01, lat: 22.5 })
    expect(marks[1]).toMatchObject({ s: 3960, lon: 113.01, lat: 22.51 })
  })

  it('steps the clock by speed and stops at the end', () => {
    expect(playbackStep(3600, 1000, 60, 3720)).toEqual({ s: 3660, ended: false })
    expect(playbackStep(3700, 1000, 60, 3720)).toEqual({ s: 3720, ended: true })
  })
})
