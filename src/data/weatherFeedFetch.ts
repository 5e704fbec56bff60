// One read of a weather feed: fetch with a timeout, then the wall's own parser (src/domain/
// weatherFeed.ts), or the failure in words. Shared by the wall (reader 'browser') and the
// server-side reader (supabase/local/weather-reader.ts), so both say the same things. No client,
// no DOM: it runs in the browser and in Node.
import { feedHttpError, parseFeed, type FeedFormat, type FeedReading, type Words } from '../domain/weatherFeed.ts'

export const FEED_FETCH_TIMEOUT_MS = 10_000

export async function fetchFeed(
  url: string,
  format: FeedFormat,
  opts: { fetchImpl?: typeof fetch; init?: RequestInit; unreachable: (e: Error) => Words },
): Promise<{ reading: FeedReading } | { error: Words }> {
  const ctl = new AbortController()
  const timer = setTimeout(() => ctl.abort(), FEED_FETCH_TIMEOUT_MS)
  try {
    const res = await (opts.fetchImpl ?? fetch)(url, { ...opts.init, signal: ctl.signal, headers: { Accept: 'application/json' } })
    if (!res.ok) return { error: feedHttpError(format, res.status, await res.text().catch(() => '')) }
    const r = parseFeed(format, await res.text(), new Date(), url)
    return 'ok' in r ? { reading: r.ok } : { error: r.error }
  } catch (e) {
    return {
      error:
        (e as Error).name === 'AbortError'
          ? { zh: `气象源 ${FEED_FETCH_TIMEOUT_MS / 1000} 秒内未应答`, en: `the feed did not answer within ${FEED_FETCH_TIMEOUT_MS / 1000} s` }
          : opts.unreachable(e as Error),
    }
  } finally {
    clearTimeout(timer)
  }
}
