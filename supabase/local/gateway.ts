// The API origin the app talks to, shaped like Supabase's (Kong in front of PostgREST and
// GoTrue): /rest/v1/* → PostgREST, /auth/v1/* → auth-routes.ts, plus /local/v1/* for tests and
// tools (SQL as superuser, schema reload) that only the local stacks have.
import { Agent, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { createProxyServer } from 'http-proxy-3'
import { createAuthRoutes } from './auth-routes.ts'
import type { Gate } from './gate.ts'
import { readBody, sendJson } from './http-util.ts'
import { createRequestGuard } from './request-guard.ts'
import { ResponseCache } from './response-cache.ts'
import { ANON_KEY, SERVICE_ROLE_KEY } from './keys.ts'
import type { SqlExecutor } from './db.ts'
import { bearerToken, verifyToken } from './tokens.ts'
import { createStorageRoutes, type Transaction } from './storage-routes.ts'

export interface GatewayOptions {
  port: number
  postgrestUrl: string
  /** PGlite only: PostgREST traffic holds it shared (see gate.ts). */
  gate: Gate | null
  /** Superuser SQL for /local/v1/sql (already gated where needed). */
  db: SqlExecutor
  reloadSchema(): Promise<void>
  log: (msg: string) => void
  /** Shared response cache TTL for read RPCs (response-cache.ts); 0 = off. */
  cacheTtlMs?: number
  /** Requests in flight to PostgREST at most (default 32); the rest wait here, in order. */
  upstreamSockets?: number
  /** A transaction on a session of its own, for /storage/v1 (runs SQL as the caller). */
  transaction: Transaction
}

export interface Gateway {
  readonly url: string
  close(): Promise<void>
}

const ALLOWED_HEADERS = [
  'apikey',
  'authorization',
  'content-type',
  'prefer',
  'range',
  'accept-profile',
  'content-profile',
  'x-client-info',
  'accept',
  'x-supabase-api-version',
]
const EXPOSED_HEADERS = [
  'content-range',
  'content-type',
  'content-location',
  'location',
  'preference-applied',
  'range-unit',
  'x-supabase-api-version',
  'x-sb-error-code',
  'x-total-count',
  'x-cache',
  'age',
].join(', ')

/** CORS on every answer, so the Vite app (another origin) may call us. PostgREST's own CORS
 * headers are dropped in favour of these: two Access-Control-Allow-Origin headers make
 * browsers reject the response. */
function setCors(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin
  res.setHeader('Access-Control-Allow-Origin', origin ?? '*')
  if (origin) res.setHeader('Vary', 'Origin')
  res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS)
}

function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  // Also allow whatever else the client asks for: newer supabase-js releases add headers.
  const requested = String(req.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean)
  const allowed = [...new Set([...ALLOWED_HEADERS, ...requested])].join(', ')
  res.writeHead(204, {
    'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
    'Access-Control-Allow-Headers': allowed,
    'Access-Control-Max-Age': '86400',
    'Content-Length': '0',
  })
  res.end()
}

/** The query string without its `apikey` parameters, the rest byte for byte as sent. */
export function withoutApiKeyParam(search: string): string {
  const kept = search
    .replace(/^\?/, '')
    .split('&')
    .filter((p) => p !== '' && !/^apikey(=|$)/.test(p))
  return kept.length > 0 ? `?${kept.join('&')}` : ''
}

/** Supabase's API gateway refuses requests without one of the project's keys; so do we, so
 * that code forgetting the key fails here rather than only in production. */
