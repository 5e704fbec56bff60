// One vehicle's day replayed on a map (issue 19): vehicle_track's fixes as a deck.gl TripsLayer
// (a trail of the last 30 minutes behind the vehicle), the whole track faint under it, the day's
// alerts as red dots where they were raised, and the vehicle's position now. Its own deck.gl
// overlay on the map (not the registry's), so the one map's layers stay as they are; a
// requestAnimationFrame loop advances the clock while playing.
import { MapboxOverlay } from '@deck.gl/mapbox'
import { TripsLayer } from '@deck.gl/geo-layers'
import { PathLayer, ScatterplotLayer } from '@deck.gl/layers'
import type { Layer } from '@deck.gl/core'
import type { Map as MlMap } from 'maplibre-gl'
import { createStore, type Store } from '../../app/store.ts'
import { vehicleTrack, type VehicleTrack } from '../../data/vehicles.ts'
import { vehicleAlertsOfDay } from '../../data/vehicleMap.ts'
import { alertMarks, playbackStep, positionAt, type AlertMark } from '../../domain/vehicleTrack.ts'
import { cityToday } from '../../domain/cityDay.ts'

export interface PlaybackState {
  status: 'idle' | 'loading' | 'ok' | 'error'
  error: string | null
  vehicleId: string | null
  plate: string
  /** the day (YYYY-MM-DD, China time) */
  day: string
  track: VehicleTrack | null
  marks: AlertMark[]
  /** seconds since t0 */
  s: number
  playing: boolean
  speed: number
}

const TRAIL_S = 1800

export class TrackPlayback {
  readonly store: Store<PlaybackState>
  private overlay: MapboxOverlay | null = null
  private raf = 0
  private last = 0
  private ctrl: AbortController | null = null

  constructor(private map: MlMap) {
    this.store = createStore<PlaybackState>({
      status: 'idle',
      error: null,
      vehicleId: null,
      plate: '',
      day: cityToday(),
      track: null,
      marks: [],
      s: 0,
      playing: false,
      speed: 60,
    })
  }

  get state(): PlaybackState {
    return this.store.get()
  }

  /** Loads a vehicle's day and shows it from its first fix, paused. */
  async open(vehicleId: string, plate: string, day = this.state.day): Promise<void> {
    this.pause()
    this.ctrl?.abort()
    const ctrl = (this.ctrl = new AbortController())
    this.store.update({ status: 'loading', error: null, vehicleId, plate, day, track: null, marks: [], s: 0 })
    try {
      const track = await vehicleTrack(vehicleId, day, ctrl.signal)
      const alerts = await vehicleAlertsOfDay(vehicleId, track.t0, ctrl.signal)
      if (ctrl.signal.aborted) return
      const marks = alertMarks(track, alerts)
      this.store.update({ status: 'ok', track, marks, s: track.t[0] ?? 0 })
      this.fit(track)
      this.draw()
    } catch (e) {
      if (ctrl.signal.aborted) return
      this.store.update({ status: 'error', error: (e as Error).message })
    }
  }

  get end(): number {
    const t = this.state.track?.t
    return t && t.length ? t[t.length - 1]! : 0
  }

  play(): void {
    const st = this.state
    if (!st.track || st.track.n < 2 || st.playing) return
    if (st.s >= this.end) this.store.update({ s: st.track.t[0]! })
    this.store.update({ playing: true })
    this.last = performance.now()
    const frame = (now: number) => {
      if (!this.state.playing) return
      const next = playbackStep(this.state.s, now - this.last, this.state.speed, this.end)
      this.last = now
      this.store.update({ s: next.s, playing: !next.ended })
      this.draw()
      if (!next.ended) this.raf = requestAnimationFrame(frame)
    }
    this.raf = requestAnimationFrame(frame)
  }

  pause(): void {
    cancelAnimationFrame(this.raf)
    if (this.state.playing) this.store.update({ playing: false })
  }

  seek(s: number): void {
    this.store.update({ s: Math.max(0, Math.min(this.end, s)) })
    this.draw()
  }

  setSpeed(speed: number): void {
    this.store.update({ speed })
  }

  close(): void {
    this.pause()
    this.ctrl?.abort()
    this.store.update({ status: 'idle', vehicleId: null, track: null, marks: [] })
    this.removeOverlay()
  }

  destroy(): void {
    this.close()
  }

  private fit(track: VehicleTrack): void {
    if (track.n === 0) return
    let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity]
    for (const [x, y] of track.path) {
      w = Math.min(w, x)
      e = Math.max(e, x)
      s = Math.min(s, y)
      n = Math.max(n, y)
    }
    this.map.fitBounds(
      [
        [w, s],
        [e, n],
      ],
      { padding: 120, maxZoom: 16, animate: false },
    )
  }

  private removeOverlay(): void {
    if (!this.overlay) return
    try {
      this.map.removeControl(this.overlay)
    } catch {
      /* the map is gone */
    }
    this.overlay.finalize()
    this.overlay = null
  }

  /** The deck layers of the state now. */
  layers(): Layer[] {
    const { track, marks, s } = this.state
    if (!track || track.n === 0) return []
    const trip = { path: track.path, timestamps: track.t }
    const here = positionAt(track, s)
    return [
      new PathLayer({
        id: 'playback-track',
        data: [trip],
        getPath: (d: typeof trip) => d.path as [number, number][],
        getColor: [40, 90, 160, 90],
        widthUnits: 'pixels',
        getWidth: 3,
      }),
      new TripsLayer({
        id: 'playback-trips',
        data: [trip],
        getPath: (d: typeof trip) => d.path as [number, number][],
        getTimestamps: (d: typeof trip) => d.timestamps as number[],
        getColor: [0, 120, 255],
        widthUnits: 'pixels',
        getWidth: 6,
        capRounded: true,
        jointRounded: true,
        fadeTrail: true,
        trailLength: TRAIL_S,
        currentTime: s,
      }),
      new ScatterplotLayer<AlertMark>({
        id: 'playback-alerts',
        data: marks,
        getPosition: (d: AlertMark) => [d.lon, d.lat],
        radiusUnits: 'pixels',
        getRadius: (d: AlertMark) => (d.s <= s ? 9 : 7),
        getFillColor: (d: AlertMark) => (d.s <= s ? [230, 0, 18, 255] : [230, 0, 18, 120]),
        stroked: true,
        getLineColor: [255, 255, 255],
        lineWidthUnits: 'pixels',
        getLineWidth: 2,
        updateTriggers: { getRadius: [s], getFillColor: [s] },
      }),
      new ScatterplotLayer<[number, number]>({
        id: 'playback-here',
        data: here ? [here] : [],
        getPosition: (d: [number, number]) => d,
        radiusUnits: 'pixels',
        getRadius: 8,
        getFillColor: [255, 255, 255],
        stroked: true,
        getLineColor: [0, 90, 220],
        lineWidthUnits: 'pixels',
        getLineWidth: 4,
      }),
    ]
  }

  private draw(): void {
    if (!this.overlay) {
      this.overlay = new MapboxOverlay({ interleaved: false, layers: [] })
      this.map.addControl(this.overlay)
    }
    this.overlay.setProps({ layers: this.layers() })
    if (typeof window !== 'undefined') window.__playback = { s: this.state.s, drawn: (window.__playback?.drawn ?? 0) + 1, marks: this.state.marks.length }
  }
}

declare global {
  interface Window {
    __playback?: { s: number; drawn: number; marks: number }
  }
}
