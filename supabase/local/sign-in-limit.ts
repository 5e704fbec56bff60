// Password-guessing limits for POST /auth/v1/token?grant_type=password (the local GoTrue subset).
//
// Two limits, both counting FAILED sign-ins only (a correct password resets the account's count):
//   - per account: after `accountFailures` failures in a row the account answers 429 for
//     `accountLockMs`, doubling with each further failed round, at most `accountMaxLockMs`
//     (5 minutes by default: a demo user is never locked out for longer);
//   - per client address, looser: `addressFailures` failures within `addressWindowMs` block
//     that address (any account) for `addressLockMs`; other addresses are not affected, so one
//     guesser cannot lock everybody out of a shared account by address, nor out of the service.
// While blocked, the password is not checked at all (so a 429 reveals nothing about it).
// Hand-written rather than a library (rate-limiter-flexible would fit): the whole policy is
// these ~100 lines, in memory, and the local stack is one process (a restart forgets the counts).
// Hosted Supabase Auth applies its own rate limits (per IP address, set in the dashboard under
// Authentication → Rate Limits), not this module.

export interface SignInLimitOptions {
  accountFailures: number
  accountLockMs: number
  accountMaxLockMs: number
  /** A streak of failures older than this is forgotten. */
  accountWindowMs: number
  addressFailures: number
  addressWindowMs: number
  addressLockMs: number
  /** Entries kept at most (memory bound under a flood of made-up e-mail addresses). */
  maxEntries: number
  now: () => number
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimitOptions = {
  accountFailures: 5,
  accountLockMs: 60_000,
  accountMaxLockMs: 5 * 60_000,
  accountWindowMs: 15 * 60_000,
  addressFailures: 30,
  addressWindowMs: 10 * 60_000,
  addressLockMs: 5 * 60_000,
  maxEntries: 100_000,
  now: Date.now,
}

export interface Blocked {
  /** Whole seconds until a new attempt is accepted (Retry-After). */
  retryAfterS: number
  scope: 'account' | 'address'
}

export interface SignInLimiter {
  /** Before checking a password: null to go ahead, or why and how long not. */
  check(account: string, address: string): Blocked | null
  /** After a wrong password (or unknown account). */
  failed(account: string, address: string): void
  /** After a correct password: the account's streak is forgotten (the address's count is not). */
  succeeded(account: string): void
}

interface AccountState {
  failures: number
  rounds: number
  lastFailure: number
  lockedUntil: number
}

interface AddressState {
  times: number[]
  lockedUntil: number
}

/** Account key: e-mail addresses compare case-insensitively and without surrounding spaces. */
export const accountKey = (email: string): string => email.trim().toLowerCase()

export function createSignInLimiter(overrides: Partial<SignInLimitOptions> = {}): SignInLimiter {
  const o: SignInLimitOptions = { ...DEFAULT_SIGN_IN_LIMITS, ...overrides }
  const accounts = new Map<string, AccountState>()
  const addresses = new Map<string, AddressState>()

  /** Drops the oldest entries (Maps iterate in insertion order) beyond the bound. */
  const bound = <V>(map: Map<string, V>): void => {
    while (map.size > o.maxEntries) map.delete(map.keys().next().value as string)
  }
  const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000))

  return {
    check(account, address) {
      const now = o.now()
      const a = accounts.get(accountKey(account))
      if (a && a.lockedUntil > now) return { retryAfterS: seconds(a.lockedUntil - now), scope: 'account' }
      const ip = addresses.get(address)
      if (ip && ip.lockedUntil > now) return { retryAfterS: seconds(ip.lockedUntil - now), scope: 'address' }
      return null
    },

    failed(account, address) {
      const now = o.now()
      const key = accountKey(account)
      let a = accounts.get(key)
      if (!a || now - a.lastFailure > o.accountWindowMs) a = { failures: 0, rounds: 0, lastFailure: now, lockedUntil: 0 }
      a.failures++
      a.lastFailure = now
      if (a.failures >= o.accountFailures) {
        a.lockedUntil = now + Math.min(o.accountLockMs * 2 ** a.rounds, o.accountMaxLockMs)
        a.rounds++
        a.failures = 0
      }
      accounts.delete(key)
      accounts.set(key, a)
      bound(accounts)

      let ip = addresses.get(address)
      if (!ip) ip = { times: [], lockedUntil: 0 }
      ip.times = ip.times.filter((t) => now - t < o.addressWindowMs)
      ip.times.push(now)
      if (ip.times.length >= o.addressFailures) {
        ip.lockedUntil = now + o.addressLockMs
        ip.times = []
      }
      addresses.delete(address)
      addresses.set(address, ip)
      bound(addresses)
    },

    succeeded(account) {
      accounts.delete(accountKey(account))
    },
  }
}
