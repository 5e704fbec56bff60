// Whether a point lies inside a polygon ring (even-odd rule), in whatever planar coordinates the
// caller uses: degrees for the GCJ-02 region test (china.ts), screen pixels for the wall's fit.
export function pointInRing(ring: readonly (readonly [number, number])[], x: number, y: number): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!
    const [xj, yj] = ring[j]!
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}
