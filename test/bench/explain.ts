// EXPLAIN (ANALYZE, BUFFERS) of the query *inside* map_points, as it really runs: the function
// is plpgsql, so rather than copying its SQL here (and measuring a copy), auto_explain logs the
// plan of every nested statement and client_min_messages = log hands those lines to us.
// The session plays the same user as the HTTP calls (role + request.jwt.claims, as PostgREST
// sets them), so row-level security is part of the plan when the role is subject to it.
//
// plpgsql caches plans: the first executions in a session get custom plans for the actual
// bbox; from the sixth on the plan cache may settle on a generic plan, which is what long-lived
// PostgREST connections end up running. Both are captured when a call is quick enough to repeat.
import pg from 'pg'
import type { BenchRole } from './wire.ts'
import type { View } from './views.ts'

export interface PlanReport {
  view: string
  role: BenchRole
  serverZoom: number
  /** plan of the first call in a fresh session (custom plan); null if it did not finish in time */
  first: string | null
  /** plan of the 7th call in the same session, when calls are quick enough to repeat */
  settled: string | null
  usesGist: boolean | null
  seqScan: boolean | null
  /** the 7th call's plan differs in its scan from the first one */
  settledDiffers: boolean | null
  executionMs: number | null
  note?: string
}

export const CLAIMS: Record<BenchRole, object> = {
  admin: { role: 'authenticated', sub: '00000000-0000-4000-8000-00000000bea7', app_metadata: { app_role: 'admin' } },
  service: { role: 'service_role' },
}
const DB_ROLE: Record<BenchRole, string> = { admin: 'authenticated', service: 'service_role' }

export function skippedPlan(view: View, role: BenchRole, note: string): PlanReport {
  return {
    view: view.name,
    role,
    serverZoom: view.serverZoom,
    first: null,
    settled: null,
    usesGist: null,
    seqScan: null,
    settledDiffers: null,
    executionMs: null,
    note,
  }
}

/** The auto_explain entry of the risk_points aggregation (the other nested statements are
 * check_bbox, lod_cell, pack_cells… and the outer call). */
function pickPlan(messages: string[]): string | null {
  return messages.find((m) => /Query Text:/.test(m) && /Scan (on|using) risk_points|Index Scan on risk_points/.test(m)) ?? null
}

const usesGist = (plan: string): boolean => /risk_points_location_idx/.test(plan)
const usesSeq = (plan: string): boolean => /Seq Scan on risk_points/.test(plan)
const scanOf = (plan: string): string => (/(Seq Scan|Bitmap Heap Scan|Index Scan|Index Only Scan) on risk_points/.exec(plan) ?? [''])[0]
const durationMs = (plan: string): number => Number((/duration: ([\d.]+) ms/.exec(plan) ?? [])[1] ?? NaN)

export async function explainMapPoints(databaseUrl: string, view: View, role: BenchRole, timeoutMs: number): Promise<PlanReport> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'bench-explain' })
  client.on('error', () => {}) // a server going away is reported by the query that fails
  await client.connect()
  const messages: string[] = []
  client.on('notice', (n) => messages.push(n.message ?? ''))
  const report: PlanReport = {
    view: view.name,
    role,
    serverZoom: view.serverZoom,
    first: null,
    settled: null,
    usesGist: null,
    seqScan: null,
    settledDiffers: null,
    executionMs: null,
  }
  try {
    // auto_explain's settings are superuser-only: set them before dropping to the user's role.
    for (const s of [
      `load 'auto_explain'`,
      // Not 0: the per-row and per-cell SQL functions (policy, cell_record) are nested statements
      // too, and logging each would flood the session; the aggregation itself takes longer.
      'set auto_explain.log_min_duration = 1',
      'set auto_explain.log_analyze = on',
      'set auto_explain.log_buffers = on',
      'set auto_explain.log_timing = on',
      'set auto_explain.log_nested_statements = on',
      'set auto_explain.log_format = text',
      'set client_min_messages = log',
      `set statement_timeout = ${Math.round(timeoutMs)}`,
      `set role ${DB_ROLE[role]}`,
    ])
      await client.query(s)
    await client.query(`select set_config('request.jwt.claims', $1, false)`, [JSON.stringify(CLAIMS[role])])
    const [west, south, east, north] = view.fetchBbox
    const call = (): Promise<unknown> =>
      client.query(`select length(public.map_points('risk_points', $1, $2, $3, $4, $5))`, [west, south, east, north, view.serverZoom])

    const t0 = performance.now()
    try {
      await call()
    } catch (err) {
      if ((err as { code?: string }).code === '57014') {
        report.note = `EXPLAIN ANALYZE did not finish within ${Math.round(timeoutMs / 1000)} s`
        return report
      }
      throw err
    }
    const firstWall = performance.now() - t0
    report.first = pickPlan(messages)
    // Repeat only when cheap: the point is the plan cache's choice, not more timing.
    if (firstWall < 3000) {
      for (let i = 2; i <= 7; i++) {
        messages.length = 0
        await call()
      }
      report.settled = pickPlan(messages)
    }
    if (report.first) {
      report.usesGist = usesGist(report.first)
      report.seqScan = usesSeq(report.first)
      report.executionMs = durationMs(report.first)
      if (report.settled) report.settledDiffers = scanOf(report.settled) !== scanOf(report.first) || usesGist(report.settled) !== report.usesGist
    } else {
      report.note = 'no plan captured (auto_explain unavailable?)'
    }
    return report
  } finally {
    await client.end().catch(() => {})
  }
}
