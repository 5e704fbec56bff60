// "Latest wins": each new request aborts the previous one of the same key, and a response that
// arrives after a newer request started is discarded (resolves to undefined).
export class LatestRequests {
  private controllers = new Map<string, AbortController>()
  private seq = new Map<string, number>()

  async run<T>(key: string, fn: (signal: AbortSignal) => Promise<T>): Promise<{ value: T } | undefined> {
    this.controllers.get(key)?.abort()
    const ctrl = new AbortController()
    this.controllers.set(key, ctrl)
    const n = (this.seq.get(key) ?? 0) + 1
    this.seq.set(key, n)
    try {
      const value = await fn(ctrl.signal)
      if (this.seq.get(key) !== n || ctrl.signal.aborted) return undefined
      return { value }
    } catch (e) {
      if (this.seq.get(key) !== n || ctrl.signal.aborted || isAbortError(e)) return undefined
      throw e
    } finally {
      if (this.controllers.get(key) === ctrl) this.controllers.delete(key)
    }
  }

  abort(key: string): void {
    this.controllers.get(key)?.abort()
    this.controllers.delete(key)
    this.seq.set(key, (this.seq.get(key) ?? 0) + 1)
  }

  abortAll(): void {
    for (const key of [...this.controllers.keys()]) this.abort(key)
  }

  pending(key: string): boolean {
    return this.controllers.has(key)
  }
}

export function isAbortError(e: unknown): boolean {
  return (
    (e instanceof DOMException && e.name === 'AbortError') ||
    (typeof e === 'object' &&
      e !== null &&
      ((e as { name?: string }).name === 'AbortError' || /abort/i.test(String((e as { message?: string }).message ?? ''))))
  )
}

export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): ((...args: A) => void) & { cancel(): void; flush(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined
  let lastArgs: A | undefined
  const d = (...args: A) => {
    lastArgs = args
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = undefined
      fn(...(lastArgs as A))
    }, ms)
  }
  d.cancel = () => {
    if (timer) clearTimeout(timer)
    timer = undefined
  }
  d.flush = () => {
    if (timer) {
      clearTimeout(timer)
      timer = undefined
      fn(...(lastArgs as A))
    }
  }
  return d
}

/**
 * At most `max` requests in flight, first come first served. The local stack's PostgREST has a
 * pool of one connection (PGlite) and gives up on a request that waits 10 s for it, so a burst
 * of slow map queries is fed to it a few at a time instead of all at once. A request aborted
 * while queued never starts.
 */
export class Limiter {
  private active = 0
  private queue: (() => void)[] = []

  constructor(private max: number) {}

  /** `urgent` requests (a click, a search) go to the front of the queue. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal, urgent = false): Promise<T> {
    if (this.active >= this.max) {
      await new Promise<void>((resolve, reject) => {
        const go = () => {
          signal?.removeEventListener('abort', onAbort)
          resolve()
        }
        const onAbort = () => {
          const i = this.queue.indexOf(go)
          if (i >= 0) this.queue.splice(i, 1)
          reject(new DOMException('aborted while queued', 'AbortError'))
        }
        if (signal?.aborted) return onAbort()
        signal?.addEventListener('abort', onAbort, { once: true })
        if (urgent) this.queue.unshift(go)
        else this.queue.push(go)
      })
    }
    this.active++
    try {
      return await fn()
    } finally {
      this.active--
      this.queue.shift()?.()
    }
  }

  get pending(): number {
    return this.active + this.queue.length
  }
}

/** Transient failures worth one more try: gateway timeouts and PostgREST's pool timeout. */
export function isTransient(status: number | undefined, message = ''): boolean {
  return status === 502 || status === 503 || status === 504 || /connection pool|Timed out acquiring/i.test(message)
}
