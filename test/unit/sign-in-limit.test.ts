// The sign-in limiter's policy on a fake clock: lock after 5 failures, doubling but never longer
// than 5 minutes, a correct password resets, the per-address limit is looser and per address.
import { describe, it, expect } from 'vitest'
import { createSignInLimiter, DEFAULT_SIGN_IN_LIMITS } from '../../supabase/local/sign-in-limit.ts'

function limiter() {
  let t = 1_000_000
  const l = createSignInLimiter({ now: () => t })
  return {
    l,
    advance: (ms: number) => {
      t += ms
    },
  }
}

describe('sign-in limiter', () => {
  it('locks an account after 5 failures in a row, for 60 s', () => {
    const { l, advance } = limiter()
    for (let i = 0; i < 4; i++) l.failed('A@x.cn', '10.0.0.1')
    expect(l.check('a@x.cn', '10.0.0.1')).toBeNull()
    l.failed(' a@X.cn ', '10.0.0.2')
    expect(l.check('a@x.cn', '10.0.0.3')).toEqual({ retryAfterS: 60, scope: 'account' })
    expect(l.check('b@x.cn', '10.0.0.1')).toBeNull() // other accounts are not affected
    advance(59_000)
    expect(l.check('a@x.cn', '10.0.0.1')?.retryAfterS).toBe(1)
    advance(1_000)
    expect(l.check('a@x.cn', '10.0.0.1')).toBeNull()
  })

  it('doubles the lock per further round of failures, capped at 5 minutes', () => {
    const { l, advance } = limiter()
    const locks: number[] = []
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 5; i++) l.failed('demo@x.cn', `10.0.${round}.${i}`)
      const b = l.check('demo@x.cn', '10.9.9.9')!
      locks.push(b.retryAfterS)
      advance(b.retryAfterS * 1000)
    }
    expect(locks).toEqual([60, 120, 240, 300, 300, 300])
    expect(Math.max(...locks)).toBeLessThanOrEqual(DEFAULT_SIGN_IN_LIMITS.accountMaxLockMs / 1000)
  })

  it('a correct password forgets the streak; an old streak is forgotten after 15 minutes', () => {
    const { l, advance } = limiter()
    for (let i = 0; i < 4; i++) l.failed('c@x.cn', '10.0.0.1')
    l.succeeded('c@x.cn')
    l.failed('c@x.cn', '10.0.0.1')
    expect(l.check('c@x.cn', '10.0.0.4')).toBeNull()
    for (let i = 0; i < 3; i++) l.failed('c@x.cn', '10.0.0.1')
    advance(16 * 60_000)
    l.failed('c@x.cn', '10.0.0.1')
    expect(l.check('c@x.cn', '10.0.0.4')).toBeNull()
  })

  it('blocks one address after 30 failures over many accounts, not other addresses', () => {
    const { l, advance } = limiter()
    for (let i = 0; i < 29; i++) l.failed(`guess${i}@x.cn`, '10.6.6.6')
    expect(l.check('someone@x.cn', '10.6.6.6')).toBeNull()
    l.failed('guess29@x.cn', '10.6.6.6')
    expect(l.check('someone@x.cn', '10.6.6.6')).toEqual({ retryAfterS: 300, scope: 'address' })
    expect(l.check('someone@x.cn', '10.7.7.7')).toBeNull()
    advance(300_000)
    expect(l.check('someone@x.cn', '10.6.6.6')).toBeNull()
  })

  it('keeps memory bounded under a flood of made-up accounts', () => {
    let t = 0
    const l = createSignInLimiter({ now: () => t, maxEntries: 100 })
    for (let i = 0; i < 1000; i++) {
      t += 1
      l.failed(`x${i}@x.cn`, `10.1.${i >> 8}.${i & 255}`)
    }
    for (let i = 0; i < 5; i++) l.failed('last@x.cn', '10.2.0.1')
    expect(l.check('last@x.cn', '10.2.0.2')?.scope).toBe('account')
  })
})
