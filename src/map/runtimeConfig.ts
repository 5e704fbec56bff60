// The deployment's runtime configuration: an optional `config.json` next to index.html, read once
// at start, so one build serves many cities (each host drops its own file beside the app). It may
// set the basemap list (same forms as VITE_BASEMAP), the Tianditu key and the glyph server of a
// PMTiles vector basemap; each overrides the build-time VITE_* value. A missing, unreadable or
// malformed file is ignored (the build's values stand); a bad field is left out with a warning.
// Only the deployment's own origin can serve it (the URL is fixed), and every basemap URL in it
// goes through the same parsing as VITE_BASEMAP (http(s) or same-site relative only).

export interface RuntimeConfig {
  basemap?: string
  tiandituKey?: string
  /** a glyph URL template ({fontstack}/{range}) or "none" */
  glyphs?: string
}

export interface ParsedRuntimeConfig {
  config: RuntimeConfig
  warnings: string[]
}

const MAX = 4000

/** The fields this app reads, checked (pure). */
export function parseRuntimeConfig(json: unknown): ParsedRuntimeConfig {
  const warnings: string[] = []
  const config: RuntimeConfig = {}
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { config, warnings: ['config.json is not an object; ignored'] }
  const o = json as Record<string, unknown>
  if ('basemap' in o) {
    if (typeof o.basemap === 'string' && o.basemap.length <= MAX) config.basemap = o.basemap
    else warnings.push(`config.json basemap must be a string of at most ${MAX} characters; ignored`)
  }
  if ('tiandituKey' in o) {
    if (typeof o.tiandituKey === 'string' && /^[A-Za-z0-9]{8,64}$/.test(o.tiandituKey)) config.tiandituKey = o.tiandituKey
    else warnings.push('config.json tiandituKey must be 8–64 letters and digits; ignored')
  }
  if ('glyphs' in o) {
    const g = o.glyphs
    if (
      typeof g === 'string' &&
      (g === 'none' || ((/^https?:\/\/[^/]/i.test(g) || (g.startsWith('/') && !g.startsWith('//'))) && g.includes('{range}') && g.length <= 500))
    )
      config.glyphs = g
    else warnings.push('config.json glyphs must be "none" or an http(s)/relative URL with {fontstack} and {range}; ignored')
  }
  return { config, warnings }
}

let loaded: Promise<RuntimeConfig> | null = null

/** config.json, fetched once per page (1.5 s at most; any failure: no runtime configuration). */
export function loadRuntimeConfig(timeoutMs = 1500): Promise<RuntimeConfig> {
  if (!loaded) loaded = fetchConfig(timeoutMs)
  return loaded
}

async function fetchConfig(timeoutMs: number): Promise<RuntimeConfig> {
  if (typeof globalThis.fetch !== 'function' || typeof location === 'undefined') return {}
  const env = (import.meta as { env?: Record<string, string | undefined> }).env ?? {}
  const base = env.BASE_URL ?? '/'
  const ctrl = new AbortController()
  const timer = setTimeout(() => ctrl.abort(), timeoutMs)
  try {
    // the deployment's own settings file (a static asset), never our data
    // eslint-disable-next-line no-restricted-globals
    const res = await fetch(new URL(`${base.replace(/\/?$/, '/')}config.json`, location.origin).href, { signal: ctrl.signal, cache: 'no-cache' })
    // absent (404), or the host's index.html answering for every path: no runtime configuration
    if (!res.ok || !/json/i.test(res.headers.get('content-type') ?? '')) return {}
    const { config, warnings } = parseRuntimeConfig(await res.json())
    for (const w of warnings) console.warn(w)
    return config
  } catch {
    return {}
  } finally {
    clearTimeout(timer)
  }
}
