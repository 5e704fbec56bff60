// The wall's audible alert for new red events: which ticker items call for it, a tone made with
// WebAudio (no audio files), and the operator's mute, remembered in localStorage.
import type { TickerItem } from './live.ts'

/** The ticker kinds that sound: a new major danger, a danger gone overdue, a point raised to red. */
export const RED_KINDS: ReadonlySet<TickerItem['kind']> = new Set(['new_major_danger', 'new_overdue', 'level_raised_red'])

/** Red items not yet acknowledged (by key), newest first. Pure. */
export function pendingRed(items: readonly TickerItem[], acked: ReadonlySet<string>): TickerItem[] {
  return items.filter((it) => RED_KINDS.has(it.kind) && !acked.has(it.key))
}

/** How often the tone repeats while red events wait to be acknowledged. */
export const REPEAT_MS = 15_000

const MUTE_KEY = 'wall.alert.muted'

export function loadMuted(): boolean {
  try {
    return localStorage.getItem(MUTE_KEY) === '1'
  } catch {
    return false
  }
}

export function saveMuted(muted: boolean): void {
  try {
    if (muted) localStorage.setItem(MUTE_KEY, '1')
    else localStorage.removeItem(MUTE_KEY)
  } catch {
    // private mode: the mute lasts for this page only
  }
}

let ctx: AudioContext | null = null

/** Two short descending beeps (880 Hz, 660 Hz). Returns false when the browser has no WebAudio. */
export function playAlertTone(): boolean {
  const AC =
    typeof window !== 'undefined' ? (window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext) : undefined
  if (!AC) return false
  ctx ??= new AC()
  if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined)
  const t0 = ctx.currentTime
  for (const [i, f] of [880, 660].entries()) {
    const osc = ctx.createOscillator()
    const gain = ctx.createGain()
    osc.type = 'sine'
    osc.frequency.value = f
    const s = t0 + i * 0.3
    gain.gain.setValueAtTime(0.0001, s)
    gain.gain.exponentialRampToValueAtTime(0.4, s + 0.02)
    gain.gain.exponentialRampToValueAtTime(0.0001, s + 0.25)
    osc.connect(gain).connect(ctx.destination)
    osc.start(s)
    osc.stop(s + 0.27)
  }
  return true
}
