// Benchmark of the import page's verdict map (npm run bench:verdict-map [-- --sizes 10k,100k]).
//
// Issue 14 asks that a 100,000-row file stays responsive. The dry run draws every placed row on
// the verdict map (src/features/import/VerdictMap.tsx: one deck.gl ScatterplotLayer from binary
// attributes). This builds a small page (test/bench/verdict/page) around that component, and in
// headless Chromium (1920×1080, SwiftShader: no GPU here, so every figure is CPU-bound and far
// slower than a real screen) it times, for each size, on a fresh page each:
//   empty    the same map with no rows (the floor: basemap and districts only)
//   ours     VerdictMap with N rows
//   geojson  the same N rows as one MapLibre GeoJSON source + circle layer (the usual way; baseline)
// "ready": mount → the first idle map with the dots drawn; then the camera moves every animation
// frame for --move-seconds (a circle of ~15 km while zooming 8.5 → 11.5 → 8.5) and the interval
// between drawn frames is summarised (median, p95, max, fps). Finally a click on a lone known row
// must open its card with its Excel row number (exit 1 on a wrong row; no card in 3 × 30 s is
// printed as such): the map at N rows still answers.
// Times are printed, never asserted. JSON: test-results/bench-verdict-map.json.
//
// Options: --sizes 10k,100k --move-seconds 6 --seed 42 --out … --max-minutes 20
import { mkdir, writeFile } from 'node:fs/promises'
import { cpus, loadavg } from 'node:os'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { Browser } from 'playwright-core'
import preact from '@preact/preset-vite'
import { REPO_ROOT } from '../../supabase/local/paths.ts'
import { launchBrowser } from '../helpers/browser.ts'
import { Cleanup } from './cleanup.ts'
import { buildAndServe } from './vite-page.ts'
import { MARKER_ROW, type VerdictMode, type VerdictRunOptions, type VerdictRunResult } from './verdict/protocol.ts'

const t0Run = performance.now()
const log = (m: string): void => console.log(`${((performance.now() - t0Run) / 1000).toFixed(0).padStart(4)}s ${m}`)

function parseCount(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(s.trim().replace(/[_,]/g, ''))
  if (!m) throw new Error(`bad size "${s}" (use e.g. 1000, 10k, 1m)`)
  return Math.round(Number(m[1]) * { '': 1, k: 1e3, m: 1e6 }[m[2]!.toLowerCase() as '' | 'k' | 'm'])
}

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10k,100k' },
    'move-seconds': { type: 'string', default: '6' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string', default: 'test-results/bench-verdict-map.json' },
    'max-minutes': { type: 'string', default: '20' },
  },
})
const sizes = args.sizes.split(',').map(parseCount)
const moveMs = Number(args['move-seconds']) * 1000
const seed = Number(args.seed)
/** a move lasts until this many frames are drawn too (software GL draws 100,000 dots slowly) */
const MIN_FRAMES = 5
/** seconds to wait for the card after each of three clicks */
const CLICK_WAIT_S = 30

/** Main-thread JavaScript in a V8 CPU profile, in ms: every sample but idle time and native
 * code ("(program)": here mostly waiting on the GPU process, which SwiftShader keeps busy). */
function scriptMs(profile: { nodes: { id: number; callFrame: { functionName: string } }[]; samples?: number[]; timeDeltas?: number[] }): number {
  const name = new Map(profile.nodes.map((n) => [n.id, n.callFrame.functionName]))
  let us = 0
  ;(profile.samples ?? []).forEach((id, i) => {
    const f = name.get(id)
    if (f !== '(program)' && f !== '(idle)') us += profile.timeDeltas?.[i] ?? 0
  })
  return us / 1000
}

/** One mode at one size on a fresh page; for ours, a click on the lone marker row must name it. */
async function measure(browser: Browser, url: string, mode: VerdictMode, points: number): Promise<VerdictRunResult> {
  const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
  try {
    const tab = await ctx.newPage()
    tab.on('pageerror', (e) => log(`[page error] ${e.message}`))
    await tab.goto(url)
    await tab.waitForFunction(() => typeof window.verdictBench?.mount === 'function')
    const opts: VerdictRunOptions = { mode, points, seed, moveMs }
    const readyMs = await tab.evaluate((o) => window.verdictBench!.mount(o), opts)
    const cdp = await ctx.newCDPSession(tab)
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.start')
    const frames = await tab.evaluate(([t, n]) => window.verdictBench!.move(t, n), [moveMs, MIN_FRAMES] as const)
    const { profile } = await cdp.send('Profiler.stop')
    const result: VerdictRunResult = {
      mode,
      points: mode === 'empty' ? 0 : points,
      readyMs,
      frames,
      scriptMsPerFrame: scriptMs(profile) / Math.max(1, frames.frames),
      pickedRow: null,
      expectedRow: mode === 'ours' ? MARKER_ROW : null,
    }
    if (mode === 'ours') {
      // the lone marker row in the middle: click there (again while the picking frame is not drawn yet), read its card
      await tab.evaluate(() => window.verdictBench!.showMarker())
      const box = (await tab.getByTestId('import-verdict-map').boundingBox())!
      const pop = tab.getByTestId('import-verdict-pop')
      for (let attempt = 0; attempt < 3 && !(await pop.count()); attempt++) {
        await tab.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
        await pop.waitFor({ timeout: CLICK_WAIT_S * 1000 }).catch(() => undefined)
      }
      const text = (await pop.count()) ? await pop.locator('b').innerText() : ''
      const row = /\d+/.exec(text)
      result.pickedRow = row ? Number(row[0]) : null
    }
    return result
  } finally {
    await ctx.close()
  }
}

