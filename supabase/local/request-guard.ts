// Checks the gateway makes on /rest/v1 requests before and after PostgREST, for what hosted
// Supabase does outside the database (or what PGlite cannot do):
//   - query plans (Accept: application/vnd.pgrst.plan…) are not served to anon/authenticated
//     (hosted Supabase leaves PostgREST's db-plan-enabled off);
//   - PATCH/DELETE on a table without any filter are refused, as the pg-safeupdate extension
//     does ("DELETE requires a WHERE clause"); Debian has no package for it and PGlite cannot load it;
//   - request bodies of API users are capped (a 60 MB GeoJSON must not reach the parser);
//   - 500 answers that are really bad input become 400 (PostGIS reports unparsable geometry
//     as XX000 "internal error"), and statement timeouts (57014) become 504;
//   - on PGlite, which cannot cancel a statement, a response that took longer than the role's
//     statement timeout while it was the only request in flight is replaced by the 504 that
//     hosted Supabase would have answered (the work itself was not stopped).
import type { IncomingMessage, ServerResponse } from 'node:http'
import { sendJson } from './http-util.ts'
import { bearerToken, verifyToken } from './tokens.ts'

/** Hosted Supabase's statement_timeout per API role (also set on the roles by migration 20261204101300_limits.sql). */
export const STATEMENT_TIMEOUT_MS: Record<string, number> = { anon: 3000, authenticated: 8000 }
/** Request bodies of anon/authenticated callers; the service role (seeding, tests) is not capped. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024

/** PostgREST query parameters that are not row filters. */
const NOT_FILTERS = new Set(['select', 'order', 'limit', 'offset', 'columns', 'on_conflict', 'apikey'])

export interface RequestGuardOptions {
  /** PGlite backend: statements cannot be cancelled, so timeouts are measured here. */
  pglite: boolean
  log: (msg: string) => void
}

/** Returns true when it has answered the request itself (then do not proxy it). */
export type RequestGuard = (req: IncomingMessage, res: ServerResponse, url: URL, apikey: string) => Promise<boolean>

/** token → its verified role and expiry (s): HS256 verification once per token, not per
 * request (the guard now runs before the response cache, on every request). */
const knownTokens = new Map<string, { role: string; exp: number }>()

async function roleOf(req: IncomingMessage, apikey: string): Promise<string> {
  const token = bearerToken(req.headers.authorization) ?? apikey
  const known = knownTokens.get(token)
  if (known && known.exp > Date.now() / 1000) return known.role
  const claims = await verifyToken(token).catch(() => null)
  // An invalid token is PostgREST's to refuse (401); treat it as the least privileged here.
  const role = typeof claims?.role === 'string' ? claims.role : 'anon'
  if (claims) {
    if (knownTokens.size >= 10_000) knownTokens.clear()
    knownTokens.set(token, { role, exp: typeof claims.exp === 'number' ? claims.exp : Infinity })
  }
  return role
}

function hasFilter(url: URL): boolean {
  for (const key of url.searchParams.keys()) if (!NOT_FILTERS.has(key)) return true
  return false
}

export function createRequestGuard(opts: RequestGuardOptions): RequestGuard {
  const active = new Set<{ alone: boolean }>()
  return async (req, res, url, apikey) => {
    const role = await roleOf(req, apikey)
    const service = role === 'service_role'
    const path = url.pathname.slice('/rest/v1'.length)

    const accept = String(req.headers.accept ?? '')
    if (!service && accept.includes('application/vnd.pgrst.plan')) {
      sendJson(res, 406, {
        code: 'PGRST107',
        message: '查询计划不对匿名或登录用户开放 / query plans (application/vnd.pgrst.plan) are not served to anon or authenticated callers',
        details: null,
        hint: null,
      })
      return true
    }

    if ((req.method === 'PATCH' || req.method === 'DELETE') && !path.startsWith('/rpc/') && !hasFilter(url)) {
      const verb = req.method === 'DELETE' ? 'DELETE' : 'UPDATE'
      sendJson(res, 400, {
        code: '21000',
        message: `${verb} 必须带筛选条件，不能一次改动整张表 / ${verb} requires a WHERE clause: add a filter such as ?id=eq.<id>`,
        details: `table: ${path.replace(/^\//, '')}`,
        hint: 'the rule of the pg-safeupdate extension',
      })
      return true
    }

    const length = Number(req.headers['content-length'] ?? 0)
    if (!service && length > MAX_BODY_BYTES) {
      sendJson(res, 413, {
        code: 'PGRST413',
        message: `请求体过大：最多 ${MAX_BODY_BYTES / 1024 / 1024} MB / request body too large: at most ${MAX_BODY_BYTES} bytes (got ${length})`,
        details: null,
        hint: null,
      })
      return true
    }

    // Who else was in flight while this request ran: only a request that ran alone can have
    // its duration blamed on its own statement (PostgREST queues the others on PGlite's one
    // connection, and that wait is no statement time).
    const state = { alone: active.size === 0 }
    for (const other of active) other.alone = false
    active.add(state)
    res.once('close', () => active.delete(state))
    filterResponse(res, {
      relation: path.startsWith('/rpc/') ? null : path.split('/')[1] || null,
      started: Date.now(),
      limitMs: opts.pglite ? STATEMENT_TIMEOUT_MS[role] : undefined,
      alone: () => state.alone,
      log: opts.log,
    })
    return false
  }
}

