// Projected CRSs, CRS ids and .prj recognition (src/geo/crs.ts, src/geo/projected.ts).
// Gauss-Krüger positions are checked against the textbook transverse Mercator series
// (Snyder, Map Projections — A Working Manual, 1987, eqs. 3-21, 4-20, 8-9 to 8-10), implemented
// here independently of proj4, on the CGCS2000 ellipsoid.
import { describe, expect, it } from 'vitest'
import { CrsError, crsFromPrj, fromWgs84, parseCrsId, toWgs84, type CrsId } from '../../../src/geo/crs'
import { projectedCrsList } from '../../../src/geo/projected'

const CGCS2000 = { a: 6378137, f: 1 / 298.257222101 }

/** Transverse Mercator forward (Snyder's series): [easting, northing] before false easting/northing. */
function tmSeries(lng: number, lat: number, lon0: number, k0: number, { a, f } = CGCS2000): [number, number] {
  const e2 = f * (2 - f)
  const e4 = e2 * e2
  const e6 = e4 * e2
  const ep2 = e2 / (1 - e2)
  const phi = (lat * Math.PI) / 180
  const sin = Math.sin(phi)
  const cos = Math.cos(phi)
  const tan = Math.tan(phi)
  const N = a / Math.sqrt(1 - e2 * sin * sin)
  const T = tan * tan
  const C = ep2 * cos * cos
  const A = (((lng - lon0) * Math.PI) / 180) * cos
  const M =
    a *
    ((1 - e2 / 4 - (3 * e4) / 64 - (5 * e6) / 256) * phi -
      ((3 * e2) / 8 + (3 * e4) / 32 + (45 * e6) / 1024) * Math.sin(2 * phi) +
      ((15 * e4) / 256 + (45 * e6) / 1024) * Math.sin(4 * phi) -
      ((35 * e6) / 3072) * Math.sin(6 * phi))
  const x = k0 * N * (A + ((1 - T + C) * A ** 3) / 6 + ((5 - 18 * T + T * T + 72 * C - 58 * ep2) * A ** 5) / 120)
  const y = k0 * (M + N * tan * ((A * A) / 2 + ((5 - T + 9 * C + 4 * C * C) * A ** 4) / 24 + ((61 - 58 * T + T * T + 600 * C - 330 * ep2) * A ** 6) / 720))
  return [x, y]
}

