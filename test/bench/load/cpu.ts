// CPU seconds used by a process tree, grouped by program (node = gateway (+ PGlite), postgrest,
// postgres), from /proc: where each request's CPU goes. Linux only; empty elsewhere.
import { readdirSync, readFileSync } from 'node:fs'

const TICK = 100 // USER_HZ on Linux

function statOf(pid: string): { ppid: number; comm: string; cpu: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const close = s.lastIndexOf(')')
    const comm = s.slice(s.indexOf('(') + 1, close)
    const f = s.slice(close + 2).split(' ')
    // fields after comm: state ppid … utime(12th after comm: index 11) stime(12) cutime(13) cstime(14)
    return { ppid: Number(f[1]), comm, cpu: (Number(f[11]) + Number(f[12])) / TICK }
  } catch {
    return null
  }
}

/** CPU seconds so far of `root` and all its descendants, by program name. */
export function treeCpu(root: number): Record<string, number> {
  const all = new Map<number, { ppid: number; comm: string; cpu: number }>()
  let pids: string[]
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p))
  } catch {
    return {}
  }
  for (const p of pids) {
    const st = statOf(p)
    if (st) all.set(Number(p), st)
  }
  const children = new Map<number, number[]>()
  for (const [pid, st] of all) children.set(st.ppid, [...(children.get(st.ppid) ?? []), pid])
  const out: Record<string, number> = {}
  const stack = [root]
  while (stack.length) {
    const pid = stack.pop()!
    const st = all.get(pid)
    if (st) {
      const name = st.comm.startsWith('postgrest') ? 'postgrest' : st.comm.startsWith('postgres') ? 'postgres' : st.comm
      out[name] = (out[name] ?? 0) + st.cpu
    }
    stack.push(...(children.get(pid) ?? []))
  }
  return out
}

export function cpuDelta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {}
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) out[k] = +((after[k] ?? 0) - (before[k] ?? 0)).toFixed(2)
  return out
}
