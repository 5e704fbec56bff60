// Which requests the gateway's response cache shares, passes through, or treats as writes (a
// write drops the writer's cached answers). The behaviour through the real stack is in
// test/db/response-cache.test.ts.
import { describe, expect, it } from 'vitest'
import { CACHED_RPCS, READ_ONLY_RPCS, classify } from '../../supabase/local/response-cache.ts'

describe('response cache: classify', () => {
  it('shares the listed read RPCs (GET or POST) and the dangers list view (GET)', () => {
    expect(classify('POST', '/rpc/wall_summary')).toBe('cached')
    expect(classify('POST', '/rpc/wall_changes')).toBe('cached')
    expect(classify('GET', '/rpc/public_layer_counts')).toBe('cached')
    expect(classify('GET', '/hidden_danger_list')).toBe('cached')
    expect(classify('HEAD', '/rpc/wall_summary')).toBe('read')
  })
  it('passes other reads through uncached, and never treats them as writes', () => {
    expect(classify('POST', '/rpc/feature_card')).toBe('read')
    expect(classify('GET', '/risk_points')).toBe('read')
    expect(classify('GET', '/rpc/anything')).toBe('read')
  })
  it('treats every other POST, PATCH, DELETE as a write', () => {
    expect(classify('POST', '/rpc/transition_hidden_danger')).toBe('write')
    expect(classify('POST', '/rpc/report_hidden_danger')).toBe('write')
    expect(classify('PATCH', '/risk_points')).toBe('write')
    expect(classify('DELETE', '/hidden_danger_list')).toBe('write')
    expect(classify('POST', '/hidden_dangers')).toBe('write')
  })
  it('no function is both shared and merely read-only', () => {
    for (const fn of CACHED_RPCS) expect(READ_ONLY_RPCS.has(fn)).toBe(false)
  })
})
