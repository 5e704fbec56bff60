// Small HTTP helpers shared by the gateway's own routes.
import type { IncomingMessage, ServerResponse } from 'node:http'

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body, jsonReplacer)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  })
  res.end(text)
}

/** JSON for database values: bigint as string (as node-postgres returns int8), bytea as
 * PostgREST shows it (`\x…` hex). Dates go through their own toJSON (ISO 8601). */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString()
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`
  // Buffer has its own toJSON ({type, data}) that runs before the replacer sees it.
  if (value && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data)) {
    return `\\x${Buffer.from((value as { data: number[] }).data).toString('hex')}`
  }
  return value
}

/** The request body (at most `limit` bytes). */
export async function readBody(req: IncomingMessage, limit = 64 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) throw new Error('request body too large')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** A JSON or form-encoded body as an object ({} when empty). */
export async function readParams(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBody(req, 1024 * 1024)
  if (!text.trim()) return {}
  if ((req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text))
  }
  const parsed: unknown = JSON.parse(text)
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {}
}
