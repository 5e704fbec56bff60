// Links into the one map (#/?focus=<layer>:<id> and #/?lon=..&lat=..&z=..), pure: other pages
// build them with oneMapLink / oneMapLinkAt, the one-map page reads them with parseOneMapLink.

/** The layers a focus link may name (the layers of feature_at with a detail card, and vehicles: vehicle_card). */
export const LINK_LAYERS = ['hazard_sources', 'hidden_dangers', 'risk_points', 'protective_targets', 'emergency_resources', 'vehicles'] as const
export type LinkLayer = (typeof LINK_LAYERS)[number]

/** The zoom a focus link or a position link without z flies to. */
export const LINK_ZOOM = 16

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export type LinkTarget =
  | { kind: 'none' }
  | { kind: 'focus'; layer: LinkLayer; id: string }
  | { kind: 'at'; lon: number; lat: number; zoom: number }
  /** the link is malformed; `reason` says which part */
  | { kind: 'invalid'; reason: 'layer' | 'id' | 'position'; value: string }

/** `#/?focus=<layer>:<id>`: the one map flies to that feature and opens its card. */
export function oneMapLink(f: { layer: LinkLayer; id: string }): string {
  return `#/?focus=${f.layer}:${encodeURIComponent(f.id)}`
}

/** `#/?lon=..&lat=..&z=..`: the one map centred there (6 decimals ≈ 0.1 m). */
export function oneMapLinkAt(lon: number, lat: number, z: number = LINK_ZOOM): string {
  return `#/?lon=${round(lon, 6)}&lat=${round(lat, 6)}&z=${round(z, 2)}`
}

function round(v: number, digits: number): string {
  return String(Number(v.toFixed(digits)))
}

/** Reads a link from the hash query (see currentQuery in src/app/routes.ts). */
export function parseOneMapLink(q: URLSearchParams): LinkTarget {
  const focus = q.get('focus')
  if (focus !== null) {
    const i = focus.indexOf(':')
    const layer = i >= 0 ? focus.slice(0, i) : focus
    const id = i >= 0 ? focus.slice(i + 1).trim() : ''
    if (!(LINK_LAYERS as readonly string[]).includes(layer)) return { kind: 'invalid', reason: 'layer', value: layer }
    if (!UUID.test(id)) return { kind: 'invalid', reason: 'id', value: id }
    return { kind: 'focus', layer: layer as LinkLayer, id: id.toLowerCase() }
  }
  const lonS = q.get('lon')
  const latS = q.get('lat')
  if (lonS === null && latS === null) return { kind: 'none' }
  const lon = num(lonS)
  const lat = num(latS)
  const zS = q.get('z')
  const zoom = zS === null || zS === '' ? LINK_ZOOM : num(zS)
  if (lon === null || lat === null || lon < -180 || lon > 180 || lat < -85 || lat > 85 || zoom === null || zoom < 0 || zoom > 22) {
    return { kind: 'invalid', reason: 'position', value: `${lonS ?? ''},${latS ?? ''}${zS !== null ? `,${zS}` : ''}` }
  }
  return { kind: 'at', lon, lat, zoom }
}

function num(s: string | null): number | null {
  if (s === null || s.trim() === '') return null
  const v = Number(s)
  return Number.isFinite(v) ? v : null
}

/** Equal links (so that the same hash is not applied twice). */
export function linkKey(t: LinkTarget): string {
  switch (t.kind) {
    case 'none':
      return ''
    case 'focus':
      return `focus:${t.layer}:${t.id}`
    case 'at':
      return `at:${t.lon},${t.lat},${t.zoom}`
    case 'invalid':
      return `invalid:${t.reason}:${t.value}`
  }
}
