// What a click on a wall list does: the map flies to the item, rings it, and opens its card
// (ticker items, 督办清单). One hook so the wall page only passes the handlers on.
import { useState } from 'preact/hooks'
import type { MajorDanger } from '../../data/wall.ts'
import type { TickerItem } from './live.ts'
import type { WallMap } from './wallMap.ts'
import { WallCard, type WallCardRef } from './WallCard.tsx'

/** The zoom a picked item is shown at: its street around it. */
export const PICK_ZOOM = 14

export function useWallPick(wallMap: WallMap) {
  const [card, setCard] = useState<WallCardRef | null>(null)
  const show = (lon: number, lat: number, ref: WallCardRef) => {
    wallMap.flyTo(lon, lat, PICK_ZOOM)
    wallMap.pulse([{ key: `pick:${ref.layer}:${ref.id}:${Date.now()}`, lon, lat, rgb: [79, 195, 247] }])
    setCard(ref)
  }
  return {
    onTicker: (it: TickerItem) => show(it.lon, it.lat, it.card),
    onMajor: (d: MajorDanger) => show(d.lon, d.lat, { layer: 'hidden_dangers', id: d.id }),
    close: () => setCard(null),
    card: card && <WallCard item={card} onClose={() => setCard(null)} />,
  }
}
