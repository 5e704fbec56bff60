// The clock behind live layers: every `tickMs` it asks the screen to refresh (the viewport
// loader's `refresh` decides which layers are due), never while the previous tick's refresh is
// still running, and not at all while the tab is hidden; when the tab shows again it ticks at once.
export interface LiveRefreshOptions {
  /** refresh what is due; may be async (the next tick waits for it) */
  refresh: () => unknown
  tickMs?: number
  /** the page's visibility (document by default) */
  doc?: Pick<Document, 'hidden' | 'addEventListener' | 'removeEventListener'>
  setInterval?: (fn: () => void, ms: number) => unknown
  clearInterval?: (id: unknown) => void
}

/** Starts the clock; returns its stop. */
export function startLiveRefresh(o: LiveRefreshOptions): () => void {
  const doc = o.doc ?? (typeof document !== 'undefined' ? document : undefined)
  const setI = o.setInterval ?? ((fn: () => void, ms: number) => setInterval(fn, ms))
  const clearI = o.clearInterval ?? ((id: unknown) => clearInterval(id as ReturnType<typeof setInterval>))
  let running = false
  let stopped = false
  const tick = () => {
    if (stopped || running || doc?.hidden) return
    running = true
    Promise.resolve()
      .then(() => o.refresh())
      .catch((e: unknown) => console.warn('[live refresh]', (e as Error)?.message ?? e))
      .finally(() => {
        running = false
      })
  }
  const onVisible = () => {
    if (!doc?.hidden) tick()
  }
  const id = setI(tick, o.tickMs ?? 1000)
  doc?.addEventListener('visibilitychange', onVisible)
  return () => {
    stopped = true
    clearI(id)
    doc?.removeEventListener('visibilitychange', onVisible)
  }
}
