// A short shared response cache in the gateway for the read RPCs that many clients ask alike
// (the public city view, layer counts, the wall's figures, the dangers list): identical questions asked within
// the TTL are answered once. Why here and not in PostgreSQL: on PGlite every request queues for
// one session, and on native PostgreSQL PostgREST + Postgres spend ~6 ms of CPU per request,
// while a hit costs the gateway a map lookup.
//
// Safety: the key is EVERYTHING that decides the answer: method, path, query, body, the
// headers PostgREST reads (Accept, Prefer, Range, profiles, Content-Type) and the verified JWT
// claims that RLS reads (`role` and the whole `app_metadata`: app_role, area_codes,
// enterprise_id). anon is its own key; an unverifiable token is never cached (PostgREST answers
// it as before). The functions listed in CACHED_RPCS answer from (arguments, those claims,
// data) only: none reads auth.uid(), the clock beyond `now()` stamps, or request headers. A
// function whose answer depends on the user id or on headers must not be added to the list.
//
// Freshness: entries live `ttlMs` (default 1 s). A successful write through the gateway drops
// the cached answers of the writer's claims (read-your-writes for the writer); a write by the
// service role or through /local/v1/sql drops everything; other callers see it within the TTL.
// `Cache-Control: no-cache` fetches a fresh answer (and stores it); `no-store` bypasses the cache
// entirely (the benchmark's baseline). Answers carry `X-Cache: HIT | MISS | BYPASS`.
import { request, type Agent, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Gate } from './gate.ts'
import { bearerToken, verifyToken } from './tokens.ts'

/** Read RPCs whose answers are shared for the TTL (GET or POST /rpc/<name>). */
export const CACHED_RPCS: ReadonlySet<string> = new Set([
  'public_map_points',
  'public_layer_counts',
  'public_area_risk_summary',
  'public_map_features',
  'map_points',
  'map_features',
  'layer_counts',
  'area_risk_summary',
  'area_boundaries',
  'dataset_info',
  'wall_summary',
  // the live feed: walls floor their `since` to whole steps (src/data/wall.ts, sharedSince) so
  // that walls polling together ask alike; the feed re-reads 5 s before `since`, more than the TTL
  'wall_changes',
  // the wall's alarm list, polled every 2 s by every wall: one answer per TTL and role (a new
  // alarm is still on the wall within the 5 s the monitoring issue asks: poll + TTL + render)
  'wall_alarms',
])

/** Views whose GET answers are shared the same way (the dangers list every regulator of a
 * district pages through; Range and Prefer: count=exact are part of the key). */
export const CACHED_VIEWS: ReadonlySet<string> = new Set(['hidden_danger_list'])

/** Read-only RPCs that are not cached but are not writes either (they must not drop entries). */
export const READ_ONLY_RPCS: ReadonlySet<string> = new Set([
  'feature_at',
  'public_feature_at',
  'feature_card',
  'search_enterprises',
  'public_search',
  'hidden_danger_stats',
  'allowed_hidden_danger_transitions',
  'nearest_emergency_resources',
  'incident_report',
  'planner_targets',
  'planner_source',
  'public_around',
  'public_place_at',
  'report_status',
  'lec_level',
  'matrix_level',
  'safety_distance_check',
  'safety_distance_violations',
  'evaluate_site',
  'siting_suitability',
])

/** Request headers that change PostgREST's answer, hence part of the key. */
const KEY_HEADERS = ['accept', 'prefer', 'range', 'range-unit', 'accept-profile', 'content-profile', 'content-type']
/** Response headers not replayed from a stored answer (hop-by-hop, or set per answer). */
const DROP_RESPONSE_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date', 'content-length'])
/** Request headers not forwarded upstream (hop-by-hop; the length is recomputed). */
const DROP_REQUEST_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host', 'expect', 'upgrade'])

