// Text on the map is drawn by deck.gl's TextLayer from the browser's own fonts: no glyph server.
export const CJK_FONT_FAMILY = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC", sans-serif'

type Rgba = [number, number, number, number]

/** The font every map label shares: CJK first, bold, an SDF atlas that stays sharp at any size
 *  and leaves room for the halo; the characters are taken from the labels themselves. */
export const LABEL_FONT: { fontFamily: string; fontWeight: number; characterSet: 'auto'; fontSettings: { sdf: boolean; fontSize: number; buffer: number } } = {
  fontFamily: CJK_FONT_FAMILY,
  fontWeight: 700,
  characterSet: 'auto',
  fontSettings: { sdf: true, fontSize: 48, buffer: 6 },
}

/** A label's ink and halo: white on the wall's dark map, near-black on a light one. */
export function labelInk(dark: boolean): { getColor: Rgba; outlineWidth: number; outlineColor: Rgba } {
  return {
    getColor: dark ? [255, 255, 255, 255] : [33, 33, 33, 255],
    outlineWidth: 4,
    outlineColor: dark ? [5, 11, 22, 240] : [255, 255, 255, 240],
  }
}
