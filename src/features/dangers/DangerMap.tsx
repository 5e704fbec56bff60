// A small map of the listed page's dangers, drawn with the one map's own modules (createMap,
// the hidden-danger icon layer, the selection ring): triangles coloured by status, red outline
// when overdue, larger when major. A click on a symbol selects that danger.
import { useEffect, useRef, useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import { createMap, type MapHandle } from '../../map/createMap.ts'
import { HiddenDangersLayer } from '../../layers/hiddenDangers/index.ts'
import { selectionLayer } from '../../map/layers/selection.ts'
import { iconAtlas } from '../../map/icons.ts'
import { DANGER_STATUSES } from '../../domain/categories.ts'
import type { DangerListRow } from '../../data/dangers.ts'
import { DangerTriangle } from '../onemap/Symbols.tsx'
import { MESSAGES } from './messages.ts'
import { dangerAttributes, pointsBounds } from './mapPoints.ts'

const CITY_CENTRE: [number, number] = [112.95, 22.35]

declare global {
  interface Window {
    __dangersMap?: { map: unknown; points: number; ready: boolean }
  }
}

export function DangerMap({ rows, selected, onSelect }: { rows: DangerListRow[]; selected: string | null; onSelect: (id: string) => void }) {
  const { m, name } = useMessages(MESSAGES)
  const box = useRef<HTMLDivElement>(null)
  const handle = useRef<MapHandle | null>(null)
  const [ready, setReady] = useState(false)
  const rowsRef = useRef(rows)
  rowsRef.current = rows

  useEffect(() => {
    let dead = false
    iconAtlas()
    createMap({ container: box.current!, center: CITY_CENTRE, zoom: 8 }).then(
      (h) => {
        if (dead) {
          h.destroy()
          return
        }
        handle.current = h
        h.map.on('load', () => setReady(true))
        if (h.map.loaded()) setReady(true)
        h.map.on('click', (e) => {
          // nearest listed danger within 14 px of the click
          let best: { id: string; d: number } | null = null
          for (const r of rowsRef.current) {
            const p = h.map.project([r.lon, r.lat])
            const d = Math.hypot(p.x - e.point.x, p.y - e.point.y)
            if (d < 14 && (!best || d < best.d)) best = { id: r.id, d }
          }
          if (best) onSelect(best.id)
        })
      },
      (e: Error) => console.warn('[dangers map]', e.message),
    )
    return () => {
      dead = true
      handle.current?.destroy()
      handle.current = null
      window.__dangersMap = undefined
    }
  }, [])

  // symbols for the page, and fit the view to them when the page changes
  useEffect(() => {
    const h = handle.current
    if (!h || !ready) return
    const attrs = dangerAttributes(rows, 0.85)
    const sel = rows.find((r) => r.id === selected)
    h.setLayers([new HiddenDangersLayer({ id: 'dangers-page', points: attrs, scale: 1 }), selectionLayer('dangers-selection', sel ? [sel.lon, sel.lat] : null)])
    window.__dangersMap = { map: h.map, points: attrs.length, ready: true }
  }, [rows, selected, ready])

  useEffect(() => {
    const h = handle.current
    if (!h || !ready) return
    const b = pointsBounds(rows)
    if (b)
      h.map.fitBounds(
        [
          [b[0], b[1]],
          [b[2], b[3]],
        ],
        { padding: 28, maxZoom: 14, animate: false },
      )
  }, [rows, ready])

  useEffect(() => {
    const h = handle.current
    const sel = rows.find((r) => r.id === selected)
    if (!h || !ready || !sel) return
    if (!h.map.getBounds().contains([sel.lon, sel.lat])) h.map.easeTo({ center: [sel.lon, sel.lat], duration: 400 })
  }, [selected])

  return (
    <div class="side-card map-card" data-testid="dangers-map-card">
      <h3>{m('map.title')}</h3>
      <div class="dangers-map" ref={box} data-testid="dangers-map" data-ready={ready ? 'true' : 'false'} />
      <div class="map-legend">
        {DANGER_STATUSES.map((s) => (
          <span key={s.id} class="legend-item">
            <DangerTriangle status={s.index} size={12} /> {name(s)}
          </span>
        ))}
        <span class="legend-item">
          <DangerTriangle status={2} overdue size={12} /> {m('map.legendOverdue')}
        </span>
      </div>
      <a href="#/" class="btn-link small" data-testid="open-onemap">
        {m('map.openFull')}
      </a>
    </div>
  )
}