function haversineM(a: readonly [number, number], b: readonly [number, number]): number {
  const R = 6371008.8
  const rad = Math.PI / 180
  const h = Math.sin(((b[1] - a[1]) * rad) / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(((b[0] - a[0]) * rad) / 2) ** 2
  return 2 * R * Math.asin(Math.sqrt(h))
}

// The EPSG definitions as the registry gives them (name → central meridian, false easting),
// written out here rather than derived, for the codes a Chinese city meets most.
const REGISTRY: [number, string, number, number][] = [
  [4491, 'CGCS2000 / Gauss-Kruger zone 13', 75, 13500000],
  [4499, 'CGCS2000 / Gauss-Kruger zone 21', 123, 21500000],
  [4501, 'CGCS2000 / Gauss-Kruger zone 23', 135, 23500000],
  [4502, 'CGCS2000 / Gauss-Kruger CM 75E', 75, 500000],
  [4508, 'CGCS2000 / Gauss-Kruger CM 111E', 111, 500000],
  [4512, 'CGCS2000 / Gauss-Kruger CM 135E', 135, 500000],
  [4513, 'CGCS2000 / 3-degree Gauss-Kruger zone 25', 75, 25500000],
  [4526, 'CGCS2000 / 3-degree Gauss-Kruger zone 38', 114, 38500000],
  [4533, 'CGCS2000 / 3-degree Gauss-Kruger zone 45', 135, 45500000],
  [4534, 'CGCS2000 / 3-degree Gauss-Kruger CM 75E', 75, 500000],
  [4546, 'CGCS2000 / 3-degree Gauss-Kruger CM 111E', 111, 500000],
  [4547, 'CGCS2000 / 3-degree Gauss-Kruger CM 114E', 114, 500000],
  [4554, 'CGCS2000 / 3-degree Gauss-Kruger CM 135E', 135, 500000],
]

describe('the EPSG table', () => {
  it.each(REGISTRY)('EPSG:%i is %s (CM %i°E, false easting %i)', (code, name, lon0, fe) => {
    const p = projectedCrsList().find((c) => c.code === code)!
    expect(p).toMatchObject({ name, lon0, falseEasting: fe, falseNorthing: 0, scale: 1, datum: 'cgcs2000' })
  })
  it('holds 4491–4554 without gaps', () => {
    const codes = projectedCrsList()
      .map((c) => c.code)
      .filter((c) => c < 5000)
    expect(codes.sort()).toEqual(Array.from({ length: 64 }, (_, i) => 4491 + i))
  })
})

describe('CGCS2000 Gauss-Krüger against the textbook series', () => {
  // Points across each zone: the central meridian, ±1.4° (3°) or ±2.9° (6°), latitudes 18–53°N.
  const cases: [number, number, number][] = []
  for (const c of projectedCrsList().filter((p) => p.code < 5000)) {
    for (const dLng of [0, -0.7, c.halfWidth - 0.1]) for (const lat of [18.3, 22.58, 31.2, 40.1, 53]) cases.push([c.code, c.lon0 + dLng, lat])
  }
  it(`${cases.length} points in the 64 codes: within 1 cm forward, 1 cm back`, () => {
    let worstForward = 0
    let worstBack = 0
    for (const [code, lng, lat] of cases) {
      const p = projectedCrsList().find((c) => c.code === code)!
      const [x0, y0] = tmSeries(lng, lat, p.lon0, 1)
      const expected: [number, number] = [x0 + p.falseEasting, y0]
      const got = fromWgs84(lng, lat, `EPSG:${code}`)
      worstForward = Math.max(worstForward, Math.hypot(got[0] - expected[0], got[1] - expected[1]))
      worstBack = Math.max(worstBack, haversineM(toWgs84(...expected, `EPSG:${code}`), [lng, lat]))
    }
    expect(worstForward).toBeLessThan(0.01)
    expect(worstBack).toBeLessThan(0.01)
  })
  it('the same Jiangmen point with and without the zone prefix', () => {
    const w: [number, number] = [113.0815, 22.5789]
    const prefixed = fromWgs84(...w, 'EPSG:4526')
    const plain = fromWgs84(...w, 'EPSG:4547')
    expect(prefixed[0] - plain[0]).toBeCloseTo(38000000, 6)
    expect(prefixed[1]).toBeCloseTo(plain[1], 6)
    expect(prefixed[0]).toBeGreaterThan(38400000)
    expect(prefixed[0]).toBeLessThan(38410000)
    expect(prefixed[1]).toBeGreaterThan(2490000)
    expect(prefixed[1]).toBeLessThan(2510000)
    expect(haversineM(toWgs84(...prefixed, 'EPSG:4526'), w)).toBeLessThan(0.001)
    expect(haversineM(toWgs84(...plain, 'EPSG:4547'), w)).toBeLessThan(0.001)
  })
  it('WGS 84 / UTM 49N against the series with k0 0.9996 on WGS 84', () => {
    const [x0, y0] = tmSeries(113.0815, 22.5789, 111, 0.9996, { a: 6378137, f: 1 / 298.257223563 })
    const got = fromWgs84(113.0815, 22.5789, 'EPSG:32649')
    expect(Math.hypot(got[0] - (x0 + 500000), got[1] - y0)).toBeLessThan(0.01)
  })
})

describe('points a projected CRS cannot hold', () => {
  const [x, y] = fromWgs84(113.0815, 22.5789, 'EPSG:4526')
  it('swapped easting and northing (surveyors write X north first)', () => {
    expect(() => toWgs84(y, x, 'EPSG:4526')).toThrow(CrsError)
    expect(() => toWgs84(y, x, 'EPSG:4526')).toThrow(/swapped/)
    expect(() => toWgs84(y, x - 38000000, 'EPSG:4547')).toThrow(/swapped/)
  })
  it('a zone prefix where none is expected, and the reverse', () => {
    expect(() => toWgs84(x, y, 'EPSG:4547')).toThrow(/zone prefix \(38\)/)
    expect(() => toWgs84(x - 38000000, y, 'EPSG:4526')).toThrow(/no zone prefix/)
  })
  it("another zone's prefix", () => {
    expect(() => toWgs84(x - 1000000, y, 'EPSG:4526')).toThrow(/not in zone 38/)
  })
  it('non-finite numbers and negative northings', () => {
    expect(() => toWgs84(NaN, y, 'EPSG:4526')).toThrow(/finite/)
    expect(() => toWgs84(x, -5, 'EPSG:4526')).toThrow(/northing/)
  })
  it('a longitude far outside the zone on export', () => {
    expect(() => fromWgs84(120, 30, 'EPSG:4526')).toThrow(/outside EPSG:4526/)
  })
})

describe('CRS ids', () => {
  it.each([
    ['auto', null],
    [' AUTO ', null],
    ['wgs84', 'wgs84'],
    ['WGS-84', 'wgs84'],
    ['cgcs2000', 'cgcs2000'],
    ['GCJ-02', 'gcj02'],
    ['gcj02', 'gcj02'],
    ['BD09', 'bd09'],
    ['EPSG:4326', 'wgs84'],
    ['epsg:4490', 'cgcs2000'],
    ['EPSG:4526', 'EPSG:4526'],
    ['EPSG:4547', 'EPSG:4547'],
    ['EPSG:32650', 'EPSG:32650'],
  ] as [string, CrsId | null][])('%s → %s', (input, expected) => {
    expect(parseCrsId(input)).toBe(expected)
  })
  it.each(['', 'mercator', 'EPSG:3857', 'EPSG:2383', 'EPSG:4555', 'EPSG:abc'])('"%s" is refused by name', (input) => {
    expect(() => parseCrsId(input)).toThrow(CrsError)
    expect(() => parseCrsId(input)).toThrow(/coordinate system/)
  })
  it('toWgs84 refuses unknown ids', () => {
    expect(() => toWgs84(1, 2, 'EPSG:3857')).toThrow(/unsupported coordinate system EPSG:3857/)
    expect(() => toWgs84(1, 2, 'gcj' as CrsId)).toThrow(/unknown coordinate system "gcj"/)
  })
})

// .prj files as ArcGIS and GDAL write them.
const GCS_CGCS2000 =
  'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]'
const esriGk = (name: string, fe: number, cm: number, geog = GCS_CGCS2000) =>
  `PROJCS["${name}",${geog},PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",${fe.toFixed(1)}],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",${cm.toFixed(1)}],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`
const GDAL_4526 =
  'PROJCS["CGCS2000 / 3-degree Gauss-Kruger zone 38",GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101,AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4490"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",114],PARAMETER["scale_factor",1],PARAMETER["false_easting",38500000],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AUTHORITY["EPSG","4526"]]'
const XIAN80 = 'GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]'

describe('crsFromPrj', () => {
  it.each([
    ['ESRI CGCS2000 3° zone 38', esriGk('CGCS2000_3_Degree_GK_Zone_38', 38500000, 114), 'EPSG:4526'],
    ['ESRI CGCS2000 3° CM 114E', esriGk('CGCS2000_3_Degree_GK_CM_114E', 500000, 114), 'EPSG:4547'],
    ['ESRI CGCS2000 6° zone 19', esriGk('CGCS2000_GK_Zone_19', 19500000, 111), 'EPSG:4497'],
    ['ESRI CGCS2000 6° CM 111E', esriGk('CGCS2000_GK_CM_111E', 500000, 111), 'EPSG:4508'],
    ['GDAL / OGC WKT with AUTHORITY', GDAL_4526, 'EPSG:4526'],
    ['an unnamed PROJCS whose parameters are one EPSG definition', esriGk('My_Local_GK', 38500000, 114), 'EPSG:4526'],
    ['ESRI geographic CGCS2000', GCS_CGCS2000, 'cgcs2000'],
    [
      'ESRI geographic WGS 84',
      'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]',
      'wgs84',
    ],
    [
      'ESRI WGS 84 / UTM 50N',
      'PROJCS["WGS_1984_UTM_Zone_50N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]',
      'EPSG:32650',
    ],
    ['with a UTF-8 BOM and a trailing newline', `\uFEFF${esriGk('CGCS2000_3_Degree_GK_Zone_38', 38500000, 114)}\r\n`, 'EPSG:4526'],
  ])('%s', (_, prj, expected) => {
    expect(crsFromPrj(prj)).toBe(expected)
  })

  it.each([
    ['empty', ''],
    ['not WKT', 'hello'],
    ['Xian 1980 geographic', XIAN80],
    ['Xian 1980 3° GK zone 38 (another datum)', esriGk('Xian_1980_3_Degree_GK_Zone_38', 38500000, 114, XIAN80)],
    ["a name that says zone 38 with zone 39's parameters", esriGk('CGCS2000_3_Degree_GK_Zone_38', 39500000, 117)],
    ['a local central meridian (113°E is no EPSG zone)', esriGk('CGCS2000_3_Degree_GK_CM_113E', 500000, 113)],
    ['feet', esriGk('CGCS2000_3_Degree_GK_CM_114E', 500000, 114).replace('UNIT["Meter",1.0]', 'UNIT["Foot_US",0.3048006096012192]')],
    [
      'Web Mercator',
      'PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator_Auxiliary_Sphere"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",0.0],PARAMETER["Auxiliary_Sphere_Type",0.0],UNIT["Meter",1.0]]',
    ],
  ])('%s → null', (_, prj) => {
    expect(crsFromPrj(prj)).toBeNull()
  })

  it('what it recognises converts: a zone-38 .prj and its coordinates land in Jiangmen', () => {
    const crs = crsFromPrj(esriGk('CGCS2000_3_Degree_GK_Zone_38', 38500000, 114))!
    const [x, y] = fromWgs84(113.0815, 22.5789, 'EPSG:4526')
    expect(haversineM(toWgs84(x, y, crs), [113.0815, 22.5789])).toBeLessThan(0.001)
  })
})
