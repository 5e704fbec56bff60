// Mainland China's obfuscated map coordinates: GCJ-02 (国测局, AMap, Tencent, Google China) and
// BD-09 (Baidu), and where they apply. Pure functions, no I/O.
//
// The forward transforms (WGS-84 → GCJ-02 → BD-09) are the de facto public formulas that every
// implementation shares (Krasovsky ellipsoid a = 6378245, ee = 0.006693421622965943; Baidu's
// x_pi rotation). The inverses are ITERATIVE: w ← w − (f(w) − g) until f(w) is within 1e-10° of
// g (≈ 0.01 mm), not the usual one-step approximation w ≈ 2g − f(g), which is off by metres.
//
// The shift is applied only inside mainland China: Hong Kong, Macau, Taiwan (with Kinmen and
// Matsu) and other countries are left as they are.
import { pointInRing } from './ring.ts'

const A = 6378245.0
const EE = 0.006693421622965943 // 0.00669342162296594323 as the formula writes it, the same double
const X_PI = (Math.PI * 3000.0) / 180.0

// ----------------------------------------------------------------------------- where
// Mainland China as the widely used set of rectangles (the "region / exclude" boxes shared by
// many GCJ-02 libraries; coarse at the land borders with the neighbouring countries, a few km),
// minus Taiwan, Kinmen and Matsu (rectangles) and Hong Kong and Macau (polygons drawn along the
// Shenzhen River / Gongbei border at ~100–300 m; at sea they are coarser). [west, south, east, north]
type Box = readonly [number, number, number, number]
const REGION: readonly Box[] = [
  [79.4462, 42.8899, 96.33, 49.2204],
  [109.6872, 39.3742, 135.0002, 54.1415],
  [73.1246, 29.5297, 124.143255, 42.8899],
  [82.9684, 26.7186, 97.0352, 29.5297],
  [97.0253, 20.414096, 124.367395, 29.5297],
  [107.975793, 17.871542, 111.744104, 20.414096],
]
const EXCLUDE: readonly Box[] = [
  [119.921265, 21.785006, 122.497559, 25.398623], // Taiwan
  [101.8652, 20.0988, 106.665, 22.284], // Laos, Vietnam
  [106.4525, 20.4878, 108.051, 21.5422], // Vietnam
  [109.0323, 50.3257, 119.127, 55.8175], // Mongolia, Russia
  [127.4568, 49.5574, 137.0227, 55.8175], // Russia
  [131.2662, 42.5692, 137.0227, 44.8922], // Russia
  [118.215, 24.37, 118.49, 24.535], // Kinmen (金门)
  [119.905, 26.13, 120.04, 26.28], // Matsu: Nangan, Beigan (马祖)
  [119.92, 25.93, 120.0, 25.99], // Matsu: Juguang
  [120.46, 26.34, 120.53, 26.4], // Matsu: Dongyin
  [82.9684, 26.7186, 88.15, 27.9], // Nepal (south of the Tibetan border, ~28°N; Zhangmu at 27.99°N stays in)
  [88.95, 26.7186, 92.1, 27.75], // Bhutan (its south; Yadong at 88.9°E stays in)
]
/** Hong Kong SAR, [lng, lat] ring: west in the Pearl River estuary, Deep Bay, the Shenzhen River, Mirs Bay. */
const HONG_KONG: readonly (readonly [number, number])[] = [
  [113.825, 22.14],
  [113.825, 22.3],
  [113.87, 22.42],
  [113.9, 22.445],
  [113.93, 22.475],
  [113.955, 22.5],
  [114.0, 22.508],
  [114.035, 22.508],
  [114.06, 22.512],
  [114.073, 22.518],
  [114.09, 22.521],
  [114.11, 22.53],
  [114.13, 22.538],
  [114.15, 22.545],
  [114.18, 22.553],
  [114.21, 22.553],
  [114.225, 22.546],
  [114.26, 22.565],
  [114.3, 22.57],
  [114.4, 22.568],
  [114.445, 22.555],
  [114.455, 22.52],
  [114.5, 22.45],
  [114.5, 22.14],
]
/** Macau SAR: the peninsula (north border at the Barrier Gate), Taipa, Coloane, the university on Hengqin. */
const MACAU: readonly (readonly [number, number])[] = [
  [113.531, 22.2],
  [113.536, 22.213],
  [113.549, 22.2165],
  [113.558, 22.214],
  [113.575, 22.205],
  [113.61, 22.16],
  [113.605, 22.105],
  [113.56, 22.1],
  [113.548, 22.118],
  [113.538, 22.12],
  [113.538, 22.137],
  [113.547, 22.148],
  [113.545, 22.165],
  [113.532, 22.18],
]

