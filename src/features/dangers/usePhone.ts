// The hidden-danger page's phone layout (issue 21) switches at the same width as the detail sheet
// (detail-phone.css) and the phone stylesheet (dangers-phone.css): the three must agree.
import { useEffect, useState } from 'preact/hooks'

export const PHONE_QUERY = '(max-width: 640px)'

/** True while the viewport is phone-sized; follows rotation and window resizes. */
export function usePhone(): boolean {
  const [on, setOn] = useState(() => typeof matchMedia === 'function' && matchMedia(PHONE_QUERY).matches)
  useEffect(() => {
    if (typeof matchMedia !== 'function') return
    const mq = matchMedia(PHONE_QUERY)
    const f = () => setOn(mq.matches)
    mq.addEventListener('change', f)
    f()
    return () => mq.removeEventListener('change', f)
  }, [])
  return on
}
