// First-run demo data: calls the generator in supabase/seed/load.ts (owned elsewhere) when the
// schema has `public.areas` and it is still empty. A missing loader is a warning, not an error,
// so the stack works before (or without) the generator.
import { access } from 'node:fs/promises'
import { pathToFileURL } from 'node:url'
import { SEED_LOADER } from './paths.ts'
import type { SqlExecutor } from './db.ts'

export interface SeedOptions {
  seed: number
  scale: number
}

/** The loader's contract. */
export type LoadDemo = (db: SqlExecutor, opts: { seed: number; scale: number; log?: (msg: string) => void }) => Promise<void>

export type SeedOutcome = 'seeded' | 'already-seeded' | 'no-areas-table' | 'no-loader'

export async function seedIfEmpty(db: SqlExecutor, opts: SeedOptions, log: (msg: string) => void, loaderPath: string = SEED_LOADER): Promise<SeedOutcome> {
  const { rows } = await db.query<{ present: boolean }>("select to_regclass('public.areas') is not null as present")
  if (!rows[0]?.present) {
    log('[seed] no table public.areas yet (migrations pending?): skipping demo data')
    return 'no-areas-table'
  }
  const { rows: any } = await db.query<{ has: boolean }>('select exists (select from public.areas) as has')
  if (any[0]?.has) return 'already-seeded'

  try {
    await access(loaderPath)
  } catch {
    log(`[seed] WARNING: ${loaderPath} not found: starting without demo data`)
    return 'no-loader'
  }
  // Present but broken (syntax error, wrong export) is a real error: let it surface.
  const mod = (await import(pathToFileURL(loaderPath).href)) as { loadDemo?: LoadDemo }
  if (typeof mod.loadDemo !== 'function') {
    throw new Error(`${loaderPath} does not export a function loadDemo(db, opts)`)
  }
  // One transaction around the whole load: a failure leaves the tables empty, so the next start
  // retries instead of keeping half a city. (The loader therefore must not commit itself.)
  await db.exec('begin')
  try {
    await mod.loadDemo(db, { seed: opts.seed, scale: opts.scale, log })
    // Demo evidence photos (issue 21): bytes in the local Storage stand-in, so only here, not in seed.sql.
    const evidenceLoader = new URL('./evidence.ts', pathToFileURL(loaderPath))
    if (
      await access(evidenceLoader).then(
        () => true,
        () => false,
      )
    ) {
      const ev = (await import(evidenceLoader.href)) as {
        loadDemoEvidence?: (db: SqlExecutor, o: { seed: number; log?: (m: string) => void }) => Promise<number>
      }
      await ev.loadDemoEvidence?.(db, { seed: opts.seed, log })
    }
    // Monitoring (issue 17): demo channels with a first reading each, once its migration is there.
    const { rows: mon } = await db.query<{ n: number | null }>("select case when to_regprocedure('app.monitoring_seed_demo()') is not null then 1 end as n")
    if (mon[0]?.n) await db.query('select app.monitoring_seed_demo()')
    // Dangerous-goods vehicles (issue 19): a first fix each, once its migration is there.
    if ((await db.query<{ n: number | null }>("select case when to_regprocedure('app.vehicle_seed_demo()') is not null then 1 end as n")).rows[0]?.n)
      await db.query('select app.vehicle_seed_demo()')
    await db.exec('commit')
  } catch (err) {
    await db.exec('rollback').catch(() => {})
    throw err
  }
  return 'seeded'
}
