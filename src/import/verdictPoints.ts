// The dry run's verdict map as typed arrays (one position, verdict and Excel row number a point,
// no object per row), so that 100,000 rows draw as one deck.gl ScatterplotLayer with binary
// attributes. Positions: a staged row's point (a polygon: the mean of its outer ring's vertices),
// a refused row's position when the file gave a usable one. Verdicts of staged rows come from the
// database (import_rows, read in pages of 1000 by row number, RLS applies). Pure but for that read.
import type { ImportClient } from './run.ts'
import type { StagedRow } from './validate.ts'

export const VERDICTS = ['insert', 'update', 'unchanged', 'error'] as const
export type Verdict = (typeof VERDICTS)[number]
/** drawing order: unchanged at the bottom, errors on top */
const DRAW_ORDER: readonly Verdict[] = ['unchanged', 'insert', 'update', 'error']

export interface VerdictPoints {
  length: number
  /** [lng, lat] per point, WGS-84 */
  positions: Float64Array
  /** index into VERDICTS per point */
  verdicts: Uint8Array
  /** the Excel row number (header = 1) per point */
  rows: Uint32Array
  /** rows that have no position to show (e.g. no coordinates at all) */
  unplaced: number
  /** lines' routes (when asked: pipelines), drawn under the dots */
  paths?: VerdictPaths
}

/** Routes of lines as typed arrays: the vertices of every part one after another. */
export interface VerdictPaths {
  /** parts */
  length: number
  /** [lng, lat] per vertex, WGS-84 */
  positions: Float64Array
  /** the first vertex of each part (length `length`; a part ends where the next starts) */
  starts: Uint32Array
  /** index into VERDICTS per part */
  verdicts: Uint8Array
}
/** at most this many vertices drawn as routes (50 lines of 20,000); past it, lines are dots only */
export const MAX_PATH_VERTICES = 1_000_000

const NUM = String.raw`(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)`
const POINT_RE = new RegExp(String.raw`POINT\s*\(\s*${NUM}\s+${NUM}\s*\)`, 'i')
const PAIR_RE = new RegExp(String.raw`${NUM}\s+${NUM}`, 'g')

/** The point to show for an EWKT geometry: the point itself, or the mean of the first ring's vertices. */
export function pointOfEwkt(ewkt: string): [number, number] | null {
  const p = POINT_RE.exec(ewkt)
  if (p) return [Number(p[1]), Number(p[2])]
  const open = ewkt.indexOf('((')
  if (open < 0) return null
  const close = ewkt.indexOf(')', open)
  const ring = ewkt.slice(open + 2, close < 0 ? undefined : close)
  let sx = 0
  let sy = 0
  let n = 0
  let first: [number, number] | null = null
  let last: [number, number] | null = null
  for (const m of ring.matchAll(PAIR_RE)) {
    last = [Number(m[1]), Number(m[2])]
    first ??= last
    sx += last[0]
    sy += last[1]
    n++
  }
  // a closed ring repeats its first vertex: count it once
  if (n > 1 && first && last && first[0] === last[0] && first[1] === last[1]) {
    sx -= first[0]
    sy -= first[1]
    n--
  }
  return n > 0 ? [sx / n, sy / n] : null
}

function usable(p: readonly [number, number] | null | undefined): p is [number, number] {
  return !!p && Number.isFinite(p[0]) && Number.isFinite(p[1]) && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90
}

/** The parts of a LINESTRING / MULTILINESTRING EWKT as [lng, lat] lists (null: not a line). */
export function linePartsOfEwkt(ewkt: string): [number, number][][] | null {
  if (!/^(SRID=\d+;)?\s*(MULTI)?LINESTRING\b/i.test(ewkt)) return null
  const parts: [number, number][][] = []
  for (const g of ewkt.matchAll(/\(([^()]+)\)/g)) {
    const part: [number, number][] = []
    for (const m of g[1]!.matchAll(PAIR_RE)) part.push([Number(m[1]), Number(m[2])])
    if (part.length >= 2) parts.push(part)
  }
  return parts
}

/**
 * Points for the rows of a dry run. `verdictOf(row)` is the database's verdict of a staged row
 * (undefined: not decided, left out); `refused` are the rows refused before staging, with the
 * position the file gave when it had one.
 */
