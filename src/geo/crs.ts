// Coordinate reference systems of the files a city brings (issue 14): geographic WGS-84 and
// CGCS2000, the obfuscated GCJ-02 (AMap) and BD-09 (Baidu), and projected CGCS2000 Gauss-Krüger
// zones (and WGS 84 / UTM) by EPSG code. Everything is converted to WGS-84 [lng, lat], the
// database's EPSG:4326. Pure: no I/O, no UI; the import page, its worker and the CLI share it.
//
// CGCS2000 geographic (EPSG:4490) is treated as WGS-84: the two realisations differ by a few
// centimetres to decimetres, far below what a registry's coordinates hold.
import proj4 from 'proj4'
import { bd09ToWgs84, gcj02ToWgs84, wgs84ToBd09, wgs84ToGcj02 } from './china'
import { projectedCrs, type ProjectedCrs } from './projected'

export { isInsideChinaMainland } from './china'

export type CrsId = 'wgs84' | 'cgcs2000' | 'gcj02' | 'bd09' | `EPSG:${number}`

/** A coordinate system we do not know, or a point it cannot hold; the message says which and why. */
export class CrsError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CrsError'
  }
}

const NAMED = new Set(['wgs84', 'cgcs2000', 'gcj02', 'bd09'])
const SUPPORTED_HINT = 'auto, wgs84, cgcs2000, gcj02, bd09, EPSG:4326, EPSG:4490, EPSG:4491–4554 (CGCS2000 Gauss-Krüger) or EPSG:326xx/327xx (WGS 84 / UTM)'

/** Geographic EPSG codes that are one of our named systems. */
const GEOGRAPHIC_EPSG: Record<number, CrsId> = { 4326: 'wgs84', 4490: 'cgcs2000' }

type Resolved = { kind: 'geographic'; id: 'wgs84' | 'cgcs2000' | 'gcj02' | 'bd09' } | { kind: 'projected'; crs: ProjectedCrs }

function resolve(crs: CrsId): Resolved {
  if (typeof crs !== 'string') throw new CrsError(`unknown coordinate system ${String(crs)}: expected ${SUPPORTED_HINT}`)
  if (NAMED.has(crs)) return { kind: 'geographic', id: crs as 'wgs84' }
  const m = /^EPSG:(\d{4,5})$/.exec(crs)
  if (m) {
    const code = Number(m[1])
    const geographic = GEOGRAPHIC_EPSG[code]
    if (geographic) return { kind: 'geographic', id: geographic as 'wgs84' }
    const p = projectedCrs(code)
    if (p) return { kind: 'projected', crs: p }
    throw new CrsError(`unsupported coordinate system ${crs}: expected ${SUPPORTED_HINT}`)
  }
  throw new CrsError(`unknown coordinate system "${crs}": expected ${SUPPORTED_HINT}`)
}

const converters = new Map<number, proj4.Converter>()
/** Projected → WGS-84 (forward); WGS-84 → projected (inverse). */
function converter(p: ProjectedCrs): proj4.Converter {
  let c = converters.get(p.code)
  if (!c) {
    c = proj4(p.proj, 'WGS84')
    converters.set(p.code, c)
  }
  return c
}

function fmt(v: number): string {
  return Number.isFinite(v) ? String(Math.round(v * 1000) / 1000) : String(v)
}

function checkLngLat(lng: number, lat: number, what: string) {
  if (!Number.isFinite(lng) || !Number.isFinite(lat)) {
    throw new CrsError(`${what}: longitude and latitude must be finite numbers (got ${lng}, ${lat})`)
  }
  if (lng < -180 || lng > 180 || lat < -90 || lat > 90) {
    const swapped = lat >= -180 && lat <= 180 && lng >= -90 && lng <= 90
    throw new CrsError(
      `${what}: (${lng}, ${lat}) is not a longitude/latitude (longitude −180…180, latitude −90…90)` + (swapped ? '; longitude and latitude look swapped' : ''),
    )
  }
}

