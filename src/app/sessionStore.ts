// The signed-in user as app state. Anonymous visitors get the public view.
import { createStore } from './store.ts'
import { currentSession, onSessionChange, signIn, signOut, type SessionInfo } from '../data/session.ts'

export interface SessionState {
  /** false until the stored session has been read (avoids a public→full flash on reload) */
  known: boolean
  user: SessionInfo | null
}

export const sessionStore = createStore<SessionState>({ known: false, user: null })

let started = false
export function startSession(): void {
  if (started) return
  started = true
  currentSession().then(
    (user) => sessionStore.set({ known: true, user }),
    () => sessionStore.set({ known: true, user: null }),
  )
  onSessionChange((user) => {
    const prev = sessionStore.get().user
    if (prev?.userId === user?.userId && prev?.role === user?.role && sessionStore.get().known) return
    sessionStore.set({ known: true, user })
  })
}

export async function doSignIn(email: string, password: string): Promise<SessionInfo> {
  const user = await signIn(email, password)
  sessionStore.set({ known: true, user })
  return user
}

export async function doSignOut(): Promise<void> {
  await signOut()
  sessionStore.set({ known: true, user: null })
}
