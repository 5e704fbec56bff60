import { describe, expect, it } from 'vitest'
import { transactionMs } from '../../test/bench/wire.ts'

// bench:map reads the database's share of a request from PostgREST's Server-Timing header.
describe('transactionMs (PostgREST Server-Timing)', () => {
  it('reads the transaction phase, not another one', () => {
    const h = 'jwt;dur=0.3, parse;dur=0.1, plan;dur=0.2, transaction;dur=71.4, response;dur=2.5'
    expect(transactionMs(h)).toBe(71.4)
    expect(transactionMs('transaction;dur=12')).toBe(12)
  })
  it('is undefined without the header or the phase', () => {
    expect(transactionMs(null)).toBeUndefined()
    expect(transactionMs('jwt;dur=0.3, response;dur=2.5')).toBeUndefined()
    expect(transactionMs('pretransaction;dur=9')).toBeUndefined()
  })
})
