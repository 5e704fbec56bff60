// Deterministic UUIDs. A 32-bit generator cannot give a million distinct random UUIDs (the
// birthday bound would collide), so the index itself is encoded through a bijection
// (a Feistel network on 48 bits): unique by construction, random-looking, and the same
// for the same seed, table and index. Shaped as version 4 / variant 1.
import { hash32 } from './prng.ts'

const MASK24 = 0xffffff

function feistel48(index: number, key: number): [number, number] {
  let left = Math.floor(index / 0x1000000) & MASK24
  let right = index & MASK24
  for (let round = 0; round < 4; round++) {
    const f = hash32(key, round, right) & MASK24
    const next = left ^ f
    left = right
    right = next
  }
  return [left, right]
}

const hex = (v: number, width: number) => v.toString(16).padStart(width, '0')

/**
 * The id of row `index` of `table` for `seed`. Tables get distinct tags, so ids never
 * collide across tables either.
 */
export function demoUuid(seed: number, table: string, index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= 2 ** 48) throw new RangeError(`index ${index} out of range`)
  const key = hash32(seed, table)
  const [hi, lo] = feistel48(index, key)
  const tableTag = hash32(table) & 0xffff
  // Cosmetic digits (a hash of the row), so ids do not share a visible prefix; uniqueness
  // comes from (tableTag, hi, lo) alone.
  const a = hash32(key, hi, lo)
  const b = hash32(a)
  return (
    hex(a, 8) +
    '-' +
    hex(tableTag, 4) +
    '-4' +
    hex(b & 0xfff, 3) +
    '-' +
    hex(0x8000 | (hi >>> 12), 4) +
    '-' +
    hex((b >>> 12) & 0xfff, 3) +
    hex(hi & 0xfff, 3) +
    hex(lo, 6)
  )
}
