// "Is this spot inside some hazard source's required distance?", for placing random protective
// targets outside those circles. Without it, at the city's density most sources would have
// schools and homes within 1–2 km by chance and the relocation planner's worklist would be most
// of the city; with it, the violations are the old-town cases placed on purpose (hazards.ts)
// plus small general-class ones (villages, shops, factories), which are not kept out.
//
// A raster mask (≈ 100 m cells, one bit per class) answers in O(1): at scale 100 there are
// 36,000 sources and millions of candidate spots, too many for distance checks.
import type { BBox, Lonlat } from './geo.ts'
import { offsetMetres } from './geo.ts'
import type { HazardSource } from './hazards.ts'
import type { ProtectiveClass } from './reference.ts'

const CELL_M = 100
// A cell is marked when its centre is within required + MARGIN of a source's centre: the margin
// covers half a cell's diagonal (71 m) and a source's footprint (≤ 90 m from its centre), so an
// unmarked cell's every point is outside the required distance of the source's shape.
const MARGIN_M = 170
const CLASS_BIT: Partial<Record<ProtectiveClass, number>> = { high_sensitivity: 1, important: 2, general_1: 4, general_2: 8 }

export class HazardProximity {
  private readonly x0: number
  private readonly y0: number
  private readonly dx: number
  private readonly dy: number
  private readonly cols: number
  private readonly rows: number
  private readonly mask: Uint8Array

  constructor(hazards: readonly HazardSource[], bbox: BBox) {
    const [x0, y0, x1, y1] = bbox
    const mid = (y0 + y1) / 2
    const east = offsetMetres([x0, mid], CELL_M, 0)
    const north = offsetMetres([x0, mid], 0, CELL_M)
    this.x0 = x0
    this.y0 = y0
    this.dx = east[0] - x0
    this.dy = north[1] - mid
    this.cols = Math.ceil((x1 - x0) / this.dx) + 1
    this.rows = Math.ceil((y1 - y0) / this.dy) + 1
    this.mask = new Uint8Array(this.cols * this.rows)
    for (const h of hazards) {
      const cx = (h.centre[0] - this.x0) / this.dx
      const cy = (h.centre[1] - this.y0) / this.dy
      for (const [cls, bit] of Object.entries(CLASS_BIT) as Array<[ProtectiveClass, number]>) {
        const r = (h.requiredM[cls] + MARGIN_M) / CELL_M // in cells (cells are square in metres)
        const r2 = r * r
        const c0 = Math.max(0, Math.floor(cx - r)), c1 = Math.min(this.cols - 1, Math.ceil(cx + r))
        const q0 = Math.max(0, Math.floor(cy - r)), q1 = Math.min(this.rows - 1, Math.ceil(cy + r))
        for (let q = q0; q <= q1; q++) {
          const ddy = q + 0.5 - cy
          for (let c = c0; c <= c1; c++) {
            const ddx = c + 0.5 - cx
            if (ddx * ddx + ddy * ddy <= r2) this.mask[q * this.cols + c] |= bit
          }
        }
      }
    }
  }

  /** True when p may be within the distance some source requires for class c. */
  violates(p: Lonlat, c: ProtectiveClass): boolean {
    const bit = CLASS_BIT[c]
    if (!bit) return false
    const col = Math.floor((p[0] - this.x0) / this.dx)
    const row = Math.floor((p[1] - this.y0) / this.dy)
    if (col < 0 || row < 0 || col >= this.cols || row >= this.rows) return false
    return (this.mask[row * this.cols + col] & bit) !== 0
  }
}
