// /storage/v1/*: the subset of Supabase Storage the app uses, answering in Storage's shapes so
// supabase-js `storage.from(bucket)` works unchanged:
//   POST /object/{bucket}/{path}                  upload (multipart from a Blob, or raw bytes)
//   GET  /object/{bucket}/{path}, /object/authenticated/{bucket}/{path}   download
//   POST /object/sign/{bucket}/{path}             signed URL ({expiresIn})
//   GET  /object/sign/{bucket}/{path}?token=…     fetch through a signed URL
//   DELETE /object/{bucket}                       remove ({prefixes})
//   POST /object/list/{bucket}                    list ({prefix, limit, offset})
// Access is decided as hosted Storage decides it: the statements on storage.objects run as the
// caller's role with the caller's JWT claims (as PostgREST runs them), so the RLS policies of the
// migrations apply unchanged. Bucket limits (size, MIME types) are read as superuser, as Storage
// does. Bytes live in local_storage.blobs, a schema PostgREST does not expose and API roles
// cannot read. Beyond hosted Storage, uploads are sniffed: a .jpg that is not a JPEG is refused.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { SignJWT, jwtVerify } from 'jose'
import type { SqlExecutor } from './db.ts'
import { jsonReplacer } from './http-util.ts'
import { jwtSecretKey } from './keys.ts'
import { bearerToken, verifyToken } from './tokens.ts'

/** Runs `fn` inside one transaction on a session nothing else uses meanwhile. */
export type Transaction = <T>(fn: (sql: SqlExecutor) => Promise<T>) => Promise<T>

export interface StorageDeps {
  transaction: Transaction
  log: (msg: string) => void
}

type Handler = (req: IncomingMessage, res: ServerResponse, path: string, url: URL) => Promise<void>

/** Largest body read at all (the bucket's own limit is checked after). */
const MAX_BODY = 50 * 1024 * 1024
const API_ROLES = new Set(['anon', 'authenticated', 'service_role'])

class StorageError extends Error {
  constructor(
    readonly status: number,
    readonly statusCode: string,
    readonly error: string,
    message: string,
  ) {
    super(message)
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, jsonReplacer)
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) })
  res.end(text)
}

/** Storage's error shape: {statusCode, error, message} (storage-js reads all three). */
function sendError(res: ServerResponse, e: StorageError): void {
  send(res, e.status, { statusCode: e.statusCode, error: e.error, message: e.message })
}

const notFound = () => new StorageError(400, '404', 'not_found', 'Object not found')

/** The body, or null when it is larger than `limit` (then read to its end and dropped). */
async function readBuffer(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size <= limit) chunks.push(chunk as Buffer)
  }
  return size > limit ? null : Buffer.concat(chunks)
}

