// Incident mode's pipelines (issue 19): the lines in the view drawn on the wall while incident mode
// is on (staff-only pipeline_map, the caller's RLS), and what a click near one means: the nearest
// line within a few pixels (pipelines_near) becomes the origin, a point on that line.
import { useEffect } from 'preact/hooks'
import type { PipelineMap } from '../../data/pipelines.ts'
import { pipelineMap } from '../../data/pipelines.ts'
import { pipelinesNear, type NearPipeline } from '../../data/incidentPipeline.ts'
import { LatestRequests } from '../../data/latest.ts'
import { PipelinesLayer } from '../../layers/pipelines/index.ts'
import type { WallMap } from './wallMap.ts'

/** How near a click must land to a drawn line to start from it, in CSS px at 1080p (× the wall's scale). */
export const PIPE_PICK_PX = 8

/** Metres per CSS pixel of a 512-px-tile Web Mercator map at a latitude and zoom. */
export function metresPerPixel(lat: number, zoom: number): number {
  return (40075016.686 * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** zoom)
}

/** The line within PIPE_PICK_PX of the click (null: none, or none the caller may read). */
export async function pipelineNearClick(wallMap: WallMap, lon: number, lat: number): Promise<NearPipeline | null> {
  const zoom = wallMap.map?.getZoom() ?? 12
  const radius = Math.min(5000, Math.max(1, PIPE_PICK_PX * wallMap.wallScale * metresPerPixel(lat, zoom)))
  try {
    return (await pipelinesNear(lon, lat, radius, 1))[0] ?? null
  } catch {
    return null
  }
}

const latest = new LatestRequests()

/** Draws the view's pipelines (without their findings: the rings are the story) while `on`. */
export function useIncidentPipelines(wallMap: WallMap, on: boolean): void {
  useEffect(() => {
    const map = wallMap.map
    if (!on || !map) return
    let data: PipelineMap | null = null
    wallMap.extraLayers = () =>
      data ? [new PipelinesLayer({ id: 'wall-incident-pipelines', data, size: Math.max(1, wallMap.wallScale * 0.5), theme: 'dark' })] : []
    const load = () => {
      const b = map.getBounds()
      const bbox: [number, number, number, number] = [
        Math.max(-180, b.getWest()),
        Math.max(-90, b.getSouth()),
        Math.min(180, b.getEast()),
        Math.min(90, b.getNorth()),
      ]
      // below street zoom, ask at zoom 8: lines simplified to ~150 m (a few pixels at zoom ≤ 11) and
      // no high-consequence screening, which costs seconds over a city (the rings are the story here)
      const z = Math.floor(map.getZoom())
      void latest
        .run('pipelines', (signal) => pipelineMap(bbox, z >= 12 ? z : Math.min(z, 8), signal))
        .then(
          (r) => {
            if (!r) return
            data = { lines: r.value.lines, encroachments: [], hca: [] }
            wallMap.debug.incidentPipelines = data.lines.length
            wallMap.redraw()
          },
          (e: Error) => console.warn('[wall] incident pipelines:', e.message),
        )
    }
    load()
    map.on('moveend', load)
    return () => {
      map.off('moveend', load)
      latest.abortAll()
      wallMap.extraLayers = null
      wallMap.redraw()
    }
  }, [on, wallMap.map])
}
