// The local PostgREST caps responses at 1,000 rows as hosted Supabase does (supabase/config.toml
// max_rows; PGRST_DB_MAX_ROWS in supabase/local/postgrest.ts): a plain select of a bigger table
// gets the first 1,000 and the exact count, and the next page comes with Range. So code that
// would silently rely on more fails here first, not on the hosted project.
import { describe, expect, it } from 'vitest'
import { anonClient, useStack } from '../helpers/stack.ts'

useStack()

describe('max rows per response', () => {
  it('caps a plain select at 1,000 rows, with the exact count, and pages with Range', async () => {
    const all = await anonClient().from('areas').select('code', { count: 'exact' }).order('code')
    expect(all.error).toBeNull()
    expect(all.count, 'the test city has more than 1,000 areas').toBeGreaterThan(1000)
    expect(all.data).toHaveLength(1000)
    const next = await anonClient().from('areas').select('code').order('code').range(1000, 1999)
    expect(next.error).toBeNull()
    expect(next.data!.length).toBe(Math.min(1000, all.count! - 1000))
    expect(next.data![0]!.code > all.data![999]!.code).toBe(true)
  })
})