/** What the first bytes say the file is (the types our buckets accept), or null. */
export function sniffMime(b: Uint8Array): string | null {
  const at = (i: number, ...bytes: number[]) => bytes.every((x, k) => b[i + k] === x)
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg'
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png'
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp'
  if (at(0, 0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf'
  if (at(0, 0x47, 0x49, 0x46, 0x38)) return 'image/gif'
  return null
}

const EXT_MIME: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', pdf: 'application/pdf' }

interface Caller {
  role: string
  claims: Record<string, unknown>
  /** Request headers, as Storage hands them to policies (`request.headers`). */
  headers: Record<string, string>
}

/** The caller per its JWT (Authorization, else the apikey header), as Storage resolves it. */
async function callerOf(req: IncomingMessage): Promise<Caller> {
  const key = req.headers.apikey
  const token = bearerToken(req.headers.authorization) ?? (Array.isArray(key) ? key[0] : key) ?? null
  if (!token) throw new StorageError(400, '400', 'Error', "headers must have required property 'authorization'")
  let claims: Record<string, unknown>
  try {
    claims = (await verifyToken(token)) as Record<string, unknown>
  } catch (err) {
    throw new StorageError(400, '403', 'Unauthorized', `invalid signature: ${(err as Error).message}`)
  }
  const role = String(claims.role ?? '')
  if (!API_ROLES.has(role)) throw new StorageError(400, '403', 'Unauthorized', `role ${role} is not allowed`)
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(req.headers)) {
    if (typeof v === 'string' && k !== 'authorization' && k !== 'apikey' && k !== 'cookie') headers[k] = v
  }
  return { role, claims, headers }
}

/** Splits `{bucket}/{path…}`; the path decoded segment by segment. */
function bucketAndPath(rest: string): { bucket: string; name: string } {
  const parts = rest.split('/').filter((p) => p !== '')
  const bucket = decodeURIComponent(parts.shift() ?? '')
  const name = parts.map((p) => decodeURIComponent(p)).join('/')
  if (!bucket || !name) throw new StorageError(400, '400', 'InvalidKey', 'Invalid key: object path is empty')
  if (name.length > 1024 || [...name].some((c) => c.charCodeAt(0) < 0x20) || name.split('/').some((p) => p === '.' || p === '..'))
    throw new StorageError(400, '400', 'InvalidKey', `Invalid key: ${name}`)
  return { bucket, name }
}

/** A Postgres error of a statement run as the caller, in Storage's terms. */
function fromPg(err: unknown): StorageError {
  const e = err as { code?: string; message?: string }
  if (e.code === '42501') {
    return new StorageError(
      403,
      '403',
      'Unauthorized',
      e.message?.includes('row-level security') ? 'new row violates row-level security policy' : String(e.message),
    )
  }
  if (e.code === '23505') return new StorageError(409, '409', 'Duplicate', 'The resource already exists')
  if (e.code === '57014') return new StorageError(504, '504', 'DatabaseTimeout', 'statement timeout')
  return new StorageError(500, '500', 'internal', String(e.message ?? err))
}

export function createStorageRoutes(deps: StorageDeps): Handler {
  /** Runs `fn` as the caller (role + claims + the API's statement timeout), in one transaction. */
  const asCaller = <T>(caller: Caller, fn: (sql: SqlExecutor) => Promise<T>): Promise<T> =>
    deps.transaction(async (sql) => {
      await sql.query(
        `select set_config('request.jwt.claims', $1, true), set_config('request.jwt.claim.sub', $2, true),
        set_config('statement_timeout', $3, true), set_config('request.headers', $5, true), set_config('role', $4, true)`,
        [
          JSON.stringify(caller.claims),
          typeof caller.claims.sub === 'string' ? caller.claims.sub : '',
          caller.role === 'anon' ? '3s' : '8s',
          caller.role,
          JSON.stringify(caller.headers),
        ],
      )
      return fn(sql)
    })

  const bucketOf = async (sql: SqlExecutor, id: string) => {
    const { rows } = await sql.query<{ id: string; public: boolean; file_size_limit: string | null; allowed_mime_types: string[] | null }>(
      'select id, public, file_size_limit, allowed_mime_types from storage.buckets where id = $1',
      [id],
    )
    if (!rows[0]) throw new StorageError(400, '404', 'Bucket not found', 'Bucket not found')
    return rows[0]
  }

  const upload: Handler = async (req, res, rest) => {
    const caller = await callerOf(req)
    const { bucket: bucketId, name } = bucketAndPath(rest)
    if (String(req.headers['x-upsert'] ?? 'false') === 'true') {
      throw new StorageError(400, '400', 'InvalidRequest', 'upsert is not supported by the local Storage subset')
    }
    const bucket = await deps.transaction((sql) => bucketOf(sql, bucketId))
    const limit = bucket.file_size_limit === null ? MAX_BODY : Number(bucket.file_size_limit)
    // Multipart overhead is small; the file itself is measured after parsing.
    const raw = await readBuffer(req, Math.min(MAX_BODY, limit + 64 * 1024))
    if (!raw) throw new StorageError(413, '413', 'Payload too large', 'The object exceeded the maximum allowed size')
    const contentType = String(req.headers['content-type'] ?? 'application/octet-stream')
    let bytes: Buffer = raw
    let mime = contentType.split(';')[0]!.trim().toLowerCase()
    let userMetadata: unknown = null
    if (mime === 'multipart/form-data') {
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData().catch(() => null)
      const file = form ? [...form.values()].find((v): v is File => typeof v !== 'string') : undefined
      if (!form || !file) throw new StorageError(400, '400', 'InvalidRequest', 'multipart body without a file part')
      bytes = Buffer.from(await file.arrayBuffer())
      mime = (file.type || 'application/octet-stream').split(';')[0]!.trim().toLowerCase()
      const meta = form.get('metadata')
      if (typeof meta === 'string') userMetadata = JSON.parse(meta) as unknown
    }
    if (bytes.length === 0) throw new StorageError(400, '400', 'InvalidRequest', 'empty file')
    if (bytes.length > limit) throw new StorageError(413, '413', 'Payload too large', 'The object exceeded the maximum allowed size')
    if (bucket.allowed_mime_types && bucket.allowed_mime_types.length > 0 && !bucket.allowed_mime_types.includes(mime)) {
      throw new StorageError(415, '415', 'invalid_mime_type', `mime type ${mime} is not supported`)
    }
    const sniffed = sniffMime(bytes)
    const ext = (/\.([a-z0-9]+)$/i.exec(name)?.[1] ?? '').toLowerCase()
    if (sniffed !== mime || (EXT_MIME[ext] && EXT_MIME[ext] !== mime)) {
      throw new StorageError(415, '415', 'invalid_mime_type', `content is ${sniffed ?? 'unknown'}, not ${mime} as declared (.${ext})`)
    }
    const now = new Date().toISOString()
    const metadata = {
      eTag: `"${(await import('node:crypto')).createHash('md5').update(bytes).digest('hex')}"`,
      size: bytes.length,
      mimetype: mime,
      cacheControl: 'max-age=3600',
      lastModified: now,
      contentLength: bytes.length,
      httpStatusCode: 200,
    }
    const sub = typeof caller.claims.sub === 'string' ? caller.claims.sub : null
    const id = await asCaller(caller, async (sql) => {
      let row: { id: string } | undefined
      try {
        ;({
          rows: [row],
        } = await sql.query<{ id: string }>(
          `insert into storage.objects (bucket_id, name, owner, owner_id, metadata, user_metadata, version)
           values ($1, $2, $3::uuid, $3, $4::jsonb, $5::jsonb, gen_random_uuid()::text) returning id`,
          [bucketId, name, sub, JSON.stringify(metadata), userMetadata === null ? null : JSON.stringify(userMetadata)],
        ))
      } catch (err) {
        throw fromPg(err)
      }
      await sql.exec('set local role none')
      await sql.query('insert into local_storage.blobs (object_id, data) values ($1, $2)', [row!.id, bytes])
      return row!.id
    })
    send(res, 200, { Key: `${bucketId}/${name}`, Id: id })
  }

  /** The object (as the caller may see it) and its bytes, or null. */
  const fetchObject = async (caller: Caller | null, bucketId: string, name: string): Promise<{ mime: string; data: Buffer } | null> => {
    const run = <T>(fn: (sql: SqlExecutor) => Promise<T>): Promise<T> => (caller ? asCaller(caller, fn) : deps.transaction(fn))
    return run(async (sql) => {
      const { rows } = await sql.query<{ id: string; metadata: { mimetype?: string } | null }>(
        'select id, metadata from storage.objects where bucket_id = $1 and name = $2',
        [bucketId, name],
      )
      if (!rows[0]) return null
      await sql.exec('set local role none')
      const { rows: blobs } = await sql.query<{ data: Uint8Array }>('select data from local_storage.blobs where object_id = $1', [rows[0].id])
      return blobs[0] ? { mime: rows[0].metadata?.mimetype ?? 'application/octet-stream', data: Buffer.from(blobs[0].data) } : null
    })
  }

  const sendFile = (res: ServerResponse, file: { mime: string; data: Buffer }) => {
    res.writeHead(200, { 'Content-Type': file.mime, 'Content-Length': file.data.length, 'Cache-Control': 'private, max-age=3600' })
    res.end(file.data)
  }

  const download: Handler = async (req, res, rest) => {
    const caller = await callerOf(req)
    const { bucket, name } = bucketAndPath(rest.replace(/^authenticated\//, ''))
    const file = await fetchObject(caller, bucket, name).catch((err: unknown) => {
      throw err instanceof StorageError ? err : fromPg(err)
    })
    if (!file) throw notFound()
    sendFile(res, file)
  }

  const signToken = async (bucket: string, name: string, expiresIn: number) => {
    const token = await new SignJWT({ url: `${bucket}/${name}` })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + expiresIn)
      .sign(jwtSecretKey())
    const encoded = `${bucket}/${name}`.split('/').map(encodeURIComponent).join('/')
    return `/object/sign/${encoded}?token=${token}`
  }

  /** One name (`/object/sign/{bucket}/{path}`) or many (`/object/sign/{bucket}`, {paths}). */
  const sign: Handler = async (req, res, rest) => {
    const caller = await callerOf(req)
    const body = (JSON.parse((await readBuffer(req, 256 * 1024))?.toString('utf8') || '{}') ?? {}) as { expiresIn?: unknown; paths?: unknown }
    const expiresIn = Number(body.expiresIn)
    if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > 7 * 24 * 3600) {
      throw new StorageError(400, '400', 'InvalidRequest', 'expiresIn must be 1 … 604800 seconds')
    }
    const batch = !rest.replace(/\/+$/, '').includes('/')
    const bucket = batch ? decodeURIComponent(rest.replace(/\/+$/, '')) : bucketAndPath(rest).bucket
    const names = batch ? (Array.isArray(body.paths) ? body.paths.filter((p): p is string => typeof p === 'string') : []) : [bucketAndPath(rest).name]
    if (names.length === 0 || names.length > 1000) throw new StorageError(400, '400', 'InvalidRequest', 'paths: 1 … 1000 names')
    const seen = await asCaller(caller, (sql) =>
      sql
        .query<{ name: string }>('select name from storage.objects where bucket_id = $1 and name = any($2::text[])', [bucket, names])
        .then((r) => new Set(r.rows.map((x) => x.name))),
    )
    if (!batch) {
      if (!seen.has(names[0]!)) throw notFound()
      return send(res, 200, { signedURL: await signToken(bucket, names[0]!, expiresIn) })
    }
    const out = []
    for (const name of names) {
      out.push(
        seen.has(name)
          ? { error: null, path: name, signedURL: await signToken(bucket, name, expiresIn) }
          : { error: 'Either the object does not exist or you do not have access to it', path: name, signedURL: null },
      )
    }
    send(res, 200, out)
  }

  const signed: Handler = async (_req, res, rest, url) => {
    const { bucket, name } = bucketAndPath(rest)
    let claims: Record<string, unknown>
    try {
      claims = (await jwtVerify(url.searchParams.get('token') ?? '', jwtSecretKey(), { algorithms: ['HS256'] })).payload as Record<string, unknown>
    } catch (err) {
      throw new StorageError(400, '400', 'InvalidJWT', `invalid signature: ${(err as Error).message}`)
    }
    if (claims.url !== `${bucket}/${name}`) throw new StorageError(400, '400', 'InvalidSignature', 'The url do not match the signature')
    const file = await fetchObject(null, bucket, name)
    if (!file) throw notFound()
    sendFile(res, file)
  }

  const remove: Handler = async (req, res, rest) => {
    const caller = await callerOf(req)
    const bucket = decodeURIComponent(rest.replace(/\/+$/, ''))
    const body = (JSON.parse((await readBuffer(req, 256 * 1024))?.toString('utf8') || '{}') ?? {}) as { prefixes?: unknown }
    const names = Array.isArray(body.prefixes) ? body.prefixes.filter((p): p is string => typeof p === 'string') : []
    if (names.length === 0 || names.length > 1000) throw new StorageError(400, '400', 'InvalidRequest', 'prefixes: 1 … 1000 names')
    const rows = await asCaller(caller, (sql) =>
      sql
        .query('delete from storage.objects where bucket_id = $1 and name = any($2::text[]) returning *', [bucket, names])
        .then((r) => r.rows)
        .catch((err: unknown) => {
          throw fromPg(err)
        }),
    )
    send(res, 200, rows)
  }

  const list: Handler = async (req, res, rest) => {
    const caller = await callerOf(req)
    const bucket = decodeURIComponent(rest.replace(/\/+$/, ''))
    const body = (JSON.parse((await readBuffer(req, 64 * 1024))?.toString('utf8') || '{}') ?? {}) as { prefix?: unknown; limit?: unknown; offset?: unknown }
    const prefix = typeof body.prefix === 'string' ? body.prefix.replace(/^\/+|\/+$/g, '') : ''
    const limit = Math.min(1000, Math.max(1, Number(body.limit) || 100))
    const offset = Math.max(0, Number(body.offset) || 0)
    const like = prefix ? `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}/%` : '%'
    const rows = await asCaller(caller, (sql) =>
      sql
        .query<{ name: string; id: string; updated_at: string; created_at: string; last_accessed_at: string; metadata: unknown }>(
          `select substr(name, $3) as name, id, updated_at, created_at, last_accessed_at, metadata
           from storage.objects where bucket_id = $1 and name like $2 order by name limit 10000`,
          [bucket, like, prefix ? prefix.length + 2 : 1],
        )
        .then((r) => r.rows),
    )
    // Storage lists one level: deeper names fold into a folder entry (id null).
    const out: unknown[] = []
    const folders = new Set<string>()
    for (const r of rows) {
      const slash = r.name.indexOf('/')
      if (slash < 0) out.push(r)
      else if (!folders.has(r.name.slice(0, slash))) {
        folders.add(r.name.slice(0, slash))
        out.push({ name: r.name.slice(0, slash), id: null, updated_at: null, created_at: null, last_accessed_at: null, metadata: null })
      }
    }
    send(res, 200, out.slice(offset, offset + limit))
  }

  const routes: Array<[method: string, prefix: string, handler: Handler]> = [
    ['POST', '/object/sign/', sign],
    ['GET', '/object/sign/', signed],
    ['POST', '/object/list/', list],
    ['GET', '/object/', download],
    ['POST', '/object/', upload],
    ['DELETE', '/object/', remove],
  ]

  return async (req, res, path, url) => {
    const route = routes.find(([method, prefix]) => method === req.method && path.startsWith(prefix))
    try {
      if (!route) throw new StorageError(404, '404', 'not_found', `${req.method} ${path} is not served by the local Storage subset`)
      await route[2](req, res, path.slice(route[1].length), url)
    } catch (err) {
      if (!(err instanceof StorageError)) deps.log(`[storage] ${req.method} ${path}: ${(err as Error).stack ?? err}`)
      const e = err instanceof StorageError ? err : new StorageError(500, '500', 'internal', 'local storage error')
      if (!res.headersSent) sendError(res, e)
      else res.destroy()
    }
  }
}

/** The local-only table of bytes (never exposed: PostgREST serves schema public only). Made only
 * where the migrations made storage.objects: a stack started on other migrations (the parity
 * tests' own schema) has no Storage, and its storage requests fail with "does not exist". */
export const BLOBS_DDL = `
do $$
begin
  if to_regclass('storage.objects') is not null then
    create schema if not exists local_storage;
    revoke all on schema local_storage from public;
    create table if not exists local_storage.blobs (
      object_id uuid primary key references storage.objects (id) on delete cascade,
      data bytea not null
    );
    revoke all on local_storage.blobs from public;
  end if;
end
$$;`
