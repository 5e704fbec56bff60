// The first visit's one line: what this is, and "I am: the public / staff". Shown to visitors who
// are not signed in, once (dismissing or choosing remembers it in this browser).
import { useState } from 'preact/hooks'
import { useI18n } from './i18n.ts'

const STORAGE_KEY = 'yizhangtu.welcomed'
/** SessionMenu listens for this to open its sign-in form. */
export const OPEN_SIGN_IN_EVENT = 'yizhangtu:open-sign-in'

function welcomed(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) === '1'
  } catch {
    return false
  }
}

function remember(): void {
  try {
    localStorage.setItem(STORAGE_KEY, '1')
  } catch {
    // private mode: the line comes back next visit, nothing else is lost
  }
}

export function Welcome() {
  const { t } = useI18n()
  const [shown, setShown] = useState(() => !welcomed())
  if (!shown) return null
  const done = () => {
    remember()
    setShown(false)
  }
  return (
    <div class="welcome" role="note" data-testid="welcome">
      <span class="welcome-text">{t('welcome.text')}</span>
      <span class="welcome-who">{t('welcome.iAm')}</span>
      <a class="btn btn-primary" href="#/public" data-testid="welcome-public" onClick={() => done()}>
        {t('welcome.public')}
      </a>
      <button
        type="button"
        class="btn btn-ghost"
        data-testid="welcome-staff"
        onClick={() => {
          done()
          window.dispatchEvent(new Event(OPEN_SIGN_IN_EVENT))
        }}
      >
        {t('welcome.staff')}
      </button>
      <button
        type="button"
        class="btn btn-icon welcome-close"
        data-testid="welcome-close"
        aria-label={t('welcome.close')}
        title={t('welcome.close')}
        onClick={done}
      >
        ×
      </button>
    </div>
  )
}
