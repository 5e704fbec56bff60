// The built app for browser tests: `vite build` pointed at the stack under test, served by
// `vite preview` on loopback. Built once per test run (in the stack project's global setup).
import { build, preview, type PreviewServer } from 'vite'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface AppServer {
  url: string
  stop(): Promise<void>
}

export async function buildAndServeApp(opts: { supabaseUrl: string; anonKey: string; port: number }): Promise<AppServer> {
  const outDir = await mkdtemp(join(tmpdir(), 'onemap-e2e-'))
  const saved = { url: process.env.VITE_SUPABASE_URL, key: process.env.VITE_SUPABASE_ANON_KEY }
  // Vite reads VITE_* from the environment at build time.
  process.env.VITE_SUPABASE_URL = opts.supabaseUrl
  process.env.VITE_SUPABASE_ANON_KEY = opts.anonKey
  const t0 = Date.now()
  try {
    await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: false } })
  } finally {
    if (saved.url === undefined) delete process.env.VITE_SUPABASE_URL
    else process.env.VITE_SUPABASE_URL = saved.url
    if (saved.key === undefined) delete process.env.VITE_SUPABASE_ANON_KEY
    else process.env.VITE_SUPABASE_ANON_KEY = saved.key
  }
  const server: PreviewServer = await preview({
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: opts.port, strictPort: true },
  })
  const url = `http://127.0.0.1:${opts.port}`
  console.log(`[test app] built in ${((Date.now() - t0) / 1000).toFixed(1)} s, serving ${url}`)
  return {
    url,
    async stop() {
      await server.close()
      await rm(outDir, { recursive: true, force: true })
    },
  }
}