export interface ResponseCacheOptions {
  /** 0 disables the cache (every request is proxied as before). */
  ttlMs: number
  postgrestUrl: string
  agent: Agent
  /** PGlite only: upstream requests hold it shared, as proxied ones do (see gate.ts). */
  gate: Gate | null
  maxEntries?: number
  /** Answers larger than this are served but not stored. */
  maxBodyBytes?: number
  /** All stored answers together (default 64 MB): the oldest go first. */
  maxTotalBytes?: number
  log?: (msg: string) => void
}

interface Answer {
  status: number
  headers: Record<string, string | string[]>
  body: Buffer
}

interface Entry extends Answer {
  storedAt: number
  claimsKey: string
}

export interface CacheStats {
  ttlMs: number
  entries: number
  bytes: number
  hits: number
  misses: number
  bypasses: number
  invalidations: number
}

type Kind = 'cached' | 'read' | 'write'

/** What a request to `restPath` (below /rest/v1) is, for the cache. */
export function classify(method: string, restPath: string): Kind {
  const m = /^\/rpc\/([A-Za-z0-9_]+)\/?$/.exec(restPath)
  if (m) {
    const fn = m[1]!
    if ((method === 'GET' || method === 'POST') && CACHED_RPCS.has(fn)) return 'cached'
    if (method === 'GET' || method === 'HEAD' || READ_ONLY_RPCS.has(fn)) return 'read'
    return 'write'
  }
  if (method === 'GET' && CACHED_VIEWS.has(restPath.replace(/^\/|\/$/g, ''))) return 'cached'
  return method === 'GET' || method === 'HEAD' ? 'read' : 'write'
}

