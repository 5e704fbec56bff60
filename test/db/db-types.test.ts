// src/contract/dbTypes.ts is generated from the migrated schema (supabase/local/gen-types.ts);
// regenerated here from the test database, it must equal the committed file, so a migration
// that changes a table, view, enum or row-returning RPC fails until the types follow.
import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { DB_TYPES_FILE, generateDbTypes } from '../../supabase/local/gen-types.ts'
import { sql, useStack } from '../helpers/stack.ts'

useStack()

describe('generated row types (src/contract/dbTypes.ts)', () => {
  it('match the migrated schema', async () => {
    const committed = await readFile(DB_TYPES_FILE, 'utf8')
    const generated = await generateDbTypes(sql())
    expect(generated === committed, 'src/contract/dbTypes.ts is out of date with supabase/migrations: run npm run gen:types and commit the result').toBe(true)
  })

  it('cover every table, view and enum of public', async () => {
    const generated = await generateDbTypes(sql())
    const { rows } = await sql().query<{ name: string }>(
      `select relname as name from pg_class where relnamespace = 'public'::regnamespace and relkind in ('r', 'v')
       union all select typname from pg_type where typnamespace = 'public'::regnamespace and typtype = 'e'`,
    )
    expect(rows.length).toBeGreaterThan(40)
    for (const { name } of rows) expect(generated, name).toMatch(new RegExp(`^  ${name}: `, 'm'))
  })
})