/** Why (x, y) cannot be an easting/northing of p, or null when it can. */
function projectedProblem(x: number, y: number, p: ProjectedCrs): string | null {
  const epsg = `EPSG:${p.code} (${p.name})`
  const fitsEasting = (v: number) => (p.zonePrefix === null ? v > 0 && v < 1e6 : Math.floor(v / 1e6) === p.zonePrefix)
  const fitsNorthing = (v: number) => (p.falseNorthing ? v > 0 && v <= 1e7 : v >= 0 && v < 1e7)
  if (fitsEasting(x) && fitsNorthing(y)) return null
  if (fitsEasting(y) && fitsNorthing(x)) {
    return `x ${fmt(x)}, y ${fmt(y)} look swapped for ${epsg}: x is the easting, y the northing (surveyors' X is the northing)`
  }
  if (!fitsEasting(x)) {
    if (p.zonePrefix === null && x >= 1e6 && x < 1e8) {
      return `easting ${fmt(x)} carries a zone prefix (${Math.floor(x / 1e6)}); ${epsg} has none: choose the CRS with the zone prefix`
    }
    if (p.zonePrefix !== null && x > 0 && x < 1e6) {
      return `easting ${fmt(x)} has no zone prefix; ${epsg} expects ${p.zonePrefix}xxxxxx.x: choose the CRS without the zone prefix`
    }
    if (p.zonePrefix !== null) {
      return `easting ${fmt(x)} is not in zone ${p.zonePrefix} of ${epsg} (expected ${p.zonePrefix}000000–${p.zonePrefix}999999)`
    }
    return `easting ${fmt(x)} is outside ${epsg} (expected 0–1000000 m)`
  }
  return `northing ${fmt(y)} is outside ${epsg} (expected 0–10000000 m)`
}

/** Converts a point of `crs` to WGS-84 [lng, lat]. Throws CrsError for unknown ids or points the CRS cannot hold. */
export function toWgs84(x: number, y: number, crs: CrsId): [lng: number, lat: number] {
  const r = resolve(crs)
  if (r.kind === 'geographic') {
    checkLngLat(x, y, r.id)
    if (r.id === 'gcj02') return gcj02ToWgs84(x, y)
    if (r.id === 'bd09') return bd09ToWgs84(x, y)
    return [x, y]
  }
  const p = r.crs
  if (!Number.isFinite(x) || !Number.isFinite(y)) {
    throw new CrsError(`EPSG:${p.code}: easting and northing must be finite numbers (got ${x}, ${y})`)
  }
  const problem = projectedProblem(x, y, p)
  if (problem) throw new CrsError(problem)
  const [lng, lat] = converter(p).forward([x, y]) as [number, number]
  if (!Number.isFinite(lng) || !Number.isFinite(lat) || Math.abs(lng - p.lon0) > p.halfWidth + 1) {
    throw new CrsError(`x ${fmt(x)}, y ${fmt(y)} is outside EPSG:${p.code} (${p.name}): its zone spans ${p.lon0 - p.halfWidth}°–${p.lon0 + p.halfWidth}°E`)
  }
  return [lng, lat]
}

/** Converts a WGS-84 point to `crs` [x, y] (export; gcj02 for AMap). */
export function fromWgs84(lng: number, lat: number, crs: CrsId): [x: number, y: number] {
  const r = resolve(crs)
  checkLngLat(lng, lat, 'WGS-84')
  if (r.kind === 'geographic') {
    if (r.id === 'gcj02') return wgs84ToGcj02(lng, lat)
    if (r.id === 'bd09') return wgs84ToBd09(lng, lat)
    return [lng, lat]
  }
  const p = r.crs
  if (Math.abs(lng - p.lon0) > p.halfWidth + 1) {
    throw new CrsError(`longitude ${lng} is outside EPSG:${p.code} (${p.name}): its zone spans ${p.lon0 - p.halfWidth}°–${p.lon0 + p.halfWidth}°E`)
  }
  return converter(p).inverse([lng, lat]) as [number, number]
}

