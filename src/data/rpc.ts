// One RPC call through supabase-js: abortable, optionally past the local gateway's short shared
// response cache, and the database's refusal turned into an error that keeps PostgREST's status
// and SQLSTATE (the screens show the message word for word).
import { supabase } from './client.ts'

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message)
  }
}

export interface RpcOptions {
  signal?: AbortSignal
  /** ask past the gateway's shared cache (supabase/local/response-cache.ts), e.g. right after a change */
  fresh?: boolean
  /** the database's message alone, without the function's name in front (text shown to people as is) */
  bare?: boolean
  /** the error class a module throws (default ApiError) */
  makeError?: (message: string, status: number, code: string | undefined) => Error
}

export async function rpcCall<T>(fn: string, args: Record<string, unknown>, o: RpcOptions = {}): Promise<T> {
  let q = supabase().rpc(fn, args)
  if (o.signal) q = q.abortSignal(o.signal)
  if (o.fresh) q = q.setHeader('Cache-Control', 'no-cache')
  const { data, error, status } = await q
  if (error) {
    const message = o.bare ? error.message : `${fn}: ${error.message}`
    throw o.makeError ? o.makeError(message, status, error.code) : new ApiError(message, status, error.code)
  }
  return data as T
}
