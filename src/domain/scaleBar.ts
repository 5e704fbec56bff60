// A map's scale bar: metres per pixel of a Web-Mercator view and a round length (1, 2 or 5 × 10ⁿ
// metres) that fills at most a given share of the picture's width. Pure.

const EARTH_CIRCUMFERENCE_M = 40_075_016.686

/** Metres per CSS pixel at a latitude and MapLibre zoom (512-pixel tiles). */
export function metresPerPixel(lat: number, zoom: number): number {
  return (EARTH_CIRCUMFERENCE_M * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** zoom)
}

export interface ScaleBar {
  metres: number
  /** the bar's share of the picture's width (0–1) */
  fraction: number
  label: string
}

/** The longest round length that fills no more than `maxFraction` of `widthPx` pixels. */
export function scaleBar(mpp: number, widthPx: number, maxFraction = 0.25): ScaleBar | null {
  if (!(mpp > 0) || !(widthPx > 0) || !Number.isFinite(mpp)) return null
  const maxM = mpp * widthPx * maxFraction
  const exp = 10 ** Math.floor(Math.log10(maxM))
  const metres = [5, 2, 1].map((k) => k * exp).find((m) => m <= maxM) ?? exp
  return { metres, fraction: metres / (mpp * widthPx), label: metres >= 1000 ? `${metres / 1000} km` : `${metres} m` }
}
