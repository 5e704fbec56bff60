// Screenshots of the one-map page for a human to look at (not assertions).
//   node --import tsx test/e2e/screenshots.ts [baseUrl]     (default http://127.0.0.1:5173)
// Writes test-results/onemap-*.png and prints the page's load figures and console errors.
import { chromium, type Page } from 'playwright-core'
import { mkdir } from 'node:fs/promises'

const base = process.argv[2] ?? process.env.BASE_URL ?? 'http://127.0.0.1:5173'
const out = 'test-results'
const only = process.env.SHOTS?.split(',')

async function waitReady(page: Page, timeout = 60_000) {
  await page.waitForFunction(() => window.__onemap?.ready === true, undefined, { timeout })
}

async function settle(page: Page, ms = 600) {
  // wait for pending loads (status bar spinner gone) and a couple of frames
  await page
    .waitForFunction(
      () =>
        !document.querySelector('[data-testid="status-loading"]') &&
        !document.querySelector('.layer-row .spinner') &&
        window.__onemap?.controller.store.get().countsStatus !== 'loading',
      undefined,
      { timeout: 60_000 },
    )
    .catch(() => undefined)
  await page.waitForTimeout(ms)
}

async function shot(page: Page, name: string) {
  if (only && !only.some((o) => name.includes(o))) return
  await settle(page)
  await page.screenshot({ path: `${out}/onemap-${name}.png` })
  const stats = await page.evaluate(() => ({
    lastLoad: window.__onemap?.lastLoad,
    frames: window.__onemap?.drawnFrame,
    zoom: (window.__onemap?.map as { getZoom(): number } | undefined)?.getZoom(),
    errors: window.__onemap?.controller.store.get().layerError,
    heapMB: Math.round(((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 1048576),
  }))
  const loads = Object.entries(stats.lastLoad ?? {})
    .map(([k, v]) => `${k} ${v.records}r/${Math.round(v.bytes / 1024)}kB/${v.ms}ms`)
    .join(', ')
  console.log(
    `${name}: zoom ${stats.zoom?.toFixed(2)} heap ${stats.heapMB} MB frames ${stats.frames} | ${loads}${Object.keys(stats.errors ?? {}).length ? ` | ERRORS ${JSON.stringify(stats.errors)}` : ''}`,
  )
}

async function clickLngLat(page: Page, lngLat: [number, number]) {
  const xy = await page.evaluate((ll) => {
    const map = window.__onemap!.map as { project(ll: [number, number]): { x: number; y: number }; getCanvas(): HTMLCanvasElement }
    const p = map.project(ll)
    const r = map.getCanvas().getBoundingClientRect()
    return { x: r.left + p.x, y: r.top + p.y }
  }, lngLat)
  await page.mouse.click(xy.x, xy.y)
  const t0 = Date.now()
  await page.waitForFunction(
    () => {
      const el = document.querySelector('[data-testid="detail-card"]')
      return el && el.getAttribute('data-status') !== 'loading'
    },
    undefined,
    { timeout: 60_000 },
  )
  console.log(`  click → card in ${Date.now() - t0} ms`)
}

async function jumpTo(page: Page, center: [number, number], zoom: number) {
  await page.evaluate(([c, z]) => (window.__onemap!.map as { jumpTo(o: object): void }).jumpTo({ center: c, zoom: z }), [center, zoom] as const)
  await page.waitForTimeout(400)
}

async function main() {
  await mkdir(out, { recursive: true })
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  })
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1, locale: 'zh-CN' })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`[${m.type()}] ${m.text()}`)
  })
  page.on('pageerror', (e) => errors.push(`[pageerror] ${e.message}`))

  const t0 = Date.now()
  await page.goto(base)
  await waitReady(page)
  console.log(`public view ready in ${Date.now() - t0} ms`)
  await shot(page, 'public-zh')

  // click the most important public risk point
  const pub = await page.evaluate(() => window.__onemap!.controller.samplePoint('risk_points'))
  if (pub) {
    await clickLngLat(page, pub)
    await shot(page, 'public-detail')
    await page.click('[data-testid="detail-close"]')
  }

  await page.click('[data-testid="lang-toggle"]')
  await shot(page, 'public-en')
  await page.click('[data-testid="lang-toggle"]')

  // sign in as the command centre
  await page.click('[data-testid="signin-open"]')
  await page.fill('[data-testid="signin-email"]', 'command@demo.yizhangtu.cn')
  await page.fill('[data-testid="signin-password"]', 'Demo-2026!')
  await shot(page, 'signin-form')
  await page.click('[data-testid="signin-submit"]')
  await page.waitForSelector('[data-testid="session-role"]', { timeout: 20_000 })
  await page.waitForFunction(() => !!window.__onemap?.lastLoad?.hidden_dangers, undefined, { timeout: 60_000 })
  await shot(page, 'command-city')

  await page.click('[data-testid="toggle-protective_targets"]')
  await page.waitForFunction(() => !!window.__onemap?.lastLoad?.protective_targets, undefined, { timeout: 60_000 })
  await shot(page, 'command-city-targets')
  await page.click('[data-testid="toggle-protective_targets"]')

  const hz = await page.evaluate(() => window.__onemap!.controller.sampleFeature('hazard_sources'))
  if (hz) {
    await jumpTo(page, [hz.lon, hz.lat], 13)
    await shot(page, 'command-z13')
    await clickLngLat(page, [hz.lon, hz.lat])
    await shot(page, 'command-hazard-detail')
    await page.click('[data-testid="detail-close"]')
    await jumpTo(page, [hz.lon, hz.lat], 15.5)
    await shot(page, 'command-z15')
  }
  const rp = await page.evaluate(() => window.__onemap!.controller.samplePoint('risk_points'))
  if (rp) {
    await clickLngLat(page, rp)
    await shot(page, 'command-risk-detail')
    await page.click('[data-testid="detail-close"]')
  }
  const hd = await page.evaluate(() => window.__onemap!.controller.samplePoint('hidden_dangers'))
  if (hd) {
    await jumpTo(page, hd, 15)
    await clickLngLat(page, hd)
    await shot(page, 'command-danger-detail')
    await page.click('[data-testid="detail-close"]')
  }

  // filters: only red + orange, one district
  await page.evaluate(() => {
    const b = window.__onemap!.map as { fitBounds(b: number[][], o: object): void }
    void b
  })
  await page.click('[data-testid="filter-level-3"]')
  await page.click('[data-testid="filter-level-4"]')
  const firstArea = await page.$eval('[data-testid="filter-area"] option:nth-child(2)', (o) => (o as HTMLOptionElement).value).catch(() => null)
  if (firstArea) await page.selectOption('[data-testid="filter-area"]', firstArea)
  await page.waitForTimeout(1200)
  await shot(page, 'command-filtered')

  // search
  await page.click('[data-testid="filter-reset"]')
  await page.fill('[data-testid="search-input"]', '化')
  await page.waitForSelector('[data-testid="search-hit"]', { timeout: 10_000 }).catch(() => undefined)
  await shot(page, 'command-search')

  await page.click('[data-testid="lang-toggle"]')
  await shot(page, 'command-en')
  await page.click('[data-testid="lang-toggle"]')

  // sign out: back to the public view; then the enterprise user (RLS: its own sites only)
  await page.click('[data-testid="signout"]')
  await page.waitForSelector('[data-testid="signin-open"]', { timeout: 20_000 })
  await page.click('[data-testid="signin-open"]')
  await page.click('[data-testid="demo-user-enterprise"]')
  await page.click('[data-testid="signin-submit"]')
  await page.waitForSelector('[data-testid="session-role"][data-role="enterprise"]', { timeout: 20_000 })
  await page.evaluate(() => {
    const m = window.__onemap!.map as { fitBounds(b: number[][], o: object): void }
    const b = window.__onemap!.controller.store.get().dataset?.bbox
    if (b)
      m.fitBounds(
        [
          [b[0], b[1]],
          [b[2], b[3]],
        ],
        { padding: 40, animate: false },
      )
  })
  await page.waitForTimeout(1500)
  await shot(page, 'enterprise-city')

  console.log(`\n${errors.length} console errors/warnings`)
  for (const e of errors.slice(0, 30)) console.log(e)
  await browser.close()
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
