// Headless Chromium (Debian's, SwiftShader WebGL) driving the bench page, one fresh browser
// context per measurement so that no heap, cache or GPU state carries over. A tab that crashes
// (the GeoJSON baseline at 1M points is expected to) or never draws is reported as such, not
// thrown: the rest of the run goes on.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import type { RunOptions, RunResult } from './page/protocol.ts'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Flags known to work on these machines (no GPU, no sandbox as root), plus what the
 * measurements need: gc() in the page, unrounded performance.memory, and a prompt
 * measureUserAgentSpecificMemory (otherwise it waits for a natural GC, up to ~20 s). */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--js-flags=--expose-gc',
  '--enable-precise-memory-info',
  '--enable-blink-features=ForceEagerMeasureMemory',
  // Timers and rAF of a headless page must not be throttled while we time them.
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
]

export const VIEWPORT = { width: 1920, height: 1080 } as const

export type BrowserOutcome = { ok: true; result: RunResult } | { ok: false; failure: 'crashed' | 'timed out' | 'error'; message: string; afterMs: number }

export interface BenchBrowser {
  version: string
  run(pageUrl: string, opts: RunOptions): Promise<BrowserOutcome>
  close(): Promise<void>
}

/** `p`, or `fallback` after `ms`; the timer is cleared either way (a pending timer would keep
 * Node alive long after the run). */
async function withTimeout<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([p, new Promise<T>((r) => (timer = setTimeout(() => r(fallback), ms)))])
  } finally {
    clearTimeout(timer)
  }
}

export async function launchBrowser(log: (m: string) => void): Promise<BenchBrowser> {
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS, timeout: 60_000 })
  const version = browser.version()
  log(`[browser] Chromium ${version} (headless, SwiftShader)`)

  return {
    version,
    async run(pageUrl, opts) {
      const t0 = Date.now()
      let context: BrowserContext
      let page: Page
      try {
        context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 })
        page = await context.newPage()
      } catch (err) {
        // The browser itself is gone (it should not be, but a run must not die of it).
        return { ok: false, failure: 'error', message: `no page: ${(err as Error).message.split('\n')[0]}`, afterMs: Date.now() - t0 }
      }
      const consoleErrors: string[] = []
      page.on('console', (m) => {
        if (m.type() === 'error' && consoleErrors.length < 5) consoleErrors.push(m.text().slice(0, 300))
      })
      page.on('pageerror', (e) => {
        if (consoleErrors.length < 5) consoleErrors.push(e.message.slice(0, 300))
      })
      let crashed = false
      const crash = new Promise<'crash'>((r) =>
        page.once('crash', () => {
          crashed = true
          r('crash')
        }),
      )
      try {
        await page.goto(pageUrl, { waitUntil: 'load', timeout: 60_000 })
        await page.waitForFunction(() => typeof window.bench?.run === 'function', undefined, { timeout: 30_000 })
        // The page enforces opts.timeoutMs itself; this outer limit catches a hung renderer.
        const outcome = await withTimeout<RunResult | 'crash' | 'hung'>(
          Promise.race([page.evaluate((o) => window.bench.run(o), opts), crash]),
          opts.timeoutMs + 60_000,
          'hung',
        )
        if (outcome === 'crash') return { ok: false, failure: 'crashed', message: 'renderer process crashed (out of memory?)', afterMs: Date.now() - t0 }
        if (outcome === 'hung') return { ok: false, failure: 'timed out', message: 'page stopped answering', afterMs: Date.now() - t0 }
        return { ok: true, result: outcome }
      } catch (err) {
        const message = (err as Error).message.split('\n')[0]!
        if (crashed || /crash/i.test(message)) return { ok: false, failure: 'crashed', message, afterMs: Date.now() - t0 }
        const timedOut = /no first frame within/.test(message)
        return {
          ok: false,
          failure: timedOut ? 'timed out' : 'error',
          message: consoleErrors.length ? `${message} | console: ${consoleErrors.join(' | ')}` : message,
          afterMs: Date.now() - t0,
        }
      } finally {
        // A crashed or wedged page may not close cleanly: bounded.
        await withTimeout(
          context.close().catch(() => {}),
          15_000,
          undefined,
        )
      }
    },
    async close() {
      await withTimeout(
        browser.close().catch(() => {}),
        15_000,
        undefined,
      )
    },
  }
}
