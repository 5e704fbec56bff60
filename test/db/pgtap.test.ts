// The pgTAP files of supabase/tests (what `supabase test db` runs), in npm test: on PGlite in an
// in-process database of its own with the migrations applied (pgTAP must be loaded when PGlite
// starts, so the shared test stack cannot run them), and on native PostgreSQL 15 against the
// parity run's database (DATABASE_URL; Debian's postgresql-15-pgtap). Each file runs as one
// script, in its own transaction that it rolls back; a file fails with its TAP failure lines.
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { PGlite } from '@electric-sql/pglite'
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto'
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist'
import { postgis } from '@electric-sql/pglite-postgis'
import { pgtap } from '@electric-sql/pglite-pgtap'
import { applyBootstrap, applyMigrations } from '../../supabase/local/migrate.ts'
import { REPO_ROOT } from '../../supabase/local/paths.ts'

const TESTS_DIR = join(REPO_ROOT, 'supabase/tests')
const files = (await readdir(TESTS_DIR)).filter((f) => f.endsWith('.sql')).sort()

/** Runs a script, returning the text of every row of every result (pgTAP's output is rows). */
type RunScript = (sql: string) => Promise<string[]>

let run: RunScript
let close: () => Promise<void> = async () => {}

const rowsText = (rows: Record<string, unknown>[]): string[] => rows.flatMap((r) => Object.values(r).map((v) => String(v)))

beforeAll(async () => {
  if (process.env.DATABASE_URL) {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL })
    await client.connect()
    run = async (sql) => {
      const result = (await client.query(sql)) as unknown as pg.QueryResult | pg.QueryResult[]
      return (Array.isArray(result) ? result : [result]).flatMap((r) => rowsText(r.rows ?? []))
    }
    close = () => client.end()
  } else {
    const db = await PGlite.create('memory://', { extensions: { postgis, pgcrypto, btree_gist, pgtap } })
    const exec = {
      query: async (q: string, p?: unknown[]) => ({ rows: (await db.query(q, p as unknown[])).rows as never[] }),
      exec: async (q: string) => void (await db.exec(q)),
    }
    await applyBootstrap(exec)
    await applyMigrations(exec)
    run = async (sql) => (await db.exec(sql)).flatMap((r) => rowsText(r.rows as Record<string, unknown>[]))
    close = () => db.close()
  }
}, 300_000)

afterAll(async () => {
  await close()
})

/** The TAP lines that say something failed: `not ok`, its diagnostics, and a plan not met. */
function tapFailures(lines: string[]): string[] {
  const text = lines.join('\n').split('\n')
  const plan = text.find((l) => /^1\.\.\d+$/.test(l))
  const failures = text.filter((l) => /^not ok\b/.test(l) || /^#\s/.test(l))
  if (!plan) failures.push('no TAP plan (1..N) in the output')
  const okCount = text.filter((l) => /^(not )?ok \d+/.test(l)).length
  if (plan && okCount !== Number(plan.slice(3))) failures.push(`planned ${plan.slice(3)} tests, ran ${okCount}`)
  return failures
}

describe('pgTAP (supabase/tests)', () => {
  it('has test files', () => {
    expect(files.length).toBeGreaterThan(0)
  })

  it('reads failures out of TAP output', () => {
    expect(tapFailures(['1..2', 'ok 1 - a', 'ok 2 - b'])).toEqual([])
    expect(tapFailures(['1..2', 'ok 1 - a', 'not ok 2 - b\n# Failed test 2: "b"'])).toEqual(['not ok 2 - b', '# Failed test 2: "b"'])
    expect(tapFailures(['1..3', 'ok 1 - a'])).toEqual(['planned 3 tests, ran 1'])
  })

  for (const file of files) {
    it(
      file,
      async () => {
        const lines = await run(await readFile(join(TESTS_DIR, file), 'utf8'))
        expect(tapFailures(lines).join('\n'), `TAP failures in supabase/tests/${file}`).toBe('')
      },
      120_000,
    )
  }
})
