// Printing helpers for the safety-distance benchmark.

export const fmtInt = (x: number): string => Math.round(x).toLocaleString('en-US')
export const fmtMs = (ms: number): string =>
  !Number.isFinite(ms) ? '—' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)))
  const line = (r: string[]): string => `| ${r.map((cell, c) => cell + ' '.repeat(widths[c]! - [...cell].length)).join(' | ')} |`
  const sep = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`
  return [line(rows[0]!), sep, ...rows.slice(1).map(line)].join('\n')
}

/** Plan lines worth reading, costs dropped, long lines cut. */
export function planLines(plan: string, indent = '    '): string[] {
  return plan
    .split('\n')
    .filter((l) => l.trim() && !/^\s*(Planning:|JIT:|Functions:|Options:|Timing:)/.test(l))
    .map((l) => {
      const s = l.replace(/\(cost=[^)]*\) /, '')
      return `${indent}${s.length > 200 ? `${s.slice(0, 199)}…` : s}`
    })
}

/** The GiST indexes a target search may use: the (class, geography) one (migration 1500) or the geography one. */
export const INDEX_NAME = 'protective_targets_class_geog_idx'
export const INDEX_NAMES = [INDEX_NAME, 'protective_targets_geom_geog_idx']
export const usesIndex = (plan: string): boolean => new RegExp(`(Index Scan|Bitmap Index Scan|Index Only Scan) using (${INDEX_NAMES.join('|')})\\b`).test(plan)
