// Where the stack finds its inputs, independent of the caller's working directory.
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** supabase/local */
export const LOCAL_DIR = dirname(fileURLToPath(import.meta.url))
/** The repository root (holds package.json, vite.config.ts, .data/). */
export const REPO_ROOT = resolve(LOCAL_DIR, '../..')
export const BOOTSTRAP_SQL = resolve(LOCAL_DIR, 'bootstrap.sql')
export const MIGRATIONS_DIR = resolve(REPO_ROOT, 'supabase/migrations')
/** The demo-data loader other modules own; optional at run time. */
export const SEED_LOADER = resolve(REPO_ROOT, 'supabase/seed/load.ts')
/** Default PGlite data folder (git-ignored through `.data/`). */
export const DEFAULT_DATA_DIR = resolve(REPO_ROOT, '.data/pglite')