interface FilterOptions {
  /** The table or view of a /rest/v1/<relation> request (null for RPC). */
  relation: string | null
  started: number
  limitMs: number | undefined
  alone: () => boolean
  log: (msg: string) => void
}

type Body = Buffer | string | Uint8Array

/** Timeout answer in PostgREST's error shape. */
function timeoutBody(limitMs: number | undefined): Record<string, unknown> {
  return {
    code: '57014',
    message: `查询超时${limitMs ? `（上限 ${limitMs / 1000} 秒）` : ''} / canceling statement due to statement timeout${limitMs ? ` (limit ${limitMs / 1000} s)` : ''}`,
    details: null,
    hint: 'narrow the request (smaller area, fewer items) or ask an administrator',
  }
}

/** PostGIS input errors (unparsable GeoJSON / WKT / WKB) arrive as SQLSTATE XX000. */
const GEOMETRY_INPUT =
  /GeoJSON|parse error - invalid geometry|geometry requires more points|geometry contains non-closed rings|Invalid hex string|unknown GeoJSON type|Unknown geometry type/i

/**
 * Wraps res so that 5xx answers can be rewritten and late PGlite answers replaced. Works on the
 * writeHead/write/end calls http-proxy makes (write() without writeHead goes through writeHead).
 */
function filterResponse(res: ServerResponse, opts: FilterOptions): void {
  const origWriteHead = res.writeHead.bind(res) as (...a: unknown[]) => ServerResponse
  const origWrite = res.write.bind(res) as (...a: unknown[]) => boolean
  const origEnd = res.end.bind(res) as (...a: unknown[]) => ServerResponse
  let mode: 'pass' | 'buffer' | 'replace' = 'pass'
  let status = 0
  const chunks: Buffer[] = []

  const replace = (code: number, body: unknown): void => {
    const text = JSON.stringify(body)
    for (const h of res.getHeaderNames()) if (h !== 'vary' && !h.startsWith('access-control-')) res.removeHeader(h)
    origWriteHead(code, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) })
    origEnd(text)
  }

  const passThrough = (text: string): void => {
    res.removeHeader('transfer-encoding')
    origWriteHead(status, { 'Content-Length': Buffer.byteLength(text) })
    origEnd(text)
  }

  res.writeHead = ((code: number, ...rest: unknown[]) => {
    status = code
    const elapsed = Date.now() - opts.started
    if (opts.limitMs !== undefined && elapsed > opts.limitMs && code < 400 && opts.alone()) {
      mode = 'replace'
      opts.log(`[gateway] answered 504: took ${elapsed} ms, over the ${opts.limitMs} ms statement timeout (PGlite cannot cancel)`)
      return res
    }
    if (code >= 400) {
      mode = 'buffer'
      // Keep the caller's headers for later; nothing is sent yet.
      if (rest.length) {
        const headers = rest[rest.length - 1]
        if (headers && typeof headers === 'object') for (const [k, v] of Object.entries(headers)) res.setHeader(k, v as string)
      }
      return res
    }
    return origWriteHead(code, ...rest)
  }) as typeof res.writeHead

  res.write = ((chunk: Body, ...rest: unknown[]) => {
    if (!res.headersSent && mode === 'pass' && status === 0) res.writeHead(res.statusCode)
    if (mode === 'pass') return origWrite(chunk, ...rest)
    if (mode === 'buffer' && chunk) chunks.push(Buffer.from(chunk as Buffer))
    return true
  }) as typeof res.write

  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (!res.headersSent && mode === 'pass' && status === 0) res.writeHead(res.statusCode)
    if (mode === 'pass') return origEnd(chunk, ...rest)
    if (mode === 'replace') {
      replace(504, timeoutBody(opts.limitMs))
      return res
    }
    if (chunk && typeof chunk !== 'function') chunks.push(Buffer.from(chunk as Buffer))
    const text = Buffer.concat(chunks).toString('utf8')
    let err: Record<string, unknown> | null
    try {
      err = JSON.parse(text) as Record<string, unknown>
    } catch {
      err = null
    }
    if (err?.code === '57014') {
      replace(504, timeoutBody(undefined))
    } else if (err?.code === 'XX000' && GEOMETRY_INPUT.test(`${err.message ?? ''} ${err.hint ?? ''}`)) {
      replace(400, {
        code: '22023',
        message: `几何字段不是有效的 GeoJSON、WKT 或 EWKB / a geometry field (geom or location) is not valid GeoJSON, WKT or EWKB: ${String(err.message)}`,
        details: err.hint ?? null,
        hint: 'send e.g. {"type":"Point","coordinates":[113.08,22.58]} or "SRID=4326;POINT(113.08 22.58)"',
      })
    } else if (err && typeof err.code === 'string' && err.code.startsWith('23')) {
      const plain = constraintMessage(err, opts.relation)
      if (plain) replace(status, plain)
      else passThrough(text)
    } else {
      res.removeHeader('transfer-encoding')
      origWriteHead(status, { 'Content-Length': Buffer.byteLength(text) })
      origEnd(text)
    }
    return res
  }) as typeof res.end
}