const inBox = (lng: number, lat: number, b: Box) => lng >= b[0] && lng <= b[2] && lat >= b[1] && lat <= b[3]

/** True inside mainland China, where GCJ-02 / BD-09 shift positions. Hong Kong, Macau, Taiwan and abroad: false. */
export function isInsideChinaMainland(lng: number, lat: number): boolean {
  if (!Number.isFinite(lng) || !Number.isFinite(lat)) return false
  if (!REGION.some((b) => inBox(lng, lat, b))) return false
  if (EXCLUDE.some((b) => inBox(lng, lat, b))) return false
  return !pointInRing(HONG_KONG, lng, lat) && !pointInRing(MACAU, lng, lat)
}

// ----------------------------------------------------------------------------- forward
function shiftLat(x: number, y: number): number {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x))
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0
  r += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0
  r += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0
  return r
}
function shiftLng(x: number, y: number): number {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x))
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0
  r += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0
  r += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0
  return r
}

/** The GCJ-02 formula, unconditionally (callers decide whether the point is in the mainland). */
function gcjOffset(lng: number, lat: number): [number, number] {
  const dLat0 = shiftLat(lng - 105.0, lat - 35.0)
  const dLng0 = shiftLng(lng - 105.0, lat - 35.0)
  const radLat = (lat / 180.0) * Math.PI
  let magic = Math.sin(radLat)
  magic = 1 - EE * magic * magic
  const sqrtMagic = Math.sqrt(magic)
  const dLat = (dLat0 * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI)
  const dLng = (dLng0 * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI)
  return [lng + dLng, lat + dLat]
}

function gcjToBdRaw(lng: number, lat: number): [number, number] {
  const z = Math.sqrt(lng * lng + lat * lat) + 0.00002 * Math.sin(lat * X_PI)
  const theta = Math.atan2(lat, lng) + 0.000003 * Math.cos(lng * X_PI)
  return [z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006]
}

/** WGS-84 → GCJ-02; unchanged outside mainland China. */
export function wgs84ToGcj02(lng: number, lat: number): [number, number] {
  return isInsideChinaMainland(lng, lat) ? gcjOffset(lng, lat) : [lng, lat]
}

/** WGS-84 → BD-09; unchanged outside mainland China. */
export function wgs84ToBd09(lng: number, lat: number): [number, number] {
  if (!isInsideChinaMainland(lng, lat)) return [lng, lat]
  const [gx, gy] = gcjOffset(lng, lat)
  return gcjToBdRaw(gx, gy)
}

// ----------------------------------------------------------------------------- inverse
const TOLERANCE_DEG = 1e-10
const MAX_ITERATIONS = 50

/** Solves f(w) = g by fixed-point iteration w ← w − (f(w) − g); f is the identity plus a slowly varying shift. */
function invert(f: (lng: number, lat: number) => [number, number], gx: number, gy: number): [number, number] {
  let wx = gx
  let wy = gy
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    const [fx, fy] = f(wx, wy)
    const ex = fx - gx
    const ey = fy - gy
    wx -= ex
    wy -= ey
    if (Math.abs(ex) < TOLERANCE_DEG && Math.abs(ey) < TOLERANCE_DEG) break
  }
  return [wx, wy]
}

/**
 * The WGS-84 point whose shifted position is (gx, gy); (gx, gy) itself when it lies outside the
 * mainland. Near the borders of Hong Kong and Macau (and the land borders) a position can be
 * read both ways (a SAR point as given, or a mainland point shifted by ~0.5 km, BD-09 ~1 km, across
 * the border); it is taken as given where it lies, which is what AMap and Baidu show there.
 */
function inverseWhereShifted(f: (lng: number, lat: number) => [number, number], gx: number, gy: number): [number, number] {
  return isInsideChinaMainland(gx, gy) ? invert(f, gx, gy) : [gx, gy]
}

/** GCJ-02 → WGS-84 (iterative, < 1 mm); unchanged outside mainland China. */
export function gcj02ToWgs84(lng: number, lat: number): [number, number] {
  return inverseWhereShifted(gcjOffset, lng, lat)
}

/** BD-09 → WGS-84 (iterative through both shifts, < 1 mm); unchanged outside mainland China. */
export function bd09ToWgs84(lng: number, lat: number): [number, number] {
  return inverseWhereShifted(
    (x, y) => {
      const [gx, gy] = gcjOffset(x, y)
      return gcjToBdRaw(gx, gy)
    },
    lng,
    lat,
  )
}
