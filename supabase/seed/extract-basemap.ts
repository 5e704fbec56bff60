// Extracts the offline basemap's land (Natural Earth, public domain) from the npm package
// world-atlas@2.0.2 into src/map/basemap-land.json, the file the offline style draws:
//   - 1:10m land inside REGION (the Pearl River delta and the Guangdong coast around 江门),
//   - 1:50m land inside WIDE but outside REGION (southern China and its neighbours),
//   - 1:110m land elsewhere (the rest of the world, for the lowest zooms).
// The three are cut along the box edges so they never overlap (a coarser coast must not cover
// the finer one's river channels). Natural Earth is WGS84, as our districts are after their
// GCJ-02 → WGS84 conversion.
//
// world-atlas is not a dependency (2.3 MB, needed once): this script `npm pack`s it into a
// temporary folder, unless given the path of an unpacked copy:
//
//   node --import tsx supabase/seed/extract-basemap.ts [/path/to/unpacked/package]
//
// Run it once; its output is committed and served by Vite as a static asset.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as turf from '@turf/turf'
import { feature } from 'topojson-client'
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson'

export const SOURCE_PACKAGE = 'world-atlas'
export const SOURCE_VERSION = '2.0.2'
type Box = [number, number, number, number]
/** west, south, east, north */
export const REGION: Box = [109.5, 19.8, 116.5, 24.6]
export const WIDE: Box = [95, 5, 135, 42]
const WORLD: Box = [-180, -85, 180, 85]

const here = dirname(fileURLToPath(import.meta.url))
export const OUTPUT = join(here, '..', '..', 'src', 'map', 'basemap-land.json')

function unpackPackage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wa-'))
  console.log(`npm pack ${SOURCE_PACKAGE}@${SOURCE_VERSION} into ${dir} (2.3 MB)…`)
  execFileSync('npm', ['pack', `${SOURCE_PACKAGE}@${SOURCE_VERSION}`, '--silent'], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] })
  const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'))
  if (!tgz) throw new Error('npm pack produced no tarball')
  execFileSync('tar', ['-xzf', tgz], { cwd: dir })
  return join(dir, 'package')
}

type Topology = { objects: Record<string, unknown> }

function landPolygons(packageDir: string, scale: '10m' | '50m' | '110m'): Feature<Polygon | MultiPolygon>[] {
  const topo = JSON.parse(readFileSync(join(packageDir, `land-${scale}.json`), 'utf8')) as Topology
  const land = feature(topo as never, topo.objects.land as never) as unknown as FeatureCollection<Polygon | MultiPolygon> | Feature<Polygon | MultiPolygon>
  const feats = land.type === 'FeatureCollection' ? land.features : [land]
  // one feature per polygon: a box clip then only touches the polygons near it
  return feats.flatMap((f) =>
    f.geometry.type === 'Polygon' ? [turf.polygon(f.geometry.coordinates)] : f.geometry.coordinates.map((c) => turf.polygon(c)),
  )
}

/** A box minus an inner box, as four boxes (south, north, west, east strips). */
function ring(outer: Box, inner: Box): Box[] {
  return [
    [outer[0], outer[1], outer[2], inner[1]],
    [outer[0], inner[3], outer[2], outer[3]],
    [outer[0], inner[1], inner[0], inner[3]],
    [inner[2], inner[1], outer[2], inner[3]],
  ]
}

function overlaps(a: Box, b: Box): boolean {
  return a[0] < b[2] && a[2] > b[0] && a[1] < b[3] && a[3] > b[1]
}

function roundRing(r: Position[], digits: number): Position[] | null {
  const k = 10 ** digits
  const out: Position[] = []
  for (const p of r) {
    const q = [Math.round(p[0]! * k) / k, Math.round(p[1]! * k) / k]
    const last = out[out.length - 1]
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q)
  }
  if (out.length < 4) return null
  const [f, l] = [out[0]!, out[out.length - 1]!]
  if (f[0] !== l[0] || f[1] !== l[1]) out.push([f[0]!, f[1]!])
  return out
}

function clipTo(polys: Feature<Polygon | MultiPolygon>[], boxes: Box[], digits: number, detail: number): Feature<MultiPolygon> | null {
  const out: Position[][][] = []
  for (const box of boxes) {
    for (const p of polys) {
      if (!overlaps(turf.bbox(p) as Box, box)) continue
      const c = turf.bboxClip(p, box).geometry as Polygon | MultiPolygon
      const parts: Position[][][] = c.type === 'Polygon' ? [c.coordinates] : c.coordinates
      for (const rings of parts) {
        const rounded = rings.map((r) => roundRing(r, digits))
        if (rounded[0]) out.push(rounded.filter((r): r is Position[] => r !== null))
      }
    }
  }
  return out.length ? { type: 'Feature', properties: { detail }, geometry: { type: 'MultiPolygon', coordinates: out } } : null
}

export function extract(packageDir: string): FeatureCollection<MultiPolygon> {
  const features = [
    clipTo(landPolygons(packageDir, '110m'), ring(WORLD, WIDE), 2, 110),
    clipTo(landPolygons(packageDir, '50m'), ring(WIDE, REGION), 3, 50),
    clipTo(landPolygons(packageDir, '10m'), [REGION], 4, 10),
  ].filter((f): f is Feature<MultiPolygon> => f !== null)
  return {
    type: 'FeatureCollection',
    // Non-standard member, ignored by GeoJSON readers, so the file says what it is.
    ...({
      metadata: {
        source: `npm ${SOURCE_PACKAGE}@${SOURCE_VERSION} (Natural Earth 4.1.0 land, 1:10m / 1:50m / 1:110m)`,
        licence: 'Natural Earth: public domain; world-atlas packaging: ISC, © 2013-2019 Michael Bostock',
        crs: 'EPSG:4326 (WGS84)',
        region_10m: REGION,
        wide_50m: WIDE,
      },
    } as object),
    features,
  } as FeatureCollection<MultiPolygon>
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const given = process.argv[2]
  const packageDir = given ? given.replace(/\/$/, '') : unpackPackage()
  if (!existsSync(join(packageDir, 'land-10m.json'))) throw new Error(`${join(packageDir, 'land-10m.json')} not found`)
  const fc = extract(packageDir)
  if (!given) rmSync(dirname(packageDir), { recursive: true, force: true })
  const text = JSON.stringify(fc) + '\n'
  writeFileSync(OUTPUT, text)
  for (const f of fc.features) console.log(`detail 1:${f.properties!.detail}m: ${f.geometry.coordinates.flat(2).length} vertices`)
  console.log(`wrote ${OUTPUT}: ${text.length} bytes`)
}
