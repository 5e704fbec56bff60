// The state of an email + password sign-in form, shared by the header's menu and the wall's own page.
import { useState } from 'preact/hooks'
import { doSignIn } from './sessionStore.ts'

export function useSignInForm(failed: (msg: string) => string, signedIn: () => void = () => undefined) {
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const submit = async (e: Event) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await doSignIn(email, password)
      setPassword('')
      signedIn()
    } catch (err) {
      setError(failed((err as Error).message))
    } finally {
      setBusy(false)
    }
  }
  return { email, setEmail, password, setPassword, busy, error, submit }
}
