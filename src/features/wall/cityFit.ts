// The wall map's city view (issue 21): the city fitted into the map's box clear of the panels over
// it (wallFit.ts computes the padding), and refitted when the box or a panel changes size while the
// view is still the city's. Any move that is not the fit's own (an operator's drag, a jump to a
// place, an incident) leaves the city view.
import type { Map as MLMap, LngLatLike } from 'maplibre-gl'
import type { Geometry } from 'geojson'
import { fitPadding, type Outline, type Padding, type Rect } from './wallFit.ts'
import { mercatorPx } from '../../map/labelCollision.ts'
import { debounce } from '../../data/latest.ts'

type Bbox = [number, number, number, number]

export class CityFit {
  /** the view is the whole city (fitted) */
  atCity = true
  /** set while fitBox moves the map (its movestart keeps the city view) */
  private ownFit = false
  /** refits wait for the first load: panels mounting then would each move the map and reload it */
  private settled = false
  private resizeObs: ResizeObserver | null = null
  private mutationObs: MutationObserver | null = null
  /** what changed since the last refit: only the map's own box, or a panel over it */
  private panelChanged = false
  private refit = debounce(() => {
    const panel = this.panelChanged
    this.panelChanged = false
    if (this.atCity && this.settled) this.fitCity(false, !panel)
  }, 200)

  constructor(
    private readonly map: MLMap,
    private readonly cityBbox: () => Bbox | null,
    private readonly scale: () => number,
    /** the city's land (its districts' shapes): the fit keeps the panels off it where it can */
    private readonly land: () => readonly Geometry[] = () => [],
  ) {
    map.on('movestart', () => {
      if (!this.ownFit) this.atCity = false
    })
    this.watchBox(map.getContainer())
  }

  /** The first load is in: the panels have their sizes, fit once to them. */
  settle(): void {
    this.settled = true
    if (this.atCity) this.fitCity(false)
  }

  /** Anything but the city view from now on (a district, a place, an incident). */
  leave(): void {
    this.atCity = false
  }

  /** `boxOnly`: a refit because the map's box alone changed size, made only when the city would
   *  visibly change (a box a few pixels smaller moved and reloaded the whole map);
   *  a panel's change is fitted to the pixel (the city must stay clear of it). */
  fitCity(animate = true, boxOnly = false): void {
    const b = this.cityBbox()
    if (!b) return
    this.fitBox(b, 30 * this.scale(), animate ? 2500 : 0, boxOnly ? SMALL_RESIZE : NO_MOVE)
    this.atCity = true
  }

  fitBox(b: Bbox, base: number, duration: number, skip: Negligible = NO_MOVE): void {
    const map = this.map
    const c = map.getContainer()
    if (c.clientWidth < 50 || c.clientHeight < 50) return
    const bounds: [[number, number], [number, number]] = [
      [b[0], b[1]],
      [b[2], b[3]],
    ]
    const padding = this.paddingNow(base, b)
    // a refit that would not visibly move the map is skipped: every move reloads the view's layers,
    // and on a 4K wall that is seconds of work (panels settling refitted the city for a few pixels,
    // delaying a new danger's ticker past 10 s)
    const cam = map.cameraForBounds(bounds, { padding })
    if (cam?.center && cam.zoom !== undefined && negligibleMove(map, cam.center, cam.zoom, skip)) return
    this.ownFit = true
    try {
      map.fitBounds(bounds, { padding, duration, animate: duration > 0, essential: true })
    } finally {
      this.ownFit = false
    }
  }

  /** The padding that keeps a fitted box clear of the panels over the map (in the map's pixels). */
  paddingNow(base: number, b: Bbox | null): Padding {
    const container = this.map.getContainer()
    const box = container.getBoundingClientRect()
    const panels: Rect[] = []
    const visible = (el: Element) => {
      const s = getComputedStyle(el)
      return s.display !== 'none' && s.visibility !== 'hidden' && (el as HTMLElement).offsetParent !== null
    }
    for (const el of [
      ...(container.parentElement?.children ?? []),
      ...container.querySelectorAll('.maplibregl-ctrl-top-left > *, .maplibregl-ctrl-top-right > *'),
    ]) {
      if (el === container || !visible(el)) continue
      const r = el.getBoundingClientRect()
      if (r.width > 0 && r.height > 0) panels.push(r)
    }
    // the box's shape in pixels (Web Mercator, any zoom)
    let aspect: number | undefined
    if (b) {
      const [x0, y0] = mercatorPx(b[0], b[3], 10)
      const [x1, y1] = mercatorPx(b[2], b[1], 10)
      if (x1 > x0 && y1 > y0) aspect = (x1 - x0) / (y1 - y0)
    }
    const land = b && b === this.cityBbox() ? this.outline(b) : undefined
    return fitPadding(box, panels, base, aspect, undefined, land)
  }

