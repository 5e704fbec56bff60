// Everything the benchmark starts (postgres, the stack, Chromium, the page server) is registered
// here and stopped in reverse order exactly once: at the end, on an error, or on Ctrl-C /
// SIGTERM. Each step is bounded in time, so a wedged child cannot keep the run alive. (The
// children are also started through spawnTied / Playwright, which kill them if Node dies hard.)
export class Cleanup {
  private steps: Array<{ name: string; fn: () => Promise<unknown> }> = []
  private running: Promise<void> | null = null

  constructor(
    private readonly log: (m: string) => void,
    private readonly stepTimeoutMs = 20_000,
  ) {}

  add(name: string, fn: () => Promise<unknown>): void {
    this.steps.push({ name, fn })
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      while (this.steps.length) {
        const { name, fn } = this.steps.pop()!
        let timer: NodeJS.Timeout | undefined
        const outcome = await Promise.race([
          fn().then(
            () => 'ok' as const,
            (err: unknown) => err as Error,
          ),
          new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), this.stepTimeoutMs))),
        ])
        clearTimeout(timer)
        if (outcome === 'timeout') this.log(`[cleanup] ${name}: still stopping after ${this.stepTimeoutMs / 1000} s, moving on`)
        else if (outcome !== 'ok') this.log(`[cleanup] ${name}: ${outcome.message}`)
      }
    })()
    return this.running
  }

  /** Ctrl-C / SIGTERM: clean up, then exit with the conventional code. A second signal exits at once. */
  installSignalHandlers(): void {
    const onSignal = (signal: NodeJS.Signals, code: number): void => {
      if (this.running) process.exit(code)
      this.log(`\n[bench] ${signal}: cleaning up…`)
      void this.run().finally(() => process.exit(code))
    }
    process.on('SIGINT', () => onSignal('SIGINT', 130))
    process.on('SIGTERM', () => onSignal('SIGTERM', 143))
  }
}
