// Per-call times of the import's RPCs (bench:import): every import_check, import_apply,
// import_finish … call is timed where the client makes it, so the bench can say whether each one
// stays inside the hosted authenticated role's 8 s statement timeout, not only the totals.
import type { ImportClient } from '../../../src/import/index.ts'

export const HOSTED_TIMEOUT_S = 8

export class CallTimes {
  readonly times = new Map<string, number[]>()
  add(fn: string, s: number): void {
    const a = this.times.get(fn) ?? []
    a.push(s)
    this.times.set(fn, a)
  }
  reset(): void {
    this.times.clear()
  }
  /** One line per function: calls, total, median, slowest, and whether the slowest is under 8 s. */
  lines(indent = '  '): string[] {
    return [...this.times].map(([fn, a]) => {
      const sorted = [...a].sort((x, y) => x - y)
      const total = a.reduce((x, y) => x + y, 0)
      const max = sorted[sorted.length - 1]!
      const median = sorted[Math.floor(sorted.length / 2)]!
      return `${indent}${fn.padEnd(14)} ${String(a.length).padStart(4)} call${a.length === 1 ? ' ' : 's'}  total ${total.toFixed(1).padStart(6)} s  median ${median.toFixed(2)} s  slowest ${max.toFixed(2)} s  [${max < HOSTED_TIMEOUT_S ? 'MET' : 'NOT MET'}] each call < ${HOSTED_TIMEOUT_S} s`
    })
  }
}

/** The client as is, its rpc calls timed (the time includes the HTTP round trip). */
export function timedClient<C extends ImportClient>(client: C, times: CallTimes): ImportClient {
  return {
    rpc: (fn, args) => {
      const t0 = performance.now()
      return Promise.resolve(client.rpc(fn, args)).then((r) => {
        times.add(fn, (performance.now() - t0) / 1000)
        return r
      })
    },
    from: (table) => client.from(table),
  }
}
