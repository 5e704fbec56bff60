// N clients, each a bounded loop of sequential requests (send, wait for the whole answer, send
// the next) over its own keep-alive socket, for a fixed time. Loopback only; every latency is
// kept (a minute at 1,000 req/s is 60,000 numbers).
import { Agent, request } from 'node:http'
import { clientMix, type Call, type Session } from './mix.ts'

export interface PhaseResult {
  label: string
  clients: number
  seconds: number
  requests: number
  rps: number
  p50: number
  p95: number
  p99: number
  max: number
  /** error kind (HTTP status and PostgREST code, or socket error) → count */
  errors: Record<string, number>
  /** per request kind: count and p95 */
  byKind: Record<string, { n: number; p95: number }>
  cache: { hits: number; misses: number } | null
  /** the slowest requests: kind, start (s into the phase), milliseconds */
  slowest: Array<{ kind: string; at: number; ms: number }>
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const quantile = (sorted: number[], q: number): number => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN)

function send(agent: Agent, session: Session, call: Call, timeoutMs: number): Promise<{ status: number; body: string }> {
  const u = new URL(session.url + call.path)
  const payload = call.body === undefined ? null : Buffer.from(JSON.stringify(call.body))
  const headers: Record<string, string> = {
    apikey: session.anonKey,
    Authorization: `Bearer ${call.token ?? session.anonKey}`,
    Accept: 'application/json',
    ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) } : {}),
    ...call.headers,
  }
  return new Promise((resolve, reject) => {
    const req = request({ hostname: u.hostname, port: u.port, path: u.pathname + u.search, method: call.method, headers, agent }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', reject)
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
    })
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })))
    req.on('error', reject)
    req.end(payload ?? undefined)
  })
}

export async function runPhase(
  session: Session,
  opts: { label: string; clients: number; seconds: number; seed: number; measure: boolean; writes?: boolean },
): Promise<PhaseResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.clients, maxFreeSockets: opts.clients })
  const latencies: number[] = []
  const kinds = new Map<string, number[]>()
  const errors: Record<string, number> = {}
  let slowest: PhaseResult['slowest'] = []
  const noteSlow = (kind: string, start: number, ms: number): void => {
    if (slowest.length >= 5 && ms <= slowest[slowest.length - 1]!.ms) return
    slowest = [...slowest, { kind, at: +((start - t0) / 1000).toFixed(1), ms: Math.round(ms) }].sort((a, b) => b.ms - a.ms).slice(0, 5)
  }
  const t0 = performance.now()
  const deadline = t0 + opts.seconds * 1000
  const client = async (i: number): Promise<void> => {
    const next = clientMix(session, i, mulberry32(opts.seed * 1000 + i), opts.writes ?? true)
    // spread the start over 0.5 s, as real clients do not arrive on one tick
    await new Promise((r) => setTimeout(r, (i / opts.clients) * 500))
    while (performance.now() < deadline) {
      const call = next()
      const start = performance.now()
      try {
        const { status, body } = await send(agent, session, call, 30_000)
        const ms = performance.now() - start
        latencies.push(ms)
        noteSlow(call.kind, start, ms)
        ;(kinds.get(call.kind) ?? kinds.set(call.kind, []).get(call.kind)!).push(ms)
        if (status >= 400) {
          let code = ''
          try {
            code = (JSON.parse(body) as { code?: string }).code ?? ''
          } catch {
            /* not JSON */
          }
          const k = `HTTP ${status}${code ? ` ${code}` : ''} (${call.kind})`
          errors[k] = (errors[k] ?? 0) + 1
        }
        call.onAnswer?.(status, body)
      } catch (err) {
        const k = `socket ${(err as NodeJS.ErrnoException).code ?? (err as Error).message} (${call.kind})`
        errors[k] = (errors[k] ?? 0) + 1
        latencies.push(performance.now() - start)
      }
    }
  }
  await Promise.all(Array.from({ length: opts.clients }, (_, i) => client(i)))
  const elapsed = (performance.now() - t0) / 1000
  agent.destroy()
  const sorted = latencies.sort((a, b) => a - b)
  const byKind: PhaseResult['byKind'] = {}
  for (const [k, v] of kinds)
    byKind[k] = {
      n: v.length,
      p95: Math.round(
        quantile(
          v.sort((a, b) => a - b),
          0.95,
        ),
      ),
    }
  return {
    label: opts.label,
    clients: opts.clients,
    seconds: +elapsed.toFixed(1),
    requests: sorted.length,
    rps: Math.round(sorted.length / elapsed),
    p50: Math.round(quantile(sorted, 0.5)),
    p95: Math.round(quantile(sorted, 0.95)),
    p99: Math.round(quantile(sorted, 0.99)),
    max: Math.round(sorted[sorted.length - 1] ?? NaN),
    errors,
    byKind,
    cache: null,
    slowest,
  }
}
