// Vincenty's direct formula on WGS84, written independently of PostGIS so the tests can place
// points at known geodesic distances and check the database's distances against them.

export const WGS84 = { a: 6378137, f: 1 / 298.257223563 }
const RAD = Math.PI / 180
export type LonLat = { lon: number; lat: number }

/** Vincenty's direct formula on WGS84: the point `meters` from (lon, lat) at azimuth `bearingDeg`. */
export function destination(from: LonLat, bearingDeg: number, meters: number): LonLat {
  const { a, f } = WGS84
  const b = a * (1 - f)
  const alpha1 = bearingDeg * RAD
  const sinAlpha1 = Math.sin(alpha1),
    cosAlpha1 = Math.cos(alpha1)
  const tanU1 = (1 - f) * Math.tan(from.lat * RAD),
    cosU1 = 1 / Math.sqrt(1 + tanU1 * tanU1),
    sinU1 = tanU1 * cosU1
  const sigma1 = Math.atan2(tanU1, cosAlpha1)
  const sinAlpha = cosU1 * sinAlpha1,
    cosSqAlpha = 1 - sinAlpha * sinAlpha
  const uSq = (cosSqAlpha * (a * a - b * b)) / (b * b)
  const A = 1 + (uSq / 16384) * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)))
  const B = (uSq / 1024) * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)))
  let sigma = meters / (b * A),
    sigmaP: number,
    cos2SigmaM: number,
    sinSigma: number,
    cosSigma: number
  do {
    cos2SigmaM = Math.cos(2 * sigma1 + sigma)
    sinSigma = Math.sin(sigma)
    cosSigma = Math.cos(sigma)
    const dSigma =
      B *
      sinSigma *
      (cos2SigmaM +
        (B / 4) * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) - (B / 6) * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)))
    sigmaP = sigma
    sigma = meters / (b * A) + dSigma
  } while (Math.abs(sigma - sigmaP) > 1e-12)
  const tmp = sinU1 * sinSigma - cosU1 * cosSigma * cosAlpha1
  const lat2 = Math.atan2(sinU1 * cosSigma + cosU1 * sinSigma * cosAlpha1, (1 - f) * Math.sqrt(sinAlpha * sinAlpha + tmp * tmp))
  const lambda = Math.atan2(sinSigma * sinAlpha1, cosU1 * cosSigma - sinU1 * sinSigma * cosAlpha1)
  const C = (f / 16) * cosSqAlpha * (4 + f * (4 - 3 * cosSqAlpha))
  const L = lambda - (1 - C) * f * sinAlpha * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)))
  return { lon: from.lon + L / RAD, lat: lat2 / RAD }
}

export const dms = (d: number, m: number, s: number) => Math.sign(d) * (Math.abs(d) + m / 60 + s / 3600)