const ms = (x: number) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(2) : x.toFixed(1)) : '—')

async function main(): Promise<void> {
  const cleanup = new Cleanup(log)
  cleanup.installSignalHandlers()
  const hardStop = setTimeout(
    () => {
      log(`--max-minutes ${args['max-minutes']} reached: stopping`)
      void cleanup.run().finally(() => process.exit(3))
    },
    Number(args['max-minutes']) * 60_000,
  )
  hardStop.unref()
  let failed = false
  try {
    log(`[bench] verdict map: sizes ${sizes.map((n) => n.toLocaleString('en')).join(', ')}; ${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(2)}`)
    const page = await buildAndServe(resolve(dirname(fileURLToPath(import.meta.url)), 'verdict/page'), { plugins: [preact()] })
    cleanup.add('page server', () => page.close())
    const browser = await launchBrowser()
    cleanup.add('browser', () => browser.close())
    log(`[browser] Chromium ${browser.version()} (headless, SwiftShader), page ${page.url}`)
    const results: (VerdictRunResult & { load: number })[] = []
    const floor = await measure(browser, page.url, 'empty', 0)
    results.push({ ...floor, load: loadavg()[0]! })
    for (const n of sizes)
      for (const mode of ['ours', 'geojson'] as const) {
        log(`[run] ${mode} ${n.toLocaleString('en')} rows…`)
        const r = await measure(browser, page.url, mode, n)
        results.push({ ...r, load: loadavg()[0]! })
        // a wrong row is a defect (exit 1); no card within the waits is a figure (software GL is slow)
        if (mode === 'ours' && r.pickedRow !== null && r.pickedRow !== r.expectedRow) {
          failed = true
          log(`[check] FAILED: the click on row ${r.expectedRow} opened row ${r.pickedRow}`)
        }
      }
    console.log(`\nframe interval while the camera moves (${moveMs / 1000} s), ms — SwiftShader, ${cpus().length} CPUs`)
    console.log(
      `  ${'mode'.padEnd(8)} ${'rows'.padStart(9)} ${'ready'.padStart(9)} ${'frames'.padStart(7)} ${'median'.padStart(8)} ${'p95'.padStart(8)} ${'max'.padStart(8)} ${'fps'.padStart(6)} ${'js/frame'.padStart(9)}  load  vs floor`,
    )
    for (const r of results) {
      const vs = r.mode === 'empty' ? '' : `×${(r.frames.median / floor.frames.median).toFixed(2)}`
      const check =
        r.mode === 'ours'
          ? r.pickedRow === r.expectedRow
            ? '  click → its row ✓'
            : r.pickedRow === null
              ? `  click: no card in ${CLICK_WAIT_S * 3} s`
              : '  click → WRONG row'
          : ''
      console.log(
        `  ${r.mode.padEnd(8)} ${r.points.toLocaleString('en').padStart(9)} ${ms(r.readyMs).padStart(9)} ${String(r.frames.frames).padStart(7)} ${ms(r.frames.median).padStart(8)} ${ms(r.frames.p95).padStart(8)} ${ms(r.frames.max).padStart(8)} ${r.frames.fps.toFixed(1).padStart(6)} ${ms(r.scriptMsPerFrame).padStart(9)}  ${r.load.toFixed(1).padStart(4)}  ${vs}${check}`,
      )
    }
    for (const n of sizes) {
      const o = results.find((r) => r.mode === 'ours' && r.points === n)!
      const g = results.find((r) => r.mode === 'geojson' && r.points === n)!
      console.log(
        `  ${n.toLocaleString('en')} rows: ready ours ${ms(o.readyMs)} vs GeoJSON ${ms(g.readyMs)} ms (×${(g.readyMs / o.readyMs).toFixed(1)}); frame median ${ms(o.frames.median)} vs ${ms(g.frames.median)} ms; main-thread JS per frame ${ms(o.scriptMsPerFrame)} vs ${ms(g.scriptMsPerFrame)} ms`,
      )
    }
    const out = resolve(REPO_ROOT, args.out)
    await mkdir(dirname(out), { recursive: true })
    await writeFile(out, JSON.stringify({ at: new Date().toISOString(), cpus: cpus().length, moveMs, seed, results }, null, 2))
    log(`[out] ${out}`)
  } finally {
    await cleanup.run()
  }
  process.exit(failed ? 1 : 0)
}

main().catch((e: Error) => {
  console.error(e.stack ?? e.message)
  process.exit(1)
})
