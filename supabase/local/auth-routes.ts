// /auth/v1/*: the subset of GoTrue (Supabase Auth) the app and the tests use, answering in
// GoTrue's shapes so supabase-js 2.109 behaves as against Supabase:
//   POST /token?grant_type=password | refresh_token, GET /user, POST /logout,
//   admin: POST/GET /admin/users, GET/PUT/DELETE /admin/users/{id},
//   GET /health, /settings, /.well-known/jwks.json.
// Users, sessions and refresh tokens live in the database (bootstrap.sql); this module only
// talks to the service_role-only `local_auth_*` functions through PostgREST.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { readParams, sendJson } from './http-util.ts'
import { createSignInLimiter, type SignInLimiter } from './sign-in-limit.ts'
import { bearerToken, signAccessToken, verifyToken, type GoTrueUser } from './tokens.ts'

export interface AuthDeps {
  /** POST /rpc/<fn> on PostgREST with the service_role key; resolves to the JSON result. */
  rpc(fn: string, args: Record<string, unknown>): Promise<unknown>
  /** `iss` of issued tokens, like GoTrue's: `<API URL>/auth/v1`. */
  issuer: string
  log: (msg: string) => void
  /** Password-guessing limits (default: sign-in-limit.ts's defaults). */
  signInLimiter?: SignInLimiter
}

type Handler = (req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams) => Promise<void>

/** GoTrue error codes used here, with GoTrue's HTTP status and message. */
const ERRORS = {
  invalid_credentials: [400, 'Invalid login credentials'],
  email_not_confirmed: [400, 'Email not confirmed'],
  user_banned: [400, 'User is banned'],
  refresh_token_not_found: [400, 'Invalid Refresh Token: Refresh Token Not Found'],
  refresh_token_already_used: [400, 'Invalid Refresh Token: Already Used'],
  validation_failed: [400, 'Validation failed'],
  unsupported_grant_type: [400, 'unsupported_grant_type'],
  no_authorization: [401, 'This endpoint requires a valid Bearer token'],
  bad_jwt: [403, 'invalid JWT: unable to parse or verify signature'],
  session_not_found: [403, 'Session from session_id claim in JWT does not exist'],
  not_admin: [403, 'User not allowed'],
  user_not_found: [404, 'User not found'],
  not_found: [404, 'Not Found'],
  email_exists: [422, 'A user with this email address has already been registered'],
  over_request_rate_limit: [429, 'Request rate limit reached'],
  signup_disabled: [422, 'Signups not allowed for this instance'],
  unexpected_failure: [500, 'Unexpected failure, please check server logs for more information'],
} as const satisfies Record<string, readonly [number, string]>
type ErrorCode = keyof typeof ERRORS

/** The API version supabase-js announces in X-Supabase-Api-Version. */
const API_VERSION_2024 = '2024-01-01'

/**
 * GoTrue answers errors in two shapes: `{code, message}` (code = error code) when the client
 * sent `X-Supabase-Api-Version: 2024-01-01` or later, echoing that header back (auth-js 2.109
 * always sends it and then takes `code` as the error code), else the legacy
 * `{code: <status>, error_code, msg}`. Either way auth-js raises an AuthApiError whose
 * `message` is GoTrue's message, `status` the HTTP status and `code` the error code.
 */
export function sendAuthError(req: IncomingMessage, res: ServerResponse, code: ErrorCode, message?: string): void {
  const [status, defaultMessage] = ERRORS[code]
  const msg = message ?? defaultMessage
  const requested = String(req.headers['x-supabase-api-version'] ?? '')
  if (/^\d{4}-\d{2}-\d{2}$/.test(requested) && requested >= API_VERSION_2024) {
    sendJson(res, status, { code, message: msg }, { 'X-Supabase-Api-Version': API_VERSION_2024 })
  } else {
    sendJson(res, status, { code: status, error_code: code, msg }, { 'x-sb-error-code': code })
  }
}

