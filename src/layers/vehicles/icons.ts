// The vehicle symbol: a navigation arrow pointing north (the layer rotates it by heading) in the
// colours of its cargo's GB 13392 / UN placard: explosives orange, flammable red, non-flammable gas
// green, toxic white, oxidizer yellow, water-reactive blue, corrosive white over black, class 9
// black-and-white stripes, radioactive yellow over white. A lost signal draws it grey and hollow.
import { hazardClassOf, hazardClassRgb } from '../../domain/vehicles.ts'

/** What decides a vehicle's icon: its class or division (placard), or 'stale' (signal lost). */
export type VehicleIconKey = string

const ARROW = 'M12 1.5 L21.5 22 L12 16.8 L2.5 22 Z'

const css = (c: readonly number[]) => `rgb(${c[0]},${c[1]},${c[2]})`

/** Light fills get a dark edge, dark fills a white one. */
function edgeOf(rgb: readonly number[]): string {
  const lum = 0.299 * rgb[0]! + 0.587 * rgb[1]! + 0.114 * rgb[2]!
  return lum > 150 ? '#1f2933' : '#ffffff'
}

/** The icon key of a vehicle: its hazard class code, or 'stale'. */
export function iconKeyOf(hazardClass: string, stale: boolean): VehicleIconKey {
  return stale ? 'stale' : hazardClass
}

/** The SVG of an icon key, `px` square (the map packs it; the legend shows it). */
export function vehicleSvg(key: VehicleIconKey, px = 24): string {
  const open = `<svg xmlns="http://www.w3.org/2000/svg" width="${px}" height="${px}" viewBox="0 0 24 24">`
  if (key === 'stale') {
    return `${open}<path d="${ARROW}" fill="rgba(150,150,150,0.55)" stroke="#5f6b76" stroke-width="1.6" stroke-dasharray="2.6 1.8" stroke-linejoin="round"/></svg>`
  }
  const cls = hazardClassOf(key)
  const clip = `<clipPath id="c"><path d="${ARROW}"/></clipPath>`
  if (cls === 8 || cls === 7) {
    // corrosive: white top, black bottom; radioactive: yellow top, white bottom
    const [top, bottom] = cls === 8 ? ['#ffffff', '#212121'] : ['#facc15', '#ffffff']
    return `${open}<defs>${clip}</defs><g clip-path="url(#c)"><rect x="0" y="0" width="24" height="13" fill="${top}"/><rect x="0" y="13" width="24" height="11" fill="${bottom}"/></g><path d="${ARROW}" fill="none" stroke="#1f2933" stroke-width="1.6" stroke-linejoin="round"/></svg>`
  }
  if (cls === 9) {
    const stripes = [0, 1, 2, 3, 4, 5].map((i) => `<rect x="${i * 4}" y="0" width="2" height="13" fill="#212121"/>`).join('')
    return `${open}<defs>${clip}</defs><g clip-path="url(#c)"><rect x="0" y="0" width="24" height="24" fill="#ffffff"/>${stripes}</g><path d="${ARROW}" fill="none" stroke="#1f2933" stroke-width="1.6" stroke-linejoin="round"/></svg>`
  }
  const rgb = hazardClassRgb(key)
  return `${open}<path d="${ARROW}" fill="${css(rgb)}" stroke="${edgeOf(rgb)}" stroke-width="1.8" stroke-linejoin="round"/></svg>`
}
