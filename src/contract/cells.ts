// The cell size of the binned point layers and of area simplification, shared by src/data (which
// sends it) and src/map (which draws at it). The RPCs take it as their `zoom` argument, a level of
// 256-px tiles: a map_points cell is 2·360/(256·2^level) degrees, area outlines are simplified to
// 360/(256·2^level). MapLibre counts in 512-px tiles, so the level is the map zoom + 1 for 2-px cells.

/**
 * Cell edge (CSS px) of the binned point layers. 4 px matches the smallest dot we draw (≈ 3.6 px
 * across), so neighbouring cells don't pile up, and a 1920×1080 view is at most ~130,000 cells
 * however many points the city has.
 */
export const POINT_CELL_PX = 4

export interface CellSize {
  /** cell edge in CSS pixels at the map zoom it was made for */
  readonly px: number
  /** cell edge in degrees of longitude */
  readonly degrees: number
  /** the same size as the RPCs' `zoom` argument (0..24) */
  readonly level: number
}

/** The cell `px` CSS pixels across at a MapLibre zoom (default: a 2-px simplification cell). */
export function cellSize(mapZoom: number, px = 2): CellSize {
  const level = Math.max(0, Math.min(24, mapZoom + 1 - Math.log2(px / 2)))
  return { px, degrees: (2 * 360) / (256 * 2 ** level), level }
}
