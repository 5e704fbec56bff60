// A shared/exclusive lock between PostgREST traffic and in-process SQL on PGlite.
//
// Why: PGlite is one backend session. pglite-socket queues the wire-protocol messages of its
// clients one by one, so in-process queries (or a second client) can land between PostgREST's
// Parse and Bind, or inside PostgREST's BEGIN…COMMIT, where they would run as PostgREST's
// current role or destroy its unnamed statement. Every request the gateway sends to PostgREST
// holds the gate shared; in-process SQL holds it exclusively, so it only runs while PostgREST
// is idle. Writers are preferred so a steady stream of requests cannot starve setup SQL.

export class Gate {
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
