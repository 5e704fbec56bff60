// Hidden dangers: warning triangles coloured by status; overdue ones carry a thick red outline;
// major ones are larger. Icons come from the shared atlas; the code → icon lookup is a table.
import { IconLayer } from '@deck.gl/layers'
import { DANGER_ICON_BY_CODE, iconAtlas } from '../icons.ts'
import { logSizeTable, type AttributeStyle, type PointAttributes } from '../pointAttributes.ts'

const sizeScale = new Float32Array(256)
for (let c = 0; c < 256; c++) sizeScale[c] = (c & 16) === 0 ? 1.45 : 1 // bit 4 clear = major

// Icons carry their own colours; the RGBA here only sets opacity: closed and rejected dangers
// (history) are drawn faint so the open ones stand out.
const opacity = new Uint8Array(256 * 4).fill(255)
for (let c = 0; c < 256; c++) if ((c & 7) === 4 || (c & 7) === 5) opacity[c * 4 + 3] = 110

export const DANGER_STYLE: AttributeStyle = {
  colourByCode: opacity,
  sizeByCount: logSizeTable(17, 2.2, 30),
  sizeScaleByCode: sizeScale,
}

export function hiddenDangersLayer(id: string, a: PointAttributes, visible: boolean, scale = 1): IconLayer {
  const atlas = iconAtlas()
  const codes = a.codes
  return new IconLayer({
    id,
    visible,
    sizeScale: Math.min(1.2, scale),
    data: {
      length: a.length,
      attributes: {
        getPosition: { value: a.positions, size: 2 },
        getSize: { value: a.sizes, size: 1 },
        getColor: { value: a.colours, size: 4, normalized: true },
      },
    },
    iconAtlas: atlas.url,
    iconMapping: atlas.mapping,
    getIcon: (_: unknown, info: { index: number }) => DANGER_ICON_BY_CODE[codes[info.index]!]!,
    updateTriggers: { getIcon: codes },
    sizeUnits: 'pixels',
    alphaCutoff: 0.02,
    pickable: false,
    parameters: { depthWriteEnabled: false },
  })
}
