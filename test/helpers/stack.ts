// One local stack per test run, and supabase-js clients for the tests.
//
// The `db` Vitest project starts the stack once in its globalSetup (global-setup.ts) and
// `provide`s { url, anonKey, serviceRoleKey }; test files read it with stackInfo(). A file run
// on its own (no globalSetup) calls useStack(), which then starts a private stack for the file.
// With SUPABASE_URL, SUPABASE_ANON_KEY and SUPABASE_SERVICE_ROLE_KEY set, tests target that
// Supabase instead (e.g. `supabase start`); sql() needs a local stack.
import { createClient, type SupabaseClient, type SupabaseClientOptions } from '@supabase/supabase-js'
import { SignJWT } from 'jose'
import { afterAll, beforeAll, inject } from 'vitest'
import { ANON_KEY, SERVICE_ROLE_KEY, jwtSecretKey, type StackPorts } from '../../supabase/local/keys.ts'
import { httpSqlExecutor, type HttpSqlExecutor } from '../../supabase/local/sql-http.ts'
import { cacheTtlFromEnv } from '../../supabase/local/response-cache.ts'
import { startStack, type Stack } from '../../supabase/local/stack.ts'

/** Not the development ports, so tests run while `npm start` is up. TEST_STACK_PORT moves the
 * whole block (gateway, +1 database, +10 PostgREST, +11 its admin server), e.g. for two runs
 * side by side; tests that start extra stacks take ports from +100 upwards. */
// Below Linux's ephemeral range (32768–60999): a fixed port inside it can be taken at random by
// the local end of an outgoing connection, which made a listen fail now and then.
export const TEST_PORT_BASE = Number(process.env.TEST_STACK_PORT || 24421)
export const TEST_PORTS: StackPorts = { gateway: TEST_PORT_BASE, db: TEST_PORT_BASE + 1, postgrest: TEST_PORT_BASE + 10 }
/** Demo data for tests: small and always the same. */
export const TEST_SEED = { seed: 42, scale: 0.05 } as const

export interface StackInfo {
  url: string
  anonKey: string
  serviceRoleKey: string
}

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackInfo
  }
}

/** Starts the test stack: in-memory PGlite, or native PostgreSQL when DATABASE_URL is set.
 * The gateway's response cache is off unless GATEWAY_CACHE_TTL_MS says otherwise: many tests
 * write as one role and read as another at once, which a shared cache answers up to its TTL
 * late by design; test/db/response-cache.test.ts switches it on for itself. */
export function startTestStack(opts: { ports?: StackPorts; log?: (msg: string) => void } = {}): Promise<Stack> {
  return startStack({
    dataDir: 'memory://',
    databaseUrl: process.env.DATABASE_URL || undefined,
    ports: opts.ports ?? TEST_PORTS,
    seed: TEST_SEED,
    cacheTtlMs: cacheTtlFromEnv(0),
    log: opts.log ?? ((msg) => console.log(`[test stack] ${msg}`)),
  })
}

let ownStack: StackInfo | null = null

function fromEnv(): StackInfo | null {
  const { SUPABASE_URL: url, SUPABASE_ANON_KEY: anonKey, SUPABASE_SERVICE_ROLE_KEY: serviceRoleKey } = process.env
  return url && anonKey && serviceRoleKey ? { url, anonKey, serviceRoleKey } : null
}

function provided(): StackInfo | null {
  try {
    return inject('stack') ?? null
  } catch {
    return null // not inside a Vitest worker
  }
}

/** Where the stack under test is. Throws when there is none. */
export function stackInfo(): StackInfo {
  const info = ownStack ?? provided() ?? fromEnv()
  if (!info) {
    throw new Error(
      'No stack to test against: run through the `db` Vitest project (globalSetup test/helpers/global-setup.ts), ' +
        'call useStack() in the test file, or set SUPABASE_URL, SUPABASE_ANON_KEY and SUPABASE_SERVICE_ROLE_KEY.',
    )
  }
  return info
}

/** Registers hooks that start a private stack for this file unless one is already provided. */
export function useStack(): void {
  let stack: Stack | null = null
  beforeAll(async () => {
    if (provided() ?? fromEnv()) return
    stack = await startTestStack()
    ownStack = { url: stack.url, anonKey: stack.anonKey, serviceRoleKey: stack.serviceRoleKey }
  }, 180_000)
  afterAll(async () => {
    ownStack = null
    await stack?.stop()
  }, 60_000)
}

/** supabase-js 2.109 builds its Realtime client eagerly, and on Node 20 (no global WebSocket)
 * that throws unless a transport is given. The local stacks have no Realtime (see
 * ARCHITECTURE.md), so the transport only has to fail clearly if something does subscribe. */
class NoRealtimeHere {
  constructor() {
    throw new Error('Realtime is not available on the local stack (tests run on Node 20 without WebSocket)')
  }
}

/** Options for supabase-js clients in Node tests: no session persistence, no timers. */
export const clientOptions = {
  auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  realtime: { transport: NoRealtimeHere as unknown as NonNullable<NonNullable<SupabaseClientOptions<'public'>['realtime']>['transport']> },
} satisfies SupabaseClientOptions<'public'>

/** The public: anon key, no session. */
export function anonClient(): SupabaseClient {
  const { url, anonKey } = stackInfo()
  return createClient(url, anonKey, clientOptions)
}

/** Service role: bypasses RLS. For arranging and checking data, never for asserting access. */
export function serviceClient(): SupabaseClient {
  const { url, serviceRoleKey } = stackInfo()
  return createClient(url, serviceRoleKey, clientOptions)
}

/** A client signed in with email and password through the auth API, as the app does. */
export async function signIn(email: string, password: string): Promise<SupabaseClient> {
  const client = anonClient()
  const { error } = await client.auth.signInWithPassword({ email, password })
  if (error) throw new Error(`sign-in of ${email} failed: ${error.message}`)
  return client
}

/** A client whose requests carry a JWT with exactly these claims, signed with the local secret
 * (forged tokens, roles without a user). `exp` defaults to one hour from now. */
export async function clientWithClaims(claims: Record<string, unknown>): Promise<SupabaseClient> {
  const now = Math.floor(Date.now() / 1000)
  const token = await new SignJWT({ iat: now, exp: now + 3600, ...claims }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(jwtSecretKey())
  const { url, anonKey } = stackInfo()
  return createClient(url, anonKey, {
    ...clientOptions,
    global: { headers: { Authorization: `Bearer ${token}` } },
  })
}

/** Superuser SQL on the stack under test (local stacks only), safe alongside REST traffic. */
export function sql(): HttpSqlExecutor {
  const { url, serviceRoleKey } = stackInfo()
  return httpSqlExecutor(url, serviceRoleKey)
}

export { ANON_KEY, SERVICE_ROLE_KEY }
