// The local gateway hides a key given as the `apikey` URL parameter from PostgREST (as Kong's
// key-auth with hide_credentials does), keeping the rest of the query byte for byte.
import { describe, it, expect } from 'vitest'
import { withoutApiKeyParam } from '../../supabase/local/gateway.ts'

describe('withoutApiKeyParam', () => {
  it('drops apikey parameters and keeps the others as sent', () => {
    expect(withoutApiKeyParam('?apikey=abc')).toBe('')
    expect(withoutApiKeyParam('')).toBe('')
    expect(withoutApiKeyParam('?select=id,name&apikey=abc&name=ilike.*%E6%B1%9F*')).toBe('?select=id,name&name=ilike.*%E6%B1%9F*')
    expect(withoutApiKeyParam('?or=(a.eq.1,b.eq.2)&apikey')).toBe('?or=(a.eq.1,b.eq.2)')
    expect(withoutApiKeyParam('?apikeys=1&xapikey=2')).toBe('?apikeys=1&xapikey=2')
  })
})