/** Parses user input: auto|wgs84|cgcs2000|gcj02|bd09|EPSG:<code> (case and -/_/space ignored); 'auto' returns null. */
export function parseCrsId(s: string): CrsId | null {
  const t = String(s ?? '').trim()
  const key = t.toLowerCase().replace(/[\s_-]/g, '')
  if (key === 'auto') return null
  if (NAMED.has(key)) return key as CrsId
  const m = /^epsg:?(\d{4,5})$/.exec(key)
  if (m) {
    const id = `EPSG:${Number(m[1])}` as CrsId
    resolve(id) // throws for unsupported codes
    const geographic = GEOGRAPHIC_EPSG[Number(m[1])]
    return geographic ?? id
  }
  throw new CrsError(`unknown coordinate system "${t}": expected ${SUPPORTED_HINT}`)
}

// ----------------------------------------------------------------------------- .prj
// A Shapefile's .prj is WKT1, usually ESRI's dialect (PROJCS["CGCS2000_3_Degree_GK_Zone_38",
// GEOGCS["GCS_China_Geodetic_Coordinate_System_2000", …], PROJECTION["Gauss_Kruger"],
// PARAMETER["False_Easting",38500000.0], …]) or OGC's (…, AUTHORITY["EPSG","4526"]]).
// A CRS is returned only when the datum is CGCS2000 or WGS 84 and the projection's parameters
// (when given) are exactly those of one supported EPSG definition; anything else (Xi'an 1980,
// Beijing 1954, a local central meridian, feet) is null: the user must choose.

const CGCS2000_DATUM = /china[\s_]*geodetic[\s_]*coordinate[\s_]*system[\s_]*2000|cgcs[\s_]*2000/i
const WGS84_DATUM = /wgs[\s_]*(19)?84|world[\s_]*geodetic[\s_]*system[\s_]*1984/i

