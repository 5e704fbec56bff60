// Basemap sources for browser tests, made here: solid-colour PNG tiles, a minimal PMTiles v3
// writer (the npm `pmtiles` package only reads), and a loopback HTTP server with CORS and
// Range requests that serves them (raster XYZ under /ok/, a source that answers 404 for every
// tile under /missing/, and PMTiles archives by name).
import { createServer, type Server } from 'node:http'
import { deflateSync } from 'node:zlib'
import type { AddressInfo } from 'node:net'
import { zxyToTileId } from 'pmtiles'

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(buf: Buffer): number {
  let c = 0xffffffff
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}

/** A size×size PNG of one opaque RGB colour. */
export function solidPng(rgb: [number, number, number], size = 256): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // truecolour
  const row = Buffer.alloc(1 + size * 3)
  for (let i = 0; i < size; i++) row.set(rgb, 1 + i * 3)
  const raw = Buffer.concat(Array.from({ length: size }, () => row))
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

function varint(n: number, out: number[]): void {
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80)
    n = Math.floor(n / 0x80)
  }
  out.push(n)
}

/** PMTiles v3 tile types (spec: 1 MVT, 2 PNG, 3 JPEG, 4 WebP). */
export const PMTILES_PNG = 2

export interface PmtilesInput {
  /** every tile z in [minZoom, maxZoom] whole-world gets this content (a run of one entry) */
  tile: Buffer
  minZoom: number
  maxZoom: number
  tileType: number
  center: [number, number]
}

/**
 * A PMTiles v3 archive (spec: github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md) holding
 * one tile content for every tile of zooms minZoom..maxZoom: tile ids are contiguous across a
 * whole pyramid, so the root directory is one entry with a run length. No compression.
 */
export function writePmtiles(input: PmtilesInput): Buffer {
  const first = zxyToTileId(input.minZoom, 0, 0)
  const end = zxyToTileId(input.maxZoom + 1, 0, 0) // the first id past maxZoom
  const run = end - first
  const dir: number[] = []
  varint(1, dir) // entries
  varint(first, dir) // tile id (delta from 0)
  varint(run, dir) // run length
  varint(input.tile.length, dir) // length
  varint(0 + 1, dir) // offset + 1 (the first entry's offset is always written)
  const root = Buffer.from(dir)
  const meta = Buffer.from('{}')
  const header = Buffer.alloc(127)
  const rootOff = 127
  const metaOff = rootOff + root.length
  const dataOff = metaOff + meta.length
  header.write('PMTiles', 0, 'ascii')
  header[7] = 3
  const u64 = (v: number, at: number) => header.writeBigUInt64LE(BigInt(v), at)
  u64(rootOff, 8)
  u64(root.length, 16)
  u64(metaOff, 24)
  u64(meta.length, 32)
  u64(dataOff, 40) // leaf directories: none (offset, length 0)
  u64(0, 48)
  u64(dataOff, 56)
  u64(input.tile.length, 64)
  u64(run, 72) // addressed tiles
  u64(1, 80) // tile entries
  u64(1, 88) // tile contents
  header[96] = 1 // clustered
  header[97] = 1 // internal compression: none
  header[98] = 1 // tile compression: none
  header[99] = input.tileType
  header[100] = input.minZoom
  header[101] = input.maxZoom
  header.writeInt32LE(-180 * 1e7, 102)
  header.writeInt32LE(-85 * 1e7, 106)
  header.writeInt32LE(180 * 1e7, 110)
  header.writeInt32LE(85 * 1e7, 114)
  header[118] = input.minZoom
  header.writeInt32LE(Math.round(input.center[0] * 1e7), 119)
  header.writeInt32LE(Math.round(input.center[1] * 1e7), 123)
  return Buffer.concat([header, root, meta, input.tile])
}

export interface TileServer {
  origin: string
  /** requests answered 404 under /missing/ */
  missing: number
  /** requests answered 500 under /broken/ */
  broken: number
  /** tiles served under /ok/ */
  served: number
  close(): Promise<void>
}

