// The wall's live feed as the client asks it (wall_changes), shared by src/data and the load
// benchmark's request mix.

/** Steps of wall_changes' `since` (ms). */
export const SINCE_STEP_MS = 2000

/**
 * A watermark floored to a whole step, so that the walls polling at the same moment ask the same
 * question and the gateway's shared cache (supabase/local/response-cache.ts) answers them once.
 * Nothing is lost: an earlier `since` only re-reads more (wall_changes itself re-reads 5 s before
 * it) and the wall drops what it has already seen by key.
 */
export function sharedSince(since: string): string {
  const t = Date.parse(since)
  if (Number.isNaN(t)) return since // the server says what is wrong with it
  return new Date(Math.floor(t / SINCE_STEP_MS) * SINCE_STEP_MS).toISOString()
}