/** Result of the local_auth_* functions: `{error}` or the payload. */
type RpcResult = { error?: ErrorCode } & Record<string, unknown>
type SessionRow = { user: GoTrueUser; session_id: string; refresh_token: string }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function createAuthRoutes(deps: AuthDeps): Handler {
  const limiter = deps.signInLimiter ?? createSignInLimiter()
  const call = async (fn: string, args: Record<string, unknown>): Promise<RpcResult> => ((await deps.rpc(fn, args)) ?? {}) as RpcResult

  const session = async (row: SessionRow) => {
    const at = await signAccessToken(row.user, row.session_id, deps.issuer)
    return {
      access_token: at.token,
      token_type: 'bearer',
      expires_in: at.expiresIn,
      expires_at: at.expiresAt,
      refresh_token: row.refresh_token,
      user: row.user,
    }
  }

  /** The verified claims of a user's access token, or null after answering the error. */
  const requireUser = async (req: IncomingMessage, res: ServerResponse) => {
    const token = bearerToken(req.headers.authorization)
    if (!token) {
      sendAuthError(req, res, 'no_authorization')
      return null
    }
    try {
      const claims = await verifyToken(token)
      if (typeof claims.sub !== 'string' || !claims.sub) {
        sendAuthError(req, res, 'bad_jwt', 'invalid claim: missing sub claim')
        return null
      }
      return claims
    } catch (err) {
      sendAuthError(req, res, 'bad_jwt', `invalid JWT: unable to parse or verify signature, ${(err as Error).message}`)
      return null
    }
  }

  /** GoTrue admin endpoints need a JWT whose role is service_role. */
  const requireAdmin = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const token = bearerToken(req.headers.authorization)
    if (!token) {
      sendAuthError(req, res, 'no_authorization')
      return false
    }
    try {
      const claims = await verifyToken(token)
      if (claims.role === 'service_role') return true
    } catch {
      // fall through
    }
    sendAuthError(req, res, 'not_admin')
    return false
  }

  const token: Handler = async (req, res, _path, query) => {
    const body = await readParams(req)
    const grant = query.get('grant_type')
    let result: RpcResult
    if (grant === 'password') {
      const email = typeof body.email === 'string' ? body.email : ''
      const password = typeof body.password === 'string' ? body.password : ''
      if (!email) return sendAuthError(req, res, 'validation_failed', 'missing email or phone')
      if (!password) return sendAuthError(req, res, 'validation_failed', 'missing password')
      const address = req.socket.remoteAddress ?? 'unknown'
      const blocked = limiter.check(email, address)
      if (blocked) {
        res.setHeader('Retry-After', String(blocked.retryAfterS))
        const who = blocked.scope === 'account' ? '该账号' : '该地址'
        const whoEn = blocked.scope === 'account' ? 'this account' : 'this address'
        return sendAuthError(
          req,
          res,
          'over_request_rate_limit',
          `${who}登录失败次数过多，请 ${blocked.retryAfterS} 秒后再试 / Too many failed sign-ins for ${whoEn}: try again in ${blocked.retryAfterS} s`,
        )
      }
      result = await call('local_auth_password_grant', { email, password })
      if (result.error === 'invalid_credentials') limiter.failed(email, address)
      else if (!result.error) limiter.succeeded(email)
    } else if (grant === 'refresh_token') {
      const refresh = typeof body.refresh_token === 'string' ? body.refresh_token : ''
      if (!refresh) return sendAuthError(req, res, 'refresh_token_not_found')
      result = await call('local_auth_refresh', { refresh_token: refresh })
    } else {
      return sendAuthError(req, res, 'unsupported_grant_type')
    }
    if (result.error) return sendAuthError(req, res, result.error)
    sendJson(res, 200, await session(result as unknown as SessionRow))
  }

  const user: Handler = async (req, res) => {
    if (req.method !== 'GET') return sendAuthError(req, res, 'not_found')
    const claims = await requireUser(req, res)
    if (!claims) return
    const sessionId = typeof claims.session_id === 'string' && UUID.test(claims.session_id) ? claims.session_id : null
    const result = await call('local_auth_get_user', { user_id: claims.sub, session_id: sessionId })
    if (result.error) return sendAuthError(req, res, result.error)
    sendJson(res, 200, result.user)
  }

  const logout: Handler = async (req, res, _path, query) => {
    const scope = query.get('scope') ?? 'global'
    if (!['global', 'local', 'others'].includes(scope)) {
      return sendAuthError(req, res, 'validation_failed', 'Unsupported logout scope')
    }
    const claims = await requireUser(req, res)
    if (!claims) return
    if (typeof claims.session_id === 'string' && UUID.test(claims.session_id)) {
      await call('local_auth_logout', { session_id: claims.session_id, scope })
    }
    res.writeHead(204).end()
  }

  const adminUsers: Handler = async (req, res, path, query) => {
    if (!(await requireAdmin(req, res))) return
    const id = path.slice('/admin/users'.length).replace(/^\//, '')
    if (!id) {
      if (req.method === 'POST') {
        const b = await readParams(req)
        const result = await call('local_auth_admin_create_user', {
          email: b.email ?? null,
          password: b.password ?? null,
          email_confirm: b.email_confirm === true,
          app_metadata: b.app_metadata ?? {},
          user_metadata: b.user_metadata ?? b.data ?? {},
          id: typeof b.id === 'string' ? b.id : null,
        })
        if (result.error) return sendAuthError(req, res, result.error)
        return sendJson(res, 200, result.user)
      }
      if (req.method === 'GET') {
        const page = Number(query.get('page') ?? 1) || 1
        const perPage = Number(query.get('per_page') ?? 50) || 50
        const result = await call('local_auth_admin_list_users', { page, per_page: perPage })
        return sendJson(res, 200, { users: result.users, aud: 'authenticated' }, { 'x-total-count': String(result.total) })
      }
      return sendAuthError(req, res, 'not_found')
    }
    if (!UUID.test(id)) return sendAuthError(req, res, 'validation_failed', 'user_id must be an UUID')
    let result: RpcResult
    if (req.method === 'GET') {
      result = await call('local_auth_get_user', { user_id: id })
    } else if (req.method === 'PUT') {
      const b = await readParams(req)
      result = await call('local_auth_admin_update_user', {
        id,
        email: b.email ?? null,
        password: b.password ?? null,
        email_confirm: typeof b.email_confirm === 'boolean' ? b.email_confirm : null,
        app_metadata: b.app_metadata ?? null,
        user_metadata: b.user_metadata ?? null,
        ban_duration: typeof b.ban_duration === 'string' ? b.ban_duration : null,
      })
    } else if (req.method === 'DELETE') {
      result = await call('local_auth_admin_delete_user', { id })
    } else {
      return sendAuthError(req, res, 'not_found')
    }
    if (result.error) return sendAuthError(req, res, result.error)
    sendJson(res, 200, result.user)
  }

  const routes: Array<[method: string | null, pattern: RegExp, handler: Handler]> = [
    ['POST', /^\/token$/, token],
    [null, /^\/user$/, user],
    ['POST', /^\/logout$/, logout],
    [null, /^\/admin\/users(\/[^/]+)?$/, adminUsers],
    ['POST', /^\/signup$/, async (req, res) => sendAuthError(req, res, 'signup_disabled')],
    ['GET', /^\/health$/, async (_req, res) => sendJson(res, 200, { version: 'local', name: 'GoTrue', description: 'Local GoTrue subset (supabase/local)' })],
    [
      'GET',
      /^\/settings$/,
      async (_req, res) =>
        sendJson(res, 200, {
          external: { email: true, phone: false },
          disable_signup: true,
          mailer_autoconfirm: true,
          phone_autoconfirm: false,
          sms_provider: '',
          saml_enabled: false,
        }),
    ],
    // HS256 only: no public keys. supabase-js getClaims() then verifies through GET /user.
    ['GET', /^\/\.well-known\/jwks\.json$/, async (_req, res) => sendJson(res, 200, { keys: [] })],
  ]

  return async (req, res, path, query) => {
    const route = routes.find(([method, pattern]) => (method === null || method === req.method) && pattern.test(path))
    if (!route) return sendAuthError(req, res, 'not_found', `${req.method} ${path} is not implemented by the local auth subset`)
    try {
      await route[2](req, res, path, query)
    } catch (err) {
      deps.log(`[auth] ${req.method} ${path}: ${(err as Error).stack ?? err}`)
      if (!res.headersSent) sendAuthError(req, res, 'unexpected_failure')
    }
  }
}
