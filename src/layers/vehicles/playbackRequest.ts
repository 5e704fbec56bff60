// The card's "轨迹回放" asks here for one vehicle's playback; the screen that plays tracks (the
// one map's src/features/vehicles/TrackPlayback.tsx) listens. A layer knows no feature.
import { createStore } from '../../app/store.ts'

export interface PlaybackRequest {
  vehicleId: string
  plate: string
  /** increases with every ask (the same vehicle asked again reopens it) */
  seq: number
}

export const playbackRequest = createStore<{ req: PlaybackRequest | null }>({ req: null })

export function askPlayback(vehicleId: string, plate: string): void {
  playbackRequest.set({ req: { vehicleId, plate, seq: (playbackRequest.get().req?.seq ?? 0) + 1 } })
}
