// Small demo "photos" made in code (no downloads, no image library): a 320×240 RGB PNG of a
// plant scene (wall, ground, a tank and a cabinet) with the stage's mark drawn over it: a red
// ring and crack where a defect was found or reported, yellow-and-black work stripes during
// rectification, a green tick at verification, and the date and time it was taken printed along
// the bottom. Deterministic per (seed, key, stamp); a few KB each.
import { deflateSync } from 'node:zlib'
import { Rng, hash32 } from './prng.ts'

export type DemoPhotoStage = 'report' | 'finding' | 'rectification' | 'verification'

const W = 320
const H = 240

const CRC_TABLE = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, crc])
}

/** An RGB image (row-major, 3 bytes a pixel) as PNG bytes. */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height)
  for (let y = 0; y < height; y++) {
    const o = y * (width * 3 + 1)
    raw[o] = 1 // filter "Sub": smooth scenes compress well
    for (let x = 0; x < width * 3; x++) {
      const v = rgb[y * width * 3 + x]!
      const left = x >= 3 ? rgb[y * width * 3 + x - 3]! : 0
      raw[o + 1 + x] = (v - left) & 0xff
    }
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // colour type RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ])
}

// A 3×5 pixel font for the camera's date stamp (digits, '-', ':', ' ').
const GLYPHS: Record<string, string> = {
  '0': '111101101101111',
  '1': '010110010010111',
  '2': '111001111100111',
  '3': '111001111001111',
  '4': '101101111001001',
  '5': '111100111001111',
  '6': '111100111101111',
  '7': '111001010010010',
  '8': '111101111101111',
  '9': '111101111001111',
  '-': '000000111000000',
  ':': '000010000010000',
  ' ': '000000000000000',
}

/** One demo photo for a stage; `stamp` (e.g. "2026-03-25 18:39") is printed along the bottom as site cameras do. */
export function demoPhoto(seed: number, key: string, stage: DemoPhotoStage, stamp = ''): Buffer {
  const rng = new Rng(hash32(seed, 'evidence-photo', key))
  const px = new Uint8Array(W * H * 3)
  const set = (x: number, y: number, r: number, g: number, b: number) => {
    if (x < 0 || y < 0 || x >= W || y >= H) return
    const o = (y * W + x) * 3
    px[o] = r
    px[o + 1] = g
    px[o + 2] = b
  }
  const rect = (x0: number, y0: number, x1: number, y1: number, c: [number, number, number]) => {
    for (let y = Math.max(0, y0); y < Math.min(H, y1); y++) for (let x = Math.max(0, x0); x < Math.min(W, x1); x++) set(x, y, ...c)
  }
  // Wall (a soft vertical gradient, tinted per photo) and ground.
  const tint = rng.int(-12, 12)
  const horizon = rng.int(130, 160)
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      if (y < horizon) {
        const v = 200 - Math.round((y / horizon) * 40)
        set(x, y, v + tint, v + 4, v + 10 - tint)
      } else {
        const v = 120 - Math.round(((y - horizon) / (H - horizon)) * 30)
        set(x, y, v, v - 6, v - 14)
      }
    }
  // A storage tank (cylinder shading) and an equipment cabinet.
  const tx = rng.int(30, 110)
  const tw = rng.int(70, 100)
  const top = rng.int(40, 70)
  for (let x = tx; x < tx + tw; x++) {
    const shade = Math.round(170 + 60 * Math.sin(((x - tx) / tw) * Math.PI))
    for (let y = top; y < horizon + 10; y++) set(x, y, shade - 20, shade - 10, shade)
  }
  rect(tx - 4, top - 6, tx + tw + 4, top, [110, 115, 125])
  const cx = rng.int(200, 250)
  rect(cx, horizon - 70, cx + 50, horizon + 8, [86, 110, 96])
  rect(cx + 6, horizon - 62, cx + 44, horizon - 40, [60, 78, 70])
  // The stage's mark.
  const mx = tx + Math.round(tw / 2)
  const my = Math.round((top + horizon) / 2)
  if (stage === 'report' || stage === 'finding') {
    // a crack down the tank and a red ring around it
    let x = mx
    for (let y = my - 30; y < my + 30; y++) {
      x += rng.int(-1, 1)
      set(x, y, 40, 30, 30)
      set(x + 1, y, 40, 30, 30)
    }
    for (let a = 0; a < 720; a++) {
      const t = (a / 720) * 2 * Math.PI
      for (let r = 40; r < 45; r++) set(Math.round(mx + r * Math.cos(t)), Math.round(my + r * Math.sin(t)), 230, 0, 18)
    }
  } else if (stage === 'rectification') {
    // yellow-and-black barrier stripes across the foreground
    for (let y = horizon + 20; y < horizon + 36; y++)
      for (let x = 10; x < W - 10; x++) set(x, y, ...((((x + y) >> 3) % 2 ? [255, 215, 0] : [30, 30, 30]) as [number, number, number]))
    rect(mx - 3, my - 28, mx + 3, my + 28, [150, 150, 155])
  } else {
    // a green tick in a white disc
    for (let y = -36; y <= 36; y++) for (let x = -36; x <= 36; x++) if (x * x + y * y <= 36 * 36) set(mx + x, my + y, 250, 250, 250)
    for (let i = 0; i < 20; i++) for (let w = -3; w <= 3; w++) set(mx - 20 + i, my + i - 4 + w, 0, 150, 70)
    for (let i = 0; i < 40; i++) for (let w = -3; w <= 3; w++) set(mx + i, my + 16 - i + w, 0, 150, 70)
  }
  // A dark time-stamp strip along the bottom, as site cameras print.
  rect(0, H - 16, W, H, [25, 25, 30])
  ;[...stamp].forEach((ch, i) => {
    const g = GLYPHS[ch] ?? GLYPHS[' ']!
    for (let k = 0; k < 15; k++)
      if (g[k] === '1') rect(8 + i * 8 + (k % 3) * 2, H - 13 + Math.floor(k / 3) * 2, 10 + i * 8 + (k % 3) * 2, H - 11 + Math.floor(k / 3) * 2, [255, 200, 60])
  })
  return encodePng(W, H, px)
}
