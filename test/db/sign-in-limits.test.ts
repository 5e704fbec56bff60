// Sign-in guessing limits through the real gateway (/auth/v1/token, supabase/local/sign-in-limit.ts):
// per account 429 with Retry-After after 5 failures, even for the right password; other accounts
// and the demo users unaffected; a looser per-address limit that blocks only that address
// (a second loopback address, 127.0.0.77, plays the guesser).
import { describe, it, expect, beforeAll } from 'vitest'
import { request } from 'node:http'
import { anonClient, serviceClient, stackInfo, useStack } from '../helpers/stack.ts'
import { DEMO_USERS } from '../../supabase/seed/demo-users.ts'

useStack()

const admin = DEMO_USERS.find((u) => u.role === 'admin')!
const RUN = Math.random().toString(36).slice(2, 8)
const email = `guess-target-${RUN}@example.com`
const password = 'the-right-one-2026'

/** POST /auth/v1/token?grant_type=password from a chosen local address. */
function signInFrom(localAddress: string, user: string, pass: string): Promise<{ status: number; retryAfter: string | undefined; body: any }> {
  const { url, anonKey } = stackInfo()
  const u = new URL(`${url}/auth/v1/token?grant_type=password`)
  const body = JSON.stringify({ email: user, password: pass })
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method: 'POST',
        localAddress,
        headers: { apikey: anonKey, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'X-Supabase-Api-Version': '2024-01-01' },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (c) => {
          text += c
        })
        res.on('end', () => resolve({ status: res.statusCode!, retryAfter: res.headers['retry-after'] as string | undefined, body: JSON.parse(text) }))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

beforeAll(async () => {
  const { error } = await serviceClient().auth.admin.createUser({ email, password, email_confirm: true })
  if (error) throw new Error(error.message)
})

describe('per-account limit', () => {
  it('after 5 wrong passwords the account answers 429 with Retry-After, even for the right password', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await signInFrom('127.0.0.1', email, `wrong-${i}`)
      expect(r.status).toBe(400)
      expect(r.body.code).toBe('invalid_credentials')
    }
    const blocked = await signInFrom('127.0.0.1', email, password)
    expect(blocked.status).toBe(429)
    expect(blocked.body.code).toBe('over_request_rate_limit')
    const retry = Number(blocked.retryAfter)
    expect(retry).toBeGreaterThan(0)
    expect(retry).toBeLessThanOrEqual(300) // never locked out for more than a few minutes
    expect(blocked.body.message).toMatch(new RegExp(`try again in ${retry} s`))
    // supabase-js sees a 429 AuthApiError.
    const js = await anonClient().auth.signInWithPassword({ email, password })
    expect(js.error?.status).toBe(429)
  })

  it('other accounts, including the demo users, still sign in from the same address', async () => {
    const { data, error } = await anonClient().auth.signInWithPassword({ email: admin.email, password: admin.password })
    expect(error).toBeNull()
    expect(data.session?.access_token).toBeTruthy()
  })
})

describe('per-address limit', () => {
  it('30 failures from one address over many accounts block that address only', async () => {
    for (let i = 0; i < 30; i++) {
      const r = await signInFrom('127.0.0.77', `nobody-${RUN}-${i}@example.com`, 'guess')
      expect(r.status, `attempt ${i + 1}`).toBe(400)
    }
    const blocked = await signInFrom('127.0.0.77', admin.email, admin.password)
    expect(blocked.status).toBe(429)
    expect(blocked.body.message).toMatch(/this address/)
    expect(Number(blocked.retryAfter)).toBeLessThanOrEqual(300)
    const elsewhere = await signInFrom('127.0.0.1', admin.email, admin.password)
    expect(elsewhere.status).toBe(200)
    expect(elsewhere.body.access_token).toBeTruthy()
  })
})
