// Builds the bench page (test/bench/page) with Vite into a temp folder and serves it on
// 127.0.0.1. A production build, not the dev server: the browser then times the same minified
// bundles the app ships, with no on-demand transforms in the measurement.
//
// The page is served cross-origin isolated (COOP + COEP) because that is what lets Chromium
// answer performance.measureUserAgentSpecificMemory(), the one web API that counts the memory of
// MapLibre's workers too (the GeoJSON baseline keeps most of its data there). The API is another
// origin; its CORS headers are all a COEP page needs for fetch().
import { createReadStream } from 'node:fs'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const PAGE_ROOT = resolve(fileURLToPath(import.meta.url), '../page')

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
}

export interface PageServer {
  url: string
  buildMs: number
  close(): Promise<void>
}

export async function buildAndServePage(log: (m: string) => void): Promise<PageServer> {
  const outDir = await mkdtemp(join(tmpdir(), 'bench-page-'))
  let server: Server | null = null
  const close = async (): Promise<void> => {
    if (server) await new Promise<void>((r) => server!.close(() => r()))
    server = null
    await rm(outDir, { recursive: true, force: true }).catch(() => {})
  }
  try {
    const t0 = performance.now()
    // Imported lazily: Vite is only needed for this step.
    const { build } = await import('vite')
    await build({
      root: PAGE_ROOT,
      configFile: false, // not the app's vite.config.ts (its Preact plugin and chunking are not needed)
      logLevel: 'warn',
      base: './',
      build: { outDir, emptyOutDir: true, target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 5000, reportCompressedSize: false },
    })
    const buildMs = Math.round(performance.now() - t0)

    server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
      const file = normalize(join(outDir, path === '/' ? 'index.html' : path))
      if (!file.startsWith(outDir + sep)) {
        res.writeHead(403).end()
        return
      }
      stat(file).then(
        (s) => {
          if (!s.isFile()) throw new Error('not a file')
          res.writeHead(200, {
            'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
            'Content-Length': s.size,
            'Cross-Origin-Opener-Policy': 'same-origin',
            'Cross-Origin-Embedder-Policy': 'require-corp',
            'Cache-Control': 'no-store',
          })
          createReadStream(file).pipe(res)
        },
        () => res.writeHead(404).end(),
      )
    })
    const srv = server
    await new Promise<void>((r, reject) => {
      srv.once('error', reject)
      srv.listen(0, '127.0.0.1', () => r())
    })
    const url = `http://127.0.0.1:${(srv.address() as { port: number }).port}/`
    log(`[page] built in ${(buildMs / 1000).toFixed(1)} s, served at ${url}`)
    return { url, buildMs, close }
  } catch (err) {
    await close()
    throw err
  }
}