  private outlineCache: { shapes: readonly Geometry[]; bbox: Bbox; outline: Outline } | null = null

  /** The city's land in the bbox's unit square (wallFit.ts' Outline), cached per set of shapes. */
  private outline(b: Bbox): Outline | undefined {
    const shapes = this.land()
    if (!shapes.length) return undefined
    const c = this.outlineCache
    if (c && c.shapes === shapes && c.bbox === b) return c.outline
    const outline = landOutline(shapes, b)
    this.outlineCache = { shapes, bbox: b, outline }
    return outline
  }

  /** Refit the city when the map's box or a panel over it changes size (a language switch, the
   *  vehicle alerts arriving, a window resized), while the view is the city's. */
  private watchBox(container: HTMLElement): void {
    if (typeof ResizeObserver === 'undefined') return
    const ro = new ResizeObserver((entries) => {
      if (entries.some((e) => e.target !== container)) this.panelChanged = true
      this.refit()
    })
    this.resizeObs = ro
    const observeAll = () => {
      ro.disconnect()
      ro.observe(container)
      for (const el of container.parentElement?.children ?? []) if (el !== container) ro.observe(el)
    }
    observeAll()
    if (container.parentElement && typeof MutationObserver !== 'undefined') {
      this.mutationObs = new MutationObserver(() => {
        this.panelChanged = true
        observeAll()
        this.refit()
      })
      this.mutationObs.observe(container.parentElement, { childList: true })
    }
  }

  destroy(): void {
    this.refit.cancel()
    this.resizeObs?.disconnect()
    this.mutationObs?.disconnect()
  }
}

/** Polygons' outer rings in `b`'s unit square (Web Mercator; y down), points closer than about a
 *  thousandth of the box dropped (a fit's check needs no finer line). */
export function landOutline(shapes: readonly Geometry[], b: Bbox): Outline {
  const [x0, y0] = mercatorPx(b[0], b[3], 10)
  const [x1, y1] = mercatorPx(b[2], b[1], 10)
  const w = x1 - x0
  const h = y1 - y0
  if (!(w > 0 && h > 0)) return []
  const rings: [number, number][][] = []
  const add = (ring: readonly number[][] | undefined) => {
    if (!ring || ring.length < 4) return
    const out: [number, number][] = []
    for (const p of ring) {
      const [x, y] = mercatorPx(p[0]!, p[1]!, 10)
      const q: [number, number] = [(x - x0) / w, (y - y0) / h]
      const last = out[out.length - 1]
      if (!last || Math.abs(q[0] - last[0]) + Math.abs(q[1] - last[1]) > 1e-3) out.push(q)
    }
    if (out.length >= 3) rings.push(out)
  }
  for (const g of shapes) {
    if (g.type === 'Polygon') add(g.coordinates[0])
    else if (g.type === 'MultiPolygon') for (const poly of g.coordinates) add(poly[0])
  }
  return rings
}

/** A move smaller than this is not made: `zoom` levels, `pan` as a share of the box's shorter side. */
interface Negligible {
  zoom: number
  pan: number
}
/** about a pixel: no visible move */
const NO_MOVE: Negligible = { zoom: 0.02, pan: 0.004 }
/** a box a few per cent smaller or larger (a panel's line): the city stays whole in its
 *  padding, and a 4K wall does not reload every layer for it */
const SMALL_RESIZE: Negligible = { zoom: 0.1, pan: 0.05 }

function negligibleMove(map: MLMap, center: LngLatLike, zoom: number, skip: Negligible): boolean {
  if (Math.abs(map.getZoom() - zoom) > skip.zoom) return false
  const a = map.project(map.getCenter())
  const c = map.project(center)
  const box = map.getContainer()
  return Math.hypot(a.x - c.x, a.y - c.y) < skip.pan * Math.min(box.clientWidth, box.clientHeight)
}
