// The wall's alarm bell: new red events (RED_KINDS) sound a tone, repeated until the operator
// acknowledges them; mute silences the tone (remembered) but never the ticker or the count.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import type { TickerItem } from './live.ts'
import { loadMuted, pendingRed, playAlertTone, REPEAT_MS, saveMuted } from './alertTone.ts'
import { MESSAGES } from './messages.ts'

export interface WallAlertDebug {
  tones: number
  pending: number
  muted: boolean
}

declare global {
  interface Window {
    __wallAlert?: WallAlertDebug
  }
}

export function AlertBell({ items }: { items: TickerItem[] }) {
  const { m } = useMessages(MESSAGES)
  const [acked, setAcked] = useState<ReadonlySet<string>>(() => new Set())
  const [muted, setMuted] = useState(loadMuted)
  const pending = useMemo(() => pendingRed(items, acked), [items, acked])
  const debug = useRef<WallAlertDebug>({ tones: 0, pending: 0, muted })
  const newest = pending[0]?.key ?? null
  useEffect(() => {
    window.__wallAlert = debug.current
    return () => {
      if (window.__wallAlert === debug.current) delete window.__wallAlert
    }
  }, [])
  debug.current.pending = pending.length
  debug.current.muted = muted
  // a tone when a new red event arrives, then every REPEAT_MS until acknowledged
  useEffect(() => {
    if (!newest || muted) return
    const ring = () => {
      if (playAlertTone()) debug.current.tones++
    }
    ring()
    const t = setInterval(ring, REPEAT_MS)
    return () => clearInterval(t)
  }, [newest, muted])
  const ack = () => setAcked(new Set([...acked, ...pending.map((p) => p.key)]))
  const toggleMute = () => {
    saveMuted(!muted)
    setMuted(!muted)
  }
  return (
    <>
      {pending.length > 0 && (
        <button type="button" class="wall-btn wall-alert-ack" data-testid="wall-alert-ack" onClick={ack}>
          {m('bell.ack', { n: pending.length })}
        </button>
      )}
      <button
        type="button"
        class={`wall-btn ${muted ? 'wall-alert-muted' : ''}`}
        data-testid="wall-alert-mute"
        aria-pressed={muted}
        title={m('bell.muteHint')}
        onClick={toggleMute}
      >
        {muted ? m('bell.muted') : m('bell.sound')}
      </button>
    </>
  )
}
