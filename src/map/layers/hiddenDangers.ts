// Hidden dangers: warning triangles coloured by status; overdue ones carry a thick red outline;
// major ones are larger. Icons come from the shared atlas; the code → icon lookup is a table.
import { IconLayer } from '@deck.gl/layers'
import { DANGER_ICON_BY_CODE, iconAtlas } from '../icons.ts'
import { decodeDangerCode, tableByCode } from '../../contract/points.ts'
import { logSizeTable, type AttributeStyle, type PointAttributes } from '../pointAttributes.ts'

const codes = tableByCode(decodeDangerCode)
// major dangers are drawn larger
const sizeScale = Float32Array.from(codes, (d) => (d.major ? 1.45 : 1))

// Icons carry their own colours; the RGBA here only sets opacity: closed and rejected dangers
// (history) are drawn faint so the open ones stand out.
const opacity = new Uint8Array(256 * 4).fill(255)
codes.forEach((d, c) => {
  if (d.status && !d.status.open) opacity[c * 4 + 3] = 110
})

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