function apiKeyOf(req: IncomingMessage, url: URL): string | null {
  const header = req.headers.apikey
  return (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('apikey')
}

export async function startGateway(opts: GatewayOptions): Promise<Gateway> {
  const gatewayUrl = `http://127.0.0.1:${opts.port}`
  // At most a few more requests in PostgREST than its pool has connections: requests waiting
  // for a connection inside PostgREST 12 (hasql-pool's STM retry loop) burn its CPU and are not
  // served in order (bench:load saw requests starve 12 s behind later ones), while Node's agent
  // queue here is FIFO and costs nothing.
  const upstreamAgent = new Agent({ keepAlive: true, maxSockets: opts.upstreamSockets ?? 32 })
  const proxy = createProxyServer({ target: opts.postgrestUrl, agent: upstreamAgent, proxyTimeout: 300_000 })

  proxy.on('proxyRes', (proxyRes) => {
    for (const name of Object.keys(proxyRes.headers)) {
      if (name.startsWith('access-control-')) delete proxyRes.headers[name]
    }
  })

  const cache = new ResponseCache({ ttlMs: opts.cacheTtlMs ?? 0, postgrestUrl: opts.postgrestUrl, agent: upstreamAgent, gate: opts.gate, log: opts.log })

  const shared = async <T>(fn: () => Promise<T>): Promise<T> => (opts.gate ? opts.gate.shared(fn) : fn())

  const rpc = (fn: string, args: Record<string, unknown>): Promise<unknown> =>
    shared(async () => {
      const r = await fetch(`${opts.postgrestUrl}/rpc/${fn}`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${SERVICE_ROLE_KEY}`,
          'Content-Type': 'application/json',
          Accept: 'application/json',
        },
        body: JSON.stringify(args),
      })
      const text = await r.text()
      if (!r.ok) throw new Error(`PostgREST /rpc/${fn} answered ${r.status}: ${text}`)
      return text ? JSON.parse(text) : null
    })

  const storage = createStorageRoutes({ transaction: opts.transaction, log: opts.log })
  const auth = createAuthRoutes({ rpc, issuer: `${gatewayUrl}/auth/v1`, log: opts.log })
  // Abuse limits outside the database (plans, unfiltered writes, body size, 5xx → 4xx, timeouts).
  const guard = createRequestGuard({ pglite: opts.gate !== null, log: opts.log })

  const proxyRest = async (req: IncomingMessage, res: ServerResponse, url: URL, apikey: string): Promise<void> => {
    // Kong's behaviour: the key doubles as the bearer token when the client sends none.
    if (!req.headers.authorization) req.headers.authorization = `Bearer ${apikey}`
    // Kong's key-auth hides the credential from the upstream (hide_credentials): a key given as the
    // `apikey` URL parameter (a feed URL another site embeds) is no argument of the function called.
    req.url = (url.pathname.slice('/rest/v1'.length) || '/') + withoutApiKeyParam(url.search)
    // The database trusts only the right-most X-Forwarded-For entry (rate limits of public
    // reports); whatever the client sent is replaced by the address this gateway sees.
    req.headers['x-forwarded-for'] = req.socket.remoteAddress ?? 'unknown'
    // Listen for the end before waiting at the gate: a client that goes away while its request
    // queues behind superuser SQL has already closed, and a listener added after the wait would
    // never run, leaving the gate held shared forever (every later request and SQL then hangs).
    let release: () => void = () => {}
    let closed = false
    res.once('close', () => {
      closed = true
      release()
    })
    if (opts.gate) {
      const held = await opts.gate.acquireShared()
      if (closed) return held()
      release = held
    }
    // After the gate: on PGlite the guard times the request, and a wait for superuser SQL is no statement time.
    // Before the cache: its refusals (plans, body size) and answer rewriting (5xx, timeouts) apply to cached RPCs too.
    if (await guard(req, res, url, apikey)) return
    if (await cache.handle(req, res, url.pathname.slice('/rest/v1'.length) || '/', { gateHeld: opts.gate !== null })) return
    proxy.web(req, res, {}, (err) => {
      release()
      opts.log(`[gateway] PostgREST unreachable: ${err.message}`)
      if (!res.headersSent) sendJson(res, 502, { message: 'An invalid response was received from the upstream server' })
      else res.destroy()
    })
  }

  /** /local/v1/*: only with the service_role key. */
  const local = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    res.setHeader('X-Local-Only', 'local development stack only (superuser SQL); never expose this port')
    const token = bearerToken(req.headers.authorization) ?? apiKeyOf(req, new URL(req.url ?? '/', gatewayUrl))
    const claims = token ? await verifyToken(token).catch(() => null) : null
    if (claims?.role !== 'service_role') {
      return sendJson(res, 403, { message: 'the local admin API requires the service_role key' })
    }
    if (req.method === 'POST' && path === '/sql') {
      let body: { sql?: unknown; params?: unknown; exec?: unknown }
      try {
        body = JSON.parse(await readBody(req)) as typeof body
      } catch {
        return sendJson(res, 400, { message: 'body must be JSON {sql, params?, exec?}' })
      }
      if (typeof body.sql !== 'string') return sendJson(res, 400, { message: 'sql must be a string' })
      // Superuser SQL may write anything: no cached answer survives it.
      res.once('finish', () => cache.invalidate(null))
      try {
        if (body.exec === true) {
          await opts.db.exec(body.sql)
          return sendJson(res, 200, { rows: [] })
        }
        const params = Array.isArray(body.params) ? body.params : undefined
        return sendJson(res, 200, await opts.db.query(body.sql, params))
      } catch (err) {
        const e = err as Record<string, unknown>
        return sendJson(res, 400, {
          message: String(e.message ?? err),
          code: e.code,
          detail: e.detail,
          hint: e.hint,
          position: e.position,
          where: e.where,
        })
      }
    }
    if (path === '/cache') {
      // Local stacks only: the response cache's figures, and its TTL set at run time (tests, bench).
      if (req.method === 'POST') {
        let ttl: unknown
        try {
          ttl = (JSON.parse(await readBody(req)) as { ttl_ms?: unknown }).ttl_ms
        } catch {
          ttl = undefined
        }
        if (typeof ttl !== 'number' || !(ttl >= 0)) return sendJson(res, 400, { message: 'body must be JSON {ttl_ms: number ≥ 0}' })
        cache.setTtl(ttl)
      }
      return sendJson(res, 200, cache.stats())
    }
    if (req.method === 'POST' && path === '/reload-schema') {
      await opts.reloadSchema()
      return sendJson(res, 200, { reloaded: true })
    }
    sendJson(res, 404, { message: 'no Route matched with those values' })
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    setCors(req, res)
    if (req.method === 'OPTIONS') return answerPreflight(req, res)
    const url = new URL(req.url ?? '/', gatewayUrl)
    const path = url.pathname

    if (path === '/local/v1/health' || path === '/auth/v1/health' || path === '/rest/v1/health') {
      if (path === '/auth/v1/health') return auth(req, res, '/health', url.searchParams)
      return sendJson(res, 200, { status: 'ok' })
    }
    if (path.startsWith('/local/v1/')) return local(req, res, path.slice('/local/v1'.length))

    // Storage checks the caller's JWT itself (signed URLs carry their own token), as behind Kong.
    if (path.startsWith('/storage/v1/')) return storage(req, res, path.slice('/storage/v1'.length), url)
    const isRest = path === '/rest/v1' || path.startsWith('/rest/v1/')
    const isAuth = path.startsWith('/auth/v1/')
    if (!isRest && !isAuth) return sendJson(res, 404, { message: 'no Route matched with those values' })

    const apikey = apiKeyOf(req, url)
    if (!apikey) return sendJson(res, 401, { message: 'No API key found in request', hint: 'No `apikey` request header or url param was found.' })
    if (apikey !== ANON_KEY && apikey !== SERVICE_ROLE_KEY) {
      return sendJson(res, 401, { message: 'Invalid API key', hint: 'Double check your Supabase `anon` or `service_role` API key.' })
    }
    if (isRest) return proxyRest(req, res, url, apikey)
    return auth(req, res, path.slice('/auth/v1'.length), url.searchParams)
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      opts.log(`[gateway] ${req.method} ${req.url}: ${(err as Error).stack ?? err}`)
      if (!res.headersSent) sendJson(res, 500, { message: 'local gateway error' })
      else res.destroy()
    })
  })
  // Keep-alive sockets of browsers would otherwise hold close() open for minutes.
  const sockets = new Set<Socket>()
  server.on('connection', (s) => {
    sockets.add(s)
    s.once('close', () => sockets.delete(s))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })

  return {
    url: gatewayUrl,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      for (const s of sockets) s.destroy()
      await closed
      proxy.close()
      upstreamAgent.destroy()
    },
  }
}
