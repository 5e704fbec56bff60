// Zipped Shapefiles (.shp, .dbf, optional .prj and .cpg) through shpjs, which reads the geometry in
// the file's own coordinates (it is given no .prj, so it reprojects nothing: the CRS is decided
// here and transformed by the pipeline's toWgs84). The .dbf text encoding: the .cpg, else the
// caller's choice, else UTF-8 when the bytes are valid UTF-8, else GBK (most Chinese Shapefiles).
import { strFromU8, unzipSync } from 'fflate'
import { getShapefile } from 'shpjs'
import type { EncodingChoice } from './encoding.ts'
import { featuresToTable } from './read.ts'
import { ImportFileError, type CrsId, type SourceTable } from './types.ts'

/** WGS-84 / CGCS2000 geographic .prj files; everything else waits for src/geo/crs.ts (crsFromPrj). */
export function geographicCrsFromPrj(prj: string): CrsId | null {
  if (/PROJCS\[/i.test(prj)) return null
  if (/CGCS.?2000|China.Geodetic.Coordinate.System.2000/i.test(prj)) return 'cgcs2000'
  if (/WGS.?1984|WGS.?84/i.test(prj)) return 'wgs84'
  return null
}

export type PrjRecogniser = (prj: string) => CrsId | null

export async function readShapefileZip(
  bytes: Uint8Array,
  encoding: EncodingChoice = 'auto',
  crsFromPrj: PrjRecogniser = geographicCrsFromPrj,
): Promise<SourceTable> {
  let files: Record<string, Uint8Array>
  try {
    files = unzipSync(bytes)
  } catch (e) {
    throw new ImportFileError('ZIP 文件已损坏或不完整', 'the .zip file is damaged or incomplete', { cause: e })
  }
  const names = Object.keys(files).filter((n) => !n.includes('__MACOSX'))
  const shps = names.filter((n) => n.toLowerCase().endsWith('.shp'))
  if (shps.length === 0) throw new ImportFileError('ZIP 中没有 .shp 文件', 'the .zip holds no .shp file')
  if (shps.length > 1) throw new ImportFileError(`ZIP 中有 ${shps.length} 个图层，请一次导入一个`, `the .zip holds ${shps.length} layers: import one at a time`)
  const base = shps[0]!.slice(0, -4)
  const part = (ext: string) => {
    const n = names.find((x) => x.toLowerCase() === `${base.toLowerCase()}.${ext}`)
    return n ? files[n] : undefined
  }
  const dbf = part('dbf')
  if (!dbf) throw new ImportFileError(`ZIP 中缺少 ${base}.dbf（属性表），无法读取名称等字段`, `the .zip has no .dbf (attribute table) for ${base}.shp`)
  const cpgBytes = part('cpg')
  const prjBytes = part('prj')
  let cpg = cpgBytes ? strFromU8(cpgBytes).trim() : undefined
  let used: 'utf-8' | 'gbk' | 'gb18030' | undefined
  if (!cpg) {
    if (encoding !== 'auto') cpg = encoding
    else {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(dbf)
        cpg = 'utf-8'
      } catch {
        cpg = 'gbk'
      }
    }
  }
  if (/^(utf-?8|65001)$/i.test(cpg)) used = 'utf-8'
  else if (/^(gbk|936|cp936|ansi 936|windows-936)$/i.test(cpg)) used = 'gbk'
  else if (/^gb18030$/i.test(cpg)) used = 'gb18030'
  let fc: GeoJSON.FeatureCollection
  try {
    fc = await getShapefile({ shp: part('shp')!, dbf, cpg, prj: false })
  } catch (e) {
    throw new ImportFileError('Shapefile 已损坏，无法读取', 'the Shapefile is damaged and cannot be read', { cause: e })
  }
  const prj = prjBytes ? strFromU8(prjBytes) : null
  const table = featuresToTable('shapefile', fc.features)
  return { ...table, encoding: used, prj: prj ? crsFromPrj(prj) : null }
}
