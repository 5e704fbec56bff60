// The database handle the loader needs: the stack's own type (supabase/local/db.ts), which
// both the PGlite backend and a thin wrapper over a pg.Client satisfy.
export type { SqlExecutor } from '../local/db.ts'
