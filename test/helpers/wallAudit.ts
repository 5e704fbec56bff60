// The wall's font floor audit (issue 21), shared by the wall's browser tests.
import type { Page } from 'playwright-core'

/** Every visible text node on the page whose font is smaller than `min` px (rendered size). */
export async function smallTexts(page: Page, min: number): Promise<string[]> {
  return page.evaluate((min) => {
    const out: string[] = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = (n.textContent ?? '').trim()
      if (!text) continue
      const el = n.parentElement
      if (!el) continue
      const range = document.createRange()
      range.selectNodeContents(n)
      const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0)
      if (!rects.length) continue
      // clipped away by an ancestor with overflow other than visible, or off screen
      let box = { l: 0, t: 0, r: innerWidth, b: innerHeight }
      for (let a: Element | null = el; a && a !== document.body; a = a.parentElement) {
        const cs = getComputedStyle(a)
        if (cs.display === 'none' || cs.visibility === 'hidden') box = { l: 0, t: 0, r: 0, b: 0 }
        if (cs.overflowX !== 'visible' || cs.overflowY !== 'visible') {
          const r = a.getBoundingClientRect()
          box = { l: Math.max(box.l, r.left), t: Math.max(box.t, r.top), r: Math.min(box.r, r.right), b: Math.min(box.b, r.bottom) }
        }
      }
      const visible = rects.some((r) => Math.min(r.right, box.r) - Math.max(r.left, box.l) > 1 && Math.min(r.bottom, box.b) - Math.max(r.top, box.t) > 1)
      if (!visible) continue
      const cs = getComputedStyle(el)
      if (cs.visibility === 'hidden' || Number(cs.opacity) === 0) continue
      const px = parseFloat(cs.fontSize)
      if (px < min - 0.01) out.push(`${px.toFixed(1)}px ${el.tagName.toLowerCase()}.${el.className} “${text.slice(0, 30)}”`)
    }
    return out
  }, min)
}