/** JSON with object keys sorted, so equal claims give equal keys whatever their order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>
    return `{${Object.keys(obj)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(value ?? null)
}

export class ResponseCache {
  private ttl: number
  private readonly entries = new Map<string, Entry>()
  private readonly pending = new Map<string, { answer: Promise<Answer>; claimsKey: string }>()
  /** Bumped by invalidate(): an answer fetched across an invalidation is served, never stored. */
  private epoch = 0
  private readonly keyEpochs = new Map<string, number>()
  /** token → claims key and expiry (s): HS256 verification once per token, not per request. */
  private readonly tokens = new Map<string, { key: string; exp: number }>()
  private readonly maxEntries: number
  private readonly maxBodyBytes: number
  private readonly maxTotalBytes: number
  private bytes = 0
  private readonly counts = { hits: 0, misses: 0, bypasses: 0, invalidations: 0 }

  constructor(private readonly opts: ResponseCacheOptions) {
    this.ttl = Math.max(0, opts.ttlMs)
    this.maxEntries = opts.maxEntries ?? 5000
    this.maxBodyBytes = opts.maxBodyBytes ?? 2 * 1024 * 1024
    this.maxTotalBytes = opts.maxTotalBytes ?? 64 * 1024 * 1024
  }

  private drop(key: string): void {
    const e = this.entries.get(key)
    if (!e) return
    this.bytes -= e.body.length
    this.entries.delete(key)
  }

  get ttlMs(): number {
    return this.ttl
  }

  setTtl(ms: number): void {
    this.ttl = Math.max(0, ms)
    this.invalidate(null)
  }

  stats(): CacheStats {
    return { ttlMs: this.ttl, entries: this.entries.size, bytes: this.bytes, ...this.counts }
  }

  /** Drops the answers cached for one claims key, or all (null). */
  invalidate(claimsKey: string | null): void {
    this.counts.invalidations++
    if (claimsKey === null) {
      this.epoch++
      this.entries.clear()
      this.bytes = 0
      this.pending.clear()
      return
    }
    // (Cleared when large: a reset epoch only keeps in-flight answers from being stored.)
    if (this.keyEpochs.size >= 10_000) this.keyEpochs.clear()
    this.keyEpochs.set(claimsKey, (this.keyEpochs.get(claimsKey) ?? 0) + 1)
    for (const [k, e] of this.entries) if (e.claimsKey === claimsKey) this.drop(k)
    for (const [k, p] of this.pending) if (p.claimsKey === claimsKey) this.pending.delete(k)
  }

  /** The claims key of a bearer token, or null when it does not verify (or has expired). */
  private async claimsKey(authorization: string | undefined): Promise<string | null> {
    const token = bearerToken(authorization)
    if (!token) return null
    const nowS = Date.now() / 1000
    const known = this.tokens.get(token)
    if (known) return known.exp > nowS ? known.key : null
    const claims = await verifyToken(token).catch(() => null)
    if (!claims) return null
    const key = canonical({ role: claims.role ?? null, app_metadata: claims.app_metadata ?? null })
    if (this.tokens.size >= 10_000) this.tokens.clear()
    this.tokens.set(token, { key, exp: typeof claims.exp === 'number' ? claims.exp : Infinity })
    return key
  }

  /**
   * Called by the gateway for /rest/v1 requests, after it has set Authorization, the upstream
   * url and X-Forwarded-For, and after the request guard (request-guard.ts) has let it pass and
   * wrapped the response (so a cached answer goes through the same rewriting as a proxied one). Returns true when it answered the request itself; false when the
   * gateway should proxy it as usual (then a successful write drops the writer's entries).
   */
  async handle(req: IncomingMessage, res: ServerResponse, restPath: string, how: { gateHeld?: boolean } = {}): Promise<boolean> {
    if (this.ttl <= 0) return false
    const method = req.method ?? 'GET'
    const kind = classify(method, restPath)
    const cacheControl = String(req.headers['cache-control'] ?? '').toLowerCase()
    if (kind === 'write') {
      const claimsKey = await this.claimsKey(req.headers.authorization)
      res.once('finish', () => {
        if (res.statusCode >= 200 && res.statusCode < 300) {
          this.invalidate(claimsKey === null || claimsKey.includes('"role":"service_role"') ? null : claimsKey)
        }
      })
      return false
    }
    if (kind !== 'cached') return false
    if (cacheControl.includes('no-store')) {
      this.counts.bypasses++
      res.setHeader('X-Cache', 'BYPASS')
      return false
    }
    const claimsKey = await this.claimsKey(req.headers.authorization)
    if (claimsKey === null) return false

    let body: Buffer
    try {
      body = method === 'POST' ? await readAll(req) : Buffer.alloc(0)
    } catch (err) {
      res.writeHead(413, { 'Content-Type': 'application/json; charset=utf-8' })
      res.end(JSON.stringify({ message: (err as Error).message }))
      return true
    }
    const headerKey = KEY_HEADERS.map((h) => `${h}=${String(req.headers[h] ?? '')}`).join('\n')
    const key = `${method} ${req.url}\n${headerKey}\n${claimsKey}\n${body.toString('utf8')}`

    const now = Date.now()
    const fresh = !cacheControl.includes('no-cache')
    const hit = fresh ? this.entries.get(key) : undefined
    if (hit && now - hit.storedAt < this.ttl) {
      this.counts.hits++
      send(res, hit, 'HIT', Math.floor((now - hit.storedAt) / 1000))
      return true
    }
    // The same question already on its way upstream: share its answer (no older than a hit).
    const inFlight = fresh ? this.pending.get(key) : undefined
    if (inFlight) {
      const answer = await inFlight.answer.catch(() => null)
      if (answer) {
        this.counts.hits++
        send(res, answer, 'HIT', 0)
        return true
      }
    }
    this.counts.misses++
    const epochs = `${this.epoch}/${this.keyEpochs.get(claimsKey) ?? 0}`
    const fetching = this.upstream(req, body, how.gateHeld === true)
    if (fresh) this.pending.set(key, { answer: fetching, claimsKey })
    let answer: Answer
    try {
      answer = await fetching
    } catch (err) {
      this.opts.log?.(`[gateway] PostgREST unreachable: ${(err as Error).message}`)
      if (!res.headersSent) {
        res.writeHead(502, { 'Content-Type': 'application/json; charset=utf-8' })
        res.end(JSON.stringify({ message: 'An invalid response was received from the upstream server' }))
      }
      return true
    } finally {
      if (this.pending.get(key)?.answer === fetching) this.pending.delete(key)
    }
    // Only successful answers are kept; errors go to the callers waiting now, not to later ones.
    const unchanged = epochs === `${this.epoch}/${this.keyEpochs.get(claimsKey) ?? 0}`
    if (answer.status === 200 && answer.body.length <= this.maxBodyBytes && unchanged) {
      this.drop(key)
      const full = (): boolean => this.entries.size >= this.maxEntries || this.bytes + answer.body.length > this.maxTotalBytes
      if (full()) this.evictExpired(now)
      // Still full: drop the oldest (a Map iterates in insertion order).
      while (full() && this.entries.size > 0) this.drop(this.entries.keys().next().value!)
      this.entries.set(key, { ...answer, storedAt: Date.now(), claimsKey })
      this.bytes += answer.body.length
    }
    send(res, answer, 'MISS', 0)
    return true
  }

  private evictExpired(now: number): void {
    for (const [k, e] of this.entries) if (now - e.storedAt >= this.ttl) this.drop(k)
  }

  /** The request to PostgREST (req.url is already the upstream path), buffered. `gateHeld`: the
   * gateway already holds the PGlite gate shared for this request (taking it again could wait
   * behind a queued exclusive holder that waits for us). */
  private upstream(req: IncomingMessage, body: Buffer, gateHeld: boolean): Promise<Answer> {
    const headers: Record<string, string | string[]> = {}
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !DROP_REQUEST_HEADERS.has(name) && name !== 'cache-control') headers[name] = value
    }
    if (body.length) headers['content-length'] = String(body.length)
    const run = (): Promise<Answer> =>
      new Promise<Answer>((resolve, reject) => {
        const up = request(`${this.opts.postgrestUrl}${req.url}`, { method: req.method, headers, agent: this.opts.agent }, (r) => {
          const chunks: Buffer[] = []
          r.on('data', (c: Buffer) => chunks.push(c))
          r.on('error', reject)
          r.on('end', () => {
            const out: Record<string, string | string[]> = {}
            for (const [name, value] of Object.entries(r.headers)) {
              if (value !== undefined && !DROP_RESPONSE_HEADERS.has(name) && !name.startsWith('access-control-')) out[name] = value
            }
            resolve({ status: r.statusCode ?? 502, headers: out, body: Buffer.concat(chunks) })
          })
        })
        up.setTimeout(300_000, () => up.destroy(new Error('upstream timeout')))
        up.on('error', reject)
        up.end(body)
      })
    return this.opts.gate && !gateHeld ? this.opts.gate.shared(run) : run()
  }
}

function send(res: ServerResponse, answer: Answer, how: 'HIT' | 'MISS', ageS: number): void {
  if (res.headersSent || res.destroyed) return
  res.writeHead(answer.status, {
    ...answer.headers,
    'Content-Length': answer.body.length,
    'X-Cache': how,
    ...(how === 'HIT' ? { Age: String(ageS) } : {}),
  })
  res.end(answer.body)
}

/** The request body; RPC arguments are small (PostgREST itself caps nothing, so neither do we
 * beyond memory: 1 MB, past which the request is refused as too large). */
async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > 1024 * 1024) throw new Error('request body too large: RPC arguments are limited to 1 MB')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

/** The TTL from the environment (GATEWAY_CACHE_TTL_MS; 0 = off), else `fallback`. */
export function cacheTtlFromEnv(fallback: number): number {
  const raw = process.env.GATEWAY_CACHE_TTL_MS
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isFinite(n) || n < 0) throw new Error(`GATEWAY_CACHE_TTL_MS must be a number of milliseconds ≥ 0 (got "${raw}")`)
  return n
}
