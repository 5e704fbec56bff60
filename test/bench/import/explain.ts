// EXPLAIN (ANALYZE, BUFFERS) of the statements INSIDE the import's plpgsql functions, as they run
// (bench:import --native): an ImportClient whose rpc calls go through one pg session on the
// native PostgreSQL (as the service role, with its JWT claims, as PostgREST would set them) with
// auto_explain logging every nested statement; its `from` reads go through PostgREST as usual.
// Chosen calls (the n-th call of a function), and any call slower than SLOW_S, keep the plans
// logged during them; checks then pick
// a statement by its text and say whether its plan uses the expected indexes: MET / NOT MET.
import pg from 'pg'
import type { ImportClient } from '../../../src/import/index.ts'
import { CLAIMS } from '../explain.ts'

/** Calls slower than this keep their plans too, whichever they are. */
export const SLOW_S = 4

export interface CapturedCall {
  fn: string
  n: number
  seconds: number
  plans: string[]
}

export class ExplainingClient implements ImportClient {
  private counts = new Map<string, number>()
  /** fn → the call numbers (1-based) whose plans are kept */
  private wanted = new Map<string, Set<number>>()
  readonly captured: CapturedCall[] = []
  private messages: string[] = []
  private capturing = false

  private constructor(
    private readonly db: pg.Client,
    private readonly reader: ImportClient,
  ) {
    db.on('notice', (n) => {
      if (this.capturing) this.messages.push(n.message ?? '')
    })
  }

  static async open(databaseUrl: string, reader: ImportClient): Promise<ExplainingClient> {
    const db = new pg.Client({ connectionString: databaseUrl, application_name: 'bench-import-explain' })
    db.on('error', () => {})
    await db.connect()
    // auto_explain's settings are superuser-only: set before playing the service role.
    for (const s of [
      `load 'auto_explain'`,
      // not 0: the row triggers' statements (input limits, credit code, area) are nested too and
      // would flood the session; the set-based statements of a range take longer than this
      'set auto_explain.log_min_duration = 2',
      'set auto_explain.log_analyze = on',
      'set auto_explain.log_buffers = on',
      'set auto_explain.log_timing = on',
      'set auto_explain.log_nested_statements = on',
      'set auto_explain.log_format = text',
      'set client_min_messages = log',
      // what PostgREST's pooled sessions would do: no plan-cache difference for dynamic SQL
      'set role service_role',
    ])
      await db.query(s)
    await db.query(`select set_config('request.jwt.claims', $1, false)`, [JSON.stringify(CLAIMS.service)])
    return new ExplainingClient(db, reader)
  }

  /** Keep the plans of the n-th call of fn (1-based). */
  explain(fn: string, ...n: number[]): this {
    const s = this.wanted.get(fn) ?? new Set()
    n.forEach((x) => s.add(x))
    this.wanted.set(fn, s)
    return this
  }

  rpc(fn: string, args: Record<string, unknown>): PromiseLike<{ data: unknown; error: { message: string; code?: string } | null }> {
    return this.call(fn, args)
  }

  private async call(fn: string, args: Record<string, unknown>): Promise<{ data: unknown; error: { message: string; code?: string } | null }> {
    const n = (this.counts.get(fn) ?? 0) + 1
    this.counts.set(fn, n)
    const wanted = this.wanted.get(fn)?.has(n) ?? false
    const names = Object.keys(args)
    if (names.some((k) => !/^[a-z0-9_]+$/.test(k)) || !/^[a-z0-9_]+$/.test(fn)) throw new Error(`odd rpc ${fn}`)
    const values = names.map((k) => {
      const v = args[k]
      return v !== null && typeof v === 'object' ? JSON.stringify(v) : v
    })
    const sql = `select to_jsonb(public.${fn}(${names.map((k, i) => `${k} => $${i + 1}`).join(', ')})) as r`
    this.messages = []
    this.capturing = true
    const t0 = performance.now()
    try {
      const res = await this.db.query<{ r: unknown }>(sql, values)
      return { data: res.rows[0]?.r ?? null, error: null }
    } catch (e) {
      const err = e as { message: string; code?: string }
      return { data: null, error: { message: err.message, code: err.code } }
    } finally {
      this.capturing = false
      const seconds = (performance.now() - t0) / 1000
      // a chosen call, or any call slower than SLOW_S (the one to look at)
      if (wanted || seconds > SLOW_S) this.captured.push({ fn, n, seconds, plans: this.messages.filter((m) => /Query Text:/.test(m)) })
    }
  }

  from(table: string): ReturnType<ImportClient['from']> {
    return this.reader.from(table)
  }

  async close(): Promise<void> {
    await this.db.end().catch(() => {})
  }
}

export interface PlanCheck {
  /** what the statement does, for the report */
  label: string
  /** picks the statement by its text (first match among the call's plans) */
  text: RegExp
  /** each of these indexes must appear in the plan */
  indexes: string[]
  /** tables that must not be read whole (Seq Scan) */
  noSeqScanOf?: string[]
}

const usesIndex = (plan: string, idx: string): boolean => new RegExp(`(Index Scan|Index Only Scan) using ${idx}\\b|Bitmap Index Scan on ${idx}\\b`).test(plan)
const duration = (plan: string): string => (/duration: ([\d.]+) ms/.exec(plan) ?? [])[1] ?? '?'

/** MET / NOT MET lines for the checks on one captured call (and the plans, indented, when verbose). */
export function checkCall(call: CapturedCall | undefined, checks: PlanCheck[], verbose: boolean): string[] {
  if (!call) return checks.map((c) => `  [NOT MET] ${c.label}: call not captured`)
  const out: string[] = []
  for (const c of checks) {
    const plan = call.plans.find((p) => c.text.test(p))
    if (!plan) {
      out.push(`  [NOT MET] ${c.label}: no plan captured (statement under 2 ms or not run)`)
      continue
    }
    const missing = c.indexes.filter((i) => !usesIndex(plan, i))
    const seq = (c.noSeqScanOf ?? []).filter((t) => new RegExp(`Seq Scan on ${t}\\b`).test(plan))
    const ok = missing.length === 0 && seq.length === 0
    out.push(
      `  [${ok ? 'MET' : 'NOT MET'}] ${c.label}: ${c.indexes.length ? `uses ${c.indexes.join(' + ')}` : 'no index expected'}${seq.length ? `; Seq Scan on ${seq.join(', ')}` : ''}${missing.length ? `; missing ${missing.join(', ')}` : ''} (${duration(plan)} ms under EXPLAIN ANALYZE)`,
    )
    if (verbose || !ok)
      out.push(
        ...plan
          .split('\n')
          .filter((l) => /(Scan|Join|Nested Loop|Insert|Update|Delete|Hash|Sort|Aggregate|Buffers|duration|Trigger)/.test(l))
          .slice(0, 40)
          .map((l) => `      ${l}`),
      )
  }
  return out
}

/** Every captured statement of a call, slowest first: duration and first line of its text. */
export function slowest(call: CapturedCall | undefined, n = 6): string[] {
  if (!call) return []
  return call.plans
    .map((p) => ({ ms: Number(duration(p)), text: ((/Query Text:\s*([\s\S]{0,400})/.exec(p) ?? [])[1] ?? '').replace(/\s+/g, ' ').slice(0, 110) }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, n)
    .map((x) => `      ${x.ms.toFixed(0).padStart(6)} ms  ${x.text}`)
}
