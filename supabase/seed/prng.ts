// Seeded randomness. Every row draws from its own generator seeded by (seed, stream, index),
// so any row can be regenerated alone, tables can be produced in any order or in chunks,
// and the same seed and scale always give the same rows.

/** 32-bit FNV-1a-style mix of integers and strings into one seed. */
export function hash32(...parts: Array<number | string>): number {
  let h = 0x811c9dc5
  for (const part of parts) {
    if (typeof part === 'number') {
      // Mix the full integer value (two 32-bit halves, so indexes beyond 2^32 stay distinct).
      const lo = part >>> 0
      const hi = Math.floor(part / 4294967296) >>> 0
      h = Math.imul(h ^ lo, 0x01000193)
      h = Math.imul(h ^ hi, 0x01000193)
      h ^= h >>> 15
    } else {
      for (let i = 0; i < part.length; i++) h = Math.imul(h ^ part.charCodeAt(i), 0x01000193)
    }
    h = Math.imul(h ^ 0xff, 0x01000193)
  }
  // Final avalanche (murmur3 fmix32) so neighbouring indexes give unrelated seeds.
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** mulberry32: tiny, fast, good enough for synthetic data (not for cryptography). */
export class Rng {
  private state: number
  constructor(seed: number) {
    this.state = seed >>> 0
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** Uniform in [min, max). */
  float(min: number, max: number): number {
    return min + (max - min) * this.next()
  }

  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]
  }

  /** Picks by weight; weights need not sum to 1. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0
    for (const [, w] of items) total += w
    let r = this.next() * total
    for (const [item, w] of items) {
      r -= w
      if (r < 0) return item
    }
    return items[items.length - 1][0]
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next()
    const v = this.next()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }

  /** Log-uniform in [min, max): populations and capacities spread over orders of magnitude. */
  logUniform(min: number, max: number): number {
    return Math.exp(this.float(Math.log(min), Math.log(max)))
  }
}

/** The generator of one row of one stream. */
export function rowRng(seed: number, stream: string, index: number): Rng {
  return new Rng(hash32(seed, stream, index))
}

/** Precomputed cumulative weights for picking many times from the same distribution. */
export class WeightedTable<T> {
  private readonly items: T[]
  private readonly cumulative: number[]
  constructor(entries: readonly (readonly [T, number])[]) {
    this.items = entries.map((e) => e[0])
    let total = 0
    this.cumulative = entries.map((e) => (total += e[1]))
  }
  pick(rng: Rng): T {
    const r = rng.next() * this.cumulative[this.cumulative.length - 1]
    let lo = 0
    let hi = this.cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.cumulative[mid] > r) hi = mid
      else lo = mid + 1
    }
    return this.items[lo]
  }
}
