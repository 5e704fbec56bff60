// The wall's card frame: the dark dialog over the map, its close button and Escape. Every wall card
// (a feature's, a vehicle's) fills it with its own kind, title and rows (wallCard.css).
import type { ComponentChildren } from 'preact'
import { useEffect } from 'preact/hooks'
import './wallCard.css'

export interface WallCardFrameProps {
  /** data-testid of the card; its close button's is `${testid}-close` unless given. */
  testid: string
  closeTestid?: string
  closeLabel: string
  status: string
  id: string
  /** an extra class for the card's own type (e.g. wall-vehicle-card) */
  variant?: string
  onClose: () => void
  children: ComponentChildren
}

export function WallCardFrame(p: WallCardFrameProps) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && p.onClose()
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [p.onClose])
  return (
    <div class={p.variant ? `wall-card ${p.variant}` : 'wall-card'} data-testid={p.testid} data-status={p.status} data-id={p.id} role="dialog">
      <button type="button" class="wall-card-close" data-testid={p.closeTestid ?? `${p.testid}-close`} aria-label={p.closeLabel} onClick={p.onClose}>
        ×
      </button>
      {p.children}
    </div>
  )
}

/** The card's head: what kind of thing (with an optional symbol) and its name. */
export function WallCardHead({ kind, title, titleTestid }: { kind: ComponentChildren; title: ComponentChildren; titleTestid: string }) {
  return (
    <>
      <div class="wall-card-kind">{kind}</div>
      <h3 class="wall-card-title" data-testid={titleTestid}>
        {title}
      </h3>
    </>
  )
}