export function buildVerdictPoints(
  staged: readonly StagedRow[],
  geomColumn: string,
  verdictOf: (row: number) => Verdict | undefined,
  refused: readonly { row: number; at: [number, number] | null }[],
  opts: { paths?: boolean } = {},
): VerdictPoints {
  const rank = new Map(DRAW_ORDER.map((v, i) => [v, i]))
  const items: { row: number; v: number; at: [number, number] }[][] = DRAW_ORDER.map(() => [])
  const routes: { v: number; parts: [number, number][][] }[][] = DRAW_ORDER.map(() => [])
  let vertices = 0
  let unplaced = 0
  for (const r of staged) {
    const v = verdictOf(r.row)
    if (!v) continue
    const g = r.data[geomColumn]
    const at = typeof g === 'string' ? pointOfEwkt(g) : null
    if (!usable(at)) {
      unplaced++
      continue
    }
    items[rank.get(v)!]!.push({ row: r.row, v: VERDICTS.indexOf(v), at })
    const parts = opts.paths && typeof g === 'string' ? linePartsOfEwkt(g) : null
    if (parts && vertices <= MAX_PATH_VERTICES) {
      routes[rank.get(v)!]!.push({ v: VERDICTS.indexOf(v), parts })
      for (const p of parts) vertices += p.length
    }
  }
  for (const r of refused) {
    if (!usable(r.at)) {
      unplaced++
      continue
    }
    items[rank.get('error')!]!.push({ row: r.row, v: VERDICTS.indexOf('error'), at: r.at })
  }
  const n = items.reduce((s, l) => s + l.length, 0)
  const out: VerdictPoints = { length: n, positions: new Float64Array(n * 2), verdicts: new Uint8Array(n), rows: new Uint32Array(n), unplaced }
  let j = 0
  for (const list of items) {
    for (const it of list) {
      out.positions[j * 2] = it.at[0]
      out.positions[j * 2 + 1] = it.at[1]
      out.verdicts[j] = it.v
      out.rows[j] = it.row
      j++
    }
  }
  if (opts.paths && vertices <= MAX_PATH_VERTICES) {
    const all = routes.flat()
    const n = all.reduce((s, r) => s + r.parts.length, 0)
    const paths: VerdictPaths = { length: n, positions: new Float64Array(vertices * 2), starts: new Uint32Array(n), verdicts: new Uint8Array(n) }
    let k = 0
    let at = 0
    for (const r of all) {
      for (const p of r.parts) {
        paths.starts[k] = at
        paths.verdicts[k] = r.v
        k++
        for (const [x, y] of p) {
          paths.positions[at * 2] = x
          paths.positions[at * 2 + 1] = y
          at++
        }
      }
    }
    out.paths = paths
  }
  return out
}

/** [west, south, east, north] of the points and the routes, or null when there are none. */
export function verdictBounds(p: VerdictPoints): [number, number, number, number] | null {
  if (p.length === 0) return null
  let w = Infinity
  let s = Infinity
  let e = -Infinity
  let n = -Infinity
  for (const xy of p.paths ? [p.positions, p.paths.positions] : [p.positions]) {
    for (let i = 0; i < xy.length; i += 2) {
      const x = xy[i]!
      const y = xy[i + 1]!
      if (x < w) w = x
      if (x > e) e = x
      if (y < s) s = y
      if (y > n) n = y
    }
  }
  return [w, s, e, n]
}

/** The verdict of every staged row of a run, in pages of 1000 by row number (the API's row cap). */
export async function readVerdicts(client: ImportClient, runId: string, onPage?: (rows: number) => void): Promise<Map<number, Verdict>> {
  const out = new Map<number, Verdict>()
  for (let last = 0; ;) {
    const page = await client.from('import_rows').select('row_no, verdict').eq('run_id', runId).gt('row_no', last).order('row_no').limit(1000)
    if (page.error) throw new Error(`import_rows: ${page.error.message}`)
    const rows = page.data as { row_no: number; verdict: Verdict | null }[]
    for (const r of rows) if (r.verdict) out.set(r.row_no, r.verdict)
    onPage?.(out.size)
    if (rows.length < 1000) break
    last = rows[rows.length - 1]!.row_no
  }
  return out
}