/**
 * PostgreSQL's integrity errors name constraints ("violates foreign key constraint
 * risk_points_enterprise_id_fkey"); the database's input-limit triggers refuse most bad input
 * first with a plain message, and these are the rest (uniqueness, references to rows, NOT NULL,
 * remaining CHECKs), re-worded from the error's own column and key details. The status is kept.
 */
export function constraintMessage(err: Record<string, unknown>, relation: string | null): Record<string, unknown> | null {
  const message = String(err.message ?? '')
  const details = String(err.details ?? '')
  const table = /relation "([^"]+)"/.exec(message)?.[1] ?? /on table "([^"]+)"/.exec(message)?.[1] ?? relation ?? 'row'
  // Under row-level security PostgreSQL leaves the key out of `details` ("Key is not present in
  // table …"); the column is then read from the constraint's conventional name.
  const constraint = /constraint "([^"]+)"/.exec(message)?.[1] ?? ''
  const keyed = /^Key \(([^)]+)\)=\((.*)\)/.exec(details)
  const column = keyed?.[1] ?? (constraint.replace(new RegExp(`^${table}_`), '').replace(/_(p?key|fkey)$/, '') || 'key')
  const value = keyed ? `（${keyed[2]}）` : ''
  const valueEn = keyed ? ` (${keyed[2]})` : ''
  const target = /is not present in table "([^"]+)"/.exec(details)?.[1]
  const referrer = /is still referenced from table "([^"]+)"/.exec(details)?.[1]
  let zh: string
  let en: string
  let field = `${table}.${column}`
  // Our own functions raise 23xxx with messages of their own (e.g. "an identical report …");
  // only PostgreSQL's constraint messages are re-worded.
  if ((err.code === '23505' || err.code === '23503') && !constraint) return null
  if (err.code === '23505') {
    zh = `已存在相同的值${value}`
    en = `must be unique: that value already exists${valueEn}`
  } else if (err.code === '23503' && target) {
    zh = `引用的 ${target} 记录不存在或对你不可见${value}`
    en = `refers to a row of ${target} that does not exist or is not visible to you${valueEn}`
  } else if (err.code === '23503' && referrer) {
    zh = `仍被 ${referrer} 引用，不能删除`
    en = `is still referenced from ${referrer}: delete or change those rows first`
  } else if (err.code === '23502') {
    const column = /null value in column "([^"]+)"/.exec(message)?.[1]
    if (!column) return null
    field = `${table}.${column}`
    zh = '不能为空'
    en = 'is required'
  } else if (err.code === '23514') {
    const constraint = /check constraint "([^"]+)"/.exec(message)?.[1]
    if (!constraint) return null
    const rule = constraint
      .replace(new RegExp(`^${table}_`), '')
      .replace(/_check$/, '')
      .replace(/_/g, ' ')
    field = table
    zh = `不满足规则：${rule}`
    en = `breaks the rule "${rule}"`
  } else {
    return null
  }
  return { code: err.code, message: `${field} ${zh} / ${field} ${en}`, details: `field: ${field}`, hint: err.hint ?? null }
}
