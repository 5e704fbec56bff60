// GoTrue-shaped access tokens: HS256 with the shared JWT secret, so PostgREST verifies them and
// hands their claims to Postgres (auth.uid(), auth.jwt(), RLS).
import { SignJWT, jwtVerify, type JWTPayload } from 'jose'
import { jwtSecretKey } from './keys.ts'

/** GoTrue's default `jwt_expiry`. */
export const ACCESS_TOKEN_TTL_SECONDS = 3600

/** The user object as GoTrue returns it (see auth.local_user_json in bootstrap.sql). */
export interface GoTrueUser {
  id: string
  aud: string
  role: string
  email: string
  phone: string
  app_metadata: Record<string, unknown>
  user_metadata: Record<string, unknown>
  is_anonymous: boolean
  [key: string]: unknown
}

export interface AccessToken {
  token: string
  expiresIn: number
  /** Unix seconds. */
  expiresAt: number
}

export async function signAccessToken(user: GoTrueUser, sessionId: string, issuer: string): Promise<AccessToken> {
  const now = Math.floor(Date.now() / 1000)
  const exp = now + ACCESS_TOKEN_TTL_SECONDS
  const token = await new SignJWT({
    email: user.email,
    phone: user.phone ?? '',
    app_metadata: user.app_metadata ?? {},
    user_metadata: user.user_metadata ?? {},
    role: user.role || 'authenticated',
    aal: 'aal1',
    amr: [{ method: 'password', timestamp: now }],
    session_id: sessionId,
    is_anonymous: Boolean(user.is_anonymous),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(issuer)
    .setSubject(user.id)
    .setAudience(user.aud || 'authenticated')
    .setIssuedAt(now)
    .setExpirationTime(exp)
    .sign(jwtSecretKey())
  return { token, expiresIn: ACCESS_TOKEN_TTL_SECONDS, expiresAt: exp }
}

/** Verifies signature and expiry (any audience: the anon and service keys have none). */
export async function verifyToken(token: string): Promise<JWTPayload & Record<string, unknown>> {
  const { payload } = await jwtVerify(token, jwtSecretKey(), { algorithms: ['HS256'] })
  return payload as JWTPayload & Record<string, unknown>
}

/** The token of an `Authorization: Bearer …` header, if any. */
export function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')
  return m ? m[1]! : null
}
