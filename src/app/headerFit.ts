// The header's line count (issue 21): one line when everything fits (brand, demo badge, the nav at
// its full width, 更多, language, session), else two, the nav and 更多 on the second. Measured, not
// guessed from the width: what the header holds depends on the role (two tabs for the public, six
// and a menu for an administrator), the language and the signed-in address. The header gets
// data-rows="1" or "2"; styles.css lays the two rows out.
import { useEffect, type MutableRef } from 'preact/hooks'

const px = (v: string): number => parseFloat(v) || 0

/** The width the header's items would take on one line, each at its natural width (the nav as
 * the sum of its links, however wide or narrow its box is now), with the gaps and padding. */
export function oneLineWidth(header: HTMLElement): number {
  const cs = getComputedStyle(header)
  const gap = px(cs.columnGap)
  let width = px(cs.paddingLeft) + px(cs.paddingRight)
  let items = 0
  for (const el of header.children) {
    if (!(el instanceof HTMLElement) || el.classList.contains('header-spacer')) continue
    const s = getComputedStyle(el)
    if (s.display === 'none') continue
    let w = el.getBoundingClientRect().width
    if (el.classList.contains('app-nav')) {
      const links = [...el.children].filter((c): c is HTMLElement => c instanceof HTMLElement)
      w = px(s.paddingLeft) + px(s.paddingRight) + Math.max(0, links.length - 1) * px(s.columnGap)
      for (const a of links) w += a.getBoundingClientRect().width
    }
    width += w + px(s.marginLeft) + px(s.marginRight)
    items++
  }
  return width + Math.max(0, items - 1) * gap
}

/** Keeps `data-rows` of the header up to date as the window, the language or the session change;
 * `shown` is whether the page has the header at all (the wall and the public view do not). */
export function useHeaderRows(ref: MutableRef<HTMLElement | null>, shown: boolean): void {
  useEffect(() => {
    const header = ref.current
    if (!header || typeof ResizeObserver === 'undefined') return
    let frame = 0
    const measure = () => {
      frame = 0
      const need = oneLineWidth(header)
      const have = header.clientWidth
      // a few pixels of hysteresis: the two layouts must not take turns at the boundary
      const two = header.dataset.rows === '2' ? need > have - 4 : need > have
      const rows = two ? '2' : '1'
      if (header.dataset.rows !== rows) header.dataset.rows = rows
    }
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(measure)
    }
    const resized = new ResizeObserver(schedule)
    resized.observe(header)
    const changed = new MutationObserver(schedule)
    changed.observe(header, { childList: true, subtree: true, characterData: true })
    measure()
    return () => {
      if (frame) cancelAnimationFrame(frame)
      resized.disconnect()
      changed.disconnect()
    }
  }, [ref, shown])
}
