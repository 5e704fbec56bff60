// A shared/exclusive lock between PostgREST traffic and in-process SQL on PGlite.
//
// Why: PGlite is one backend session. pglite-socket queues the wire-protocol messages of its
// clients one by one, so in-process queries (or a second client) can land between PostgREST's
// Parse and Bind, or inside PostgREST's BEGIN…COMMIT, where they would run as PostgREST's
// current role or destroy its unnamed statement. Every request the gateway sends to PostgREST
// holds the gate shared; in-process SQL holds it exclusively, so it only runs while PostgREST
// is idle. Writers are preferred so a steady stream of requests cannot starve setup SQL.

/** How long exclusive SQL waits for a session that is still inside a transaction before it runs anyway. */
const IDLE_WAIT_MS = 30_000

export class Gate {
  /**
   * @param busy whether the shared session is inside a transaction block now (PGlite's
   * isInTransaction). A request whose client went away releases its shared hold at once, while
   * PostgREST still runs its BEGIN…COMMIT: an exclusive holder then waits for that to end, or its
   * SQL would land inside the transaction (an e2e page closed mid-load, then the test's SQL: 25P02).
   */
  constructor(
    private readonly busy: () => boolean = () => false,
    private readonly log: (msg: string) => void = () => {},
  ) {}

  private readers = 0
  private writer = false
  private waitingWriters: Array<() => void> = []
  private waitingReaders: Array<() => void> = []

  async shared<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquireShared()
    try {
      return await fn()
    } finally {
      release()
    }
  }

  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquireExclusive()
    try {
      await this.untilIdle()
      return await fn()
    } finally {
      this.releaseExclusive()
    }
  }

  /** Resolves to a release function, for holders whose end is an event (a proxied response). */
  acquireShared(): Promise<() => void> {
    const grant = (): (() => void) => {
      this.readers++
      let released = false
      return () => {
        if (released) return
        released = true
        this.readers--
        this.wake()
      }
    }
    if (!this.writer && this.waitingWriters.length === 0) return Promise.resolve(grant())
    return new Promise((resolve) => this.waitingReaders.push(() => resolve(grant())))
  }

  private acquireExclusive(): Promise<void> {
    if (!this.writer && this.readers === 0) {
      this.writer = true
      return Promise.resolve()
    }
    return new Promise((resolve) =>
      this.waitingWriters.push(() => {
        this.writer = true
        resolve()
      }),
    )
  }

  private async untilIdle(): Promise<void> {
    const t0 = Date.now()
    while (this.busy() && Date.now() < t0 + IDLE_WAIT_MS) await new Promise((resolve) => setTimeout(resolve, 2))
    const waited = Date.now() - t0
    if (waited >= 1000)
      this.log(`[gate] superuser SQL waited ${waited} ms for the session to leave a transaction${this.busy() ? ' (still inside one: ran anyway)' : ''}`)
  }

  private releaseExclusive(): void {
    this.writer = false
    this.wake()
  }

  private wake(): void {
    if (this.writer) return
    if (this.waitingWriters.length > 0) {
      if (this.readers === 0) this.waitingWriters.shift()!()
      return
    }
    const readers = this.waitingReaders.splice(0)
    for (const r of readers) r()
  }
}
