// Session: sign in with email + password, sign out, and the app role from the JWT's app_metadata.
import type { Session } from '@supabase/supabase-js'
import { supabase } from './client.ts'
import { isAppRole, type AppRole } from '../domain/categories.ts'

export interface SessionInfo {
  email: string
  role: AppRole | null
  userId: string
  areaCodes: string[]
  enterpriseId: string | null
}

function decodeJwtPayload(token: string): Record<string, unknown> {
  try {
    const part = token.split('.')[1] ?? ''
    const json = atob(
      part
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(part.length / 4) * 4, '='),
    )
    return JSON.parse(decodeURIComponent(escape(json))) as Record<string, unknown>
  } catch {
    return {}
  }
}

export function sessionInfo(session: Session | null): SessionInfo | null {
  if (!session) return null
  // app_metadata is set only by the service role; the JWT's copy is what RLS sees.
  const claims = decodeJwtPayload(session.access_token)
  const meta = ((claims.app_metadata as Record<string, unknown> | undefined) ?? session.user.app_metadata ?? {}) as Record<string, unknown>
  const role = isAppRole(meta.app_role) ? meta.app_role : null
  return {
    email: session.user.email ?? String(claims.email ?? ''),
    role,
    userId: session.user.id,
    areaCodes: Array.isArray(meta.area_codes) ? (meta.area_codes as unknown[]).map(String) : [],
    enterpriseId: typeof meta.enterprise_id === 'string' ? meta.enterprise_id : null,
  }
}

export async function currentSession(): Promise<SessionInfo | null> {
  const { data } = await supabase().auth.getSession()
  return sessionInfo(data.session)
}

export async function signIn(email: string, password: string): Promise<SessionInfo> {
  const { data, error } = await supabase().auth.signInWithPassword({ email: email.trim(), password })
  if (error) throw error
  const info = sessionInfo(data.session)
  if (!info) throw new Error('no session')
  return info
}

export async function signOut(): Promise<void> {
  const { error } = await supabase().auth.signOut()
  // A failed server-side logout still clears the local session; the UI must not get stuck.
  if (error) await supabase().auth.signOut({ scope: 'local' })
}

export function onSessionChange(cb: (info: SessionInfo | null) => void): () => void {
  const { data } = supabase().auth.onAuthStateChange((_event, session) => cb(sessionInfo(session)))
  return () => data.subscription.unsubscribe()
}