function datumOf(wkt: string): 'cgcs2000' | 'wgs84' | null {
  const g = /GEOGCS\s*\[\s*"([^"]*)"[^]*?DATUM\s*\[\s*"([^"]*)"/i.exec(wkt)
  const names = g ? `${g[1]} ${g[2]}` : ''
  if (!names) return null
  // A datum named both ways (or neither) is not ours to guess.
  const c = CGCS2000_DATUM.test(names)
  const w = WGS84_DATUM.test(names)
  if (c && !w) return 'cgcs2000'
  if (w && !c) return 'wgs84'
  return null
}

function parameter(wkt: string, names: string[]): number | undefined {
  for (const n of names) {
    const m = new RegExp(`PARAMETER\\s*\\[\\s*"${n}"\\s*,\\s*([-+0-9.eE]+)\\s*\\]`, 'i').exec(wkt)
    if (m) return Number(m[1])
  }
  return undefined
}

function codeFromName(name: string): number | null {
  const n = name.replace(/\s+/g, ' ').trim()
  let m: RegExpExecArray | null
  if ((m = /^CGCS2000[_ ]3[_ ]Degree[_ ]GK[_ ]Zone[_ ](\d+)$/i.exec(n)) || (m = /^CGCS2000 \/ 3-degree Gauss-Kruger zone (\d+)$/i.exec(n))) {
    const zone = Number(m[1])
    return zone >= 25 && zone <= 45 ? 4513 + zone - 25 : null
  }
  if ((m = /^CGCS2000[_ ]3[_ ]Degree[_ ]GK[_ ]CM[_ ](\d+)E$/i.exec(n)) || (m = /^CGCS2000 \/ 3-degree Gauss-Kruger CM (\d+)E$/i.exec(n))) {
    const cm = Number(m[1])
    return cm % 3 === 0 && cm >= 75 && cm <= 135 ? 4534 + (cm - 75) / 3 : null
  }
  if ((m = /^CGCS2000[_ ]GK[_ ]Zone[_ ](\d+)$/i.exec(n)) || (m = /^CGCS2000 \/ Gauss-Kruger zone (\d+)$/i.exec(n))) {
    const zone = Number(m[1])
    return zone >= 13 && zone <= 23 ? 4491 + zone - 13 : null
  }
  if ((m = /^CGCS2000[_ ]GK[_ ]CM[_ ](\d+)E$/i.exec(n)) || (m = /^CGCS2000 \/ Gauss-Kruger CM (\d+)E$/i.exec(n))) {
    const cm = Number(m[1])
    return (cm - 75) % 6 === 0 && cm >= 75 && cm <= 135 ? 4502 + (cm - 75) / 6 : null
  }
  if ((m = /^WGS[_ ]?(?:19)?84[_ /]+UTM[_ ]zone[_ ](\d+)([NS])$/i.exec(n))) {
    const zone = Number(m[1])
    return zone >= 1 && zone <= 60 ? (m[2]!.toUpperCase() === 'N' ? 32600 : 32700) + zone : null
  }
  return null
}

/** The CRS a Shapefile .prj (WKT1 / ESRI WKT) names, or null when it names none we support (never guess). */
export function crsFromPrj(prj: string): CrsId | null {
  const wkt = String(prj ?? '')
    .replace(/^\uFEFF/, '')
    .trim()
  if (wkt.length === 0 || wkt.length > 20000) return null
  const top = /^(PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS)\s*\[\s*"([^"]*)"/i.exec(wkt)
  if (!top) return null
  const kind = top[1]!.toUpperCase()
  const datum = datumOf(wkt)
  if (!datum) return null
  if (kind === 'GEOGCS') {
    // Geographic in degrees only.
    const unit = /\]\s*,\s*UNIT\s*\[\s*"([^"]*)"/i.exec(wkt)
    if (unit && !/degree/i.test(unit[1]!)) return null
    return datum
  }
  if (kind !== 'PROJCS') return null // WKT2 is not what Shapefiles carry

  // The outermost AUTHORITY is the last one in WKT1.
  const authorities = [...wkt.matchAll(/AUTHORITY\s*\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]/gi)]
  const last = authorities.length ? authorities[authorities.length - 1]! : null
  const lastIsTop = last !== null && /^\s*\]\s*$/.test(wkt.slice(last.index! + last[0].length))
  const candidates = [lastIsTop ? Number(last![1]) : null, codeFromName(top[2]!)].filter((c): c is number => c !== null)

  const projection = /PROJECTION\s*\[\s*"([^"]*)"/i.exec(wkt)?.[1]
  if (projection && !/^(gauss[_ ]?kruger|transverse[_ ]mercator)$/i.test(projection)) return null
  // The last UNIT is the projection's (the GEOGCS's comes earlier).
  const units = [...wkt.matchAll(/UNIT\s*\[\s*"[^"]*"\s*,\s*([0-9.eE+-]+)/gi)]
  const unit = units.length ? units[units.length - 1]! : null
  if (unit && Math.abs(Number(unit[1]) - 1) > 1e-9) return null // not metres
  const lon0 = parameter(wkt, ['Central_Meridian', 'central_meridian', 'Longitude_Of_Origin'])
  const fe = parameter(wkt, ['False_Easting', 'false_easting'])
  const fn = parameter(wkt, ['False_Northing', 'false_northing'])
  const k = parameter(wkt, ['Scale_Factor', 'scale_factor'])
  const lat0 = parameter(wkt, ['Latitude_Of_Origin', 'latitude_of_origin'])
  const hasParameters = lon0 !== undefined && fe !== undefined

  const matches = (p: ProjectedCrs) =>
    p.datum === datum &&
    (lon0 === undefined || Math.abs(lon0 - p.lon0) < 1e-9) &&
    (fe === undefined || Math.abs(fe - p.falseEasting) < 1e-6) &&
    (fn === undefined || Math.abs(fn - p.falseNorthing) < 1e-6) &&
    (k === undefined || Math.abs(k - p.scale) < 1e-9) &&
    (lat0 === undefined || Math.abs(lat0) < 1e-9)

  for (const code of candidates) {
    const p = projectedCrs(code)
    if (p && matches(p)) return `EPSG:${code}`
    if (p) return null // named one CRS, parameters say another: do not guess
  }
  if (!hasParameters) return null
  // No name we know: the parameters alone, when exactly one definition has them.
  const found = findByParameters(matches)
  return found === null ? null : `EPSG:${found}`
}

function findByParameters(matches: (p: ProjectedCrs) => boolean): number | null {
  const hits: number[] = []
  for (let code = 4491; code <= 4554; code++) if (matches(projectedCrs(code)!)) hits.push(code)
  for (const base of [32600, 32700]) for (let z = 1; z <= 60; z++) if (matches(projectedCrs(base + z)!)) hits.push(base + z)
  return hits.length === 1 ? hits[0]! : null
}
