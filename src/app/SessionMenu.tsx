// Sign-in form (email + password) and, once signed in, the user's role and a sign-out button.
import { useState, useRef, useEffect } from 'preact/hooks'
import { useI18n } from './i18n.ts'
import { useStore } from './store.ts'
import { doSignOut, sessionStore } from './sessionStore.ts'
import { useSignInForm } from './useSignInForm.ts'
import { APP_ROLES } from '../domain/categories.ts'
import { datasetInfo } from '../data/mapApi.ts'
import { OPEN_SIGN_IN_EVENT } from './Welcome.tsx'

const DEMO_USERS = ['admin', 'regulator', 'planner', 'command', 'enterprise'] as const

export function SessionMenu() {
  const { t, name } = useI18n()
  const { user, known } = useStore(sessionStore)
  const [open, setOpen] = useState(false)
  const { email, setEmail, password, setPassword, busy, error, submit } = useSignInForm(
    (msg) => t('session.failed', { msg }),
    () => setOpen(false),
  )
  const emailRef = useRef<HTMLInputElement>(null)
  const [demo, setDemo] = useState(false)

  useEffect(() => {
    // demo accounts are offered only on a demo dataset
    datasetInfo().then(
      (d) => setDemo(!!d.demo),
      () => undefined,
    )
  }, [])

  useEffect(() => {
    if (open) emailRef.current?.focus()
  }, [open])

  useEffect(() => {
    const openForm = () => setOpen(true)
    window.addEventListener(OPEN_SIGN_IN_EVENT, openForm)
    return () => window.removeEventListener(OPEN_SIGN_IN_EVENT, openForm)
  }, [])

  if (!known) return <div class="session" />

  if (user) {
    return (
      <div class="session" data-testid="session">
        <span class="session-user" data-testid="session-email" title={user.email}>
          {user.email}
        </span>
        <span class="role-badge" data-testid="session-role" data-role={user.role ?? ''} title={user.email}>
          {user.role ? name(APP_ROLES[user.role]) : t('session.noRole')}
        </span>
        <button type="button" class="btn btn-ghost" data-testid="signout" onClick={() => void doSignOut()}>
          {t('session.signOut')}
        </button>
      </div>
    )
  }

  return (
    <div class="session" data-testid="session">
      <span class="public-badge">{t('app.publicView')}</span>
      <button type="button" class="btn btn-primary" data-testid="signin-open" onClick={() => setOpen(!open)} aria-expanded={open}>
        {t('session.signIn')}
      </button>
      {open && (
        <form class="signin-form" data-testid="signin-form" onSubmit={submit}>
          <label>
            <span>{t('session.email')}</span>
            <input
              ref={emailRef}
              type="email"
              autocomplete="username"
              required
              data-testid="signin-email"
              value={email}
              onInput={(e) => setEmail((e.target as HTMLInputElement).value)}
            />
          </label>
          <label>
            <span>{t('session.password')}</span>
            <input
              type="password"
              autocomplete="current-password"
              required
              data-testid="signin-password"
              value={password}
              onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
            />
          </label>
          {error && (
            <div class="form-error" role="alert" data-testid="signin-error">
              {error}
            </div>
          )}
          <div class="form-actions">
            <button type="button" class="btn btn-ghost" onClick={() => setOpen(false)}>
              {t('session.cancel')}
            </button>
            <button type="submit" class="btn btn-primary" data-testid="signin-submit" disabled={busy}>
              {busy ? t('session.signingIn') : t('session.submit')}
            </button>
          </div>
          {demo && (
            <div class="demo-users">
              <div class="demo-users-title">{t('session.demoUsers')}</div>
              {DEMO_USERS.map((u) => (
                <button
                  type="button"
                  class="link"
                  key={u}
                  data-testid={`demo-user-${u}`}
                  onClick={() => {
                    setEmail(`${u}@demo.yizhangtu.cn`)
                    setPassword('Demo-2026!')
                  }}
                >
                  {name(APP_ROLES[u])}
                </button>
              ))}
            </div>
          )}
        </form>
      )}
    </div>
  )
}
