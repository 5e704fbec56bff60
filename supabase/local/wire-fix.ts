// Works around a PGlite 0.5 wire-protocol bug that breaks PostgREST on any SQL error.
//
// Postgres sends ReadyForQuery ('Z') only after Sync (extended protocol) or a simple Query.
// PGlite, fed one extended-protocol message at a time by pglite-socket, also sends one right
// after an ErrorResponse to Parse/Bind/Describe/Execute, and then another for the Sync. libpq
// (inside PostgREST) counts two ReadyForQuery for one Sync as a desynchronised connection:
// PostgREST answers 503 "Database client error. Retrying the connection." instead of the real
// error (e.g. 42501 permission denied → 401/403) and reconnects. node-postgres happens to
// tolerate the extra message, which is why plain pg clients don't show it.
//
// The fix is a view of the PGlite instance for the socket server whose execProtocolRawStream
// drops 'Z' messages from the output of any message other than Query, Sync, FunctionCall or
// the startup packet, i.e. exactly where Postgres never sends one. The same view also keeps
// pglite-socket from crashing on a late socket close after PGlite was closed.
import type { PGlite } from '@electric-sql/pglite'

const READY_FOR_QUERY = 0x5a // 'Z'
/** Extended-protocol messages that never get a ReadyForQuery of their own. */
const EXTENDED = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]) // P B D E C H

/** Forwards backend messages to `onRawData` minus any ReadyForQuery, across arbitrary chunking. */
export function readyForQueryStripper(onRawData: (data: Uint8Array) => void): (chunk: Uint8Array) => void {
  let carry: Uint8Array | null = null // an incomplete 5-byte message header
  let pass = 0 // bytes of the current message still to forward
  let drop = 0 // bytes of the current message still to drop
  return (input: Uint8Array) => {
    let chunk = input
    if (carry) {
      chunk = new Uint8Array(carry.length + input.length)
      chunk.set(carry)
      chunk.set(input, carry.length)
      carry = null
    }
    let i = 0
    let runStart = 0
    const flush = (end: number): void => {
      if (end > runStart) onRawData(chunk.subarray(runStart, end))
    }
    while (i < chunk.length) {
      if (pass > 0) {
        const n = Math.min(pass, chunk.length - i)
        i += n
        pass -= n
        continue
      }
      if (drop > 0) {
        const n = Math.min(drop, chunk.length - i)
        i += n
        drop -= n
        runStart = i
        continue
      }
      if (chunk.length - i < 5) {
        flush(i)
        // Copy: the chunk may be a view of WebAssembly memory that PGlite reuses.
        carry = chunk.slice(i)
        runStart = chunk.length
        break
      }
      const length = 1 + ((chunk[i + 1]! << 24) | (chunk[i + 2]! << 16) | (chunk[i + 3]! << 8) | chunk[i + 4]!)
      if (chunk[i] === READY_FOR_QUERY) {
        flush(i)
        drop = length
        runStart = i
      } else {
        pass = length
      }
    }
    flush(chunk.length)
  }
}

/** The PGlite instance as pglite-socket's server should see it. */
export function withWireProtocolFix(pg: PGlite): PGlite {
  return new Proxy(pg, {
    get(target, prop) {
      if (prop === 'execProtocolRawStream') {
        return (message: Uint8Array, options: Parameters<PGlite['execProtocolRawStream']>[1]) => {
          const onRawData = options?.onRawData
          if (!onRawData || message.length === 0 || !EXTENDED.has(message[0]!)) {
            return target.execProtocolRawStream(message, options)
          }
          return target.execProtocolRawStream(message, { ...options, onRawData: readyForQueryStripper(onRawData) })
        }
      }
      if (prop === 'exec') {
        // pglite-socket rolls back the open transaction of a connection that closes, from the
        // socket's close handler, and nobody awaits it: a failure there (seen: "stack depth limit
        // exceeded" on ROLLBACK under a long test run) was an unhandled rejection that left the one
        // session inside an aborted transaction, failing every later request. Retry it on a fresh
        // turn of the event loop, and say so, instead.
        return async (query: string, options?: Parameters<PGlite['exec']>[1]) => {
          if (query.trim().toUpperCase() !== 'ROLLBACK') return target.exec(query, options)
          for (let attempt = 1; ; attempt++) {
            try {
              return await target.exec(query, options)
            } catch (e) {
              if (target.closed || !target.isInTransaction() || attempt >= 5) {
                console.error(`[pglite] ROLLBACK after a closed connection failed (attempt ${attempt}): ${(e as Error).message}`)
                return []
              }
              await new Promise((r) => setTimeout(r, 20 * attempt))
            }
          }
        }
      }
      if (prop === 'isInTransaction') {
        // pglite-socket asks this from socket 'close' handlers that can fire after PGlite is
        // closed, where the real method throws (an uncaught exception that kills the process).
        return () => !target.closed && target.isInTransaction()
      }
      // PGlite keeps state in #private fields: methods must run with the real instance as this.
      const value: unknown = Reflect.get(target, prop, target)
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
    },
  })
}