/** A loopback server: /ok/{z}/{x}/{y}.png → `okTile`, /missing/… → 404, /broken/… → 500, /<name>.pmtiles with Range. */
export async function startTileServer(okTile: Buffer, archives: Record<string, Buffer>): Promise<TileServer> {
  const state = { missing: 0, served: 0, broken: 0 }
  const server: Server = createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*')
    res.setHeader('Access-Control-Allow-Headers', 'Range, If-Match')
    res.setHeader('Access-Control-Expose-Headers', 'Content-Length, Content-Range, ETag')
    if (req.method === 'OPTIONS') return void res.writeHead(204).end()
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (/^\/ok\/\d+\/\d+\/\d+\.png$/.test(path)) {
      state.served++
      return void res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': okTile.length }).end(okTile)
    }
    // a glyph server with no glyphs (an empty protobuf is a valid, empty glyph range): labels
    // can be styled without internet; their text is read from the style, not the pixels
    if (/^\/fonts\/[^/]+\/\d+-\d+\.pbf$/.test(path)) return void res.writeHead(200, { 'Content-Type': 'application/x-protobuf', 'Content-Length': 0 }).end()
    const archive = /^\/(\w+)\.pmtiles$/.exec(path)
    const body = archive ? archives[archive[1]!] : undefined
    if (body) {
      const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '')
      if (!range) return void res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length }).end(body)
      const from = Number(range[1])
      const to = Math.min(range[2] ? Number(range[2]) : body.length - 1, body.length - 1)
      if (from >= body.length) return void res.writeHead(416, { 'Content-Range': `bytes */${body.length}` }).end()
      const part = body.subarray(from, to + 1)
      return void res
        .writeHead(206, {
          'Content-Type': 'application/octet-stream',
          'Content-Length': part.length,
          'Content-Range': `bytes ${from}-${to}/${body.length}`,
          ETag: '"t1"',
        })
        .end(part)
    }
    if (path.startsWith('/broken/')) {
      state.broken++
      return void res.writeHead(500, { 'Content-Type': 'text/plain' }).end('tile server failed')
    }
    if (path.startsWith('/missing/')) state.missing++
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('no such tile')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    get missing() {
      return state.missing
    },
    get served() {
      return state.served
    },
    get broken() {
      return state.broken
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

function field(tag: number, wire: number, out: number[]): void {
  varint((tag << 3) | wire, out)
}

function bytesField(tag: number, bytes: number[], out: number[]): void {
  field(tag, 2, out)
  varint(bytes.length, out)
  out.push(...bytes)
}

const zigzag = (n: number) => (n << 1) ^ (n >> 31)

/**
 * A Mapbox Vector Tile (spec 2.1) with one layer holding one polygon over the whole tile
 * (extent 4096): e.g. `water`, which the Protomaps style fills with its water colour.
 */
export function fullTileMvt(layerName: string): Buffer {
  const E = 4096
  const geometry: number[] = []
  // MoveTo(1) 0,0; LineTo(3) → E,0 → E,E → 0,E (clockwise with y down: an exterior ring); ClosePath
  for (const v of [
    (1 & 7) | (1 << 3),
    zigzag(0),
    zigzag(0),
    (2 & 7) | (3 << 3),
    zigzag(E),
    zigzag(0),
    zigzag(0),
    zigzag(E),
    zigzag(-E),
    zigzag(0),
    (7 & 7) | (1 << 3),
  ])
    varint(v, geometry)
  const feature: number[] = []
  field(3, 0, feature) // type
  varint(3, feature) // POLYGON
  bytesField(4, geometry, feature) // packed geometry
  const layer: number[] = []
  field(15, 0, layer) // version
  varint(2, layer)
  bytesField(1, [...Buffer.from(layerName, 'utf8')], layer)
  bytesField(2, feature, layer)
  field(5, 0, layer) // extent
  varint(E, layer)
  const tile: number[] = []
  bytesField(3, layer, tile)
  return Buffer.from(tile)
}

/** PMTiles v3 tile type MVT. */
export const PMTILES_MVT = 1
