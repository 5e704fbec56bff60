// The wall does not scroll and never shows half a line: in a panel that holds more than its
// room, list lines that would run past their list's box or the panel's bottom are hidden (not
// removed, so the lists keep their order and ids), and the panel says how many it left out.
import { useEffect, useState, type MutableRef } from 'preact/hooks'

/** Hides every `li` of the panel's `.wall-incident-list`s that does not fit whole; returns how
 * many were hidden in the list matching `countIn` (if given). Re-checks whenever the panel or a list
 * changes size or content (registries arrive after the report, fonts load late). */
export function useWholeLines(panel: MutableRef<HTMLElement | null>, countIn?: string, enabled = true): number {
  const [cut, setCut] = useState(0)
  useEffect(() => {
    const el = panel.current
    if (!el || !enabled) return
    let frame = 0
    const check = () => {
      frame = 0
      const pr = el.getBoundingClientRect()
      const bottom = pr.bottom - parseFloat(getComputedStyle(el).paddingBottom || '0')
      let counted = 0
      for (const list of el.querySelectorAll<HTMLElement>('.wall-incident-list')) {
        const lb = Math.min(bottom, list.getBoundingClientRect().bottom)
        for (const li of list.children as HTMLCollectionOf<HTMLElement>) {
          li.style.visibility = ''
          const out = li.getBoundingClientRect().bottom > lb + 1
          if (out) li.style.visibility = 'hidden'
          if (out && countIn && list.matches(countIn)) counted++
        }
      }
      setCut(counted)
    }
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(check)
    }
    const sizes = new ResizeObserver(schedule)
    const observeAll = () => {
      sizes.disconnect()
      sizes.observe(el)
      for (const list of el.querySelectorAll('.wall-incident-list')) sizes.observe(list)
    }
    const content = new MutationObserver(() => {
      observeAll()
      schedule()
    })
    content.observe(el, { childList: true, subtree: true })
    observeAll()
    schedule()
    return () => {
      sizes.disconnect()
      content.disconnect()
      if (frame) cancelAnimationFrame(frame)
    }
  }, [panel, countIn, enabled])
  return enabled ? cut : 0
}
